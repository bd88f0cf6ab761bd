// Shape-changing views and copies: view/reshape (with -1 inference), flatten/unflatten, permute,
// transpose, t/T/mT, squeeze/unsqueeze, expand/repeat, movedim, the shape-preserving conversions
// (contiguous, float, to, ...) and the size queries (size, dim, numel).

import { byVersion, isTorch2 } from "../torchVersion";
import { Dim, equal, exactDiv, formatDim, isConcrete, knownEqual, mul, product } from "../dim";
import { giveUp, shapeError } from "../errors";
import { NONE, Shape, TensorV, Value, int, tensor } from "../values";
import { normalizeDim, shapeOf, toDim, toInt, toItems, toTensor } from "./args";
import { MISSING, dimArg, dtypeOf, fmtShape, knownDifferent, knownGE, sameShape, selfTensor, sizeArgs, sizeValue } from "./broadcast";
import { registerFunction } from "./registry";

/** PyTorch 2 also says where the bad size is. */
function invalidDimMessage(d: number, index: number, shape: readonly Dim[]): string {
  return byVersion({
    "1.13": `invalid shape dimension ${d}`,
    "2": `invalid shape dimension ${d} at index ${index} of shape ${fmtShape(shape)}`,
  });
}

/** PyTorch 2 reports unflatten's infer_size errors under its own heading; 1.13 only some of them. */
function unflattenError(message: string): never {
  return shapeError("view-numel", isTorch2() ? `unflatten got an unexpected error:\n${message}` : message);
}

/** PyTorch's infer_size: resolves one -1 against the element count and checks the count. */
export function inferViewShape(shape: Dim[], numel: Dim): Shape {
  let inferIdx = -1;
  let newsize: Dim = 1;
  shape.forEach((d, i) => {
    if (d === -1) {
      if (inferIdx >= 0) shapeError("view-numel", "only one dimension can be inferred");
      inferIdx = i;
    } else if (isConcrete(d) && d < 0) {
      shapeError("view-numel", invalidDimMessage(d, i, shape));
    } else {
      newsize = mul(newsize, d);
    }
  });
  const invalid = (): never => shapeError("view-numel", `shape '${fmtShape(shape)}' is invalid for input of size ${formatDim(numel)}`);
  const out = [...shape];
  if (inferIdx < 0) {
    const eq = knownEqual(numel, newsize);
    if (eq === false || knownDifferent(numel, newsize)) invalid();
    if (eq === undefined) giveUp(`cannot tell whether ${formatDim(newsize)} elements match ${formatDim(numel)}`);
    return out;
  }
  if (isConcrete(numel) && isConcrete(newsize)) {
    if (numel === newsize || (newsize > 0 && numel % newsize === 0)) {
      if (newsize === 0) {
        shapeError(
          "view-numel",
          `cannot reshape tensor of 0 elements into shape ${fmtShape(shape)} because the unspecified dimension size -1 can be any value and is ambiguous`,
        );
      }
      out[inferIdx] = numel / newsize;
      return out;
    }
    return invalid();
  }
  const q = newsize === 0 ? undefined : exactDiv(numel, newsize);
  if (q === undefined) giveUp(`cannot infer -1: ${formatDim(numel)} elements over ${formatDim(newsize)}`);
  out[inferIdx] = q;
  return out;
}

function viewLike(names: string[], param: string): void {
  registerFunction({
    names,
    signature: { params: [{ name: "self" }, { name: param }], varargs: "more" },
    call(b) {
      const shape = shapeOf(b.get("self"), "self");
      const first = b.get(param);
      if (first.kind === "opaque") giveUp("view(dtype) reinterprets the element type");
      const target = sizeArgs(first, b.rest, param);
      return tensor(inferViewShape(target, product(shape)), {
        dtype: toTensor(b.get("self"), "self").dtype,
      });
    },
  });
}

