// Joining and splitting: torch.cat/concat, stack, hstack/vstack/dstack/column_stack, and
// chunk/split/unbind/tensor_split (which return tuples of tensors). The number of pieces must be
// known exactly; sizes may stay symbolic when the arithmetic is exact.

import { Dim, add, exactDiv, formatDim, isConcrete, knownEqual } from "../dim";
import { giveUp, shapeError } from "../errors";
import { Shape, TensorV, Value, int, tensor, tuple } from "../values";
import { BoundArgs, normalizeDim, shapeOf, toDim, toInt, toItems, toTensor } from "./args";
import { dimArg, fmtShape, knownDifferent, knownGE } from "./broadcast";
import { registerFunction } from "./registry";

function tensorList(v: Value, what: string): TensorV[] {
  if (v.kind === "unknown") giveUp(`${what} is not known`);
  if (v.kind !== "tuple" && v.kind !== "list") {
    return shapeError("invalid-argument", `${what} must be tuple of Tensors, not ${v.kind}`);
  }
  return v.items.map((x, i) => toTensor(x, `${what}[${i}]`));
}

function sameDim(a: Dim, b: Dim): boolean {
  const eq = knownDifferent(a, b) ? false : knownEqual(a, b);
  if (eq === undefined) giveUp(`cannot tell whether sizes ${formatDim(a)} and ${formatDim(b)} are equal`);
  return eq;
}

/** torch.cat over known shapes (1-D empty tensors are skipped, as PyTorch still allows). */
export function catShapes(shapes: Shape[], dimV: Value): Shape {
  if (shapes.length === 0) shapeError("invalid-argument", "torch.cat(): expected a non-empty list of Tensors");
  shapes.forEach((s, i) => {
    if (s.length === 0) shapeError("rank-mismatch", `zero-dimensional tensor (at position ${i}) cannot be concatenated`);
  });
  const isSkipped = (s: Shape): boolean => s.length === 1 && s[0] === 0;
  const maySkip = (s: Shape): boolean => s.length === 1 && !isConcrete(s[0]) && knownGE(s[0], 1) !== true;
  if (shapes.some(maySkip)) giveUp("cannot tell whether a 1-D operand of torch.cat is empty");
  const refIdx = shapes.findIndex((s) => !isSkipped(s));
  // Only legacy empty operands: PyTorch returns one without looking at `dim`.
  if (refIdx < 0) return [0];
  const ref = shapes[refIdx];
  const dim = dimArg(dimV, ref.length);
  let total: Dim = 0;
  shapes.forEach((s, i) => {
    if (isSkipped(s)) return;
    if (s.length !== ref.length) {
      shapeError("rank-mismatch", `Tensors must have same number of dimensions: got ${ref.length} and ${s.length}`);
    }
    for (let d = 0; d < ref.length; d++) {
      if (d === dim) continue;
      if (!sameDim(ref[d], s[d])) {
        shapeError(
          "shape-mismatch",
          `Sizes of tensors must match except in dimension ${dim}. Expected size ${formatDim(ref[d])} but got size ${formatDim(s[d])} for tensor number ${i} in the list.`,
        );
      }
    }
    total = add(total, s[dim]);
  });
  const out = [...ref];
  out[dim] = total;
  return out;
}

function commonDtype(ts: TensorV[]): string | undefined {
  const d = ts[0]?.dtype;
  return ts.every((t) => t.dtype === d) ? d : undefined;
}

registerFunction({
  names: ["torch.cat", "torch.concat", "torch.concatenate"],
  signature: {
    params: [{ name: "tensors" }, { name: "dim", default: int(0) }],
    extraKwargs: true,
  },
  call(b) {
    const ts = tensorList(b.get("tensors"), "tensors");
    return tensor(
      catShapes(
        ts.map((t, i) => shapeOf(t, `tensors[${i}]`)),
        b.get("dim"),
      ),
      { dtype: commonDtype(ts) },
    );
  },
});

registerFunction({
  names: ["torch.stack"],
  signature: {
    params: [{ name: "tensors" }, { name: "dim", default: int(0) }],
    extraKwargs: true,
  },
  call(b) {
    const ts = tensorList(b.get("tensors"), "tensors");
    if (ts.length === 0) shapeError("invalid-argument", "stack expects a non-empty TensorList");
    const shapes = ts.map((t, i) => shapeOf(t, `tensors[${i}]`));
    const ref = shapes[0];
    // PyTorch checks the dim (against the first tensor's rank + 1) before the sizes.
    const dim = normalizeDim(toInt(b.get("dim"), "dim"), ref.length + 1);
    shapes.forEach((s, i) => {
      if (s.length !== ref.length || s.some((d, k) => !sameDim(d, ref[k]))) {
        shapeError(
          "shape-mismatch",
          `stack expects each tensor to be equal size, but got ${fmtShape(ref)} at entry 0 and ${fmtShape(s)} at entry ${i}`,
        );
      }
    });
    return tensor([...ref.slice(0, dim), ts.length, ...ref.slice(dim)], {
      dtype: commonDtype(ts),
    });
  },
});

