// Calling things: user functions and lambdas (Python argument binding), bound methods, partials,
// builtins, classes (instantiation, including nn.Module subclasses) and module instances (forward).
// Shape rules run inside runRule, which turns PyTorch errors into diagnostics.

import type { SyntaxNode } from "../parse";
import { type Fit, ShapeError, Unknown, takeWarnings } from "../errors";
import { argumentFix } from "../fixes";
import {
  type CallArgs,
  type ClassV,
  type FunctionV,
  type InstanceV,
  NONE,
  Scope,
  type Value,
  str,
  tuple,
  unknown,
  isUnknown,
  HOOKED,
  PRE_HOOKED,
  RESHAPED_PARAMS,
} from "../values";
import { UNKNOWN_ATTRS } from "./hasattr";
import { type EvalContext, ProbeDone, rangeOf } from "./context";
import { BreakSignal, ContinueSignal, PyRaiseSignal, ReturnSignal, UncertainControl } from "./signals";
import { hasUnknownInput } from "./ruleBuiltin";
import { describeLayerCall, layerMacs } from "./layerInfo";
import { findInMro, isModuleClass, mro } from "./classes";
import { joinAll } from "./join";
import { toJson } from "./json";
import { layoutAfter } from "./layout";
import { layerReceptiveField, passReceptiveField } from "./receptive";
import type { ArgumentFix, RelatedInfo } from "../api";
import { PRELUDE_FILE } from "./preludeSource";
import { isPreludeClass, moduleMacs, totalParams } from "./prelude";

const MAX_CALL_DEPTH = 120;

/**
 * Runs a rule; ShapeError → error diagnostic, Unknown → gap; both give unknown. `fixFor` turns the
 * error's Fit (the argument value that would avoid it) into an edit of the layer's construction.
 */
export function runRule(
  ctx: EvalContext,
  file: string,
  node: SyntaxNode,
  fn: () => Value,
  related?: () => RelatedInfo[],
  fixFor?: (fit: Fit) => ArgumentFix | undefined,
): Value {
  try {
    const out = fn();
    for (const w of takeWarnings()) ctx.report(file, node, "warning", w.code, w.message, related?.());
    return out;
  } catch (e) {
    takeWarnings();
    if (e instanceof ShapeError) {
      // After an error PyTorch raises, Python runs nothing more of this pass: no further error is real.
      if (ctx.recorder?.halted) return unknown(e.message);
      if (ctx.recorder && ctx.uncertain === 0 && !ctx.suppressRaiseDiagnostics) ctx.recorder.halted = true;
      const fix = e.fit && fixFor?.(e.fit);
      ctx.report(file, node, ctx.uncertain > 0 ? "warning" : "error", e.code, e.message, related?.(), fix ? [fix] : undefined);
      return unknown(e.message);
    }
    if (e instanceof Unknown) {
      ctx.gap(file, node, e.reason);
      return unknown(e.reason);
    }
    throw e;
  }
}

export function callValue(ctx: EvalContext, callee: Value, call: CallArgs, node: SyntaxNode, file: string): Value {
  if (file === PRELUDE_FILE) return dispatchCall(ctx, callee, call, node, file);
  const saved = ctx.userSite;
  ctx.userSite = { file, node };
  try {
    return dispatchCall(ctx, callee, call, node, file);
  } finally {
    ctx.userSite = saved;
  }
}

function dispatchCall(ctx: EvalContext, callee: Value, call: CallArgs, node: SyntaxNode, file: string): Value {
  switch (callee.kind) {
    case "function":
      return callFunction(ctx, callee, call, node);
    case "bound": {
      const withSelf: CallArgs = { args: [callee.self, ...call.args], kwargs: call.kwargs };
      return callValue(ctx, callee.fn, withSelf, node, file);
    }
    case "partial": {
      const kwargs = new Map(callee.kwargs);
      for (const [k, v] of call.kwargs) kwargs.set(k, v);
      return callValue(ctx, callee.fn, { args: [...callee.args, ...call.args], kwargs }, node, file);
    }
    case "builtin": {
      const prevFile = ctx.currentFile;
      const prevNode = ctx.currentCall;
      ctx.currentFile = file;
      ctx.currentCall = node;
      try {
        const out = runRule(ctx, file, node, () => callee.call(call, ctx));
        return out.kind === "tensor" ? { ...out, origin: { file, node, what: callee.name } } : out;
      } finally {
        ctx.currentFile = prevFile;
        ctx.currentCall = prevNode;
      }
    }
    case "class":
      return instantiate(ctx, callee, call, node, file);
    case "instance":
      return callInstance(ctx, callee, call, node, file);
    case "unknown":
      // Whatever was called may have been one of the model's modules: their calls are lost.
      if (ctx.recorder && !callee.notModule && mayBeModuleCall(call)) ctx.recorder.lostCalls = true;
      // Objects handed to it may get attributes the engine never sees (hasattr stays unknown on them).
      for (const a of [...call.args, ...call.kwargs.values()]) if (a.kind === "instance") a.attrs.set(UNKNOWN_ATTRS, str("yes"));
      // The root cause of an unknown callee (`Tensor.repeat_interleave is not modelled`) is said where it is called.
      if (ctx.runForward && callee.reason && file !== PRELUDE_FILE) ctx.gap(file, node, callee.reason);
      return unknown();
    default:
      return unknown(`${callee.kind} is not callable`);
  }
}

