// Finding the layer to picture: the conv/pool calls of an analysis at a line (construction or call
// site), and the tiny Python program `shapelens explain "nn.Conv2d(...)" --input …` analyses.

import type { FileAnalysis, LayerCall } from "../api";
import { LayerGeometry } from "./geometry";

export interface PicturedCall {
  call: LayerCall;
  geometry: LayerGeometry;
}

/** Calls with a geometry whose construction or call starts on the 0-based line (distinct geometries). */
export function picturedCallsAt(a: FileAnalysis, file: string, line: number): PicturedCall[] {
  const out: PicturedCall[] = [];
  const seen = new Set<string>();
  for (const c of a.calls) {
    if (!c.geometry) continue;
    const atConstruct =
      c.constructRange && (c.constructFile ?? c.file) === file && c.constructRange.start.line <= line && c.constructRange.end.line >= line;
    const atCall = c.file === file && c.callRange.start.line <= line && c.callRange.end.line >= line;
    if (!atConstruct && !atCall) continue;
    const key = JSON.stringify(c.geometry);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ call: c, geometry: c.geometry });
  }
  return out;
}

/** Conv/pool layers the engine can picture (their geometry is recorded). */
export function isPicturedType(type: string): boolean {
  return /^(Lazy)?Conv(Transpose)?[123]d$|^(Max|Avg)Pool[123]d$/.test(type);
}

/** A Python program that builds the layer expression and calls it on zeros of the given shape. */
export function explainProgram(expr: string, dims: readonly (number | string)[]): string {
  return [
    "import torch",
    "import torch.nn as nn",
    "import torch.nn.functional as F",
    `layer = ${/^[A-Z]\w*\(/.test(expr.trim()) ? `nn.${expr.trim()}` : expr}`,
    `x = torch.zeros(${dims.join(", ")})`,
    "y = layer(x)",
    "",
  ].join("\n");
}
