// Attribute access and assignment: instances (nn.Module registration of submodules and
// parameters), classes, super(), Python modules, tensors (shape, ndim, methods) and plain values.

import type { SyntaxNode } from "../parse";
import { product } from "../dim";
import { functionRule } from "../ops/registry";
import {
  type ClassV,
  type InstanceV,
  NONE,
  RESHAPED_PARAMS,
  type TensorV,
  type Value,
  builtinFn,
  int,
  str,
  unknown,
  type FunctionV,
} from "../values";
import type { EvalContext } from "./context";
import { findInMro, isModule, mro } from "./classes";
import { joinValues } from "./join";
import { pythonMethod } from "./pythonMethods";
import { ruleAsBuiltin } from "./ruleBuiltin";
import { UNKNOWN_ATTRS } from "./hasattr";

export function getAttr(ctx: EvalContext, obj: Value, name: string, node: SyntaxNode, file: string): Value {
  switch (obj.kind) {
    case "instance":
      return instanceAttr(ctx, obj, name, node);
    case "class":
      return classAttr(ctx, obj, name, node);
    case "super":
      return superAttr(ctx, obj.cls, obj.self, name, node);
    case "pymodule": {
      const v = obj.attrs.get(name) ?? obj.lookup?.(name, ctx);
      if (v !== undefined) return v;
      const missing = unknown(`${obj.name}.${name} is not modelled`);
      if (obj.library) missing.notModule = true;
      return missing;
    }
    case "tensor":
      return tensorAttr(obj, name);
    case "function":
      if (name === "__name__") return str(obj.name);
      return unknown();
    case "unknown":
      // Attributes of a library's missing attribute (`torch._C._log_api_usage_once`) are the library's too.
      return obj.notModule ? { kind: "unknown", notModule: true } : unknown();
    default: {
      const method = pythonMethod(ctx, obj, name);
      if (method) return method;
      // A method the engine does not model (`items.remove(x)`) may change the container: its contents are no longer known.
      if (obj.kind === "list" || obj.kind === "dict") obj.poisoned = true;
      return unknown(`attribute ${name} of ${obj.kind} is not modelled`);
    }
  }
  void file;
}

/** `obj.__dict__`: the plain attributes (not submodules or engine markers); writes go to the object. */
export function attrsDict(inst: InstanceV): Value {
  const entries = new Map<string, [Value, Value]>();
  for (const [k, v] of inst.attrs) if (!(k.startsWith("__") && k.endsWith("__"))) entries.set(`s:${k}`, [str(k), v]);
  return { kind: "dict", entries, attrsOwner: inst };
}

function bindFunction(ctx: EvalContext, fn: FunctionV, self: Value, cls: ClassV, node: SyntaxNode): Value {
  if (fn.isStatic) return fn;
  if (fn.isClassMethod) return { kind: "bound", self: cls, fn };
  if (fn.isProperty) return ctx.interp.callFunction(ctx, fn, { args: [self], kwargs: new Map() }, node);
  return { kind: "bound", self, fn };
}

function instanceAttr(ctx: EvalContext, inst: InstanceV, name: string, node: SyntaxNode): Value {
  const m = inst.modules?.get(name);
  if (m) return m;
  if (name === "_modules" && inst.modules) {
    if (inst.attrs.has("__uncertain_modules__")) return unknown("the submodules are not known");
    const entries = new Map<string, [Value, Value]>();
    for (const [k, v] of inst.modules) entries.set(`s:${k}`, [str(k), v]);
    return { kind: "dict", entries, moduleOwner: inst };
  }
  const own = inst.attrs.get(name);
  if (own !== undefined) return own;
  if (name === "__class__") return inst.cls;
  if (name === "__dict__") return attrsDict(inst);
  const found = findInMro(inst.cls, name);
  if (found) {
    if (found.value.kind === "function") return bindFunction(ctx, found.value, inst, inst.cls, node);
    return found.value;
  }
  for (const c of mro(inst.cls)) {
    const method = c.builtin?.methods?.[name];
    if (method) return builtinFn(`${c.name}.${name}`, (call, cx) => method(inst, call, cx));
    if (name === "forward" && c.builtin?.forward) {
      const fwd = c.builtin.forward;
      return builtinFn(`${c.name}.forward`, (call, cx) => fwd(inst, call, cx));
    }
  }
  return unknown(`${inst.cls.name}.${name} is not known`);
}

