// Statement execution: assignments (recording hints during a forward pass), control flow with
// joins for unknown conditions, loops with budgets, definitions, imports, raise/assert.

import { isExtra, type SyntaxNode } from "../parse";
import { NONE, Scope, type Value, unknown, type FunctionV, type ClassV, str } from "../values";
import { type EvalContext, type RecorderSnapshot } from "./context";
import { evalExpr } from "./expressions";
import { assignTarget, assignedNames, bindUnknown } from "./assign";
import { BreakSignal, ContinueSignal, PyRaiseSignal, ReturnSignal, UncertainControl } from "./signals";
import { exceptionName, handlerCatches } from "./exceptions";
import { truthy, binaryOp } from "./operators";
import { iterate } from "./iteration";
import { joinValues } from "./join";
import { execImport, execImportFrom } from "./imports";
import { applyDecorators } from "./decorators";
import { mro } from "./classes";
import { formatValue } from "./format";
import { withRuleErrors } from "./expressions";
import { invalidateValues, stripValues } from "../ops/values/store";
import { UNKNOWN_ATTRS } from "./hasattr";
import { knownEqual } from "../dim";
import { shapeError } from "../errors";
import { fmtList } from "../ops/spatialArith";

const MAX_WHILE = 10000;

export function execBlock(ctx: EvalContext, scope: Scope, block: SyntaxNode): void {
  for (const stmt of block.namedChildren) execStmt(ctx, scope, stmt);
}

export function execStmt(ctx: EvalContext, scope: Scope, node: SyntaxNode): void {
  ctx.tick(scope.file, node);
  switch (node.type) {
    case "expression_statement":
      for (const c of node.namedChildren) execExpressionStatement(ctx, scope, c, node);
      return;
    case "return_statement": {
      const v = node.namedChildren.find((c) => !isExtra(c));
      throw new ReturnSignal(v ? evalExpr(ctx, scope, v) : NONE);
    }
    case "if_statement":
      return execIf(ctx, scope, node);
    case "for_statement":
      return execFor(ctx, scope, node);
    case "while_statement":
      return execWhile(ctx, scope, node);
    case "try_statement":
      return execTry(ctx, scope, node);
    case "with_statement":
      return execWith(ctx, scope, node);
    case "function_definition":
      defineFunction(ctx, scope, node, []);
      return;
    case "class_definition":
      defineClass(ctx, scope, node, []);
      return;
    case "decorated_definition": {
      const decorators = node.namedChildren.filter((c) => c.type === "decorator");
      const def = node.childForFieldName("definition")!;
      if (def.type === "function_definition") defineFunction(ctx, scope, def, decorators);
      else if (def.type === "class_definition") defineClass(ctx, scope, def, decorators);
      return;
    }
    case "import_statement":
      return execImport(ctx, scope, node);
    case "import_from_statement":
      return execImportFrom(ctx, scope, node);
    case "raise_statement":
      return execRaise(ctx, scope, node);
    case "assert_statement":
      return execAssert(ctx, scope, node);
    case "global_statement":
    case "nonlocal_statement":
      if (scope.kind === "function") {
        scope.outerNames ??= new Map();
        for (const n of node.namedChildren)
          if (n.type === "identifier") scope.outerNames.set(n.text, node.type === "global_statement" ? "global" : "nonlocal");
      }
      return;
    case "pass_statement":
    case "future_import_statement":
    case "comment":
    case "type_alias_statement":
      return;
    case "break_statement":
      throw ctx.uncertain > 0 && ctx.loopUncertainBase < ctx.uncertain ? new UncertainControl() : new BreakSignal();
    case "continue_statement":
      throw ctx.uncertain > 0 && ctx.loopUncertainBase < ctx.uncertain ? new UncertainControl() : new ContinueSignal();
    case "delete_statement":
      for (const t of deleteTargets(node)) deleteTarget(ctx, scope, t);
      return;
    case "ERROR":
      return;
    default:
      // match statements, print statements and the like: names they bind become unknown.
      for (const name of assignedNames(node)) scope.vars.set(name, unknown(`${node.type} is not modelled`));
      return;
  }
}

function execExpressionStatement(ctx: EvalContext, scope: Scope, expr: SyntaxNode, stmt: SyntaxNode): void {
  if (expr.type === "assignment") return execAssignment(ctx, scope, expr, stmt);
  if (expr.type === "augmented_assignment") return execAugmented(ctx, scope, expr, stmt);
  if (ctx.recorder && isBuiltinPrint(scope, expr)) return recordPrint(ctx, scope, expr, stmt);
  const value = evalExpr(ctx, scope, expr);
  // A bare expression at module level is what a notebook cell displays (`m.weight.shape`).
  if (scope.kind === "module") ctx.recorder?.recordLine(scope.file, stmt, value, ctx.uncertain > 0, "display");
}

