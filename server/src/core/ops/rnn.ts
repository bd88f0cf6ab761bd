// Shape rules for the recurrent layers nn.RNN / nn.LSTM / nn.GRU (sequence in, (output, h_n) or
// (output, (h_n, c_n)) out, batched or unbatched, batch_first, bidirectional, LSTM proj_size) and the
// cells nn.RNNCell / nn.LSTMCell / nn.GRUCell, with their exact parameter counts (PyTorch 1.13).
// Anything unusual (PackedSequence, hidden states of another shape) gives up rather than guess.

import { isTorch2 } from "../torchVersion";
import { Dim, formatDim, knownEqual, mul } from "../dim";
import { giveUp, shapeError } from "../errors";
import { CallArgs, NONE, Value, bool, float, int, str, tensor, tuple } from "../values";
import { OpSignature, ParamSpec, bind, toBool, toDim, toFloat, toInt, toStr } from "./args";
import { registerLayer } from "./registry";

type Mode = "RNN" | "LSTM" | "GRU";

const GATES: Record<Mode, number> = { RNN: 1, LSTM: 4, GRU: 3 };

interface RnnConfig {
  mode: Mode;
  inputSize: Dim;
  hidden: Dim;
  layers: number;
  batchFirst: boolean;
  directions: number;
  proj: number;
}

const num = (d: Dim): number | null => (typeof d === "number" ? d : null);

/** Own parameters of RNNBase: per layer and direction w_ih, w_hh (+ b_ih, b_hh) (+ w_hr for LSTM projections). */
function rnnParams(c: RnnConfig, bias: boolean): number | null {
  const inSize = num(c.inputSize);
  const h = num(c.hidden);
  if (inSize === null || h === null) return null;
  const gh = GATES[c.mode] * h;
  const out = c.proj > 0 ? c.proj : h;
  let total = 0;
  for (let l = 0; l < c.layers; l++) {
    const layerIn = l === 0 ? inSize : out * c.directions;
    const perDir = gh * layerIn + gh * out + (bias ? 2 * gh : 0) + (c.proj > 0 ? c.proj * h : 0);
    total += perDir * c.directions;
  }
  return total;
}

function rnnSignature(mode: Mode): OpSignature {
  const params: ParamSpec[] = [
    { name: "input_size" },
    { name: "hidden_size" },
    { name: "num_layers", default: int(1) },
    { name: "bias", default: bool(true) },
    { name: "batch_first", default: bool(false) },
    { name: "dropout", default: float(0) },
    { name: "bidirectional", default: bool(false) },
  ];
  if (mode === "LSTM") params.push({ name: "proj_size", default: int(0) });
  if (mode === "RNN") params.push({ name: "nonlinearity", default: str("tanh"), kwOnly: true });
  params.push({ name: "device", default: NONE, kwOnly: true }, { name: "dtype", default: NONE, kwOnly: true });
  return { params };
}

const dims = (s: Dim[]): string => `(${s.map(formatDim).join(", ")})`;

/** Checks a given hidden state against the expected shape; anything not provably equal gives up. */
function checkHidden(v: Value, expected: Dim[], what: string): void {
  if (v.kind !== "tensor" || !v.shape || v.lead) giveUp(`the ${what} is not a tensor of known shape`);
  const ok = v.shape.length === expected.length && v.shape.every((d, i) => knownEqual(d, expected[i]) === true);
  if (!ok) giveUp(`the ${what} has shape [${v.shape.map(formatDim).join(", ")}], expected ${dims(expected)}`);
}

