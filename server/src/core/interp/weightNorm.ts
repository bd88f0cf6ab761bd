// torch.nn.utils.weight_norm(module, name="weight", dim=0): the module keeps its shapes; its parameter
// `name` becomes `name_v` (same size) plus `name_g`, whose size is the weight's along `dim` (one
// element for dim None or -1). Anything else about the module stays as it was.

import { type BuiltinFnV, type InstanceV, type Value, builtinFn, unknown } from "../values";

function gSize(weight: Value, dim: Value): number | undefined {
  if (weight.kind !== "tensor" || !weight.shape || weight.lead) return undefined;
  if (dim.kind === "none" || (dim.kind === "int" && dim.v === -1)) return 1;
  if (dim.kind !== "int" || typeof dim.v !== "number" || dim.v < 0 || dim.v >= weight.shape.length) return undefined;
  const d = weight.shape[dim.v];
  return typeof d === "number" ? d : undefined;
}

export const weightNorm: BuiltinFnV = builtinFn("torch.nn.utils.weight_norm", (c) => {
  const [module, nameArg, dimArg] = c.args;
  const name = c.kwargs.get("name") ?? nameArg ?? { kind: "str", v: "weight" };
  const dim = c.kwargs.get("dim") ?? dimArg ?? { kind: "int", v: 0 };
  if (module?.kind !== "instance" || !module.modules || name.kind !== "str")
    return unknown("weight_norm of a module the engine does not know");
  const inst: InstanceV = module;
  const g = gSize(inst.attrs.get(name.v) ?? { kind: "unknown" }, dim);
  // The layer's own count keeps `name` (now `name_v`, the same size); `name_g` is added.
  inst.ownParams?.set(`${name.v}_g`, g ?? null);
  return inst;
});
