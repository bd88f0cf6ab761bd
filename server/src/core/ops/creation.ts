// Tensor factories: torch.randn/zeros/ones/empty/full/randint/arange/linspace/eye/tensor, the
// *_like family and Tensor.new_* methods. Sizes come as varargs or one sequence and may be symbolic.
// Dtypes are tracked only where they are certain (they decide how a tensor index is read).

import { byVersion } from "../torchVersion";
import { Dim, ceilDiv, formatDim, isConcrete, sub } from "../dim";
import { giveUp, shapeError } from "../errors";
import { NONE, Value, describe, tensor } from "../values";
import { BoundArgs, OpSignature, toDim } from "./args";
import { dtypeOf, fmtShape, knownGE, sameShape, selfTensor, sizeArgs } from "./broadcast";
import { registerFunction } from "./registry";

const FACTORY_KW = ["dtype", "layout", "device", "requires_grad", "pin_memory", "generator", "out", "memory_format"];

function kwOnly(names: string[]): { name: string; default: Value; kwOnly: boolean }[] {
  return names.map((name) => ({ name, default: NONE, kwOnly: true }));
}

/** Checks a size list the way the factories do: no negative entries. */
function checkSizes(sizes: Dim[]): Dim[] {
  for (const d of sizes) {
    if (knownGE(d, 0) === false) {
      shapeError("invalid-argument", `Trying to create tensor with negative dimension ${formatDim(d)}: ${fmtShape(sizes)}`);
    }
  }
  return sizes;
}

function explicitDtype(b: BoundArgs): string | undefined {
  return b.has("dtype") ? dtypeOf(b.get("dtype")) : undefined;
}

/** The dtype= argument when given (unknown if unrecognised), else the op's own default. */
function dtypeOr(b: BoundArgs, fallback: string | undefined): string | undefined {
  return b.has("dtype") ? explicitDtype(b) : fallback;
}

/** torch.randn(*size) and friends: the size is varargs or a single sequence. */
function sizedFactory(names: string[], defaultDtype: string | undefined): void {
  const signature: OpSignature = {
    params: [{ name: "size" }, ...kwOnly(FACTORY_KW)],
    varargs: "sizes",
  };
  registerFunction({
    names,
    signature,
    call(b) {
      const sizes = checkSizes(sizeArgs(b.get("size"), b.rest, "size"));
      return tensor(sizes, { dtype: dtypeOr(b, defaultDtype) });
    },
  });
}

sizedFactory(["torch.randn", "torch.rand", "torch.zeros", "torch.ones", "torch.empty"], "float32");

/** The dtype PyTorch infers from a Python scalar fill value. */
function scalarDtype(v: Value): string | undefined {
  if (v.kind === "bool") return "bool";
  if (v.kind === "int") return "int64";
  return undefined;
}

function sequenceSize(v: Value, op: string): Dim[] {
  if (v.kind === "unknown") giveUp("size is not known");
  if (v.kind !== "tuple" && v.kind !== "list") {
    shapeError("invalid-argument", `${op}(): argument 'size' (position 1) must be tuple of SymInts, not ${describe(v)}`);
  }
  return checkSizes(sizeArgs(v, [], "size"));
}

registerFunction({
  names: ["torch.full"],
  signature: {
    params: [{ name: "size" }, { name: "fill_value" }, ...kwOnly(FACTORY_KW)],
  },
  call(b) {
    const sizes = sequenceSize(b.get("size"), "full");
    return tensor(sizes, {
      dtype: dtypeOr(b, scalarDtype(b.get("fill_value"))),
    });
  },
});

registerFunction({
  names: ["torch.randint"],
  signature: {
    params: kwOnly(["low", "high", "size", ...FACTORY_KW]),
    varargs: "args",
  },
  call(b) {
    // randint(high, size) or randint(low, high, size); `size` may also be a keyword.
    const pos = b.rest;
    const nBounds = pos.length - (b.has("size") ? 0 : 1) + (b.has("low") ? 1 : 0) + (b.has("high") ? 1 : 0);
    if (nBounds < 1 || nBounds > 2 || (pos.length === 0 && !b.has("size"))) {
      shapeError("invalid-argument", "randint() received an invalid combination of arguments");
    }
    const size = b.has("size") ? b.get("size") : pos[pos.length - 1];
    const sizes = sequenceSize(size, "randint");
    return tensor(sizes, { dtype: dtypeOr(b, "int64") });
  },
});