function rnnForward(c: RnnConfig, call: CallArgs): Value {
  const a = bind(`${c.mode}.forward`, { params: [{ name: "input" }, { name: "hx", default: NONE }] }, call);
  const input = a.get("input");
  if (input.kind !== "tensor") giveUp(`${c.mode} input is not a tensor (PackedSequence inputs are not modelled)`);
  if (!input.shape || input.lead) return giveUp("the input's shape is not known");
  const s = input.shape;
  if (s.length !== 2 && s.length !== 3) {
    if (isTorch2()) shapeError("rank-mismatch", `${c.mode}: Expected input to be 2D or 3D, got ${s.length}D instead`);
    giveUp(`${c.mode} input must have 3 dimensions, got ${s.length === 1 ? 2 : s.length + 1}`);
  }
  const batched = s.length === 3;
  const last = s[s.length - 1];
  if (knownEqual(last, c.inputSize) === false) {
    shapeError("shape-mismatch", `input.size(-1) must be equal to input_size. Expected ${formatDim(c.inputSize)}, got ${formatDim(last)}`);
  }
  if (knownEqual(last, c.inputSize) !== true) giveUp("the input's last dimension is not known to equal input_size");
  const out = c.proj > 0 ? c.proj : c.hidden;
  const seq = batched ? (c.batchFirst ? s[1] : s[0]) : s[0];
  const batch: Dim[] = batched ? [c.batchFirst ? s[0] : s[1]] : [];
  const stack = c.layers * c.directions;
  const hShape: Dim[] = [stack, ...batch, out];
  const cShape: Dim[] = [stack, ...batch, c.hidden];
  const hx = a.get("hx");
  if (hx.kind !== "none") {
    if (c.mode === "LSTM") {
      if ((hx.kind !== "tuple" && hx.kind !== "list") || hx.items.length !== 2) giveUp("the LSTM state (h_0, c_0) is not a known pair");
      checkHidden(hx.items[0], hShape, "h_0");
      checkHidden(hx.items[1], cShape, "c_0");
    } else checkHidden(hx, hShape, "h_0");
  }
  const outDim = mul(c.directions, out);
  const output = tensor(batched ? (c.batchFirst ? [batch[0], seq, outDim] : [seq, batch[0], outDim]) : [seq, outDim]);
  const h = tensor(hShape);
  return tuple([output, c.mode === "LSTM" ? tuple([h, tensor(cShape)]) : h]);
}

function registerRnn(mode: Mode): void {
  registerLayer({
    name: mode,
    signature: rnnSignature(mode),
    construct(a) {
      const inputSize = toDim(a.get("input_size"), "input_size");
      const hidden = toDim(a.get("hidden_size"), "hidden_size");
      const layers = toInt(a.get("num_layers"), "num_layers");
      const bias = toBool(a.get("bias"), "bias");
      const batchFirst = toBool(a.get("batch_first"), "batch_first");
      const dropout = toFloat(a.get("dropout"), "dropout");
      const bidirectional = toBool(a.get("bidirectional"), "bidirectional");
      const proj = mode === "LSTM" ? toInt(a.get("proj_size"), "proj_size") : 0;
      if (mode === "RNN") {
        const nl = toStr(a.get("nonlinearity"), "nonlinearity");
        if (nl !== "tanh" && nl !== "relu") {
          shapeError("invalid-argument", `Unknown nonlinearity '${nl}'${isTorch2() ? ". Select from 'tanh' or 'relu'." : ""}`);
        }
      }
      if (dropout < 0 || dropout > 1) {
        shapeError(
          "invalid-argument",
          "dropout should be a number in range [0, 1] representing the probability of an element being zeroed",
        );
      }
      if (isTorch2()) {
        if (typeof hidden === "number" && hidden < 1) shapeError("invalid-argument", "hidden_size must be greater than zero");
        if (layers < 1) shapeError("invalid-argument", "num_layers must be greater than zero");
      }
      if (layers < 1 || (typeof hidden === "number" && hidden < 1)) giveUp("num_layers and hidden_size must be positive");
      if (proj < 0) shapeError("invalid-argument", "proj_size should be a positive integer or zero to disable projections");
      if (typeof hidden === "number" && proj >= hidden) shapeError("invalid-argument", "proj_size has to be smaller than hidden_size");
      const config: RnnConfig = { mode, inputSize, hidden, layers, batchFirst, directions: bidirectional ? 2 : 1, proj };
      return {
        params: rnnParams(config, bias),
        config,
        attrs: {
          input_size: int(inputSize),
          hidden_size: int(hidden),
          num_layers: int(layers),
          bias: bool(bias),
          batch_first: bool(batchFirst),
          dropout: float(dropout),
          bidirectional: bool(bidirectional),
          proj_size: int(proj),
          mode: str(mode === "RNN" ? "RNN_TANH" : mode),
        },
      };
    },
    forward: rnnForward,
  });
}

