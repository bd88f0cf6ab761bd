// PyTorch's type promotion (torch.result_type) for the dtypes the value tracker supports: tensors
// with dimensions outrank 0-dim tensors, which outrank Python scalars; a scalar only matters when
// it is of a higher category (bool < integer < float), and a Python float then counts as the
// default dtype float32.

import { Value } from "../../values";
import { VDtype, isFloat, noValues } from "./numeric";
import { Vals, valsOf } from "./store";

/** An operand of an elementwise op: its values and how strongly it takes part in promotion. */
export interface Operand {
  vals: Vals;
  /** 2: tensor with dims, 1: 0-dim tensor, 0: Python scalar (wrapped number). */
  rank: 0 | 1 | 2;
}

const ORDER: VDtype[] = ["bool", "int32", "int64", "float32", "float64"];

export function promoteTypes(a: VDtype, b: VDtype): VDtype {
  return ORDER.indexOf(a) >= ORDER.indexOf(b) ? a : b;
}

type Slot = VDtype | undefined;

function promoteSlot(a: Slot, b: VDtype): VDtype {
  return a === undefined ? b : promoteTypes(a, b);
}

function combineCategories(higher: Slot, lower: Slot): Slot {
  if (higher === undefined) return lower;
  if (lower === undefined) return higher;
  if (isFloat(higher)) return higher;
  if (higher === "bool" || isFloat(lower)) return promoteTypes(higher, lower);
  return higher;
}

export function resultType(ops: readonly Operand[]): VDtype {
  const slots: Slot[] = [undefined, undefined, undefined];
  for (const o of ops) {
    // A wrapped Python float takes the default dtype; Python ints stay int64 and bools bool.
    const d = o.rank === 0 && isFloat(o.vals.dtype) ? "float32" : o.vals.dtype;
    slots[o.rank] = promoteSlot(slots[o.rank], d);
  }
  const r = combineCategories(slots[2], combineCategories(slots[1], slots[0]));
  if (!r) noValues("no operands");
  return r;
}

/** A Python number as a wrapped 0-dim operand (floats are doubles until promotion decides). */
export function scalarOperand(v: Value): Operand | undefined {
  if (v.kind === "bool") return { vals: { dtype: "bool", shape: [], lo: [v.v ? 1 : 0], hi: [v.v ? 1 : 0] }, rank: 0 };
  if (v.kind === "int" && typeof v.v === "number") {
    if (!Number.isSafeInteger(v.v)) return undefined;
    return { vals: { dtype: "int64", shape: [], lo: [v.v], hi: [v.v] }, rank: 0 };
  }
  if (v.kind === "float") return { vals: { dtype: "float64", shape: [], lo: [v.v], hi: [v.v] }, rank: 0 };
  return undefined;
}

/** A Python number or a tensor with known values as an operand; undefined otherwise. */
export function operand(v: Value): Operand | undefined {
  if (v.kind === "tensor") {
    const vals = valsOf(v);
    return vals ? { vals, rank: vals.shape.length ? 2 : 1 } : undefined;
  }
  return scalarOperand(v);
}
