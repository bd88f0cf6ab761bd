// Pooling rules: nn.MaxPool1d/2d/3d, nn.AvgPool1d/2d/3d, nn.LPPool1d/2d and the functional forms
// (F.max_pool*, F.max_pool*_with_indices, torch.max_pool*, F.avg_pool*, torch.avg_pool1d,
// F.lp_pool*). Argument checks and messages follow the ATen kernels of PyTorch 1.13 (CPU).

import { LayerGeometry, perAxis } from "../arith/geometry";
import { isTorch2 } from "../torchVersion";
import { isConcrete } from "../dim";
import { giveUp, shapeError } from "../errors";
import { CallArgs, NONE, Shape, Value, bool, int, tensor, tuple } from "../values";
import { BoundArgs, OpSignature, bind, isNone, shapeOf, toBool, toInt, toIntTuple } from "./args";
import { pool2d3d, poolOutSize, poolShapeCheck } from "./poolCore";
import { registerFunction, registerLayer } from "./registry";
import { fmtList, withIndices } from "./spatialArith";

const WORD = ["", "one", "two", "three"];

interface PoolArgs {
  kernel: number[];
  stride: number[];
  padding: number[];
  dilation: number[];
  ceil: boolean;
}

function ints(v: Value, what: string): number[] {
  return toIntTuple(v, 1, what);
}

function strideOf(v: Value): number[] {
  return isNone(v) ? [] : ints(v, "stride");
}

function expand(xs: number[], n: number): number[] {
  return xs.length === 1 ? Array.from({ length: n }, () => xs[0]) : xs;
}

function dimOutOfRange(rank: number, dim: number): never {
  const r = Math.max(rank, 1);
  return shapeError("rank-mismatch", `Dimension out of range (expected to be in range of [${-r}, ${r - 1}], but got ${dim})`);
}

// ---- max pooling --------------------------------------------------------------------------------

/** torch.max_pool1d without indices (the CPU path for inputs that do not require grad). */
function maxPool1d(input: Shape, a: PoolArgs, explain?: string[]): Shape {
  if ((input.length !== 2 && input.length !== 3) || input.slice(input.length - 2).some((d) => d === 0)) {
    shapeError(
      input.length === 2 || input.length === 3 ? "invalid-argument" : "rank-mismatch",
      `max_pool1d: Expected 2D or 3D (batch mode) tensor with optional 0 dim batch size for input, but got:${fmtList(input)}`,
    );
  }
  const { kernel, padding, dilation } = a;
  if (kernel.length !== 1) {
    shapeError(
      "invalid-argument",
      `max_pool1d() kernel_size must be an int, list of ints or tuple of ints of size 1 but got size ${kernel.length}`,
    );
  }
  if (a.stride.length > 1) {
    shapeError(
      "invalid-argument",
      `max_pool1d() stride must be None, an int, list of ints, or tuple of ints of size 1 but got size ${a.stride.length}`,
    );
  }
  if (padding.length !== 1) {
    shapeError(
      "invalid-argument",
      `max_pool1d() padding must be an int, list of ints, or tuple of ints of size 1 but got size ${padding.length}`,
    );
  }
  if (dilation.length !== 1) {
    shapeError(
      "invalid-argument",
      `max_pool1d() dilation must be an int, list of ints or tuple of ints of size 1 but got size ${dilation.length}`,
    );
  }
  const stride = a.stride.length === 0 ? kernel : a.stride;
  const [k, s, p, d] = [kernel[0], stride[0], padding[0], dilation[0]];
  if (k <= 0) shapeError("invalid-argument", `max_pool1d() kernel_size must be greater than zero, but got ${k}`);
  if (s <= 0) shapeError("invalid-argument", `max_pool1d() stride must be greater than zero, but got ${s}`);
  if (p < 0) shapeError("pool-padding", `max_pool1d() padding must be non-negative, but got ${p}`);
  if (p > Math.trunc(k / 2)) {
    shapeError("pool-padding", `max_pool1d() padding should be at most half of kernel size, but got padding=${p} and kernel_size=${k}`);
  }
  if (d <= 0) shapeError("invalid-argument", `max_pool1d() dilation must be greater than zero, but got ${d}`);
  const ex = explain ? { label: "L", lines: explain } : undefined;
  const out = poolOutSize(input[input.length - 1], k, p, s, d, a.ceil, ex);
  // PyTorch 2 rejects an empty output too; 1.13's CPU path returns one without grad.
  const least = isTorch2() ? 1 : 0;
  if (isConcrete(out) && out < least) shapeError("non-positive-output", `max_pool1d() Invalid computed output size: ${out}`);
  if (out === 0) {
    // Without grad the CPU path returns an empty length; with grad it raises. We cannot tell which.
    giveUp("max_pool1d with an output length of 0 depends on whether the input requires grad");
  }
  return [...input.slice(0, -1), out];
}

