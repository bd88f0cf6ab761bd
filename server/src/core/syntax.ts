// The engine's own syntax tree: plain objects built once per parse from tree-sitter's tree (one cursor
// walk, see parse.ts) or from a serialized tree (the bundled prelude), so evaluation never calls into
// the native addon. Nodes keep tree-sitter's accessor names and offset semantics (UTF-16 code units for
// indices and columns, rows counted at LF) so that code written against tree-sitter reads them unchanged.

export interface Point {
  row: number;
  column: number;
}

/** The children of every leaf (frozen: one array shared by all). */
export const NO_CHILDREN: readonly SyntaxNode[] = Object.freeze([]);

function comparePoints(a: Point, b: Point): number {
  return a.row - b.row || a.column - b.column;
}

const NAMED = 1;
const MISSING = 2;
const HAS_ERROR = 4;

const ERROR_KNOWN = 8;

/**
 * Makes the children of a node of a lazily built tree (parse.ts: the native tree stays behind it), each
 * with its `parent` set.
 */
export type ChildrenSource = (node: SyntaxNode) => readonly SyntaxNode[];

export class SyntaxNode {
  parent: SyntaxNode | null = null;
  /** Undefined until asked for in a lazily built tree. */
  private kids: readonly SyntaxNode[] | undefined = NO_CHILDREN;
  private named: readonly SyntaxNode[] | undefined = undefined;
  /** NAMED | MISSING | HAS_ERROR | ERROR_KNOWN, in one field: a big file has hundreds of thousands of nodes. */
  private flags: number;
  /** In a lazily built tree, the node's index in the native tree's preorder (what its children source reads). */
  lazyIndex = -1;

  constructor(
    readonly tree: SyntaxTree,
    readonly type: string,
    isNamed: boolean,
    isMissing: boolean,
    /** The field name this node has in its parent (`function` of a call, ...), or null. */
    readonly field: string | null,
    readonly startIndex: number,
    readonly endIndex: number,
  ) {
    this.flags = (isNamed ? NAMED : 0) | (isMissing ? MISSING : 0) | ERROR_KNOWN;
  }

  get children(): readonly SyntaxNode[] {
    return this.kids ?? this.expand();
  }

  set children(value: readonly SyntaxNode[]) {
    this.kids = value;
  }

  /** Marks a node of a lazily built tree as one whose children are read when first asked for. */
  makeLazy(index: number): void {
    this.lazyIndex = index;
    this.kids = undefined;
    this.forgetError();
  }

  /** Leaves the error flag to be computed when asked for (lazily built trees with errors). */
  forgetError(): void {
    this.flags &= ~ERROR_KNOWN;
  }

  private expand(): readonly SyntaxNode[] {
    const source = this.tree.childrenSource;
    if (!source) throw new Error("syntax tree: a lazy node without a children source");
    const kids = source(this);
    this.kids = kids;
    return kids;
  }

  get isNamed(): boolean {
    return (this.flags & NAMED) !== 0;
  }

  get isMissing(): boolean {
    return (this.flags & MISSING) !== 0;
  }

  /**
   * Whether this node or a descendant is an ERROR or MISSING node, as tree-sitter's. Below the root, a
   * MISSING node of a hidden type (the `_newline` ending a statement), in no node's children, is not
   * counted: only the root's flag is tree-sitter's own.
   */
  get hasError(): boolean {
    if ((this.flags & ERROR_KNOWN) === 0) computeErrors(this);
    return (this.flags & HAS_ERROR) !== 0;
  }

  set hasError(value: boolean) {
    this.flags = (value ? this.flags | HAS_ERROR : this.flags & ~HAS_ERROR) | ERROR_KNOWN;
  }

  /** Whether hasError is known without reading the children (always, but in lazily built trees). */
  get errorKnown(): boolean {
    return (this.flags & ERROR_KNOWN) !== 0;
  }

  get text(): string {
    return this.tree.source.slice(this.startIndex, this.endIndex);
  }

