// The padding solver of the seed notebook (get_padding): the padding that makes a strided conv or
// pool output ⌈W/s⌉ (TensorFlow's 'same'), its range, how it depends on W, the asymmetric F.pad when
// no symmetric padding exists, and a transposed conv's output_padding that gives exactly s·W.

export interface SamePadding {
  width: number;
  kernel: number;
  stride: number;
  dilation: number;
  /** ⌈W/s⌉. */
  target: number;
  /** Smallest and largest symmetric padding giving the target; null when none does (odd total at s = 1). */
  symmetric: { min: number; max: number } | null;
  /** The smallest total padding that works, split as F.pad does it here: extra cell on the right. */
  total: number;
  asymmetric: [number, number];
  /** The smallest padding by W mod s (r = 1…s, written as W mod s = r mod s); one entry when W does not matter. */
  byResidue: { residue: number; padding: number | null }[];
  dependsOnWidth: boolean;
}

function pMin(width: number, k: number, s: number, d: number): { min: number; max: number; total: number } {
  const target = Math.ceil(width / s);
  const span = d * (k - 1) + 1;
  // ⌊(W + T − span)/s⌋ + 1 = target  ⇔  (target−1)·s ≤ W + T − span < target·s
  const totalMin = Math.max(0, (target - 1) * s - width + span);
  const totalMax = target * s - width + span - 1;
  return { min: Math.ceil(totalMin / 2), max: Math.floor(totalMax / 2), total: totalMin };
}

export function solveSamePadding(width: number, kernel: number, stride: number, dilation = 1): SamePadding {
  for (const [name, v] of [
    ["width", width],
    ["kernel", kernel],
    ["stride", stride],
    ["dilation", dilation],
  ] as const) {
    if (!Number.isInteger(v) || v <= 0) throw new Error(`padding solver: ${name} must be a positive integer, got ${v}`);
  }
  const { min, max, total } = pMin(width, kernel, stride, dilation);
  const left = Math.floor(total / 2);
  const byResidue: { residue: number; padding: number | null }[] = [];
  for (let r = 1; r <= stride; r++) {
    // Any width with this residue: the answer depends on W only through W mod s.
    const w = stride + r;
    const x = pMin(w, kernel, stride, dilation);
    byResidue.push({ residue: r % stride, padding: x.min <= x.max ? x.min : null });
  }
  const dependsOnWidth = new Set(byResidue.map((b) => b.padding)).size > 1;
  return {
    width,
    kernel,
    stride,
    dilation,
    target: Math.ceil(width / stride),
    symmetric: min <= max ? { min, max } : null,
    total,
    asymmetric: [left, total - left],
    byResidue,
    dependsOnWidth,
  };
}

/** PyTorch's pooling padding bound (pad ≤ half the kernel; PyTorch 2: of the dilated kernel). */
export function poolPaddingAllowed(padding: number, kernel: number, dilation: number, torch2: boolean): boolean {
  return torch2 ? padding <= Math.trunc(((kernel - 1) * dilation + 1) / 2) : padding <= Math.trunc(kernel / 2);
}

export interface TransposedPadding {
  /** output_padding for the declared padding, or null when no valid one gives s·W. */
  outputPadding: number | null;
  /** The smallest padding with an output_padding that gives s·W for every W; null when none exists. */
  suggested: { padding: number; outputPadding: number } | null;
}

/** (W−1)·s − 2p + d·(k−1) + op + 1 = s·W  ⇔  op = s + 2p − d·(k−1) − 1, valid when 0 ≤ op < max(s, d). */
export function solveTransposedPadding(kernel: number, stride: number, padding: number, dilation = 1): TransposedPadding {
  const span = dilation * (kernel - 1) + 1;
  const limit = Math.max(stride, dilation);
  const op = stride + 2 * padding - span;
  const p = Math.max(0, Math.ceil((span - stride) / 2));
  const best = stride + 2 * p - span;
  const suggested = best < limit ? { padding: p, outputPadding: best } : null;
  return { outputPadding: op >= 0 && op < limit ? op : null, suggested };
}

/** Points of the padding-vs-width plot: the smallest symmetric padding (or null) for each width. */
export function paddingCurve(
  kernel: number,
  stride: number,
  dilation: number,
  from: number,
  to: number,
): { width: number; padding: number | null }[] {
  const out: { width: number; padding: number | null }[] = [];
  for (let w = Math.max(1, from); w <= to; w++) {
    const x = pMin(w, kernel, stride, dilation);
    out.push({ width: w, padding: x.min <= x.max ? x.min : null });
  }
  return out;
}
