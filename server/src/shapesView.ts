// The data of the Compute Shapes view (a webview in the client): per module its type, input and
// output shapes, parameters, MACs (per sample when the batch is symbolic), receptive field and
// activation size, the stage diagram as theme-styled SVG, and the exports (Markdown, CSV, JSON).

import type { FileAnalysis, ModelReport, ValueJson } from "./core/api";
import { renderShapePicture } from "./core/arith/shapeSvg";
import { formatValue } from "./core/format";

export interface ShapesRow {
  path: string;
  type: string;
  /** 0-based line of the module's construction; -1 when unknown. */
  line: number;
  depth: number;
  inputs: string;
  outputs: string;
  params: number | null;
  macs: number | null;
  /** True when `macs` counts one sample (the batch dim is symbolic). */
  macsPerSample: boolean;
  receptiveField: string;
  /** Elements of the first output per sample (all dims after the batch), null when unknown. */
  activation: number | null;
}

export interface ShapesViewModel {
  model: string;
  file: string;
  inputs: string;
  output: string;
  inputSource: string;
  params: number | null;
  macs: number | null;
  /** Total MACs of one sample when the batch is symbolic (null otherwise or when unknown). */
  macsPerSample: number | null;
  rows: ShapesRow[];
  diagram: string;
  csv: string;
  json: string;
}

function perSample(v: ValueJson | undefined): number[] | null {
  if (!Array.isArray(v) || v.length < 1) return null;
  const rest = v.slice(1);
  return rest.every((d): d is number => typeof d === "number") ? rest : null;
}

function csvCell(s: string): string {
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function shapesView(a: FileAnalysis, m: ModelReport): ShapesViewModel {
  // A module's first call: by its path, else by where it was built (as the hover finds it).
  const byPath = new Map<string, FileAnalysis["calls"][number]>();
  const byPlace = new Map<string, FileAnalysis["calls"][number]>();
  for (const c of a.calls) {
    if (c.modulePath !== undefined && !byPath.has(c.modulePath)) byPath.set(c.modulePath, c);
    const place = c.constructRange ? `${c.constructFile ?? c.file}:${c.constructRange.start.line}:${c.type}` : "";
    if (place && !byPlace.has(place)) byPlace.set(place, c);
  }
  const rows: ShapesRow[] = m.modules.map((r) => {
    const c = byPath.get(r.path) ?? (r.path !== "" ? byPlace.get(`${r.file}:${r.line}:${r.type}`) : undefined);
    const sample = perSample(r.outputs[0]);
    let macs = r.macs;
    let macsPerSample = false;
    if (macs === null && r.params !== null && sample) {
      // torchinfo's convention for one sample: Conv* count params × ∏(spatial output), others params.
      macs = /Conv/.test(r.type) ? r.params * sample.slice(1).reduce((x, y) => x * y, 1) : r.params;
      macsPerSample = true;
    }
    return {
      path: r.path,
      type: r.type,
      line: r.line,
      depth: r.depth,
      inputs: c ? c.inputs.map(formatValue).join(", ") : r.path === "" ? m.inputs.map(formatValue).join(", ") : "",
      outputs: r.outputs.length ? r.outputs.map(formatValue).join(" / ") : "—",
      params: r.params,
      macs,
      macsPerSample,
      receptiveField: c?.receptiveField ? c.receptiveField.join("×") : "",
      activation: sample ? sample.reduce((x, y) => x * y, 1) : null,
    };
  });
  const header = ["module", "type", "line", "input", "output", "params", "macs", "macs_per_sample", "receptive_field", "activation"];
  const csv = [
    header.join(","),
    ...rows.map((r) =>
      [
        r.path,
        r.type,
        r.line >= 0 ? String(r.line + 1) : "",
        r.inputs,
        r.outputs,
        r.params ?? "",
        r.macs ?? "",
        r.macsPerSample ? "true" : "false",
        r.receptiveField,
        r.activation ?? "",
      ]
        .map((x) => csvCell(String(x)))
        .join(","),
    ),
  ].join("\n");
  return {
    model: m.model,
    file: a.file,
    inputs: m.inputs.map(formatValue).join(", "),
    output: formatValue(m.output),
    inputSource: m.inputSource,
    params: m.params,
    macs: m.macs,
    macsPerSample: m.macs === null && rows.every((r) => r.macs !== null) ? rows.reduce((t, r) => t + (r.macs ?? 0), 0) : null,
    rows,
    diagram: renderShapePicture(m, false),
    csv: `${csv}\n`,
    json: `${JSON.stringify({ model: m.model, inputs: m.inputs, output: m.output, params: m.params, macs: m.macs, rows }, null, 2)}\n`,
  };
}
