// The geometry of one conv / transposed-conv / pooling layer call with concrete sizes: what the
// layer view, the padding solver and `shapelens explain` draw. Recorded by the conv and pool rules'
// explain() hooks; plain data (numbers only), per spatial axis.

export type ArithOp = "conv" | "convTranspose" | "maxPool" | "avgPool";

export interface LayerGeometry {
  op: ArithOp;
  /** Layer class name as written (Conv2d, MaxPool2d). */
  type: string;
  /** Spatial sizes of the input and of the engine's output, one per axis (D/H/W order). */
  input: number[];
  output: number[];
  kernel: number[];
  stride: number[];
  /** Padding per axis as [before, after] (unequal only for padding='same' with an odd total). */
  padding: [number, number][];
  dilation: number[];
  /** Transposed convolutions only; zeros elsewhere. */
  outputPadding: number[];
  ceilMode: boolean;
  /** Conv padding_mode when not 'zeros' (the padding cells then hold reflected/replicated values). */
  paddingMode?: string;
  /** padding='same' / 'valid' as written. */
  paddingText?: string;
  /** Channels in and out (pooling: the same), when known. */
  channels?: [number, number];
}

/** The value at axis i of a per-axis parameter that PyTorch broadcasts from one entry. */
export function perAxis(values: readonly number[], i: number, fallback: number): number {
  if (values.length === 0) return fallback;
  return values.length === 1 ? values[0] : (values[i] ?? fallback);
}
