// "Compute Shapes": the summary table of the model(s) in a document, as data (ModelReport[]) and as
// Markdown the client shows in a read-only preview. Reachable both as workspace/executeCommand
// (shapeLens.server.computeShapes) and as the custom request shapeLens/computeShapes.

import type { FileAnalysis, ModelReport } from "../core/api";
import { analyzeFile } from "../core/analysis";
import type { DocumentStore } from "../documents";
import { formatCount, formatValue } from "../core/format";
import { parseInputShapes } from "../core/declarations";
import { ShapesViewModel, shapesView } from "../shapesView";
import { DEFAULT_COLUMNS, DEFAULT_DEPTH, TableOptions, torchinfoTable } from "../torchinfoTable";

/** The server-side command id; the client's palette command is shapeLens.computeShapes. */
export const COMPUTE_SHAPES_COMMAND = "shapeLens.server.computeShapes";
export const COMPUTE_SHAPES_REQUEST = "shapeLens/computeShapes";

export interface ComputeShapesParams {
  uri: string;
  /** Input shapes as typed by the user ("N, 3, 224, 224"; ";" between inputs); overrides declarations. */
  input?: string;
}

export interface ComputeShapesResult {
  uri: string;
  models: ModelReport[];
  markdown: string;
  /** True when nothing could be analysed and an input shape would help. */
  needsInput: boolean;
  /** Set when the request itself was unusable (unknown document, malformed input). */
  error?: string;
  /** The Compute Shapes view's data, one per model. */
  views?: ShapesViewModel[];
}

function cell(s: string): string {
  return s.replace(/\|/g, "\\|");
}

export function renderReport(r: ModelReport, table: TableOptions = { columns: DEFAULT_COLUMNS, depth: DEFAULT_DEPTH }): string {
  const inputs = r.inputs.map(formatValue).join(", ");
  const lines = [
    `## ${r.model}`,
    "",
    r.inputSource === "assumed"
      ? `Input ${inputs || "?"} → output ${formatValue(r.output)} · **assumed**: no input is declared, so Shape Lens inferred the most general one the first layer accepts`
      : `Input ${inputs || "?"} → output ${formatValue(r.output)} · declared by ${r.inputSource}`,
    "",
    "| Module | Type | Output shape | Params | MACs |",
    "|---|---|---|---:|---:|",
  ];
  for (const m of r.modules) {
    const name = m.path === "" ? `(${r.className})` : m.path;
    const indent = "\u00a0\u00a0".repeat(Math.max(0, m.depth));
    const outputs = m.outputs.length === 0 ? "—" : m.outputs.map(formatValue).join(" / ");
    lines.push(`| ${indent}${cell(name)} | ${cell(m.type)} | ${cell(outputs)} | ${formatCount(m.params)} | ${formatCount(m.macs)} |`);
  }
  lines.push(`| **Total** | | | **${formatCount(r.params)}** | **${formatCount(r.macs)}** |`);
  if (r.torchinfo) lines.push("", "### torchinfo summary", "", "```text", torchinfoTable(r.torchinfo, table), "```");
  return lines.join("\n");
}

export function renderReports(file: string, models: ModelReport[], table?: TableOptions): string {
  const title = `# Shape Lens: ${file.split(/[\\/]/).pop()}`;
  if (models.length === 0)
    return `${title}\n\nNo model could be analysed: declare an input shape (\`# shape: x = (N, 3, 224, 224)\` above \`def forward\`).\n`;
  return [title, ...models.map((m) => renderReport(m, table))].join("\n\n") + "\n";
}

export async function computeShapes(store: DocumentStore, params: ComputeShapesParams, table?: TableOptions): Promise<ComputeShapesResult> {
  const state = params && typeof params.uri === "string" ? store.get(params.uri) : undefined;
  if (!state) return { uri: params?.uri ?? "", models: [], markdown: "", needsInput: false, error: "The document is not open." };
  let result: FileAnalysis | undefined;
  if (params.input !== undefined && params.input.trim() !== "") {
    const parsed = parseInputShapes(params.input);
    if (!parsed.ok) return { uri: state.uri, models: [], markdown: "", needsInput: true, error: `Not an input shape: ${parsed.error}` };
    result = analyzeFile(state.file, state.doc.getText(), store.optionsFor(state, { inputs: parsed.shapes }), store.tree(state));
  } else {
    result = (await store.whenAnalyzed(state.uri))?.result;
  }
  const models = result?.models ?? [];
  const hasForward = /^\s*def\s+forward\s*\(/m.test(state.doc.getText());
  // Models analysed on an assumed input are shown, and a real input is still asked for.
  const declared = models.some((m) => m.inputSource !== "assumed");
  const views = result ? models.map((m) => shapesView(result, m)) : [];
  return { uri: state.uri, models, markdown: renderReports(state.file, models, table), needsInput: !declared && hasForward, views };
}
