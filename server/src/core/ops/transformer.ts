// The shape rule of nn.MultiheadAttention's forward (PyTorch 1.13's multi_head_attention_forward and its
// fast path give the same shapes). The module classes themselves (MultiheadAttention, the Transformer
// layers and stacks) are Python in the engine's prelude (interp/preludeSource.ts), which calls this rule
// with the module's configuration. Masks of an unexpected shape give up.

import { Dim, formatDim, knownEqual, mul } from "../dim";
import { giveUp } from "../errors";
import { NONE, Value, tensor, tuple } from "../values";
import { toBool, toDim } from "./args";
import { FunctionRule } from "./registry";

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
  // With batch_first the module returns a transpose of its sequence-first result: not contiguous.
  const out = bf ? { ...tensor([N!, L, c.embed]), maybeNonContiguous: true } : tensor(batched ? [L, N!, c.embed] : [L, c.embed]);
  if (!needWeights) return tuple([out, NONE]);
  const lead: Dim[] = batched ? [N!] : [];
  const weights = tensor(average ? [...lead, L, Sx] : [...lead, c.heads, L, Sx]);
  return tuple([out, weights]);
}

/**
 * MultiheadAttention.forward for the prelude: the call's arguments followed by the module's
 * configuration (embed_dim, num_heads, kdim, vdim, batch_first, whether bias_k is set, add_zero_attn).
 */
export const mhaForwardRule: FunctionRule = {
  names: [],
  signature: {
    params: [
      { name: "query" },
      { name: "key" },
      { name: "value" },
      { name: "key_padding_mask" },
      { name: "need_weights" },
      { name: "attn_mask" },
      { name: "average_attn_weights" },
      { name: "embed_dim" },
      { name: "num_heads" },
      { name: "kdim" },
      { name: "vdim" },
      { name: "batch_first" },
      { name: "bias_kv" },
      { name: "add_zero_attn" },
    ],
  },
  call(a) {
    const embed = toDim(a.get("embed_dim"), "embed_dim");
    const heads = toDim(a.get("num_heads"), "num_heads");
    if (typeof embed !== "number" || typeof heads !== "number") giveUp("symbolic embed_dim / num_heads");
    if (embed <= 0 || heads <= 0 || embed % heads !== 0) giveUp("embed_dim must be a positive multiple of num_heads");
    const extraKeys = (toBool(a.get("bias_kv"), "bias_kv") ? 1 : 0) + (toBool(a.get("add_zero_attn"), "add_zero_attn") ? 1 : 0);
    const c: MhaConfig = {
      embed,
      heads,
      kdim: toDim(a.get("kdim"), "kdim"),
      vdim: toDim(a.get("vdim"), "vdim"),
      batchFirst: toBool(a.get("batch_first"), "batch_first"),
      extraKeys,
    };
    const need = toBool(a.get("need_weights"), "need_weights");
    const avg = toBool(a.get("average_attn_weights"), "average_attn_weights");
    return attention(c, a.get("query"), a.get("key"), a.get("value"), a.get("key_padding_mask"), a.get("attn_mask"), need, avg);
  },
};
