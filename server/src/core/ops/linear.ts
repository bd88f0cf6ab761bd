// Shape rules for fully connected layers: nn.Linear, nn.LazyLinear, nn.Bilinear, nn.Identity and
// F.linear / F.bilinear, with PyTorch 1.13's checks and messages (the matmul "mat1 and mat2" error
// for a wrong in_features, bilinear()'s own checks, negative sizes at construction).

import { isTorch2 } from "../torchVersion";
import { Dim, formatDim, knownEqual, mul, product } from "../dim";
import { giveUp, shapeError } from "../errors";
import { CallArgs, NONE, Shape, TensorV, Value, bool, int, tensor } from "../values";
import { OpSignature, bind, isNone, shapeOf, toBool, toDim, toTensor } from "./args";
import { registerFunction, registerLayer } from "./registry";

const dimList = (s: readonly Dim[]): string => `[${s.map(formatDim).join(", ")}]`;

/** torch.empty's check when a parameter is created with a negative size. */
export function checkParamSize(shape: Dim[]): void {
  const bad = shape.find((d) => typeof d === "number" && d < 0);
  if (bad !== undefined) {
    shapeError("invalid-argument", `Trying to create tensor with negative dimension ${formatDim(bad)}: ${dimList(shape)}`);
  }
}

/** A parameter count when every factor is a concrete number. */
function count(d: Dim): number | null {
  return typeof d === "number" ? d : null;
}

/** Rows of the 2-D matrix matmul folds the input into: the product of all but the last dim. */
function foldedRows(t: TensorV, shape: Shape): string {
  const rows = formatDim(product(shape.slice(0, -1)));
  if (!t.lead) return rows;
  return shape.length > 1 ? `prod(*${t.lead})*${rows}` : `prod(*${t.lead})`;
}

/** input @ weight.T for a 2-D weight [out, in]: the last dim is replaced by out. */
function linearOutput(input: TensorV, inF: Dim, outF: Dim): TensorV {
  if (!input.shape) return tensor(null);
  const shape = input.shape;
  if (shape.length === 0) {
    if (input.lead) giveUp("the input's last dimension is not known");
    shapeError("matmul", "both arguments to matmul need to be at least 1D, but they are 0D and 2D");
  }
  const last = shape[shape.length - 1];
  if (knownEqual(last, inF) === false) {
    const rows = shape.length === 1 && !input.lead ? "1" : foldedRows(input, shape);
    shapeError(
      "linear-in-features",
      `mat1 and mat2 shapes cannot be multiplied (${rows}x${formatDim(last)} and ${formatDim(inF)}x${formatDim(outF)})`,
      typeof last === "number" && last > 0 ? { argument: "in_features", value: last, reason: "incoming feature count" } : undefined,
    );
  }
  return tensor([...shape.slice(0, -1), outF], { lead: input.lead });
}

interface LinearConfig {
  inF: Dim | null; // null for LazyLinear: taken from the first input
  outF: Dim;
}

const forwardInput: OpSignature = { params: [{ name: "input" }] };

function linearForward(name: string, c: LinearConfig, call: CallArgs): Value {
  const a = bind(`${name}.forward`, forwardInput, call);
  const input = toTensor(a.get("input"), "input");
  if (c.inF === null) {
    if (!input.shape) return tensor(null);
    if (input.shape.length === 0) {
      if (input.lead) giveUp("the input's last dimension is not known");
      shapeError("index-out-of-range", "tuple index out of range");
    }
    return tensor([...input.shape.slice(0, -1), c.outF], { lead: input.lead });
  }
  return linearOutput(input, c.inF, c.outF);
}

function linearExplain(c: LinearConfig, _call: CallArgs, output: Value) {
  const lines = [`out[-1] = out_features = ${formatDim(c.outF)}`];
  if (output.kind === "tensor" && output.shape) lines.push(`output = [*, ${formatDim(c.outF)}] (leading dims kept)`);
  return { lines, paramsFormula: "in_features·out_features + out_features (bias)" };
}