/** hstack/vstack/dstack/column_stack: reshape each operand, then cat along a fixed dim. */
function stackVariant(name: string, prep: (s: Shape) => Shape, dimFor: (first: Shape) => number): void {
  registerFunction({
    names: [`torch.${name}`],
    signature: { params: [{ name: "tensors" }], extraKwargs: true },
    call(b) {
      const ts = tensorList(b.get("tensors"), "tensors");
      if (ts.length === 0) shapeError("invalid-argument", `${name} expects a non-empty TensorList`);
      const shapes = ts.map((t, i) => prep(shapeOf(t, `tensors[${i}]`)));
      return tensor(catShapes(shapes, int(dimFor(shapes[0]))), {
        dtype: commonDtype(ts),
      });
    },
  });
}

const atLeast1d = (s: Shape): Shape => (s.length === 0 ? [1] : s);
const atLeast2d = (s: Shape): Shape => (s.length === 0 ? [1, 1] : s.length === 1 ? [1, s[0]] : s);
const atLeast3d = (s: Shape): Shape => (s.length === 0 ? [1, 1, 1] : s.length === 1 ? [1, s[0], 1] : s.length === 2 ? [...s, 1] : s);
stackVariant("hstack", atLeast1d, (first) => (first.length === 1 ? 0 : 1));
stackVariant("vstack", atLeast2d, () => 0);
stackVariant("row_stack", atLeast2d, () => 0);
stackVariant("dstack", atLeast3d, () => 2);
stackVariant(
  "column_stack",
  (s) => (s.length === 0 ? [1, 1] : s.length === 1 ? [s[0], 1] : s),
  () => 1,
);

function pieces(shape: Shape, dim: number, sizes: Dim[], dtype: string | undefined): Value {
  return tuple(
    sizes.map((n) => {
      const s = [...shape];
      s[dim] = n;
      return tensor(s, { dtype });
    }),
  );
}

/** The split sizes of split(split_size): equal pieces and a smaller last one. */
function splitSizes(n: Dim, ss: Dim): Dim[] {
  if (!isConcrete(ss)) giveUp("split size is symbolic");
  if (ss < 0) shapeError("invalid-argument", `split expects split_size be non-negative, but got split_size=${ss}`);
  if (ss === 0) {
    if (n === 0) return [0];
    if (isConcrete(n)) shapeError("invalid-argument", `split_size can only be 0 if dimension size is 0, but got dimension size of ${n}`);
    return giveUp("split size 0 on a symbolic dimension");
  }
  if (isConcrete(n)) {
    const count = Math.max(Math.ceil(n / ss), 1);
    return Array.from({ length: count }, (_, i) => (i < count - 1 ? ss : n - ss * (count - 1)));
  }
  const q = exactDiv(n, ss);
  if (q === undefined || !isConcrete(q)) giveUp(`the number of pieces of ${formatDim(n)} in steps of ${ss} is not known`);
  return Array.from({ length: Math.max(q, 1) }, () => ss);
}

/** The dim argument as the user wrote it, when it is a plain int. */
function givenDim(v: Value, normalized: number): number {
  return v.kind === "int" && typeof v.v === "number" ? v.v : normalized;
}

function splitCall(b: BoundArgs, param: string): Value {
  const t = toTensor(b.get("self"), "self");
  const shape = shapeOf(t, "self");
  const dim = dimArg(b.get("dim"), shape.length);
  if (shape.length === 0) shapeError("rank-mismatch", "split expects at least a 1-dimensional tensor");
  const n = shape[dim];
  const arg = b.get(param);
  if (arg.kind === "tuple" || arg.kind === "list") {
    const sizes = toItems(arg, param).map((v, i) => toDim(v, `${param}[${i}]`));
    if (sizes.some((d) => knownGE(d, 0) !== true)) giveUp("split sizes that may be negative");
    let sum: Dim = 0;
    for (const d of sizes) sum = add(sum, d);
    const eq = knownDifferent(sum, n) ? false : knownEqual(sum, n);
    if (eq === undefined) giveUp(`cannot tell whether the split sizes sum to ${formatDim(n)}`);
    if (!eq) {
      shapeError(
        "shape-mismatch",
        // PyTorch names the dim as it was given (-2 stays -2).
        `split_with_sizes expects split_sizes to sum exactly to ${formatDim(n)} (input tensor's size at dimension ${givenDim(b.get("dim"), dim)}), but got split_sizes=${fmtShape(sizes)}`,
      );
    }
    return pieces(shape, dim, sizes, t.dtype);
  }
  return pieces(shape, dim, splitSizes(n, toDim(arg, param)), t.dtype);
}

