// Shape rules for normalisation layers (PyTorch 1.13): BatchNorm1d/2d/3d and their Lazy forms,
// InstanceNorm1d/2d/3d, LayerNorm, GroupNorm, LocalResponseNorm, and F.batch_norm / layer_norm /
// group_norm / instance_norm / local_response_norm / normalize. All preserve the input shape; the
// work is reproducing torch's rank checks, channel checks and "more than 1 value" checks exactly.

import { byVersion, isTorch2 } from "../torchVersion";
import { Dim, floorDiv, formatDim, knownEqual, mul, product } from "../dim";
import { Fit, giveUp, shapeError, shapeWarning } from "../errors";
import { CallArgs, NONE, Shape, TensorV, Value, bool, float, int, tensor, tuple } from "../values";
import { BoundArgs, bind, isNone, normalizeDim, shapeOf, toBool, toDim, toInt, toTensor } from "./args";
import { checkParamSize } from "./linear";
import { registerFunction, registerLayer } from "./registry";

const dimList = (s: readonly Dim[]): string => `[${s.map(formatDim).join(", ")}]`;
const torchSize = (s: readonly Dim[]): string => `torch.Size(${dimList(s)})`;

/** True when d is certainly not 0: a positive integer or a sum of positive multiples of size symbols. */
function provablyNonZero(d: Dim): boolean {
  if (typeof d === "number") return d !== 0;
  if (d.constant < 0) return false;
  for (const t of d.terms.values()) {
    if (t.coef <= 0 || t.atoms.some((a) => a.kind !== "sym")) return false;
  }
  return true;
}

/** A copy of the input tensor's type: every rule here preserves the shape. */
function same(t: TensorV): TensorV {
  return tensor(t.shape ? [...t.shape] : null, { lead: t.lead, dtype: t.dtype });
}

/** A shape whose every dim is known, or undefined when the rank is not known. */
function knownShape(t: TensorV): Shape | undefined {
  return t.shape && !t.lead ? t.shape : undefined;
}

function numel(s: Shape): Dim {
  return product(s);
}

/** F.batch_norm's Python-side check when training: at least 2 values per channel. */
function verifyBatchSize(shape: Shape, shown: string): void {
  const prods = product([shape[0], ...shape.slice(2)]);
  if (prods === 1) {
    shapeError("shape-mismatch", `Expected more than 1 value per channel when training, got input size ${shown}`);
  }
}

/** F.instance_norm's Python-side check when using input statistics. */
function verifySpatialSize(shape: Shape): void {
  if (product(shape.slice(2)) === 1) {
    shapeError("shape-mismatch", `Expected more than 1 spatial element when training, got input size ${torchSize(shape)}`);
  }
}

/**
 * ATen batch_norm's checks on a known input: each defined statistic/affine tensor must have as many
 * elements as the input has channels (skipped for an empty input). `undefined` = not given.
 */
function batchNormAten(
  shape: Shape,
  stats: { running_mean?: Dim; running_var?: Dim; weight?: Dim; bias?: Dim },
  training: boolean | undefined,
): void {
  const channels = shape[1];
  if (!shape.every(provablyNonZero)) return;
  if (stats.running_mean === undefined && training === false) {
    shapeError("invalid-argument", "running_mean must be defined in evaluation mode");
  }
  for (const name of ["running_mean", "running_var", "weight", "bias"] as const) {
    const n = stats[name];
    if (n !== undefined && knownEqual(n, channels) === false) {
      shapeError(
        "channel-mismatch",
        `${name} should contain ${formatDim(channels)} elements not ${formatDim(n)}`,
        typeof channels === "number" && channels > 0
          ? { argument: "num_features", value: channels, reason: "incoming channel count" }
          : undefined,
      );
    }
  }
}

// ---- BatchNorm ----

interface BatchNormConfig {
  /** null for the Lazy forms (taken from the input). */
  features: Dim | null;
  affine: boolean;
  track: boolean;
  kind: 1 | 2 | 3;
}

function bnRankCheck(kind: 1 | 2 | 3, rank: number): void {
  if (kind === 1 && rank !== 2 && rank !== 3) {
    shapeError("rank-mismatch", `expected 2D or 3D input (got ${rank}D input)`);
  }
  if (kind !== 1 && rank !== kind + 2) shapeError("rank-mismatch", `expected ${kind + 2}D input (got ${rank}D input)`);
}