registerFunction({
  names: ["torch.randperm"],
  signature: { params: [{ name: "n" }, ...kwOnly(FACTORY_KW)] },
  call(b) {
    const n = toDim(b.get("n"), "n");
    return tensor(checkSizes([n]), { dtype: dtypeOr(b, "int64") });
  },
});

function numberArg(v: Value, what: string): { v: Dim; isFloat: boolean } {
  if (v.kind === "float") return { v: v.v, isFloat: true };
  if (v.kind === "tensor") giveUp(`${what} is a tensor value`);
  return { v: toDim(v, what), isFloat: false };
}

registerFunction({
  names: ["torch.arange"],
  signature: {
    params: kwOnly(["start", "end", "step", ...FACTORY_KW]),
    varargs: "args",
  },
  call(b) {
    const pos = b.rest;
    let start: Value = b.has("start") ? b.get("start") : { kind: "int", v: 0 };
    let end: Value = b.get("end");
    let step: Value = b.has("step") ? b.get("step") : { kind: "int", v: 1 };
    if (pos.length === 1) end = pos[0];
    else if (pos.length >= 2) {
      [start, end] = pos;
      if (pos.length >= 3) step = pos[2];
      if (pos.length > 3) shapeError("invalid-argument", "arange() received an invalid combination of arguments");
    }
    if (end.kind === "none") shapeError("invalid-argument", "arange() missing required argument 'end'");
    const s = numberArg(start, "start");
    const e = numberArg(end, "end");
    const st = numberArg(step, "step");
    const isFloat = s.isFloat || e.isFloat || st.isFloat;
    const dtype = dtypeOr(b, isFloat ? "float32" : "int64");
    if (!isConcrete(st.v)) giveUp("arange step is symbolic");
    if (st.v === 0) shapeError("invalid-argument", "step must be nonzero");
    if (isConcrete(s.v) && isConcrete(e.v)) {
      const n = Math.ceil((e.v - s.v) / st.v);
      if (n < 0)
        shapeError(
          "invalid-argument",
          `upper bound and ${byVersion({ "1.13": "larger", "2": "lower" })} bound inconsistent with step sign`,
        );
      return tensor([n], { dtype });
    }
    // Symbolic bounds: only integer ranges whose length is provably non-negative.
    if (isFloat || st.v < 0) giveUp("arange with symbolic bounds");
    const span = sub(e.v, s.v);
    if (knownGE(span, 0) !== true) giveUp(`cannot tell whether arange's length ${formatDim(span)} is non-negative`);
    const n = ceilDiv(span, st.v);
    if (n === undefined) giveUp("arange length is not expressible");
    return tensor([n], { dtype });
  },
});

for (const name of ["linspace", "logspace"]) {
  registerFunction({
    names: [`torch.${name}`],
    signature: {
      params: [{ name: "start" }, { name: "end" }, { name: "steps" }, { name: "base", default: NONE }, ...kwOnly(FACTORY_KW)],
    },
    call(b) {
      const steps = toDim(b.get("steps"), "steps");
      if (knownGE(steps, 0) === false) shapeError("invalid-argument", "number of steps must be non-negative");
      return tensor([steps], { dtype: dtypeOr(b, "float32") });
    },
  });
}

registerFunction({
  names: ["torch.eye"],
  signature: {
    params: [{ name: "n" }, { name: "m", default: NONE }, ...kwOnly(FACTORY_KW)],
  },
  call(b) {
    const n = toDim(b.get("n"), "n");
    if (knownGE(n, 0) === false) shapeError("invalid-argument", `n must be greater or equal to 0, got ${formatDim(n)}`);
    const m = b.has("m") ? toDim(b.get("m"), "m") : n;
    if (knownGE(m, 0) === false) shapeError("invalid-argument", `m must be greater or equal to 0, got ${formatDim(m)}`);
    return tensor([n, m], { dtype: dtypeOr(b, "float32") });
  },
});

