// The shape picture of a model (the seed's "image sizes through ResNet"): one block per stage (the
// input, then each top-level module whose output is a known image-like tensor), its height by the
// spatial size and its width by the channel count, labelled C×H×W.

import type { ModelReport, ValueJson } from "../api";
import { el, esc, svgDocument, text } from "./svgKit";

export interface Stage {
  name: string;
  type: string;
  line: number;
  channels: number;
  spatial: number[];
}

function imageShape(v: ValueJson | undefined): { channels: number; spatial: number[] } | undefined {
  if (!Array.isArray(v) || v.length < 3) return undefined;
  const dims = v.slice(1);
  if (!dims.every((d): d is number => typeof d === "number")) return undefined;
  return { channels: dims[0], spatial: dims.slice(1) };
}

/** The stages: the model input, then every direct child whose (first) output is [N, C, *spatial]. */
export function modelStages(m: ModelReport): Stage[] {
  const stages: Stage[] = [];
  const input = imageShape(m.inputs[0]);
  if (input) stages.push({ name: "input", type: "", line: -1, ...input });
  for (const r of m.modules) {
    if (r.depth !== 1) continue;
    const s = imageShape(r.outputs[0]);
    if (s) stages.push({ name: r.path, type: r.type, line: r.line, ...s });
  }
  return stages;
}

export function renderShapePicture(m: ModelReport, standalone = true): string {
  const stages = modelStages(m);
  const maxSide = Math.max(1, ...stages.map((s) => s.spatial[s.spatial.length - 1] ?? 1));
  const colW = 96;
  const maxH = 160;
  const top = 40;
  const title = `${m.model}: spatial size and channels, stage by stage`;
  const width = Math.ceil(Math.max(360, 20 + stages.length * colW, 20 + title.length * 7.8));
  const height = top + maxH + 60;
  let body = text(10, 20, title, "t");
  stages.forEach((s, i) => {
    const side = s.spatial[s.spatial.length - 1] ?? 1;
    const h = Math.max(6, Math.sqrt(side / maxSide) * maxH);
    const w = Math.min(colW - 16, 8 + 6 * Math.log2(Math.max(1, s.channels)));
    const x = 10 + i * colW + (colW - w) / 2;
    const y = top + (maxH - h) / 2;
    body += el(
      "rect",
      { x: x.toFixed(1), y: y.toFixed(1), width: w.toFixed(1), height: h.toFixed(1), class: i === 0 ? "stage" : "stage2" },
      el("title", {}, esc(`${s.name} ${s.type}`)),
    );
    const cx = 10 + i * colW + colW / 2;
    body += text(cx, top + maxH + 18, [s.channels, ...s.spatial].join("×"), "f", "middle");
    body += text(cx, top + maxH + 34, s.name.length > 13 ? `${s.name.slice(0, 12)}…` : s.name, "ix", "middle");
  });
  if (!stages.length) body += text(10, top + 20, "no image-like stage outputs ([N, C, H, W]) with known sizes", "f");
  return svgDocument(width, height, body, standalone, `shape picture of ${m.model}`);
}
