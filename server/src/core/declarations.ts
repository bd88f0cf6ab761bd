// Input-shape declarations on a class's forward: jaxtyping annotations (Float[Tensor, "B 3 H W"]),
// torchtyping annotations (TensorType["batch", 3, 224, 224]) and the comment directive
//   # shape: x = (N, 3, 224, 224), mask = (N, 224, 224)
// written on or directly above `def forward`. Dims are ints or symbol names. The parser of shapes
// typed by users (CLI --input, settings) lives here too, so that all of them accept the same dims.

import type { SyntaxNode } from "./parse";

/** A declared dim: an integer, a symbol name, or "*name" for a variadic leading group. */
export type DimSpec = number | string;

export interface Declaration {
  source: "annotation" | "comment";
  /** Parameter name (after self) → declared shape; params without a declaration are absent. */
  shapes: Map<string, DimSpec[]>;
  /** The forward def, for diagnostics and quick fixes. */
  forward: SyntaxNode;
}

export function findForward(classNode: SyntaxNode): SyntaxNode | undefined {
  const body = classNode.childForFieldName("body");
  for (const stmt of body?.namedChildren ?? []) {
    const def = stmt.type === "decorated_definition" ? stmt.childForFieldName("definition") : stmt;
    if (def?.type === "function_definition" && def.childForFieldName("name")?.text === "forward") return def;
  }
  return undefined;
}

/** Names of forward's parameters after self, in order. */
export function forwardParams(forward: SyntaxNode): { name: string; node: SyntaxNode; hasDefault: boolean }[] {
  const out: { name: string; node: SyntaxNode; hasDefault: boolean }[] = [];
  for (const p of forward.childForFieldName("parameters")?.namedChildren ?? []) {
    let nameNode: SyntaxNode | null = null;
    if (p.type === "identifier") nameNode = p;
    else if (p.type === "typed_parameter") nameNode = p.namedChildren[0]?.type === "identifier" ? p.namedChildren[0] : null;
    else if (p.type === "default_parameter" || p.type === "typed_default_parameter") nameNode = p.childForFieldName("name");
    if (nameNode) out.push({ name: nameNode.text, node: p, hasDefault: p.type.includes("default") });
  }
  return out.slice(1);
}

/** A declared dim, or why the token is not one. */
function parseDimToken(tok: string): DimSpec | { error: string } {
  const t = tok.trim();
  if (!t) return { error: "an empty dim" };
  if (/^\d+$/.test(t)) {
    const n = Number(t);
    return Number.isSafeInteger(n) ? n : { error: `${t} is too large (dims must be below 2^53)` };
  }
  if (t === "..." || t === "*") return "*batch";
  if (t === "?") return "?";
  if (/^\*?[A-Za-z_]\w*$/.test(t)) return t;
  if (/^-\d+$/.test(t)) return { error: `${t} is negative (a dim is a size, at least 0)` };
  return { error: `"${t}" is neither a non-negative integer, a symbol name, "?" nor "*name"` };
}

/** Parses "B 3 224 224" (jaxtyping, split on spaces); undefined if any token is odd. */
export function parseDimList(text: string, separator: RegExp): DimSpec[] | undefined {
  const parts = text.split(separator).filter((p) => p.trim() !== "");
  const dims: DimSpec[] = [];
  for (const p of parts) {
    const d = parseDimToken(p);
    if (typeof d === "object") return undefined;
    dims.push(d);
  }
  return dims;
}

/** The result of reading shapes typed by a user: the dims, or what is wrong with which text. */
export type ParsedShapes = { ok: true; shapes: DimSpec[][] } | { ok: false; error: string };

/**
 * One shape's comma-separated dims, the brackets already removed: "N, 3, 224, 224", "3," (Python's
 * 1-tuple). Only the last item may be empty, after at least one dim; an empty body is a scalar only
 * when it was bracketed ("()").
 */
function parseDimsBody(body: string, bracketed: boolean): { dims: DimSpec[] } | { error: string } {
  if (body.trim() === "") return bracketed ? { dims: [] } : { error: "no dims" };
  const tokens = body.split(",");
  if (tokens.every((t) => t.trim() === "")) return { error: "no dims" };
  const dims: DimSpec[] = [];
  for (const [i, tok] of tokens.entries()) {
    if (tok.trim() === "" && i === tokens.length - 1 && i > 0) continue;
    if (tok.trim() === "") return { error: "an empty dim between commas" };
    const d = parseDimToken(tok);
    if (typeof d === "object") return d;
    dims.push(d);
  }
  return { dims };
}

/**
 * Input shapes as the CLI's --input, the shapeLens.defaultInputShape setting and the Compute Shapes
 * prompt take them: comma-separated dims, each shape optionally in parentheses or brackets, several
 * inputs separated by ";" ("N, 3, 224, 224"; "(1,3,32,32); [B, 10]"; "(3,)"). A dim is a
 * non-negative integer, a symbol name, "?" (the batch symbol) or "*name" / "..." (any leading dims).
 * A malformed text is an error naming the shape and the dim at fault, never a guessed shape.
 */
