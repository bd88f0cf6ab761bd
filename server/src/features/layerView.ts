// The server side of the layer view ("Shape Lens: Show Layer Arithmetic"): for the conv/pool layer
// at a position, its plan (frame count, output sizes), the worked arithmetic, the padding solver's
// findings and plot, and one frame's picture on request, as theme-styled SVG for the client's webview.

import type { FileAnalysis } from "../core/api";
import { explainLines } from "../core/arith/explainText";
import { planLayer } from "../core/arith/frames";
import { renderLayerSvg } from "../core/arith/layerSvg";
import { renderPaddingPlot } from "../core/arith/plotSvg";
import { picturedCallsAt } from "../core/arith/select";
import { solutionLines } from "../core/arith/solverText";

export const LAYER_ARITHMETIC_REQUEST = "shapeLens/layerArithmetic";

export interface LayerArithmeticParams {
  uri: string;
  /** 0-based line of the layer's construction or call. */
  line: number;
  /** The frame (output position, row-major) to draw; 0 when absent. */
  frame?: number;
}

export interface LayerArithmeticResult {
  title: string;
  type: string;
  frameCount: number;
  output: number[];
  frame: number;
  svg: string;
  explain: string[];
  padding: string[];
  /** The padding-vs-width plot of the last axis (strided conv/pool only). */
  plot?: string;
  /** Set when there is no picturable layer at the line. */
  error?: string;
}

export function layerArithmetic(a: FileAnalysis, p: LayerArithmeticParams, torch2: boolean): LayerArithmeticResult {
  const calls = picturedCallsAt(a, a.file, p.line);
  if (!calls.length) {
    return {
      title: "",
      type: "",
      frameCount: 0,
      output: [],
      frame: 0,
      svg: "",
      explain: [],
      padding: [],
      error: `No conv or pooling layer with known sizes is built or called on line ${p.line + 1} (declare the model's input to give it sizes).`,
    };
  }
  const g = calls[0].geometry;
  const plan = planLayer(g);
  const frame = Math.min(Math.max(0, Math.trunc(p.frame ?? 0)), plan.frameCount - 1);
  const lines = explainLines(plan);
  const last = g.input.length - 1;
  const strided = g.op !== "convTranspose" && g.stride.some((s) => s > 1);
  return {
    title: lines[0],
    type: g.type,
    frameCount: plan.frameCount,
    output: g.output,
    frame,
    svg: renderLayerSvg(plan, { frame, standalone: false, formula: false }),
    explain: lines.slice(1),
    padding: solutionLines(g, torch2, false),
    plot: strided ? renderPaddingPlot(g.kernel[last], g.stride[last], g.dilation[last], g.input[last], false) : undefined,
  };
}
