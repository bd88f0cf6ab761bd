// Expression evaluation: literals, names, attributes, subscripts, calls, operators, containers,
// comprehensions and lambdas. Unsupported syntax evaluates to unknown; nothing here throws except
// the interpreter's own control signals and the budget.

import { MAX_EXPRESSION_DEPTH } from "../limits";
import { isExtra, type SyntaxNode } from "../parse";
import {
  type CallArgs,
  ELLIPSIS,
  FALSE,
  NONE,
  Scope,
  TRUE,
  type Value,
  float,
  int,
  keyOf,
  list,
  str,
  tuple,
  unknown,
  type FunctionV,
  isUnknown,
} from "../values";
import { type EvalContext } from "./context";
import { binaryOp, compare, notValue, truthy } from "./operators";
import { getAttr } from "./attributes";
import { getItem } from "./subscript";
import { callValue, runRule } from "./calls";
import { iterate } from "./iteration";
import { assignTarget } from "./assign";
import { lookupBuiltin } from "./builtins";
import { formatValue } from "./format";
import { unaryTensorOp } from "./tensorOps";
import { joinValues } from "./join";

export function evalExpr(ctx: EvalContext, scope: Scope, node: SyntaxNode): Value {
  if (ctx.expressionDepth >= MAX_EXPRESSION_DEPTH) {
    ctx.gap(scope.file, node, `expression nested more than ${MAX_EXPRESSION_DEPTH} levels deep`);
    return unknown("expression nested too deeply");
  }
  ctx.expressionDepth++;
  try {
    return evalExprAt(ctx, scope, node);
  } finally {
    ctx.expressionDepth--;
  }
}

function evalExprAt(ctx: EvalContext, scope: Scope, node: SyntaxNode): Value {
  ctx.tick(scope.file, node);
  switch (node.type) {
    case "identifier":
      return lookupName(scope, node.text);
    case "integer":
      return parseInteger(node.text);
    case "float":
      return parseFloatLiteral(node.text);
    case "true":
      return TRUE;
    case "false":
      return FALSE;
    case "none":
      return NONE;
    case "ellipsis":
      return ELLIPSIS;
    case "string":
      return evalString(ctx, scope, node);
    case "concatenated_string": {
      let out = "";
      for (const part of node.namedChildren) {
        const v = evalString(ctx, scope, part);
        if (v.kind !== "str") return unknown("string with unknown parts");
        out += v.v;
      }
      return str(out);
    }
    case "parenthesized_expression": {
      const inner = node.namedChildren.find((c) => !isExtra(c));
      return inner ? evalExpr(ctx, scope, inner) : unknown();
    }
    case "attribute": {
      const obj = evalExpr(ctx, scope, node.childForFieldName("object")!);
      return getAttr(ctx, obj, node.childForFieldName("attribute")!.text, node, scope.file);
    }
    case "subscript":
      return evalSubscript(ctx, scope, node);
    case "call":
      return evalCall(ctx, scope, node);
    case "binary_operator": {
      const left = evalExpr(ctx, scope, node.childForFieldName("left")!);
      const right = evalExpr(ctx, scope, node.childForFieldName("right")!);
      const op = node.childForFieldName("operator")!.text;
      return withRuleErrors(ctx, scope.file, node, () => binaryOp(op, left, right));
    }
    case "unary_operator": {
      const v = evalExpr(ctx, scope, node.childForFieldName("argument")!);
      const op = node.childForFieldName("operator")!.text;
      return unaryOp(ctx, scope.file, node, op, v);
    }
    case "not_operator":
      return notValue(evalExpr(ctx, scope, node.childForFieldName("argument")!));
    case "boolean_operator":
      return evalBoolean(ctx, scope, node);
    case "comparison_operator":
      return evalComparison(ctx, scope, node);
    case "conditional_expression": {
      const [a, cond, b] = node.namedChildren.filter((c) => !isExtra(c));
      const c = truthy(evalExpr(ctx, scope, cond));
      if (c === true) return evalExpr(ctx, scope, a);
      if (c === false) return evalExpr(ctx, scope, b);
      ctx.uncertain++;
      try {
        const va = evalExpr(ctx, scope, a);
        const vb = evalExpr(ctx, scope, b);
        return joinValues(va, vb);
      } finally {
        ctx.uncertain--;
      }
    }
    case "tuple":
    case "expression_list": {
      const items = evalSequence(ctx, scope, node.namedChildren);
      return items ? tuple(items) : unknown("unpacking an unknown sequence");
    }
    case "list": {
      const items = evalSequence(ctx, scope, node.namedChildren);
      return items ? list(items) : unknown("unpacking an unknown sequence");
    }
    case "set": {
      const entries = new Map<string, Value>();
      const items = evalSequence(ctx, scope, node.namedChildren);
      if (!items) return unknown("unpacking an unknown sequence");
      for (const v of items) entries.set(keyOf(v), v);
      return { kind: "set", entries };
    }
    case "dictionary":
      return evalDict(ctx, scope, node);
    case "list_comprehension":
    case "set_comprehension":
    case "generator_expression":
    case "dictionary_comprehension":
      return evalComprehension(ctx, scope, node);
    case "lambda":
      return makeLambda(scope, node);
    case "named_expression": {
      const v = evalExpr(ctx, scope, node.childForFieldName("value")!);
      scope.vars.set(node.childForFieldName("name")!.text, v);
      return v;
    }
    case "slice":
      return evalSlice(ctx, scope, node);
    case "keyword_argument":
      return evalExpr(ctx, scope, node.childForFieldName("value")!);
    case "comment":
      return NONE;
    case "list_splat":
      // Only reached as the head of a misread starred item (see starredChainHead): the value itself.
      // Compared by span, not identity: tree-sitter may hand out a fresh object for the same node.
      if (sameSpan(starredChainHead(node.parent), node)) return evalExpr(ctx, scope, node.namedChildren[0]);
      return unknown("a starred expression here is not modelled");
    default:
      return unknown(`unsupported syntax: ${node.type}`);
  }
}

