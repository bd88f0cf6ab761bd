// The seed notebook's plot, for the user's layer: the smallest padding giving ⌈W/s⌉ against the
// input width W, as a step line with the declared width marked; widths without a symmetric padding
// are drawn as gaps.

import { paddingCurve } from "./paddingSolver";
import { el, svgDocument, text } from "./svgKit";

export function renderPaddingPlot(kernel: number, stride: number, dilation: number, width: number, standalone = true): string {
  const from = Math.max(1, width - 3 * stride - 8);
  const to = width + 3 * stride + 8;
  const pts = paddingCurve(kernel, stride, dilation, from, to);
  const values = pts.map((p) => p.padding).filter((p): p is number => p !== null);
  const maxP = Math.max(1, ...values);
  const [W, H, L, T] = [460, 200, 50, 40];
  const plotW = W - L - 20;
  const plotH = H - T - 40;
  const x = (w: number) => L + ((w - from) / Math.max(1, to - from)) * plotW;
  const y = (p: number) => T + plotH - (p / maxP) * plotH;
  let body = text(
    L,
    20,
    `padding for ⌈W/${stride}⌉ (kernel ${kernel}${dilation > 1 ? `, dilation ${dilation}` : ""}) vs input width W`,
    "t",
  );
  body += el("path", { d: `M${L},${T} V${T + plotH} H${L + plotW}`, class: "axis" });
  for (let p = 0; p <= maxP; p++) body += text(L - 6, y(p) + 4, String(p), "f", "end");
  body += text(L, T + plotH + 16, String(from), "f", "middle") + text(L + plotW, T + plotH + 16, String(to), "f", "middle");
  body += text(L + plotW / 2, T + plotH + 32, "W", "f", "middle");
  let d = "";
  let open = false;
  for (const p of pts) {
    if (p.padding === null) {
      open = false;
      continue;
    }
    d += `${open ? "L" : "M"}${x(p.width).toFixed(1)},${y(p.padding).toFixed(1)} `;
    open = true;
  }
  body += el("path", { d: d.trim() || `M${L},${T + plotH}`, class: "curve" });
  for (const p of pts)
    if (p.padding !== null)
      body += el("circle", { cx: x(p.width).toFixed(1), cy: y(p.padding).toFixed(1), r: 2.2, class: p.width === width ? "mark" : "dot" });
  const mine = pts.find((p) => p.width === width);
  if (mine) body += text(x(width), T - 4, `W=${width}: p=${mine.padding ?? "none"}`, "f", "middle");
  return svgDocument(W, H, body, standalone, `padding against input width for kernel ${kernel}, stride ${stride}`);
}