export function parseInputShapes(text: string): ParsedShapes {
  if (text.trim() === "") return { ok: false, error: "no shape given (expected e.g. 1, 3, 224, 224)" };
  const shapes: DimSpec[][] = [];
  for (const part of text.split(";")) {
    const s = part.trim();
    const m = /^\(([^()[\]]*)\)$|^\[([^()[\]]*)\]$/.exec(s);
    const body = m ? (m[1] ?? m[2]) : s;
    if (!m && /[()[\]]/.test(s)) return { ok: false, error: `cannot read the shape "${s}": unbalanced or nested brackets` };
    const r = parseDimsBody(body, m !== null);
    if ("error" in r) return { ok: false, error: `cannot read the shape "${s}": ${r.error} (expected e.g. 1, 3, 224, 224)` };
    shapes.push(r.dims);
  }
  return { ok: true, shapes };
}

function stringValue(node: SyntaxNode): string | undefined {
  if (node.type !== "string") return undefined;
  return node.namedChildren
    .filter((c) => c.type === "string_content")
    .map((c) => c.text)
    .join("");
}

/** Shape from an annotation node (the `type` of a typed parameter). */
export function shapeFromAnnotation(typeNode: SyntaxNode): DimSpec[] | undefined {
  const expr = typeNode.type === "type" ? typeNode.namedChildren[0] : typeNode;
  if (!expr) return undefined;
  let head: string;
  let subs: SyntaxNode[];
  if (expr.type === "subscript") {
    head = expr.childForFieldName("value")!.text;
    subs = expr.childrenForFieldName("subscript");
  } else if (expr.type === "generic_type") {
    // In annotations tree-sitter parses `Float[Tensor, "B C"]` as a generic type.
    head = expr.namedChildren[0]?.text ?? "";
    const params = expr.namedChildren.find((c) => c.type === "type_parameter");
    subs = (params?.namedChildren ?? []).map((t) => (t.type === "type" ? (t.namedChildren[0] ?? t) : t));
  } else return undefined;
  head = head.split(".").pop()!;
  if (head === "TensorType") {
    const dims: DimSpec[] = [];
    for (const s of subs) {
      if (s.type === "integer") dims.push(Number(s.text));
      else if (s.type === "string") {
        const v = stringValue(s);
        if (!v || !/^[A-Za-z_]\w*$/.test(v)) return undefined;
        dims.push(v);
      } else if (s.type === "ellipsis") dims.push("*batch");
      else return undefined;
    }
    return dims;
  }
  // jaxtyping: Float[Tensor, "B 3 224 224"] and any other dtype wrapper.
  if (subs.length === 2 && subs[1].type === "string") {
    const v = stringValue(subs[1]);
    if (v === undefined) return undefined;
    const cleaned = v.replace(/#/g, "");
    return parseDimList(cleaned, /\s+/);
  }
  return undefined;
}

/** `# shape: x = (N, 3, 224, 224), y = (N, 10)` or `# shape: (N, 3, 224, 224)` → entries in order. */
export function parseDirective(comment: string): { name?: string; dims: DimSpec[] }[] | undefined {
  const m = /^#\s*shape\s*:\s*(.*)$/i.exec(comment.trim());
  if (!m) return undefined;
  const out: { name?: string; dims: DimSpec[] }[] = [];
  const re = /(?:([A-Za-z_]\w*)\s*=\s*)?[([]([^)\]]*)[)\]]/g;
  let match: RegExpExecArray | null;
  while ((match = re.exec(m[1]))) {
    const r = parseDimsBody(match[2], true);
    if ("error" in r) return undefined;
    out.push({ name: match[1], dims: r.dims });
  }
  return out.length ? out : undefined;
}

/** Comment lines on the def line and directly above it (above decorators too). */
function directiveComments(forward: SyntaxNode, lines: string[]): string[] {
  const out: string[] = [];
  const defLine = lines[forward.startPosition.row] ?? "";
  const hash = defLine.indexOf("#");
  if (hash >= 0) out.push(defLine.slice(hash));
  const owner = forward.parent?.type === "decorated_definition" ? forward.parent : forward;
  let row = owner.startPosition.row - 1;
  while (row >= 0) {
    const t = lines[row].trim();
    if (t.startsWith("#")) out.push(t);
    else if (t.startsWith("@")) {
      /* decorators between comment and def */
    } else break;
    row--;
  }
  return out;
}

export function findDeclaration(classNode: SyntaxNode, lines: string[]): Declaration | undefined {
  const forward = findForward(classNode);
  if (!forward) return undefined;
  const params = forwardParams(forward);
  const shapes = new Map<string, DimSpec[]>();
  for (const p of params) {
    const t = p.node.childForFieldName("type");
    if (!t) continue;
    const dims = shapeFromAnnotation(t);
    if (dims) shapes.set(p.name, dims);
  }
  if (shapes.size) return { source: "annotation", shapes, forward };
  for (const c of directiveComments(forward, lines)) {
    const entries = parseDirective(c);
    if (!entries) continue;
    entries.forEach((e, i) => {
      const name = e.name ?? params[i]?.name;
      if (name) shapes.set(name, e.dims);
    });
    if (shapes.size) return { source: "comment", shapes, forward };
  }
  return undefined;
}
