// Server memory over many edits (issue 10: RSS flat within ±10 % over 10,000 edits). The real
// server over stdio gets typing edits on a model file (a line typed in key by key inside forward,
// then deleted again), typing at the module level of a script that runs a torchvision model, and the
// fuzzer's small edits of two mutated files; inlay hints are asked for as an editor would, so every
// few edits run a full analysis. Prints RSS samples (KB) and the largest deviation after the warm-up
// (the first 10 % of the edits). Exit 1 when it is over --tolerance percent.
//
// Two workloads. "steady" (the default): a fuzzed file that is changed as a whole goes back to its
// original text, as when a user reverts it, so the documents stay the same size on average and a
// growing RSS can only be a leak. "hostile" (--hostile): a whole change brings another mutated file
// of the corpus, up to 140,000 characters with 80,000-character lines; RSS then follows the size of
// what is open, and the run ends by reverting every document: it passes when RSS is then at most
// --tolerance percent above its first sample after the warm-up.
//   node out/test/fuzz/rss.js [--edits N] [--seed K] [--hostile] [--tolerance P] [--node-arg ARG]... [--env NAME=VALUE]...

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
  /** The text it was opened with. */
  readonly original: string;
}

interface Edit {
  start: number;
  end: number;
  text: string;
}

/** Lines a user types into the model's forward, one key at a time, and then deletes again. */
const TYPED_IN_FORWARD = [
  "        x = self.conv1(x)",
  "        y = torch.flatten(x, 1)",
  "        z = x.view(x.size(0), -1)",
  "        x = F.relu(self.bn1(x)) + x",
  "        h = x.permute(0, 2, 3, 1).reshape(-1, 64)",
];

/** A script run at module level (no forward): every key typed in it changes the module-level code. */
const SCRIPT = [
  "import torch",
  "import torchvision",
  "",
  "model = torchvision.models.resnet18()",
  "x = torch.randn(2, 3, 224, 224)",
  "y = model(x)",
  "",
].join("\n");

const TYPED_IN_SCRIPT = ["z = y.view(2, -1)", "w = torch.cat([y, y], dim=1)", "f = model.layer1(model.maxpool(model.conv1(x)))"];

/** Typing on `doc`: the edits of typing a line after the line holding `after`, key by key, then deleting it. */
function* typing(doc: Doc, rng: Rng, after: string, lines: string[]): Generator<Edit> {
  for (;;) {
    const anchor = doc.text.indexOf("\n", doc.text.indexOf(after));
    if (anchor < 0) return;
    const line = rng.pick(lines);
    const at = anchor + 1;
    yield { start: at, end: at, text: "\n" };
    for (let i = 0; i < line.length; i++) yield { start: at + i, end: at + i, text: line[i] };
    for (let i = line.length; i > 0; i--) yield { start: at + i - 1, end: at + i, text: "" };
    yield { start: at, end: at + 1, text: "" };
  }
}

export type Workload = "steady" | "hostile";

export interface RssRun {
  edits: number;
  workload: Workload;
  /** [edits done, RSS KB] pairs. */
  samples: [number, number][];
  /** Largest |sample - mean| / mean over the samples after the warm-up, in percent. */
  deviation: number;
  warmup: number;
  /** Hostile workload: RSS (KB) after every document went back to its original text and 200 more typing edits. */
  afterRevert?: number;
}

