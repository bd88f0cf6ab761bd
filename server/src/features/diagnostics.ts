// Converts the engine's diagnostics to LSP diagnostics for one document: severity, stable code,
// related information (e.g. where a mismatching channel count came from), and inference-gap infos
// only when the user asked for them.

import type { Diagnostic } from "vscode-languageserver";
import type { CoreDiagnostic, FileAnalysis } from "../core/api";
import { fileToUri } from "../documents";
import { SOURCE, lspSeverity } from "../lsp";
import type { Settings } from "../settings";

export function toLspDiagnostic(d: CoreDiagnostic): Diagnostic {
  const diag: Diagnostic = {
    range: d.range,
    severity: lspSeverity(d.severity),
    code: d.code,
    source: SOURCE,
    message: d.message,
  };
  if (d.related && d.related.length > 0) {
    diag.relatedInformation = d.related.map((r) => ({
      location: { uri: fileToUri(r.file), range: r.range },
      message: r.message,
    }));
  }
  return diag;
}

export function diagnostics(analysis: FileAnalysis, settings: Settings): Diagnostic[] {
  const seen = new Set<string>();
  const out: Diagnostic[] = [];
  for (const d of analysis.diagnostics) {
    if (d.file !== analysis.file) continue;
    if (d.code === "inference-gap" && !settings.showInferenceGaps) continue;
    // A line evaluated several times may report the same error more than once.
    const key = JSON.stringify([d.range, d.code, d.message]);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(toLspDiagnostic(d));
  }
  return out;
}