function classAttr(ctx: EvalContext, cls: ClassV, name: string, node: SyntaxNode): Value {
  if (name === "__name__") return str(cls.name);
  const found = findInMro(cls, name);
  if (found) {
    const v = found.value;
    if (v.kind === "function" && v.isClassMethod) return { kind: "bound", self: cls, fn: v };
    if (v.kind === "function" && v.isProperty) return unknown();
    return v;
  }
  // An engine method read from its class (`nn.Module.__setattr__`) takes the instance first.
  for (const c of mro(cls)) {
    const method = c.builtin?.methods?.[name];
    if (method)
      return builtinFn(`${c.name}.${name}`, (call, cx) => {
        const [self, ...args] = call.args;
        if (self?.kind !== "instance") return unknown(`${c.name}.${name} needs an instance`);
        return method(self, { args, kwargs: call.kwargs }, cx);
      });
  }
  void ctx;
  void node;
  return unknown(`${cls.name}.${name} is not known`);
}

function superAttr(ctx: EvalContext, cls: ClassV, self: Value, name: string, node: SyntaxNode): Value {
  const selfCls = self.kind === "instance" ? self.cls : self.kind === "class" ? self : undefined;
  if (!selfCls) return unknown();
  const order = mro(selfCls);
  const start = order.indexOf(cls);
  for (const c of order.slice(start + 1)) {
    const v = c.attrs.get(name);
    if (v !== undefined) {
      if (v.kind === "function") return bindFunction(ctx, v, self, selfCls, node);
      return v;
    }
    if (name === "__init__" && c.isDataclass && self.kind === "instance") {
      return builtinFn(`${c.name}.__init__`, (call) => {
        ctx.interp.initDataclass(ctx, c, self, call);
        return NONE;
      });
    }
    const b = c.builtin;
    if (!b || self.kind !== "instance") continue;
    if (name === "__init__") {
      if (b.init) {
        const init = b.init;
        return builtinFn(`${c.name}.__init__`, (call, cx) => {
          init(self, call, cx);
          return NONE;
        });
      }
      if (b.isModule) return builtinFn(`${c.name}.__init__`, () => NONE);
    }
    if (name === "forward" && b.forward) {
      const fwd = b.forward;
      return builtinFn(`${c.name}.forward`, (call, cx) => fwd(self, call, cx));
    }
    const method = b.methods?.[name];
    if (method) return builtinFn(`${c.name}.${name}`, (call, cx) => method(self, call, cx));
  }
  if (name === "__init__") return builtinFn("object.__init__", () => NONE);
  return unknown(`super().${name} is not known`);
}

function tensorAttr(t: TensorV, name: string): Value {
  switch (name) {
    case "shape":
      if (!t.shape || t.lead) return unknown("tensor shape is not known");
      return { kind: "tuple", items: t.shape.map((d) => int(d)), isSize: true };
    case "ndim":
      if (!t.shape || t.lead) return unknown();
      return int(t.shape.length);
    case "T":
    case "mT": {
      if (!t.shape || t.lead) return { kind: "tensor", shape: null };
      const s = [...t.shape];
      if (name === "T") s.reverse();
      else if (s.length >= 2) [s[s.length - 2], s[s.length - 1]] = [s[s.length - 1], s[s.length - 2]];
      else return unknown("mT needs at least 2 dims");
      return { kind: "tensor", shape: s, maybeNonContiguous: true };
    }
    case "data":
      return t;
    case "dtype":
      return { kind: "opaque", name: t.dtype ?? "torch.float32" };
    case "device":
      return { kind: "opaque", name: "device" };
    case "is_cuda":
    case "requires_grad":
      return unknown();
    case "grad":
      return unknown();
  }
  const rule = functionRule(`Tensor.${name}`);
  if (rule) {
    const fn = ruleAsBuiltin(`Tensor.${name}`, rule);
    return { kind: "bound", self: t, fn };
  }
  return unknown(`Tensor.${name} is not modelled`);
}