export async function measureRss(
  edits: number,
  seed: number,
  start: { nodeArgs?: string[]; env?: Record<string, string>; workload?: Workload } = {},
  log?: (line: string) => void,
): Promise<RssRun> {
  const workload = start.workload ?? "steady";
  const rng = new Rng(seed);
  const corpus = seeds();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "shapelens-rss-"));
  const client = await TestClient.start({ settings: { showInferenceGaps: true }, nodeArgs: start.nodeArgs, env: start.env });
  const doc = (name: string, text: string): Doc => ({ uri: pathToFileURL(path.join(dir, name)).href, text, original: text });
  const model = doc("model.py", fs.readFileSync(path.join(ROOT, "examples/resnet18.py"), "utf8"));
  const script = doc("script.py", SCRIPT);
  const fuzzed = [0, 1].map((k) => doc(`fuzz${k}.py`, rng.pick(corpus).text));
  const all = [model, script, ...fuzzed];
  const every = Math.max(1, Math.floor(edits / 40));
  const samples: [number, number][] = [];
  const inForward = typing(model, rng, "def forward", TYPED_IN_FORWARD);
  const inScript = typing(script, rng, "y = model(x)", TYPED_IN_SCRIPT);
  const full = { start: { line: 0, character: 0 }, end: { line: 100000, character: 0 } };
  const apply = async (d: Doc, e: Edit) => {
    await client.change(d.uri, [{ range: { start: positionAt(d.text, e.start), end: positionAt(d.text, e.end) }, text: e.text }]);
    d.text = d.text.slice(0, e.start) + e.text + d.text.slice(e.end);
  };
  const replace = async (d: Doc, text: string) => {
    d.text = text;
    await client.change(d.uri, [{ text }]);
  };
  const checkAlive = () => {
    if (client.exitCode !== undefined) throw new Error(`server exited (${client.exitCode}): ${client.stderr.join("").slice(-500)}`);
  };
  /** Edit number `done`: typing in the model twice in four, in the script once, a fuzzer edit once. */
  const step = async (done: number, fuzz: boolean) => {
    let d: Doc;
    if (done % 4 < 2 || !fuzz) {
      d = model;
      await apply(d, inForward.next().value ?? { start: 0, end: 0, text: "" });
    } else if (done % 4 === 2) {
      d = script;
      await apply(d, inScript.next().value ?? { start: 0, end: 0, text: "" });
    } else {
      d = fuzzed[rng.int(fuzzed.length)];
      if (rng.int(50) === 0) {
        if (workload === "steady") await replace(d, d.original);
        else await replace(d, rng.int(2) ? mutate(rng.pick(corpus).text, rng) : rng.pick(corpus).text);
        return;
      }
      const at = rng.int(d.text.length + 1);
      await apply(d, {
        start: at,
        end: Math.min(d.text.length, at + rng.int(6)),
        text: rng.pick(["", "(", ")", "x", " ", "\n", "1", "self.", ":", "\n    "]),
      });
    }
    // An editor asks for the visible hints after each pause in typing: here every few edits.
    if (done % 4 === 3 || d === script) await client.request("textDocument/inlayHint", { textDocument: { uri: d.uri }, range: full });
    if (done % 25 === 24)
      await client.request("textDocument/hover", { textDocument: { uri: model.uri }, position: { line: rng.int(60), character: 12 } });
    checkAlive();
  };
  let afterRevert: number | undefined;
  try {
    for (const d of all) await client.open(d.uri, d.text);
    for (let done = 0; done < edits; done++) {
      await step(done, true);
      if ((done + 1) % every === 0) {
        samples.push([done + 1, rssOf(client.proc.pid)]);
        const chars = all.map((x) => x.text.length).join("+");
        log?.(`${done + 1} edits: RSS ${samples[samples.length - 1][1]} KB (server pid ${client.proc.pid}, documents ${chars} characters)`);
      }
    }
    if (workload === "hostile") {
      for (const d of fuzzed) await replace(d, d.original);
      for (let done = 0; done < 200; done++) await step(done, false);
      afterRevert = rssOf(client.proc.pid);
      log?.(`documents reverted, 200 typing edits later: RSS ${afterRevert} KB`);
    }
  } finally {
    client.kill();
    fs.rmSync(dir, { recursive: true, force: true });
  }
  const warmup = Math.floor(edits / 10);
  const after = samples.filter(([n]) => n > warmup).map(([, kb]) => kb);
  const mean = after.reduce((a, b) => a + b, 0) / Math.max(1, after.length);
  const deviation = after.length ? (100 * Math.max(...after.map((kb) => Math.abs(kb - mean)))) / mean : 0;
  return { edits, workload, samples, deviation, warmup, afterRevert };
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
  const workload: Workload = process.argv.includes("--hostile") ? "hostile" : "steady";
  measureRss(num("edits", 10000), num("seed", 1), { nodeArgs: args("node-arg"), env, workload }, (l) =>
    process.stderr.write(`rss: ${l}\n`),
  ).then(
    (r) => {
      process.stdout.write(`server (${r.workload} workload): ${r.edits} edits, RSS ${r.samples.map(([, kb]) => kb).join(" ")} KB\n`);
      const first = r.samples.find(([n]) => n > r.warmup)?.[1] ?? 0;
      const last = r.samples[r.samples.length - 1]?.[1] ?? 0;
      const peak = Math.max(...r.samples.map(([, kb]) => kb));
      process.stdout.write(
        `after the warm-up (${r.warmup} edits): ${first} -> ${last} KB, peak ${peak} KB, largest deviation from the mean ${r.deviation.toFixed(1)} % (tolerance ${tolerance} %)\n`,
      );
      if (r.afterRevert !== undefined) {
        // Coming back below the earlier level is fine: only memory kept after the documents went back is a leak.
        const back = (100 * (r.afterRevert - first)) / Math.max(1, first);
        process.stdout.write(
          `after reverting every document: ${r.afterRevert} KB, ${back >= 0 ? "+" : ""}${back.toFixed(1)} % against the first sample after the warm-up\n`,
        );
        process.exitCode = back <= tolerance ? 0 : 1;
      } else process.exitCode = r.deviation <= tolerance ? 0 : 1;
    },
    (e: unknown) => {
      process.stderr.write(`rss: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
      process.exitCode = 3;
    },
  );
}
