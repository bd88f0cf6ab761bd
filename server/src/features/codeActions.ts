// Code actions: the fixes the engine attached to its diagnostics (in_channels/in_features/num_features
// set to the incoming size) and the rewrites the core offers at the cursor (padding that keeps the
// spatial size, the padding solver's answer, a `# shape:` declaration), turned into LSP edits.

import type { TextDocument } from "vscode-languageserver-textdocument";
import type { CodeAction, Diagnostic } from "vscode-languageserver";
import type { CoreDiagnostic, FileAnalysis, Range } from "../core/api";
import { rewritesAt } from "../core/fixes";
import type { Tree } from "../core/parse";
import { SOURCE, sameRange } from "../lsp";
import type { Settings } from "../settings";

const QUICKFIX = "quickfix";
const REWRITE = "refactor.rewrite";

export interface ActionInput {
  uri: string;
  doc: TextDocument;
  tree: Tree;
  analysis: FileAnalysis | undefined;
  range: Range;
  diagnostics: Diagnostic[];
  settings: Settings;
}

// ---- fixes the engine attached to its diagnostics (in_channels, in_features, num_features, ...) ----

/** The engine's diagnostic a client diagnostic stands for: same place, code and message. */
function coreDiagnostic(analysis: FileAnalysis, diag: Diagnostic): CoreDiagnostic | undefined {
  if (diag.source !== SOURCE) return undefined;
  const message = typeof diag.message === "string" ? diag.message : diag.message.value;
  return analysis.diagnostics.find(
    (d) => d.file === analysis.file && d.code === diag.code && d.message === message && sameRange(d.range, diag.range),
  );
}

function engineFixes(input: ActionInput): CodeAction[] {
  const out: CodeAction[] = [];
  const analysis = input.analysis;
  if (!analysis) return out;
  for (const diag of input.diagnostics) {
    for (const fix of coreDiagnostic(analysis, diag)?.fixes ?? []) {
      if (fix.file !== analysis.file) continue;
      out.push({
        title: `Set ${fix.argument} to ${fix.value} (the ${fix.reason})`,
        kind: QUICKFIX,
        diagnostics: [diag],
        isPreferred: true,
        edit: { changes: { [input.uri]: [{ range: fix.range, newText: fix.newText }] } },
      });
    }
  }
  return out;
}

export function codeActions(input: ActionInput): CodeAction[] {
  const rewrites = rewritesAt({
    tree: input.tree,
    text: input.doc.getText(),
    analysis: input.analysis,
    range: input.range,
    torch2: input.settings.pytorchVersion !== "1.13",
    defaultInputShape: input.settings.defaultInputShape,
    batchSymbol: input.settings.batchSymbol,
  });
  // An already broken file cannot be checked for "still parses"; offer nothing until it parses.
  if (!rewrites) return [];
  const offered = rewrites.map((r): CodeAction =>
    r.disabledReason !== undefined
      ? { title: r.title, kind: REWRITE, disabled: { reason: r.disabledReason } }
      : { title: r.title, kind: REWRITE, edit: { changes: { [input.uri]: r.edits } } },
  );
  return [...engineFixes(input), ...offered];
}
