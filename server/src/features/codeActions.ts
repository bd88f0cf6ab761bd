// Quick fixes and rewrites: the fixes the engine attached to its diagnostics (in_channels/in_features/
// num_features set to the incoming size) turned into edits, the padding that keeps the spatial size (or
// why none exists), and a `# shape:` declaration on a forward without one. Rewrites are applied to a
// copy of the text and re-parsed before they are offered.

import { TextDocument } from "vscode-languageserver-textdocument";
import type { CodeAction, Diagnostic, TextEdit } from "vscode-languageserver";
import type { CoreDiagnostic, FileAnalysis, Pos, Range } from "../core/api";
import { parsePython } from "../core/parse";
import type { SyntaxNode, Tree } from "../core/parse";
import { SOURCE, sameRange } from "../lsp";
import type { Settings } from "../settings";
import { parseInputShapes } from "../core/declarations";
import { picturedCallsAt } from "../core/arith/select";
import { solveLayer } from "../core/arith/solverText";

const QUICKFIX = "quickfix";
const REWRITE = "refactor.rewrite";

export interface ActionInput {
  uri: string;
  doc: TextDocument;
  tree: Tree;
  analysis: FileAnalysis | undefined;
  range: Range;
  diagnostics: Diagnostic[];
  settings: Settings;
}

function toPoint(p: Pos): { row: number; column: number } {
  return { row: p.line, column: p.character };
}

function nodeRange(n: SyntaxNode): Range {
  return {
    start: { line: n.startPosition.row, character: n.startPosition.column },
    end: { line: n.endPosition.row, character: n.endPosition.column },
  };
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
  positional: SyntaxNode[];
  keywords: Map<string, SyntaxNode>;
  list: SyntaxNode;
  /** A *args/**kwargs makes positions unknowable. */
  splat: boolean;
}

function callArgs(call: SyntaxNode): Args | undefined {
  const list = call.childForFieldName("arguments");
  if (!list || list.type !== "argument_list") return undefined;
  const a: Args = { positional: [], keywords: new Map(), list, splat: false };
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

function argument(a: Args, name: string, index: number): SyntaxNode | undefined {
  return a.keywords.get(name) ?? a.positional[index];
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

/** Applies edits to a copy of the text and checks that tree-sitter parses it without errors. */
function parsesAfter(doc: TextDocument, edits: TextEdit[]): boolean {
  const copy = TextDocument.create(doc.uri, doc.languageId, doc.version, doc.getText());
  const text = TextDocument.applyEdits(copy, edits);
  return !parsePython(text).rootNode.hasError;
}

/** The edit that sets a constructor argument: replace it when present, otherwise add a keyword. */
function setArgument(a: Args, name: string, index: number, value: string): TextEdit {
  const existing = argument(a, name, index);
  if (existing) return { range: nodeRange(existing), newText: value };
  const args = a.list.namedChildren.filter((c) => c.type !== "comment");
  if (args.length === 0) {
    const open = a.list.firstChild!;
    return { range: { start: nodeRange(open).end, end: nodeRange(open).end }, newText: `${name}=${value}` };
  }
  const last = args[args.length - 1];
  return { range: { start: nodeRange(last).end, end: nodeRange(last).end }, newText: `, ${name}=${value}` };
}

// ---- fixes the engine attached to its diagnostics (in_channels, in_features, num_features, ...) ----

/** The engine's diagnostic a client diagnostic stands for: same place, code and message. */
function coreDiagnostic(analysis: FileAnalysis, diag: Diagnostic): CoreDiagnostic | undefined {
  if (diag.source !== SOURCE) return undefined;
  const message = typeof diag.message === "string" ? diag.message : diag.message.value;
  return analysis.diagnostics.find(
    (d) => d.file === analysis.file && d.code === diag.code && d.message === message && sameRange(d.range, diag.range),
  );
}

function engineFixes(input: ActionInput): CodeAction[] {
  const out: CodeAction[] = [];
  const analysis = input.analysis;
  if (!analysis) return out;
  for (const diag of input.diagnostics) {
    for (const fix of coreDiagnostic(analysis, diag)?.fixes ?? []) {
      if (fix.file !== analysis.file) continue;
      out.push({
        title: `Set ${fix.argument} to ${fix.value} (the ${fix.reason})`,
        kind: QUICKFIX,
        diagnostics: [diag],
        isPreferred: true,
        edit: { changes: { [input.uri]: [{ range: fix.range, newText: fix.newText }] } },
      });
    }
  }
  return out;
}

// ---- padding that keeps the spatial size --------------------------------------------------------

function paddingActions(input: ActionInput): CodeAction[] {
  const call = callAt(input.tree, input.range);
  if (!call) return [];
  const type = calleeName(call);
  const m = /^Conv([123])d$/.exec(type);
  const args = callArgs(call);
  if (!m || !args || args.splat) return [];
  const n = Number(m[1]);
  const k = literalInts(argument(args, "kernel_size", 2));
  const strideNode = argument(args, "stride", 3);
  const dilationNode = argument(args, "dilation", 5);
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
        kind: REWRITE,
        disabled: {
          reason: `No padding keeps the spatial size with stride ${bad}: the output is ⌊(H + 2·p − d·(k−1) − 1)/${bad}⌋ + 1, about H/${bad}.`,
        },
      },
    ];
  }
  const eff = kk.map((kv, i) => dd[i] * (kv - 1));
  const current = argument(args, "padding", 4);
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
  const edit = setArgument(args, "padding", 4, value);
  if (!parsesAfter(input.doc, [edit])) return [];
  return [{ title: `Set padding=${value} to keep the spatial size (${why})`, kind: REWRITE, edit: { changes: { [input.uri]: [edit] } } }];
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

