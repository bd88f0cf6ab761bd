// The engine's syntax tree (server/src/core/syntax.ts) against tree-sitter's own nodes: every node's
// type, flags, offsets, positions, text, children and fields must be the same, on the repository's
// Python files, broken mutations of them (ERROR and MISSING nodes), non-ASCII text and CR / CRLF ends.

import * as assert from "node:assert/strict";
import * as fs from "fs";
import * as path from "path";
import type TreeSitter = require("tree-sitter");
import { parseNative, parsePython, parsePythonLazy } from "../../server/src/core/parse";
import { deserializeTree, forEachNode, serializeTree, SyntaxNode } from "../../server/src/core/syntax";

const root = path.resolve(__dirname, "../../..");

function pythonFiles(dir: string, out: string[] = []): string[] {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) pythonFiles(p, out);
    else if (e.name.endsWith(".py")) out.push(p);
  }
  return out;
}

/** The field names of each node type of the Python grammar. */
function fieldNames(): Map<string, string[]> {
  const info = (require("tree-sitter-python") as TreeSitter.Language).nodeTypeInfo;
  const out = new Map<string, string[]>();
  for (const t of info) if ("fields" in t) out.set(t.type, Object.keys(t.fields ?? {}));
  return out;
}

const FIELDS = fieldNames();

function where(n: TreeSitter.SyntaxNode): string {
  return `${n.type} at ${n.startIndex}`;
}

function same(mine: SyntaxNode | null, theirs: TreeSitter.SyntaxNode | null, what: string): void {
  assert.equal(mine === null, theirs === null, what);
  if (mine && theirs) {
    assert.equal(mine.type, theirs.type, what);
    assert.equal(mine.startIndex, theirs.startIndex, what);
    assert.equal(mine.endIndex, theirs.endIndex, what);
  }
}

/** Compares two trees node by node (an explicit stack: some fixtures nest deeper than the call stack allows). */
function compare(mineRoot: SyntaxNode, theirsRoot: TreeSitter.SyntaxNode): number {
  assert.equal(mineRoot.hasError, theirsRoot.hasError, "hasError of the root");
  const stack: [SyntaxNode, TreeSitter.SyntaxNode][] = [[mineRoot, theirsRoot]];
  let count = 0;
  while (stack.length) {
    const [mine, theirs] = stack.pop()!;
    count++;
    const at = where(theirs);
    same(mine, theirs, at);
    assert.equal(mine.isNamed, theirs.isNamed, `isNamed of ${at}`);
    assert.equal(mine.isMissing, theirs.isMissing, `isMissing of ${at}`);
    // Below the root, a MISSING node of a hidden type is not counted (it is in no node's children).
    if (mine.hasError || !theirs.hasError || mine === mineRoot) assert.equal(mine.hasError, theirs.hasError, `hasError of ${at}`);
    assert.deepEqual(mine.startPosition, theirs.startPosition, `startPosition of ${at}`);
    assert.deepEqual(mine.endPosition, theirs.endPosition, `endPosition of ${at}`);
    assert.equal(mine.text, theirs.text, `text of ${at}`);
    assert.equal(mine.childCount, theirs.childCount, `childCount of ${at}`);
    assert.equal(mine.namedChildCount, theirs.namedChildCount, `namedChildCount of ${at}`);
    for (let i = 0; i < theirs.childCount; i++) {
      assert.equal(mine.fieldNameForChild(i), theirs.fieldNameForChild(i) ?? null, `field of child ${i} of ${at}`);
    }
    if (theirs.childCount) {
      const fields = new Set([...(FIELDS.get(mine.type) ?? []), ...mine.children.flatMap((c) => (c.field ? [c.field] : []))]);
      for (const f of fields) {
        same(mine.childForFieldName(f), theirs.childForFieldName(f), `${f} of ${at}`);
        assert.equal(mine.childrenForFieldName(f).length, theirs.childrenForFieldName(f).length, `${f}s of ${at}`);
      }
    }
    const theirChildren = theirs.children;
    mine.children.forEach((c, i) => {
      assert.equal(c.parent, mine, `parent of child ${i} of ${at}`);
      stack.push([c, theirChildren[i]]);
    });
  }
  return count;
}

