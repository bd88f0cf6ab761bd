// The fuzzer's language-server part: the real server over stdio gets random incremental edits of
// mutated seed files, requests it must answer (some cancelled at once), malformed JSON-RPC, and a
// client that disappears. Findings: the server dies or stops answering, publishes an internal
// error, or its memory keeps growing (RSS sampled over the edits).

import * as fs from "node:fs";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import { CancellationTokenSource } from "vscode-languageserver-protocol/node";
import { TestClient } from "../server/lspClient";
import { isInternalError } from "./engine";
import type { Finding } from "./engine";
import { Rng, mutate } from "./mutate";
import type { Seed } from "./mutate";

export interface ServerRun {
  edits: number;
  findings: Finding[];
  /** Server RSS in KB, sampled every tenth of the run. */
  rss: number[];
}

export function rssOf(pid: number | undefined): number {
  try {
    return Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0);
  } catch {
    return 0;
  }
}

export function positionAt(text: string, offset: number): { line: number; character: number } {
  const before = text.slice(0, offset).split(/\r\n|\r|\n/);
  return { line: before.length - 1, character: before[before.length - 1].length };
}

const FRAMED_GARBAGE = [
  "{not json",
  '{"jsonrpc":"2.0","id":"x1","method":"no/such/method","params":{}}',
  '{"jsonrpc":"2.0","id":"x2","method":"textDocument/hover","params":null}',
  '{"jsonrpc":"2.0","method":"textDocument/didChange","params":{"textDocument":{"uri":"file:///nowhere.py","version":1},"contentChanges":[{"text":1}]}}',
  '{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":42,"text":null}}}',
  '{"jsonrpc":"2.0","id":"x3","method":"textDocument/inlayHint","params":{"textDocument":{"uri":"file:///x.py"},"range":{"start":{"line":-5,"character":-1},"end":{"line":1e9,"character":0}}}}',
  "[]",
  "null",
];

/** Runs `edits` random edits spread over a few documents of `dir`; stops early at `deadline`. */
export async function fuzzServer(corpus: readonly Seed[], seed: number, edits: number, deadline: number, dir: string): Promise<ServerRun> {
  const rng = new Rng(seed ^ 0x5eed);
  const findings: Finding[] = [];
  const rss: number[] = [];
  const client = await TestClient.start({ settings: { showInferenceGaps: true } });
  const docs = Array.from({ length: 3 }, (_, k) => {
    const file = path.join(dir, `doc${k}.py`);
    return { uri: pathToFileURL(file).href, text: rng.pick(corpus).text };
  });
  const hover = (uri: string, line: number) =>
    client.request("textDocument/hover", { textDocument: { uri }, position: { line, character: 4 } });
  let done = 0;
  try {
    for (const d of docs) await client.open(d.uri, d.text);
    for (; done < edits && Date.now() < deadline; done++) {
      const d = docs[done % docs.length];
      if (rng.int(50) === 0) {
        d.text = rng.int(2) ? mutate(rng.pick(corpus).text, rng) : "";
        await client.change(d.uri, [{ text: d.text }]);
      } else {
        const start = rng.int(d.text.length + 1);
        const end = Math.min(d.text.length, start + rng.int(6));
        const insert = rng.pick(["", "(", ")", "x", " ", "\n", "\t", "1", "nn.Conv2d(3, 8, 3)", "self.", ":", "\n    ", "😀", "\r"]);
        await client.change(d.uri, [{ range: { start: positionAt(d.text, start), end: positionAt(d.text, end) }, text: insert }]);
        d.text = d.text.slice(0, start) + insert + d.text.slice(end);
      }
      if (done % 10 === 9) {
        const cancel = new CancellationTokenSource();
        const cancelled = client.conn.sendRequest(
          "textDocument/hover",
          { textDocument: { uri: d.uri }, position: { line: 3, character: 1 } },
          cancel.token,
        );
        cancel.cancel();
        await cancelled.catch(() => undefined);
        const answered = await Promise.race([
          hover(d.uri, rng.int(50)).then(() => true),
          new Promise((r) => setTimeout(() => r(false), 15000)),
        ]);
        if (!answered) findings.push({ kind: "server", detail: `no hover answer within 15 s after ${done + 1} edits` });
      }
      if (done % 97 === 0) {
        const body = rng.pick(FRAMED_GARBAGE);
        client.proc.stdin.write(`Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
      }
      if (edits >= 10 && done % Math.floor(edits / 10) === 0) rss.push(rssOf(client.proc.pid));
      if (client.exitCode !== undefined) {
        findings.push({
          kind: "server",
          detail: `server exited (${client.exitCode}) after ${done + 1} edits: ${client.stderr.join("").slice(-500)}`,
        });
        break;
      }
    }
    for (const d of docs) {
      for (const diag of client.diagnostics.get(d.uri)?.diagnostics ?? [])
        if (isInternalError(diag)) findings.push({ kind: "server", detail: `published: ${String(diag.message)}` });
    }
    if (client.exitCode === undefined) {
      const alive = await Promise.race([hover(docs[0].uri, 0).then(() => true), new Promise((r) => setTimeout(() => r(false), 15000))]);
      if (!alive) findings.push({ kind: "server", detail: "no answer at the end of the run" });
    }
  } finally {
    client.kill();
  }
  return { edits: done, findings, rss };
}

/** A client that opens documents and vanishes (its pipes closed): the server must exit on its own. */
export async function vanishingClient(corpus: readonly Seed[], dir: string): Promise<Finding[]> {
  const client = await TestClient.start({ settings: {} });
  const uri = pathToFileURL(path.join(dir, "gone.py")).href;
  await client.open(uri, corpus[0]?.text ?? "");
  client.proc.stdin.end();
  client.proc.stdout.destroy();
  const exited = await Promise.race([client.exited.then(() => true), new Promise((r) => setTimeout(() => r(false), 10000))]);
  client.kill();
  return exited ? [] : [{ kind: "server", detail: "the server did not exit within 10 s after its client disappeared" }];
}
