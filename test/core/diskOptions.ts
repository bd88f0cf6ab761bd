// Analysis options that let a test read files from disk like the CLI does: the host's checked file
// access, rooted at the given folder, with extra search paths (e.g. the extracted torchvision).

import * as path from "node:path";
import type { AnalyzeOptions } from "../../server/src/core/api";
import { hostFileAccess } from "../../server/src/hostFiles";

export function diskOptions(root: string, searchPaths: string[] = []): AnalyzeOptions {
  const search = { roots: [path.resolve(root)], searchPaths, libraryPaths: [] };
  return { ...search, files: hostFileAccess(search) };
}