function batchNormForward(name: string, c: BatchNormConfig, call: CallArgs): Value {
  const input = toTensor(bind(`${name}.forward`, { params: [{ name: "input" }] }, call).get("input"), "input");
  const shape = knownShape(input);
  if (!shape) return same(input);
  bnRankCheck(c.kind, shape.length);
  // Without running statistics the layer always normalises with batch statistics ("training").
  if (!c.track) verifyBatchSize(shape, torchSize(shape));
  // With them it does so in training mode, a module's default: PyTorch raises there, not in eval mode.
  else if (product([shape[0], ...shape.slice(2)]) === 1)
    shapeWarning(
      "shape-mismatch",
      `In training mode (the default) this raises: Expected more than 1 value per channel when training, got input size ${torchSize(shape)}; in eval mode it works`,
    );
  if (c.features !== null) {
    const f = c.features;
    batchNormAten(
      shape,
      {
        running_mean: c.track ? f : undefined,
        running_var: c.track ? f : undefined,
        weight: c.affine ? f : undefined,
        bias: c.affine ? f : undefined,
      },
      undefined,
    );
  }
  return same(input);
}

function normAttrs(features: Dim, affine: boolean, track: boolean, a: BoundArgs): Record<string, Value> {
  return {
    num_features: int(features),
    eps: a.get("eps"),
    momentum: a.get("momentum"),
    affine: bool(affine),
    track_running_stats: bool(track),
    weight: affine ? tensor([features]) : NONE,
    bias: affine ? tensor([features]) : NONE,
    running_mean: track ? tensor([features]) : NONE,
    running_var: track ? tensor([features]) : NONE,
  };
}

function normSignature(lazy: boolean, affineDefault: boolean, trackDefault: boolean) {
  return {
    params: [
      ...(lazy ? [] : [{ name: "num_features" }]),
      { name: "eps", default: float(1e-5) },
      { name: "momentum", default: float(0.1) },
      { name: "affine", default: bool(affineDefault) },
      { name: "track_running_stats", default: bool(trackDefault) },
      { name: "device", default: NONE },
      { name: "dtype", default: NONE },
    ],
  };
}

function affineParams(features: Dim, affine: boolean): number | null {
  if (!affine) return 0;
  return typeof features === "number" ? 2 * features : null;
}

for (const kind of [1, 2, 3] as const) {
  const name = `BatchNorm${kind}d`;
  registerLayer({
    name,
    signature: normSignature(false, true, true),
    construct(a) {
      const features = toDim(a.get("num_features"), "num_features");
      const affine = toBool(a.get("affine"), "affine");
      const track = toBool(a.get("track_running_stats"), "track_running_stats");
      if (affine || track) checkParamSize([features]);
      const config: BatchNormConfig = { features, affine, track, kind };
      return { params: affineParams(features, affine), config, attrs: normAttrs(features, affine, track, a) };
    },
    forward: (config, call) => batchNormForward(name, config, call),
    macs: "batch",
  });
  const lazyName = `LazyBatchNorm${kind}d`;
  registerLayer({
    name: lazyName,
    signature: normSignature(true, true, true),
    construct(a) {
      const affine = toBool(a.get("affine"), "affine");
      const track = toBool(a.get("track_running_stats"), "track_running_stats");
      const config: BatchNormConfig = { features: null, affine, track, kind };
      return { params: affine ? null : 0, config, attrs: { affine: bool(affine), track_running_stats: bool(track) } };
    },
    forward(config, call) {
      const input = toTensor(bind(`${lazyName}.forward`, { params: [{ name: "input" }] }, call).get("input"), "input");
      const shape = knownShape(input);
      // Lazy initialisation reads input.shape[1] before the rank check.
      if (shape && shape.length < 2) giveUp("lazy batch norm on an input with fewer than 2 dims");
      return batchNormForward(lazyName, config, call);
    },
    macs: "batch",
  });
}

