// Shape rules for nn.MultiheadAttention and the built-in transformer layers (TransformerEncoderLayer,
// TransformerEncoder, TransformerDecoderLayer, TransformerDecoder) of PyTorch 1.13. These modules own
// submodules (out_proj, linear1, norm1, ...) that the engine does not build, so their parameter counts
// stay unknown rather than be reported without the children's. Masks of an unexpected shape, key
// padding masks on the encoder (nested-tensor fast path) and user subclasses give up.

import { Dim, formatDim, knownEqual, mul } from "../dim";
import { giveUp } from "../errors";
import { CallArgs, InstanceV, NONE, Value, bool, float, int, str, tensor, tuple, TensorV } from "../values";
import { ParamSpec, bind, toBool, toDim, toFloat, toInt } from "./args";
import { registerLayer } from "./registry";

const same = (a: Dim, b: Dim): boolean => knownEqual(a, b) === true;

function known(v: Value, what: string): Dim[] {
  if (v.kind !== "tensor" || !v.shape || v.lead) return giveUp(`${what} is not a tensor of known shape`);
  return v.shape;
}

/** An optional mask must be None or a tensor of exactly one of the allowed shapes. */
function checkMask(v: Value, allowed: Dim[][], what: string): void {
  if (v.kind === "none") return;
  const s = known(v, what);
  const ok = allowed.some((a) => a.length === s.length && a.every((d, i) => same(d, s[i])));
  if (!ok) giveUp(`${what} of shape [${s.map(formatDim).join(", ")}] is not one the engine can check`);
}

interface MhaConfig {
  embed: Dim;
  heads: Dim;
  kdim: Dim;
  vdim: Dim;
  batchFirst: boolean;
  /** Extra key positions from add_bias_kv and add_zero_attn. */
  extraKeys: number;
}

/** multi_head_attention_forward's output shapes for query [L?, N?, E] etc. in the module's layout. */
function attention(c: MhaConfig, q: Value, k: Value, v: Value, kpm: Value, mask: Value, needWeights: boolean, average: boolean): Value {
  const qs = known(q, "query");
  const ks = known(k, "key");
  const vs = known(v, "value");
  if (qs.length !== 2 && qs.length !== 3) giveUp("query must be 2-D or 3-D");
  if (ks.length !== qs.length || vs.length !== qs.length) giveUp("query, key and value must have the same rank");
  const batched = qs.length === 3;
  // Sequence-first layout: [L, N, E]; batch_first only matters for batched inputs.
  const bf = batched && c.batchFirst;
  const seq = (s: Dim[]) => (bf ? s[1] : s[0]);
  const bat = (s: Dim[]) => (bf ? s[0] : s[1]);
  const L = seq(qs);
  const S = seq(ks);
  if (!same(qs[qs.length - 1], c.embed)) giveUp("the query's last dimension is not embed_dim");
  if (!same(ks[ks.length - 1], c.kdim) || !same(vs[vs.length - 1], c.vdim)) giveUp("key/value feature sizes do not match kdim/vdim");
  if (!same(seq(vs), S)) giveUp("key and value have different sequence lengths");
  let N: Dim | undefined;
  if (batched) {
    N = bat(qs);
    if (!same(bat(ks), N) || !same(bat(vs), N)) giveUp("query, key and value have different batch sizes");
  }
  checkMask(kpm, [batched ? [N!, S] : [S]], "key_padding_mask");
  checkMask(
    mask,
    [
      [L, S],
      [batched ? mul(N!, c.heads) : c.heads, L, S],
    ],
    "attn_mask",
  );
  const Sx: Dim = c.extraKeys ? (typeof S === "number" ? S + c.extraKeys : giveUp("symbolic key length with extra keys")) : S;
  const out = tensor(batched ? (bf ? [N!, L, c.embed] : [L, N!, c.embed]) : [L, c.embed]);
  if (!needWeights) return tuple([out, NONE]);
  const lead: Dim[] = batched ? [N!] : [];
  const weights = tensor(average ? [...lead, L, Sx] : [...lead, c.heads, L, Sx]);
  return tuple([out, weights]);
}

const mhaSignature: ParamSpec[] = [
  { name: "embed_dim" },
  { name: "num_heads" },
  { name: "dropout", default: float(0) },
  { name: "bias", default: bool(true) },
  { name: "add_bias_kv", default: bool(false) },
  { name: "add_zero_attn", default: bool(false) },
  { name: "kdim", default: NONE },
  { name: "vdim", default: NONE },
  { name: "batch_first", default: bool(false) },
  { name: "device", default: NONE },
  { name: "dtype", default: NONE },
];

function positive(d: Dim, what: string): void {
  if (typeof d === "number" && d <= 0) giveUp(`${what} must be positive`);
}