export function lookupName(scope: Scope, name: string): Value {
  const v = scope.lookup(name);
  if (v !== undefined) return v;
  return lookupBuiltin(name) ?? unknown(`name '${name}' is not known`);
}

export function parseInteger(text: string): Value {
  const t = text.replace(/_/g, "").toLowerCase();
  if (t.endsWith("j")) return unknown("complex literal");
  const n = t.startsWith("0x") || t.startsWith("0o") || t.startsWith("0b") ? Number(t) : parseInt(t, 10);
  return Number.isSafeInteger(n) ? int(n) : unknown("integer too large");
}

function parseFloatLiteral(text: string): Value {
  const t = text.replace(/_/g, "");
  if (/j$/i.test(t)) return unknown("complex literal");
  return float(Number(t));
}

function evalString(ctx: EvalContext, scope: Scope, node: SyntaxNode): Value {
  if (node.type !== "string") return evalExpr(ctx, scope, node);
  const start = node.child(0)?.text ?? "";
  const isF = /f/i.test(start);
  const isBytes = /b/i.test(start);
  if (isBytes) return unknown("bytes literal");
  const isRaw = /r/i.test(start);
  let out = "";
  for (const part of node.namedChildren) {
    if (part.type === "string_content") out += isRaw ? part.text : unescape(part.text);
    else if (part.type === "escape_sequence") out += isRaw ? part.text : unescape(part.text);
    else if (part.type === "interpolation" && isF) {
      const expr = part.childForFieldName("expression");
      if (!expr || part.childForFieldName("format_specifier") || part.childForFieldName("type_conversion")) {
        return unknown("f-string with a format specification");
      }
      const v = evalExpr(ctx, scope, expr);
      const s = formatValue(v);
      if (s === undefined) return unknown("f-string with an unknown value");
      out += s;
    }
  }
  return str(out);
}

