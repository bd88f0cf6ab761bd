// Conversions between the engine's plain data and the protocol's, shared by the LSP features so that
// none of them imports another: range tests, the diagnostics' source and severities, and the
// command link the hover uses to open the layer view.

import type { DiagnosticSeverity } from "vscode-languageserver";
import type { Pos, Range, Severity } from "./core/api";

/** The `source` of every diagnostic the server publishes. */
export const SOURCE = "shape-lens";

// DiagnosticSeverity values of the protocol (the runtime enum lives in the bundled protocol module).
const SEVERITY: Record<Severity, DiagnosticSeverity> = { error: 1, warning: 2, info: 3 };

export function lspSeverity(s: Severity): DiagnosticSeverity {
  return SEVERITY[s];
}

/** a ≤ b in document order. */
function posLE(a: Pos, b: Pos): boolean {
  return a.line < b.line || (a.line === b.line && a.character <= b.character);
}

/** Whether p lies in r, both ends included. */
export function contains(r: Range, p: Pos): boolean {
  return posLE(r.start, p) && posLE(p, r.end);
}

export function sameRange(a: Range, b: Range): boolean {
  return (
    a.start.line === b.start.line &&
    a.start.character === b.start.character &&
    a.end.line === b.end.line &&
    a.end.character === b.end.character
  );
}

/** The client command that opens the layer view (the hover links to it). */
export const SHOW_LAYER_ARITHMETIC_COMMAND = "shapeLens.showLayerArithmetic";

/** The hover's link to the layer view: a command URI with the line (the client resolves the document). */
export function layerViewLink(line: number): string {
  const args = encodeURIComponent(JSON.stringify([{ line }]));
  return `[Show layer arithmetic](command:${SHOW_LAYER_ARITHMETIC_COMMAND}?${args} "Animate the kernel over every output position")`;
}
