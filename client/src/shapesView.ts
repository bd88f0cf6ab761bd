// The Compute Shapes view: a webview with each model's table (module, type, input/output shapes,
// params, MACs, receptive field, an activation-size bar), click a row to jump to its line, exports
// (Markdown, CSV, JSON) and the stage diagram. Strict CSP, theme colours, keyboard accessible.

import * as vscode from "vscode";
// The view's data as the server computes it (type only: nothing of the server is bundled).
import type { ShapesViewModel } from "../../server/src/shapesView";

export type { ShapesViewModel };

type Message = { type: "reveal"; model: number; row: number } | { type: "export"; format: "markdown" | "csv" | "json" };

let panel: vscode.WebviewPanel | undefined;
let listener: vscode.Disposable | undefined;
let current: { views: ShapesViewModel[]; source: vscode.Uri; markdown: string } | undefined;

/** What the end-to-end tests read and do: the rows shown, whether a diagram is drawn, a row "click". */
export const shapesViewApi = {
  rows: (): string[] => current?.views.flatMap((v) => v.rows.map((r) => `${r.path}|${r.type}|${r.outputs}`)) ?? [],
  hasDiagram: (): boolean => (current?.views.some((v) => v.diagram.includes("<svg")) ?? false) && panel !== undefined,
  click: (model: number, row: number): Promise<void> => handle({ type: "reveal", model, row }),
};

function nonce(): string {
  const chars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  return Array.from({ length: 32 }, () => chars[Math.floor(Math.random() * chars.length)]).join("");
}

