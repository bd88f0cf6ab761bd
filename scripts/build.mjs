// Bundles the CLI, the language server and the VS Code client with esbuild into dist/.
// tree-sitter's native addons stay external: they are loaded from node_modules at run time.
import { build } from "esbuild";
import { chmodSync } from "node:fs";

const common = {
  bundle: true,
  platform: "node",
  target: "node20",
  format: "cjs",
  sourcemap: true,
  external: ["tree-sitter", "tree-sitter-python", "vscode"],
  logLevel: "warning",
};

const entries = [
  { in: "server/src/cli.ts", out: "dist/cli.js", bin: true },
  { in: "server/src/server.ts", out: "dist/server.js", bin: true, optional: true },
  { in: "client/src/extension.ts", out: "dist/extension.js", optional: true },
];

import { existsSync } from "node:fs";
for (const e of entries) {
  if (!existsSync(e.in)) {
    if (e.optional) continue;
    throw new Error(`build: missing entry ${e.in}`);
  }
  await build({ ...common, entryPoints: [e.in], outfile: e.out, banner: e.bin ? { js: "#!/usr/bin/env node" } : undefined });
  if (e.bin) chmodSync(e.out, 0o755);
}