/** A call with no arguments, or with one that may hold a tensor: `str.startswith("a")` is no module call. */
function mayBeModuleCall(call: CallArgs): boolean {
  const args = [...call.args, ...call.kwargs.values()];
  const plain = ["str", "int", "float", "bool", "none", "opaque", "class", "function", "builtin"];
  return !args.length || args.some((a) => !plain.includes(a.kind));
}

/** Binds arguments to a def/lambda's parameters in a fresh scope (Python's rules, simplified). */
function bindParameters(ctx: EvalContext, fn: FunctionV, scope: Scope, call: CallArgs): void {
  const params = fn.node.childForFieldName("parameters");
  const positional = [...call.args];
  const kwargs = new Map(call.kwargs);
  let kwOnly = false;
  let varkwName: string | undefined;
  if (params) {
    for (const p of params.namedChildren) {
      let kind = p.type;
      let nameNode: SyntaxNode | null = p;
      if (kind === "typed_parameter") {
        const inner = p.namedChildren[0];
        kind = inner.type === "identifier" ? "identifier" : inner.type;
        nameNode = inner;
      }
      if (kind === "default_parameter" || kind === "typed_default_parameter") nameNode = p.childForFieldName("name");
      switch (kind) {
        case "identifier":
        case "default_parameter":
        case "typed_default_parameter": {
          const name = nameNode!.text;
          let v: Value | undefined;
          if (!kwOnly && positional.length) v = positional.shift();
          else if (kwargs.has(name)) {
            v = kwargs.get(name);
            kwargs.delete(name);
          } else if (fn.defaults.has(name)) v = fn.defaults.get(name);
          else if (kind !== "identifier") v = ctx.interp.evalExpr(ctx, fn.closure, p.childForFieldName("value")!);
          scope.vars.set(name, v ?? unknown(`missing argument '${name}'`));
          break;
        }
        case "list_splat_pattern":
          scope.vars.set(nameNode!.namedChildren[0]?.text ?? "args", tuple(positional.splice(0)));
          kwOnly = true;
          break;
        case "keyword_separator":
          kwOnly = true;
          break;
        case "dictionary_splat_pattern":
          varkwName = nameNode!.namedChildren[0]?.text;
          break;
        default:
          break;
      }
    }
  }
  // A keyword no parameter takes, without **kwargs to catch it: Python raises TypeError before the body runs.
  // (The prelude's simplified signatures are no evidence, nor is a decorated def, whose decorator is not
  // modelled and may take keywords of its own; a missing argument stays an unknown value.)
  // Positional arguments left over (no *args to take them) raise the same way.
  const leftover = positional.length > 0 || (!varkwName && kwargs.size > 0);
  if (leftover && params && fn.file !== PRELUDE_FILE && !ctx.inDecorated && !isDecorated(fn)) {
    const [name] = kwargs.keys();
    const owner = fn.owner ? `${fn.owner.name}.` : "";
    const given = call.args.length;
    const message =
      positional.length > 0
        ? `TypeError: ${owner}${fn.name}() takes ${given - positional.length} positional arguments but ${given} were given`
        : scope.vars.has(name)
          ? `TypeError: ${owner}${fn.name}() got multiple values for argument '${name}'`
          : `TypeError: ${owner}${fn.name}() got an unexpected keyword argument '${name}'`;
    const site = ctx.userSite;
    if (site && ctx.uncertain === 0 && !ctx.suppressRaiseDiagnostics)
      ctx.report(site.file, site.node, "error", "invalid-argument", message);
    throw new PyRaiseSignal(message);
  }
  if (varkwName) {
    const entries = new Map<string, [Value, Value]>();
    for (const [k, v] of kwargs) entries.set(`s:${k}`, [{ kind: "str", v: k }, v]);
    scope.vars.set(varkwName, { kind: "dict", entries });
  }
}