viewLike(["Tensor.view", "Tensor.reshape"], "shape");
registerFunction({
  names: ["torch.reshape"],
  signature: { params: [{ name: "input" }, { name: "shape" }] },
  call(b) {
    const shape = shapeOf(b.get("input"), "input");
    const target = sizeArgs(b.get("shape"), [], "shape");
    return tensor(inferViewShape(target, product(shape)), {
      dtype: toTensor(b.get("input"), "input").dtype,
    });
  },
});

registerFunction({
  names: ["Tensor.view_as", "Tensor.reshape_as"],
  signature: { params: [{ name: "self" }, { name: "other" }] },
  call(b) {
    const shape = shapeOf(b.get("self"), "self");
    const target = shapeOf(b.get("other"), "other");
    return tensor(inferViewShape([...target], product(shape)), {
      dtype: toTensor(b.get("self"), "self").dtype,
    });
  },
});

registerFunction({
  names: ["Tensor.type_as"],
  signature: { params: [{ name: "self" }, { name: "other" }] },
  call(b) {
    const other = toTensor(b.get("other"), "other");
    return sameShape(selfTensor(b), other.dtype ?? null);
  },
});

/** flatten(start_dim, end_dim); a 0-dim tensor becomes [1]. */
export function flattenShape(shape: Shape, startV: Value, endV: Value): Shape {
  const rank = shape.length;
  const start = dimArg(startV, rank, "start_dim");
  const end = dimArg(endV, rank, "end_dim");
  if (rank === 0) return [1];
  if (start > end) shapeError("invalid-argument", "flatten() has invalid args: start_dim cannot come after end_dim");
  return [...shape.slice(0, start), product(shape.slice(start, end + 1)), ...shape.slice(end + 1)];
}

registerFunction({
  names: ["torch.flatten", "Tensor.flatten"],
  signature: {
    params: [{ name: "input" }, { name: "start_dim", default: int(0) }, { name: "end_dim", default: int(-1) }],
  },
  call(b) {
    const shape = shapeOf(b.get("input"), "input");
    return tensor(flattenShape(shape, b.get("start_dim"), b.get("end_dim")), {
      dtype: toTensor(b.get("input"), "input").dtype,
    });
  },
});

registerFunction({
  names: ["Tensor.unflatten", "torch.unflatten"],
  signature: { params: [{ name: "self" }, { name: "dim" }, { name: "sizes" }] },
  call(b) {
    const shape = shapeOf(b.get("self"), "self");
    const dim = dimArg(b.get("dim"), shape.length);
    const sizes = toItems(b.get("sizes"), "sizes").map((v, i) => toDim(v, `sizes[${i}]`));
    if (sizes.length === 0) shapeError("invalid-argument", "unflatten: sizes must be non-empty");
    const n = shape[dim];
    const inferred = sizes.filter((d) => d === -1).length;
    if (inferred > 1) giveUp("unflatten with several -1 sizes");
    const known = product(sizes.filter((d) => d !== -1));
    const mismatch = (): never =>
      shapeError(
        "view-numel",
        `unflatten: Provided sizes ${fmtShape(sizes)} don't multiply up to the size of dim ${dim} (${formatDim(n)}) in the input tensor`,
      );
    sizes.forEach((d, i) => {
      if (isConcrete(d) && d < -1) unflattenError(invalidDimMessage(d, i, sizes));
    });
    if (inferred === 1) {
      if (isConcrete(n) && isConcrete(known)) {
        if (known === 0) {
          if (n !== 0) mismatch();
          unflattenError(
            `cannot reshape tensor of 0 elements into shape ${fmtShape(sizes)} because the unspecified dimension size -1 can be any value and is ambiguous`,
          );
        }
        if (n % known !== 0) mismatch();
      }
    } else {
      const eq = knownEqual(known, n);
      if (eq === false) mismatch();
    }
    const filled = inferViewShape(sizes, n);
    return tensor([...shape.slice(0, dim), ...filled, ...shape.slice(dim + 1)], { dtype: toTensor(b.get("self"), "self").dtype });
  },
});

