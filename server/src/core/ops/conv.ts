// Convolution rules: nn.Conv1d/2d/3d, nn.ConvTranspose1d/2d/3d and their Lazy variants, plus
// F.conv*/torch.conv* and F.conv_transpose*/torch.conv_transpose*. Constructor checks mirror
// torch.nn.modules.conv (1.13); the shape arithmetic and call-time checks live in convCore.ts.

import { LayerGeometry, perAxis } from "../arith/geometry";
import { Dim, add, floorDiv, formatDim, isConcrete, sub } from "../dim";
import { giveUp, shapeError } from "../errors";
import { CallArgs, NONE, Shape, Value, bool, int, str, tensor, tuple } from "../values";
import { BoundArgs, OpSignature, ParamSpec, bind, isNone, shapeOf, toBool, toInt, toIntTuple, toStr, toTensor } from "./args";
import { convolve, checkConvRank, convOutSize, transposedOutSize } from "./convCore";
import { padNonConstant } from "./convPadding";
import { LayerConstruction, registerFunction, registerLayer } from "./registry";
import { axisNames, fmtList, fmtSize, lessThan, pyRepr, withCommas } from "./spatialArith";

interface ConvConfig {
  name: string;
  n: number;
  transposed: boolean;
  lazy: boolean;
  inChannels: number | null;
  outChannels: number;
  kernel: number[];
  stride: number[];
  padding: number[] | "same" | "valid";
  /** Transposed layers turn a string padding into a tuple of characters; the call then fails. */
  paddingIsString: boolean;
  dilation: number[];
  outputPadding: number[];
  groups: number;
  bias: boolean;
  paddingMode: string;
}

const PADDING_MODES = ["zeros", "reflect", "replicate", "circular"];

function pyMod(a: number, b: number): number {
  return ((a % b) + b) % b;
}

function layerSignature(transposed: boolean, lazy: boolean): OpSignature {
  const params: ParamSpec[] = [];
  if (!lazy) params.push({ name: "in_channels" });
  params.push({ name: "out_channels" }, { name: "kernel_size" });
  params.push({ name: "stride", default: int(1) }, { name: "padding", default: int(0) });
  if (transposed) {
    params.push(
      { name: "output_padding", default: int(0) },
      { name: "groups", default: int(1) },
      { name: "bias", default: bool(true) },
      { name: "dilation", default: int(1) },
    );
  } else {
    params.push({ name: "dilation", default: int(1) }, { name: "groups", default: int(1) }, { name: "bias", default: bool(true) });
  }
  params.push({ name: "padding_mode", default: str("zeros") }, { name: "device", default: NONE }, { name: "dtype", default: NONE });
  return { params };
}