  get startPosition(): Point {
    return this.tree.positionAt(this.startIndex);
  }

  get endPosition(): Point {
    return this.tree.positionAt(this.endIndex);
  }

  get namedChildren(): readonly SyntaxNode[] {
    if (this.named === undefined) {
      const all = this.children;
      let allNamed = true;
      for (const c of all) allNamed &&= c.isNamed;
      this.named = allNamed ? all : all.filter((c) => c.isNamed);
    }
    return this.named;
  }

  get childCount(): number {
    return this.children.length;
  }

  get namedChildCount(): number {
    return this.namedChildren.length;
  }

  get firstChild(): SyntaxNode | null {
    return this.children[0] ?? null;
  }

  get isError(): boolean {
    return this.type === "ERROR";
  }

  child(index: number): SyntaxNode | null {
    return this.children[index] ?? null;
  }

  namedChild(index: number): SyntaxNode | null {
    return this.namedChildren[index] ?? null;
  }

  /** The first child with this field name, as tree-sitter's. */
  childForFieldName(name: string): SyntaxNode | null {
    for (const c of this.children) if (c.field === name) return c;
    return null;
  }

  childrenForFieldName(name: string): SyntaxNode[] {
    return this.children.filter((c) => c.field === name);
  }

  fieldNameForChild(index: number): string | null {
    return this.children[index]?.field ?? null;
  }

  /** This node and its descendants of the given types, in source order (this node first), as tree-sitter's. */
  descendantsOfType(types: string | readonly string[]): SyntaxNode[] {
    const wanted = typeof types === "string" ? [types] : types;
    const out: SyntaxNode[] = [];
    forEachNode(this, (n) => {
      if (wanted.includes(n.type)) out.push(n);
    });
    return out;
  }

  /** The smallest node (named or not) spanning start..end, by tree-sitter's rules (descendant_for_point_range). */
  descendantForPosition(start: Point, end: Point = start): SyntaxNode {
    return descendantForRange(this, start, end);
  }

  /** tree-sitter's S-expression of the node: named nodes, field names and MISSING nodes of visible types. */
  toString(): string {
    const parts: string[] = [];
    const stack: (SyntaxNode | ")")[] = [this];
    while (stack.length) {
      const n = stack.pop()!;
      if (n === ")") {
        parts.push(")");
        continue;
      }
      if (!n.isNamed && !n.isMissing) continue;
      if (parts.length) parts.push(" ");
      if (n.field && n !== this) parts.push(n.field, ": ");
      parts.push("(", n.isMissing ? (n.isNamed ? `MISSING ${n.type}` : `MISSING ${JSON.stringify(n.type)}`) : n.type);
      stack.push(")");
      for (let i = n.children.length - 1; i >= 0; i--) stack.push(n.children[i]);
    }
    return parts.join("");
  }
}

/** The error flag of a node, as TreeBuilder.close sets it: an ERROR node with children, a MISSING node, or one below. */
function ownError(n: SyntaxNode, children: readonly SyntaxNode[]): boolean {
  return n.isMissing || (n.type === "ERROR" && children.length > 0);
}

/** Sets the error flags of a lazily built subtree, bottom up (an explicit stack: nesting depth cannot overflow). */
function computeErrors(root: SyntaxNode): void {
  const stack: [SyntaxNode, boolean][] = [[root, false]];
  while (stack.length) {
    const [n, childrenDone] = stack.pop()!;
    if (n.errorKnown) continue;
    const children = n.children;
    if (childrenDone) {
      n.hasError = ownError(n, children) || children.some((c) => c.hasError);
      continue;
    }
    stack.push([n, true]);
    for (const c of children) if (!c.errorKnown) stack.push([c, false]);
  }
}

