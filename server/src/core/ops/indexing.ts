// Indexing: Tensor.__getitem__ (ints, slices, None, Ellipsis, Python bools, and integer tensor/list
// indices placed the way PyTorch places them), plus index_select, gather, take, narrow and roll.
// Boolean masks and anything whose size depends on data give up.

import { Dim, add, ceilDiv, formatDim, isConcrete, sub } from "../dim";
import { ShapeError, giveUp, shapeError } from "../errors";
import { Shape, TensorV, Value, describe, tensor } from "../values";
import { normalizeDim, shapeOf, toInt, toTensor } from "./args";
import { broadcastShapes, dimArg, fmtShape, knownGE, sameShape } from "./broadcast";
import { registerFunction } from "./registry";

/** A decided comparison; undecidable ones give up. */
function ge(a: Dim, b: Dim, what: string): boolean {
  const r = knownGE(a, b);
  if (r === undefined) giveUp(`cannot tell whether ${formatDim(a)} ≥ ${formatDim(b)} (${what})`);
  return r;
}

/** Python's slice.indices() for a positive step, resolved to a start/stop in [0, n]. */
function sliceBound(v: Value, n: Dim, dflt: Dim, what: string): Dim {
  if (v.kind === "none") return dflt;
  if (v.kind === "unknown") giveUp(`slice ${what} is not known`);
  if (v.kind !== "int" && v.kind !== "bool") giveUp(`slice ${what} is ${describe(v)}`);
  const i: Dim = v.kind === "bool" ? (v.v ? 1 : 0) : v.v;
  // A negative index counts from the end; the result is clamped to [0, n].
  const neg = isConcrete(i) ? i < 0 : !ge(i, 0, `slice ${what} sign`);
  if (neg) {
    const j = add(i, n);
    return ge(j, 0, `slice ${what}`) ? j : 0;
  }
  return ge(i, add(n, 1), `slice ${what}`) ? n : i;
}

export function sliceLength(start: Value, stop: Value, step: Value, n: Dim): Dim {
  let k = 1;
  if (step.kind !== "none") {
    k = toInt(step, "slice step");
    if (k === 0) shapeError("invalid-argument", "slice step cannot be zero");
    if (k < 0) shapeError("invalid-argument", "step must be greater than zero");
  }
  const s = sliceBound(start, n, 0, "start");
  const e = sliceBound(stop, n, n, "stop");
  if (!ge(e, s, "slice length")) return 0;
  const len = ceilDiv(sub(e, s), k);
  if (len === undefined) giveUp("slice length is not expressible");
  return len;
}

/** Shape of an integer index given as a (nested) Python list; undefined for masks and unknowns. */
function listIndexShape(v: Value): { shape: Shape; values: Dim[] } {
  if (v.kind === "int") return { shape: [], values: [v.v] };
  if (v.kind === "bool") return giveUp("boolean mask index");
  if (v.kind === "list" || v.kind === "tuple") {
    if (v.items.length === 0) return { shape: [0], values: [] };
    const inner = v.items.map(listIndexShape);
    const first = inner[0].shape;
    if (inner.some((x) => x.shape.length !== first.length || x.shape.some((d, i) => d !== first[i]))) {
      giveUp("ragged list index");
    }
    return {
      shape: [v.items.length, ...first],
      values: inner.flatMap((x) => x.values),
    };
  }
  if (v.kind === "tensor") giveUp("list of tensors as an index");
  return giveUp(`index element ${describe(v)}`);
}

interface Advanced {
  /** Position in the output where this index's placeholder stands. */
  outPos: number;
  /** Position among the index items (ints excluded), for adjacency. */
  itemPos: number;
  shape: Shape;
}

function checkIntIndex(i: Dim, n: Dim, dim: number): void {
  const inRange = (isConcrete(i) ? i >= 0 : ge(i, 0, "index sign")) ? knownGE(n, add(i, 1)) : knownGE(n, sub(0, i));
  if (inRange === false) {
    shapeError("index-out-of-range", `index ${formatDim(i)} is out of bounds for dimension ${dim} with size ${formatDim(n)}`);
  }
  if (inRange === undefined) giveUp(`cannot tell whether index ${formatDim(i)} is within size ${formatDim(n)}`);
}