function paramCount(v: TensorV): number | null {
  if (!v.shape || v.lead) return null;
  const n = product(v.shape);
  return typeof n === "number" ? n : null;
}

const LAYER_ATTRS_NO_SHAPE = new Set(["training", "inplace", "p", "requires_grad", "eps", "momentum", "negative_slope"]);

function sameKnownShape(a: Value, b: Value): boolean {
  if (a.kind !== "tensor" || b.kind !== "tensor" || !a.shape || !b.shape || a.lead || b.lead) return false;
  return a.shape.length === b.shape.length && a.shape.every((d, i) => typeof d === "number" && d === b.shape![i]);
}

export function setAttr(ctx: EvalContext, obj: Value, name: string, value: Value, node: SyntaxNode, file: string): void {
  void node;
  void file;
  if (obj.kind === "class") {
    obj.attrs.set(name, value);
    return;
  }
  if (obj.kind !== "instance") return;
  if (ctx.uncertain > 0) {
    // Set on some paths only: whether the attribute exists is no longer known (hasattr), nor whether
    // a submodule or parameter assigned here is registered (the parameter total).
    obj.attrs.set(UNKNOWN_ATTRS, str("yes"));
    if (obj.modules && (isModule(value) || (value.kind === "tensor" && value.isParam) || value.kind === "unknown"))
      obj.attrs.set("__uncertain_modules__", str("yes"));
    const old = obj.modules?.get(name) ?? obj.attrs.get(name);
    if (old !== undefined && old !== value) value = joinValues(old, value);
    // A submodule that may not exist in PyTorch's model gets no row: usable as an attribute only.
    if (old === undefined && obj.modules && isModule(value)) {
      obj.attrs.set(name, value);
      return;
    }
  }
  // Replacing a layer's weight/bias with another tensor (tied weights): its own count stays, but PyTorch's
  // model total counts a shared parameter once, which the engine cannot tell from a fresh one.
  if (obj.layer && value.kind === "tensor" && obj.attrs.get(name)?.kind === "tensor")
    obj.attrs.set("__shared_params__", { kind: "str", v: "yes" });
  // A layer's setting changed after construction (`conv.stride = (1, 1)`, `lin.weight = nn.Parameter(randn(20, 8))`):
  // its rule reads the constructor's arguments, so it no longer tells what the layer's forward gives. A weight
  // replaced by one of the same shape (tied weights) or a change of mode changes no shape.
  if (obj.layer && !LAYER_ATTRS_NO_SHAPE.has(name) && !isModule(value)) {
    const before = obj.attrs.get(name);
    if (!(before?.kind === "tensor" && sameKnownShape(before, value))) obj.attrs.set(RESHAPED_PARAMS, { kind: "str", v: "yes" });
  }
  const unknownBase = value.kind === "instance" && mro(value.cls).some((c) => c.attrs.has("__unknown_base__"));
  if (obj.modules) {
    if (isModule(value)) {
      obj.attrs.delete(name);
      obj.ownParams?.delete(name);
      obj.modules.set(name, value);
      return;
    }
    if (value.kind === "tensor" && value.isParam) {
      obj.modules.delete(name);
      obj.attrs.set(name, value);
      obj.ownParams!.set(name, paramCount(value));
      return;
    }
    if (value.kind === "none" && obj.modules.has(name)) {
      obj.modules.set(name, NONE);
      return;
    }
    if (value.kind === "none" && obj.ownParams?.has(name)) {
      obj.ownParams.set(name, 0);
      obj.attrs.set(name, NONE);
      return;
    }
    if (obj.modules.has(name)) obj.modules.delete(name);
    // An unknown value might be a submodule with parameters: the module tree is no longer complete.
    // So might an object whose class derives from an unknown base (`class Block(ImportedMLP)`).
    if (value.kind === "unknown" || unknownBase) obj.attrs.set("__uncertain_modules__", { kind: "str", v: "yes" });
  }
  obj.attrs.set(name, value);
}