/** The dims of permute(*dims) / permute(dims). */
function permuteShape(shape: Shape, dims: Value[]): Shape {
  const rank = shape.length;
  if (dims.length !== rank) {
    shapeError(
      "rank-mismatch",
      `permute(sparse_coo): number of dimensions in the tensor input does not match the length of the desired ordering of dimensions i.e. input.dim() = ${rank} is not equal to len(dims) = ${dims.length}`,
    );
  }
  const seen = new Set<number>();
  return dims.map((v, i) => {
    const d = dimArg(v, rank, `dims[${i}]`);
    if (seen.has(d)) shapeError("invalid-argument", "permute(): duplicate dims are not allowed.");
    seen.add(d);
    return shape[d];
  });
}

registerFunction({
  names: ["Tensor.permute"],
  signature: { params: [{ name: "self" }, { name: "dims" }], varargs: "more" },
  call(b) {
    const t = selfTensor(b);
    const first = b.get("dims");
    const dims = b.rest.length === 0 && (first.kind === "tuple" || first.kind === "list") ? first.items : [first, ...b.rest];
    return tensor(permuteShape(shapeOf(t, "self"), dims), { dtype: t.dtype });
  },
});

registerFunction({
  names: ["torch.permute"],
  signature: { params: [{ name: "input" }, { name: "dims" }] },
  call(b) {
    const t = selfTensor(b, "input");
    return tensor(permuteShape(shapeOf(t, "input"), toItems(b.get("dims"), "dims")), { dtype: t.dtype });
  },
});

registerFunction({
  names: ["Tensor.transpose", "torch.transpose", "Tensor.swapaxes", "torch.swapaxes", "Tensor.swapdims", "torch.swapdims"],
  signature: {
    params: [{ name: "input" }, { name: "dim0" }, { name: "dim1" }],
  },
  call(b) {
    const t = selfTensor(b, "input");
    const shape = shapeOf(t, "input");
    const d0 = dimArg(b.get("dim0"), shape.length, "dim0");
    const d1 = dimArg(b.get("dim1"), shape.length, "dim1");
    if (shape.length === 0) return sameShape(t);
    const out = [...shape];
    [out[d0], out[d1]] = [out[d1], out[d0]];
    return tensor(out, { dtype: t.dtype });
  },
});

registerFunction({
  names: ["Tensor.t", "torch.t"],
  signature: { params: [{ name: "input" }] },
  call(b) {
    const t = selfTensor(b, "input");
    const shape = shapeOf(t, "input");
    if (shape.length > 2) shapeError("rank-mismatch", `t() expects a tensor with <= 2 dimensions, but self is ${shape.length}D`);
    return tensor([...shape].reverse(), { dtype: t.dtype });
  },
});

/** The `.T` property: reverses all dims. */
registerFunction({
  names: ["Tensor.T"],
  signature: { params: [{ name: "self" }] },
  call(b) {
    const t = selfTensor(b);
    return tensor([...shapeOf(t, "self")].reverse(), { dtype: t.dtype });
  },
});

/** The `.mT` property: swaps the last two dims. */
registerFunction({
  names: ["Tensor.mT"],
  signature: { params: [{ name: "self" }] },
  call(b) {
    const t = selfTensor(b);
    if (!t.shape) giveUp("the shape of self is not known");
    const s = t.shape;
    if (s.length === 0 && !t.lead) return sameShape(t);
    if (s.length < 2) {
      if (t.lead) giveUp("mT on a tensor with variadic leading dimensions");
      shapeError("rank-mismatch", `tensor.mT is only supported on matrices or batches of matrices. Got ${s.length}-D tensor.`);
    }
    const out = [...s];
    [out[s.length - 2], out[s.length - 1]] = [out[s.length - 1], out[s.length - 2]];
    return tensor(out, { lead: t.lead, dtype: t.dtype });
  },
});