function esc(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

function count(n: number | null): string {
  return n === null ? "?" : n.toLocaleString("en-US");
}

function table(v: ShapesViewModel, mi: number): string {
  const max = Math.max(1, ...v.rows.map((r) => r.activation ?? 0));
  const rows = v.rows
    .map((r, ri) => {
      const name = r.path === "" ? "(model)" : r.path;
      const bar =
        r.activation === null ? "" : `<span class="bar" data-w="${Math.round((100 * r.activation) / max)}"></span>${count(r.activation)}`;
      const macs = `${count(r.macs)}${r.macsPerSample ? " /sample" : ""}`;
      return `<tr tabindex="0" data-model="${mi}" data-row="${ri}" title="${r.line >= 0 ? `line ${r.line + 1}` : ""}"><td style-pad="${r.depth}">${esc(name)}</td><td>${esc(r.type)}</td><td>${esc(r.inputs)}</td><td>${esc(r.outputs).replace(/ \/ /g, "<br>")}</td><td class="n">${count(r.params)}</td><td class="n">${macs}</td><td>${esc(r.receptiveField)}</td><td class="act">${bar}</td></tr>`;
    })
    .join("");
  return `<h2>${esc(v.model)}</h2><p>Input ${esc(v.inputs)} → output ${esc(v.output)} · ${v.inputSource === "assumed" ? "<strong>assumed input</strong>" : `declared by ${esc(v.inputSource)}`} · params ${count(v.params)} · MACs ${v.macs === null && v.macsPerSample !== null ? `${count(v.macsPerSample)} per sample` : count(v.macs)}</p>
<div class="diagram" role="img" aria-label="spatial size and channels stage by stage">${v.diagram}</div>
<table><thead><tr><th>Module</th><th>Type</th><th>Input</th><th>Output</th><th>Params</th><th>MACs</th><th>Receptive field</th><th>Activation</th></tr></thead><tbody>${rows}</tbody></table>`;
}

function html(webview: vscode.Webview, views: ShapesViewModel[], title: string): string {
  const n = nonce();
  const csp = `default-src 'none'; style-src 'nonce-${n}'; script-src 'nonce-${n}';`;
  const body = views.length
    ? views.map(table).join("")
    : "<p>No model could be analysed: declare an input shape (<code># shape: x = (N, 3, 224, 224)</code> above <code>def forward</code>).</p>";
  return `<!DOCTYPE html><html lang="en"><head><meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<style nonce="${n}">
body{font-family:var(--vscode-font-family);color:var(--vscode-foreground);padding:8px 16px}
table{border-collapse:collapse;width:100%;font-size:.92em;font-family:var(--vscode-editor-font-family);font-size:var(--vscode-editor-font-size)}
th,td{text-align:left;padding:2px 6px;border-bottom:1px solid var(--vscode-panel-border,transparent)}
td.n{text-align:right}
td{white-space:nowrap}
tbody tr{cursor:pointer}
tbody tr:hover{background:var(--vscode-list-hoverBackground)}
tbody tr:focus{outline:1px solid var(--vscode-focusBorder);background:var(--vscode-list-activeSelectionBackground);color:var(--vscode-list-activeSelectionForeground)}
.bar{display:inline-block;height:8px;margin-right:6px;background:var(--vscode-charts-blue);vertical-align:middle}
button{background:var(--vscode-button-background);color:var(--vscode-button-foreground);border:1px solid var(--vscode-contrastBorder,transparent);padding:3px 10px;margin-right:4px;cursor:pointer}
button:focus-visible{outline:1px solid var(--vscode-focusBorder);outline-offset:2px}
.diagram svg text{font-family:var(--vscode-editor-font-family);fill:var(--vscode-foreground)}
.diagram .t{font-size:13px;font-weight:bold}.diagram .f{font-size:11px}.diagram .ix{font-size:9px;opacity:.8}
.stage{fill:var(--vscode-charts-blue);stroke:var(--vscode-foreground);stroke-opacity:.4}
.stage2{fill:var(--vscode-terminal-ansiCyan,var(--vscode-charts-green));stroke:var(--vscode-foreground);stroke-opacity:.4}
</style><title>${esc(title)}</title></head><body>
<div role="toolbar" aria-label="Export"><button data-export="markdown">Export Markdown</button><button data-export="csv">Export CSV</button><button data-export="json">Export JSON</button></div>
${body}
<script nonce="${n}">
const vscode = acquireVsCodeApi();
for (const b of document.querySelectorAll(".bar")) b.style.width = (Number(b.dataset.w) * 0.8 + 1) + "px";
for (const td of document.querySelectorAll("td[style-pad]")) td.style.paddingLeft = (8 + 14 * Number(td.getAttribute("style-pad"))) + "px";
for (const b of document.querySelectorAll("button[data-export]")) b.addEventListener("click", () => vscode.postMessage({ type: "export", format: b.dataset.export }));
function reveal(tr) { vscode.postMessage({ type: "reveal", model: Number(tr.dataset.model), row: Number(tr.dataset.row) }); }
for (const tr of document.querySelectorAll("tbody tr")) {
  tr.addEventListener("click", () => reveal(tr));
  tr.addEventListener("keydown", (e) => {
    if (e.key === "Enter" || e.key === " ") { e.preventDefault(); reveal(tr); }
    else if (e.key === "ArrowDown" && tr.nextElementSibling) { e.preventDefault(); tr.nextElementSibling.focus(); }
    else if (e.key === "ArrowUp" && tr.previousElementSibling) { e.preventDefault(); tr.previousElementSibling.focus(); }
  });
}
</script></body></html>`;
}

async function handle(m: Message): Promise<void> {
  if (!current) return;
  if (m.type === "reveal") {
    const row = current.views[m.model]?.rows[m.row];
    if (!row || row.line < 0) return;
    const editor = await vscode.window.showTextDocument(current.source, { viewColumn: vscode.ViewColumn.One, preserveFocus: false });
    const at = new vscode.Position(row.line, editor.document.lineAt(row.line).firstNonWhitespaceCharacterIndex);
    editor.selection = new vscode.Selection(at, at);
    editor.revealRange(new vscode.Range(at, at), vscode.TextEditorRevealType.InCenter);
    return;
  }
  const content = m.format === "markdown" ? current.markdown : current.views.map((v) => (m.format === "csv" ? v.csv : v.json)).join("\n");
  const doc = await vscode.workspace.openTextDocument({ content, language: m.format === "csv" ? "plaintext" : m.format });
  await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.Beside, preview: true });
}

/** Shows (or refreshes) the Compute Shapes view for a document's analysis. */
export function showShapesView(source: vscode.Uri, views: ShapesViewModel[], markdown: string): void {
  const name = source.path.split("/").pop() ?? "model";
  current = { views, source, markdown };
  if (!panel) {
    panel = vscode.window.createWebviewPanel("shapeLens.shapesView", `Shapes: ${name}`, vscode.ViewColumn.Beside, {
      enableScripts: true,
      localResourceRoots: [],
    });
    panel.onDidDispose(() => {
      panel = undefined;
      listener?.dispose();
      listener = undefined;
    });
  }
  panel.title = `Shapes: ${name}`;
  panel.webview.html = html(panel.webview, views, `Shape Lens: ${name}`);
  listener?.dispose();
  listener = panel.webview.onDidReceiveMessage((m: Message) => handle(m));
  panel.reveal(vscode.ViewColumn.Beside, true);
}
