// Small helpers shared by the SVG renderers: XML escaping, element building, the stylesheet of the
// standalone pictures (seed colours: blue inputs, cyan outputs) and the windowing of long axes.

export function esc(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

export function el(name: string, attrs: Record<string, string | number | undefined>, body?: string): string {
  const a = Object.entries(attrs)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => ` ${k}="${esc(String(v))}"`)
    .join("");
  return body === undefined ? `<${name}${a}/>` : `<${name}${a}>${body}</${name}>`;
}

export function text(x: number, y: number, s: string, cls: string, anchor?: "middle" | "end"): string {
  return el("text", { x, y, class: cls, "text-anchor": anchor }, esc(s));
}

/** Fixed colours for files written by the CLI; the webview styles the same classes with theme colours. */
export const STANDALONE_STYLE = [
  ".bg{fill:#ffffff}",
  "text{font-family:ui-monospace,Menlo,Consolas,monospace;fill:#1f2328}",
  ".t{font-size:13px;font-weight:bold}.f{font-size:11px}.ix{font-size:8px;fill:#57606a}.gap{font-size:12px;fill:#57606a}",
  ".in{fill:#5b9bd5;stroke:#2f5f8f}.pad{fill:#ffffff;stroke:#8c959f;stroke-dasharray:3 2}",
  ".zero{fill:#dbe9f6;stroke:#5b9bd5;stroke-dasharray:2 2}.outside{fill:none;stroke:#cf222e;stroke-dasharray:1 2}",
  ".tap{fill:#0b2e59;fill-opacity:.55}.win{fill:none;stroke:#0b2e59;stroke-width:2}",
  ".drop{fill:none;stroke:#cf222e;stroke-width:2;stroke-dasharray:5 3}",
  ".out{fill:#7fdbda;stroke:#2a8c8c}.cur{fill:#1b7f7e;stroke:#0e4f4e}",
  ".axis{stroke:#57606a;fill:none}.curve{stroke:#0969da;fill:none;stroke-width:2}.dot{fill:#0969da}.mark{fill:#cf222e}",
  ".stage{fill:#5b9bd5;stroke:#2f5f8f}.stage2{fill:#7fdbda;stroke:#2a8c8c}",
].join("");

export function svgDocument(width: number, height: number, body: string, standalone: boolean, label: string): string {
  const style = standalone ? el("style", {}, STANDALONE_STYLE) + el("rect", { class: "bg", x: 0, y: 0, width, height }) : "";
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${esc(label)}">` +
    el("title", {}, esc(label)) +
    style +
    body +
    "</svg>"
  );
}

export type Slot = number | "gap";

/**
 * The coordinates of [start, end) to draw: all when at most `limit`, else the first and last four
 * and the neighbourhood of the focus cells, with "gap" where cells are left out.
 */
export function visibleSlots(start: number, end: number, focus: readonly number[], limit = 20): Slot[] {
  if (end - start <= limit) return Array.from({ length: end - start }, (_, i) => start + i);
  const keep = new Set<number>();
  for (let i = 0; i < 4; i++) {
    keep.add(start + i);
    keep.add(end - 1 - i);
  }
  for (const f of focus) for (const c of [f - 1, f, f + 1]) if (c >= start && c < end) keep.add(c);
  const sorted = [...keep].sort((a, b) => a - b);
  const slots: Slot[] = [];
  sorted.forEach((c, i) => {
    if (i > 0 && c > sorted[i - 1] + 1) slots.push("gap");
    slots.push(c);
  });
  return slots;
}
