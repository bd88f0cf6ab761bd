// Short-time Fourier transforms and the complex views around them (PyTorch 1.13): torch.stft / istft,
// the window functions, view_as_real / view_as_complex. Shapes only; every edge the engine does not
// check exactly (reflect padding longer than the signal, odd strides) gives up rather than guess.

import { Dim, add, mul, sub } from "../dim";
import { giveUp, shapeError } from "../errors";
import { FALSE, NONE, Shape, TRUE, Value, str, tensor } from "../values";
import { BoundArgs, shapeOf, toBool, toDim, toInt, toTensor } from "./args";
import { registerFunction } from "./registry";

const COMPLEX = ["complex64", "complex128", "complex32"];

function optInt(b: BoundArgs, name: string): Dim | undefined {
  const v = b.get(name);
  return v.kind === "none" ? undefined : toDim(v, name);
}

/** The input's batch dims (none or one) and its signal length; 1-D or 2-D only, as stft accepts. */
function signal(shape: Shape, what: string): { batch: Dim[]; length: Dim } {
  if (shape.length !== 1 && shape.length !== 2) shapeError("rank-mismatch", `${what}: expected a 1D or 2D tensor`);
  return { batch: shape.slice(0, -1), length: shape[shape.length - 1] };
}

function stft(b: BoundArgs, self: string): Value {
  const input = toTensor(b.get(self), self);
  const { batch, length } = signal(shapeOf(input, self), "stft");
  const nFft = toInt(b.get("n_fft"), "n_fft");
  const hop = optInt(b, "hop_length") ?? Math.floor(nFft / 4);
  if (typeof hop !== "number" || hop <= 0) giveUp("stft with a hop length that is not a known positive int");
  const center = toBool(b.get("center"), "center");
  if (input.dtype && COMPLEX.includes(input.dtype)) giveUp("stft of a complex signal");
  const onesidedArg = b.get("onesided");
  const onesided = onesidedArg.kind === "none" ? true : toBool(onesidedArg, "onesided");
  const padded = center ? add(length, 2 * Math.floor(nFft / 2)) : length;
  if (center && !(typeof length === "number" && length > Math.floor(nFft / 2)))
    giveUp("stft's reflect padding needs the signal to be longer than n_fft // 2");
  if (typeof padded !== "number") giveUp("stft of a signal of symbolic length");
  if (nFft <= 0 || nFft > padded) giveUp(`stft with n_fft=${nFft} and a signal of ${padded} samples`);
  const frames = 1 + Math.floor((padded - nFft) / hop);
  const freqs = onesided ? Math.floor(nFft / 2) + 1 : nFft;
  const rc = b.get("return_complex");
  const complex = rc.kind !== "none" && toBool(rc, "return_complex");
  const dtype = input.dtype === "float64" ? "complex128" : "complex64";
  if (complex) return tensor([...batch, freqs, frames], { dtype });
  return tensor([...batch, freqs, frames, 2], { dtype: input.dtype });
}

function istft(b: BoundArgs, self: string): Value {
  const input = toTensor(b.get(self), self);
  const shape = shapeOf(input, self);
  if (!input.dtype || !COMPLEX.includes(input.dtype)) giveUp("istft of a tensor not known to be complex");
  if (shape.length !== 2 && shape.length !== 3) shapeError("rank-mismatch", "istft: expected a 2D or 3D complex tensor");
  const batch = shape.slice(0, -2);
  const frames = shape[shape.length - 1];
  const nFft = toInt(b.get("n_fft"), "n_fft");
  const hop = optInt(b, "hop_length") ?? Math.floor(nFft / 4);
  const center = toBool(b.get("center"), "center");
  const dtype = input.dtype === "complex128" ? "float64" : "float32";
  const length = optInt(b, "length");
  if (length !== undefined) return tensor([...batch, length], { dtype });
  let out = add(nFft, mul(hop, sub(frames, 1)));
  if (center) out = sub(out, 2 * Math.floor(nFft / 2));
  return tensor([...batch, out], { dtype });
}