/** descendantForPosition's walk, from `root` down. */
function descendantForRange(root: SyntaxNode, start: Point, end: Point): SyntaxNode {
  let node = root;
  for (let descended = true; descended;) {
    descended = false;
    for (const c of node.children) {
      const cEnd = c.endPosition;
      if (comparePoints(cEnd, end) < 0) continue;
      const cStart = c.startPosition;
      const empty = comparePoints(cStart, cEnd) === 0;
      if (empty ? comparePoints(cEnd, start) < 0 : comparePoints(cEnd, start) <= 0) continue;
      if (comparePoints(start, cStart) < 0) break;
      node = c;
      descended = true;
      break;
    }
  }
  return node;
}

/** Calls `f` on `root` and its descendants in preorder (an explicit stack: nesting depth cannot overflow). */
export function forEachNode(root: SyntaxNode, f: (n: SyntaxNode) => void): void {
  const stack = [root];
  while (stack.length) {
    const n = stack.pop()!;
    f(n);
    for (let i = n.children.length - 1; i >= 0; i--) stack.push(n.children[i]);
  }
}

export class SyntaxTree {
  rootNode: SyntaxNode;
  /** For a lazily built tree: reads the children of a node when first asked for. */
  childrenSource: ChildrenSource | undefined = undefined;
  /** tree-sitter gave up (parse.ts: MAX_PARSE_MILLIS): the tree is an empty module, and nothing of the file is known. */
  parseStopped = false;
  private lineStarts: number[] | undefined;

  /** `source` is the text the tree was parsed from (parsePython's, with lone CRs made LFs). */
  constructor(readonly source: string) {
    this.rootNode = new SyntaxNode(this, "module", true, false, null, 0, source.length);
  }

  /** Row and UTF-16 column of an offset. */
  positionAt(index: number): Point {
    const starts = this.lines();
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= index) lo = mid;
      else hi = mid - 1;
    }
    return { row: lo, column: index - starts[lo] };
  }

  private lines(): number[] {
    if (!this.lineStarts) {
      const starts = [0];
      const s = this.source;
      for (let i = s.indexOf("\n"); i >= 0; i = s.indexOf("\n", i + 1)) starts.push(i + 1);
      this.lineStarts = starts;
    }
    return this.lineStarts;
  }
}

/**
 * How a TreeBuilder sets error flags: "compute" them bottom up, "none" (the tree has no error), or leave
 * them to be computed when asked for ("lazy": a lazily built tree whose native tree has errors).
 */
export type ErrorFlags = "compute" | "none" | "lazy";

/**
 * Builds a SyntaxTree from a preorder stream of nodes: `open` a node (it becomes the parent of the next
 * opened nodes) and `close` it when its children are done. The first node opened is the root, unless
 * an existing node of the tree was `adopt`ed: then the stream is its children (a lazy node's expansion).
 */
export class TreeBuilder {
  readonly tree: SyntaxTree;
  /** The open nodes, innermost last. */
  private stack: SyntaxNode[] = [];
  /** The children met so far of all open nodes, in order; `marks` says where each open node's start. */
  private pending: SyntaxNode[] = [];
  private marks: number[] = [];
  private started = false;

  constructor(
    tree: SyntaxTree | string,
    private readonly errors: ErrorFlags = "compute",
  ) {
    this.tree = typeof tree === "string" ? new SyntaxTree(tree) : tree;
  }

  adopt(node: SyntaxNode): void {
    if (this.started) throw new Error("syntax tree: adopt after open");
    this.started = true;
    this.stack.push(node);
    this.marks.push(this.pending.length);
  }

  open(type: string, isNamed: boolean, isMissing: boolean, field: string | null, start: number, end: number): SyntaxNode {
    const node = new SyntaxNode(this.tree, type, isNamed, isMissing, field, start, end);
    const depth = this.stack.length;
    if (depth) {
      node.parent = this.stack[depth - 1];
      this.pending.push(node);
    } else {
      if (this.started) throw new Error("syntax tree: a second root");
      this.started = true;
      this.tree.rootNode = node;
    }
    if (this.errors === "lazy") node.forgetError();
    this.stack.push(node);
    this.marks.push(this.pending.length);
    return node;
  }