/** max_pool2d/3d_with_indices (and max_pool1d_with_indices, which runs the 2-d kernel). */
function maxPoolND(n: 1 | 2 | 3, input: Shape, a: PoolArgs, explain?: string[], labels?: string[]): Shape {
  if (n === 1) {
    if (input.length !== 2 && input.length !== 3) giveUp("max_pool1d_with_indices of the wrong rank");
    if ([a.kernel, a.padding, a.dilation].some((x) => x.length !== 1) || a.stride.length > 1) {
      giveUp("max_pool1d_with_indices argument lengths");
    }
    const stride = a.stride.length === 0 ? a.kernel : a.stride;
    const lifted = [...input.slice(0, -1), 1, input[input.length - 1]];
    const out = maxPoolND(
      2,
      lifted,
      {
        kernel: [1, a.kernel[0]],
        stride: [1, stride[0]],
        padding: [0, a.padding[0]],
        dilation: [1, a.dilation[0]],
        ceil: a.ceil,
      },
      explain,
      ["", "L"],
    );
    return [...out.slice(0, -2), out[out.length - 1]];
  }
  const word = WORD[n];
  const name = `max_pool${n}d`;
  if (a.kernel.length !== 1 && a.kernel.length !== n) {
    shapeError("invalid-argument", `${name}: kernel_size must either be a single int, or a tuple of ${word} ints`);
  }
  if (a.stride.length !== 0 && a.stride.length !== 1 && a.stride.length !== n) {
    shapeError("invalid-argument", `${name}: stride must either be omitted, a single int, or a tuple of ${word} ints`);
  }
  if (a.padding.length !== 1 && a.padding.length !== n) {
    shapeError("invalid-argument", `${name}: padding must be either be a single int, or a tuple of ${word} ints`);
  }
  if (a.dilation.length !== 1 && a.dilation.length !== n) {
    shapeError("invalid-argument", `${name}: dilation must be either a single int, or a tuple of ${word} ints`);
  }
  if (input.length !== n + 1 && input.length !== n + 2) {
    shapeError("rank-mismatch", `non-empty ${n + 1}D or ${n + 2}D (batch mode) tensor expected for input`);
  }
  const kernel = expand(a.kernel, n);
  const stride = a.stride.length === 0 ? kernel : expand(a.stride, n);
  const padding = expand(a.padding, n);
  const dilation = expand(a.dilation, n);
  const out = pool2d3d({
    kind: "max",
    n,
    input,
    kernel,
    stride,
    padding,
    dilation,
    ceil: a.ceil,
    explain,
    labels,
  });
  const zero =
    n === 2
      ? `Expected 3D or 4D (batch mode) tensor with optional 0 dim batch size for input, but got:${fmtList(input)}`
      : `max_pool3d_with_indices_out_cpu_template(): Expected input's non-batch dimensions to have positive length, but input has a shape of ${fmtList(input)} and non-batch dimension 0 has length zero!`;
  poolShapeCheck(n, input, out, zero, { kernel, padding });
  return out;
}

// ---- average pooling ----------------------------------------------------------------------------