/** A def under a decorator other than staticmethod/classmethod/property (which the engine models). */
function isDecorated(fn: FunctionV): boolean {
  const parent = fn.node.parent;
  if (parent?.type !== "decorated_definition") return false;
  return parent.namedChildren.some(
    (d) => d.type === "decorator" && !/(^|\.)(staticmethod|classmethod|property|cached_property)$/.test(d.text.replace(/^@\s*/, "").trim()),
  );
}

export function callFunction(ctx: EvalContext, fn: FunctionV, call: CallArgs, node: SyntaxNode, definingClass?: ClassV): Value {
  if (ctx.callDepth >= MAX_CALL_DEPTH) throw ctx.budgetExceeded("depth", fn.file, node);
  ctx.markCalled(fn.file, fn.node);
  const scope = new Scope(fn.closure, "function", fn.file);
  bindParameters(ctx, fn, scope, call);
  const owner = definingClass ?? fn.owner;
  if (owner) {
    scope.vars.set("__class__", owner);
    scope.hasClassCell = usesClassCell(fn.node);
  }
  const firstParam = fn.node.childForFieldName("parameters")?.namedChildren[0];
  if (firstParam && call.args.length) scope.vars.set("__self__", call.args[0]);
  ctx.callDepth++;
  const decorated = isDecorated(fn);
  if (decorated) ctx.inDecorated++;
  try {
    if (fn.node.type === "lambda") return ctx.interp.evalExpr(ctx, scope, fn.node.childForFieldName("body")!);
    if (containsYield(fn.node)) {
      if (ctx.recorder) ctx.recorder.lostCalls = true;
      ctx.skippedWrites = true;
      return unknown("generator functions are not modelled");
    }
    let result: Value = NONE;
    try {
      ctx.interp.execBlock(ctx, scope, fn.node.childForFieldName("body")!);
    } catch (e) {
      if (e instanceof ReturnSignal) result = e.value;
      // `break`/`continue` outside a loop (half-typed or mis-indented code): Python refuses the function.
      else if (e instanceof BreakSignal || e instanceof ContinueSignal || e instanceof UncertainControl)
        throw new PyRaiseSignal("SyntaxError: 'break' or 'continue' outside loop");
      else throw e;
    }
    const pending = scope.pendingReturns;
    return pending && pending.length ? joinAll([...pending, result]) : result;
  } finally {
    ctx.callDepth--;
    if (decorated) ctx.inDecorated--;
    ctx.uncertain -= scope.uncertainRest ?? 0;
  }
}

const classCellCache = new WeakMap<SyntaxNode, boolean>();

/** Whether a method refers to super or __class__ (CPython then gives it a `__class__` cell). */
function usesClassCell(fnNode: SyntaxNode): boolean {
  let v = classCellCache.get(fnNode);
  if (v === undefined) {
    v = /\b(super|__class__)\b/.test(fnNode.childForFieldName("body")?.text ?? "");
    classCellCache.set(fnNode, v);
  }
  return v;
}

function containsYield(fnNode: SyntaxNode): boolean {
  const body = fnNode.childForFieldName("body");
  if (!body) return false;
  const stack = [body];
  while (stack.length) {
    const n = stack.pop()!;
    if (n.type === "yield") return true;
    if (n.type === "function_definition" || n.type === "lambda" || n.type === "class_definition") continue;
    stack.push(...n.namedChildren);
  }
  return false;
}

export function newInstance(ctx: EvalContext, cls: ClassV, node: SyntaxNode | undefined, file: string): InstanceV {
  const inst: InstanceV = { kind: "instance", cls, attrs: new Map(), id: ctx.nextId++ };
  if (isModuleClass(cls)) {
    inst.modules = new Map();
    inst.ownParams = new Map();
    // A module starts in training mode, as in PyTorch (a model analysed on its own is put in eval mode).
    inst.attrs.set("training", { kind: "bool", v: true });
    // Submodules the prelude builds (linear1, self_attn, ...) belong to the user's construction.
    if (node) inst.origin = file === PRELUDE_FILE ? ctx.userSite : { file, node };
  }
  return inst;
}

