// Indexing and slicing: Python sequences and dicts, nn containers (Sequential[i], ModuleList[a:b],
// ModuleDict[k]), tensors (delegated to the Tensor.__getitem__ rule) and user __getitem__.

import type { SyntaxNode } from "../parse";
import { bind } from "../ops/args";
import { layoutAfter } from "./layout";
import { functionRule } from "../ops/registry";
import { type InstanceV, type NoneV, type Value, keyOf, list, str, tuple, unknown, isUnknown } from "../values";
import type { EvalContext } from "./context";
import { findInMro, hasBaseNamed } from "./classes";
import { invalidateValues } from "../ops/values/store";
import { UNKNOWN_ATTRS } from "./hasattr";

function concreteInt(v: Value): number | undefined {
  if (v.kind === "int" && typeof v.v === "number") return v.v;
  if (v.kind === "bool") return v.v ? 1 : 0;
  return undefined;
}

/** Python slice indices for a sequence of length n; undefined when a bound is not known. */
export function sliceIndices(v: Value & { kind: "slice" }, n: number): number[] | undefined {
  const opt = (x: Value): number | null | undefined => (x.kind === "none" ? null : concreteInt(x));
  const start = opt(v.start);
  const stop = opt(v.stop);
  const step = opt(v.step) ?? 1;
  if (start === undefined || stop === undefined || step === 0) return undefined;
  const out: number[] = [];
  const norm = (i: number, dflt: number, lo: number, hi: number) => {
    if (i < 0) i += n;
    return Math.min(Math.max(i, lo), hi) ?? dflt;
  };
  if (step > 0) {
    const s = start === null ? 0 : norm(start, 0, 0, n);
    const e = stop === null ? n : norm(stop, n, 0, n);
    for (let i = s; i < e; i += step) out.push(i);
  } else {
    const s = start === null ? n - 1 : norm(start, n - 1, -1, n - 1);
    const e = stop === null ? -1 : norm(stop, -1, -1, n - 1);
    for (let i = s; i > e; i += step) out.push(i);
  }
  return out;
}

function indexSequence(items: Value[], index: Value, make: (xs: Value[]) => Value): Value {
  if (index.kind === "slice") {
    const idx = sliceIndices(index, items.length);
    return idx ? make(idx.map((i) => items[i])) : unknown("slice bounds are not known");
  }
  const i = concreteInt(index);
  if (i === undefined) return unknown("index is not known");
  const j = i < 0 ? i + items.length : i;
  if (j < 0 || j >= items.length) return unknown(`index ${i} out of range`);
  return items[j];
}

export function getItem(ctx: EvalContext, obj: Value, index: Value, node: SyntaxNode, file: string): Value {
  if (isUnknown(obj)) return unknown();
  switch (obj.kind) {
    case "list":
      if (obj.poisoned) return unknown();
      return indexSequence(obj.items, index, (xs) => list(xs));
    case "tuple":
      return indexSequence(obj.items, index, (xs) => ({ kind: "tuple", items: xs, isSize: obj.isSize }));
    case "str": {
      const chars = [...obj.v].map((c) => str(c));
      return indexSequence(chars, index, (xs) => str(xs.map((x) => (x as { v: string }).v).join("")));
    }
    case "dict": {
      if (isUnknown(index) || obj.poisoned) return unknown();
      const e = obj.entries.get(keyOf(index));
      return e ? e[1] : unknown(`key ${keyOf(index)} not found`);
    }
    case "tensor": {
      const rule = functionRule("Tensor.__getitem__");
      if (!rule) return unknown("tensor indexing is not modelled");
      if (containsUnknown(index)) return { kind: "tensor", shape: null };
      const call = { args: [obj, index], kwargs: new Map() };
      return layoutAfter("Tensor.__getitem__", call, rule.call(bind("Tensor.__getitem__", rule.signature, call)));
    }
    case "instance":
      return instanceItem(ctx, obj, index, node, file);
    case "class":
    case "pymodule":
    case "opaque":
      // typing subscripts: List[int], Float[Tensor, "..."], Optional[...]
      return { kind: "opaque", name: "typing" };
    default:
      return unknown(`indexing ${obj.kind}`);
  }
}

