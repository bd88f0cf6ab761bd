// Shape rules for nn.Flatten and nn.Unflatten (PyTorch 1.13), plus the pure helpers flattenShape and
// unflattenShape that torch.flatten / Tensor.flatten / Tensor.unflatten (reshape.ts) reuse.

import { byVersion, isTorch2 } from "../torchVersion";
import { Dim, exactDiv, formatDim, knownEqual, product } from "../dim";
import { ShapeError, giveUp, shapeError } from "../errors";
import { CallArgs, Shape, TensorV, Value, int, tuple, tensor } from "../values";
import { bind, normalizeDim, toInt, toTensor } from "./args";
import { registerLayer } from "./registry";

/** torch.flatten(input, start_dim, end_dim) on a known shape; a 0-D input becomes [1]. */
export function flattenShape(shape: Shape, startDim: number, endDim: number): Shape {
  const start = normalizeDim(startDim, shape.length);
  const end = normalizeDim(endDim, shape.length);
  if (start > end) shapeError("invalid-argument", "flatten() has invalid args: start_dim cannot come after end_dim");
  if (shape.length === 0) return [1];
  if (start === end) return [...shape];
  return [...shape.slice(0, start), product(shape.slice(start, end + 1)), ...shape.slice(end + 1)];
}

/**
 * flatten on a tensor that may carry a variadic lead: only dims counted from the end can be
 * resolved then (the lead is kept in front).
 */
export function flattenTensor(t: TensorV, startDim: number, endDim: number): TensorV {
  if (!t.shape) return giveUp("the rank of the input is not known");
  if (!t.lead) return tensor(flattenShape(t.shape, startDim, endDim));
  const n = t.shape.length;
  if (startDim < 0 && endDim < 0 && -startDim <= n && startDim <= endDim) {
    const out = flattenShape(t.shape, startDim + n, endDim + n);
    return tensor(out, { lead: t.lead });
  }
  return giveUp(`flatten over dims counted from the front of a tensor with *${t.lead} leading dims`);
}

/** Tensor.unflatten(dim, sizes) on a known shape, with torch's messages (infer_size errors included). */
export function unflattenShape(shape: Shape, dim: number, sizes: number[]): Shape {
  if (shape.length === 0) shapeError("index-out-of-range", `Dimension specified as ${dim} but tensor has no dimensions`);
  const d = normalizeDim(dim, shape.length);
  if (sizes.length === 0) shapeError("invalid-argument", "unflatten: sizes must be non-empty");
  const numel = shape[d];
  let infer = -1;
  let known = 1;
  for (let i = 0; i < sizes.length; i++) {
    const s = sizes[i];
    if (s === -1) {
      if (infer >= 0) shapeError("invalid-argument", "unflatten got an unexpected error:\nonly one dimension can be inferred");
      infer = i;
    } else if (s >= 0) {
      known *= s;
    } else {
      shapeError(
        "invalid-argument",
        byVersion({
          "1.13": `invalid shape dimension ${s}`,
          "2": `unflatten got an unexpected error:\ninvalid shape dimension ${s} at index ${i} of shape [${sizes.join(", ")}]`,
        }),
      );
    }
  }
  const out: Dim[] = [...sizes];
  const mismatch = (): never =>
    shapeError(
      "view-numel",
      `unflatten: Provided sizes [${sizes.join(", ")}] don't multiply up to the size of dim ${d} (${formatDim(numel)}) in the input tensor`,
    );
  if (infer < 0) {
    if (knownEqual(numel, known) === false) mismatch();
  } else if (typeof numel === "number") {
    if (numel === known) {
      if (known === 0) {
        const ambiguous = `cannot reshape tensor of 0 elements into shape [${sizes.join(", ")}] because the unspecified dimension size -1 can be any value and is ambiguous`;
        shapeError("invalid-argument", isTorch2() ? `unflatten got an unexpected error:\n${ambiguous}` : ambiguous);
      }
      out[infer] = 1;
    } else if (known > 0 && numel % known === 0) {
      out[infer] = numel / known;
    } else {
      mismatch();
    }
  } else {
    const q = known > 0 ? exactDiv(numel, known) : undefined;
    if (q === undefined) giveUp(`cannot tell whether ${formatDim(numel)} is divisible by ${known}`);
    out[infer] = q;
  }
  return [...shape.slice(0, d), ...out, ...shape.slice(d + 1)];
}

interface FlattenConfig {
  start: number;
  end: number;
}

registerLayer({
  name: "Flatten",
  signature: {
    params: [
      { name: "start_dim", default: int(1) },
      { name: "end_dim", default: int(-1) },
    ],
  },
  construct(a) {
    const start = toInt(a.get("start_dim"), "start_dim");
    const end = toInt(a.get("end_dim"), "end_dim");
    return { params: 0, config: { start, end } satisfies FlattenConfig, attrs: { start_dim: int(start), end_dim: int(end) } };
  },
  forward(config, call: CallArgs): Value {
    const c = config;
    const a = bind("Flatten.forward", { params: [{ name: "input" }] }, call);
    return flattenTensor(toTensor(a.get("input"), "input"), c.start, c.end);
  },
  explain(config) {
    const c = config;
    return { lines: [`dims ${c.start}..${c.end} are multiplied into one`] };
  },
});

interface UnflattenConfig {
  dim: number;
  sizes: number[];
}

/** The Python-side type checks of nn.Unflatten's constructor. */
function unflattenSizes(v: Value): number[] {
  if (v.kind === "unknown") giveUp("unflattened_size is not known");
  if (v.kind !== "tuple" && v.kind !== "list") {
    const type = v.kind === "int" ? "int" : v.kind === "float" ? "float" : v.kind === "str" ? "str" : v.kind;
    shapeError("invalid-argument", `unflattened_size must be a tuple of ints, but found type ${type}`);
  }
  return v.items.map((x, i) => {
    if (x.kind === "tuple") giveUp("named unflatten sizes");
    if (x.kind === "float") {
      shapeError("invalid-argument", `unflattened_size must be tuple of ints, but found element of type float at pos ${i}`);
    }
    return toInt(x, `unflattened_size[${i}]`);
  });
}

registerLayer({
  name: "Unflatten",
  signature: { params: [{ name: "dim" }, { name: "unflattened_size" }] },
  construct(a) {
    const dv = a.get("dim");
    if (dv.kind === "str") giveUp("Unflatten over a named dimension");
    const dim = toInt(dv, "dim");
    const sizes = unflattenSizes(a.get("unflattened_size"));
    return {
      params: 0,
      config: { dim, sizes } satisfies UnflattenConfig,
      attrs: { dim: int(dim), unflattened_size: tuple(sizes.map((s) => int(s))) },
    };
  },
  forward(config, call: CallArgs): Value {
    const c = config;
    const a = bind("Unflatten.forward", { params: [{ name: "input" }] }, call);
    const t = toTensor(a.get("input"), "input");
    if (!t.shape) return tensor(null);
    if (t.lead) {
      const n = t.shape.length;
      if (c.dim < 0 && -c.dim <= n) {
        try {
          return tensor(unflattenShape(t.shape, c.dim + n, c.sizes), { lead: t.lead });
        } catch (e) {
          // The message names the dim's absolute index, which the variadic lead hides.
          if (e instanceof ShapeError && e.code === "view-numel") giveUp("unflatten sizes do not fit (dim index unknown)");
          throw e;
        }
      }
      return giveUp(`unflatten of a dim counted from the front of a tensor with *${t.lead} leading dims`);
    }
    return tensor(unflattenShape(t.shape, c.dim, c.sizes));
  },
});
