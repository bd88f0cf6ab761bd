// Zero-config analysis on the real-world corpus: each model class with no declaration, analysed on
// the input Shape Lens assumes, must give symbolic shapes that, instantiated with the golden input's
// sizes, equal PyTorch's (0 wrong). Counts how many golden models light up with no declaration at all.

import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { analyzeFile } from "../../server/src/core/analysis";
import type { ValueJson } from "../../server/src/core/api";
import { isTensorAssignment } from "../../server/src/core/report";
import { Golden, Verdict, compareValue, compareValues } from "./goldenCompare";
import { bindSizes, instantiate } from "./symbolicDims";
import { diskOptions } from "./diskOptions";

const ROOT = path.resolve(__dirname, "../../..");
const DIR = path.join(ROOT, "test", "realworld");

interface GoldenModel {
  file: string;
  model: string;
  input: number[][];
  output: Golden;
  modules: { path: string; type: string; outputs: Golden[] }[];
  lines: { file: string; line: number; values: Golden[] }[];
}

/** Committed counts: right answers may only grow, wrong ones must stay 0. */
const RATCHET = { modelsAssumed: 26, correct: 625 };

describe("zero-config: assumed inputs on the real-world corpus", function () {
  this.timeout(300_000);
  it("instantiated with the golden sizes, every assumed shape equals PyTorch's", () => {
    // realworld.json was recorded from PyTorch 1.13: the analysis follows it.
    const golden = JSON.parse(fs.readFileSync(path.join(ROOT, "test", "golden", "realworld.json"), "utf8")) as { models: GoldenModel[] };
    const tally = { correct: 0, unknown: 0, wrong: 0 };
    const failures: string[] = [];
    const lit = new Set<string>();
    const analyses = new Map<string, ReturnType<typeof analyzeFile>>();
    for (const m of golden.models) {
      const file = path.join(DIR, m.file);
      const a = analyses.get(file) ?? analyzeFile(file, fs.readFileSync(file, "utf8"), { ...diskOptions(DIR), torchVersion: "1.13" });
      analyses.set(file, a);
      const rootType = m.modules.find((x) => x.path === "")?.type;
      // Only the model as the assumption builds it (`Net()`), not one the golden data built with other arguments.
      const report = a.models.find((r) => r.inputSource === "assumed" && r.className === rootType && r.model === m.model);
      if (!report || m.input.length !== 1) continue;
      const sizes = bindSizes(report.inputs[0], m.input[0]);
      if (!sizes) continue;
      lit.add(`${m.file}:${rootType}`);
      const count = (v: Verdict, what: string) => {
        tally[v]++;
        if (v === "wrong") failures.push(`${m.file} ${m.model}: ${what}`);
      };
      const at = (v: ValueJson) => instantiate(v, sizes);
      count(compareValue(at(report.output), m.output), `output ${JSON.stringify(report.output)} vs ${JSON.stringify(m.output)}`);
      const rows = new Map(report.modules.map((r) => [r.path, r]));
      for (const g of m.modules) {
        const r = rows.get(g.path);
        if (!g.outputs.length || !r) continue;
        count(compareValues(r.outputs.map(at), g.outputs), `${g.path}: ${JSON.stringify(r.outputs)} vs ${JSON.stringify(g.outputs)}`);
      }
      const hints = new Map(
        a.hints
          .filter((h) => isTensorAssignment(h) && h.assumed)
          .map((h) => [`${path.basename(h.file)}:${h.range.start.line + 1}`, h.values]),
      );
      for (const g of m.lines) {
        const e = hints.get(`${g.file}:${g.line}`);
        if (e && !g.values.every((v) => v === null)) count(compareValues(e.map(at), g.values), `line ${g.file}:${g.line}`);
      }
    }
    process.stdout.write(
      `      zero-config: ${lit.size} golden models light up with no declaration; ${tally.correct} correct, ${tally.unknown} unknown, ${tally.wrong} wrong\n`,
    );
    assert.deepEqual(failures, []);
    assert.ok(lit.size >= RATCHET.modelsAssumed, `models lit up dropped to ${lit.size}`);
    assert.ok(tally.correct >= RATCHET.correct, `correct answers dropped to ${tally.correct}`);
  });
});

/** Top-level model classes of a file, and how many of them get shapes (their own model or as a block of one). */
function classCounts(file: string, assume: boolean): { total: number; lit: number } {
  const a = analyzeFile(file, fs.readFileSync(file, "utf8"), { ...diskOptions(DIR), assumeInputs: assume });
  const lit = new Set(a.models.flatMap((m) => [m.className, ...m.modules.map((r) => r.type)]));
  const dark = new Set(a.notes.filter((n) => n.kind === "class" && n.status === "not-analysed").map((n) => n.name));
  const defined = [...fs.readFileSync(file, "utf8").matchAll(/^class (\w+)\(/gm)].map((m) => m[1]);
  const models = defined.filter((c) => lit.has(c) || dark.has(c));
  return { total: models.length, lit: models.filter((c) => lit.has(c)).length };
}

describe("zero-config: model classes with shapes and no declaration", function () {
  this.timeout(300_000);
  it("counts, before (assumptions off) and after, on the real-world corpus", () => {
    let before = 0;
    let after = 0;
    let total = 0;
    for (const name of fs.readdirSync(DIR).filter((f) => f.endsWith(".py"))) {
      const off = classCounts(path.join(DIR, name), false);
      const on = classCounts(path.join(DIR, name), true);
      before += off.lit;
      after += on.lit;
      total += on.total;
    }
    process.stdout.write(`      real-world corpus: ${after} of ${total} model classes get shapes (${before} without assumed inputs)\n`);
    assert.ok(after >= before);
    assert.ok(after >= 123, `model classes with shapes dropped to ${after}`);
  });
});
