// F.scaled_dot_product_attention (PyTorch 2 only): the output shape [..., L, Ev] and the errors of
// its math path, which is where mismatched shapes end up (the fused CPU kernels reject them first):
// q @ kᵀ with matmul's broadcasting, the mask added in place, then @ v. enable_gqa repeats the key
// and value heads. Checked against the F.scaled_dot_product_attention cases of layers-2.13.json.

import { Dim, formatDim, knownEqual } from "../dim";
import { giveUp, shapeError } from "../errors";
import { NONE, Shape, bool, tensor, tuple } from "../values";
import { isNone, normalizeDim, toBool, toTensor } from "./args";
import { broadcastShapes, fmtShape } from "./broadcast";
import { matmulShape } from "./matmul";
import { registerFunction } from "./registry";

function knownShape(v: Shape | null, lead: string | undefined, what: string): Shape {
  if (!v || lead) return giveUp(`the ${what}'s shape is not known`);
  return v;
}

function transposeLast(s: Shape): Shape {
  return [...s.slice(0, -2), s[s.length - 1], s[s.length - 2]];
}

/** enable_gqa: the heads (dim -3) of key and value must divide the query's; they are repeated to match. */
function groupedHeads(q: Shape, k: Shape, v: Shape): [Shape, Shape] {
  for (const s of [q, k, v]) {
    if (s.length < 3) normalizeDim(-3, s.length);
  }
  const heads = (s: Shape) => s[s.length - 3];
  const [hq, hk, hv] = [heads(q), heads(k), heads(v)];
  if (typeof hq !== "number" || typeof hk !== "number" || typeof hv !== "number") return giveUp("symbolic head counts with enable_gqa");
  if (hk === 0 || hv === 0) giveUp("enable_gqa with no key or value heads");
  if (hq % hk !== 0 || hq % hv !== 0) {
    // PyTorch 2.13's message ends there.
    shapeError("shape-mismatch", "Number of heads in key and value must divide the number of heads in ");
  }
  const repeat = (s: Shape): Shape => [...s.slice(0, -3), hq, ...s.slice(-2)];
  return [repeat(k), repeat(v)];
}

/** attn.add_(mask): the mask must broadcast to the attention scores' shape. */
function addMaskInPlace(attn: Shape, mask: Shape): void {
  if (mask.length < 2) giveUp("an attention mask of fewer than 2 dims");
  const b = broadcastShapes(attn, mask);
  if (b.length !== attn.length || b.some((d, i) => knownEqual(d, attn[i]) !== true)) {
    if (!b.every((d) => typeof d === "number") || !attn.every((d) => typeof d === "number")) {
      giveUp("an attention mask whose broadcast is not known");
    }
    shapeError("broadcast", `output with shape ${fmtShape(attn)} doesn't match the broadcast shape ${fmtShape(b)}`);
  }
}

registerFunction({
  names: ["F.scaled_dot_product_attention"],
  since: "2",
  signature: {
    params: [
      { name: "query" },
      { name: "key" },
      { name: "value" },
      { name: "attn_mask", default: NONE },
      { name: "dropout_p", default: { kind: "float", v: 0 } },
      { name: "is_causal", default: bool(false) },
      { name: "scale", default: NONE },
      { name: "enable_gqa", default: bool(false) },
    ],
  },
  call(a) {
    const q = toTensor(a.get("query"), "query");
    const k = toTensor(a.get("key"), "key");
    const v = toTensor(a.get("value"), "value");
    const qs = knownShape(q.shape, q.lead, "query");
    let ks = knownShape(k.shape, k.lead, "key");
    let vs = knownShape(v.shape, v.lead, "value");
    if (qs.length < 2 || ks.length < 2 || vs.length < 2) {
      shapeError(
        "rank-mismatch",
        `Expected query, key, and value to all be  at least 2 dimensional, but got query.dim: ${qs.length} key.dim: ${ks.length} and value.dim: ${vs.length} instead.`,
      );
    }
    const maskV = a.get("attn_mask");
    // is_causal matters only next to an explicit mask (it may be unknown, e.g. `is_causal=self.training`).
    if (!isNone(maskV) && toBool(a.get("is_causal"), "is_causal")) {
      shapeError("invalid-argument", "_scaled_dot_product_attention: Explicit attn_mask should not be set when is_causal=True");
    }
    if (toBool(a.get("enable_gqa"), "enable_gqa")) [ks, vs] = groupedHeads(qs, ks, vs);
    const scores = matmulShape(qs, transposeLast(ks));
    if (!isNone(maskV)) {
      const m = toTensor(maskV, "attn_mask");
      addMaskInPlace(scores, knownShape(m.shape, m.lead, "attention mask"));
    }
    const out: Dim[] = matmulShape(scores, vs);
    if (out.length !== Math.max(qs.length, ks.length, vs.length)) giveUp(`an unexpected output rank (${out.map(formatDim).join(", ")})`);
    return tensor(out, { dtype: q.dtype });
  },
});

/**
 * torch.nn.attention.flex_attention.flex_attention (PyTorch 2 only): 4-D query [B, Hq, L, E],
 * key [B, Hkv, S, E] and value [B, Hkv, S, Ev] give [B, Hq, L, Ev] (and the log-sum-exp [B, Hq, L]
 * with return_lse). Score modifications and block masks do not change shapes. Only the head-count
 * error is worded; other mismatches give up.
 */
registerFunction({
  names: ["flex_attention.flex_attention"],
  since: "2",
  signature: {
    params: [
      { name: "query" },
      { name: "key" },
      { name: "value" },
      { name: "score_mod", default: NONE },
      { name: "block_mask", default: NONE },
      { name: "scale", default: NONE },
      { name: "enable_gqa", default: bool(false) },
      { name: "return_lse", default: bool(false) },
      { name: "kernel_options", default: NONE },
    ],
    extraKwargs: true,
  },
  call(a) {
    const q = toTensor(a.get("query"), "query");
    const qs = knownShape(q.shape, q.lead, "query");
    const k = toTensor(a.get("key"), "key");
    const v = toTensor(a.get("value"), "value");
    const ks = knownShape(k.shape, k.lead, "key");
    const vs = knownShape(v.shape, v.lead, "value");
    if (qs.length !== 4 || ks.length !== 4 || vs.length !== 4) giveUp("flex_attention with inputs that are not 4-D");
    const [b, hq, l, e] = qs;
    const [kb, hk, s, ke] = ks;
    const [vb, hv, vsLen, ev] = vs;
    const same = (x: Dim, y: Dim) => knownEqual(x, y) === true;
    if (!same(b, kb) || !same(b, vb) || !same(e, ke) || !same(s, vsLen) || !same(hk, hv)) giveUp("flex_attention with mismatched sizes");
    if (!same(hq, hk)) {
      if (!toBool(a.get("enable_gqa"), "enable_gqa")) {
        if (typeof hq !== "number" || typeof hk !== "number") giveUp("symbolic head counts");
        shapeError(
          "shape-mismatch",
          `Expect query and key/value to have the same number of heads but got Hq=${hq} and Hkv=${hk}. Try setting enable_gqa=True for GQA.`,
        );
      }
      if (typeof hq !== "number" || typeof hk !== "number" || hk === 0 || hq % hk !== 0) giveUp("flex_attention head counts for GQA");
    }
    const out = tensor([b, hq, l, ev], { dtype: q.dtype });
    return toBool(a.get("return_lse"), "return_lse") ? tuple([out, tensor([b, hq, l])]) : out;
  },
});
