// Replays test/golden/realworld.json (PyTorch 1.13) and realworld-2.13.json (PyTorch 2.13) — the
// hand-written model files of test/realworld/ run under PyTorch with forward hooks and a line tracer, by
// scripts/golden/generate_realworld.py — through analyzeFile with the same --model/--input, following the
// file's version. Every module row and every forward hint must be correct or unknown, never wrong; the
// per-model correct/unknown/wrong table is printed (SHAPELENS_REALWORLD_VERBOSE=1 also lists the unknowns).

import * as assert from "node:assert/strict";
import * as fs from "fs";
import * as path from "path";
import { diskOptions } from "./diskOptions";
import { analyzeFile } from "../../server/src/core/analysis";
import { isTensorAssignment } from "../../server/src/core/report";
import { TorchVersion, parseTorchVersion } from "../../server/src/core/torchVersion";
import { Counts, checkRatchet, suiteName } from "./ratchet";
import { Golden, Verdict, compareValue, compareValues } from "./goldenCompare";

function findRoot(): string {
  let d = __dirname;
  while (!fs.existsSync(path.join(d, "test", "golden", "realworld.json")) && path.dirname(d) !== d) d = path.dirname(d);
  return d;
}

const ROOT = findRoot();
const DIR = path.join(ROOT, "test", "realworld");

interface GoldenModel {
  file: string;
  model: string;
  input: number[][];
  output: Golden;
  params: number;
  modules: { path: string; type: string; outputs: Golden[]; params: number }[];
  lines: { file: string; line: number; values: Golden[] }[];
}

interface Result {
  name: string;
  correct: number;
  unknown: number;
  wrong: number;
  failures: string[];
  unknowns: string[];
}

const fmt = (v: unknown) => JSON.stringify(v);

function evaluate(m: GoldenModel, torchVersion: TorchVersion): Result {
  const file = path.join(DIR, m.file);
  const res: Result = { name: `${m.file} ${m.model}`, correct: 0, unknown: 0, wrong: 0, failures: [], unknowns: [] };
  const count = (v: Verdict, what: string, detail: string) => {
    res[v]++;
    if (v === "wrong") res.failures.push(`${what}: ${detail}`);
    if (v === "unknown") res.unknowns.push(what);
  };
  const a = analyzeFile(file, fs.readFileSync(file, "utf8"), { ...diskOptions(DIR), model: m.model, inputs: m.input, torchVersion });
  const report = a.models[a.models.length - 1];
  if (!report) {
    for (const g of m.modules) if (g.outputs.length) count("unknown", g.path || "(root)", "");
    res.unknowns.push("(no model report)");
    return res;
  }
  const out = compareValue(report.output, m.output);
  count(out, "output", `engine ${fmt(report.output)}, PyTorch ${fmt(m.output)}`);
  if (report.params !== null)
    count(report.params === m.params ? "correct" : "wrong", "params", `engine ${report.params}, PyTorch ${m.params}`);
  else count("unknown", "params", "");
  const rows = new Map(report.modules.map((r) => [r.path, r]));
  const known = new Set(m.modules.map((g) => g.path));
  for (const g of m.modules) {
    const r = rows.get(g.path);
    const name = g.path || "(root)";
    if (r && r.params !== null && r.params !== g.params) count("wrong", `${name} params`, `engine ${r.params}, PyTorch ${g.params}`);
    if (!g.outputs.length) {
      // "Maybe called" (only unknown outputs) is an unknown; a stated output is wrong.
      if (r && r.outputs.length && r.outputs.every((o) => o === null)) count("unknown", `${name} (never called)`, "");
      else if (r && r.outputs.length) count("wrong", name, `outputs ${r.outputs.map(fmt).join(" | ")} but PyTorch never calls it`);
      continue;
    }
    const v = r ? compareValues(r.outputs, g.outputs) : "unknown";
    count(v, name, `(${g.type}) engine ${r?.outputs.map(fmt).join(" | ")}, PyTorch ${g.outputs.map(fmt).join(" | ")}`);
  }
  for (const r of report.modules) if (!known.has(r.path)) count("wrong", r.path, `(${r.type}) module does not exist in PyTorch's model`);
  const hints = new Map(a.hints.filter(isTensorAssignment).map((h) => [`${path.basename(h.file)}:${h.range.start.line + 1}`, h.values]));
  const goldenLines = new Set<string>();
  for (const g of m.lines) {
    const key = `${g.file}:${g.line}`;
    goldenLines.add(key);
    const e = hints.get(key);
    if (g.values.every((v) => v === null)) {
      if (e) count("wrong", `line ${key}`, `engine hints ${e.map(fmt).join(" | ")} but PyTorch assigns no tensor`);
      continue;
    }
    count(
      e ? compareValues(e, g.values) : "unknown",
      `line ${key}`,
      `engine ${e?.map(fmt).join(" | ")}, PyTorch ${g.values.map(fmt).join(" | ")}`,
    );
  }
  // Hints on lines PyTorch never records (subscript targets) are not judged; hints on lines it never runs are wrong.
  for (const [key, values] of hints) {
    if (goldenLines.has(key)) continue;
    const [f, l] = key.split(":");
    const text = fs.readFileSync(path.join(DIR, f), "utf8").split("\n")[Number(l) - 1] ?? "";
    if (!/^\s*[\w.]+\[.*\]\s*=/.test(text))
      count("wrong", `line ${key}`, `engine hints ${values.map(fmt).join(" | ")} on a line PyTorch never ran`);
  }
  return res;
}

for (const name of ["realworld.json", "realworld-2.13.json"]) {
  const golden = JSON.parse(fs.readFileSync(path.join(ROOT, "test", "golden", name), "utf8")) as { torch: string; models: GoldenModel[] };
  const version = parseTorchVersion(golden.torch);
  if (!version) throw new Error(`${name}: PyTorch ${golden.torch} is not a followed version`);

  describe(`real-world model files (golden, PyTorch ${golden.torch})`, function () {
    this.timeout(300_000);
    const results: Result[] = [];
    const counts = new Map<string, Counts>();
    for (const m of golden.models) {
      it(`${m.file}: ${m.model} ${fmt(m.input)}`, () => {
        const r = evaluate(m, version);
        results.push(r);
        counts.set(`${m.file}: ${m.model} ${fmt(m.input)}`, { right: r.correct, unknown: r.unknown });
        if (process.env.SHAPELENS_REALWORLD_VERBOSE && r.unknowns.length) process.stdout.write(`    unknown: ${r.unknowns.join(", ")}\n`);
        assert.equal(r.failures.length, 0, `${r.name}: ${r.failures.length} wrong:\n  ${r.failures.slice(0, 40).join("\n  ")}`);
      });
    }
    it("coverage only goes up (test/golden/coverage.json)", () => {
      const problems = checkRatchet(suiteName("realworld", version), counts);
      assert.equal(problems.length, 0, `coverage went down:\n  ${problems.join("\n  ")}`);
    });
    after(() => {
      if (!results.length) return;
      const lines = results.map((r) => `| ${r.name} | ${r.correct} | ${r.unknown} | ${r.wrong} |`);
      const tot = (k: "correct" | "unknown" | "wrong") => results.reduce((s, r) => s + r[k], 0);
      lines.push(`| **total** (PyTorch ${golden.torch}) | ${tot("correct")} | ${tot("unknown")} | ${tot("wrong")} |`);
      process.stdout.write(`\n| model | correct | unknown | wrong |\n|---|---:|---:|---:|\n${lines.join("\n")}\n`);
    });
  });
}
