// Replays test/golden/torchaudio.json (torchaudio's models run under PyTorch with forward hooks, by
// scripts/golden/generate_torchaudio.py) through the static engine on the real torchaudio sources: Debian's
// installed python3-torchaudio, or those scripts/torchaudio-sources.sh extracts. Every module row must be
// correct or unknown, never wrong; the per-model table is printed. Says loudly when the sources are missing.

import * as assert from "node:assert/strict";
import * as fs from "fs";
import * as path from "path";
import { diskOptions } from "./diskOptions";
import { analyzeFile } from "../../server/src/core/analysis";
import { Golden, Verdict, compareValue, compareValues } from "./goldenCompare";
import { Counts, checkRatchet } from "./ratchet";

function findRoot(): string {
  let d = __dirname;
  while (!fs.existsSync(path.join(d, "test", "golden", "torchaudio.json")) && path.dirname(d) !== d) d = path.dirname(d);
  return d;
}

const ROOT = findRoot();
const GOLDEN = path.join(ROOT, "test", "golden", "torchaudio.json");

interface GoldenModel {
  name: string;
  file: string;
  model: string;
  input: number[][];
  output: Golden;
  params: number;
  modules: { path: string; type: string; outputs: Golden[]; params: number }[];
}

export interface AudioResult {
  name: string;
  correct: number;
  unknown: number;
  wrong: number;
  failures: string[];
  unknownPaths: string[];
}

/** The `torchaudio` package directory, or undefined when its sources are nowhere to be found. */
export function torchaudioDir(): string | undefined {
  const candidates = [
    process.env.SHAPELENS_TORCHAUDIO_DIR,
    "/usr/lib/python3/dist-packages/torchaudio",
    path.join(ROOT, ".cache", "torchaudio", "root", "usr", "lib", "python3", "dist-packages", "torchaudio"),
  ];
  return candidates.find((d) => d && fs.existsSync(path.join(d, "models", "wavernn.py")));
}

const fmt = (v: unknown) => JSON.stringify(v);

function evaluate(dir: string, m: GoldenModel): AudioResult {
  const res: AudioResult = { name: m.name, correct: 0, unknown: 0, wrong: 0, failures: [], unknownPaths: [] };
  const count = (v: Verdict, what: string, detail: string) => {
    res[v]++;
    if (v === "wrong") res.failures.push(`${what}: ${detail}`);
    if (v === "unknown") res.unknownPaths.push(what);
  };
  const file = path.join(dir, m.file);
  const a = analyzeFile(file, fs.readFileSync(file, "utf8"), {
    ...diskOptions(path.dirname(dir)),
    model: m.model,
    inputs: m.input,
    // torchaudio.json was recorded from PyTorch 1.13 (no torchaudio for 2.13 is at hand offline).
    torchVersion: "1.13",
  });
  const report = a.models[a.models.length - 1];
  if (!report) {
    for (const g of m.modules) if (g.outputs.length) count("unknown", g.path || "(root)", "");
    return res;
  }
  count(compareValue(report.output, m.output), "output", `engine ${fmt(report.output)}, PyTorch ${fmt(m.output)}`);
  if (report.params === null) count("unknown", "params", "");
  else count(report.params === m.params ? "correct" : "wrong", "params", `engine ${report.params}, PyTorch ${m.params}`);
  const rows = new Map(report.modules.map((r) => [r.path, r]));
  const known = new Set(m.modules.map((g) => g.path));
  for (const g of m.modules) {
    const r = rows.get(g.path);
    const name = g.path || "(root)";
    if (r && r.params !== null && r.params !== g.params) count("wrong", `${name} params`, `engine ${r.params}, PyTorch ${g.params}`);
    if (!g.outputs.length) {
      if (r && r.outputs.length && r.outputs.every((o) => o === null)) count("unknown", `${name} (never called)`, "");
      else if (r && r.outputs.length) count("wrong", name, `outputs ${r.outputs.map(fmt).join(" | ")} but PyTorch never calls it`);
      continue;
    }
    const v = r ? compareValues(r.outputs, g.outputs) : "unknown";
    count(v, name, `(${g.type}) engine ${r?.outputs.map(fmt).join(" | ")}, PyTorch ${g.outputs.map(fmt).join(" | ")}`);
  }
  for (const r of report.modules) if (!known.has(r.path)) count("wrong", r.path, `(${r.type}) module does not exist in PyTorch's model`);
  return res;
}

describe("torchaudio models (golden)", function () {
  this.timeout(300_000);
  const dir = torchaudioDir();
  const golden = JSON.parse(fs.readFileSync(GOLDEN, "utf8")) as { torch: string; torchaudio: string; models: GoldenModel[] };
  const results: AudioResult[] = [];
  const counts = new Map<string, Counts>();

  before(function () {
    if (!dir) {
      process.stdout.write(
        "\n  !!!!! THE TORCHAUDIO MODELS DID NOT RUN: their sources were not found. Install python3-torchaudio, run\n" +
          "  !!!!! scripts/torchaudio-sources.sh or set SHAPELENS_TORCHAUDIO_DIR. Their tests are skipped.\n\n",
      );
      this.skip();
    }
  });

  for (const m of golden.models) {
    it(`${m.name}: ${m.model}`, () => {
      const r = evaluate(dir!, m);
      results.push(r);
      counts.set(m.name, { right: r.correct, unknown: r.unknown });
      if (process.env.SHAPELENS_TORCHAUDIO_VERBOSE && r.unknownPaths.length)
        process.stdout.write(`    unknown: ${r.unknownPaths.join(", ")}\n`);
      assert.equal(r.failures.length, 0, `${m.name}: ${r.failures.length} wrong:\n  ${r.failures.slice(0, 40).join("\n  ")}`);
    });
  }

  it("coverage only goes up (test/golden/coverage.json)", () => {
    const problems = checkRatchet("torchaudio", counts);
    assert.equal(problems.length, 0, `coverage went down:\n  ${problems.join("\n  ")}`);
  });

  after(() => {
    if (!results.length) return;
    const lines = results.map((r) => `| ${r.name} | ${r.correct} | ${r.unknown} | ${r.wrong} |`);
    const tot = (k: "correct" | "unknown" | "wrong") => results.reduce((s, r) => s + r[k], 0);
    lines.push(`| **total** | ${tot("correct")} | ${tot("unknown")} | ${tot("wrong")} |`);
    process.stdout.write(`\n| torchaudio model | correct | unknown | wrong |\n|---|---:|---:|---:|\n${lines.join("\n")}\n`);
  });
});
