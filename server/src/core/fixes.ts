// Edits Shape Lens offers on layer constructions, as plain data for the editor to turn into code
// actions: the fix attached to a diagnostic (set in_channels, in_features, ... to the value that fits,
// see ArgumentFix) and the rewrites offered at a cursor (padding that keeps the spatial size, the
// padding solver's answer, a `# shape:` declaration). Argument positions come from the layer rules.

import type { ArgumentFix, FileAnalysis, Pos, Range } from "./api";
import { picturedCallsAt } from "./arith/select";
import { solveLayer } from "./arith/solverText";
import { parseInputShapes } from "./declarations";
import type { Fit } from "./errors";
import { layerRule } from "./ops/registry";
import { parsePython } from "./parse";
import type { SyntaxNode, Tree } from "./parse";

/** Replace `range` of the text by `newText`. */
export interface SourceEdit {
  range: Range;
  newText: string;
}

/** A rewrite offered at the cursor; `disabledReason` says why it cannot apply (then `edits` is empty). */
export interface Rewrite {
  title: string;
  edits: SourceEdit[];
  disabledReason?: string;
}

export interface RewriteInput {
  tree: Tree;
  text: string;
  analysis: FileAnalysis | undefined;
  /** The selection or cursor the rewrites are asked for. */
  range: Range;
  /** Whether PyTorch 2's padding rules apply (the padding solver). */
  torch2: boolean;
  /** shapeLens.defaultInputShape and shapeLens.batchSymbol, to pre-fill a declaration. */
  defaultInputShape: string;
  batchSymbol: string;
}

function rangeOf(n: SyntaxNode): Range {
  return {
    start: { line: n.startPosition.row, character: n.startPosition.column },
    end: { line: n.endPosition.row, character: n.endPosition.column },
  };
}

function toPoint(p: Pos): { row: number; column: number } {
  return { row: p.line, column: p.character };
}

function ancestor(n: SyntaxNode | null, type: string): SyntaxNode | null {
  while (n && n.type !== type) n = n.parent;
  return n;
}

function callAt(tree: Tree, r: Range): SyntaxNode | null {
  return ancestor(tree.rootNode.descendantForPosition(toPoint(r.start), toPoint(r.end)), "call");
}

/** The constructed class's own name: "Conv2d" for `nn.Conv2d(...)` or `torch.nn.Conv2d(...)`. */
function calleeName(call: SyntaxNode): string {
  const fn = call.childForFieldName("function");
  return fn ? fn.text.split(".").pop()!.trim() : "";
}

interface Args {
  /** The layer rule's positional parameter names, in order: PyTorch's own argument positions. */
  names: string[];
  positional: SyntaxNode[];
  keywords: Map<string, SyntaxNode>;
  list: SyntaxNode;
  /** A *args/**kwargs makes positions unknowable. */
  splat: boolean;
}

/** The arguments of a call of the layer rule `layer`; undefined for a layer Shape Lens has no rule for. */
function callArgs(call: SyntaxNode, layer: string): Args | undefined {
  const rule = layerRule(layer);
  const list = call.childForFieldName("arguments");
  if (!rule || !list || list.type !== "argument_list") return undefined;
  const names = rule.signature.params.filter((p) => !p.kwOnly).map((p) => p.name);
  const a: Args = { names, positional: [], keywords: new Map(), list, splat: false };
  for (const c of list.namedChildren) {
    if (c.type === "comment") continue;
    if (c.type === "keyword_argument") {
      const name = c.childForFieldName("name");
      const value = c.childForFieldName("value");
      if (name && value) a.keywords.set(name.text, value);
    } else if (c.type === "list_splat" || c.type === "dictionary_splat") a.splat = true;
    else a.positional.push(c);
  }
  return a;
}

function argument(a: Args, name: string): SyntaxNode | undefined {
  const index = a.names.indexOf(name);
  return a.keywords.get(name) ?? (index >= 0 ? a.positional[index] : undefined);
}