export function instantiate(ctx: EvalContext, cls: ClassV, call: CallArgs, node: SyntaxNode, file: string): Value {
  // Builtin value classes (OrderedDict, torch.Size, exceptions) construct directly.
  const direct = mro(cls).find((c) => c.builtin?.construct);
  if (direct && !mro(cls).some((c) => !c.builtin && c.attrs.has("__init__"))) {
    return runRule(ctx, file, node, () => direct.builtin!.construct!(call, ctx));
  }
  const inst = newInstance(ctx, cls, node, file);
  // A dataclass's generated __init__ is inherited by subclasses that define none.
  const dataclass = mro(cls).find((c) => c.isDataclass || c.attrs.has("__init__"));
  if (dataclass?.isDataclass && (dataclass === cls || !dataclass.attrs.has("__init__"))) {
    initDataclass(ctx, dataclass, inst, call);
    return inst;
  }
  const init = findInMro(cls, "__init__");
  if (init && init.value.kind === "function") {
    // A module's construction records no hints, as when a model is built before its forward pass;
    // it may run part of the model on a dummy tensor (`self.features(torch.zeros(1, 3, H, W))`).
    const recorder = ctx.recorder;
    const savedRun = ctx.runForward;
    if (inst.modules) {
      ctx.recorder = undefined;
      ctx.runForward = true;
    }
    try {
      callFunction(ctx, init.value, { args: [inst, ...call.args], kwargs: call.kwargs }, node, init.owner);
    } finally {
      ctx.recorder = recorder;
      ctx.runForward = savedRun;
    }
  } else {
    const b = mro(cls).find((c) => c.builtin?.init);
    if (b) {
      // A failed construction still yields the instance (with unknown parameters), so that the
      // parent's module tree and parameter totals do not silently lose it.
      const r = runRule(ctx, file, node, () => {
        b.builtin!.init!(inst, call, ctx);
        return NONE;
      });
      if (isUnknown(r) && inst.modules && !inst.layer) inst.attrs.set("__uncertain_modules__", { kind: "str", v: "yes" });
    }
  }
  const post = findInMro(cls, "__post_init__");
  if (post && post.value.kind === "function") callFunction(ctx, post.value, { args: [inst], kwargs: new Map() }, node, post.owner);
  return inst;
}

export function initDataclass(ctx: EvalContext, cls: ClassV, inst: InstanceV, call: CallArgs): void {
  const fields: { name: string; default?: Value }[] = [];
  for (const c of [...mro(cls)].reverse()) {
    for (const f of c.dataclassFields ?? []) {
      const i = fields.findIndex((x) => x.name === f.name);
      if (i >= 0) fields.splice(i, 1);
      fields.push(f);
    }
  }
  const args = [...call.args];
  for (const f of fields) {
    let v = args.length ? args.shift() : call.kwargs.get(f.name);
    if (v === undefined) v = f.default ?? unknown(`missing dataclass field ${f.name}`);
    inst.attrs.set(f.name, v);
  }
  const post = findInMro(cls, "__post_init__");
  if (post && post.value.kind === "function") callFunction(ctx, post.value, { args: [inst], kwargs: new Map() }, cls.node!, post.owner);
}

export function callInstance(ctx: EvalContext, inst: InstanceV, call: CallArgs, node: SyntaxNode, file: string): Value {
  if (!inst.modules) {
    const c = findInMro(inst.cls, "__call__");
    if (c && c.value.kind === "function")
      return callFunction(ctx, c.value, { args: [inst, ...call.args], kwargs: call.kwargs }, node, c.owner);
    return unknown(`${inst.cls.name} object is not callable`);
  }
  if (!ctx.runForward) return unknown("module calls at module level are not evaluated");
  const probe = ctx.inputProbe;
  if (probe && inst.layer && !probe.firstLayer && call.args[0] === probe.input) {
    probe.firstLayer = inst;
    probe.uncertain = ctx.uncertain > 0;
    throw new ProbeDone();
  }
  // A forward pre-hook may replace the input and a forward hook the output (Shape Lens does not run them):
  // the forward then runs on inputs it does not know, and the call gives a value it does not know.
  if (inst.attrs.has(PRE_HOOKED)) {
    const lost = (v: Value): Value => (v.kind === "none" ? v : unknown("a forward pre-hook may replace this input"));
    call = { args: call.args.map(lost), kwargs: new Map([...call.kwargs].map(([k, v]) => [k, lost(v)])) };
  }
  const event = ctx.recorder?.beginModuleCall(inst, call.args, ctx.uncertain > 0);
  let output = runForward(ctx, inst, call, node, file);
  if (inst.attrs.has(HOOKED)) output = unknown("a forward hook registered on this module may replace its output");
  if (output.kind === "tensor") output = { ...output, origin: { file, node, what: inst.cls.builtin?.typeName ?? inst.cls.name } };
  if (event) event.output = output;
  if (ctx.recorder) ctx.recorder.recordModuleCall(inst, output, ctx.uncertain > 0, inst.layer ? layerMacs(inst, output) : moduleMacs(inst));
  return output;
}

