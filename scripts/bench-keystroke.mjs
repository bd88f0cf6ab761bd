// Keystroke latency of the language server: opens a generated 1,000-line model file over stdio,
// makes 200 single-character edits (early and late in the network), each followed at once by a
// textDocument/inlayHint request, and prints the median and p95 time from edit to answer.
// Run after `npm run build`: node scripts/bench-keystroke.mjs [--edits N] [--pause MS] [--json]
// [--slowest] [--server path/to/server.js] (another build's server, to compare).

import { spawn } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { performance } from "node:perf_hooks";
import { generatedModelFile } from "./generatedModel.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const args = process.argv.slice(2);
const flag = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const EDITS = flag("--edits", 200);
const PAUSE = flag("--pause", 20);
const BLOCKS = 59;

/** A minimal JSON-RPC client over the server's stdio (Content-Length framing). */
class Client {
  constructor(child) {
    this.child = child;
    this.nextId = 1;
    this.pending = new Map();
    this.buffer = Buffer.alloc(0);
    this.notifications = [];
    child.stdout.on("data", (chunk) => {
      this.buffer = Buffer.concat([this.buffer, chunk]);
      this.drain();
    });
  }

  drain() {
    for (;;) {
      const end = this.buffer.indexOf("\r\n\r\n");
      if (end < 0) return;
      const header = this.buffer.subarray(0, end).toString("ascii");
      const length = Number(/Content-Length: (\d+)/i.exec(header)?.[1]);
      if (this.buffer.length < end + 4 + length) return;
      const body = JSON.parse(this.buffer.subarray(end + 4, end + 4 + length).toString("utf8"));
      this.buffer = this.buffer.subarray(end + 4 + length);
      if (body.id !== undefined && body.method === undefined) {
        const p = this.pending.get(body.id);
        this.pending.delete(body.id);
        if (p) p(body);
      } else if (body.id !== undefined) {
        // A request from the server (configuration, refresh): answer it empty.
        this.send({ jsonrpc: "2.0", id: body.id, result: body.method === "workspace/configuration" ? [null] : null });
      } else this.notifications.push(body);
    }
  }

  send(message) {
    const json = Buffer.from(JSON.stringify(message), "utf8");
    this.child.stdin.write(`Content-Length: ${json.length}\r\n\r\n`);
    this.child.stdin.write(json);
  }

  request(method, params) {
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.pending.set(id, resolve);
      this.send({ jsonrpc: "2.0", id, method, params });
    });
  }

  notify(method, params) {
    this.send({ jsonrpc: "2.0", method, params });
  }
}

const text = generatedModelFile(BLOCKS);
const lines = text.split("\n");
const tmp = mkdtempSync(join(tmpdir(), "shapelens-keystroke-"));
const file = join(tmp, "thousand_lines.py");
writeFileSync(file, text);
const uri = pathToFileURL(file).href;

const serverIndex = args.indexOf("--server");
const server = serverIndex >= 0 ? args[serverIndex + 1] : join(root, "dist/server.js");
const child = spawn(process.execPath, [server, "--stdio"], { stdio: ["pipe", "pipe", "inherit"] });
const client = new Client(child);
await client.request("initialize", {
  processId: process.pid,
  rootUri: pathToFileURL(tmp).href,
  workspaceFolders: [{ uri: pathToFileURL(tmp).href, name: "bench" }],
  capabilities: { textDocument: { inlayHint: {}, publishDiagnostics: {} } },
});
client.notify("initialized", {});
client.notify("textDocument/didOpen", { textDocument: { uri, languageId: "python", version: 1, text } });
const fullRange = { start: { line: 0, character: 0 }, end: { line: lines.length, character: 0 } };
const first = await client.request("textDocument/inlayHint", { textDocument: { uri }, range: fullRange });
const firstHints = first.result?.length ?? 0;

