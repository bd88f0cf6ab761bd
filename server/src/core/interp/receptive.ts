// Receptive field and effective stride (jump) per spatial axis, carried on tensors for hovers:
// a conv/pool layer with kernel k, dilation d and stride s maps (rf, jump) to
// (rf + d·(k−1)·jump, jump·s); shape-keeping ops pass it on; anything else drops it.

import { type CallArgs, type InstanceV, type TensorV, type Value } from "../values";

function ints(v: Value | undefined, n: number): number[] | undefined {
  if (!v) return undefined;
  if (v.kind === "int" && typeof v.v === "number") return Array.from({ length: n }, () => v.v as number);
  if (v.kind === "tuple" || v.kind === "list") {
    const xs = v.items.map((x) => (x.kind === "int" && typeof x.v === "number" ? x.v : NaN));
    return xs.length === n && xs.every((x) => !Number.isNaN(x)) ? xs : undefined;
  }
  return undefined;
}

function spatialRank(inst: InstanceV): number | undefined {
  const m = /(Conv|Pool)([123])d$/.exec(inst.cls.builtin?.typeName ?? "");
  if (!m || /Adaptive|Transpose|LP/.test(inst.cls.builtin?.typeName ?? "")) return undefined;
  return Number(m[2]);
}

/** (rf, jump) after a conv/pool module; undefined when the layer is not one or values are unknown. */
export function layerReceptiveField(inst: InstanceV, input: Value): TensorV["rf"] | undefined {
  const n = spatialRank(inst);
  if (!n || input.kind !== "tensor") return undefined;
  const k = ints(inst.attrs.get("kernel_size"), n);
  const strideV = inst.attrs.get("stride");
  const s = strideV && strideV.kind !== "none" ? ints(strideV, n) : k;
  const d = ints(inst.attrs.get("dilation"), n) ?? Array.from({ length: n }, () => 1);
  if (!k || !s) return undefined;
  const prev = input.rf && input.rf.size.length === n ? input.rf : { size: k.map(() => 1), jump: k.map(() => 1) };
  return {
    size: k.map((ki, i) => prev.size[i] + d[i] * (ki - 1) * prev.jump[i]),
    jump: s.map((si, i) => prev.jump[i] * si),
  };
}

function sameShape(a: TensorV, b: TensorV): boolean {
  return !!a.shape && !!b.shape && a.shape.length === b.shape.length && a.shape.every((x, i) => String(x) === String(b.shape![i]));
}

/** For ops other than conv/pool layers: keep the largest field among same-shaped inputs. */
export function passReceptiveField(call: CallArgs, output: Value): TensorV["rf"] | undefined {
  if (output.kind !== "tensor") return undefined;
  let best: TensorV["rf"] | undefined;
  for (const a of [...call.args, ...call.kwargs.values()]) {
    if (a.kind !== "tensor" || !a.rf || !sameShape(a, output)) continue;
    if (!best) best = a.rf;
    else if (best.jump.join() !== a.rf.jump.join() || best.size.length !== a.rf.size.length) return undefined;
    else best = { size: best.size.map((x, i) => Math.max(x, a.rf!.size[i])), jump: best.jump };
  }
  return best;
}