registerLayer({
  name: "MultiheadAttention",
  signature: { params: mhaSignature },
  construct(a) {
    const embed = toDim(a.get("embed_dim"), "embed_dim");
    const heads = toDim(a.get("num_heads"), "num_heads");
    positive(embed, "embed_dim");
    positive(heads, "num_heads");
    if (typeof embed !== "number" || typeof heads !== "number") giveUp("symbolic embed_dim / num_heads");
    if (embed % heads !== 0) giveUp("embed_dim must be divisible by num_heads (AssertionError)");
    const kdim = a.has("kdim") ? toDim(a.get("kdim"), "kdim") : embed;
    const vdim = a.has("vdim") ? toDim(a.get("vdim"), "vdim") : embed;
    const extraKeys = (toBool(a.get("add_bias_kv"), "add_bias_kv") ? 1 : 0) + (toBool(a.get("add_zero_attn"), "add_zero_attn") ? 1 : 0);
    const batchFirst = toBool(a.get("batch_first"), "batch_first");
    toFloat(a.get("dropout"), "dropout");
    const config: MhaConfig = { embed, heads, kdim, vdim, batchFirst, extraKeys };
    return {
      params: null,
      config,
      attrs: {
        embed_dim: int(embed),
        num_heads: int(heads),
        kdim: int(kdim),
        vdim: int(vdim),
        head_dim: int(embed / heads),
        batch_first: bool(batchFirst),
        dropout: a.get("dropout"),
      },
    };
  },
  forward(config, call: CallArgs) {
    const c = config as MhaConfig;
    const a = bind(
      "MultiheadAttention.forward",
      {
        params: [
          { name: "query" },
          { name: "key" },
          { name: "value" },
          { name: "key_padding_mask", default: NONE },
          { name: "need_weights", default: bool(true) },
          { name: "attn_mask", default: NONE },
          { name: "average_attn_weights", default: bool(true) },
        ],
      },
      call,
    );
    const need = toBool(a.get("need_weights"), "need_weights");
    const avg = toBool(a.get("average_attn_weights"), "average_attn_weights");
    return attention(c, a.get("query"), a.get("key"), a.get("value"), a.get("key_padding_mask"), a.get("attn_mask"), need, avg);
  },
});

interface LayerConfig {
  kind: "encoder" | "decoder";
  attn: MhaConfig;
}

const layerParams: ParamSpec[] = [
  { name: "d_model" },
  { name: "nhead" },
  { name: "dim_feedforward", default: int(2048) },
  { name: "dropout", default: float(0.1) },
  { name: "activation", default: str("relu") },
  { name: "layer_norm_eps", default: float(1e-5) },
  { name: "batch_first", default: bool(false) },
  { name: "norm_first", default: bool(false) },
  { name: "device", default: NONE },
  { name: "dtype", default: NONE },
];

function constructLayer(kind: "encoder" | "decoder", a: ReturnType<typeof bind>) {
  const d = toDim(a.get("d_model"), "d_model");
  const h = toDim(a.get("nhead"), "nhead");
  const ff = toDim(a.get("dim_feedforward"), "dim_feedforward");
  const batchFirst = toBool(a.get("batch_first"), "batch_first");
  positive(d, "d_model");
  positive(h, "nhead");
  positive(ff, "dim_feedforward");
  if (typeof d !== "number" || typeof h !== "number") giveUp("symbolic d_model / nhead");
  if (d % h !== 0) giveUp("embed_dim must be divisible by num_heads (AssertionError)");
  const act = a.get("activation");
  if (act.kind === "str" && act.v !== "relu" && act.v !== "gelu") giveUp(`activation should be relu/gelu, not ${act.v}`);
  const config: LayerConfig = { kind, attn: { embed: d, heads: h, kdim: d, vdim: d, batchFirst, extraKeys: 0 } };
  return { params: null, config, attrs: { batch_first: bool(batchFirst), norm_first: a.get("norm_first") } };
}

/** One encoder layer: self-attention on src, then the feed-forward block; the output has src's shape. */
function encoderStep(c: MhaConfig, src: TensorV, mask: Value): TensorV {
  attention(c, src, src, src, NONE, mask, false, true);
  return tensor([...src.shape!]);
}

function decoderStep(c: MhaConfig, tgt: TensorV, memory: Value, tgtMask: Value, memMask: Value, tgtKpm: Value, memKpm: Value): TensorV {
  attention(c, tgt, tgt, tgt, tgtKpm, tgtMask, false, true);
  attention(c, tgt, memory, memory, memKpm, memMask, false, true);
  return tensor([...tgt.shape!]);
}

function asTensor(v: Value, what: string): TensorV {
  known(v, what);
  return v as TensorV;
}

