// Unary Python operators on tensors (-x, +x, ~x, abs) delegate to the elementwise shape rules.

import { bind } from "../ops/args";
import { layoutAfter } from "./layout";
import { functionRule } from "../ops/registry";
import { type TensorV, type Value, tensor } from "../values";

const names: Record<string, string> = { "-": "__neg__", "+": "__pos__", "~": "__invert__" };

export function unaryTensorOp(op: string, v: TensorV): Value {
  const name = `Tensor.${names[op] ?? ""}`;
  const rule = functionRule(name);
  if (!rule) return tensor(v.shape, { lead: v.lead });
  const call = { args: [v], kwargs: new Map() };
  return layoutAfter(name, call, rule.call(bind(name, rule.signature, call)));
}