registerLayer({
  name: "Linear",
  signature: {
    params: [
      { name: "in_features" },
      { name: "out_features" },
      { name: "bias", default: bool(true) },
      { name: "device", default: NONE },
      { name: "dtype", default: NONE },
    ],
  },
  construct(a) {
    const inF = toDim(a.get("in_features"), "in_features");
    const outF = toDim(a.get("out_features"), "out_features");
    const hasBias = toBool(a.get("bias"), "bias");
    checkParamSize([outF, inF]);
    const w = count(mul(inF, outF));
    const params = w === null || count(outF) === null ? null : w + (hasBias ? (outF as number) : 0);
    const config: LinearConfig = { inF, outF };
    return {
      params,
      config,
      attrs: {
        in_features: int(inF),
        out_features: int(outF),
        weight: tensor([outF, inF]),
        bias: hasBias ? tensor([outF]) : NONE,
      },
    };
  },
  forward: (config, call) => linearForward("Linear", config, call),
  macs: "batch",
  explain: linearExplain,
});

registerLayer({
  name: "LazyLinear",
  signature: {
    params: [
      { name: "out_features" },
      { name: "bias", default: bool(true) },
      { name: "device", default: NONE },
      { name: "dtype", default: NONE },
    ],
  },
  construct(a) {
    const outF = toDim(a.get("out_features"), "out_features");
    toBool(a.get("bias"), "bias");
    const config: LinearConfig = { inF: null, outF };
    return { params: null, config, attrs: { in_features: int(0), out_features: int(outF) } };
  },
  forward: (config, call) => linearForward("LazyLinear", config, call),
  macs: "batch",
});

registerLayer({
  name: "Identity",
  signature: { params: [], varargs: "args", extraKwargs: true },
  construct: () => ({ params: 0, config: null, attrs: {} }),
  forward(_config, call) {
    const a = bind("Identity.forward", forwardInput, call);
    return a.get("input");
  },
});

/** bilinear()'s checks (ATen), in its order; weight is [out, in1, in2]. */
function bilinearOutput(x1: Value, x2: Value, in1: Dim, in2: Dim, outF: Dim, biasLen?: Dim): TensorV {
  const s1 = shapeOf(x1, "input1");
  const s2 = shapeOf(x2, "input2");
  if (s1.length !== s2.length) {
    shapeError("rank-mismatch", `bilinear(): input dimensions do not match: got ${s1.length} and ${s2.length}`);
  }
  for (let i = 0; i < s1.length - 1; i++) {
    if (knownEqual(s1[i], s2[i]) === false) {
      shapeError(
        "shape-mismatch",
        `bilinear(): input batch dimensions do not match at dim ${i}: got ${formatDim(s1[i])} and ${formatDim(s2[i])}`,
      );
    }
  }
  if (s1.length === 0) shapeError("index-out-of-range", "Dimension specified as -1 but tensor has no dimensions");
  const l1 = s1[s1.length - 1];
  const l2 = s2[s2.length - 1];
  if (knownEqual(l1, in1) === false) {
    shapeError(
      "linear-in-features",
      `bilinear(): input1 size does not match weight size: got ${formatDim(l1)} but expected ${formatDim(in1)}`,
    );
  }
  if (knownEqual(l2, in2) === false) {
    shapeError(
      "linear-in-features",
      `bilinear(): input2 size does not match weight size: got ${formatDim(l2)} but expected ${formatDim(in2)}`,
    );
  }
  if (biasLen !== undefined && knownEqual(biasLen, outF) === false) {
    shapeError(
      "shape-mismatch",
      `bilinear(): bias size does not match weight size: got ${formatDim(biasLen)} but expected ${formatDim(outF)}`,
    );
  }
  return tensor([...s1.slice(0, -1), outF]);
}

interface BilinearConfig {
  in1: Dim;
  in2: Dim;
  outF: Dim;
}

registerLayer({
  name: "Bilinear",
  signature: {
    params: [
      { name: "in1_features" },
      { name: "in2_features" },
      { name: "out_features" },
      { name: "bias", default: bool(true) },
      { name: "device", default: NONE },
      { name: "dtype", default: NONE },
    ],
  },
  construct(a) {
    const in1 = toDim(a.get("in1_features"), "in1_features");
    const in2 = toDim(a.get("in2_features"), "in2_features");
    const outF = toDim(a.get("out_features"), "out_features");
    const hasBias = toBool(a.get("bias"), "bias");
    checkParamSize([outF, in1, in2]);
    const w = count(product([outF, in1, in2]));
    const params = w === null || count(outF) === null ? null : w + (hasBias ? (outF as number) : 0);
    const config: BilinearConfig = { in1, in2, outF };
    return {
      params,
      config,
      attrs: {
        in1_features: int(in1),
        in2_features: int(in2),
        out_features: int(outF),
        weight: tensor([outF, in1, in2]),
        bias: hasBias ? tensor([outF]) : NONE,
      },
    };
  },
  forward(c, call) {
    const a = bind("Bilinear.forward", { params: [{ name: "input1" }, { name: "input2" }] }, call);
    return bilinearOutput(a.get("input1"), a.get("input2"), c.in1, c.in2, c.outF);
  },
  macs: "batch",
});