export function getitemShape(self: TensorV, index: Value): Shape {
  const shape = shapeOf(self, "self");
  const rank = shape.length;
  const items = index.kind === "tuple" ? index.items : [index];
  for (const it of items) {
    if (it.kind === "unknown") giveUp(`index is not known${it.reason ? ` (${it.reason})` : ""}`);
    if (it.kind === "float") {
      shapeError(
        "invalid-argument",
        "only integers, slices (`:`), ellipsis (`...`), None and long or byte Variables are valid indices (got float)",
      );
    }
  }
  const consumes = (v: Value): number => (v.kind === "none" || v.kind === "ellipsis" || v.kind === "bool" ? 0 : 1);
  const consumed = items.reduce((acc, v) => acc + consumes(v), 0);
  const ellipses = items.filter((v) => v.kind === "ellipsis").length;
  if (ellipses > 1) giveUp("several ellipses in one index");
  if (rank === 0 && items.length === 1 && items[0].kind === "int") {
    shapeError(
      "index-out-of-range",
      "invalid index of a 0-dim tensor. Use `tensor.item()` in Python or `tensor.item<T>()` in C++ to convert a 0-dim tensor to a number",
    );
  }
  if (consumed > rank) shapeError("index-out-of-range", `too many indices for tensor of dimension ${rank}`);

  const out: (Dim | null)[] = [];
  const adv: Advanced[] = [];
  let p = 0;
  let itemPos = 0;
  let sawBool = false;
  // PyTorch's error messages count every index item before (None and ints included): its real_dim.
  let realDim = 0;
  for (const it of items) {
    const here = realDim;
    realDim += it.kind === "ellipsis" ? rank - consumed : 1;
    switch (it.kind) {
      case "int":
        checkIntIndex(it.v, shape[p], here);
        p++;
        continue; // ints are applied with select() first and do not break adjacency
      case "none":
        out.push(1);
        break;
      case "bool":
        sawBool = true;
        out.push(it.v ? 1 : 0);
        break;
      case "ellipsis":
        for (let k = 0; k < rank - consumed; k++) out.push(shape[p++]);
        break;
      case "slice":
        out.push(sliceLength(it.start, it.stop, it.step, shape[p]));
        p++;
        break;
      case "tensor": {
        if (it.dtype === "bool" || it.dtype === "uint8") giveUp("boolean mask index: the size depends on the data");
        if (it.dtype !== "int64" && it.dtype !== "int32") giveUp("tensor index of unknown dtype (could be a mask)");
        adv.push({
          outPos: out.length,
          itemPos,
          shape: [...shapeOf(it, "index")],
        });
        out.push(null);
        p++;
        break;
      }
      case "list": {
        const { shape: s, values } = listIndexShape(it);
        const n = shape[p];
        for (const v of values) {
          const bad = knownGE(n, isConcrete(v) && v < 0 ? -v : add(v, 1));
          if (bad === false) {
            shapeError("index-out-of-range", `index ${formatDim(v)} is out of bounds for dimension 0 with size ${formatDim(n)}`);
          }
          if (bad === undefined) giveUp("cannot tell whether a list index is in range");
        }
        adv.push({ outPos: out.length, itemPos, shape: s });
        out.push(null);
        p++;
        break;
      }
      default:
        giveUp(`index of kind ${it.kind}`);
    }
    itemPos++;
  }
  // Dims after the last index are kept.
  while (p < rank) out.push(shape[p++]);
  if (adv.length === 0) return out as Dim[];
  if (sawBool) giveUp("Python bool index mixed with advanced indexing");
  let joint: Shape = adv[0].shape;
  for (let i = 1; i < adv.length; i++) {
    try {
      joint = broadcastShapes(joint, adv[i].shape);
    } catch (e) {
      if (e instanceof ShapeError) {
        shapeError(
          "shape-mismatch",
          `shape mismatch: indexing tensors could not be broadcast together with shapes ${adv.map((a) => fmtShape(a.shape)).join(", ")}`,
        );
      }
      throw e;
    }
  }
  const adjacent = adv.every((a, i) => i === 0 || a.itemPos === adv[i - 1].itemPos + 1);
  const rest = out.filter((d): d is Dim => d !== null);
  if (!adjacent) return [...joint, ...rest];
  const at = out.slice(0, adv[0].outPos).filter((d) => d !== null).length;
  return [...rest.slice(0, at), ...joint, ...rest.slice(at)];
}