registerFunction({
  names: ["F.batch_norm"],
  signature: {
    params: [
      { name: "input" },
      { name: "running_mean" },
      { name: "running_var" },
      { name: "weight", default: NONE },
      { name: "bias", default: NONE },
      { name: "training", default: bool(false) },
      { name: "momentum", default: float(0.1) },
      { name: "eps", default: float(1e-5) },
    ],
  },
  call(a) {
    const input = toTensor(a.get("input"), "input");
    const shape = knownShape(input);
    if (!shape) return same(input);
    if (shape.length < 2) giveUp("F.batch_norm on an input with fewer than 2 dims");
    const training = toBool(a.get("training"), "training");
    if (training) verifyBatchSize(shape, torchSize(shape));
    const stat = (n: string): Dim | undefined => (isNone(a.get(n)) ? undefined : numel(shapeOf(a.get(n), n)));
    batchNormAten(
      shape,
      { running_mean: stat("running_mean"), running_var: stat("running_var"), weight: stat("weight"), bias: stat("bias") },
      training,
    );
    return same(input);
  },
});

// ---- InstanceNorm ----

interface InstanceNormConfig extends BatchNormConfig {
  lazy: boolean;
}

/** ATen instance_norm: the input is viewed as [1, N·C, ...] and the per-channel tensors repeated N times. */
function instanceNormAten(batched: Shape, stats: { running_mean?: Dim; running_var?: Dim; weight?: Dim; bias?: Dim }): void {
  const [n, c, ...rest] = batched;
  const rep = (x: Dim | undefined): Dim | undefined => (x === undefined ? undefined : mul(x, n));
  batchNormAten(
    [1, mul(n, c), ...rest],
    { running_mean: rep(stats.running_mean), running_var: rep(stats.running_var), weight: rep(stats.weight), bias: rep(stats.bias) },
    undefined,
  );
}

for (const kind of [1, 2, 3] as const) {
  const noBatch = kind + 1;
  for (const lazy of [false, true]) {
    const name = `${lazy ? "Lazy" : ""}InstanceNorm${kind}d`;
    registerLayer({
      name,
      // 1.13's LazyInstanceNorm defaults differ from InstanceNorm's (affine and stats on).
      signature: normSignature(lazy, lazy, lazy),
      construct(a) {
        const affine = toBool(a.get("affine"), "affine");
        const track = toBool(a.get("track_running_stats"), "track_running_stats");
        if (lazy) {
          const config: InstanceNormConfig = { features: null, affine, track, kind, lazy };
          return { params: affine ? null : 0, config, attrs: { affine: bool(affine), track_running_stats: bool(track) } };
        }
        const features = toDim(a.get("num_features"), "num_features");
        if (affine || track) checkParamSize([features]);
        const config: InstanceNormConfig = { features, affine, track, kind, lazy };
        return { params: affineParams(features, affine), config, attrs: normAttrs(features, affine, track, a) };
      },
      forward(c, call) {
        const input = toTensor(bind(`${name}.forward`, { params: [{ name: "input" }] }, call).get("input"), "input");
        const shape = knownShape(input);
        if (!shape) return same(input);
        if (c.lazy && shape.length < 2) giveUp("lazy instance norm on an input with fewer than 2 dims");
        if (shape.length !== noBatch && shape.length !== noBatch + 1) {
          shapeError("rank-mismatch", `expected ${noBatch}D or ${noBatch + 1}D input (got ${shape.length}D input)`);
        }
        const unbatched = shape.length === noBatch;
        if (isTorch2() && c.affine && c.features !== null) {
          // PyTorch 2 checks the channel count first (only a warning without affine parameters).
          const featureDim = unbatched ? 0 : 1;
          if (knownEqual(shape[featureDim], c.features) === false) {
            shapeError(
              "channel-mismatch",
              `expected input's size at dim=${featureDim} to match num_features (${formatDim(c.features)}), but got: ${formatDim(shape[featureDim])}.`,
              numFeaturesFit(shape[featureDim]),
            );
          }
        }
        // LazyInstanceNorm reads num_features from dim 1 even for an unbatched input.
        if (c.lazy && unbatched) giveUp("lazy instance norm on an unbatched input");
        const batched = unbatched ? [1, ...shape] : shape;
        if (!c.track) verifySpatialSize(batched);
        const f = c.features ?? batched[1];
        instanceNormAten(batched, {
          running_mean: c.track ? f : undefined,
          running_var: c.track ? f : undefined,
          weight: c.affine ? f : undefined,
          bias: c.affine ? f : undefined,
        });
        return same(input);
      },
      macs: "batch",
    });
  }
}