function runForward(ctx: EvalContext, inst: InstanceV, call: CallArgs, node: SyntaxNode, file: string): Value {
  // `model.forward = ...` on the instance: nn.Module.__call__ calls that attribute, not the class's forward.
  const own = inst.attrs.get("forward");
  if (own) {
    if (own.kind === "function" || own.kind === "bound" || own.kind === "partial") return ctx.interp.callValue(ctx, own, call, node, file);
    return unknown("the module's forward was replaced on the instance");
  }
  const userForward = findUserMethod(inst.cls, "forward");
  if (userForward) {
    const out = callFunction(ctx, userForward.fn, { args: [inst, ...call.args], kwargs: call.kwargs }, node, userForward.owner);
    // A torch.nn module written in the prelude shows in hovers and construction hints like a layer.
    if (isPreludeClass(inst.cls)) recordLayerCall(ctx, inst, call, out, node, file);
    return out;
  }
  const impl = mro(inst.cls).find((c) => c.builtin?.forward);
  if (!impl) return unknown(`${inst.cls.name} has no forward`);
  if ((hasUnknownInput(call) || inst.attrs.has(RESHAPED_PARAMS)) && inst.layer) {
    recordLayerCall(ctx, inst, call, unknown(), node, file);
    return unknown();
  }
  const prevFile = ctx.currentFile;
  const prevNode = ctx.currentCall;
  ctx.currentFile = file;
  ctx.currentCall = node;
  let out: Value;
  try {
    out = runRule(
      ctx,
      file,
      node,
      () => impl.builtin!.forward!(inst, call, ctx),
      () => relatedForLayer(inst, call),
      (fit) =>
        inst.origin && inst.cls.builtin ? argumentFix(inst.origin.file, inst.origin.node, inst.cls.builtin.typeName, fit) : undefined,
    );
  } finally {
    ctx.currentFile = prevFile;
    ctx.currentCall = prevNode;
  }
  out = layoutAfter(`nn.${inst.cls.name}`, call, out);
  if (out.kind === "tensor") {
    const rf = layerReceptiveField(inst, call.args[0] ?? NONE) ?? passReceptiveField(call, out);
    out = rf ? { ...out, rf } : out;
  }
  if (inst.layer) recordLayerCall(ctx, inst, call, out, node, file);
  return out;
}

/** Related information for a layer's error: where its input came from, where it was built. */
function relatedForLayer(inst: InstanceV, call: CallArgs): RelatedInfo[] {
  const out: RelatedInfo[] = [];
  const input = call.args[0];
  if (input?.kind === "tensor" && input.origin && input.shape) {
    out.push({
      file: input.origin.file,
      range: rangeOf(input.origin.node),
      message: `the input [${input.shape.map(String).join(", ")}] is produced here (${input.origin.what})`,
    });
  }
  if (inst.origin) {
    out.push({ file: inst.origin.file, range: rangeOf(inst.origin.node), message: `the ${inst.cls.name} is constructed here` });
  }
  return out;
}

function findUserMethod(cls: ClassV, name: string): { fn: FunctionV; owner: ClassV } | undefined {
  for (const c of mro(cls)) {
    if (c.builtin) continue;
    const v = c.attrs.get(name);
    if (v && v.kind === "function") return { fn: v, owner: c };
  }
  return undefined;
}

function recordLayerCall(ctx: EvalContext, inst: InstanceV, call: CallArgs, out: Value, node: SyntaxNode, file: string): void {
  if (!ctx.recorder || file === PRELUDE_FILE) return;
  const info = describeLayerCall(inst, call, out);
  ctx.recorder.layerCalls.push({
    module: inst,
    record: {
      file,
      callRange: rangeOf(node),
      constructFile: inst.origin?.file,
      constructRange: inst.origin ? rangeOf(inst.origin.node) : undefined,
      type: inst.cls.builtin?.typeName ?? inst.cls.name,
      inputs: call.args.map(toJson),
      output: toJson(out),
      params: inst.layer ? inst.layer.params : totalParams(inst),
      macs: info.macs,
      receptiveField: out.kind === "tensor" ? out.rf?.size : undefined,
      effectiveStride: out.kind === "tensor" ? out.rf?.jump : undefined,
      explain: info.lines,
      paramsFormula: info.paramsFormula,
      geometry: info.geometry,
    },
  });
}