registerFunction({
  names: ["Tensor.split"],
  signature: {
    params: [{ name: "self" }, { name: "split_size" }, { name: "dim", default: int(0) }],
  },
  call: (b) => splitCall(b, "split_size"),
});
registerFunction({
  names: ["torch.split"],
  signature: {
    params: [{ name: "self" }, { name: "split_size_or_sections" }, { name: "dim", default: int(0) }],
  },
  call: (b) => splitCall(b, "split_size_or_sections"),
});
registerFunction({
  names: ["Tensor.split_with_sizes", "torch.split_with_sizes"],
  signature: {
    params: [{ name: "self" }, { name: "split_sizes" }, { name: "dim", default: int(0) }],
  },
  call: (b) => splitCall(b, "split_sizes"),
});

registerFunction({
  names: ["torch.chunk", "Tensor.chunk"],
  signature: {
    params: [{ name: "input" }, { name: "chunks" }, { name: "dim", default: int(0) }],
  },
  call(b) {
    const t = toTensor(b.get("input"), "input");
    const shape = shapeOf(t, "input");
    if (shape.length === 0) shapeError("rank-mismatch", "chunk expects at least a 1-dimensional tensor");
    const chunks = toInt(b.get("chunks"), "chunks");
    if (chunks <= 0) shapeError("invalid-argument", `chunk expects \`chunks\` to be greater than 0, got: ${chunks}`);
    const dim = dimArg(b.get("dim"), shape.length);
    const n = shape[dim];
    if (isConcrete(n)) {
      const ss = Math.ceil(n / chunks);
      if (ss === 0 && n === 0) return pieces(shape, dim, Array(chunks).fill(0), t.dtype);
      return pieces(shape, dim, splitSizes(n, ss), t.dtype);
    }
    // Symbolic size: exact only when it divides into `chunks` pieces of at least 1.
    const q = exactDiv(n, chunks);
    if (q === undefined || knownGE(q, 1) !== true) giveUp(`cannot tell how ${formatDim(n)} splits into ${chunks} chunks`);
    return pieces(shape, dim, Array(chunks).fill(q), t.dtype);
  },
});

registerFunction({
  names: ["torch.unbind", "Tensor.unbind"],
  signature: { params: [{ name: "input" }, { name: "dim", default: int(0) }] },
  call(b) {
    const t = toTensor(b.get("input"), "input");
    const shape = shapeOf(t, "input");
    const d = toInt(b.get("dim"), "dim");
    if (shape.length === 0) shapeError("index-out-of-range", `Dimension specified as ${d} but tensor has no dimensions`);
    const dim = normalizeDim(d, shape.length);
    const n = shape[dim];
    if (!isConcrete(n)) giveUp(`unbind over a symbolic size ${formatDim(n)}`);
    const rest = [...shape.slice(0, dim), ...shape.slice(dim + 1)];
    return tuple(Array.from({ length: n }, () => tensor([...rest], { dtype: t.dtype })));
  },
});

registerFunction({
  names: ["torch.tensor_split", "Tensor.tensor_split"],
  signature: {
    params: [{ name: "input" }, { name: "indices_or_sections" }, { name: "dim", default: int(0) }],
  },
  call(b) {
    const t = toTensor(b.get("input"), "input");
    const shape = shapeOf(t, "input");
    if (shape.length === 0) giveUp("tensor_split of a 0-dim tensor");
    const dim = dimArg(b.get("dim"), shape.length);
    const n = shape[dim];
    if (!isConcrete(n)) giveUp(`tensor_split over a symbolic size ${formatDim(n)}`);
    const arg = b.get("indices_or_sections");
    if (arg.kind === "tuple" || arg.kind === "list") {
      const idx = arg.items.map((v, i) => toInt(v, `indices[${i}]`));
      const clamp = (i: number): number => Math.min(Math.max(i < 0 ? i + n : i, 0), n);
      const bounds = [0, ...idx.map(clamp), n];
      const sizes = bounds.slice(1).map((e, i) => Math.max(e - bounds[i], 0));
      return pieces(shape, dim, sizes, t.dtype);
    }
    const s = toInt(arg, "sections");
    if (s <= 0) shapeError("invalid-argument", `number of sections must be larger than 0, got ${s}`);
    const base = Math.floor(n / s);
    const extra = n % s;
    return pieces(
      shape,
      dim,
      Array.from({ length: s }, (_, i) => (i < extra ? base + 1 : base)),
      t.dtype,
    );
  },
});