function avgPoolND(n: 1 | 2 | 3, input: Shape, a: PoolArgs, divisor: number | null, explain?: string[], labels?: string[]): Shape {
  if (n === 1) {
    if (a.kernel.length !== 1)
      shapeError("invalid-argument", `avg_pool1d() argument 'kernel_size' should contain one int (got ${a.kernel.length})`);
    if (a.stride.length > 1)
      shapeError("invalid-argument", `avg_pool1d() argument 'stride' should contain one int (got ${a.stride.length})`);
    if (a.padding.length !== 1)
      shapeError("invalid-argument", `avg_pool1d() argument 'padding' should contain one int (got ${a.padding.length})`);
    if (input.length !== 2 && input.length !== 3) {
      shapeError(
        "rank-mismatch",
        `Expected 2 to 3 dimensions, but got ${input.length}-dimensional tensor for argument #1 'self' (while checking arguments for avg_pool1d)`,
      );
    }
    const stride = a.stride.length === 0 ? a.kernel : a.stride;
    const lifted = [...input.slice(0, -1), 1, input[input.length - 1]];
    const out = avgPoolND(
      2,
      lifted,
      {
        kernel: [1, a.kernel[0]],
        stride: [1, stride[0]],
        padding: [0, a.padding[0]],
        dilation: [1],
        ceil: a.ceil,
      },
      null,
      explain,
      ["", "L"],
    );
    return [...out.slice(0, -2), out[out.length - 1]];
  }
  const word = WORD[n];
  const name = `avg_pool${n}d`;
  const must = n === 2 ? "must either be" : "must be";
  if (a.kernel.length !== 1 && a.kernel.length !== n) {
    shapeError("invalid-argument", `${name}: kernel_size ${must} a single int, or a tuple of ${word} ints`);
  }
  if (a.stride.length !== 0 && a.stride.length !== 1 && a.stride.length !== n) {
    const omitted = n === 2 ? "must either be omitted" : "must be omitted";
    shapeError("invalid-argument", `${name}: stride ${omitted}, a single int, or a tuple of ${word} ints`);
  }
  if (a.padding.length !== 1 && a.padding.length !== n) {
    shapeError("invalid-argument", `${name}: padding ${must} a single int, or a tuple of ${word} ints`);
  }
  if (divisor === 0) shapeError("invalid-argument", "divisor must be not zero");
  if (n === 2 && input.length < 3) dimOutOfRange(input.length, -3);
  if (input.length !== n + 1 && input.length !== n + 2) {
    if (n === 2) {
      shapeError(
        "rank-mismatch",
        `Expected 3D or 4D (batch mode) tensor with optional 0 dim batch size for input, but got:${fmtList(input)}`,
      );
    }
    shapeError("rank-mismatch", `non-empty ${n + 1}D or ${n + 2}D (batch mode) tensor expected for input`);
  }
  const kernel = expand(a.kernel, n);
  const stride = a.stride.length === 0 ? kernel : expand(a.stride, n);
  const padding = expand(a.padding, n);
  const ones = Array.from({ length: n }, () => 1);
  const out = pool2d3d({
    kind: "avg",
    n,
    input,
    kernel,
    stride,
    padding,
    dilation: ones,
    ceil: a.ceil,
    explain,
    labels,
  });
  const zero =
    n === 2
      ? `Expected 3D or 4D (batch mode) tensor with optional 0 dim batch size for input, but got:${fmtList(input)}`
      : `avg_pool3d(): Expected input's non-batch dimensions to have positive length, but input has a shape of ${fmtList(input)} and non-batch dimension 0 has length zero!`;
  if (n === 3) {
    poolShapeCheck(n, input, input, zero);
    // The CPU kernel of avg_pool3d also refuses inputs smaller than the kernel, padding or not.
    const sp = input.slice(-3);
    if (sp.some((s, i) => isConcrete(s) && s < kernel[i])) {
      if (!sp.every(isConcrete)) giveUp("symbolic input to avg_pool3d");
      shapeError(
        "kernel-too-large",
        `input image (T: ${sp[0]} H: ${sp[1]} W: ${sp[2]}) smaller than kernel size (kT: ${kernel[0]} kH: ${kernel[1]} kW: ${kernel[2]})`,
      );
    }
  }
  poolShapeCheck(n, input, out, zero);
  return out;
}

// ---- registration -------------------------------------------------------------------------------

interface PoolLayerConfig {
  kind: "max" | "avg" | "lp";
  n: 1 | 2 | 3;
  args: PoolArgs;
  returnIndices: boolean;
  divisor: number | null;
}

function poolArgs(b: BoundArgs, withDilation: boolean, withPadding = true): PoolArgs {
  return {
    kernel: ints(b.get("kernel_size"), "kernel_size"),
    stride: strideOf(b.get("stride")),
    padding: withPadding ? ints(b.get("padding"), "padding") : [0],
    dilation: withDilation ? ints(b.get("dilation"), "dilation") : [1],
    ceil: toBool(b.get("ceil_mode"), "ceil_mode"),
  };
}

function runPool(cfg: PoolLayerConfig, input: Shape, explain?: string[]): Value {
  const { kind, n, args } = cfg;
  if (kind === "max") {
    if (n === 1 && !cfg.returnIndices) return tensor(maxPool1d(input, args, explain));
    const out = tensor(maxPoolND(n, input, args, explain));
    return cfg.returnIndices ? withIndices(out) : out;
  }
  if (kind === "lp") {
    const need = n === 1 ? 1 : 2;
    if (args.kernel.length !== 1 && args.kernel.length !== need) giveUp("lp_pool kernel_size length");
    if (n === 2 && input.length < 3) dimOutOfRange(input.length, -3);
  }
  return tensor(avgPoolND(n, input, args, cfg.divisor, explain));
}