  close(): void {
    const node = this.stack.pop();
    const mark = this.marks.pop();
    if (!node || mark === undefined) throw new Error("syntax tree: close without open");
    let children = NO_CHILDREN;
    if (this.pending.length > mark) {
      // A slice has exactly the children's length, where a pushed-to array keeps spare capacity.
      children = this.pending.slice(mark);
      this.pending.length = mark;
    }
    node.children = children;
    if (this.errors === "none") {
      node.hasError = false;
    } else if (this.errors === "compute") {
      // As tree-sitter's (an error cost above 0): an ERROR leaf (an unexpected character) costs nothing
      // itself, the ERROR node around it does.
      let hasError = ownError(node, children);
      for (const c of children) hasError ||= c.hasError;
      if (hasError) node.hasError = true;
    }
  }

  /** Closes the node just opened as a lazy one: its children (at `index` in the native preorder) are read when asked for. */
  closeLazy(index: number): void {
    const node = this.stack.pop();
    const mark = this.marks.pop();
    if (!node || mark !== this.pending.length) throw new Error("syntax tree: closeLazy of a node with children");
    node.makeLazy(index);
    if (this.errors === "none") node.hasError = false;
  }

  finish(): SyntaxTree {
    if (this.stack.length) throw new Error("syntax tree: unclosed nodes");
    return this.tree;
  }
}

/**
 * A tree as plain data (for trees computed at build time): the type and field name tables, then six
 * numbers per node in preorder: type index, field index + 1 (0: none), start minus the previous node's
 * start, length, number of children, flags (1: named, 2: missing, 4: has an error). `hash` is the
 * source's, to check that the tree belongs to it.
 */
export interface SerializedTree {
  hash: number;
  types: string[];
  fields: string[];
  nodes: number[];
}

export function serializeTree(tree: SyntaxTree): SerializedTree {
  const types: string[] = [];
  const fields: string[] = [];
  const typeIx = new Map<string, number>();
  const fieldIx = new Map<string, number>();
  const nodes: number[] = [];
  const intern = (table: string[], ix: Map<string, number>, s: string): number => {
    let i = ix.get(s);
    if (i === undefined) {
      i = table.length;
      table.push(s);
      ix.set(s, i);
    }
    return i;
  };
  let previous = 0;
  forEachNode(tree.rootNode, (n) => {
    const field = n.field === null ? 0 : intern(fields, fieldIx, n.field) + 1;
    const flags = (n.isNamed ? 1 : 0) | (n.isMissing ? 2 : 0) | (n.hasError ? 4 : 0);
    nodes.push(intern(types, typeIx, n.type), field, n.startIndex - previous, n.endIndex - n.startIndex, n.children.length, flags);
    previous = n.startIndex;
  });
  return { hash: sourceHash(tree.source), types, fields, nodes };
}

/** FNV-1a over the UTF-16 code units. */
function sourceHash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** The tree `serializeTree` wrote, or undefined when it was written for another source than `source`. */
export function deserializeTree(source: string, data: SerializedTree): SyntaxTree | undefined {
  const { hash, types, fields, nodes } = data;
  if (hash !== sourceHash(source) || nodes.length % 6 !== 0 || nodes.length === 0) return undefined;
  const b = new TreeBuilder(source);
  // Children still to read per open node, innermost last.
  const pending: number[] = [];
  let start = 0;
  for (let at = 0; at < nodes.length; at += 6) {
    const field = nodes[at + 1];
    const flags = nodes[at + 5];
    start += nodes[at + 2];
    b.open(types[nodes[at]], (flags & 1) !== 0, (flags & 2) !== 0, field ? fields[field - 1] : null, start, start + nodes[at + 3]);
    pending.push(nodes[at + 4]);
    while (pending.length && pending[pending.length - 1] === 0) {
      pending.pop();
      b.close();
      if (pending.length) pending[pending.length - 1]--;
    }
  }
  const tree = b.finish();
  // The root's flag is tree-sitter's own (see SyntaxNode.hasError); the others are recomputed alike.
  tree.rootNode.hasError = (nodes[5] & 4) !== 0;
  return tree;
}