function construct(name: string, n: number, transposed: boolean, lazy: boolean, b: BoundArgs): LayerConstruction<ConvConfig> {
  const paddingMode = toStr(b.get("padding_mode"), "padding_mode");
  if (transposed && paddingMode !== "zeros") {
    shapeError("invalid-argument", `Only "zeros" padding mode is supported for ${name}`);
  }
  const inChannels = lazy ? 0 : toInt(b.get("in_channels"), "in_channels");
  const outChannels = toInt(b.get("out_channels"), "out_channels");
  const kernel = toIntTuple(b.get("kernel_size"), n, "kernel_size");
  const stride = toIntTuple(b.get("stride"), n, "stride");
  const dilation = toIntTuple(b.get("dilation"), n, "dilation");
  const outputPadding = transposed ? toIntTuple(b.get("output_padding"), n, "output_padding") : [0];
  const groups = toInt(b.get("groups"), "groups");
  const hasBias = toBool(b.get("bias"), "bias");
  const padV = b.get("padding");
  let padding: number[] | "same" | "valid";
  let paddingIsString = false;
  if (padV.kind === "str") {
    if (transposed) {
      paddingIsString = true;
      padding = [0];
    } else {
      padding = padV.v === "same" ? "same" : "valid";
    }
  } else {
    padding = toIntTuple(padV, n, "padding");
  }

  if (groups <= 0) shapeError("groups-divisibility", "groups must be a positive integer");
  if (pyMod(inChannels, groups) !== 0) shapeError("groups-divisibility", "in_channels must be divisible by groups");
  if (!lazy && pyMod(outChannels, groups) !== 0) {
    shapeError("groups-divisibility", "out_channels must be divisible by groups");
  }
  if (padV.kind === "str" && !transposed) {
    if (padV.v !== "same" && padV.v !== "valid") {
      shapeError("invalid-argument", `Invalid padding string '${padV.v}', should be one of {'same', 'valid'}`);
    }
    if (padV.v === "same" && stride.some((s) => s !== 1)) {
      shapeError("same-padding-stride", "padding='same' is not supported for strided convolutions");
    }
  }
  if (!PADDING_MODES.includes(paddingMode)) {
    shapeError(
      "invalid-argument",
      `padding_mode must be one of {'circular', 'replicate', 'zeros', 'reflect'}, but got padding_mode='${paddingMode}'`,
    );
  }

  const config: ConvConfig = {
    name,
    n,
    transposed,
    lazy,
    inChannels: lazy ? null : inChannels,
    outChannels,
    kernel,
    stride,
    padding,
    paddingIsString,
    dilation,
    outputPadding,
    groups,
    bias: hasBias,
    paddingMode,
  };
  const tupleOf = (xs: number[]) => tuple(xs.map((x) => int(x)));
  const attrs: Record<string, Value> = {
    out_channels: int(outChannels),
    kernel_size: tupleOf(kernel),
    stride: tupleOf(stride),
    padding: typeof padding === "string" ? str(padding) : tupleOf(padding),
    dilation: tupleOf(dilation),
    groups: int(groups),
    padding_mode: str(paddingMode),
    transposed: bool(transposed),
    output_padding: tupleOf(transposed ? outputPadding : [0]),
  };
  if (paddingIsString) delete attrs.padding;
  if (lazy) return { params: null, config, attrs };

  const weight = transposed
    ? [inChannels, Math.floor(outChannels / groups), ...kernel]
    : [outChannels, Math.floor(inChannels / groups), ...kernel];
  const negative = weight.find((d) => d < 0);
  if (negative !== undefined) {
    shapeError("invalid-argument", `Trying to create tensor with negative dimension ${negative}: ${fmtList(weight)}`);
  }
  attrs.in_channels = int(inChannels);
  attrs.weight = tensor(weight);
  attrs.bias = hasBias ? tensor([outChannels]) : NONE;
  const params = weight.reduce((a, d) => a * d, 1) + (hasBias ? outChannels : 0);
  return { params, config, attrs };
}

/** The weight shape used at call time (for lazy layers, inferred from the input). */
function weightAt(cfg: ConvConfig, input: Shape): Shape {
  if (!cfg.lazy) {
    const inC = cfg.inChannels as number;
    return cfg.transposed
      ? [inC, Math.floor(cfg.outChannels / cfg.groups), ...cfg.kernel]
      : [cfg.outChannels, Math.floor(inC / cfg.groups), ...cfg.kernel];
  }
  const n = cfg.n;
  if (input.length !== n + 1 && input.length !== n + 2) {
    shapeError(
      "rank-mismatch",
      `Expected ${n + 1}D (unbatched) or ${n + 2}D (batched) input to ${cfg.name}, but got input of size: ${fmtSize(input)}`,
    );
  }
  const inC = input.length === n + 2 ? input[1] : input[0];
  if (cfg.groups !== 1) {
    if (!isConcrete(inC)) giveUp("in_channels of a lazy grouped convolution is symbolic");
    if (pyMod(inC, cfg.groups) !== 0) shapeError("groups-divisibility", "in_channels must be divisible by groups");
  }
  const perGroup = floorDiv(inC, cfg.groups) as Dim;
  return cfg.transposed ? [inC, Math.floor(cfg.outChannels / cfg.groups), ...cfg.kernel] : [cfg.outChannels, perGroup, ...cfg.kernel];
}