const STFT_PARAMS = [
  { name: "n_fft" },
  { name: "hop_length", default: NONE },
  { name: "win_length", default: NONE },
  { name: "window", default: NONE },
  { name: "center", default: TRUE },
  { name: "pad_mode", default: str("reflect") },
  { name: "normalized", default: FALSE },
  { name: "onesided", default: NONE },
  { name: "return_complex", default: NONE },
];

const ISTFT_PARAMS = [
  { name: "n_fft" },
  { name: "hop_length", default: NONE },
  { name: "win_length", default: NONE },
  { name: "window", default: NONE },
  { name: "center", default: TRUE },
  { name: "normalized", default: FALSE },
  { name: "onesided", default: NONE },
  { name: "length", default: NONE },
  { name: "return_complex", default: FALSE },
];

registerFunction({ names: ["torch.stft"], signature: { params: [{ name: "input" }, ...STFT_PARAMS] }, call: (b) => stft(b, "input") });
registerFunction({ names: ["Tensor.stft"], signature: { params: [{ name: "self" }, ...STFT_PARAMS] }, call: (b) => stft(b, "self") });
registerFunction({ names: ["torch.istft"], signature: { params: [{ name: "input" }, ...ISTFT_PARAMS] }, call: (b) => istft(b, "input") });
registerFunction({ names: ["Tensor.istft"], signature: { params: [{ name: "self" }, ...ISTFT_PARAMS] }, call: (b) => istft(b, "self") });

for (const w of ["hann_window", "hamming_window", "blackman_window", "bartlett_window"]) {
  registerFunction({
    names: [`torch.${w}`],
    signature: {
      params: [
        { name: "window_length" },
        { name: "periodic", default: TRUE },
        { name: "dtype", default: NONE, kwOnly: true },
        { name: "layout", default: NONE, kwOnly: true },
        { name: "device", default: NONE, kwOnly: true },
        { name: "requires_grad", default: NONE, kwOnly: true },
      ],
      extraKwargs: true,
    },
    call: (b) => {
      if (b.get("dtype").kind !== "none") giveUp(`torch.${w} with a dtype`);
      const n = toDim(b.get("window_length"), "window_length");
      if (typeof n === "number" && n < 0) giveUp(`torch.${w} of a negative length`);
      return tensor([n], { dtype: "float32" });
    },
  });
}

registerFunction({
  names: ["torch.view_as_real"],
  signature: { params: [{ name: "input" }] },
  call: (b) => {
    const t = toTensor(b.get("input"), "input");
    const shape = shapeOf(t, "input");
    if (!t.dtype) giveUp("view_as_real of a tensor whose dtype is not known");
    if (!COMPLEX.includes(t.dtype)) shapeError("invalid-argument", "view_as_real is only supported for complex tensors");
    return tensor([...shape, 2], { dtype: t.dtype === "complex128" ? "float64" : t.dtype === "complex32" ? "float16" : "float32" });
  },
});

registerFunction({
  names: ["torch.view_as_complex"],
  signature: { params: [{ name: "input" }] },
  call: (b) => {
    const t = toTensor(b.get("input"), "input");
    const shape = shapeOf(t, "input");
    if (t.maybeNonContiguous) giveUp("view_as_complex needs a last dimension of stride 1, which the engine does not track here");
    if (!t.dtype || !["float32", "float64", "float16"].includes(t.dtype))
      giveUp("view_as_complex of a tensor whose dtype is not a known float");
    if (shape.length === 0 || shape[shape.length - 1] !== 2) shapeError("invalid-argument", "Tensor must have a last dimension of size 2");
    return tensor(shape.slice(0, -1), { dtype: t.dtype === "float64" ? "complex128" : t.dtype === "float16" ? "complex32" : "complex64" });
  },
});