registerRnn("RNN");
registerRnn("LSTM");
registerRnn("GRU");

interface CellConfig {
  mode: Mode;
  inputSize: Dim;
  hidden: Dim;
}

function cellForward(c: CellConfig, call: CallArgs): Value {
  const name = `${c.mode}Cell`;
  const a = bind(`${name}.forward`, { params: [{ name: "input" }, { name: "hx", default: NONE }] }, call);
  const input = a.get("input");
  if (input.kind !== "tensor" || !input.shape || input.lead) return giveUp("the input's shape is not known");
  const s = input.shape;
  if (s.length !== 1 && s.length !== 2) {
    if (isTorch2()) shapeError("rank-mismatch", `${name}: Expected input to be 1D or 2D, got ${s.length}D instead`);
    giveUp(`${name}: Expected input to be 1-D or 2-D but received ${s.length}-D tensor`);
  }
  const last = s[s.length - 1];
  if (knownEqual(last, c.inputSize) === false) {
    shapeError("shape-mismatch", `input has inconsistent input_size: got ${formatDim(last)} expected ${formatDim(c.inputSize)}`);
  }
  if (knownEqual(last, c.inputSize) !== true) giveUp("the input's last dimension is not known to equal input_size");
  const h: Dim[] = s.length === 2 ? [s[0], c.hidden] : [c.hidden];
  const hx = a.get("hx");
  if (hx.kind !== "none") {
    if (c.mode === "LSTM") {
      if ((hx.kind !== "tuple" && hx.kind !== "list") || hx.items.length !== 2) giveUp("the LSTMCell state (h_0, c_0) is not a known pair");
      checkHidden(hx.items[0], h, "h_0");
      checkHidden(hx.items[1], h, "c_0");
    } else checkHidden(hx, h, "hx");
  }
  return c.mode === "LSTM" ? tuple([tensor(h), tensor(h)]) : tensor(h);
}

function registerCell(mode: Mode): void {
  const params: ParamSpec[] = [{ name: "input_size" }, { name: "hidden_size" }, { name: "bias", default: bool(true) }];
  if (mode === "RNN") params.push({ name: "nonlinearity", default: str("tanh") });
  params.push({ name: "device", default: NONE }, { name: "dtype", default: NONE });
  registerLayer({
    name: `${mode}Cell`,
    signature: { params },
    construct(a) {
      const inputSize = toDim(a.get("input_size"), "input_size");
      const hidden = toDim(a.get("hidden_size"), "hidden_size");
      const bias = toBool(a.get("bias"), "bias");
      if (mode === "RNN") {
        const nl = toStr(a.get("nonlinearity"), "nonlinearity");
        if (nl !== "tanh" && nl !== "relu") shapeError("invalid-argument", `Unknown nonlinearity: ${nl}`);
      }
      const i = num(inputSize);
      const h = num(hidden);
      const gh = h === null ? null : GATES[mode] * h;
      const p = i === null || h === null || gh === null ? null : gh * i + gh * h + (bias ? 2 * gh : 0);
      const config: CellConfig = { mode, inputSize, hidden };
      return {
        params: p,
        config,
        attrs: {
          input_size: int(inputSize),
          hidden_size: int(hidden),
          bias: bool(bias),
          weight_ih: tensor([mul(GATES[mode], hidden), inputSize]),
          weight_hh: tensor([mul(GATES[mode], hidden), hidden]),
        },
      };
    },
    forward: cellForward,
  });
}

registerCell("RNN");
registerCell("LSTM");
registerCell("GRU");
