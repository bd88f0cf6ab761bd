// The layer picture: the (padded, zero-stretched) input grid with the kernel window of one output
// position, and the output grid with that position marked, plus the worked arithmetic. Long axes
// are drawn as a window (edges + the kernel's neighbourhood) with "⋯" gaps, never cell by cell.

import { explainLines } from "./explainText";
import { AxisPlan, CellKind, LayerPlan, cellKind, framePosition, sourceIndex, taps } from "./frames";
import { Slot, el, svgDocument, text, visibleSlots } from "./svgKit";

const C = 20;
const GAP = 14;

export interface LayerSvgOptions {
  /** Output position to show (0-based frame index); the first when absent. */
  frame?: number;
  /** Fixed colours and a background (files); false: classes only, styled by the webview's theme. */
  standalone?: boolean;
  /** Include the worked arithmetic under the picture (default true). */
  formula?: boolean;
}

/** A drawn axis: its slots and the pixel offset of each coordinate. */
interface Track {
  slots: Slot[];
  at: Map<number, number>;
  size: number;
}

function track(slots: Slot[]): Track {
  const at = new Map<number, number>();
  let x = 0;
  for (const s of slots) {
    if (s === "gap") x += GAP;
    else {
      at.set(s, x);
      x += C;
    }
  }
  return { slots, at, size: x };
}

const RANK: Record<CellKind, number> = { input: 0, zero: 1, padding: 2, outside: 3 };
const CLASS: Record<CellKind, string> = { input: "in", zero: "zero", padding: "pad", outside: "outside" };

/** A unit axis standing in for the missing row axis of a 1-d layer. */
function unitAxis(): AxisPlan {
  const spec = {
    op: "conv" as const,
    input: 1,
    kernel: 1,
    stride: 1,
    padBefore: 0,
    padAfter: 0,
    dilation: 1,
    outputPadding: 0,
    ceilMode: false,
  };
  return { spec, output: 1, span: 1, start: 0, end: 1, before: 0, after: 0, windows: [0] };
}

function gapMarks(t: Track, fixed: number, vertical: boolean): string {
  let out = "";
  let x = 0;
  for (const s of t.slots) {
    if (s === "gap") {
      out += vertical ? text(fixed, x + GAP - 3, "⋮", "gap", "middle") : text(x + GAP / 2, fixed, "⋯", "gap", "middle");
      x += GAP;
    } else x += C;
  }
  return out;
}

export function renderLayerSvg(plan: LayerPlan, options: LayerSvgOptions = {}): string {
  const frame = Math.min(Math.max(0, options.frame ?? 0), plan.frameCount - 1);
  const pos = framePosition(plan, frame);
  const n = plan.axes.length;
  // Draw the last two axes; a 3-d layer shows the H×W slice at its current depth position.
  const rowAxis = n >= 2 ? plan.axes[n - 2] : unitAxis();
  const colAxis = plan.axes[n - 1];
  const rowPos = n >= 2 ? pos[n - 2] : 0;
  const colPos = pos[n - 1];
  const rowTaps = taps(rowAxis, rowAxis.windows[rowPos]);
  const colTaps = taps(colAxis, colAxis.windows[colPos]);
  const dropTaps = (a: AxisPlan) => (a.dropped === undefined ? [] : taps(a, a.dropped));
  const rows = track(visibleSlots(rowAxis.start, rowAxis.end, [...rowTaps, ...dropTaps(rowAxis)]));
  const cols = track(visibleSlots(colAxis.start, colAxis.end, [...colTaps, ...dropTaps(colAxis)]));
  const outRows = track(visibleSlots(0, rowAxis.output, [rowPos]));
  const outCols = track(visibleSlots(0, colAxis.output, [colPos]));

  const titleLines = explainLines(plan);
  const formula = options.formula === false ? [] : titleLines.slice(1);
  const frameText = `output position ${pos.map((p) => p).join(", ")} (frame ${frame + 1} of ${plan.frameCount})`;
  const top = 56;
  const left = 30;
  const outLeft = left + cols.size + 70;
  const gridHeight = Math.max(rows.size, outRows.size);
  const textWidth = Math.max(...[titleLines[0], frameText, ...formula].map((l) => l.length * 6.8)) + 2 * left;
  const width = Math.ceil(Math.max(outLeft + outCols.size + left, textWidth));
  const height = top + gridHeight + 40 + formula.length * 15 + 10;

  let body = text(left, 20, titleLines[0], "t") + text(left, 38, frameText, "f");
  // Input grid.
  let grid = "";
  for (const [r, y] of rows.at) {
    for (const [c, x] of cols.at) {
      const kr = cellKind(rowAxis, r);
      const kc = cellKind(colAxis, c);
      const kind = RANK[kr] >= RANK[kc] ? kr : kc;
      grid += el("rect", { x, y, width: C - 2, height: C - 2, class: CLASS[kind] });
      if (rowTaps.includes(r) && colTaps.includes(c)) grid += el("rect", { x, y, width: C - 2, height: C - 2, class: "tap" });
    }
  }
  const outline = (rs: number[], cs: number[], cls: string): string => {
    const ys = rs.map((r) => rows.at.get(r)).filter((v): v is number => v !== undefined);
    const xs = cs.map((c) => cols.at.get(c)).filter((v): v is number => v !== undefined);
    if (!ys.length || !xs.length) return "";
    const [x0, y0] = [Math.min(...xs) - 1, Math.min(...ys) - 1];
    return el("rect", { x: x0, y: y0, width: Math.max(...xs) - x0 + C, height: Math.max(...ys) - y0 + C, class: cls });
  };
  grid += outline(rowTaps, colTaps, "win");
  if (rowAxis.dropped !== undefined) grid += outline(dropTaps(rowAxis), colTaps, "drop");
  if (colAxis.dropped !== undefined) grid += outline(rowTaps, dropTaps(colAxis), "drop");
  // Input indices along the edges (the user's tensor positions).
  for (const [c, x] of cols.at) {
    const i = sourceIndex(colAxis, c);
    if (i !== undefined) grid += text(x + C / 2 - 1, -4, String(i), "ix", "middle");
  }
  for (const [r, y] of rows.at) {
    const i = n >= 2 ? sourceIndex(rowAxis, r) : undefined;
    if (i !== undefined) grid += text(-4, y + C / 2 + 2, String(i), "ix", "end");
  }
  grid += gapMarks(cols, rows.size / 2, false) + gapMarks(rows, cols.size / 2, true);
  body += el("g", { transform: `translate(${left},${top})`, class: "input" }, grid);

  // Output grid.
  let out = "";
  for (const [r, y] of outRows.at) {
    for (const [c, x] of outCols.at) {
      const cur = r === rowPos && c === colPos;
      out += el("rect", { x, y, width: C - 2, height: C - 2, class: cur ? "cur" : "out" });
    }
  }
  out += gapMarks(outCols, outRows.size / 2, false) + gapMarks(outRows, outCols.size / 2, true);
  body += el("g", { transform: `translate(${outLeft},${top})`, class: "output" }, out);
  body += text(outLeft - 35, top + gridHeight / 2, "→", "t", "middle");

  let y = top + gridHeight + 30;
  for (const line of formula) {
    body += text(left, y, line, "f");
    y += 15;
  }
  return svgDocument(width, height, body, options.standalone !== false, `${titleLines[0]}; ${frameText}`);
}
