// Python parsing with tree-sitter (N-API prebuilds). One parser per process; callers may pass the
// previous tree (after tree.edit) so that re-parsing after a keystroke is incremental. The native
// addon is loaded on first use, so a process that cannot load it still starts and can say why.

// eslint-disable-next-line @typescript-eslint/no-require-imports -- types only: erased at compile time.
import type TreeSitter = require("tree-sitter");

export type SyntaxNode = TreeSitter.SyntaxNode;
export type Tree = TreeSitter.Tree;
export type Edit = TreeSitter.Edit;

let parser: TreeSitter | undefined;

function getParser(): TreeSitter {
  if (!parser) {
    // The native addon is loaded lazily, on the first parse, so that a process that cannot load it
    // still starts and can say why; this is the core's only inline require.
    /* eslint-disable @typescript-eslint/no-require-imports */
    const Parser = require("tree-sitter") as typeof TreeSitter;
    const Python = require("tree-sitter-python") as TreeSitter.Language;
    /* eslint-enable @typescript-eslint/no-require-imports */
    parser = new Parser();
    parser.setLanguage(Python);
  }
  return parser;
}

/** Parses Python source; tree-sitter always returns a tree, with ERROR nodes where code is broken. */
export function parsePython(text: string, oldTree?: Tree): Tree {
  // tree-sitter's default input callback reads at most 32 KiB chunks; a callback handles any size.
  // A lone CR ends a line in Python (old Mac files); tree-sitter only knows LF and CRLF. Same length,
  // so every offset and position stays the editor's.
  const source = text.includes("\r") ? text.replace(/\r(?!\n)/g, "\n") : text;
  const p = getParser();
  return p.parse((index: number) => source.slice(index, index + 16384), oldTree);
}

/** Nodes tree-sitter may put anywhere between an expression's parts: comments and `\` line continuations. */
export function isExtra(node: SyntaxNode): boolean {
  return node.type === "comment" || node.type === "line_continuation";
}
