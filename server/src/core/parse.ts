// Python parsing with tree-sitter (N-API prebuilds). One parser per process; callers may pass the
// previous tree (after tree.edit) so that re-parsing after a keystroke is incremental.

import Parser = require("tree-sitter");
 
const Python = require("tree-sitter-python");

export type SyntaxNode = Parser.SyntaxNode;
export type Tree = Parser.Tree;
export type Edit = Parser.Edit;

let parser: Parser | undefined;

function getParser(): Parser {
  if (!parser) {
    parser = new Parser();
    parser.setLanguage(Python);
  }
  return parser;
}

/** Parses Python source; tree-sitter always returns a tree, with ERROR nodes where code is broken. */
export function parsePython(text: string, oldTree?: Tree): Tree {
  // tree-sitter's default input callback reads at most 32 KiB chunks; a callback handles any size.
  const p = getParser();
  return p.parse((index: number) => text.slice(index, index + 16384), oldTree);
}