registerFunction({
  names: ["F.bilinear", "torch.bilinear"],
  signature: {
    params: [{ name: "input1" }, { name: "input2" }, { name: "weight" }, { name: "bias", default: NONE }],
  },
  call(a) {
    const w = shapeOf(a.get("weight"), "weight");
    if (w.length !== 3) giveUp("bilinear weight is not 3-D");
    let biasLen: Dim | undefined;
    if (!isNone(a.get("bias"))) {
      const b = shapeOf(a.get("bias"), "bias");
      if (b.length !== 1) giveUp("bilinear bias is not 1-D");
      biasLen = b[0];
    }
    return bilinearOutput(a.get("input1"), a.get("input2"), w[1], w[2], w[0], biasLen);
  },
});

/** F.linear: the weight is usually [out, in]; a 1-D weight makes a dot product over the last dim. */
registerFunction({
  names: ["F.linear"],
  signature: { params: [{ name: "input" }, { name: "weight" }, { name: "bias", default: NONE }] },
  call(a) {
    const input = toTensor(a.get("input"), "input");
    const w = shapeOf(a.get("weight"), "weight");
    if (w.length > 2) {
      shapeError("matmul", `t() expects a tensor with <= 2 dimensions, but self is ${w.length}D`);
    }
    if (w.length === 0) giveUp("F.linear with a 0-D weight");
    if (w.length === 1) {
      if (!input.shape || input.shape.length === 0) giveUp("F.linear with a 1-D weight and an input of unknown rank");
      if (knownEqual(input.shape[input.shape.length - 1], w[0]) !== true) giveUp("F.linear with a 1-D weight");
      if (!isNone(a.get("bias"))) giveUp("F.linear with a 1-D weight and a bias");
      return tensor(input.shape.slice(0, -1), { lead: input.lead });
    }
    const [outF, inF] = w;
    const bias = a.get("bias");
    if (isNone(bias)) return linearOutput(input, inF, outF);
    const b = shapeOf(bias, "bias");
    const fits = b.length === 0 || (b.length === 1 && (knownEqual(b[0], outF) === true || knownEqual(b[0], 1) === true));
    if (fits) return linearOutput(input, inF, outF);
    // A bias that does not fit: the message depends on which ATen path runs.
    const out = linearOutput(input, inF, outF);
    if (b.length !== 1 || !out.shape || out.lead || knownEqual(b[0], outF) !== false) giveUp("F.linear bias shape");
    const rank = out.shape.length;
    if (isTorch2()) {
      // PyTorch 2 runs a 1-D input as one row through addmm; other ranks are not recorded.
      if (rank > 2) giveUp("F.linear bias that does not fit, under PyTorch 2");
      const target = rank === 1 ? [1, outF] : out.shape;
      shapeError(
        "broadcast",
        `The expanded size of the tensor (${formatDim(outF)}) must match the existing size (${formatDim(b[0])}) at non-singleton dimension 1.  Target sizes: ${dimList(target)}.  Tensor sizes: ${dimList(b)}`,
      );
    }
    if (rank === 2) {
      shapeError(
        "broadcast",
        `The expanded size of the tensor (${formatDim(outF)}) must match the existing size (${formatDim(b[0])}) at non-singleton dimension 1.  Target sizes: ${dimList(out.shape)}.  Tensor sizes: ${dimList(b)}`,
      );
    }
    if (rank === 1 || rank >= 4) {
      shapeError(
        "broadcast",
        `The size of tensor a (${formatDim(outF)}) must match the size of tensor b (${formatDim(b[0])}) at non-singleton dimension ${rank - 1}`,
      );
    }
    return giveUp("F.linear bias with a 3-D input: the message depends on memory layout");
  },
});