function convForward(cfg: ConvConfig, call: CallArgs): Value {
  const b = bind(cfg.name, { params: [{ name: "input" }] }, call);
  const input = shapeOf(b.get("input"), "input");
  const weight = weightAt(cfg, input);
  const bias = cfg.bias ? [cfg.outChannels] : null;
  if (cfg.paddingMode === "zeros") {
    return convolve({
      n: cfg.n,
      transposed: false,
      input,
      weight,
      bias,
      stride: cfg.stride,
      padding: cfg.padding,
      dilation: cfg.dilation,
      outputPadding: [],
      groups: cfg.groups,
    });
  }
  // Non-zero padding modes pad with F.pad first, then convolve without padding.
  let pads: [number, number][];
  if (cfg.padding === "same") {
    if (cfg.kernel.length !== cfg.n || cfg.dilation.length !== cfg.n) giveUp("kernel/dilation length mismatch");
    pads = cfg.kernel.map((k, i) => {
      const total = cfg.dilation[i] * (k - 1);
      const left = Math.floor(total / 2);
      return [left, total - left];
    });
  } else if (cfg.padding === "valid") {
    pads = Array.from({ length: cfg.n }, () => [0, 0]);
  } else {
    if (cfg.padding.length !== cfg.n) giveUp("padding length does not match the convolution");
    pads = cfg.padding.map((p) => [p, p]);
  }
  const padded = padNonConstant(cfg.paddingMode, input, pads);
  return convolve({
    n: cfg.n,
    transposed: false,
    input: padded,
    weight,
    bias,
    stride: cfg.stride,
    padding: [0],
    dilation: cfg.dilation,
    outputPadding: [],
    groups: cfg.groups,
  });
}

function convTransposeForward(cfg: ConvConfig, call: CallArgs): Value {
  const b = bind(cfg.name, { params: [{ name: "input" }, { name: "output_size", default: NONE }] }, call);
  const input = shapeOf(b.get("input"), "input");
  const weight = weightAt(cfg, input);
  const n = cfg.n;
  let outputPadding: Dim[] = cfg.outputPadding;
  const sizeV = b.get("output_size");
  if (!isNone(sizeV)) {
    if (cfg.paddingIsString) giveUp("string padding for a transposed convolution");
    outputPadding = outputPaddingFor(cfg, input, sizeV);
  }
  if (cfg.paddingIsString) {
    shapeError("invalid-argument", `conv_transpose${n}d(): argument 'padding' (position 5) must be tuple of ints, not tuple`);
  }
  return convolve({
    n,
    transposed: true,
    input,
    weight,
    bias: cfg.bias ? [cfg.outChannels] : null,
    stride: cfg.stride,
    padding: cfg.padding as number[],
    dilation: cfg.dilation,
    outputPadding,
    groups: cfg.groups,
  });
}

/** nn.ConvTranspose*'s _output_padding: the output padding that yields the requested size. */
function outputPaddingFor(cfg: ConvConfig, input: Shape, sizeV: Value): Dim[] {
  const n = cfg.n;
  if (sizeV.kind !== "tuple" && sizeV.kind !== "list") {
    if (sizeV.kind === "int") shapeError("invalid-argument", "object of type 'int' has no len()");
    giveUp("output_size is not a sequence");
  }
  if (input.length !== n + 1 && input.length !== n + 2) giveUp("transposed convolution input of the wrong rank");
  const params = [cfg.stride, cfg.padding as number[], cfg.kernel, cfg.dilation];
  if (params.some((p) => p.length !== n)) giveUp("conv parameters of the wrong length");
  const nonSpatial = input.length === n + 2 ? 2 : 1;
  let items = sizeV.items;
  let shown: Value = sizeV;
  if (items.length === nonSpatial + n) {
    items = items.slice(nonSpatial);
    shown = { ...sizeV, items };
  }
  if (items.length !== n) {
    shapeError(
      "invalid-argument",
      `ConvTranspose${n}D: for ${input.length}D input, output_size must have ${n} or ${nonSpatial + n} elements (got ${items.length})`,
    );
  }
  const sizes = items.map((v, i) => {
    if (v.kind === "int") return v.v;
    return giveUp(`output_size[${i}] is not a known int`);
  });
  const mins = input
    .slice(nonSpatial)
    .map((s, d) => transposedOutSize(s, cfg.kernel[d], cfg.stride[d], cfg.padding[d] as number, cfg.dilation[d], 0));
  const maxs = mins.map((m, d) => add(m, cfg.stride[d] - 1));
  for (let i = 0; i < n; i++) {
    const below = lessThan(sizes[i], mins[i]);
    const above = lessThan(maxs[i], sizes[i]);
    if (below === true || above === true) {
      if (!mins.every(isConcrete)) giveUp("the valid output sizes are symbolic");
      shapeError(
        "invalid-argument",
        `requested an output size of ${pyRepr(shown)}, but valid sizes range from ${fmtList(mins)} to ${fmtList(maxs)} (for an input of ${fmtSize(input.slice(2))})`,
      );
    }
    if (below === undefined || above === undefined) {
      giveUp("cannot decide whether output_size is in range");
    }
  }
  return sizes.map((s, i) => {
    const op = sub(s, mins[i]);
    return isConcrete(op) ? op : giveUp("symbolic output padding");
  });
}

