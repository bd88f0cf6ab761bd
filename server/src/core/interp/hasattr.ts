// When an attribute is known NOT to exist, for hasattr() and getattr(obj, name, default): only on
// objects whose every attribute the engine knows (user classes and instances whose state was never
// written in a way it could not follow) and on torch namespaces, whose names come from PyTorch 1.13.

import { type ClassV, type InstanceV, type Value } from "../values";
import { mro } from "./classes";
import { PRELUDE_FILE } from "./preludeSource";
import { TORCH_NAMES } from "./torchNames";

/** Markers on an instance saying that attributes may have been set without the engine knowing which. */
export const UNKNOWN_ATTRS = "__unknown_attrs__";
const UNCERTAIN_MARKERS = ["__uncertain_modules__", UNKNOWN_ATTRS];

const moduleNames = new Set(TORCH_NAMES["module"]);
const namespaceNames = new Map(Object.entries(TORCH_NAMES).map(([k, v]) => [k, new Set(v)]));

/** True only when `obj.name` certainly raises AttributeError (`skippedWrites`: see EvalContext). */
export function attributeMissing(obj: Value, name: string, skippedWrites: boolean): boolean {
  // Dunder names (__init__, __dict__, ...) exist on every object in ways not modelled here.
  if (name.startsWith("__") && name.endsWith("__")) return false;
  switch (obj.kind) {
    case "pymodule": {
      const names = obj.library ? namespaceNames.get(obj.name) : undefined;
      return !!names && !names.has(name) && !obj.attrs.has(name);
    }
    case "instance":
      return !skippedWrites && instanceMissing(obj, name);
    case "class":
      return !skippedWrites && classKnown(obj) && !classHas(obj, name);
    default:
      return false;
  }
}

function instanceMissing(inst: InstanceV, name: string): boolean {
  if (!classKnown(inst.cls)) return false;
  if (UNCERTAIN_MARKERS.some((m) => inst.attrs.has(m))) return false;
  if (inst.attrs.has(name) || inst.modules?.has(name) || classHas(inst.cls, name)) return false;
  return true;
}

/** A class whose attributes are all visible: user classes over nn.Module or object, no __getattr__. */
function classKnown(cls: ClassV): boolean {
  for (const c of mro(cls)) {
    if (c.attrs.has("__unknown_base__") || c.attrs.has("__getattr__") || c.attrs.has("__getattribute__")) return false;
    if (c.builtin && c.builtin.typeName !== "Module" && c.name !== "object") return false;
    // torch.nn classes the prelude models have more attributes in PyTorch than in the prelude.
    if (c.file === PRELUDE_FILE) return false;
  }
  return true;
}

function classHas(cls: ClassV, name: string): boolean {
  const chain = mro(cls);
  if (chain.some((c) => c.attrs.has(name))) return true;
  // nn.Module's own API (training, parameters, _modules, ...), as dir(nn.Module()) lists it.
  return chain.some((c) => c.builtin?.isModule) && moduleNames.has(name);
}