function declarationAction(input: ActionInput): CodeAction[] {
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
  const lines = input.doc.getText().split(/\r\n|\r|\n/);
  // A directive on the def line or in the comment block just above it (above decorators too).
  if (/#\s*shape\s*:/.test(lines[def.startPosition.row] ?? "")) return [];
  for (let l = top.startPosition.row - 1; l >= 0 && /^\s*#/.test(lines[l]); l--) if (/#\s*shape\s*:/.test(lines[l])) return [];
  const line = top.startPosition.row;
  const indent = /^\s*/.exec(lines[line] ?? "")![0];
  const fromFile = declaredElsewhere(input.doc.getText());
  const setting = parseInputShapes(input.settings.defaultInputShape);
  const dims =
    fromFile ?? (setting.ok && setting.shapes.length === 1 ? setting.shapes[0].join(", ") : `${input.settings.batchSymbol}, C, H, W`);
  const edit: TextEdit = {
    range: { start: { line, character: 0 }, end: { line, character: 0 } },
    newText: `${indent}# shape: ${param} = (${dims})\n`,
  };
  if (!parsesAfter(input.doc, [edit])) return [];
  return [{ title: `Declare the input shape of forward: ${param} = (${dims})`, kind: REWRITE, edit: { changes: { [input.uri]: [edit] } } }];
}

// ---- the padding solver: ⌈W/s⌉ for strided conv/pool, exactly s·W for transposed conv ------------

/** One value per axis, written as an int when all are equal. */
function perAxisValue(values: number[]): string {
  return values.every((v) => v === values[0]) ? String(values[0]) : `(${values.join(", ")})`;
}

function solverActions(input: ActionInput): CodeAction[] {
  const call = callAt(input.tree, input.range);
  if (!call || !input.analysis) return [];
  const type = calleeName(call);
  const conv = /^Conv(Transpose)?[123]d$/.exec(type);
  if (!conv && !/^(Max|Avg)Pool[123]d$/.test(type)) return [];
  const args = callArgs(call);
  if (!args || args.splat) return [];
  // Every recorded call of the layer built here must agree on the answer.
  const calls = picturedCallsAt(input.analysis, input.analysis.file, call.startPosition.row).filter((c) => c.call.type === type);
  const answers = new Set<string>();
  let title = "";
  let name = "padding";
  const torch2 = input.settings.pytorchVersion !== "1.13";
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
  const index = conv ? (conv[1] ? 5 : 4) : 2;
  const edit = setArgument(args, name, index, [...answers][0]);
  if (!parsesAfter(input.doc, [edit])) return [];
  return [{ title, kind: REWRITE, edit: { changes: { [input.uri]: [edit] } } }];
}

export function codeActions(input: ActionInput): CodeAction[] {
  // An already broken file cannot be checked for "still parses"; offer nothing until it parses.
  if (input.tree.rootNode.hasError) return [];
  return [...engineFixes(input), ...paddingActions(input), ...solverActions(input), ...declarationAction(input)];
}
