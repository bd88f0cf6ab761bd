// Shape rules for padding (PyTorch 1.13 or 2.13, as chosen): F.pad / torch.constant_pad_nd and the ZeroPad2d,
// ConstantPad1d/2d/3d, ReflectionPad1d/2d/3d and ReplicationPad1d/2d/3d modules. The pad tuple
// applies to the last dims, last dim first: (left, right, top, bottom, front, back). Constant mode
// crops with negative pads (torch narrows first); the other modes dispatch on pad length and rank.

import { Dim, add, formatDim } from "../dim";
import { giveUp, shapeError } from "../errors";
import { CallArgs, NONE, Shape, TensorV, Value, float, int, str, tensor, tuple } from "../values";
import { bind, isNone, toFloat, toInt, toIntTuple, toStr, toTensor } from "./args";
import { registerFunction, registerLayer } from "./registry";
import { reflectInputShown, unsupportedNonConstant } from "./convPadding";
import { isTorch2 } from "../torchVersion";

const dimList = (s: readonly Dim[]): string => `[${s.map(formatDim).join(", ")}]`;

/** Tensor.narrow's checks on a concrete size; returns the new size. */
function narrow(size: number, start: number, length: number): number {
  if (start !== size) {
    if (size === 0) giveUp("narrow of an empty dim");
    if (start < -size || start >= size) {
      shapeError("index-out-of-range", `Dimension out of range (expected to be in range of [${-size}, ${size - 1}], but got ${start})`);
    }
    if (start < 0) start += size;
  }
  if (length < 0 || start > size - length) {
    shapeError("non-positive-output", `start (${start}) + length (${length}) exceeds dimension size (${size}).`);
  }
  return length;
}

/** ATen constant_pad_nd. */
function constantPad(shape: Shape, pad: number[]): Shape {
  const rank = shape.length;
  const lPad = pad.length / 2;
  const lDiff = rank - lPad;
  const cur: Dim[] = [...shape];
  let allNonPositive = true;
  for (let i = lDiff; i < rank; i++) {
    const left = pad[2 * (rank - i - 1)];
    const right = pad[2 * (rank - i - 1) + 1];
    if (left < 0) {
      const s = cur[i];
      cur[i] = typeof s === "number" ? narrow(s, -left, s + left) : add(s, left);
    } else if (left !== 0) allNonPositive = false;
    if (right < 0) {
      const s = cur[i];
      cur[i] = typeof s === "number" ? narrow(s, 0, s + right) : add(s, right);
    } else if (right !== 0) allNonPositive = false;
  }
  if (allNonPositive) return cur;
  const out: Dim[] = shape.slice(0, lDiff);
  for (let i = lDiff; i < rank; i++) {
    const left = pad[2 * (rank - i - 1)];
    const right = pad[2 * (rank - i - 1) + 1];
    const size = shape[i];
    const next = add(size, left + right);
    if (typeof next === "number" && next <= 0) {
      shapeError(
        "non-positive-output",
        `The input size ${formatDim(size)}, plus negative padding ${left} and ${right} resulted in a negative output size, which is invalid. Check dimension ${i} of your input.`,
      );
    }
    out.push(next);
  }
  return out;
}

const MODES = ["constant", "reflect", "replicate", "circular"];

/** ReflectionPad's "padding < input size" check for one spatial dim. */
function reflectCheck(shape: Shape, dim: number, left: number, right: number, argNo: number, inputShown: string): void {
  const size = shape[dim];
  if (typeof size !== "number") return;
  if (!(left < size && right < size)) {
    shapeError(
      "kernel-too-large",
      `Argument #${argNo}: Padding size should be less than the corresponding input dimension, but got: padding (${left}, ${right}) at dimension ${dim} of input ${inputShown}`,
    );
  }
}