/** A conv layer call with concrete sizes: the per-axis geometry the layer view draws. */
function convGeometry(cfg: ConvConfig, input: Shape, output: Shape): LayerGeometry | undefined {
  const n = cfg.n;
  const inS = input.slice(-n);
  const outS = output.slice(-n);
  if (!inS.every(isConcrete) || !outS.every(isConcrete) || cfg.kernel.length !== n) return undefined;
  const axes = inS.map((_, i) => i);
  const dilation = axes.map((i) => perAxis(cfg.dilation, i, 1));
  let padding: [number, number][];
  if (cfg.padding === "same") {
    // ATen puts the odd extra cell of 'same' padding on the right.
    padding = axes.map((i) => {
      const total = dilation[i] * (cfg.kernel[i] - 1);
      return [Math.floor(total / 2), total - Math.floor(total / 2)];
    });
  } else if (cfg.padding === "valid") padding = axes.map(() => [0, 0]);
  else {
    const pads = cfg.padding;
    padding = axes.map((i) => [perAxis(pads, i, 0), perAxis(pads, i, 0)]);
  }
  const inC = input.length === n + 2 ? input[1] : input[0];
  return {
    op: cfg.transposed ? "convTranspose" : "conv",
    type: cfg.name,
    input: inS,
    output: outS,
    kernel: cfg.kernel,
    stride: axes.map((i) => perAxis(cfg.stride, i, 1)),
    padding,
    dilation,
    outputPadding: axes.map((i) =>
      cfg.transposed ? Math.max(0, outS[i] - transposedOutSizeNumber(inS[i], cfg, i, padding[i][0], dilation[i])) : 0,
    ),
    ceilMode: false,
    paddingMode: cfg.paddingMode === "zeros" ? undefined : cfg.paddingMode,
    paddingText: typeof cfg.padding === "string" ? cfg.padding : undefined,
    channels: isConcrete(inC) ? [inC, cfg.outChannels] : undefined,
  };
}

function transposedOutSizeNumber(input: number, cfg: ConvConfig, i: number, p: number, d: number): number {
  const out = transposedOutSize(input, cfg.kernel[i], perAxis(cfg.stride, i, 1), p, d, 0);
  return isConcrete(out) ? out : 0;
}

function explainConv(
  cfg: ConvConfig,
  call: CallArgs,
  output: Value,
): { lines: string[]; paramsFormula?: string; geometry?: LayerGeometry } {
  const lines: string[] = [];
  const x = call.args[0];
  if (x?.kind === "tensor" && x.shape && output.kind === "tensor" && output.shape) {
    const inS = x.shape.slice(-cfg.n);
    const outS = output.shape.slice(-cfg.n);
    const names = axisNames(cfg.n);
    for (let i = 0; i < cfg.n; i++) {
      const [k, s, d] = [cfg.kernel[i], cfg.stride[i] ?? cfg.stride[0], cfg.dilation[i] ?? cfg.dilation[0]];
      const A = names[i];
      const o = formatDim(outS[i]);
      const inp = formatDim(inS[i]);
      if (cfg.transposed) {
        const p = (cfg.padding as number[])[i] ?? (cfg.padding as number[])[0];
        const op = sub(outS[i], transposedOutSize(inS[i], k, s, p, d, 0));
        const opText = formatDim(op);
        lines.push(`${A}_out = (${inp}−1)·${s} − 2·${p} + ${d}·(${k}−1) + ${opText} + 1 = ${o}`);
      } else if (cfg.padding === "same") {
        lines.push(`${A}_out = ${inp} (padding='same') = ${o}`);
      } else {
        const p = cfg.padding === "valid" ? 0 : (cfg.padding[i] ?? cfg.padding[0]);
        const expect = convOutSize(inS[i], k, s, p, d);
        if (formatDim(expect) !== o) continue;
        lines.push(`${A}_out = ⌊(${inp} + 2·${p} − ${d}·(${k}−1) − 1)/${s}⌋ + 1 = ${o}`);
      }
    }
  }
  const geometry =
    x?.kind === "tensor" && x.shape && output.kind === "tensor" && output.shape ? convGeometry(cfg, x.shape, output.shape) : undefined;
  let paramsFormula: string | undefined;
  if (!cfg.lazy && cfg.inChannels !== null) {
    const ks = cfg.kernel.join("·");
    const w = cfg.transposed
      ? `${ks}·${cfg.inChannels}·${cfg.outChannels}/${cfg.groups}`
      : `${ks}·${cfg.inChannels}/${cfg.groups}·${cfg.outChannels}`;
    const perGroup = cfg.transposed ? Math.floor(cfg.outChannels / cfg.groups) : Math.floor(cfg.inChannels / cfg.groups);
    const first = cfg.transposed ? cfg.inChannels : cfg.outChannels;
    const total = cfg.kernel.reduce((a, k) => a * k, first * perGroup) + (cfg.bias ? cfg.outChannels : 0);
    paramsFormula = `${w}${cfg.bias ? ` + ${cfg.outChannels}` : ""} = ${withCommas(total)}`;
  }
  return { lines, paramsFormula, geometry };
}