function isBuiltinPrint(scope: Scope, expr: SyntaxNode): boolean {
  if (expr.type !== "call") return false;
  const fn = expr.childForFieldName("function");
  if (fn?.type !== "identifier" || fn.text !== "print") return false;
  const bound = scope.lookup("print");
  return bound === undefined || (bound.kind === "builtin" && bound.name === "print");
}

/** `print(y.shape)`: the line shows the one tensor or torch.Size it prints (print itself does nothing). */
function recordPrint(ctx: EvalContext, scope: Scope, call: SyntaxNode, stmt: SyntaxNode): void {
  const args = call.childForFieldName("arguments")?.namedChildren ?? [];
  const shown: Value[] = [];
  for (const a of args) {
    if (a.type === "comment" || a.type === "keyword_argument" || a.type === "list_splat" || a.type === "dictionary_splat") continue;
    const v = evalExpr(ctx, scope, a);
    if (v.kind === "tensor" || (v.kind === "tuple" && v.isSize)) shown.push(v);
  }
  if (shown.length === 1) ctx.recorder?.recordLine(scope.file, stmt, shown[0], ctx.uncertain > 0, "display");
}

function execAssignment(ctx: EvalContext, scope: Scope, node: SyntaxNode, stmt: SyntaxNode): void {
  const targets: SyntaxNode[] = [];
  let cur: SyntaxNode | null = node;
  while (cur && cur.type === "assignment") {
    targets.push(cur.childForFieldName("left")!);
    const right = cur.childForFieldName("right");
    if (!right) return; // annotation only: `x: int`
    cur = right;
  }
  const value = evalExpr(ctx, scope, cur!);
  for (const t of targets) assignTarget(ctx, scope, t, value);
  // `s = x.shape` shows the Size; unpacking it (`b, c, h, w = x.shape`) assigns ints and shows nothing.
  const single = targets.length === 1 && targets[0].type === "identifier";
  ctx.recorder?.recordLine(scope.file, stmt, value, ctx.uncertain > 0, single ? "assign-one" : "assign");
}

/** The targets of `del a, b[0], c.d` (tree-sitter wraps several in an expression list). */
function deleteTargets(node: SyntaxNode): SyntaxNode[] {
  return node.namedChildren.flatMap((t) => (t.type === "expression_list" ? [...t.namedChildren] : [t])).filter((t) => !isExtra(t));
}

/**
 * `del name` unbinds it; `del items[i]` / `del d[k]` / `del seq[0]` make the container's contents unknown; `del self.fc`
 * removes the attribute, and with it the submodule or parameter it registered.
 */
function deleteTarget(ctx: EvalContext, scope: Scope, target: SyntaxNode): void {
  if (target.type === "identifier") {
    scope.vars.delete(target.text);
    return;
  }
  const objectNode =
    target.type === "subscript"
      ? target.childForFieldName("value")
      : target.type === "attribute"
        ? target.childForFieldName("object")
        : null;
  if (!objectNode) return;
  const obj = evalExpr(ctx, scope, objectNode);
  if (target.type === "subscript") {
    if (obj.kind === "list" || obj.kind === "dict") obj.poisoned = true;
    // `del seq[0]` on a Sequential / ModuleList / ModuleDict: its submodules (and forward) are no longer known.
    else if (obj.kind === "instance" && obj.modules) obj.attrs.set("__uncertain_modules__", str("yes"));
    return;
  }
  if (obj.kind !== "instance") return;
  const name = target.childForFieldName("attribute")!.text;
  if (ctx.uncertain > 0) {
    if (obj.modules) obj.attrs.set("__uncertain_modules__", str("yes"));
    obj.attrs.set(UNKNOWN_ATTRS, str("yes"));
    return;
  }
  obj.attrs.delete(name);
  obj.modules?.delete(name);
  obj.ownParams?.delete(name);
}

/**
 * `t += x` on a tensor writes into `t`: the result keeps t's shape and dtype, and a broadcast shape that
 * differs from it is PyTorch's error. (`@=` has no in-place form: Python rebinds `t = t @ x`.)
 */