/** F.pad(input, pad, mode, value) on a known shape. */
export function padShape(shape: Shape, pad: number[], mode: string, value: Value): Shape {
  if (!MODES.includes(mode)) shapeError("invalid-argument", `Unrecognised padding mode ${mode}`);
  const rank = shape.length;
  if (pad.length % 2 !== 0) shapeError("invalid-argument", "Padding length must be divisible by 2");
  if (pad.length > rank * 2) shapeError("invalid-argument", "Padding length too large");
  if (mode === "constant") return constantPad(shape, pad);
  if (!isNone(value) && toFloat(value, "value") !== 0) {
    shapeError("invalid-argument", `Padding mode "${mode}" doesn't take in value argument`);
  }
  const spatial = pad.length / 2;
  if (!(spatial >= 1 && spatial <= 3 && (rank === spatial + 1 || rank === spatial + 2))) unsupportedNonConstant(pad.length, rank);
  // pair k (0 = last dim) pads dim rank-1-k
  const pairs = Array.from({ length: spatial }, (_, k) => [pad[2 * k], pad[2 * k + 1]] as const);
  const dims = Array.from({ length: spatial }, (_, k) => rank - 1 - k);
  if (mode === "circular") {
    // PyTorch 2 pads unbatched inputs circularly too.
    if (pad.length + 4 !== rank * 2 && !isTorch2()) {
      shapeError("invalid-argument", `Invalid padding size, expected ${(rank - 2) * 2} but got ${pad.length}`);
    }
    const out: Dim[] = [...shape];
    for (let k = spatial - 1; k >= 0; k--) {
      const [l, r] = pairs[k];
      const size = shape[dims[k]];
      const next = add(size, l + r);
      if (typeof size === "number") {
        if (!(l <= size && r <= size)) shapeError("kernel-too-large", "Padding value causes wrapping around more than once.");
        if ((next as number) < 0) shapeError("non-positive-output", "Negative padding value is resulting in an empty dimension");
      }
      out[dims[k]] = next;
    }
    return out;
  }
  // Reflect / replicate kernels reject empty non-batch dims with messages we do not reproduce.
  if (shape.slice(rank - spatial - 1).some((d) => d === 0)) giveUp(`${mode} padding of an empty tensor`);
  if (mode === "reflect") {
    const shown = reflectInputShown(spatial, shape);
    pairs.forEach(([l, r], k) => reflectCheck(shape, dims[k], l, r, 4 + 2 * k, shown));
  }
  const out: Dim[] = [...shape];
  pairs.forEach(([l, r], k) => {
    const next = add(shape[dims[k]], l + r);
    // Empty or negative results raise kernel-specific errors (or not) in 1.13; do not guess.
    if (typeof next === "number" && next <= 0) giveUp(`${mode} padding leaves no elements`);
    out[dims[k]] = next;
  });
  return out;
}

function padTensor(input: TensorV, pad: number[], mode: string, value: Value): TensorV {
  if (!input.shape) return tensor(null);
  if (input.lead) {
    // Only the padded trailing dims matter when they are all visible; checks need the rank, though.
    if (!MODES.includes(mode)) shapeError("invalid-argument", `Unrecognised padding mode ${mode}`);
    if (pad.length % 2 !== 0) shapeError("invalid-argument", "Padding length must be divisible by 2");
    const padded = input.shape.slice(input.shape.length - pad.length / 2);
    if (mode !== "constant" || pad.length / 2 > input.shape.length || pad.some((p) => p < 0) || padded.includes(0)) {
      giveUp(`padding a tensor with *${input.lead} leading dims`);
    }
    return tensor(constantPad(input.shape, pad), { lead: input.lead });
  }
  return tensor(padShape(input.shape, pad, mode, value));
}

function padList(v: Value): number[] {
  if (v.kind !== "tuple" && v.kind !== "list") {
    if (v.kind === "unknown") giveUp("the pad argument is not known");
    shapeError("invalid-argument", "pad(): argument 'pad' must be tuple of ints");
  }
  return toIntTuple(v, 0, "pad");
}

registerFunction({
  names: ["F.pad"],
  signature: { params: [{ name: "input" }, { name: "pad" }, { name: "mode", default: str("constant") }, { name: "value", default: NONE }] },
  call(a) {
    const input = toTensor(a.get("input"), "input");
    return padTensor(input, padList(a.get("pad")), toStr(a.get("mode"), "mode"), a.get("value"));
  },
});

registerFunction({
  names: ["torch.constant_pad_nd"],
  signature: { params: [{ name: "input" }, { name: "pad" }, { name: "value", default: int(0) }] },
  call(a) {
    const input = toTensor(a.get("input"), "input");
    const pad = padList(a.get("pad"));
    if (pad.length % 2 !== 0) shapeError("invalid-argument", `Length of pad must be even but instead it equals ${pad.length}`);
    if (input.shape && !input.lead && pad.length / 2 > input.shape.length) {
      shapeError(
        "invalid-argument",
        `Length of pad should be no more than twice the number of dimensions of the input. Pad length is ${pad.length}while the input has ${input.shape.length}dimensions.`,
      );
    }
    return padTensor(input, pad, "constant", NONE);
  },
});

