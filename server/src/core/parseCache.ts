// Parse trees of imported files, kept between analyses: a file's tree is reused while its text is
// unchanged. The trees are built lazily (parsePythonLazy): each holds tree-sitter's native tree, in
// memory the garbage collector does not see, so re-parsing every import at every analysis let `check`
// and the server grow; this cache bounds them (least recently used first out, by total source size).
// A tree takes about 45 bytes of native memory per source character. The cap must hold what one
// analysis imports: `import torchvision` reads 1.8 M characters, and a smaller cap evicted every tree
// before its next use (least recently used order on a repeated scan), so each analysis re-parsed all
// of torchvision (260 ms instead of 35 ms, and 430-520 MB of RSS instead of 210 MB in-process).

import { parsePythonLazy } from "./parse";
import type { Tree } from "./parse";

const MAX_CACHED_CHARS = 4 * 1024 * 1024;

interface Entry {
  text: string;
  tree: Tree;
}

const cache = new Map<string, Entry>();
let cachedChars = 0;
let parses = 0;

/** How many imported files were parsed (not found in the cache) since the process started: for tests. */
export function importedParses(): number {
  return parses;
}

/** The tree of `text`, the cached one when `file` was parsed with the same text before. */
export function parseImported(file: string, text: string): Tree {
  const hit = cache.get(file);
  if (hit && hit.text === text) {
    cache.delete(file);
    cache.set(file, hit);
    return hit.tree;
  }
  if (hit) {
    cache.delete(file);
    cachedChars -= hit.text.length;
  }
  const tree = parsePythonLazy(text);
  parses++;
  if (text.length <= MAX_CACHED_CHARS / 4) {
    cache.set(file, { text, tree });
    cachedChars += text.length;
    for (const [key, old] of cache) {
      if (cachedChars <= MAX_CACHED_CHARS) break;
      cache.delete(key);
      cachedChars -= old.text.length;
    }
  }
  return tree;
}