registerLayer({
  name: "TransformerEncoderLayer",
  signature: { params: layerParams },
  construct: (a) => constructLayer("encoder", a),
  forward(config, call) {
    const c = config as LayerConfig;
    const a = bind(
      "TransformerEncoderLayer.forward",
      {
        params: [{ name: "src" }, { name: "src_mask", default: NONE }, { name: "src_key_padding_mask", default: NONE }],
      },
      call,
    );
    if (a.has("src_key_padding_mask")) giveUp("src_key_padding_mask is not modelled");
    return encoderStep(c.attn, asTensor(a.get("src"), "src"), a.get("src_mask"));
  },
});

registerLayer({
  name: "TransformerDecoderLayer",
  signature: { params: layerParams },
  construct: (a) => constructLayer("decoder", a),
  forward(config, call) {
    const c = config as LayerConfig;
    const a = bind("TransformerDecoderLayer.forward", { params: decoderForwardParams }, call);
    return decoderStep(
      c.attn,
      asTensor(a.get("tgt"), "tgt"),
      a.get("memory"),
      a.get("tgt_mask"),
      a.get("memory_mask"),
      a.get("tgt_key_padding_mask"),
      a.get("memory_key_padding_mask"),
    );
  },
});

const decoderForwardParams: ParamSpec[] = [
  { name: "tgt" },
  { name: "memory" },
  { name: "tgt_mask", default: NONE },
  { name: "memory_mask", default: NONE },
  { name: "tgt_key_padding_mask", default: NONE },
  { name: "memory_key_padding_mask", default: NONE },
];

interface StackConfig {
  layer: LayerConfig;
  layers: number;
}

/** The config of a built-in (not subclassed) transformer layer instance of the given kind. */
function layerConfigOf(v: Value, type: string): LayerConfig {
  if (v.kind !== "instance" || v.cls.builtin?.typeName !== type || !v.layer) giveUp(`the layer is not a plain nn.${type}`);
  const c = (v as InstanceV).layer!.config as LayerConfig | undefined;
  if (!c || typeof c !== "object" || !("attn" in c)) giveUp(`nn.${type} could not be constructed`);
  return c;
}

/** An optional final norm: None, or a LayerNorm over exactly the model dimension. */
function checkNorm(v: Value, d: Dim): void {
  if (v.kind === "none") return;
  if (v.kind !== "instance" || v.cls.builtin?.typeName !== "LayerNorm") giveUp("the final norm is not an nn.LayerNorm");
  const ns = v.attrs.get("normalized_shape");
  if (!ns || ns.kind !== "tuple" || ns.items.length !== 1 || ns.items[0].kind !== "int" || !same(ns.items[0].v, d)) {
    giveUp("the final LayerNorm does not normalise over d_model");
  }
}

registerLayer({
  name: "TransformerEncoder",
  signature: {
    params: [
      { name: "encoder_layer" },
      { name: "num_layers" },
      { name: "norm", default: NONE },
      { name: "enable_nested_tensor", default: bool(true) },
      { name: "mask_check", default: bool(true) },
    ],
  },
  construct(a) {
    const layer = layerConfigOf(a.get("encoder_layer"), "TransformerEncoderLayer");
    const layers = toInt(a.get("num_layers"), "num_layers");
    checkNorm(a.get("norm"), layer.attn.embed);
    const config: StackConfig = { layer, layers };
    return { params: null, config, attrs: { num_layers: int(layers), norm: a.get("norm") } };
  },
  forward(config, call) {
    const c = config as StackConfig;
    const a = bind(
      "TransformerEncoder.forward",
      {
        params: [{ name: "src" }, { name: "mask", default: NONE }, { name: "src_key_padding_mask", default: NONE }],
      },
      call,
    );
    if (a.has("src_key_padding_mask")) giveUp("src_key_padding_mask may shorten the output (nested tensors)");
    let x = asTensor(a.get("src"), "src");
    for (let i = 0; i < c.layers; i++) x = encoderStep(c.layer.attn, x, a.get("mask"));
    return x;
  },
});

registerLayer({
  name: "TransformerDecoder",
  signature: { params: [{ name: "decoder_layer" }, { name: "num_layers" }, { name: "norm", default: NONE }] },
  construct(a) {
    const layer = layerConfigOf(a.get("decoder_layer"), "TransformerDecoderLayer");
    const layers = toInt(a.get("num_layers"), "num_layers");
    checkNorm(a.get("norm"), layer.attn.embed);
    const config: StackConfig = { layer, layers };
    return { params: null, config, attrs: { num_layers: int(layers), norm: a.get("norm") } };
  },
  forward(config, call) {
    const c = config as StackConfig;
    const a = bind("TransformerDecoder.forward", { params: decoderForwardParams }, call);
    let x = asTensor(a.get("tgt"), "tgt");
    for (let i = 0; i < c.layers; i++) {
      x = decoderStep(
        c.layer.attn,
        x,
        a.get("memory"),
        a.get("tgt_mask"),
        a.get("memory_mask"),
        a.get("tgt_key_padding_mask"),
        a.get("memory_key_padding_mask"),
      );
    }
    return x;
  },
});