/** Whether a size is 1: decided for concrete sizes and sizes provably ≥ 2. */
function isOne(d: Dim): boolean {
  if (isConcrete(d)) return d === 1;
  if (knownGE(d, 2) === true) return false;
  return giveUp(`cannot tell whether size ${formatDim(d)} is 1`);
}

registerFunction({
  names: ["Tensor.squeeze", "torch.squeeze"],
  signature: { params: [{ name: "input" }, { name: "dim", default: MISSING }] },
  call(b) {
    const t = selfTensor(b, "input");
    const shape = shapeOf(t, "input");
    if (b.get("dim") === MISSING)
      return tensor(
        shape.filter((d) => !isOne(d)),
        { dtype: t.dtype },
      );
    const v = b.get("dim");
    if (v.kind === "none") shapeError("invalid-argument", "Please look up dimensions by name, got: name = None.");
    if (v.kind === "tuple" || v.kind === "list") {
      // PyTorch 2 squeezes several dims at once; 1.13 has no such overload.
      if (!isTorch2()) shapeError("invalid-argument", "squeeze() received an invalid combination of arguments");
      const dims = v.items.map((x) => dimArg(x, shape.length));
      const twice = dims.find((d, i) => dims.indexOf(d) !== i);
      if (twice !== undefined) shapeError("invalid-argument", `dim ${twice} appears multiple times in the list of dims`);
      if (dims.some((d) => !isConcrete(shape[d]))) giveUp("squeezing dims of symbolic size");
      return tensor(
        shape.filter((d, i) => !(dims.includes(i) && isOne(d))),
        { dtype: t.dtype },
      );
    }
    const d = dimArg(v, shape.length);
    if (shape.length === 0 || !isOne(shape[d])) return tensor([...shape], { dtype: t.dtype });
    return tensor([...shape.slice(0, d), ...shape.slice(d + 1)], {
      dtype: t.dtype,
    });
  },
});

registerFunction({
  names: ["Tensor.unsqueeze", "torch.unsqueeze"],
  signature: { params: [{ name: "input" }, { name: "dim" }] },
  call(b) {
    const t = selfTensor(b, "input");
    const shape = shapeOf(t, "input");
    const d = normalizeDim(toInt(b.get("dim"), "dim"), shape.length + 1);
    return tensor([...shape.slice(0, d), 1, ...shape.slice(d)], {
      dtype: t.dtype,
    });
  },
});

const TYPE_NAMES: Record<string, string> = {
  float32: "FloatTensor",
  float64: "DoubleTensor",
  float16: "HalfTensor",
  bfloat16: "BFloat16Tensor",
  int64: "LongTensor",
  int32: "IntTensor",
  int16: "ShortTensor",
  int8: "CharTensor",
  uint8: "ByteTensor",
  bool: "BoolTensor",
};

/** expand(*sizes): -1 keeps a size; new leading dims are allowed. */
export function expandShape(t: TensorV, shape: Shape, target: Dim[]): Shape {
  if (target.length < shape.length) {
    const type = TYPE_NAMES[t.dtype ?? "float32"] ?? giveUp("expand error on an unusual dtype");
    shapeError(
      "rank-mismatch",
      `expand(torch.${type}{${fmtShape(shape)}}, size=${fmtShape(target)}): the number of sizes provided (${target.length}) must be greater or equal to the number of dimensions in the tensor (${shape.length})`,
    );
  }
  const lead = target.length - shape.length;
  return target.map((d, i) => {
    if (i < lead) {
      if (d === -1) {
        shapeError("invalid-argument", `The expanded size of the tensor (-1) isn't allowed in a leading, non-existing dimension ${i}`);
      }
      if (isConcrete(d) && d < 0) giveUp("expand to a negative size");
      return d;
    }
    const cur = shape[i - lead];
    if (d === -1) return cur;
    if (equal(cur, d)) return d;
    if (cur === 1 && (!isConcrete(d) || d >= 0)) return d;
    if (isConcrete(cur) && isConcrete(d)) {
      shapeError(
        "shape-mismatch",
        `The expanded size of the tensor (${d}) must match the existing size (${cur}) at non-singleton dimension ${i}.  Target sizes: ${fmtShape(target)}.  Tensor sizes: ${fmtShape(shape)}`,
      );
    }
    return giveUp(`cannot tell whether size ${formatDim(cur)} expands to ${formatDim(d)}`);
  });
}

