// Value-aware elementwise rules: Python operators on tensors, torch.add/sub/mul/div/pow/
// floor_divide/remainder and comparisons (with PyTorch's type promotion), and the unary math
// functions RegNet-style configuration code uses (log, exp, sqrt, round, floor, ...).

import { Value } from "../../values";
import { BoundArgs } from "../args";
import { BinOp, CmpOp, UnOp, binary, compare, unary } from "./compute";
import { extend } from "./extend";
import { noValues } from "./numeric";
import { Operand, operand } from "./promote";
import { attach } from "./store";

function operandOf(v: Value): Operand {
  return operand(v) ?? noValues("operand values are not known");
}

function first(b: BoundArgs): Value {
  return b.values.get("self") ?? b.values.get("input") ?? noValues("no tensor argument");
}

/** The two operands (self/input and other/exponent), whatever the order they were passed in. */
function pair(b: BoundArgs): [Value, Value] {
  return [first(b), b.values.get("other") ?? b.values.get("exponent") ?? noValues("no second operand")];
}

const DUNDER: [string, BinOp][] = [
  ["add", "add"],
  ["sub", "sub"],
  ["mul", "mul"],
  ["truediv", "truediv"],
  ["floordiv", "floordiv"],
  ["mod", "mod"],
  ["pow", "pow"],
];
for (const [name, op] of DUNDER) {
  extend([`Tensor.__${name}__`], [], (b, out) => {
    const [x, y] = pair(b);
    return attach(out, binary(op, operandOf(x), operandOf(y)));
  });
  // Reflected: `other <op> self`.
  extend([`Tensor.__r${name}__`], [], (b, out) => {
    const [x, y] = pair(b);
    return attach(out, binary(op, operandOf(y), operandOf(x)));
  });
}

const FUNCS: [string[], BinOp][] = [
  [["add"], "add"],
  [["sub", "subtract"], "sub"],
  [["mul", "multiply"], "mul"],
  [["true_divide"], "truediv"],
  [["floor_divide"], "floordiv"],
  [["remainder"], "mod"],
  [["pow"], "pow"],
];
for (const [names, op] of FUNCS) {
  extend(
    names.flatMap((n) => [`torch.${n}`, `Tensor.${n}`]),
    ["alpha"],
    (b, out) => {
      if (b.has("alpha")) noValues("alpha= is not tracked");
      const [x, y] = pair(b);
      return attach(out, binary(op, operandOf(x), operandOf(y)));
    },
  );
}

extend(["torch.div", "Tensor.div", "torch.divide", "Tensor.divide"], ["rounding_mode"], (b, out) => {
  const [x, y] = pair(b);
  const mode = b.get("rounding_mode");
  if (mode.kind === "none") return attach(out, binary("truediv", operandOf(x), operandOf(y)));
  if (mode.kind === "str" && mode.v === "floor") {
    // Integer floor division only; float floor division rounds in ways not emulated.
    return attach(out, binary("floordiv", operandOf(x), operandOf(y)));
  }
  return noValues("rounding_mode is not tracked");
});

const CMP: CmpOp[] = ["lt", "le", "gt", "ge", "eq", "ne"];
const CMP_ALIASES: Record<string, CmpOp> = { less: "lt", less_equal: "le", greater: "gt", greater_equal: "ge", not_equal: "ne" };
for (const op of CMP) {
  extend([`Tensor.__${op}__`], [], (b, out) => {
    const [x, y] = pair(b);
    if (y.kind === "none") return undefined;
    return attach(out, compare(op, operandOf(x), operandOf(y)));
  });
}
for (const [name, op] of [...CMP.map((o) => [o, o] as [string, CmpOp]), ...Object.entries(CMP_ALIASES)]) {
  extend([`torch.${name}`, `Tensor.${name}`], [], (b, out) => {
    const [x, y] = pair(b);
    return attach(out, compare(op, operandOf(x), operandOf(y)));
  });
}

const UNARY: [string[], UnOp][] = [
  [["neg", "negative", "__neg__"], "neg"],
  [["abs", "absolute", "__abs__"], "abs"],
  [["round"], "round"],
  [["floor"], "floor"],
  [["ceil"], "ceil"],
  [["trunc", "fix"], "trunc"],
  [["log"], "log"],
  [["log2"], "log2"],
  [["log10"], "log10"],
  [["exp"], "exp"],
  [["sqrt"], "sqrt"],
  [["reciprocal"], "reciprocal"],
  [["square"], "square"],
];
for (const [names, op] of UNARY) {
  extend(
    names.flatMap((n) => (n.startsWith("__") ? [`Tensor.${n}`] : [`torch.${n}`, `Tensor.${n}`])),
    ["decimals"],
    (b, out) => {
      if (b.has("decimals") || b.rest.length) noValues("extra arguments are not tracked");
      const x = operandOf(first(b));
      if (x.rank === 0) noValues("not a tensor");
      return attach(out, unary(op, x.vals));
    },
  );
}
extend(["Tensor.__pos__", "torch.positive", "Tensor.positive"], [], (b, out) => {
  const x = operandOf(first(b));
  if (x.rank === 0 || x.vals.dtype === "bool") noValues("positive of bools raises");
  return attach(out, x.vals);
});