/**
 * tree-sitter's S-expression without what no node's children show: MISSING nodes of hidden types (the
 * `_newline` ending a statement) and the character an ERROR leaf stands for.
 */
function nativeString(n: TreeSitter.SyntaxNode): string {
  return n
    .toString()
    .replace(/ \(MISSING _\w+\)/g, "")
    .replace(/\(UNEXPECTED [^)]*\)/g, "(ERROR)");
}

/** A deterministic pseudo-random generator (xorshift), for reproducible mutations and probe points. */
function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 2 ** 32;
  };
}

function check(text: string, probes = 20, seed = 1): number {
  const { native, tree } = parseNative(text);
  assert.ok(native, "tree-sitter stopped parsing");
  const count = compare(tree.rootNode, native.rootNode);
  // The lazily built tree, asked for its error flags first (before any children are read) on every second text.
  const lazy = parsePythonLazy(text);
  if (seed % 2) forEachNode(lazy.rootNode, (n) => void n.hasError);
  assert.equal(compare(lazy.rootNode, native.rootNode), count);
  assert.equal(lazy.rootNode.toString(), tree.rootNode.toString());
  assert.equal(tree.rootNode.toString(), nativeString(native.rootNode));
  const rand = rng(seed);
  const rows = text.split("\n").length;
  for (let i = 0; i < probes; i++) {
    const a = { row: Math.floor(rand() * (rows + 1)), column: Math.floor(rand() * 90) };
    const b = rand() < 0.5 ? a : { row: a.row + 1 + Math.floor(rand() * 3), column: Math.floor(rand() * 90) };
    same(
      tree.rootNode.descendantForPosition(a, b),
      native.rootNode.descendantForPosition(a, b),
      `descendantForPosition ${JSON.stringify([a, b])}`,
    );
  }
  for (const types of [["call"], ["assignment", "augmented_assignment", "call"], ["function_definition"]]) {
    const mineFound = tree.rootNode.descendantsOfType(types);
    const theirsFound = native.rootNode.descendantsOfType(types);
    assert.equal(mineFound.length, theirsFound.length, `descendantsOfType ${types.join()}`);
    mineFound.forEach((n, i) => same(n, theirsFound[i], `descendantsOfType ${types.join()} #${i}`));
  }
  return count;
}

/** Broken variants of a source: a line cut short, a bracket dropped, a line indented, a stray character. */
function mutations(text: string, seed: number, n: number): string[] {
  const rand = rng(seed);
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const at = Math.floor(rand() * text.length);
    const kind = Math.floor(rand() * 4);
    if (kind === 0) out.push(text.slice(0, at) + text.slice(text.indexOf("\n", at) + 1 || text.length));
    else if (kind === 1) out.push(text.replace(/[()[\]]/, ""));
    else if (kind === 2) out.push(text.slice(0, at) + "\n   " + text.slice(at));
    else out.push(text.slice(0, at) + "$" + text.slice(at));
  }
  return out;
}