function divisorOf(b: BoundArgs): number | null {
  const v = b.get("divisor_override");
  return isNone(v) ? null : toInt(v, "divisor_override");
}

function explainPool(config: PoolLayerConfig, call: CallArgs, output: Value): { lines: string[]; geometry?: LayerGeometry } {
  const lines: string[] = [];
  const x = call.args[0];
  if (x?.kind !== "tensor" || !x.shape) return { lines };
  try {
    runPool(config, x.shape, lines);
  } catch {
    return { lines: [] };
  }
  return { lines, geometry: poolGeometry(config, x.shape, output) };
}

/** Max/avg pooling with concrete sizes: the per-axis geometry the layer view draws. */
function poolGeometry(cfg: PoolLayerConfig, input: Shape, output: Value): LayerGeometry | undefined {
  const out = output.kind === "tuple" ? output.items[0] : output;
  if (cfg.kind === "lp" || out?.kind !== "tensor" || !out.shape) return undefined;
  const n = cfg.n;
  const inS = input.slice(-n);
  const outS = out.shape.slice(-n);
  if (!inS.every(isConcrete) || !outS.every(isConcrete) || inS.length !== n || outS.length !== n) return undefined;
  const a = cfg.args;
  const axis = (xs: number[], i: number, fallback: number) => perAxis(xs, i, fallback);
  const kernel = inS.map((_, i) => axis(a.kernel, i, 1));
  const channels = input.length > n ? input[input.length - n - 1] : undefined;
  return {
    op: cfg.kind === "max" ? "maxPool" : "avgPool",
    type: `${cfg.kind === "max" ? "Max" : "Avg"}Pool${n}d`,
    input: inS,
    output: outS,
    kernel,
    stride: inS.map((_, i) => axis(a.stride, i, kernel[i])),
    padding: inS.map((_, i) => [axis(a.padding, i, 0), axis(a.padding, i, 0)]),
    dilation: inS.map((_, i) => axis(a.dilation, i, 1)),
    outputPadding: inS.map(() => 0),
    ceilMode: a.ceil,
    channels: channels !== undefined && isConcrete(channels) ? [channels, channels] : undefined,
  };
}

const NO_PARAMS = { params: 0 };