interface PadConfig {
  pad: number[];
  mode: string;
  value: Value;
}

/** Module padding: an int is repeated (_pair/_quadruple/_ntuple(6)); a sequence is used as given. */
function modulePadding(v: Value, n: number): number[] {
  if (v.kind === "tuple" || v.kind === "list") return v.items.map((x, i) => toInt(x, `padding[${i}]`));
  return toIntTuple(v, n, "padding");
}

function padModule(name: string, n: number, mode: string, withValue: boolean): void {
  registerLayer({
    name,
    signature: { params: withValue ? [{ name: "padding" }, { name: "value" }] : [{ name: "padding" }] },
    construct(a) {
      const pad = modulePadding(a.get("padding"), n);
      const value = withValue ? a.get("value") : NONE;
      if (withValue) toFloat(value, "value");
      const config: PadConfig = { pad, mode, value: withValue ? value : NONE };
      const attrs: Record<string, Value> = { padding: tuple(pad.map((p) => int(p))) };
      if (withValue) attrs.value = value;
      return { params: 0, config, attrs };
    },
    forward(config, call: CallArgs): Value {
      const c = config;
      const input = toTensor(bind(`${name}.forward`, { params: [{ name: "input" }] }, call).get("input"), "input");
      return padTensor(input, c.pad, c.mode, c.mode === "constant" ? c.value : NONE);
    },
    explain(config) {
      const c = config;
      return { lines: [`pad ${dimList(c.pad)} (last dim first), mode ${c.mode}`] };
    },
  });
}

registerLayer({
  name: "ZeroPad2d",
  signature: { params: [{ name: "padding" }] },
  construct(a) {
    const pad = modulePadding(a.get("padding"), 4);
    const config: PadConfig = { pad, mode: "constant", value: float(0) };
    return { params: 0, config, attrs: { padding: tuple(pad.map((p) => int(p))), value: float(0) } };
  },
  forward(config, call: CallArgs): Value {
    const c = config;
    const input = toTensor(bind("ZeroPad2d.forward", { params: [{ name: "input" }] }, call).get("input"), "input");
    return padTensor(input, c.pad, "constant", c.value);
  },
});

// PyTorch 2's CircularPad1d/2d/3d check the input's rank in Python first; ZeroPad1d/3d are new in 2.
for (const k of [1, 2, 3]) {
  const name = `CircularPad${k}d`;
  registerLayer({
    name,
    since: "2",
    signature: { params: [{ name: "padding" }] },
    construct(a) {
      const pad = modulePadding(a.get("padding"), 2 * k);
      const config: PadConfig = { pad, mode: "circular", value: NONE };
      return { params: 0, config, attrs: { padding: tuple(pad.map((p) => int(p))) } };
    },
    forward(config, call: CallArgs): Value {
      const c = config;
      const input = toTensor(bind(`${name}.forward`, { params: [{ name: "input" }] }, call).get("input"), "input");
      if (input.shape && !input.lead && input.shape.length !== k + 1 && input.shape.length !== k + 2) {
        shapeError("rank-mismatch", `expected ${k + 1}D or ${k + 2}D input (got ${input.shape.length}D input)`);
      }
      return padTensor(input, c.pad, "circular", NONE);
    },
  });
  if (k !== 2) {
    registerLayer({
      name: `ZeroPad${k}d`,
      since: "2",
      signature: { params: [{ name: "padding" }] },
      construct(a) {
        const pad = modulePadding(a.get("padding"), 2 * k);
        const config: PadConfig = { pad, mode: "constant", value: float(0) };
        return { params: 0, config, attrs: { padding: tuple(pad.map((p) => int(p))), value: float(0) } };
      },
      forward(config, call: CallArgs): Value {
        const c = config;
        const input = toTensor(bind(`ZeroPad${k}d.forward`, { params: [{ name: "input" }] }, call).get("input"), "input");
        return padTensor(input, c.pad, "constant", c.value);
      },
    });
  }
}

for (const k of [1, 2, 3]) {
  padModule(`ConstantPad${k}d`, 2 * k, "constant", true);
  padModule(`ReflectionPad${k}d`, 2 * k, "reflect", false);
  padModule(`ReplicationPad${k}d`, 2 * k, "replicate", false);
}