registerFunction({
  names: ["F.instance_norm"],
  signature: {
    params: [
      { name: "input" },
      { name: "running_mean", default: NONE },
      { name: "running_var", default: NONE },
      { name: "weight", default: NONE },
      { name: "bias", default: NONE },
      { name: "use_input_stats", default: bool(true) },
      { name: "momentum", default: float(0.1) },
      { name: "eps", default: float(1e-5) },
    ],
  },
  call(a) {
    const input = toTensor(a.get("input"), "input");
    const shape = knownShape(input);
    if (!shape) return same(input);
    const useStats = toBool(a.get("use_input_stats"), "use_input_stats");
    if (useStats) verifySpatialSize(shape);
    if (shape.length < 2) giveUp("F.instance_norm on an input with fewer than 2 dims");
    const stat = (n: string): Dim | undefined => (isNone(a.get(n)) ? undefined : numel(shapeOf(a.get(n), n)));
    instanceNormAten(shape, {
      running_mean: stat("running_mean"),
      running_var: stat("running_var"),
      weight: stat("weight"),
      bias: stat("bias"),
    });
    return same(input);
  },
});

// ---- LayerNorm ----

function normalizedShapeOf(v: Value, fromModule: boolean): Dim[] {
  if (v.kind === "int" || v.kind === "bool") {
    if (fromModule) return [toDim(v, "normalized_shape")];
    shapeError("invalid-argument", "layer_norm(): argument 'normalized_shape' (position 2) must be tuple of ints, not int");
  }
  if (v.kind === "tuple" || v.kind === "list") return v.items.map((x, i) => toDim(x, `normalized_shape[${i}]`));
  if (v.kind === "unknown") giveUp("normalized_shape is not known");
  return shapeError("invalid-argument", "normalized_shape must be a tuple of ints");
}

/** ATen's _check_layer_norm_inputs, in its order. */
function layerNormCheck(input: TensorV, ns: Dim[], weight?: Shape, bias?: Shape): void {
  if (ns.length === 0) {
    shapeError(
      "invalid-argument",
      "Expected normalized_shape to be at least 1-dimensional, i.e., containing at least one element, but got normalized_shape = []",
    );
  }
  const sameShape = (s: Shape): boolean | undefined => {
    if (s.length !== ns.length) return false;
    let r: boolean | undefined = true;
    s.forEach((d, i) => {
      const e = knownEqual(d, ns[i]);
      if (e === false) r = false;
      else if (e === undefined && r) r = undefined;
    });
    return r;
  };
  for (const [name, s] of [
    ["weight", weight],
    ["bias", bias],
  ] as const) {
    if (s && sameShape(s) === false) {
      shapeError(
        "shape-mismatch",
        `Expected ${name} to be of same shape as normalized_shape, but got ${name} of shape ${dimList(s)} and normalized_shape = ${dimList(ns)}`,
      );
    }
  }
  if (!input.shape) return;
  const shape = input.shape;
  const k = ns.length;
  const fail = (): never =>
    shapeError(
      "shape-mismatch",
      `Given normalized_shape=${dimList(ns)}, expected input with shape [*, ${ns.map(formatDim).join(", ")}], but got input of size${dimList(shape)}`,
    );
  if (shape.length < k) {
    if (input.lead) giveUp("the input's rank is not known");
    fail();
  }
  const tail = shape.slice(shape.length - k);
  if (tail.some((d, i) => knownEqual(d, ns[i]) === false)) {
    if (input.lead) giveUp("the input's full size is not known for the message");
    fail();
  }
}

interface LayerNormConfig {
  ns: Dim[];
}