function inPlaceResult(op: string, current: Value, value: Value): Value {
  if (op === "@" || current.kind !== "tensor" || value.kind !== "tensor" || !current.shape || current.lead || !value.shape || value.lead)
    return value;
  const own = current.shape;
  const broadcast = value.shape;
  const differs = own.length !== broadcast.length || own.some((d, i) => knownEqual(d, broadcast[i]) === false);
  if (differs) shapeError("broadcast", `output with shape ${fmtList(own)} doesn't match the broadcast shape ${fmtList(broadcast)}`);
  return { ...value, shape: own, dtype: current.dtype };
}

function execAugmented(ctx: EvalContext, scope: Scope, node: SyntaxNode, stmt: SyntaxNode): void {
  const target = node.childForFieldName("left")!;
  const op = node.childForFieldName("operator")!.text.slice(0, -1);
  const current = evalExpr(ctx, scope, target);
  const right = evalExpr(ctx, scope, node.childForFieldName("right")!);
  if (op === "+" && current.kind === "list") {
    const items = iterate(ctx, right);
    if (!items) current.poisoned = true;
    else if (ctx.uncertain > 0) current.poisoned = true;
    else current.items.push(...items);
    return;
  }
  const iadd =
    op === "+" && current.kind === "instance"
      ? mro(current.cls).find((c) => c.builtin?.methods?.__iadd__)?.builtin?.methods?.__iadd__
      : undefined;
  let value =
    iadd && current.kind === "instance"
      ? iadd(current, { args: [right], kwargs: new Map() }, ctx)
      : withRuleErrors(ctx, scope.file, node, () => inPlaceResult(op, current, binaryOp(op, current, right)));
  // `t += x` works in place on a tensor (aliases and views change too): no values are tracked.
  if (current.kind === "tensor") {
    invalidateValues(current);
    value = stripValues(value);
  }
  assignTarget(ctx, scope, target, value);
  ctx.recorder?.recordLine(scope.file, stmt, value, ctx.uncertain > 0);
}

interface BranchResult {
  vars?: Map<string, Value>;
}

/** Runs alternatives that the evaluator cannot choose between and joins the local variables. */
function runUncertainBranches(ctx: EvalContext, scope: Scope, branches: (SyntaxNode | undefined)[]): void {
  const before = new Map(scope.vars);
  const results: BranchResult[] = [];
  const returned: Value[] = [];
  ctx.uncertain++;
  try {
    for (const b of branches) {
      scope.vars.clear();
      for (const [k, v] of before) scope.vars.set(k, v);
      try {
        if (b) execBlock(ctx, scope, b);
        results.push({ vars: new Map(scope.vars) });
      } catch (e) {
        if (e instanceof PyRaiseSignal) results.push({});
        else if (e instanceof ReturnSignal) {
          returned.push(e.value);
          results.push({});
        } else throw e;
      }
    }
  } finally {
    ctx.uncertain--;
  }
  const live = results.filter((r) => r.vars).map((r) => r.vars!);
  scope.vars.clear();
  if (!live.length) {
    for (const [k, v] of before) scope.vars.set(k, v);
    if (returned.length) throw new ReturnSignal(returned.reduce(joinValues));
    throw new PyRaiseSignal("every branch raises");
  }
  const names = new Set<string>();
  for (const m of live) for (const k of m.keys()) names.add(k);
  for (const name of names) {
    const vals = live.map((m) => m.get(name));
    if (vals.some((v) => v === undefined)) scope.vars.set(name, unknown(`'${name}' is set on only some branches`));
    else scope.vars.set(name, (vals as Value[]).reduce(joinValues));
  }
  if (returned.length) {
    scope.pendingReturns = [...(scope.pendingReturns ?? []), ...returned];
    // The function may already have returned: the rest of it runs only on some paths.
    ctx.uncertain++;
    scope.uncertainRest = (scope.uncertainRest ?? 0) + 1;
  }
}