/**
 * The edit sites: the channel count of a block's constructor default (changes shapes: the declared
 * input no longer fits), the batch of its declaration (changes shapes, stays valid), the padding of
 * its first conv (changes shapes) and a trailing space after its declaration comment (changes
 * nothing). Early sites are in the first two blocks, late ones in the last two.
 */
function sites(block) {
  const base = 4 + block * 17;
  const c = String(16 + (block % 4) * 8);
  const initLine = lines[base + 1];
  const declLine = lines[base + 8];
  const convLine = lines[base + 3];
  return [
    { line: base + 1, character: initLine.indexOf(c) + 1, from: c[1], to: c[1] === "6" ? "7" : "5", kind: "channels" },
    { line: base + 8, character: declLine.indexOf("(8") + 1, from: "8", to: "9", kind: "batch" },
    { line: base + 3, character: convLine.indexOf("padding=1") + 8, from: "1", to: "2", kind: "padding" },
    { line: base + 8, character: declLine.length, from: "", to: " ", kind: "comment" },
  ];
}
const early = [...sites(0), ...sites(1)];
const late = [...sites(BLOCKS - 2), ...sites(BLOCKS - 1)];

let version = 1;
const samples = { early: [], late: [] };
const slowest = [];
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
for (let i = 0; i < EDITS; i++) {
  const group = i % 2 === 0 ? "early" : "late";
  const list = group === "early" ? early : late;
  // Each site is changed, then changed back on its next turn, so the file returns to its start.
  const site = list[Math.floor(i / 2) % list.length];
  const undo = Math.floor(i / 2 / list.length) % 2 === 1;
  const [from, to] = undo ? [site.to, site.from] : [site.from, site.to];
  const range = {
    start: { line: site.line, character: site.character },
    end: { line: site.line, character: site.character + from.length },
  };
  const t0 = performance.now();
  client.notify("textDocument/didChange", { textDocument: { uri, version: ++version }, contentChanges: [{ range, text: to }] });
  const answer = await client.request("textDocument/inlayHint", { textDocument: { uri }, range: fullRange });
  const ms = performance.now() - t0;
  samples[group].push(ms);
  slowest.push({ ms, edit: i, group, kind: site.kind, undo });
  if (!Array.isArray(answer.result)) throw new Error(`edit ${i}: no inlay hints in the answer (${JSON.stringify(answer).slice(0, 200)})`);
  await sleep(PAUSE);
}
const last = await client.request("textDocument/inlayHint", { textDocument: { uri }, range: fullRange });
await client.request("shutdown", null);
client.notify("exit", null);

function stats(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const at = (q) => s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)];
  return { n: s.length, median: at(0.5), p95: at(0.95), max: s[s.length - 1] };
}
const all = stats([...samples.early, ...samples.late]);
const report = {
  lines: lines.length,
  hints: firstHints,
  hintsAtEnd: last.result?.length ?? 0,
  all,
  early: stats(samples.early),
  late: stats(samples.late),
};
if (args.includes("--json")) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
else {
  process.stdout.write(`keystroke latency, ${lines.length}-line file, ${EDITS} edits, edit to inlay-hint answer (debounce included)\n`);
  for (const [label, s] of [
    ["all", all],
    ["early", report.early],
    ["late", report.late],
  ])
    process.stdout.write(
      `  ${label.padEnd(6)} n=${String(s.n).padStart(3)}  median ${s.median.toFixed(1)} ms  p95 ${s.p95.toFixed(1)} ms  max ${s.max.toFixed(1)} ms\n`,
    );
  process.stdout.write(`  hints: ${firstHints} at open, ${report.hintsAtEnd} after the edits\n`);
  if (args.includes("--slowest")) {
    slowest.sort((a, b) => b.ms - a.ms);
    for (const s of slowest.slice(0, 10))
      process.stdout.write(`  slow: edit ${s.edit} ${s.group} ${s.kind}${s.undo ? " (undo)" : ""} ${s.ms.toFixed(1)} ms\n`);
  }
}