registerFunction({
  names: ["Tensor.expand"],
  signature: {
    params: [{ name: "self" }, { name: "size" }],
    varargs: "sizes",
    extraKwargs: true,
  },
  call(b) {
    const t = selfTensor(b);
    const shape = shapeOf(t, "self");
    return tensor(expandShape(t, shape, sizeArgs(b.get("size"), b.rest, "size")), { dtype: t.dtype });
  },
});

registerFunction({
  names: ["Tensor.expand_as"],
  signature: { params: [{ name: "self" }, { name: "other" }] },
  call(b) {
    const t = selfTensor(b);
    return tensor(expandShape(t, shapeOf(t, "self"), [...shapeOf(b.get("other"), "other")]), { dtype: t.dtype });
  },
});

registerFunction({
  names: ["Tensor.repeat"],
  signature: {
    params: [{ name: "self" }, { name: "repeats" }],
    varargs: "more",
  },
  call(b) {
    const t = selfTensor(b);
    const shape = shapeOf(t, "self");
    const reps = sizeArgs(b.get("repeats"), b.rest, "repeats");
    if (reps.length < shape.length) {
      shapeError("rank-mismatch", "Number of dimensions of repeat dims can not be smaller than number of dimensions of tensor");
    }
    const padded: Dim[] = [...Array(reps.length - shape.length).fill(1), ...shape];
    const out = padded.map((d, i) => mul(d, reps[i]));
    for (const d of out) {
      if (knownGE(d, 0) === false) {
        shapeError("invalid-argument", `Trying to create tensor with negative dimension ${formatDim(d)}: ${fmtShape(out)}`);
      }
      if (knownGE(d, 0) === undefined) giveUp(`cannot tell whether ${formatDim(d)} is non-negative`);
    }
    return tensor(out, { dtype: t.dtype });
  },
});

function dimList(v: Value, rank: number, what: string): number[] {
  const items = v.kind === "tuple" || v.kind === "list" ? v.items : [v];
  return items.map((x) => dimArg(x, rank, what));
}

registerFunction({
  names: ["Tensor.movedim", "torch.movedim", "Tensor.moveaxis", "torch.moveaxis"],
  signature: {
    params: [{ name: "input" }, { name: "source" }, { name: "destination" }],
  },
  call(b) {
    const t = selfTensor(b, "input");
    const shape = shapeOf(t, "input");
    const rank = shape.length;
    const src = dimList(b.get("source"), rank, "source");
    const dst = dimList(b.get("destination"), rank, "destination");
    if (src.length !== dst.length) {
      shapeError(
        "invalid-argument",
        `movedim: Invalid source or destination dims: source (${fmtShape(src)} dims) should contain the same number of dims as destination (${fmtShape(dst)} dims)`,
      );
    }
    for (const [name, l] of [
      ["source", src],
      ["destination", dst],
    ] as const) {
      if (new Set(l).size !== l.length) shapeError("invalid-argument", `movedim: repeated dim in \`${name}\` (${fmtShape(l)})`);
    }
    if (rank === 0) return sameShape(t);
    const out: (Dim | undefined)[] = new Array(rank).fill(undefined);
    src.forEach((s, i) => (out[dst[i]] = shape[s]));
    const restSrc = shape.filter((_, i) => !src.includes(i));
    let k = 0;
    for (let i = 0; i < rank; i++) if (out[i] === undefined) out[i] = restSrc[k++];
    return tensor(out as Dim[], { dtype: t.dtype });
  },
});

