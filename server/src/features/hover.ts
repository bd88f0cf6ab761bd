// Hover: on a layer construction or call, the layer's arithmetic with the user's numbers (from the
// engine's `explain` lines), input → output, parameter count with its formula, and MACs; on an
// assignment in forward, every shape the line produced.

import type { Hover } from "vscode-languageserver";
import type { FileAnalysis, LayerCall, Pos, Range } from "../core/api";
import { formatCount, formatValue, isKnown } from "../core/format";
import type { LayerGeometry } from "../core/arith/geometry";
import { solutionLines } from "../core/arith/solverText";
import { contains, layerViewLink, sameRange } from "../lsp";

/** Where hovers are shown: the followed PyTorch and, in a notebook cell, the cell's first line. */
export interface HoverContext {
  torch2: boolean;
  lineDelta: number;
}

function size(r: Range): number {
  return (r.end.line - r.start.line) * 100000 + (r.end.character - r.start.character);
}

/** The module's named_modules() path: from the call record, else the model table row built at that line. */
function modulePath(analysis: FileAnalysis, c: LayerCall): string | undefined {
  if (c.modulePath) return c.modulePath;
  if (!c.constructRange) return undefined;
  const file = c.constructFile ?? c.file;
  const paths = new Set<string>();
  for (const m of analysis.models) {
    for (const row of m.modules)
      if (row.file === file && row.line === c.constructRange.start.line && row.type === c.type && row.path) paths.add(row.path);
  }
  return paths.size === 1 ? [...paths][0] : undefined;
}

function callSection(analysis: FileAnalysis, c: LayerCall, header: boolean, ctx: HoverContext): string[] {
  const lines: string[] = [];
  const path = modulePath(analysis, c);
  if (header) lines.push(`**${c.type}**${path ? ` \`${path}\`` : ""}`, "");
  const inputs = c.inputs.map(formatValue).join(", ");
  lines.push(`\`${inputs || "()"}\` → \`${formatValue(c.output)}\``);
  if (c.explain.length > 0) lines.push("", "```text", ...c.explain, "```");
  const facts: string[] = [];
  if (c.params !== null)
    facts.push(`params ${formatCount(c.params)}${c.paramsFormula ? ` = ${c.paramsFormula.replace(/\s*=\s*[\d,]+$/, "")}` : ""}`);
  if (c.macs !== null) facts.push(`MACs ${formatCount(c.macs)}`);
  if (facts.length) lines.push("", facts.join(" · "));
  if (c.receptiveField && c.effectiveStride) {
    lines.push("", `receptive field ${c.receptiveField.join("×")} · effective stride ${c.effectiveStride.join("×")}`);
  }
  if (c.geometry) lines.push(...arithmeticSection(analysis, c, c.geometry, ctx));
  return lines;
}

/** The padding solver's answer and the link to the layer view; nothing if the geometry is unusable. */
function arithmeticSection(analysis: FileAnalysis, c: LayerCall, g: LayerGeometry, ctx: HoverContext): string[] {
  const lines: string[] = [];
  try {
    const solver = solutionLines(g, ctx.torch2, false);
    if (solver.length)
      lines.push(
        "",
        g.op === "convTranspose" ? "Output padding for exactly s·W:" : "Padding for ⌈W/s⌉ (TensorFlow 'same'):",
        "```text",
        ...solver,
        "```",
      );
  } catch {
    return [];
  }
  const here = c.constructRange && (c.constructFile ?? c.file) === analysis.file ? c.constructRange : c.callRange;
  lines.push("", layerViewLink(here.start.line - ctx.lineDelta));
  return lines;
}

export function hover(analysis: FileAnalysis, p: Pos, ctx: HoverContext = { torch2: true, lineDelta: 0 }): Hover | null {
  // The innermost call or construction under the cursor wins.
  let best: { range: Range; calls: LayerCall[] } | undefined;
  const consider = (range: Range | undefined, c: LayerCall, file: string | undefined): void => {
    if (!range || (file ?? c.file) !== analysis.file || !contains(range, p)) return;
    if (!best || size(range) < size(best.range)) best = { range, calls: [c] };
    else if (sameRange(range, best.range)) best.calls.push(c);
  };
  for (const c of analysis.calls) {
    consider(c.callRange, c, c.file);
    consider(c.constructRange, c, c.constructFile);
  }
  if (best) {
    // One section per distinct computation (a module called several times may differ).
    const seen = new Set<string>();
    const sections: string[][] = [];
    for (const c of best.calls) {
      const key = JSON.stringify([c.inputs, c.output, c.explain]);
      if (seen.has(key)) continue;
      seen.add(key);
      sections.push(callSection(analysis, c, sections.length === 0, ctx));
    }
    const shown = sections.slice(0, 3);
    const more = sections.length > shown.length ? [`…and ${sections.length - shown.length} more calls`] : [];
    const value = [...shown.map((s) => s.join("\n")), ...more].join("\n\n---\n\n");
    return { contents: { kind: "markdown", value }, range: best.range };
  }
  for (const h of analysis.hints) {
    if (h.file !== analysis.file || !contains(h.range, p)) continue;
    const known = h.values.filter(isKnown);
    if (known.length === 0) return null;
    const value =
      h.values.length === 1
        ? `\`${formatValue(h.values[0])}\``
        : [`Reached with ${h.values.length} shapes:`, "", ...h.values.map((v, i) => `${i + 1}. \`${formatValue(v)}\``)].join("\n");
    return { contents: { kind: "markdown", value }, range: h.range };
  }
  return null;
}