/** Shape (and element dtype) of nested Python data, as torch.tensor reads it. */
function dataShape(v: Value): { shape: Dim[]; dtype?: string } {
  if (v.kind === "int") return { shape: [], dtype: "int64" };
  if (v.kind === "bool") return { shape: [], dtype: "bool" };
  if (v.kind === "float") return { shape: [], dtype: "float32" };
  if (v.kind === "tensor") {
    if (v.shape && v.shape.length === 0 && !v.lead) return { shape: [], dtype: v.dtype };
    return giveUp("torch.tensor of tensors");
  }
  if (v.kind !== "list" && v.kind !== "tuple") return giveUp(`torch.tensor data of kind ${v.kind}`);
  if (v.items.length === 0) return { shape: [0], dtype: "float32" };
  const inner = v.items.map(dataShape);
  const first = inner[0].shape;
  for (let i = 1; i < inner.length; i++) {
    const s = inner[i].shape;
    if (s.length !== first.length || s.some((d, k) => d !== first[k])) {
      // PyTorch reports the first dimension whose length differs.
      if (s.length === 0 || first.length === 0) giveUp("torch.tensor of mixed scalars and sequences");
      const k = s.findIndex((d, j) => d !== first[j]);
      const len = k < 0 ? first.length : k;
      shapeError("shape-mismatch", `expected sequence of length ${formatDim(first[len])} at dim ${len + 1} (got ${formatDim(s[len])})`);
    }
  }
  const dtypes = new Set(inner.map((x) => x.dtype));
  const dtype = dtypes.size === 1 ? inner[0].dtype : dtypes.has("float32") && !dtypes.has(undefined) ? "float32" : undefined;
  return { shape: [v.items.length, ...first], dtype };
}

registerFunction({
  names: ["torch.tensor", "torch.as_tensor"],
  signature: { params: [{ name: "data" }, ...kwOnly(FACTORY_KW)] },
  call(b) {
    const { shape, dtype } = dataShape(b.get("data"));
    return tensor(shape, { dtype: dtypeOr(b, dtype) });
  },
});

registerFunction({
  names: ["Tensor.new_tensor"],
  signature: {
    params: [{ name: "self" }, { name: "data" }, ...kwOnly(FACTORY_KW)],
  },
  call(b) {
    const t = selfTensor(b);
    const { shape } = dataShape(b.get("data"));
    return tensor(shape, { dtype: dtypeOr(b, t.dtype) });
  },
});

for (const name of ["zeros_like", "ones_like", "empty_like", "randn_like", "rand_like", "full_like", "randint_like"]) {
  registerFunction({
    names: [`torch.${name}`],
    signature: {
      params: [{ name: "input" }, ...kwOnly(FACTORY_KW)],
      varargs: "args",
      extraKwargs: true,
    },
    call(b) {
      const t = selfTensor(b, "input");
      // Without dtype= the result keeps the input's dtype (full_like and randint_like too).
      return sameShape(t, b.has("dtype") ? (explicitDtype(b) ?? null) : undefined);
    },
  });
}

for (const name of ["new_zeros", "new_ones", "new_empty"]) {
  registerFunction({
    names: [`Tensor.${name}`],
    signature: {
      params: [{ name: "self" }, { name: "size" }, ...kwOnly(FACTORY_KW)],
      varargs: "sizes",
    },
    call(b) {
      const t = selfTensor(b);
      const sizes = checkSizes(sizeArgs(b.get("size"), b.rest, "size"));
      return tensor(sizes, { dtype: dtypeOr(b, t.dtype) });
    },
  });
}

registerFunction({
  names: ["Tensor.new_full"],
  signature: {
    params: [{ name: "self" }, { name: "size" }, { name: "fill_value" }, ...kwOnly(FACTORY_KW)],
  },
  call(b) {
    const t = selfTensor(b);
    const sizes = sequenceSize(b.get("size"), "new_full");
    return tensor(sizes, { dtype: dtypeOr(b, t.dtype) });
  },
});