/** An int literal, or a tuple/list of them; undefined for anything the editor cannot be sure of. */
function literalInts(n: SyntaxNode | undefined): number[] | undefined {
  if (!n) return undefined;
  if (n.type === "integer" && /^\d+$/.test(n.text)) return [Number(n.text)];
  if (n.type === "parenthesized_expression") return literalInts(n.namedChildren[0]);
  if (n.type === "tuple" || n.type === "list") {
    const out: number[] = [];
    for (const c of n.namedChildren) {
      const v = c.type === "integer" && /^\d+$/.test(c.text) ? Number(c.text) : NaN;
      if (Number.isNaN(v)) return undefined;
      out.push(v);
    }
    return out.length ? out : undefined;
  }
  return undefined;
}

function expand(v: number[], n: number): number[] | undefined {
  if (v.length === 1) return Array(n).fill(v[0]);
  return v.length === n ? v : undefined;
}

/** The offset of a position in text (lines end with \n, \r\n or \r, as the editor counts them). */
function offsetAt(text: string, p: Pos): number {
  let offset = 0;
  for (let line = 0; line < p.line; line++) {
    const m = /\r\n|\r|\n/g;
    m.lastIndex = offset;
    const hit = m.exec(text);
    if (!hit) return text.length;
    offset = hit.index + hit[0].length;
  }
  return Math.min(offset + p.character, text.length);
}

/** Applies one edit to a copy of the text and checks that tree-sitter parses it without errors. */
function parsesAfter(text: string, edit: SourceEdit): boolean {
  const changed = text.slice(0, offsetAt(text, edit.range.start)) + edit.newText + text.slice(offsetAt(text, edit.range.end));
  return !parsePython(changed).rootNode.hasError;
}

/** The edit that sets a constructor argument: replace it when present, otherwise add a keyword. */
function setArgument(a: Args, name: string, value: string): SourceEdit {
  const existing = argument(a, name);
  if (existing) return { range: rangeOf(existing), newText: value };
  const args = a.list.namedChildren.filter((c) => c.type !== "comment");
  if (args.length === 0) {
    const open = a.list.firstChild!;
    return { range: { start: rangeOf(open).end, end: rangeOf(open).end }, newText: `${name}=${value}` };
  }
  const last = args[args.length - 1];
  return { range: { start: rangeOf(last).end, end: rangeOf(last).end }, newText: `, ${name}=${value}` };
}

// ---- padding that keeps the spatial size --------------------------------------------------------

