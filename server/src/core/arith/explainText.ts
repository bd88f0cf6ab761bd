// The arithmetic of one layer worked through in words, with the user's numbers, axis by axis: what
// `shapelens explain` prints and the layer view shows under the picture. Every term names the part
// of the picture it counts (input cells, padding, inserted zeros, kernel span, stride).

import { AxisPlan, LayerPlan } from "./frames";
import { LayerGeometry } from "./geometry";

function axisLabels(n: number): string[] {
  return n === 1 ? ["L"] : n === 2 ? ["H", "W"] : ["D", "H", "W"];
}

export function describeLayer(g: LayerGeometry): string {
  const list = (xs: readonly number[]) => (xs.length === 1 || xs.every((x) => x === xs[0]) ? String(xs[0]) : `(${xs.join(", ")})`);
  const parts = [`kernel ${list(g.kernel)}`, `stride ${list(g.stride)}`];
  const pads = g.padding.map(([b, a]) => (b === a ? String(b) : `${b}+${a}`));
  parts.push(
    `padding ${g.paddingText ? `'${g.paddingText}' = ` : ""}${pads.every((p) => p === pads[0]) ? pads[0] : `(${pads.join(", ")})`}`,
  );
  if (g.dilation.some((d) => d !== 1)) parts.push(`dilation ${list(g.dilation)}`);
  if (g.op === "convTranspose" && g.outputPadding.some((o) => o !== 0)) parts.push(`output_padding ${list(g.outputPadding)}`);
  if (g.ceilMode) parts.push("ceil_mode=True");
  if (g.paddingMode) parts.push(`padding_mode='${g.paddingMode}'`);
  return `${g.type}: ${parts.join(", ")}; ${g.input.join("×")} → ${g.output.join("×")}`;
}

function axisLines(a: AxisPlan, name: string): string[] {
  const { input: w, kernel: k, stride: s, dilation: d, padBefore: pb, padAfter: pa, outputPadding: op } = a.spec;
  const span = d * (k - 1) + 1;
  const lines: string[] = [];
  const kSpan =
    d === 1
      ? `the kernel covers ${k} cells`
      : `the kernel covers d·(k−1)+1 = ${d}·(${k}−1)+1 = ${span} cells (${k} taps, ${d - 1} skipped between)`;
  if (a.spec.op === "convTranspose") {
    const stretched = (w - 1) * s + 1;
    const eq = d * (k - 1) - pb;
    lines.push(`${name}: transposed conv = a stride-1 conv over the input with zeros inserted`);
    lines.push(
      `  ${w} input cells with s−1 = ${s - 1} zero${s - 1 === 1 ? "" : "s"} between neighbours: (${w}−1)·${s}+1 = ${stretched} cells`,
    );
    lines.push(
      `  padded by d·(k−1)−p = ${d}·(${k}−1)−${pb} = ${eq} on each side${op ? ` (+ output_padding ${op} at the end)` : ""}: ${stretched} + 2·${eq}${op ? ` + ${op}` : ""} = ${stretched + 2 * eq + op} cells${eq < 0 ? " (negative: cells are cropped)" : ""}`,
    );
    lines.push(`  ${kSpan}, stepping 1: ${stretched + 2 * eq + op} − ${span} + 1 = ${a.output} positions`);
    lines.push(`  ${name}_out = (${w}−1)·${s} − 2·${pb} + ${d}·(${k}−1) + ${op} + 1 = ${a.output}`);
    return lines;
  }
  const padded = w + pb + pa;
  const padText = pb === pa ? `2·${pb}` : `${pb}+${pa}`;
  lines.push(`${name}: ${w} input cells + ${padText} padding = ${padded} cells; ${kSpan}`);
  const free = padded - span;
  if (a.spec.ceilMode) {
    const counted = Math.ceil(free / s) + 1;
    lines.push(`  ceil_mode: ⌈(${padded} − ${span})/${s}⌉ + 1 = ⌈${free}/${s}⌉ + 1 = ${counted} window positions`);
    if (a.dropped !== undefined)
      lines.push(`  the last window would start at ${a.dropped}, past the input and its left padding: PyTorch drops it → ${a.output}`);
    else if (counted > Math.floor(free / s) + 1)
      lines.push(`  the last window hangs over the edge by ${a.windows[a.output - 1] + span - (w + pa)} cell(s); PyTorch keeps it`);
  } else {
    lines.push(`  stepping ${s}: ⌊(${padded} − ${span})/${s}⌋ + 1 = ⌊${free}/${s}⌋ + 1 = ${a.output} positions`);
    const unread = (free % s) as number;
    if (unread > 0)
      lines.push(
        `  the last ${unread} cell${unread === 1 ? "" : "s"} (padding included) ${unread === 1 ? "is" : "are"} never read: ${free} is not a multiple of ${s}`,
      );
  }
  const p = pb === pa ? `2·${pb}` : `${pb + pa}`;
  lines.push(
    `  ${name}_out = ${a.spec.ceilMode ? "⌈" : "⌊"}(${w} + ${p} − ${d}·(${k}−1) − 1)/${s}${a.spec.ceilMode ? "⌉" : "⌋"} + 1${a.dropped !== undefined ? " − 1" : ""} = ${a.output}`,
  );
  return lines;
}

/** The worked arithmetic: a header line, then a block per spatial axis. */
export function explainLines(plan: LayerPlan): string[] {
  const names = axisLabels(plan.axes.length);
  const lines = [describeLayer(plan.geometry)];
  plan.axes.forEach((a, i) => lines.push(...axisLines(a, names[i])));
  lines.push(`${plan.frameCount} output position${plan.frameCount === 1 ? "" : "s"} (${plan.axes.map((a) => a.output).join("×")})`);
  return lines;
}