for (const n of [1, 2, 3]) {
  for (const transposed of [false, true]) {
    for (const lazy of [false, true]) {
      const name = `${lazy ? "Lazy" : ""}Conv${transposed ? "Transpose" : ""}${n}d`;
      const signature = layerSignature(transposed, lazy);
      registerLayer({
        name,
        signature,
        construct: (b) => construct(name, n, transposed, lazy, b),
        forward: (config, call) => (transposed ? convTransposeForward(config, call) : convForward(config, call)),
        macs: "conv",
        explain: explainConv,
      });
    }
  }
}

// ---- F.conv* / torch.conv* ------------------------------------------------------------------

function tensorShapeOrNull(v: Value, what: string): Shape | null | undefined {
  if (isNone(v)) return null;
  const t = toTensor(v, what);
  if (!t.shape || t.lead) return undefined;
  return t.shape;
}

function checkedInput(op: string, n: number, v: Value): Shape {
  const input = shapeOf(v, "input");
  checkConvRank(op, n, input);
  return input;
}

for (const n of [1, 2, 3]) {
  registerFunction({
    names: [`F.conv${n}d`, `torch.conv${n}d`],
    signature: {
      params: [
        { name: "input" },
        { name: "weight" },
        { name: "bias", default: NONE },
        { name: "stride", default: int(1) },
        { name: "padding", default: int(0) },
        { name: "dilation", default: int(1) },
        { name: "groups", default: int(1) },
      ],
    },
    call(b) {
      const op = `conv${n}d`;
      const input = checkedInput(op, n, b.get("input"));
      const weight = shapeOf(b.get("weight"), "weight");
      const padV = b.get("padding");
      let padding: number[] | "same" | "valid";
      if (padV.kind === "str") {
        if (padV.v !== "same" && padV.v !== "valid") shapeError("invalid-argument", `Invalid padding string: '${padV.v}'`);
        padding = padV.v;
      } else padding = toIntTuple(padV, n, "padding");
      return convolve({
        n,
        transposed: false,
        input,
        weight,
        bias: tensorShapeOrNull(b.get("bias"), "bias"),
        stride: toIntTuple(b.get("stride"), n, "stride"),
        padding,
        dilation: toIntTuple(b.get("dilation"), n, "dilation"),
        outputPadding: [],
        groups: toInt(b.get("groups"), "groups"),
      });
    },
  });
  registerFunction({
    names: [`F.conv_transpose${n}d`, `torch.conv_transpose${n}d`],
    signature: {
      params: [
        { name: "input" },
        { name: "weight" },
        { name: "bias", default: NONE },
        { name: "stride", default: int(1) },
        { name: "padding", default: int(0) },
        { name: "output_padding", default: int(0) },
        { name: "groups", default: int(1) },
        { name: "dilation", default: int(1) },
      ],
    },
    call(b) {
      const op = `conv_transpose${n}d`;
      const padV = b.get("padding");
      if (padV.kind === "str") {
        shapeError("invalid-argument", `${op}(): argument 'padding' must be tuple of ints, not str`);
      }
      const input = checkedInput(op, n, b.get("input"));
      const weight = shapeOf(b.get("weight"), "weight");
      return convolve({
        n,
        transposed: true,
        input,
        weight,
        bias: tensorShapeOrNull(b.get("bias"), "bias"),
        stride: toIntTuple(b.get("stride"), n, "stride"),
        padding: toIntTuple(padV, n, "padding"),
        dilation: toIntTuple(b.get("dilation"), n, "dilation"),
        outputPadding: toIntTuple(b.get("output_padding"), n, "output_padding"),
        groups: toInt(b.get("groups"), "groups"),
      });
    },
  });
}
