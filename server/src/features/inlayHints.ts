// Inlay hints: the shape after each assignment in an analysed forward, and in __init__ the output a
// layer construction produces for the declared input. Labels stay short (VS Code cuts long ones);
// every value of a line reached several times goes into the tooltip. Unknown shapes get no hint.

import type { InlayHint, MarkupContent, Range as LspRange } from "vscode-languageserver";
import type { FileAnalysis, Pos, Range, ValueJson } from "../core/api";
import { formatValue, isKnown } from "../core/format";
import { contains } from "../lsp";
import type { Settings } from "../settings";

/** InlayHintKind.Type (LSP constant; the runtime enum lives in the bundled protocol module). */
const KIND_TYPE = 1;

/** Shortens a label to maxLength, cutting whole items and marking the cut with "…". */
export function shorten(label: string, maxLength: number): string {
  if (label.length <= maxLength) return label;
  const close = label.endsWith("]") || label.endsWith(")") ? label[label.length - 1] : "";
  let cut = label.slice(0, Math.max(1, maxLength - 2 - close.length));
  const comma = cut.lastIndexOf(",");
  if (comma > 0) cut = cut.slice(0, comma);
  return `${cut}, …${close}`;
}

function label(values: ValueJson[], first: string, maxLength: number): string {
  const more = values.length > 1 ? ` (+${values.length - 1} more)` : "";
  return shorten(first, Math.max(8, maxLength - more.length)) + more;
}

function tooltip(values: ValueJson[], heading: string): MarkupContent {
  const lines = values.length === 1 ? [`\`${formatValue(values[0])}\``] : values.map((v, i) => `${i + 1}. \`${formatValue(v)}\``);
  return { kind: "markdown", value: [heading, "", ...lines].join("\n") };
}

function inRange(p: Pos, r: LspRange | undefined): boolean {
  return !r || contains(r, p);
}

function distinct(values: ValueJson[]): ValueJson[] {
  const seen = new Set<string>();
  return values.filter((v) => {
    const k = JSON.stringify(v);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

export function inlayHints(analysis: FileAnalysis, settings: Settings, range?: LspRange): InlayHint[] {
  const out: InlayHint[] = [];
  const max = settings.inlayHints.maxLength;
  if (settings.inlayHints.forward) {
    for (const h of analysis.hints) {
      if (h.file !== analysis.file || h.values.length === 0 || !isKnown(h.values[0])) continue;
      const position = h.range.end;
      if (!inRange(position, range)) continue;
      // h.label may already carry a "(+n more)" suffix; the label is rebuilt from the values.
      const show = (v: ValueJson) => (h.kind === "size" ? `torch.Size(${formatValue(v)})` : formatValue(v));
      const heading = h.assumed
        ? "Shape for the **assumed** input (no input is declared; see the note on `def forward`):"
        : h.values.length > 1
          ? `Reached with ${h.values.length} shapes:`
          : "Shape:";
      out.push({
        position,
        label: label(h.values, show(h.values[0]), max),
        kind: KIND_TYPE,
        paddingLeft: true,
        tooltip: tooltip(h.values, heading),
      });
    }
  }
  if (settings.inlayHints.init) {
    // Group the calls by the construction they belong to: a module called twice has two outputs.
    const groups = new Map<string, { range: Range; type: string; outputs: ValueJson[] }>();
    for (const c of analysis.calls) {
      if (!c.constructRange || (c.constructFile ?? c.file) !== analysis.file) continue;
      const key = JSON.stringify(c.constructRange);
      const g = groups.get(key) ?? { range: c.constructRange, type: c.type, outputs: [] };
      g.outputs.push(c.output);
      groups.set(key, g);
    }
    for (const g of groups.values()) {
      const values = distinct(g.outputs);
      if (values.length === 0 || !isKnown(values[0])) continue;
      const position = g.range.end;
      if (!inRange(position, range)) continue;
      out.push({
        position,
        label: label(values, `→ ${formatValue(values[0])}`, max),
        kind: KIND_TYPE,
        paddingLeft: true,
        tooltip: tooltip(values, `${g.type} output${values.length > 1 ? ` (called with ${values.length} shapes)` : ""}:`),
      });
    }
  }
  out.sort((a, b) => a.position.line - b.position.line || a.position.character - b.position.character);
  return out;
}
