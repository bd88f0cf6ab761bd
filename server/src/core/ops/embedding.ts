// Shape rules for lookups (PyTorch 1.13): nn.Embedding / F.embedding append the embedding dim to
// the index tensor's shape, nn.EmbeddingBag / F.embedding_bag reduce bags to [bags, dim], and
// F.one_hot appends num_classes (data-dependent, hence unknown, when num_classes is -1).
// The engine does not track dtypes reliably, so integer-index checks are not reported.

import { isTorch2 } from "../torchVersion";
import { Dim, formatDim, knownEqual, sub } from "../dim";
import { giveUp, shapeError } from "../errors";
import { CallArgs, NONE, TensorV, Value, bool, float, int, str, tensor } from "../values";
import { bind, isNone, shapeOf, toBool, toDim, toInt, toStr, toTensor } from "./args";
import { checkParamSize } from "./linear";
import { registerFunction, registerLayer } from "./registry";

/** The Python-side padding_idx assertion of Embedding / EmbeddingBag / F.embedding. */
function checkPaddingIdx(v: Value, num: Dim): number | null {
  if (isNone(v)) return null;
  const idx = toInt(v, "padding_idx");
  if (typeof num !== "number") return idx;
  if ((idx > 0 && idx >= num) || (idx < 0 && idx < -num)) {
    shapeError("index-out-of-range", "Padding_idx must be within num_embeddings");
  }
  return idx;
}

/** A `_weight` given to the constructor must be exactly [num_embeddings, embedding_dim]. */
function checkGivenWeight(v: Value, num: Dim, dim: Dim): void {
  if (isNone(v)) {
    checkParamSize([num, dim]);
    return;
  }
  const w = shapeOf(v, "_weight");
  const ok = w.length === 2 && knownEqual(w[0], num) !== false && knownEqual(w[1], dim) !== false;
  if (!ok) shapeError("shape-mismatch", "Shape of weight does not match num_embeddings and embedding_dim");
}

function lookup(input: TensorV, dim: Dim): TensorV {
  if (!input.shape) return tensor(null);
  return tensor([...input.shape, dim], { lead: input.lead });
}

interface EmbeddingConfig {
  num: Dim;
  dim: Dim;
}

function paramsOf(num: Dim, dim: Dim): number | null {
  return typeof num === "number" && typeof dim === "number" ? num * dim : null;
}

registerLayer({
  name: "Embedding",
  signature: {
    params: [
      { name: "num_embeddings" },
      { name: "embedding_dim" },
      { name: "padding_idx", default: NONE },
      { name: "max_norm", default: NONE },
      { name: "norm_type", default: float(2.0) },
      { name: "scale_grad_by_freq", default: bool(false) },
      { name: "sparse", default: bool(false) },
      { name: "_weight", default: NONE },
      { name: "device", default: NONE },
      { name: "dtype", default: NONE },
    ],
  },
  construct(a) {
    const num = toDim(a.get("num_embeddings"), "num_embeddings");
    const dim = toDim(a.get("embedding_dim"), "embedding_dim");
    const pad = checkPaddingIdx(a.get("padding_idx"), num);
    checkGivenWeight(a.get("_weight"), num, dim);
    const padShown = pad !== null && pad < 0 && typeof num === "number" ? pad + num : pad;
    const config: EmbeddingConfig = { num, dim };
    return {
      params: paramsOf(num, dim),
      config,
      attrs: {
        num_embeddings: int(num),
        embedding_dim: int(dim),
        padding_idx: padShown === null ? NONE : int(padShown),
        max_norm: a.get("max_norm"),
        norm_type: a.get("norm_type"),
        scale_grad_by_freq: a.get("scale_grad_by_freq"),
        sparse: a.get("sparse"),
        weight: tensor([num, dim]),
      },
    };
  },
  forward(config, call: CallArgs): Value {
    const c = config;
    const input = toTensor(bind("Embedding.forward", { params: [{ name: "input" }] }, call).get("input"), "input");
    return lookup(input, c.dim);
  },
  macs: "batch",
  explain(config) {
    const c = config;
    return {
      lines: [`output = input.shape + [embedding_dim = ${formatDim(c.dim)}]`],
      paramsFormula: "num_embeddings·embedding_dim",
    };
  },
});

registerFunction({
  names: ["F.embedding"],
  signature: {
    params: [
      { name: "input" },
      { name: "weight" },
      { name: "padding_idx", default: NONE },
      { name: "max_norm", default: NONE },
      { name: "norm_type", default: float(2.0) },
      { name: "scale_grad_by_freq", default: bool(false) },
      { name: "sparse", default: bool(false) },
    ],
  },
  call(a) {
    const input = toTensor(a.get("input"), "input");
    const w = shapeOf(a.get("weight"), "weight");
    if (!isNone(a.get("padding_idx"))) {
      if (w.length === 0) shapeError("index-out-of-range", "Dimension specified as 0 but tensor has no dimensions");
      checkPaddingIdx(a.get("padding_idx"), w[0]);
    }
    if (w.length !== 2) shapeError("rank-mismatch", "'weight' must be 2-D");
    return lookup(input, w[1]);
  },
});

registerFunction({
  names: ["torch.embedding"],
  signature: {
    params: [
      { name: "weight" },
      { name: "indices" },
      { name: "padding_idx", default: int(-1) },
      { name: "scale_grad_by_freq", default: bool(false) },
      { name: "sparse", default: bool(false) },
    ],
  },
  call(a) {
    const w = shapeOf(a.get("weight"), "weight");
    if (w.length !== 2) shapeError("rank-mismatch", "'weight' must be 2-D");
    return lookup(toTensor(a.get("indices"), "indices"), w[1]);
  },
});