function execIf(ctx: EvalContext, scope: Scope, node: SyntaxNode): void {
  const clauses: { cond?: SyntaxNode; body: SyntaxNode }[] = [
    { cond: node.childForFieldName("condition")!, body: node.childForFieldName("consequence")! },
  ];
  for (const alt of node.childrenForFieldName("alternative")) {
    if (alt.type === "elif_clause")
      clauses.push({ cond: alt.childForFieldName("condition")!, body: alt.childForFieldName("consequence")! });
    else clauses.push({ body: alt.childForFieldName("body")! });
  }
  for (let i = 0; i < clauses.length; i++) {
    const c = clauses[i];
    if (!c.cond) {
      execBlock(ctx, scope, c.body);
      return;
    }
    const t = truthy(evalExpr(ctx, scope, c.cond));
    if (t === true) {
      execBlock(ctx, scope, c.body);
      return;
    }
    if (t === undefined) {
      if (ctx.recorder) ctx.gap(scope.file, c.cond, "this condition is not known: every branch is followed and their values joined");
      // This clause and every later one might run: join them (with "none ran" if there is no else).
      const rest = clauses.slice(i);
      const bodies: (SyntaxNode | undefined)[] = rest.map((r) => r.body);
      if (rest[rest.length - 1].cond) bodies.push(undefined);
      runUncertainBranches(ctx, scope, bodies);
      return;
    }
  }
}

function execLoopBody(ctx: EvalContext, scope: Scope, body: SyntaxNode): "break" | "continue" | "normal" {
  try {
    execBlock(ctx, scope, body);
    return "normal";
  } catch (e) {
    if (e instanceof BreakSignal) return "break";
    if (e instanceof ContinueSignal) return "continue";
    throw e;
  }
}

/** A loop stopped before its end: its variables are unknown, and what it recorded may be incomplete. */
function giveUpLoop(ctx: EvalContext, scope: Scope, node: SyntaxNode, reason: string, since?: RecorderSnapshot): void {
  ctx.gap(scope.file, node, reason);
  ctx.skippedWrites = true;
  if (ctx.recorder && since) ctx.recorder.markIncompleteSince(since);
  markSkippedRegistrations(scope, node);
  for (const name of assignedNames(node)) scope.vars.set(name, unknown(reason));
}

/**
 * Objects a given-up loop writes to (`self.x = ...`, `self.add_module(...)`, `setattr(self, ...)`) may have
 * submodules and parameters the engine never saw: their module tree and parameter total become unknown.
 */
const REGISTRATIONS = ["add_module", "register_module", "register_parameter", "register_buffer", "__setattr__"];

function markSkippedRegistrations(scope: Scope, loop: SyntaxNode): void {
  const written = new Set<string>();
  for (const n of loop.descendantsOfType(["assignment", "augmented_assignment", "call"])) {
    if (n.type === "call") {
      const fn = n.childForFieldName("function");
      const first = n.childForFieldName("arguments")?.namedChildren[0];
      const method = fn?.type === "attribute" ? fn.childForFieldName("attribute")?.text : undefined;
      if (method && REGISTRATIONS.includes(method) && fn!.childForFieldName("object")?.type === "identifier")
        written.add(fn!.childForFieldName("object")!.text);
      if (fn?.type === "identifier" && fn.text === "setattr" && first?.type === "identifier") written.add(first.text);
      continue;
    }
    const left = n.childForFieldName("left");
    const obj = left?.type === "attribute" || left?.type === "subscript" ? left.namedChildren[0] : undefined;
    if (obj?.type === "identifier") written.add(obj.text);
  }
  for (const name of written) {
    const v = scope.lookup(name);
    if (v?.kind !== "instance") continue;
    v.attrs.set(UNKNOWN_ATTRS, str("yes"));
    if (v.modules) v.attrs.set("__uncertain_modules__", str("yes"));
  }
}

function execFor(ctx: EvalContext, scope: Scope, node: SyntaxNode): void {
  const target = node.childForFieldName("left")!;
  const body = node.childForFieldName("body")!;
  const items = iterate(ctx, evalExpr(ctx, scope, node.childForFieldName("right")!));
  const since = ctx.recorder?.snapshot();
  if (!items) {
    // Run the body once on unknown values so that mutations it makes are marked uncertain.
    ctx.uncertain++;
    try {
      bindUnknown(ctx, scope, target);
      execLoopBody(ctx, scope, body);
    } catch (e) {
      if (!(e instanceof PyRaiseSignal || e instanceof UncertainControl || e instanceof ReturnSignal)) throw e;
    } finally {
      ctx.uncertain--;
    }
    giveUpLoop(ctx, scope, node, "loop over a sequence that is not known", since);
    return;
  }
  const savedBase = ctx.loopUncertainBase;
  ctx.loopUncertainBase = ctx.uncertain;
  try {
    for (const item of items) {
      ctx.tick(scope.file, node);
      assignTarget(ctx, scope, target, item);
      if (execLoopBody(ctx, scope, body) === "break") return;
    }
  } catch (e) {
    if (e instanceof UncertainControl) {
      giveUpLoop(ctx, scope, node, "break/continue under a condition that is not known", since);
      return;
    }
    throw e;
  } finally {
    ctx.loopUncertainBase = savedBase;
  }
  const alt = node.childForFieldName("alternative");
  if (alt) execBlock(ctx, scope, alt.childForFieldName("body")!);
}