registerLayer({
  name: "LayerNorm",
  signature: {
    params: [
      { name: "normalized_shape" },
      { name: "eps", default: float(1e-5) },
      { name: "elementwise_affine", default: bool(true) },
      // PyTorch 2.1 added `bias` before device/dtype; 1.13 has no such argument.
      { name: "bias", default: NONE },
      { name: "device", default: NONE },
      { name: "dtype", default: NONE },
    ],
  },
  construct(a) {
    const ns = normalizedShapeOf(a.get("normalized_shape"), true);
    const affine = toBool(a.get("elementwise_affine"), "elementwise_affine");
    const biasArg = a.get("bias");
    if (!isNone(biasArg) && !isTorch2()) giveUp("LayerNorm takes no bias argument in PyTorch 1.13");
    const withBias = isNone(biasArg) || toBool(biasArg, "bias");
    if (affine) checkParamSize(ns);
    const n = product(ns);
    const params = !affine ? 0 : typeof n === "number" ? (withBias ? 2 : 1) * n : null;
    const config: LayerNormConfig = { ns };
    return {
      params,
      config,
      attrs: {
        normalized_shape: tuple(ns.map((d) => int(d))),
        eps: a.get("eps"),
        elementwise_affine: bool(affine),
        weight: affine ? tensor([...ns]) : NONE,
        bias: affine && withBias ? tensor([...ns]) : NONE,
      },
    };
  },
  forward(c, call) {
    const input = toTensor(bind("LayerNorm.forward", { params: [{ name: "input" }] }, call).get("input"), "input");
    layerNormCheck(input, c.ns);
    return same(input);
  },
  macs: "batch",
});

registerFunction({
  names: ["F.layer_norm", "torch.layer_norm"],
  signature: {
    params: [
      { name: "input" },
      { name: "normalized_shape" },
      { name: "weight", default: NONE },
      { name: "bias", default: NONE },
      { name: "eps", default: float(1e-5) },
      { name: "cudnn_enable", default: bool(true) },
    ],
  },
  call(a) {
    const input = toTensor(a.get("input"), "input");
    const ns = normalizedShapeOf(a.get("normalized_shape"), false);
    const opt = (n: string): Shape | undefined => (isNone(a.get(n)) ? undefined : shapeOf(a.get(n), n));
    layerNormCheck(input, ns, opt("weight"), opt("bias"));
    return same(input);
  },
});

// ---- GroupNorm ----

/** F.group_norm: Python's batch-size check, then ATen's divisibility and weight/bias checks. */
function groupNorm(input: TensorV, groups: number, weight: Shape | undefined, bias: Shape | undefined, verify: boolean): TensorV {
  const shape = knownShape(input);
  if (!shape) return same(input);
  if (shape.length === 0) shapeError("index-out-of-range", "Dimension specified as 0 but tensor has no dimensions");
  if (shape.length === 1) normalizeDim(1, 1);
  const [n, c, ...spatial] = shape;
  if (verify) {
    if (groups === 0) shapeError("invalid-argument", "integer division or modulo by zero");
    const perGroup = floorDiv(mul(n, c), groups);
    if (perGroup !== undefined && product([perGroup, ...spatial]) === 1) {
      shapeError(
        "shape-mismatch",
        `Expected more than 1 value per channel when training, got input size ${dimList([perGroup, groups, ...spatial])}`,
      );
    }
  }
  if (typeof c === "number" && groups !== 0 && c % groups !== 0) {
    shapeError(
      "groups-divisibility",
      `Expected number of channels in input to be divisible by num_groups, but got input of shape ${dimList(shape)} and num_groups=${groups}`,
    );
  }
  for (const [name, s] of [
    ["weight", weight],
    ["bias", bias],
  ] as const) {
    if (!s) continue;
    if (s.length !== 1 || knownEqual(s[0], c) === false) {
      shapeError(
        "channel-mismatch",
        `Expected ${name} to be a vector of size equal to the number of channels in input, but got ${name} of shape ${dimList(s)} and input of shape ${dimList(shape)}`,
        typeof c === "number" && c > 0 && groups > 0 && c % groups === 0
          ? { argument: "num_channels", value: c, reason: "incoming channel count" }
          : undefined,
      );
    }
  }
  return same(input);
}

interface GroupNormConfig {
  groups: number;
  channels: Dim;
  affine: boolean;
}