for (const n of [1, 2, 3] as const) {
  registerLayer({
    name: `MaxPool${n}d`,
    signature: {
      params: [
        { name: "kernel_size" },
        { name: "stride", default: NONE },
        { name: "padding", default: int(0) },
        { name: "dilation", default: int(1) },
        { name: "return_indices", default: bool(false) },
        { name: "ceil_mode", default: bool(false) },
      ],
    },
    construct(b) {
      const strideV = b.get("stride");
      const config: PoolLayerConfig = {
        kind: "max",
        n,
        args: poolArgs(b, true),
        returnIndices: toBool(b.get("return_indices"), "return_indices"),
        divisor: null,
      };
      return {
        ...NO_PARAMS,
        config,
        attrs: {
          kernel_size: b.get("kernel_size"),
          stride: isNone(strideV) ? b.get("kernel_size") : strideV,
          padding: b.get("padding"),
          dilation: b.get("dilation"),
          return_indices: b.get("return_indices"),
          ceil_mode: b.get("ceil_mode"),
        },
      };
    },
    forward: (config, call) => runPool(config, inputOf(`MaxPool${n}d`, call)),
    explain: explainPool,
  });

  const avgParams: OpSignature["params"] = [
    { name: "kernel_size" },
    { name: "stride", default: NONE },
    { name: "padding", default: int(0) },
    { name: "ceil_mode", default: bool(false) },
    { name: "count_include_pad", default: bool(true) },
  ];
  if (n > 1) avgParams.push({ name: "divisor_override", default: NONE });
  registerLayer({
    name: `AvgPool${n}d`,
    signature: { params: avgParams },
    construct(b) {
      const strideV = b.get("stride");
      const config: PoolLayerConfig = {
        kind: "avg",
        n,
        args: poolArgs(b, false),
        returnIndices: false,
        divisor: n > 1 ? divisorOf(b) : null,
      };
      return {
        ...NO_PARAMS,
        config,
        attrs: {
          kernel_size: b.get("kernel_size"),
          stride: isNone(strideV) ? b.get("kernel_size") : strideV,
          padding: b.get("padding"),
          ceil_mode: b.get("ceil_mode"),
          count_include_pad: b.get("count_include_pad"),
        },
      };
    },
    forward: (config, call) => runPool(config, inputOf(`AvgPool${n}d`, call)),
    explain: explainPool,
  });

  // Functional max pooling.
  const maxFnParams = (indicesDefault: boolean): OpSignature["params"] => [
    { name: "input" },
    { name: "kernel_size" },
    { name: "stride", default: NONE },
    { name: "padding", default: int(0) },
    { name: "dilation", default: int(1) },
    { name: "ceil_mode", default: bool(false) },
    { name: "return_indices", default: bool(indicesDefault) },
  ];
  registerFunction({
    names: [`F.max_pool${n}d`],
    signature: { params: maxFnParams(false) },
    call(b) {
      const cfg: PoolLayerConfig = {
        kind: "max",
        n,
        args: poolArgs(b, true),
        returnIndices: toBool(b.get("return_indices"), "return_indices"),
        divisor: null,
      };
      return runPool(cfg, shapeOf(b.get("input"), "input"));
    },
  });
  registerFunction({
    names: [`F.max_pool${n}d_with_indices`],
    signature: { params: maxFnParams(false) },
    call(b) {
      const cfg: PoolLayerConfig = {
        kind: "max",
        n,
        args: poolArgs(b, true),
        returnIndices: true,
        divisor: null,
      };
      return runPool(cfg, shapeOf(b.get("input"), "input"));
    },
  });
  const torchMaxParams: OpSignature["params"] = [
    { name: "input" },
    { name: "kernel_size" },
    { name: "stride", default: tuple([]) },
    { name: "padding", default: int(0) },
    { name: "dilation", default: int(1) },
    { name: "ceil_mode", default: bool(false) },
  ];
  registerFunction({
    names: [`torch.max_pool${n}d`],
    signature: { params: torchMaxParams },
    call(b) {
      const cfg: PoolLayerConfig = {
        kind: "max",
        n,
        args: poolArgs(b, true),
        returnIndices: false,
        divisor: null,
      };
      return runPool(cfg, shapeOf(b.get("input"), "input"));
    },
  });
  if (n === 1) {
    registerFunction({
      names: ["torch.max_pool1d_with_indices"],
      signature: { params: torchMaxParams },
      call(b) {
        const cfg: PoolLayerConfig = {
          kind: "max",
          n,
          args: poolArgs(b, true),
          returnIndices: true,
          divisor: null,
        };
        return runPool(cfg, shapeOf(b.get("input"), "input"));
      },
    });
  }

  // Functional average pooling.
  const avgFnParams: OpSignature["params"] = [
    { name: "input" },
    { name: "kernel_size" },
    { name: "stride", default: NONE },
    { name: "padding", default: int(0) },
    { name: "ceil_mode", default: bool(false) },
    { name: "count_include_pad", default: bool(true) },
  ];
  if (n > 1) avgFnParams.push({ name: "divisor_override", default: NONE });
  registerFunction({
    names: n === 1 ? ["F.avg_pool1d", "torch.avg_pool1d"] : [`F.avg_pool${n}d`],
    signature: { params: avgFnParams },
    call(b) {
      const cfg: PoolLayerConfig = {
        kind: "avg",
        n,
        args: poolArgs(b, false),
        returnIndices: false,
        divisor: n > 1 ? divisorOf(b) : null,
      };
      return runPool(cfg, shapeOf(b.get("input"), "input"));
    },
  });
}

// LPPool1d / LPPool2d run avg_pool over input.pow(p) with zero padding.
for (const n of [1, 2] as const) {
  const lpParams: OpSignature["params"] = [
    { name: "norm_type" },
    { name: "kernel_size" },
    { name: "stride", default: NONE },
    { name: "ceil_mode", default: bool(false) },
  ];
  const lpConfig = (b: BoundArgs): PoolLayerConfig => ({
    kind: "lp",
    n,
    args: poolArgs(b, false, false),
    returnIndices: false,
    divisor: null,
  });
  registerLayer({
    name: `LPPool${n}d`,
    signature: { params: lpParams },
    construct(b) {
      return {
        ...NO_PARAMS,
        config: lpConfig(b),
        attrs: {
          norm_type: b.get("norm_type"),
          kernel_size: b.get("kernel_size"),
          stride: b.get("stride"),
          ceil_mode: b.get("ceil_mode"),
        },
      };
    },
    forward: (config, call) => runPool(config, inputOf(`LPPool${n}d`, call)),
    explain: explainPool,
  });
  registerFunction({
    names: [`F.lp_pool${n}d`],
    signature: { params: [{ name: "input" }, ...lpParams] },
    call: (b) => runPool(lpConfig(b), shapeOf(b.get("input"), "input")),
  });
}

function inputOf(name: string, call: CallArgs): Shape {
  const b = bind(name, { params: [{ name: "input" }] }, call);
  return shapeOf(b.get("input"), "input");
}
