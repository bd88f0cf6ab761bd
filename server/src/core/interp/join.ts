// Joining values from paths the evaluator could not decide between (an `if` on an unknown
// condition): equal values survive, anything that differs becomes unknown.

import * as D from "../dim";
import { type Value, unknown } from "../values";
import { stripValues } from "../ops/values/store";

function sameShape(a: D.Dim[] | null, b: D.Dim[] | null): boolean {
  if (!a || !b || a.length !== b.length) return false;
  return a.every((d, i) => D.equal(d, b[i]));
}

export function joinValues(a: Value, b: Value): Value {
  if (a === b) return a;
  if (a.kind !== b.kind) return unknown("differs between branches");
  switch (a.kind) {
    case "int":
      return D.equal(a.v, (b as typeof a).v) ? a : unknown("differs between branches");
    case "float":
    case "bool":
    case "str":
      return a.v === (b as typeof a).v ? a : unknown("differs between branches");
    case "none":
    case "ellipsis":
      return a;
    case "tensor": {
      const t = b as typeof a;
      // Element values survive only when both paths have the very same ones.
      const sameData =
        a.dtype === t.dtype && JSON.stringify([a.data, a.bounds]) === JSON.stringify([t.data, t.bounds]) && a.storage === t.storage;
      if (sameShape(a.shape, t.shape) && a.lead === t.lead) return sameData ? a : stripValues(a);
      return { kind: "tensor", shape: null };
    }
    case "tuple":
    case "list": {
      const items = (b as typeof a).items;
      if (items.length !== a.items.length) return unknown("differs between branches");
      const joined = a.items.map((x, i) => joinValues(x, items[i]));
      return { ...a, items: joined };
    }
    default:
      return unknown("differs between branches");
  }
}

export function joinAll(values: Value[]): Value {
  return values.reduce((acc, v) => joinValues(acc, v));
}