function execWhile(ctx: EvalContext, scope: Scope, node: SyntaxNode): void {
  const body = node.childForFieldName("body")!;
  const savedBase = ctx.loopUncertainBase;
  ctx.loopUncertainBase = ctx.uncertain;
  const since = ctx.recorder?.snapshot();
  try {
    for (let i = 0; i < MAX_WHILE; i++) {
      const t = truthy(evalExpr(ctx, scope, node.childForFieldName("condition")!));
      if (t === undefined) return giveUpLoop(ctx, scope, node, "while condition is not known", since);
      if (!t) {
        const alt = node.childForFieldName("alternative");
        if (alt) execBlock(ctx, scope, alt.childForFieldName("body")!);
        return;
      }
      if (execLoopBody(ctx, scope, body) === "break") return;
    }
    giveUpLoop(ctx, scope, node, `while loop ran more than ${MAX_WHILE} times`, since);
  } catch (e) {
    if (e instanceof UncertainControl) return giveUpLoop(ctx, scope, node, "break/continue under a condition that is not known", since);
    throw e;
  } finally {
    ctx.loopUncertainBase = savedBase;
  }
}

function execTry(ctx: EvalContext, scope: Scope, node: SyntaxNode): void {
  const body = node.childForFieldName("body")!;
  const handlers = node.namedChildren.filter((c) => c.type === "except_clause" || c.type === "except_group_clause");
  const elseClause = node.namedChildren.find((c) => c.type === "else_clause");
  const finallyClause = node.namedChildren.find((c) => c.type === "finally_clause");
  try {
    let handler: SyntaxNode | undefined;
    // An exception a handler may catch is no error of the file.
    const savedSuppress = ctx.suppressRaiseDiagnostics;
    if (handlers.length) ctx.suppressRaiseDiagnostics = true;
    try {
      execBlock(ctx, scope, body);
    } catch (e) {
      if (!(e instanceof PyRaiseSignal) || !handlers.length) throw e;
      handler = catchingHandler(handlers, e);
      // No handler catches it, or which one does is not known: it goes on (nothing after it shows).
      if (!handler) throw e;
    } finally {
      ctx.suppressRaiseDiagnostics = savedSuppress;
    }
    if (handler) {
      const block = handler.namedChildren.find((c) => c.type === "block");
      if (block) execBlock(ctx, scope, block);
    } else if (elseClause) execBlock(ctx, scope, elseClause.childForFieldName("body") ?? elseClause.namedChildren[0]);
  } finally {
    if (finallyClause) {
      const block = finallyClause.namedChildren.find((c) => c.type === "block");
      if (block) execBlock(ctx, scope, block);
    }
  }
}

/** The first except clause that catches `signal`, as Python tries them in order; undefined when none or not known. */
function catchingHandler(handlers: readonly SyntaxNode[], signal: PyRaiseSignal): SyntaxNode | undefined {
  const raised = exceptionName(signal);
  for (const h of handlers) {
    const catches = handlerCatches(h, raised);
    if (catches === undefined) return undefined;
    if (catches) return h;
  }
  return undefined;
}

function execWith(ctx: EvalContext, scope: Scope, node: SyntaxNode): void {
  const clause = node.namedChildren.find((c) => c.type === "with_clause");
  for (const item of clause?.namedChildren ?? []) {
    if (item.type !== "with_item") continue;
    const value = item.childForFieldName("value");
    if (!value) continue;
    if (value.type === "as_pattern") {
      evalExpr(ctx, scope, value.namedChildren[0]);
      const target = value.childForFieldName("alias");
      if (target) bindUnknown(ctx, scope, target.namedChildren[0] ?? target);
    } else evalExpr(ctx, scope, value);
  }
  execBlock(ctx, scope, node.childForFieldName("body")!);
}

function execRaise(ctx: EvalContext, scope: Scope, node: SyntaxNode): void {
  const exc = node.namedChildren[0];
  let message = "an exception";
  if (exc) {
    let text = exc.text;
    if (exc.type === "call") {
      const args = exc.childForFieldName("arguments")?.namedChildren ?? [];
      const first = args[0] ? evalExpr(ctx, scope, args[0]) : undefined;
      const fnName = exc.childForFieldName("function")?.text ?? "Exception";
      const msg = first ? formatValue(first) : "";
      text = msg !== undefined ? `${fnName}: ${msg}` : fnName;
    }
    message = text;
  }
  if (ctx.uncertain === 0 && !ctx.suppressRaiseDiagnostics) ctx.report(scope.file, node, "error", "raise", `This line raises ${message}`);
  throw new PyRaiseSignal(message);
}

