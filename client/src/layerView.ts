// The layer view: a webview animating the kernel of the conv/pool layer at a line over every output
// position (play/pause, step, speed; keyboard: Space, ←/→, Home/End), with the worked arithmetic and
// the padding solver's plot. Frames come from the server as theme-styled SVG; strict CSP, offline.

import * as vscode from "vscode";
import type { LanguageClient } from "vscode-languageclient/node";
// The request's answer as the server defines it (type only: nothing of the server is bundled).
import type { LayerArithmeticResult } from "../../server/src/features/layerView";

type Message = { type: "frame"; frame: number } | { type: "ready" };

let panel: vscode.WebviewPanel | undefined;
let listener: vscode.Disposable | undefined;

/** What the end-to-end tests read: the view's title, frame count and time to first picture. */
export interface LayerViewState {
  title: string;
  frameCount: number;
  openMillis: number;
  /** The frame the view last asked for (Play / Step / keys). */
  frame: number;
}
export let lastLayerView: LayerViewState | undefined;

function nonce(): string {
  const chars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  return Array.from({ length: 32 }, () => chars[Math.floor(Math.random() * chars.length)]).join("");
}

function esc(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/** The worked arithmetic with each counted term underlined in the colour of the cells it counts. */
function tiedFormula(lines: string[]): string {
  const terms: [RegExp, string][] = [
    [/(\d+ input cells)/g, "k-in"],
    [/(\d+(?:·\d+|\+\d+)? padding|padded by [^:]+)/g, "k-pad"],
    [/(\d+ zeros? between neighbours)/g, "k-zero"],
    [/(the kernel covers [^,;]+)/g, "k-tap"],
    [/(\d+ (?:window )?positions)/g, "k-out"],
  ];
  return lines.map((l) => terms.reduce((acc, [re, cls]) => acc.replace(re, `<span class="${cls}">$1</span>`), esc(l))).join("\n");
}

function html(webview: vscode.Webview, r: LayerArithmeticResult): string {
  const n = nonce();
  const csp = `default-src 'none'; img-src ${webview.cspSource} data:; style-src 'nonce-${n}'; script-src 'nonce-${n}';`;
  const legend = [
    ["in", "input cell"],
    ["pad", "padding"],
    ["zero", "inserted zero"],
    ["tap", "read by the kernel"],
    ["out", "output"],
    ["cur", "this output"],
  ]
    .map(
      ([c, t]) =>
        `<span class="key"><svg width="14" height="14" aria-hidden="true"><rect class="${c}" x="1" y="1" width="12" height="12"/></svg>${t}</span>`,
    )
    .join("");
  return `<!DOCTYPE html><html lang="en"><head><meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<style nonce="${n}">
body{font-family:var(--vscode-font-family);color:var(--vscode-foreground);padding:8px 16px}
h1{font-size:1.1em;font-family:var(--vscode-editor-font-family)}
pre{font-family:var(--vscode-editor-font-family);font-size:var(--vscode-editor-font-size);white-space:pre-wrap;line-height:1.7}
button{background:var(--vscode-button-background);color:var(--vscode-button-foreground);border:1px solid var(--vscode-contrastBorder,transparent);padding:3px 10px;margin-right:4px;cursor:pointer}
button:focus-visible,input:focus-visible{outline:1px solid var(--vscode-focusBorder);outline-offset:2px}
.controls{display:flex;align-items:center;gap:6px;margin:8px 0}
#picture svg,#plot svg{max-width:100%;height:auto}
#picture svg text{font-family:var(--vscode-editor-font-family);fill:var(--vscode-foreground)}
svg .t{font-size:13px;font-weight:bold} svg .f{font-size:11px} svg .ix{font-size:8px;opacity:.75} svg .gap{font-size:12px}
.in{fill:var(--vscode-charts-blue);stroke:var(--vscode-foreground);stroke-opacity:.4}
.pad{fill:none;stroke:var(--vscode-foreground);stroke-opacity:.6;stroke-dasharray:3 2}
.zero{fill:var(--vscode-charts-blue);fill-opacity:.2;stroke:var(--vscode-charts-blue);stroke-dasharray:2 2}
.outside{fill:none;stroke:var(--vscode-charts-red);stroke-dasharray:1 2}
.tap{fill:var(--vscode-foreground);fill-opacity:.5}.win{fill:none;stroke:var(--vscode-foreground);stroke-width:2}
.drop{fill:none;stroke:var(--vscode-charts-red);stroke-width:2;stroke-dasharray:5 3}
.out{fill:var(--vscode-terminal-ansiCyan,var(--vscode-charts-green));fill-opacity:.55;stroke:var(--vscode-foreground);stroke-opacity:.4}
.cur{fill:var(--vscode-terminal-ansiCyan,var(--vscode-charts-green));stroke:var(--vscode-foreground);stroke-width:2}
.axis{stroke:var(--vscode-foreground);fill:none}.curve{stroke:var(--vscode-charts-blue);fill:none;stroke-width:2}
.dot{fill:var(--vscode-charts-blue)}.mark{fill:var(--vscode-charts-red)}
.k-in,.k-pad,.k-zero,.k-tap,.k-out{border-bottom:3px solid;padding-bottom:1px}
.k-in{border-color:var(--vscode-charts-blue)}.k-pad{border-bottom-style:dashed}.k-zero{border-color:var(--vscode-charts-blue);border-bottom-style:dotted}
.k-tap{border-color:var(--vscode-foreground)}.k-out{border-color:var(--vscode-terminal-ansiCyan,var(--vscode-charts-green))}
.key{margin-right:12px;white-space:nowrap}.key svg{vertical-align:middle;margin-right:4px}
</style><title>${esc(r.title)}</title></head><body>
<h1 id="title">${esc(r.title)}</h1>
<div class="controls" role="toolbar" aria-label="Animation">
<button id="prev" aria-label="Previous output position">◀ Step</button>
<button id="play" aria-label="Play">▶ Play</button>
<button id="next" aria-label="Next output position">Step ▶</button>
<label for="speed">Speed</label><input id="speed" type="range" min="1" max="20" value="4" aria-label="Frames per second">
<span id="counter" aria-live="polite" data-frames="${r.frameCount}">frame ${r.frame + 1} of ${r.frameCount}</span>
</div>
<div id="picture">${r.svg}</div>
<div>${legend}</div>
<h2>The arithmetic</h2><pre id="explain">${tiedFormula(r.explain)}</pre>
${r.padding.length ? `<h2>Padding solver</h2><pre id="padding">${esc(r.padding.join("\n"))}</pre>` : ""}
${r.plot ? `<div id="plot">${r.plot}</div>` : ""}
<script nonce="${n}">
const vscode = acquireVsCodeApi();
const total = ${r.frameCount};
let frame = ${r.frame};
let timer = undefined;
const counter = document.getElementById("counter");
const play = document.getElementById("play");
const speed = document.getElementById("speed");
function show(f) {
  frame = ((f % total) + total) % total;
  counter.textContent = "frame " + (frame + 1) + " of " + total;
  vscode.postMessage({ type: "frame", frame });
}
function stop() { if (timer !== undefined) { clearInterval(timer); timer = undefined; } play.textContent = "▶ Play"; play.setAttribute("aria-label", "Play"); }
function start() { stop(); timer = setInterval(() => show(frame + 1), 1000 / Number(speed.value)); play.textContent = "⏸ Pause"; play.setAttribute("aria-label", "Pause"); }
play.addEventListener("click", () => (timer === undefined ? start() : stop()));
document.getElementById("prev").addEventListener("click", () => { stop(); show(frame - 1); });
document.getElementById("next").addEventListener("click", () => { stop(); show(frame + 1); });
speed.addEventListener("input", () => { if (timer !== undefined) start(); });
document.addEventListener("keydown", (e) => {
  if (e.target instanceof HTMLButtonElement && (e.key === " " || e.key === "Enter")) return;
  if (e.key === " ") { e.preventDefault(); timer === undefined ? start() : stop(); }
  else if (e.key === "ArrowRight") { stop(); show(frame + 1); }
  else if (e.key === "ArrowLeft") { stop(); show(frame - 1); }
  else if (e.key === "Home") { stop(); show(0); }
  else if (e.key === "End") { stop(); show(total - 1); }
});
window.addEventListener("message", (e) => {
  const m = e.data;
  if (m && m.type === "frame" && m.frame === frame) document.getElementById("picture").innerHTML = m.svg;
});
vscode.postMessage({ type: "ready" });
</script></body></html>`;
}

/** Opens (or reuses) the layer view for the layer at `line` of the document. */
export async function showLayerArithmetic(client: LanguageClient, document: vscode.TextDocument, line: number): Promise<void> {
  const started = Date.now();
  const uri = document.uri.toString();
  const request = (frame: number) => client.sendRequest<LayerArithmeticResult | null>("shapeLens/layerArithmetic", { uri, line, frame });
  const first = await request(0);
  if (!first || first.error) {
    void vscode.window.showInformationMessage(`Shape Lens: ${first?.error ?? "the layer's sizes are not known yet."}`);
    return;
  }
  if (!panel) {
    panel = vscode.window.createWebviewPanel("shapeLens.layerView", "Layer arithmetic", vscode.ViewColumn.Beside, {
      enableScripts: true,
      localResourceRoots: [],
    });
    panel.onDidDispose(() => {
      panel = undefined;
      listener?.dispose();
      listener = undefined;
    });
  }
  const view = panel;
  view.title = `${first.type} arithmetic`;
  view.webview.html = html(view.webview, first);
  listener?.dispose();
  listener = view.webview.onDidReceiveMessage(async (m: Message) => {
    if (m.type === "ready") {
      lastLayerView = { title: first.title, frameCount: first.frameCount, openMillis: Date.now() - started, frame: 0 };
      return;
    }
    if (m.type !== "frame") return;
    if (lastLayerView) lastLayerView.frame = m.frame;
    const r = await request(m.frame);
    if (r && !r.error) void view.webview.postMessage({ type: "frame", frame: r.frame, svg: r.svg });
  });
  view.reveal(vscode.ViewColumn.Beside, true);
}
