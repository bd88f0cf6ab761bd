// The engine's only door to other files: an interface its host (CLI, language server, tests)
// implements. The core never touches `fs` itself; it also applies the path rules that need no disk
// (imports stay inside the roots) so that a host's checks are a second fence, not the only one.

import * as path from "path";

export interface FileAccess {
  /**
   * Text of a file, or undefined when it is missing or may not be read: outside the allowed
   * folders (after resolving symlinks), not a regular file, or larger than the size cap.
   */
  read(file: string): string | undefined;
  /** Whether `read(file)` would succeed, without reading it. */
  exists(file: string): boolean;
}

/** Where imports may be looked for; every folder is absolute. */
export interface SearchRoots {
  /** Workspace folders: relative imports never climb above the one holding the importing file. */
  roots: readonly string[];
  /** Extra folders for absolute imports of any package (SHAPELENS_PYTHONPATH). */
  searchPaths: readonly string[];
  /** Folders read only for the model libraries the engine reads on purpose (torchvision). */
  libraryPaths: readonly string[];
}

export const NO_FILES: FileAccess = { read: () => undefined, exists: () => false };

/** Whether `file` is `dir` itself or lies below it (purely lexical: both must be absolute). */
export function isInside(dir: string, file: string): boolean {
  const rel = path.relative(dir, file);
  return rel === "" || (!rel.startsWith("..") && !path.isAbsolute(rel));
}

/** The innermost allowed folder holding `file`, if any. */
export function containingRoot(search: SearchRoots, file: string): string | undefined {
  let best: string | undefined;
  for (const dir of [...search.roots, ...search.searchPaths, ...search.libraryPaths]) {
    if (isInside(dir, file) && (!best || dir.length > best.length)) best = dir;
  }
  return best;
}

/** A file system held in memory (tests, editors' unsaved buffers): paths are compared as given. */
export function inMemoryFiles(files: Record<string, string>): FileAccess {
  const table = new Map(Object.entries(files).map(([k, v]) => [path.resolve(k), v]));
  return {
    read: (file) => table.get(path.resolve(file)),
    exists: (file) => table.has(path.resolve(file)),
  };
}