registerFunction({
  names: ["F.one_hot"],
  signature: { params: [{ name: "tensor" }, { name: "num_classes", default: int(-1) }] },
  call(a) {
    const input = toTensor(a.get("tensor"), "tensor");
    const n = toDim(a.get("num_classes"), "num_classes");
    if (typeof n === "number" && n <= 0) giveUp("one_hot without a positive num_classes depends on the data");
    if (!input.shape) return tensor(null);
    return tensor([...input.shape, n], { lead: input.lead });
  },
});

// ---- EmbeddingBag ----

interface BagConfig {
  num: Dim;
  dim: Dim;
  mode: string;
  includeLast: boolean;
}

/** F.embedding_bag's Python-side checks and the [bags, dim] result. */
function bagOutput(inputV: Value, offsetsV: Value, dim: Dim, mode: string, includeLast: boolean): TensorV {
  const input = shapeOf(inputV, "input");
  let bags: Dim;
  if (input.length === 2) {
    if (!isNone(offsetsV)) {
      shapeError(
        "invalid-argument",
        "if input is 2D, then offsets has to be None, as input is treated is a mini-batch of fixed length sequences. However, found offsets of type <class 'torch.Tensor'>",
      );
    }
    // 1.13: offsets become arange(0, B·L, L), B of them, and include_last_offset then drops one.
    // PyTorch 2 adds the last offset for 2-D input first, so there are B bags either way.
    bags = includeLast && !isTorch2() ? sub(input[0], 1) : input[0];
  } else if (input.length === 1) {
    if (isNone(offsetsV)) shapeError("invalid-argument", "offsets has to be a 1D Tensor but got None");
    const off = shapeOf(offsetsV, "offsets");
    if (off.length !== 1) {
      shapeError("invalid-argument", `offsets has to be a 1D Tensor, but got Tensor of dimension ${off.length}`);
    }
    bags = includeLast ? sub(off[0], 1) : off[0];
  } else {
    return shapeError("rank-mismatch", `input has to be 1D or 2D Tensor, but got Tensor of dimension ${input.length}`);
  }
  if (mode !== "sum" && mode !== "mean" && mode !== "max") giveUp(`embedding_bag mode ${JSON.stringify(mode)}`);
  // PyTorch 1.13's CPU kernel corrupts memory here (the process aborts, sometimes after a shape).
  if (mode === "max" && includeLast && !isTorch2())
    giveUp("embedding_bag with mode='max' and include_last_offset=True crashes PyTorch 1.13");
  if (typeof bags === "number" && bags < 0) giveUp("a negative number of bags");
  return tensor([bags, dim]);
}

registerLayer({
  name: "EmbeddingBag",
  signature: {
    params: [
      { name: "num_embeddings" },
      { name: "embedding_dim" },
      { name: "max_norm", default: NONE },
      { name: "norm_type", default: float(2.0) },
      { name: "scale_grad_by_freq", default: bool(false) },
      { name: "mode", default: str("mean") },
      { name: "sparse", default: bool(false) },
      { name: "_weight", default: NONE },
      { name: "include_last_offset", default: bool(false) },
      { name: "padding_idx", default: NONE },
      { name: "device", default: NONE },
      { name: "dtype", default: NONE },
    ],
  },
  construct(a) {
    const num = toDim(a.get("num_embeddings"), "num_embeddings");
    const dim = toDim(a.get("embedding_dim"), "embedding_dim");
    checkGivenWeight(a.get("_weight"), num, dim);
    const pad = checkPaddingIdx(a.get("padding_idx"), num);
    const mode = toStr(a.get("mode"), "mode");
    const includeLast = toBool(a.get("include_last_offset"), "include_last_offset");
    const config: BagConfig = { num, dim, mode, includeLast };
    return {
      params: paramsOf(num, dim),
      config,
      attrs: {
        num_embeddings: int(num),
        embedding_dim: int(dim),
        mode: str(mode),
        include_last_offset: bool(includeLast),
        padding_idx: pad === null ? NONE : int(pad < 0 && typeof num === "number" ? pad + num : pad),
        weight: tensor([num, dim]),
      },
    };
  },
  forward(c, call) {
    const a = bind(
      "EmbeddingBag.forward",
      { params: [{ name: "input" }, { name: "offsets", default: NONE }, { name: "per_sample_weights", default: NONE }] },
      call,
    );
    return bagOutput(a.get("input"), a.get("offsets"), c.dim, c.mode, c.includeLast);
  },
  macs: "batch",
});

registerFunction({
  names: ["F.embedding_bag"],
  signature: {
    params: [
      { name: "input" },
      { name: "weight" },
      { name: "offsets", default: NONE },
      { name: "max_norm", default: NONE },
      { name: "norm_type", default: int(2) },
      { name: "scale_grad_by_freq", default: bool(false) },
      { name: "mode", default: str("mean") },
      { name: "sparse", default: bool(false) },
      { name: "per_sample_weights", default: NONE },
      { name: "include_last_offset", default: bool(false) },
      { name: "padding_idx", default: NONE },
    ],
  },
  call(a) {
    const w = shapeOf(a.get("weight"), "weight");
    if (w.length !== 2) giveUp("embedding_bag with a weight that is not 2-D");
    const mode = toStr(a.get("mode"), "mode");
    return bagOutput(a.get("input"), a.get("offsets"), w[1], mode, toBool(a.get("include_last_offset"), "include_last_offset"));
  },
});