function paddingRewrites(input: RewriteInput): Rewrite[] {
  const call = callAt(input.tree, input.range);
  if (!call) return [];
  const type = calleeName(call);
  const m = /^Conv([123])d$/.exec(type);
  const args = m ? callArgs(call, type) : undefined;
  if (!m || !args || args.splat) return [];
  const n = Number(m[1]);
  const k = literalInts(argument(args, "kernel_size"));
  const strideNode = argument(args, "stride");
  const dilationNode = argument(args, "dilation");
  const stride = strideNode ? literalInts(strideNode) : [1];
  const dilation = dilationNode ? literalInts(dilationNode) : [1];
  const kk = k && expand(k, n);
  const ss = stride && expand(stride, n);
  const dd = dilation && expand(dilation, n);
  if (!kk || !ss || !dd) return [];
  const title = "Keep the spatial size (padding)";
  const bad = ss.find((s) => s !== 1);
  if (bad !== undefined) {
    return [
      {
        title,
        edits: [],
        disabledReason: `No padding keeps the spatial size with stride ${bad}: the output is ⌊(H + 2·p − d·(k−1) − 1)/${bad}⌋ + 1, about H/${bad}.`,
      },
    ];
  }
  const eff = kk.map((kv, i) => dd[i] * (kv - 1));
  const current = argument(args, "padding");
  let value: string;
  let why: string;
  if (eff.every((e) => e % 2 === 0)) {
    const p = eff.map((e) => e / 2);
    value = p.every((x) => x === p[0]) ? String(p[0]) : `(${p.join(", ")})`;
    why = `d·(k−1)/2 = ${value}`;
  } else {
    // An even effective kernel needs one more pixel on one side: only padding='same' does that.
    value = "'same'";
    const sizes = [...new Set(eff.map((e) => e + 1))].join(", ");
    why = `the effective kernel d·(k−1)+1 = ${sizes} is even, so the padding is asymmetric`;
  }
  if (current) {
    const cur = literalInts(current);
    const same = cur && expand(cur, n);
    if (current.text.replace(/"/g, "'") === value || (same && value !== "'same'" && same.every((x, i) => 2 * x === eff[i]))) return [];
  }
  const edit = setArgument(args, "padding", value);
  if (!parsesAfter(input.text, edit)) return [];
  return [{ title: `Set padding=${value} to keep the spatial size (${why})`, edits: [edit] }];
}

// ---- `# shape:` declaration on a forward without one ------------------------------------------

/** Dims of the file's `torch.randn(...)`-style call or torchinfo `summary(...)`, if there is one. */
function declaredElsewhere(text: string): string | undefined {
  const creation = /torch\.(?:randn|rand|zeros|ones|empty)\(\s*([\d\s,]+?)\s*(?:\)|,\s*[a-z_]+\s*=)/.exec(text);
  const creationTuple = /torch\.(?:randn|rand|zeros|ones|empty)\(\s*[([]\s*([\d\s,]+?)\s*[)\]]/.exec(text);
  const summary = /\bsummary\([^,()]+,\s*(?:input_size\s*=\s*)?[([]\s*([\d\s,]+?)\s*[)\]]/.exec(text);
  for (const m of [creationTuple, creation, summary]) {
    if (!m) continue;
    const dims = m[1]
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean);
    if (dims.length > 0 && dims.every((d) => /^\d+$/.test(d))) return dims.join(", ");
  }
  return undefined;
}

function declarationRewrites(input: RewriteInput): Rewrite[] {
  const node = input.tree.rootNode.descendantForPosition(toPoint(input.range.start));
  const def = ancestor(node, "function_definition");
  if (!def || def.childForFieldName("name")?.text !== "forward") return [];
  const body = def.childForFieldName("body");
  // Only offered from the signature, not from anywhere in the body.
  if (body && input.range.start.line >= body.startPosition.row && input.range.start.line > def.startPosition.row) return [];
  if (!ancestor(def, "class_definition")) return [];
  const params = def.childForFieldName("parameters");
  if (!params) return [];
  const names: string[] = [];
  for (const p of params.namedChildren) {
    if (p.type === "typed_parameter" || p.type === "typed_default_parameter") return []; // annotated: declared or meant to be
    if (p.type === "identifier") names.push(p.text);
    else if (p.type === "default_parameter") names.push(p.childForFieldName("name")?.text ?? "");
  }
  const param = names[1];
  if (!param) return [];
  const top = def.parent?.type === "decorated_definition" ? def.parent : def;
  const lines = input.text.split(/\r\n|\r|\n/);
  // A directive on the def line or in the comment block just above it (above decorators too).
  if (/#\s*shape\s*:/.test(lines[def.startPosition.row] ?? "")) return [];
  for (let l = top.startPosition.row - 1; l >= 0 && /^\s*#/.test(lines[l]); l--) if (/#\s*shape\s*:/.test(lines[l])) return [];
  const line = top.startPosition.row;
  const indent = /^\s*/.exec(lines[line] ?? "")![0];
  const fromFile = declaredElsewhere(input.text);
  const setting = parseInputShapes(input.defaultInputShape);
  const dims = fromFile ?? (setting.ok && setting.shapes.length === 1 ? setting.shapes[0].join(", ") : `${input.batchSymbol}, C, H, W`);
  const edit: SourceEdit = {
    range: { start: { line, character: 0 }, end: { line, character: 0 } },
    newText: `${indent}# shape: ${param} = (${dims})\n`,
  };
  if (!parsesAfter(input.text, edit)) return [];
  return [{ title: `Declare the input shape of forward: ${param} = (${dims})`, edits: [edit] }];
}

// ---- the padding solver: ⌈W/s⌉ for strided conv/pool, exactly s·W for transposed conv ------------

/** One value per axis, written as an int when all are equal. */
function perAxisValue(values: number[]): string {
  return values.every((v) => v === values[0]) ? String(values[0]) : `(${values.join(", ")})`;
}

function solverRewrites(input: RewriteInput): Rewrite[] {
  const call = callAt(input.tree, input.range);
  if (!call || !input.analysis) return [];
  const type = calleeName(call);
  const conv = /^Conv(Transpose)?[123]d$/.exec(type);
  if (!conv && !/^(Max|Avg)Pool[123]d$/.test(type)) return [];
  const args = callArgs(call, type);
  if (!args || args.splat) return [];
  // Every recorded call of the layer built here must agree on the answer.
  const calls = picturedCallsAt(input.analysis, input.analysis.file, call.startPosition.row).filter((c) => c.call.type === type);
  const answers = new Set<string>();
  let title = "";
  let name = "padding";
  const torch2 = input.torch2;
  for (const c of calls) {
    let sols: ReturnType<typeof solveLayer>;
    try {
      sols = solveLayer(c.geometry, torch2, true);
    } catch {
      return [];
    }
    if (conv?.[1]) {
      const ops = sols.map((a) => a.transposed?.outputPadding ?? null);
      if (ops.some((o) => o === null) || sols.every((a) => a.transposed?.declared === a.transposed?.outputPadding)) return [];
      name = "output_padding";
      answers.add(perAxisValue(ops as number[]));
      title = `Set output_padding=${perAxisValue(ops as number[])}: output exactly stride × input`;
    } else {
      if (c.geometry.stride.every((s) => s === 1) || c.geometry.ceilMode || c.geometry.paddingText) return [];
      if (sols.some((a) => !a.same?.symmetric || a.poolAllowed === false)) return [];
      if (sols.every((a) => a.same?.symmetric && a.declared >= a.same.symmetric.min && a.declared <= a.same.symmetric.max)) return [];
      const value = perAxisValue(sols.map((a) => a.same?.symmetric?.min ?? 0));
      answers.add(value);
      const targets = [...new Set(sols.map((a) => `⌈${a.same?.width}/${a.same?.stride}⌉ = ${a.same?.target}`))].join(", ");
      title = `Set padding=${value}: output ${targets} (TensorFlow 'same')`;
    }
  }
  if (answers.size !== 1) return [];
  const edit = setArgument(args, name, [...answers][0]);
  if (!parsesAfter(input.text, edit)) return [];
  return [{ title, edits: [edit] }];
}

/**
 * The fix for `fit` in `construction` (the `nn.Conv2d(...)` call that built the layer), or undefined
 * when the call cannot be edited safely: the class is called under another name, the rule has no
 * such argument, the arguments are splatted, or the argument already has the value.
 */
export function argumentFix(file: string, construction: SyntaxNode, layer: string, fit: Fit): ArgumentFix | undefined {
  if (construction.type !== "call" || calleeName(construction) !== layer) return undefined;
  const args = callArgs(construction, layer);
  if (!args || args.splat || !layerRule(layer)?.signature.params.some((p) => p.name === fit.argument)) return undefined;
  const value = String(fit.value);
  if (argument(args, fit.argument)?.text === value) return undefined;
  const edit = setArgument(args, fit.argument, value);
  return { layer, argument: fit.argument, value, reason: fit.reason, file, range: edit.range, newText: edit.newText };
}

/** The rewrites offered at the cursor; undefined when the file does not parse (no edit can be checked). */
export function rewritesAt(input: RewriteInput): Rewrite[] | undefined {
  if (input.tree.rootNode.hasError) return undefined;
  return [...paddingRewrites(input), ...solverRewrites(input), ...declarationRewrites(input)];
}