function execAssert(ctx: EvalContext, scope: Scope, node: SyntaxNode): void {
  const [cond, msg] = node.namedChildren.filter((c) => !isExtra(c));
  const t = truthy(evalExpr(ctx, scope, cond));
  if (t !== false) return;
  let message = "AssertionError";
  if (msg) {
    const m = formatValue(evalExpr(ctx, scope, msg));
    if (m !== undefined) message = `AssertionError: ${m}`;
  }
  if (ctx.uncertain === 0 && !ctx.suppressRaiseDiagnostics)
    ctx.report(scope.file, node, "error", "raise", `This assertion fails: ${message}`);
  throw new PyRaiseSignal(message);
}

export function defineFunction(ctx: EvalContext, scope: Scope, node: SyntaxNode, decorators: SyntaxNode[]): void {
  const name = node.childForFieldName("name")!.text;
  const defaults = new Map<string, Value>();
  for (const p of node.childForFieldName("parameters")?.namedChildren ?? []) {
    if (p.type === "default_parameter" || p.type === "typed_default_parameter") {
      defaults.set(p.childForFieldName("name")!.text, evalExpr(ctx, scope, p.childForFieldName("value")!));
    }
  }
  const owner = scope.kind === "class" ? (scope.vars.get("__classobj__") as ClassV | undefined) : undefined;
  const fn: FunctionV = {
    kind: "function",
    name,
    qualname: `${scope.file}:${node.startIndex}:${name}`,
    node,
    closure: scope.kind === "class" ? (scope.parent ?? scope) : scope,
    defaults,
    file: scope.file,
    owner,
  };
  scope.vars.set(name, applyDecorators(ctx, scope, fn, decorators));
}

export function defineClass(ctx: EvalContext, scope: Scope, node: SyntaxNode, decorators: SyntaxNode[]): void {
  const name = node.childForFieldName("name")!.text;
  const bases: ClassV[] = [];
  let basesKnown = true;
  for (const b of node.childForFieldName("superclasses")?.namedChildren ?? []) {
    if (b.type === "keyword_argument" || isExtra(b)) continue;
    const v = evalExpr(ctx, scope, b);
    if (v.kind === "class") bases.push(v);
    else if (b.type === "subscript") {
      // Generic[T] and the like: keep the subscripted class when it is one.
      const base = evalExpr(ctx, scope, b.childForFieldName("value")!);
      if (base.kind === "class") bases.push(base);
    } else basesKnown = false;
  }
  const cls: ClassV = {
    kind: "class",
    name,
    qualname: `${scope.file}:${node.startIndex}:${name}`,
    bases,
    attrs: new Map(),
    node,
    file: scope.file,
  };
  if (!basesKnown) cls.attrs.set("__unknown_base__", unknown("a base class is not known"));
  const body = new Scope(scope, "class", scope.file);
  body.vars.set("__classobj__", cls);
  body.vars.set("__name__", str(name));
  try {
    execBlock(ctx, body, node.childForFieldName("body")!);
  } catch (e) {
    if (!(e instanceof PyRaiseSignal)) throw e;
  }
  body.vars.delete("__classobj__");
  for (const [k, v] of body.vars) cls.attrs.set(k, v);
  // Annotated class-level fields, in order, for @dataclass / NamedTuple.
  cls.dataclassFields = [];
  for (const stmt of node.childForFieldName("body")!.namedChildren) {
    const a = stmt.type === "expression_statement" ? stmt.namedChildren[0] : undefined;
    if (a?.type === "assignment" && a.childForFieldName("type") && a.childForFieldName("left")?.type === "identifier") {
      const fname = a.childForFieldName("left")!.text;
      const right = a.childForFieldName("right");
      const dv = right ? cls.attrs.get(fname) : undefined;
      cls.dataclassFields.push({ name: fname, default: dv && dv.kind !== "unknown" ? dv : right ? dv : undefined });
    }
  }
  if (bases.some((b) => b.name === "NamedTuple")) cls.isDataclass = true;
  scope.vars.set(name, applyDecorators(ctx, scope, cls, decorators));
}
