// The legacy tensor constructors: torch.Tensor(2, 3), torch.FloatTensor(n), torch.LongTensor([1, 2]).
// Ints (or one torch.Size) are a size, giving an uninitialised tensor; one list or tuple is data, as
// torch.tensor reads it, in the class's dtype. Anything else (a tensor, a storage) stays unknown.

import { type CallArgs, type ClassV, type Value, tensor, unknown } from "../values";
import { functionRule } from "../ops/registry";
import { ruleAsBuiltin } from "./ruleBuiltin";
import type { EvalContext } from "./context";

/** torch.<Name>Tensor and the dtype of the tensors it builds. */
export const LEGACY_TENSOR_TYPES: Record<string, string> = {
  Tensor: "float32",
  FloatTensor: "float32",
  DoubleTensor: "float64",
  HalfTensor: "float16",
  BFloat16Tensor: "bfloat16",
  LongTensor: "int64",
  IntTensor: "int32",
  ShortTensor: "int16",
  CharTensor: "int8",
  ByteTensor: "uint8",
  BoolTensor: "bool",
};

/** Builds `torch.<name>(...)` for one of LEGACY_TENSOR_TYPES. */
export function legacyTensor(name: string, call: CallArgs, ctx: EvalContext): Value {
  const dtype = LEGACY_TENSOR_TYPES[name];
  if (call.kwargs.size) return unknown(`torch.${name} with keyword arguments is not modelled`);
  const args = call.args;
  const size = args.length === 1 && args[0].kind === "tuple" && args[0].isSize ? args[0].items : args;
  if (size.every((a) => a.kind === "int")) {
    const dims = size.map((a) => (a.kind === "int" ? a.v : 0));
    if (dims.some((d) => typeof d === "number" && d < 0)) return unknown(`torch.${name} with a negative size`);
    return tensor(dims, { dtype });
  }
  const data = args[0];
  if (args.length === 1 && (data.kind === "list" || data.kind === "tuple")) {
    const rule = functionRule("torch.tensor");
    if (!rule) return unknown();
    const kwargs = new Map<string, Value>([["dtype", { kind: "opaque", name: `torch.${dtype}` }]]);
    return ctx.interp.callValue(ctx, ruleAsBuiltin("torch.tensor", rule), { args: [data], kwargs }, ctx.currentCall!, ctx.currentFile);
  }
  return unknown(`torch.${name} of ${args.map((a) => a.kind).join(", ")} is not modelled`);
}

/** Gives torch.Tensor (or a legacy typed class) its constructor. */
export function withLegacyConstructor(cls: ClassV, name: string): ClassV {
  cls.builtin = { typeName: name, construct: (c, ctx) => legacyTensor(name, c, ctx) };
  return cls;
}