registerLayer({
  name: "GroupNorm",
  signature: {
    params: [
      { name: "num_groups" },
      { name: "num_channels" },
      { name: "eps", default: float(1e-5) },
      { name: "affine", default: bool(true) },
      { name: "device", default: NONE },
      { name: "dtype", default: NONE },
    ],
  },
  construct(a) {
    const groups = toInt(a.get("num_groups"), "num_groups");
    const channels = toDim(a.get("num_channels"), "num_channels");
    const affine = toBool(a.get("affine"), "affine");
    if (groups === 0) shapeError("invalid-argument", "integer modulo by zero");
    if (typeof channels === "number" && ((channels % groups) + groups) % groups !== 0) {
      shapeError(
        "groups-divisibility",
        byVersion({
          "1.13": "num_channels must be divisible by num_groups",
          "2": `num_channels (${formatDim(channels)}) must be divisible by num_groups (${groups})`,
        }),
      );
    }
    if (affine) checkParamSize([channels]);
    const config: GroupNormConfig = { groups, channels, affine };
    return {
      params: affineParams(channels, affine),
      config,
      attrs: {
        num_groups: int(groups),
        num_channels: int(channels),
        eps: a.get("eps"),
        affine: bool(affine),
        weight: affine ? tensor([channels]) : NONE,
        bias: affine ? tensor([channels]) : NONE,
      },
    };
  },
  forward(c, call) {
    const input = toTensor(bind("GroupNorm.forward", { params: [{ name: "input" }] }, call).get("input"), "input");
    const w = c.affine ? [c.channels] : undefined;
    return groupNorm(input, c.groups, w, w, true);
  },
  macs: "batch",
});

for (const [fname, verify] of [
  ["F.group_norm", true],
  ["torch.group_norm", false],
] as const) {
  registerFunction({
    names: [fname],
    signature: {
      params: [
        { name: "input" },
        { name: "num_groups" },
        { name: "weight", default: NONE },
        { name: "bias", default: NONE },
        { name: "eps", default: float(1e-5) },
        { name: "cudnn_enabled", default: bool(true) },
      ],
    },
    call(a) {
      const input = toTensor(a.get("input"), "input");
      const groups = toInt(a.get("num_groups"), "num_groups");
      const opt = (n: string): Shape | undefined => (isNone(a.get(n)) ? undefined : shapeOf(a.get(n), n));
      return groupNorm(input, groups, opt("weight"), opt("bias"), verify);
    },
  });
}

// ---- LocalResponseNorm, normalize ----

function localResponseNorm(input: TensorV): TensorV {
  const shape = knownShape(input);
  if (shape && shape.length < 3) {
    shapeError("rank-mismatch", `Expected 3D or higher dimensionality${" ".repeat(26)}input (got ${shape.length} dimensions)`);
  }
  return same(input);
}

registerLayer({
  name: "LocalResponseNorm",
  signature: {
    params: [
      { name: "size" },
      { name: "alpha", default: float(1e-4) },
      { name: "beta", default: float(0.75) },
      { name: "k", default: float(1.0) },
    ],
  },
  construct(a) {
    const size = toInt(a.get("size"), "size");
    return { params: 0, config: null, attrs: { size: int(size), alpha: a.get("alpha"), beta: a.get("beta"), k: a.get("k") } };
  },
  forward(_config, call) {
    const input = toTensor(bind("LocalResponseNorm.forward", { params: [{ name: "input" }] }, call).get("input"), "input");
    return localResponseNorm(input);
  },
});

registerFunction({
  names: ["F.local_response_norm"],
  signature: {
    params: [
      { name: "input" },
      { name: "size" },
      { name: "alpha", default: float(1e-4) },
      { name: "beta", default: float(0.75) },
      { name: "k", default: float(1.0) },
    ],
  },
  call: (a) => localResponseNorm(toTensor(a.get("input"), "input")),
});

registerFunction({
  names: ["F.normalize"],
  signature: {
    params: [
      { name: "input" },
      { name: "p", default: float(2.0) },
      { name: "dim", default: int(1) },
      { name: "eps", default: float(1e-12) },
      { name: "out", default: NONE },
    ],
  },
  call(a) {
    const input = toTensor(a.get("input"), "input");
    const dim = toInt(a.get("dim"), "dim");
    const shape = knownShape(input);
    if (shape) normalizeDim(dim, shape.length);
    return same(input);
  },
});

/** num_features that would fit the incoming channels. */
function numFeaturesFit(incoming: Dim): Fit | undefined {
  return typeof incoming === "number" && incoming > 0
    ? { argument: "num_features", value: incoming, reason: "incoming channel count" }
    : undefined;
}