// Shape-preserving conversions and copies.
const CASTS: Record<string, string | undefined> = {
  float: "float32",
  double: "float64",
  half: "float16",
  bfloat16: "bfloat16",
  long: "int64",
  int: "int32",
  short: "int16",
  char: "int8",
  byte: "uint8",
  bool: "bool",
};
for (const [name, dtype] of Object.entries(CASTS)) {
  registerFunction({
    names: [`Tensor.${name}`],
    signature: { params: [{ name: "self" }], extraKwargs: true },
    call: (b) => sameShape(selfTensor(b), dtype),
  });
}

registerFunction({
  names: [
    "Tensor.contiguous",
    "Tensor.clone",
    "torch.clone",
    "Tensor.detach",
    "torch.detach",
    "Tensor.detach_",
    "Tensor.cpu",
    "Tensor.cuda",
    "Tensor.requires_grad_",
    "Tensor.pin_memory",
    "Tensor.share_memory_",
    "Tensor.retain_grad",
    "Tensor.coalesce",
  ],
  signature: { params: [{ name: "self" }], varargs: "rest", extraKwargs: true },
  call: (b) => sameShape(selfTensor(b)),
});

registerFunction({
  names: ["Tensor.to", "Tensor.type"],
  signature: {
    params: [{ name: "self" }, { name: "dtype", default: NONE, kwOnly: true }],
    varargs: "rest",
    extraKwargs: true,
  },
  call(b) {
    const t = selfTensor(b);
    // The dtype comes from a dtype argument, a dtype= keyword or another tensor; strings such as
    // 'cuda' are devices. Anything else (e.g. a type string for .type) leaves the dtype unknown.
    let dtype: string | null | undefined = undefined;
    if (b.op === "Tensor.type" && b.rest.length === 0 && !b.has("dtype")) giveUp("Tensor.type() returns a string");
    for (const v of [...b.rest, b.get("dtype")]) {
      if (v.kind === "none") continue;
      if (v.kind === "tensor") dtype = v.dtype ?? null;
      else if (v.kind === "opaque") dtype = dtypeOf(v) ?? (v.name.includes("device") ? dtype : null);
      else if (v.kind === "unknown") dtype = null;
      else if (v.kind === "str" && b.op === "Tensor.type") dtype = null;
    }
    return sameShape(t, dtype);
  },
});

/** Tensor.size(dim=None): a torch.Size, or one size. */
registerFunction({
  names: ["Tensor.size"],
  signature: { params: [{ name: "self" }, { name: "dim", default: NONE }] },
  call(b) {
    const t = selfTensor(b);
    if (!t.shape) giveUp("the shape of self is not known");
    if (!b.has("dim")) {
      if (t.lead) giveUp("size() of a tensor with variadic leading dimensions");
      return sizeValue(t.shape);
    }
    const d = toInt(b.get("dim"), "dim");
    const rank = t.shape.length;
    if (t.lead) {
      if (d < 0 && -d <= rank) return int(t.shape[rank + d]);
      giveUp("size(dim) of a tensor with variadic leading dimensions");
    }
    if (rank === 0) shapeError("index-out-of-range", `Dimension specified as ${d} but tensor has no dimensions`);
    return int(t.shape[normalizeDim(d, rank)]);
  },
});

registerFunction({
  names: ["Tensor.dim", "Tensor.ndimension", "torch.ndimension"],
  signature: { params: [{ name: "self" }] },
  call(b) {
    const t = selfTensor(b);
    if (!t.shape || t.lead) giveUp("the rank of self is not known");
    return int(t.shape.length);
  },
});

registerFunction({
  names: ["Tensor.numel", "Tensor.nelement", "torch.numel"],
  signature: { params: [{ name: "self" }] },
  call: (b) => int(product(shapeOf(b.get("self"), "self"))),
});