registerFunction({
  names: ["Tensor.__getitem__"],
  signature: { params: [{ name: "self" }, { name: "index" }] },
  call(b) {
    const t = toTensor(b.get("self"), "self");
    return tensor(getitemShape(t, b.get("index")), { dtype: t.dtype });
  },
});

registerFunction({
  names: ["torch.index_select", "Tensor.index_select"],
  signature: {
    params: [{ name: "input" }, { name: "dim" }, { name: "index" }],
  },
  call(b) {
    const t = toTensor(b.get("input"), "input");
    const shape = shapeOf(t, "input");
    const dim = dimArg(b.get("dim"), shape.length);
    const idx = shapeOf(b.get("index"), "index");
    if (idx.length > 1) shapeError("rank-mismatch", "index_select(): Index is supposed to be a vector");
    const n = idx.length === 0 ? 1 : idx[0];
    if (shape.length === 0) return tensor([], { dtype: t.dtype });
    const out = [...shape];
    out[dim] = n;
    return tensor(out, { dtype: t.dtype });
  },
});

registerFunction({
  names: ["torch.gather", "Tensor.gather"],
  signature: {
    params: [{ name: "input" }, { name: "dim" }, { name: "index" }],
    extraKwargs: true,
  },
  call(b) {
    const t = toTensor(b.get("input"), "input");
    const shape = shapeOf(t, "input");
    const dim = dimArg(b.get("dim"), shape.length);
    const idx = shapeOf(b.get("index"), "index");
    if (idx.length !== shape.length && !(idx.length <= 1 && shape.length <= 1)) {
      shapeError("rank-mismatch", "Index tensor must have the same number of dimensions as input tensor");
    }
    for (let d = 0; d < idx.length; d++) {
      if (d === dim) continue;
      const ok = knownGE(shape[d], idx[d]);
      if (ok === false) {
        shapeError(
          "shape-mismatch",
          `Size does not match at dimension ${d} expected index ${fmtShape(idx)} to be smaller than self ${fmtShape(shape)} apart from dimension ${dim}`,
        );
      }
      if (ok === undefined) giveUp("cannot tell whether the gather index fits");
    }
    return tensor([...idx], { dtype: t.dtype });
  },
});

registerFunction({
  names: ["torch.take", "Tensor.take"],
  signature: { params: [{ name: "input" }, { name: "index" }] },
  call(b) {
    const t = toTensor(b.get("input"), "input");
    return tensor([...shapeOf(b.get("index"), "index")], { dtype: t.dtype });
  },
});

registerFunction({
  names: ["torch.narrow", "Tensor.narrow"],
  signature: {
    params: [{ name: "input" }, { name: "dim" }, { name: "start" }, { name: "length" }],
  },
  call(b) {
    const t = toTensor(b.get("input"), "input");
    const shape = shapeOf(t, "input");
    if (shape.length === 0) shapeError("rank-mismatch", "narrow() cannot be applied to a 0-dim tensor.");
    const dim = dimArg(b.get("dim"), shape.length);
    const n = shape[dim];
    let start = toInt(b.get("start"), "start");
    const length = toInt(b.get("length"), "length");
    if (!isConcrete(n)) {
      if (start < 0 || length < 0) giveUp("narrow with a negative start on a symbolic size");
      if (!ge(n, start + length, "narrow range")) giveUp("narrow beyond a symbolic size");
    } else {
      if (start !== n) start = normalizeDim(start, n);
      if (length < 0 || start > n - length) {
        shapeError("index-out-of-range", `start (${start}) + length (${length}) exceeds dimension size (${n}).`);
      }
    }
    const out = [...shape];
    out[dim] = length;
    return tensor(out, { dtype: t.dtype });
  },
});

registerFunction({
  names: ["torch.roll", "Tensor.roll"],
  signature: {
    params: [{ name: "input" }, { name: "shifts" }, { name: "dims", default: { kind: "none" } }],
  },
  call(b) {
    const t = toTensor(b.get("input"), "input");
    const shape = shapeOf(t, "input");
    const dims = b.get("dims");
    const list = dims.kind === "tuple" || dims.kind === "list" ? dims.items : dims.kind === "none" ? [] : [dims];
    list.forEach((d, i) => normalizeDim(toInt(d, `dims[${i}]`), shape.length));
    return sameShape(t);
  },
});
