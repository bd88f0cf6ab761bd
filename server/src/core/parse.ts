// Python parsing with tree-sitter (N-API prebuilds). One parser per process; callers may pass the
// previous native tree (after tree.edit) so that re-parsing after a keystroke is incremental. The native
// tree is converted at once into the engine's own tree (syntax.ts), which is all the engine reads. The
// native addon is loaded on first use, so a process that cannot load it still starts and can say why.

// eslint-disable-next-line @typescript-eslint/no-require-imports -- types only: erased at compile time.
import type TreeSitter = require("tree-sitter");
import { SyntaxNode, SyntaxTree, TreeBuilder } from "./syntax";

export { SyntaxNode, SyntaxTree };
export type { Point } from "./syntax";
export type Tree = SyntaxTree;
/** tree-sitter's own tree, kept only by the server for incremental re-parsing. */
export type NativeTree = TreeSitter.Tree;
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

/** The text tree-sitter is given: a lone CR ends a line in Python (old Mac files); tree-sitter only knows LF and CRLF. */
function parserSource(text: string): string {
  // Same length, so every offset and position stays the editor's.
  return text.includes("\r") ? text.replace(/\r(?!\n)/g, "\n") : text;
}

/**
 * Longest one parse may take. tree-sitter's error recovery is superlinear on some broken inputs (a
 * syntax error before an 80,000-character `x + x + …` line took it 5 s); past this it stops, and the
 * file gets an empty tree marked `parseStopped`. Whole files of ordinary code parse in under 50 ms.
 */
export const MAX_PARSE_MILLIS = 1000;

/** When the running parse must stop (read by the one progress callback). */
let parseDeadline = 0;
/**
 * One options object for every parse: node-tree-sitter keeps each progress callback it is given alive,
 * so a new closure per parse grew the heap by about 3 KB a parse (a keystroke).
 */
const PARSE_OPTIONS = { progressCallback: () => Date.now() > parseDeadline };

/** tree-sitter's tree of `source`, or undefined when parsing took longer than MAX_PARSE_MILLIS. */
function parseWithin(source: string, oldTree?: NativeTree): NativeTree | undefined {
  const p = getParser();
  parseDeadline = Date.now() + MAX_PARSE_MILLIS;
  // tree-sitter's default input callback reads at most 32 KiB chunks; a callback handles any size.
  const native: NativeTree | null = p.parse((index: number) => source.slice(index, index + 16384), oldTree, PARSE_OPTIONS);
  if (native) return native;
  // A halted parser resumes where it stopped unless reset.
  p.reset();
  return undefined;
}

/** The tree of a file tree-sitter gave up on: an empty module that says so. */
function stoppedTree(source: string): SyntaxTree {
  const tree = new SyntaxTree(source);
  tree.parseStopped = true;
  tree.rootNode.hasError = true;
  return tree;
}

/** Parses Python source; tree-sitter returns a tree with ERROR nodes where code is broken. */
export function parsePython(text: string): SyntaxTree {
  return parseNative(text).tree;
}

/**
 * Parses with tree-sitter (incrementally when `oldTree` is the edited previous tree) and converts: the
 * native tree is returned for the next incremental parse only (none when the parse was stopped).
 */
export function parseNative(text: string, oldTree?: NativeTree): { native: NativeTree | undefined; tree: SyntaxTree } {
  const source = parserSource(text);
  const native = parseWithin(source, oldTree);
  return { native, tree: native ? convert(native, source) : stoppedTree(source) };
}

/**
 * Parses, converting the bodies of functions only when first read: for imported files, most of whose
 * functions are never called. The native tree lives as long as the returned tree, which must therefore
 * never be edited (the server's documents use parseNative).
 */
export function parsePythonLazy(text: string): SyntaxTree {
  const source = parserSource(text);
  const native = parseWithin(source);
  if (!native) return stoppedTree(source);
  const tree = new SyntaxTree(source);
  const errors = native.rootNode.hasError ? "lazy" : "none";
  const c = native.walk();
  // The module node starts at the first token, not at 0.
  tree.rootNode = new SyntaxNode(tree, c.nodeType, c.nodeIsNamed, false, null, c.startIndex, c.endIndex);
  tree.rootNode.makeLazy(0);
  tree.rootNode.hasError = errors === "lazy";
  tree.childrenSource = (parent) => {
    c.gotoDescendant(parent.lazyIndex);
    const b = new TreeBuilder(tree, errors);
    b.adopt(parent);
    if (c.gotoFirstChild()) {
      let depth = 1;
      walk: for (;;) {
        const node = openCurrent(b, c);
        if (node.field === "body" && node.parent?.type === "function_definition") b.closeLazy(c.currentDescendantIndex);
        else if (c.gotoFirstChild()) {
          depth++;
          continue;
        } else b.close();
        while (!c.gotoNextSibling()) {
          c.gotoParent();
          if (--depth === 0) break walk;
          b.close();
        }
      }
    }
    b.close();
    return parent.children;
  };
  return tree;
}

// Node types and field names by tree-sitter id, filled as met: numbers cross the native boundary
// cheaper than strings. A type id determines the type name and whether it is named.
const typeNames: string[] = [];
const typeNamed: boolean[] = [];
const fieldNames: string[] = [];

/** Opens a node for the cursor's current node. */
function openCurrent(b: TreeBuilder, c: TreeSitter.TreeCursor): SyntaxNode {
  const typeId = c.nodeTypeId;
  let type = typeNames[typeId];
  if (type === undefined) {
    type = typeNames[typeId] = c.nodeType;
    typeNamed[typeId] = c.nodeIsNamed;
  }
  const fieldId = c.currentFieldId;
  let field: string | null = null;
  if (fieldId) {
    field = fieldNames[fieldId];
    if (field === undefined) field = fieldNames[fieldId] = c.currentFieldName;
  }
  const start = c.startIndex;
  const end = c.endIndex;
  // Only an empty node can be a MISSING one.
  return b.open(type, typeNamed[typeId], start === end && c.nodeIsMissing, field, start, end);
}

/** One preorder cursor walk over the native tree. */
function convert(native: NativeTree, source: string): SyntaxTree {
  const b = new TreeBuilder(source);
  const c = native.walk();
  for (;;) {
    openCurrent(b, c);
    if (c.gotoFirstChild()) continue;
    b.close();
    while (!c.gotoNextSibling()) {
      if (!c.gotoParent()) {
        const tree = b.finish();
        // A MISSING node of a hidden type (the `_newline` ending a statement) is in no node's children
        // but is an error all the same.
        tree.rootNode.hasError = native.rootNode.hasError;
        return tree;
      }
      b.close();
    }
  }
}

/** Nodes tree-sitter may put anywhere between an expression's parts: comments and `\` line continuations. */
export function isExtra(node: SyntaxNode): boolean {
  return node.type === "comment" || node.type === "line_continuation";
}