function unescape(s: string): string {
  return s.replace(/\\(n|t|r|\\|'|"|0)/g, (_m, c: string) =>
    c === "n" ? "\n" : c === "t" ? "\t" : c === "r" ? "\r" : c === "0" ? "\0" : c,
  );
}

/** Whether two handles denote the same node (same span and type). */
function sameSpan(a: SyntaxNode | undefined, b: SyntaxNode): boolean {
  return a !== undefined && a.startIndex === b.startIndex && a.endIndex === b.endIndex && a.type === b.type;
}

/**
 * tree-sitter reads an unparenthesised `b, n, h = *x.shape, heads` as `(*x).shape, heads`: the star
 * lands on the head of the attribute/subscript/call chain, while Python stars the whole item. Returns
 * that misplaced star when `node` is such a chain.
 */
function starredChainHead(node: SyntaxNode | null): SyntaxNode | undefined {
  let cur = node;
  while (cur && (cur.type === "attribute" || cur.type === "subscript" || cur.type === "call")) {
    const head: SyntaxNode | null =
      cur.type === "attribute"
        ? cur.childForFieldName("object")
        : cur.type === "subscript"
          ? cur.childForFieldName("value")
          : cur.childForFieldName("function");
    if (head?.type === "list_splat") return head;
    cur = head;
  }
  return undefined;
}

/** Items of a tuple/list/set display; undefined when a `*x` in it unpacks something unknown. */
function evalSequence(ctx: EvalContext, scope: Scope, nodes: readonly SyntaxNode[]): Value[] | undefined {
  const out: Value[] = [];
  for (const n of nodes) {
    if (isExtra(n)) continue;
    if (starredChainHead(n)) {
      const items = iterate(ctx, evalExpr(ctx, scope, n));
      if (!items) return undefined;
      out.push(...items);
    } else if (n.type === "list_splat" || n.type === "parenthesized_list_splat") {
      const items = iterate(ctx, evalExpr(ctx, scope, n.namedChildren[0]));
      if (!items) return undefined;
      out.push(...items);
    } else out.push(evalExpr(ctx, scope, n));
  }
  return out;
}

function evalDict(ctx: EvalContext, scope: Scope, node: SyntaxNode): Value {
  const entries = new Map<string, [Value, Value]>();
  for (const c of node.namedChildren) {
    if (c.type === "pair") {
      const k = evalExpr(ctx, scope, c.childForFieldName("key")!);
      const v = evalExpr(ctx, scope, c.childForFieldName("value")!);
      if (isUnknown(k)) return unknown("dict with an unknown key");
      entries.set(keyOf(k), [k, v]);
    } else if (c.type === "dictionary_splat") {
      const d = evalExpr(ctx, scope, c.namedChildren[0]);
      if (d.kind !== "dict") return unknown("unpacking an unknown mapping");
      for (const [k, e] of d.entries) entries.set(k, e);
    }
  }
  return { kind: "dict", entries };
}

function evalSlice(ctx: EvalContext, scope: Scope, node: SyntaxNode): Value {
  const parts: (SyntaxNode | undefined)[] = [undefined, undefined, undefined];
  let i = 0;
  for (let k = 0; k < node.childCount; k++) {
    const c = node.child(k)!;
    if (c.type === ":") i++;
    else if (c.isNamed && !isExtra(c)) parts[i] = c;
  }
  const ev = (n: SyntaxNode | undefined) => (n ? evalExpr(ctx, scope, n) : NONE);
  return { kind: "slice", start: ev(parts[0]), stop: ev(parts[1]), step: ev(parts[2]) };
}

function evalSubscript(ctx: EvalContext, scope: Scope, node: SyntaxNode): Value {
  const value = evalExpr(ctx, scope, node.childForFieldName("value")!);
  const subs = node.childrenForFieldName("subscript").filter((c) => !isExtra(c));
  const hasTrailingComma = node.children.some((c, i) => c.type === "," && i === node.childCount - 2);
  let index: Value;
  if (subs.length === 1 && !hasTrailingComma) index = evalExpr(ctx, scope, subs[0]);
  else index = tuple(subs.map((s) => evalExpr(ctx, scope, s)));
  return withRuleErrors(ctx, scope.file, node, () => getItem(ctx, value, index, node, scope.file));
}

export function evalArguments(ctx: EvalContext, scope: Scope, argsNode: SyntaxNode | null): CallArgs | undefined {
  const args: Value[] = [];
  const kwargs = new Map<string, Value>();
  if (!argsNode) return { args, kwargs };
  if (argsNode.type === "generator_expression") {
    return { args: [evalExpr(ctx, scope, argsNode)], kwargs };
  }
  for (const c of argsNode.namedChildren) {
    if (isExtra(c)) continue;
    if (c.type === "keyword_argument") {
      kwargs.set(c.childForFieldName("name")!.text, evalExpr(ctx, scope, c.childForFieldName("value")!));
    } else if (c.type === "list_splat") {
      const items = iterate(ctx, evalExpr(ctx, scope, c.namedChildren[0]));
      if (!items) return undefined;
      args.push(...items);
    } else if (c.type === "dictionary_splat") {
      const d = evalExpr(ctx, scope, c.namedChildren[0]);
      if (d.kind !== "dict") return undefined;
      for (const [k, v] of d.entries.values()) {
        if (k.kind !== "str") return undefined;
        kwargs.set(k.v, v);
      }
    } else args.push(evalExpr(ctx, scope, c));
  }
  return { args, kwargs };
}

function evalCall(ctx: EvalContext, scope: Scope, node: SyntaxNode): Value {
  const fnNode = node.childForFieldName("function")!;
  const argsNode = node.childForFieldName("arguments");
  if (fnNode.type === "identifier" && fnNode.text === "super" && !scope.lookup("super") && (argsNode?.namedChildren.length ?? 0) === 0) {
    const cls = scope.lookup("__class__");
    const self = scope.lookup("__self__");
    if (cls?.kind === "class" && self) return { kind: "super", cls, self };
    return unknown("super() outside a method");
  }
  const noArgs = (argsNode?.namedChildren.filter((c) => !isExtra(c)).length ?? 0) === 0;
  if (fnNode.type === "identifier" && (fnNode.text === "locals" || fnNode.text === "vars") && noArgs && !scope.lookup(fnNode.text))
    return localsDict(scope);
  const callee = evalExpr(ctx, scope, fnNode);
  const call = evalArguments(ctx, scope, node.childForFieldName("arguments"));
  if (!call) return unknown("call with unknown *args/**kwargs");
  const reshaped = shapeChangingInPlace(ctx, scope, fnNode, call, node);
  if (reshaped) return reshaped;
  return callValue(ctx, callee, call, node, scope.file);
}

/** In-place tensor methods that change the shape, and the method giving the same result out of place. */
const SHAPE_CHANGING_IN_PLACE = new Map<string, string | undefined>([
  ["unsqueeze_", "unsqueeze"],
  ["squeeze_", "squeeze"],
  ["transpose_", "transpose"],
  ["t_", "t"],
  ["swapdims_", "swapdims"],
  ["swapaxes_", "swapaxes"],
  ["resize_", undefined],
  ["resize_as_", undefined],
  ["as_strided_", undefined],
  ["set_", undefined],
]);

/**
 * `x.unsqueeze_(0)`: the tensor named `x` takes the new shape (its old one would be a wrong fact on
 * every later line). Computed by the out-of-place method; unknown where there is none. The receiver
 * must be a name or an attribute of one, so that evaluating it again has no effect.
 */
function shapeChangingInPlace(ctx: EvalContext, scope: Scope, fnNode: SyntaxNode, call: CallArgs, node: SyntaxNode): Value | undefined {
  if (fnNode.type !== "attribute") return undefined;
  const method = fnNode.childForFieldName("attribute")?.text ?? "";
  if (!SHAPE_CHANGING_IN_PLACE.has(method)) return undefined;
  const target = fnNode.childForFieldName("object")!;
  const plainName = (n: SyntaxNode): boolean =>
    n.type === "identifier" || (n.type === "attribute" && plainName(n.childForFieldName("object")!));
  if (!plainName(target)) return undefined;
  const receiver = evalExpr(ctx, scope, target);
  if (receiver.kind !== "tensor") return undefined;
  const outOfPlace = SHAPE_CHANGING_IN_PLACE.get(method);
  let result: Value = { kind: "tensor", shape: null };
  if (outOfPlace) {
    const bound = getAttr(ctx, receiver, outOfPlace, fnNode, scope.file);
    const value = callValue(ctx, bound, call, node, scope.file);
    if (value.kind === "tensor") result = { ...value };
  }
  assignTarget(ctx, scope, target, result);
  return result;
}

/** `locals()` / `vars()`: a snapshot of the scope's own names (a module's are its globals). */
function localsDict(scope: Scope): Value {
  const entries = new Map<string, [Value, Value]>();
  for (const [k, v] of scope.vars) {
    if (k === "__self__" || (k === "__class__" && !scope.hasClassCell)) continue;
    entries.set(keyOf(str(k)), [str(k), v]);
  }
  return { kind: "dict", entries };
}

function evalBoolean(ctx: EvalContext, scope: Scope, node: SyntaxNode): Value {
  const op = node.childForFieldName("operator")!.text;
  const left = evalExpr(ctx, scope, node.childForFieldName("left")!);
  const t = truthy(left);
  if (op === "and") {
    if (t === false) return left;
    if (t === true) return evalExpr(ctx, scope, node.childForFieldName("right")!);
  } else {
    if (t === true) return left;
    if (t === false) return evalExpr(ctx, scope, node.childForFieldName("right")!);
  }
  const right = evalExpr(ctx, scope, node.childForFieldName("right")!);
  const tr = truthy(right);
  if (op === "and" && tr === false && right.kind === "bool") return FALSE;
  if (op === "or" && tr === true && right.kind === "bool") return TRUE;
  return unknown();
}

function evalComparison(ctx: EvalContext, scope: Scope, node: SyntaxNode): Value {
  const operands = node.namedChildren.filter((c) => !isExtra(c));
  const ops: string[] = [];
  for (let i = 0; i < node.childCount; i++) {
    if (node.fieldNameForChild(i) === "operators") {
      const t = node.child(i)!.text.replace(/\s+/g, " ");
      // "not in" and "is not" arrive as two tokens.
      const prev = ops[ops.length - 1];
      if (prev === "is" && t === "not" && ops.length > operands.length - 2) ops[ops.length - 1] = "is not";
      else if (t === "in" && prev === "not" && ops.length > operands.length - 2) ops[ops.length - 1] = "not in";
      else ops.push(t);
    }
  }
  let left = evalExpr(ctx, scope, operands[0]);
  let result: Value = TRUE;
  for (let i = 0; i < ops.length; i++) {
    const right = evalExpr(ctx, scope, operands[i + 1]);
    const r = withRuleErrors(ctx, scope.file, node, () => compare(ops[i], left, right));
    if (ops.length === 1) return r;
    const t = truthy(r);
    if (t === false) return FALSE;
    if (t === undefined) result = unknown();
    left = right;
  }
  return result;
}

function unaryOp(ctx: EvalContext, file: string, node: SyntaxNode, op: string, v: Value): Value {
  if (v.kind === "tensor") return withRuleErrors(ctx, file, node, () => unaryTensorOp(op, v));
  if (v.kind === "int" || v.kind === "bool") {
    const n = v.kind === "bool" ? (v.v ? 1 : 0) : v.v;
    if (op === "-") return binaryOp("*", int(n), int(-1));
    if (op === "+") return int(n);
    if (op === "~") return typeof n === "number" ? int(~n) : unknown();
  }
  if (v.kind === "float") return op === "-" ? float(-v.v) : op === "+" ? v : unknown();
  return unknown();
}

/** Runs a shape rule; PyTorch errors become diagnostics, gaps become info, both yield unknown. */
export function withRuleErrors(ctx: EvalContext, file: string, node: SyntaxNode, fn: () => Value): Value {
  return runRule(ctx, file, node, fn);
}

function evalComprehension(ctx: EvalContext, scope: Scope, node: SyntaxNode): Value {
  const inner = new Scope(scope, "function", scope.file);
  const clauses = node.namedChildren.filter((c) => c.type === "for_in_clause" || c.type === "if_clause");
  const body = node.childForFieldName("body")!;
  const results: Value[] = [];
  const dictEntries = new Map<string, [Value, Value]>();
  let failed = false;
  const since = ctx.recorder?.snapshot();
  const run = (i: number): void => {
    if (failed) return;
    if (i === clauses.length) {
      if (node.type === "dictionary_comprehension") {
        const k = evalExpr(ctx, inner, body.childForFieldName("key")!);
        const v = evalExpr(ctx, inner, body.childForFieldName("value")!);
        if (isUnknown(k)) failed = true;
        else dictEntries.set(keyOf(k), [k, v]);
      } else results.push(evalExpr(ctx, inner, body));
      return;
    }
    const clause = clauses[i];
    if (clause.type === "if_clause") {
      const t = truthy(evalExpr(ctx, inner, clause.namedChildren[0]));
      if (t === undefined) failed = true;
      else if (t) run(i + 1);
      return;
    }
    const items = iterate(ctx, evalExpr(ctx, i === 0 ? scope : inner, clause.childForFieldName("right")!));
    if (!items) {
      failed = true;
      return;
    }
    for (const item of items) {
      assignTarget(ctx, inner, clause.childForFieldName("left")!, item);
      run(i + 1);
      if (failed) return;
    }
  };
  run(0);
  if (failed) {
    // Items it did not reach may have called modules (`[blk(x) for blk in ...]`).
    if (since && node.descendantsOfType("call").length) ctx.recorder!.markIncompleteSince(since);
    return unknown("comprehension over unknown values");
  }
  switch (node.type) {
    case "dictionary_comprehension":
      return { kind: "dict", entries: dictEntries };
    case "set_comprehension": {
      const entries = new Map<string, Value>();
      for (const v of results) entries.set(keyOf(v), v);
      return { kind: "set", entries };
    }
    case "generator_expression":
      return tuple(results);
    default:
      return list(results);
  }
}

function makeLambda(scope: Scope, node: SyntaxNode): FunctionV {
  return {
    kind: "function",
    name: "<lambda>",
    qualname: `<lambda>@${node.startIndex}`,
    node,
    closure: scope,
    defaults: new Map(),
    file: scope.file,
  };
}