describe("syntax tree: the engine's own nodes match tree-sitter's", () => {
  const files = [...pythonFiles(path.join(root, "examples")), ...pythonFiles(path.join(root, "test/fixtures"))];

  it("on every Python file of the repository", () => {
    let nodes = 0;
    // The biggest fuzz fixtures add time, not cases.
    for (const f of files) if (fs.statSync(f).size < 40_000) nodes += check(fs.readFileSync(f, "utf8"));
    assert.ok(files.length > 20 && nodes > 10_000, `${files.length} files, ${nodes} nodes`);
  });

  it("on broken code: ERROR and MISSING nodes, hasError", () => {
    let missing = 0;
    let errors = 0;
    const small = files.map((f) => fs.readFileSync(f, "utf8")).filter((t) => t.length < 6000);
    small.slice(0, 25).forEach((source, i) => {
      for (const text of mutations(source, i + 7, 3)) {
        check(text, 5, i);
        const t = parsePython(text);
        if (t.rootNode.hasError) errors++;
        if (t.rootNode.toString().includes("MISSING")) missing++;
      }
    });
    for (const text of ["def f(:\n  pass\n", "x = (1, 2\ny = 3\n", "class A\n    x = [1,\n", "print(f'{x'\n", "if x:\nreturn\n"]) {
      check(text);
      if (parsePython(text).rootNode.toString().includes("MISSING")) missing++;
    }
    assert.ok(errors > 20 && missing > 0, `${errors} broken trees, ${missing} with MISSING nodes`);
  });

  it("counts offsets and columns in UTF-16 code units, as the editor does", () => {
    const text = "é = 'ü😀'\nx = f(é)  # 😀 ünïcödé\ny = torch.zeros(2, 3)  # 日本語\n😀😀 = 1\n";
    check(text, 60);
    const tree = parsePython(text);
    const y = tree.rootNode.namedChildren.find((n) => n.text.startsWith("y ="));
    assert.deepEqual(y?.startPosition, { row: 2, column: 0 });
    assert.deepEqual(y?.endPosition, { row: 2, column: 21 });
    const comment = tree.rootNode.namedChildren.find((n) => n.type === "comment" && n.text.includes("ünïcödé"));
    assert.deepEqual(comment?.startPosition, { row: 1, column: 10 });
    assert.deepEqual(comment?.endPosition, { row: 1, column: 22 });
  });

  it("keeps the editor's rows and columns with CRLF and lone CR line ends", () => {
    check("import torch\r\nx = torch.zeros(2)\r\ny = x + 1\r\n", 40);
    check("import torch\rx = torch.zeros(2)\ry = x + 1\r", 40);
    const tree = parsePython("a = 1\rb = 2\r\nc = 3\n");
    assert.deepEqual(
      tree.rootNode.namedChildren.map((n) => [n.startPosition.row, n.startPosition.column, n.startIndex]),
      [
        [0, 0, 0],
        [1, 0, 6],
        [2, 0, 13],
      ],
    );
    assert.equal(tree.rootNode.namedChildren[0].text, "a = 1");
  });

  it("an empty file and a file without a final newline", () => {
    check("");
    check("x = 1");
    check("\n\n\n");
  });

  it("walks deep nesting without recursion", () => {
    const text = `x = ${"[".repeat(20_000)}1${"]".repeat(20_000)}\n`;
    const tree = parsePython(text);
    assert.equal(tree.rootNode.descendantsOfType("list").length, 20_000);
    const again = deserializeTree(text, serializeTree(tree));
    assert.equal(again?.rootNode.toString(), tree.rootNode.toString());
  });

  it("survives a serialization round trip unchanged", () => {
    const text = fs.readFileSync(files[0], "utf8") + "\nx = (1,\n";
    const tree = parsePython(text);
    const again = deserializeTree(text, JSON.parse(JSON.stringify(serializeTree(tree))));
    if (!again) throw new Error("the serialized tree was refused");
    assert.equal(deserializeTree(text.replace("x", "y"), serializeTree(tree)), undefined);
    assert.equal(again.rootNode.toString(), tree.rootNode.toString());
    const flat = (n: SyntaxNode): string[] => [
      `${n.type}:${n.field}:${n.startIndex}-${n.endIndex}:${n.isNamed}:${n.isMissing}:${n.hasError}`,
      ...n.children.flatMap(flat),
    ];
    assert.deepEqual(flat(again.rootNode), flat(tree.rootNode));
  });
});
