// Loads tree-sitter's native addon before anything else needs it. Upstream's linux-x64 prebuild needs a
// recent libstdc++ (GLIBCXX_3.4.31, GCC 13); on older systems (Debian 12, Ubuntu 22.04) loading it fails.
// The build then ships a copy compiled on the build machine (dist/native/tree-sitter-<platform>-<arch>),
// which node-gyp-build is pointed at through TREE_SITTER_PREBUILD when the prebuild cannot be opened.

import { existsSync } from "node:fs";
import * as path from "node:path";

function loadTreeSitter(): void {
  try {
    require("tree-sitter");
    return;
  } catch (err) {
    const compat = path.join(__dirname, "native", `tree-sitter-${process.platform}-${process.arch}`);
    if (!existsSync(compat) || process.env.TREE_SITTER_PREBUILD) throw err;
    // A failed require is not cached, so the retry runs tree-sitter's index.js again.
    process.env.TREE_SITTER_PREBUILD = compat;
    require("tree-sitter");
  }
}

loadTreeSitter();
