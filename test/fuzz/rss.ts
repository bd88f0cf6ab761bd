// Server memory over many edits (issue 10: RSS flat within ±10 % over 10,000 edits). The real
// server over stdio gets typing edits on a model file (a line typed in key by key, then deleted
// again) and the fuzzer's edits of mutated files; inlay hints are asked for as an editor would, so
// every few edits run a full analysis. Prints RSS samples (KB) and the largest deviation after the
// warm-up (the first 10 % of the edits). Exit 1 when it is over --tolerance percent.
//   node out/test/fuzz/rss.js [--edits N] [--seed K] [--tolerance P] [--node-arg ARG]... [--env NAME=VALUE]...

import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import { TestClient } from "../server/lspClient";
import { Rng, ROOT, mutate, seeds } from "./mutate";
import { positionAt, rssOf } from "./server";

interface Doc {
  uri: string;
  text: string;
}

/** Lines a user types into the model's forward, one key at a time, and then deletes again. */
const TYPED = [
  "        x = self.conv1(x)",
  "        y = torch.flatten(x, 1)",
  "        z = x.view(x.size(0), -1)",
  "        x = F.relu(self.bn1(x)) + x",
  "        h = x.permute(0, 2, 3, 1).reshape(-1, 64)",
];

/** Typing on `doc`: yields the edits (range + text) of typing a line after `def forward`'s first line, then deleting it. */
function* typing(doc: Doc, rng: Rng): Generator<{ start: number; end: number; text: string }> {
  for (;;) {
    const anchor = doc.text.indexOf("\n", doc.text.indexOf("def forward"));
    if (anchor < 0) return;
    const line = rng.pick(TYPED);
    const at = anchor + 1;
    yield { start: at, end: at, text: "\n" };
    for (let i = 0; i < line.length; i++) yield { start: at + i, end: at + i, text: line[i] };
    for (let i = line.length; i > 0; i--) yield { start: at + i - 1, end: at + i, text: "" };
    yield { start: at, end: at + 1, text: "" };
  }
}

export interface RssRun {
  edits: number;
  /** [edits done, RSS KB] pairs. */
  samples: [number, number][];
  /** Largest |sample - mean| / mean over the samples after the warm-up, in percent. */
  deviation: number;
  warmup: number;
}

export async function measureRss(
  edits: number,
  seed: number,
  start: { nodeArgs?: string[]; env?: Record<string, string> } = {},
  log?: (line: string) => void,
): Promise<RssRun> {
  const rng = new Rng(seed);
  const corpus = seeds();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "shapelens-rss-"));
  const client = await TestClient.start({ settings: { showInferenceGaps: true }, ...start });
  const model: Doc = {
    uri: pathToFileURL(path.join(dir, "model.py")).href,
    text: fs.readFileSync(path.join(ROOT, "examples/resnet18.py"), "utf8"),
  };
  const fuzzed: Doc[] = [0, 1].map((k) => ({ uri: pathToFileURL(path.join(dir, `fuzz${k}.py`)).href, text: rng.pick(corpus).text }));
  const every = Math.max(1, Math.floor(edits / 40));
  const samples: [number, number][] = [];
  const keys = typing(model, rng);
  const full = { start: { line: 0, character: 0 }, end: { line: 100000, character: 0 } };
  try {
    for (const d of [model, ...fuzzed]) await client.open(d.uri, d.text);
    for (let done = 0; done < edits; done++) {
      let d: Doc;
      let e: { start: number; end: number; text: string };
      if (done % 3 !== 2) {
        d = model;
        e = keys.next().value ?? { start: 0, end: 0, text: "" };
      } else {
        d = fuzzed[rng.int(fuzzed.length)];
        if (rng.int(50) === 0) {
          d.text = rng.int(2) ? mutate(rng.pick(corpus).text, rng) : rng.pick(corpus).text;
          await client.change(d.uri, [{ text: d.text }]);
          continue;
        }
        const at = rng.int(d.text.length + 1);
        e = {
          start: at,
          end: Math.min(d.text.length, at + rng.int(6)),
          text: rng.pick(["", "(", ")", "x", " ", "\n", "1", "self.", ":", "\n    "]),
        };
      }
      await client.change(d.uri, [{ range: { start: positionAt(d.text, e.start), end: positionAt(d.text, e.end) }, text: e.text }]);
      d.text = d.text.slice(0, e.start) + e.text + d.text.slice(e.end);
      // An editor asks for the visible hints after each pause in typing: here every few edits.
      if (done % 4 === 3) await client.request("textDocument/inlayHint", { textDocument: { uri: d.uri }, range: full });
      if (done % 25 === 24)
        await client.request("textDocument/hover", { textDocument: { uri: model.uri }, position: { line: rng.int(60), character: 12 } });
      if ((done + 1) % every === 0) {
        samples.push([done + 1, rssOf(client.proc.pid)]);
        const chars = [model, ...fuzzed].map((x) => x.text.length).join("+");
        log?.(`${done + 1} edits: RSS ${samples[samples.length - 1][1]} KB (server pid ${client.proc.pid}, documents ${chars} characters)`);
      }
      if (client.exitCode !== undefined) throw new Error(`server exited (${client.exitCode}): ${client.stderr.join("").slice(-500)}`);
    }
  } finally {
    client.kill();
    fs.rmSync(dir, { recursive: true, force: true });
  }
  const warmup = Math.floor(edits / 10);
  const after = samples.filter(([n]) => n > warmup).map(([, kb]) => kb);
  const mean = after.reduce((a, b) => a + b, 0) / Math.max(1, after.length);
  const deviation = after.length ? (100 * Math.max(...after.map((kb) => Math.abs(kb - mean)))) / mean : 0;
  return { edits, samples, deviation, warmup };
}

function args(name: string): string[] {
  const out: string[] = [];
  process.argv.forEach((a, i) => {
    if (a === `--${name}` && i + 1 < process.argv.length) out.push(process.argv[i + 1]);
  });
  return out;
}

if (require.main === module) {
  const num = (name: string, fallback: number) => Number(args(name)[0] ?? fallback);
  const env = Object.fromEntries(args("env").map((kv) => [kv.slice(0, kv.indexOf("=")), kv.slice(kv.indexOf("=") + 1)]));
  const tolerance = num("tolerance", 10);
  measureRss(num("edits", 10000), num("seed", 1), { nodeArgs: args("node-arg"), env }, (l) => process.stderr.write(`rss: ${l}\n`)).then(
    (r) => {
      process.stdout.write(`server: ${r.edits} edits, RSS ${r.samples.map(([, kb]) => kb).join(" ")} KB\n`);
      const first = r.samples.find(([n]) => n > r.warmup)?.[1] ?? 0;
      const last = r.samples[r.samples.length - 1]?.[1] ?? 0;
      process.stdout.write(
        `after the warm-up (${r.warmup} edits): ${first} -> ${last} KB, largest deviation from the mean ${r.deviation.toFixed(1)} % (tolerance ${tolerance} %)\n`,
      );
      process.exitCode = r.deviation <= tolerance ? 0 : 1;
    },
    (e: unknown) => {
      process.stderr.write(`rss: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
      process.exitCode = 3;
    },
  );
}
