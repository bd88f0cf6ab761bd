// The F.pad step that nn.Conv* layers run before the convolution when padding_mode is 'reflect',
// 'replicate' or 'circular' (PyTorch's non-constant padding, as 1.13 or 2.13 does it): its rank
// dispatch, its per-mode limits, and the padded shape. Cases whose behaviour is not modelled give up.

import { Dim, add, formatDim, isConcrete } from "../dim";
import { giveUp, shapeError } from "../errors";
import { byVersion, isTorch2 } from "../torchVersion";
import { Shape } from "../values";
import { fmtList, lessThan } from "./spatialArith";

/** The error for a pad length and input rank that no non-constant padding kernel takes. */
export function unsupportedNonConstant(padLength: number, rank: number): never {
  shapeError(
    "rank-mismatch",
    byVersion({
      "1.13": "Only 2D, 3D, 4D, 5D padding with non-constant padding are supported for now",
      "2": [
        `Padding size ${padLength} is not supported for ${rank}D input tensor.`,
        "Supported combinations for non-constant padding:",
        "  - 2D or 3D input: padding size = 2 (pads last dimension)",
        "  - 3D or 4D input: padding size = 4 (pads last 2 dimensions)",
        "  - 4D or 5D input: padding size = 6 (pads last 3 dimensions)",
      ].join("\n"),
    }),
  );
}

/** How reflection padding's size check shows the input: 1.13 gives the rank for 2-d padding. */
export function reflectInputShown(spatialAxes: number, input: Shape): string {
  return spatialAxes === 2 && !isTorch2() ? String(input.length) : fmtList(input);
}

/**
 * Pads the last `pads.length` axes of `input` (pads listed from the first spatial axis to the last,
 * each as [before, after]) and returns the padded shape.
 */
export function padNonConstant(mode: string, input: Shape, pads: [number, number][]): Shape {
  const n = pads.length;
  const rank = input.length;
  if (rank !== n + 1 && rank !== n + 2) unsupportedNonConstant(2 * n, rank);
  // PyTorch 2 pads unbatched inputs circularly too.
  if (mode === "circular" && rank === n + 1 && !isTorch2()) {
    shapeError("invalid-argument", `Invalid padding size, expected ${2 * (rank - 2)} but got ${2 * n}`);
  }
  const first = rank - n;
  const spatial = input.slice(first);
  if (spatial.some((s) => s === 0) || input.slice(0, first).some((s, i) => s === 0 && i === first - 1)) {
    giveUp("non-constant padding of an empty tensor");
  }
  if (mode === "reflect") {
    // ATen checks the last axis first (Argument #4 = width, #6 = height, #8 = depth).
    for (let j = 0; j < n; j++) {
      const axis = rank - 1 - j;
      const [l, r] = pads[n - 1 - j];
      const size = input[axis];
      const bad = [lessThan(l, size), lessThan(r, size)];
      if (bad.some((b) => b === false)) {
        const where = reflectInputShown(n, input);
        shapeError(
          "invalid-argument",
          `Argument #${4 + 2 * j}: Padding size should be less than the corresponding input dimension, but got: padding (${l}, ${r}) at dimension ${axis} of input ${where}`,
        );
      }
    }
  } else if (mode === "circular") {
    for (let i = 0; i < n; i++) {
      const [l, r] = pads[i];
      if (lessThan(spatial[i], l) === true || lessThan(spatial[i], r) === true) {
        shapeError("invalid-argument", "Padding value causes wrapping around more than once.");
      }
    }
  } else if (mode !== "replicate") {
    giveUp(`padding mode '${mode}'`);
  }
  const out: Dim[] = spatial.map((s, i) => add(s, pads[i][0] + pads[i][1]));
  if (pads.some(([l, r]) => l < 0 || r < 0)) {
    if (!out.every(isConcrete) || out.some((o) => (o as number) < 1)) {
      giveUp(`negative ${mode} padding that empties the input (${out.map(formatDim).join(", ")})`);
    }
  }
  return [...input.slice(0, first), ...out];
}