function containsUnknown(v: Value): boolean {
  if (isUnknown(v)) return true;
  if (v.kind === "tuple" || v.kind === "list") return v.items.some(containsUnknown);
  if (v.kind === "slice") return containsUnknown(v.start) || containsUnknown(v.stop) || containsUnknown(v.step);
  return false;
}

function instanceItem(ctx: EvalContext, inst: InstanceV, index: Value, node: SyntaxNode, file: string): Value {
  if (inst.modules) {
    if (inst.attrs.has("__uncertain_modules__")) return unknown("the members of this container are not known");
    if (hasBaseNamed(inst.cls, "ModuleDict")) {
      if (index.kind !== "str") return unknown();
      return inst.modules.get(index.v) ?? unknown(`ModuleDict has no key '${index.v}'`);
    }
    if (hasBaseNamed(inst.cls, "Sequential") || hasBaseNamed(inst.cls, "ModuleList")) {
      const entries = [...inst.modules.entries()];
      if (index.kind === "slice") {
        const idx = sliceIndices(index, entries.length);
        if (!idx) return unknown();
        // Slicing keeps the container type and (for Sequential) the original names.
        const out = ctx.interp.newInstance(ctx, inst.cls, inst.origin?.node ?? node, inst.origin?.file ?? file);
        const keepNames = hasBaseNamed(inst.cls, "Sequential");
        idx.forEach((i, k) => out.modules!.set(keepNames ? entries[i][0] : String(k), entries[i][1] as InstanceV | NoneV));
        return out;
      }
      return indexSequence(
        entries.map((e) => e[1]),
        index,
        (xs) => tuple(xs),
      );
    }
  }
  const gi = findInMro(inst.cls, "__getitem__");
  if (gi && gi.value.kind === "function")
    return ctx.interp.callFunction(ctx, gi.value, { args: [inst, index], kwargs: new Map() }, node, gi.owner);
  return unknown(`${inst.cls.name} is not subscriptable here`);
}

export function setItem(ctx: EvalContext, obj: Value, index: Value, value: Value): void {
  if (obj.kind === "dict") {
    const owner = obj.moduleOwner;
    if (obj.attrsOwner && (isUnknown(index) || ctx.uncertain > 0)) obj.attrsOwner.attrs.set(UNKNOWN_ATTRS, str("yes"));
    if (
      isUnknown(index) ||
      ctx.uncertain > 0 ||
      (owner && (index.kind !== "str" || (value.kind !== "instance" && value.kind !== "none")))
    ) {
      obj.poisoned = true;
      if (owner) owner.attrs.set("__uncertain_modules__", { kind: "str", v: "yes" });
      return;
    }
    obj.entries.set(keyOf(index), [index, value]);
    if (obj.attrsOwner && index.kind === "str") obj.attrsOwner.attrs.set(index.v, value);
    // `self._modules[name] = m` registers a submodule, like nn.Module.add_module.
    if (owner && index.kind === "str" && (value.kind === "instance" || value.kind === "none"))
      owner.modules?.set(index.v, value as InstanceV);
  } else if (obj.kind === "list") {
    const i = concreteInt(index);
    if (i === undefined || ctx.uncertain > 0) {
      obj.poisoned = true;
      return;
    }
    const j = i < 0 ? i + obj.items.length : i;
    if (j >= 0 && j < obj.items.length) obj.items[j] = value;
  } else if (obj.kind === "instance" && obj.modules && (value.kind === "instance" || value.kind === "none")) {
    const i = concreteInt(index);
    const keys = [...obj.modules.keys()];
    if (index.kind === "str") obj.modules.set(index.v, value as InstanceV);
    else if (i !== undefined && keys[i < 0 ? i + keys.length : i] !== undefined)
      obj.modules.set(keys[i < 0 ? i + keys.length : i], value as InstanceV);
  } else if (obj.kind === "tensor") {
    // t[i] = v writes into the tensor's storage: its element values are no longer known.
    invalidateValues(obj);
  }
}
