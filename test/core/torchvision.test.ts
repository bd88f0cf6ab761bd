// Replays test/golden/torchvision.json (the torchvision model zoo run under PyTorch 1.13 with forward
// hooks) and torchvision-2.13.json (the same torchvision sources run under PyTorch 2.13), each following
// its version, through the static engine on the real torchvision sources, extracted by scripts/torchvision-sources.sh.
// Every called module's outputs must be correct or unknown, never wrong; the per-model table is printed
// and written to docs/torchvision-results.md with SHAPELENS_WRITE_RESULTS=1. Skipped when the sources have not been extracted.

import * as assert from "node:assert/strict";
import * as fs from "fs";
import * as path from "path";
import { isTensorAssignment } from "../../server/src/core/report";
import { analyzeFile } from "../../server/src/core/analysis";
import { diskOptions } from "./diskOptions";
import type { ModelReport, ValueJson } from "../../server/src/core/api";
import { TorchVersion, parseTorchVersion } from "../../server/src/core/torchVersion";
import { Counts, checkRatchet, suiteName } from "./ratchet";
import { Golden, Verdict, compareValue, compareValues } from "./goldenCompare";

/** The repository root: the nearest folder above this file holding test/golden/torchvision.json. */
function findRoot(): string {
  let d = __dirname;
  while (!fs.existsSync(path.join(d, "test", "golden", "torchvision.json")) && path.dirname(d) !== d) d = path.dirname(d);
  return d;
}

const ROOT = findRoot();
const GOLDEN_FILES = ["torchvision.json", "torchvision-2.13.json"].map((f) => path.join(ROOT, "test", "golden", f));
const RESULTS = path.join(ROOT, "docs", "torchvision-results.md");

interface GoldenModule {
  path: string;
  type: string;
  outputs: Golden[];
  params: number;
}

interface GoldenModel {
  name: string;
  file: string;
  model: string;
  input: number[];
  output: Golden;
  params: number;
  modules: GoldenModule[];
  /** Per-line values of every assignment run in forward (scripts/golden/generate_torchvision_lines.py). */
  lines?: { file: string; line: number; values: Golden[] }[];
}

/** The extracted `torchvision` package directory, or undefined when the sources are not there. */
export function torchvisionDir(): string | undefined {
  const candidates = [
    process.env.SHAPELENS_TORCHVISION_DIR,
    path.join(ROOT, ".cache", "torchvision", "root", "usr", "lib", "python3", "dist-packages", "torchvision"),
    // Debian's installed python3-torchvision: the same sources as the extracted package.
    "/usr/lib/python3/dist-packages/torchvision",
  ];
  const cacheRoot = path.join(ROOT, ".cache", "torchvision", "root", "usr", "lib");
  if (fs.existsSync(cacheRoot))
    for (const py of fs.readdirSync(cacheRoot)) candidates.push(path.join(cacheRoot, py, "dist-packages", "torchvision"));
  return candidates.find((d) => d && fs.existsSync(path.join(d, "models", "resnet.py")));
}

interface ModelResult {
  name: string;
  correct: number;
  unknown: number;
  wrong: number;
  output: Verdict;
  params: Verdict;
  ms: number;
  failures: string[];
  unknownPaths: string[];
  /** Forward hints against the traced assignments: correct / unknown / wrong (undefined without golden lines). */
  lines?: { correct: number; unknown: number; wrong: number };
}

function fmt(v: ValueJson | Golden): string {
  return JSON.stringify(v);
}

function evaluate(dir: string, m: GoldenModel, torchVersion: TorchVersion): ModelResult {
  const file = path.join(dir, m.file);
  const t0 = performance.now();
  const a = analyzeFile(file, fs.readFileSync(file, "utf8"), {
    ...diskOptions(path.dirname(dir)),
    model: m.model,
    inputs: [m.input],
    torchVersion,
  });
  const ms = performance.now() - t0;
  const report: ModelReport | undefined = a.models[a.models.length - 1];
  const res: ModelResult = {
    name: m.name,
    correct: 0,
    unknown: 0,
    wrong: 0,
    output: "unknown",
    params: "unknown",
    ms,
    failures: [],
    unknownPaths: [],
  };
  if (!report) {
    res.unknown = m.modules.filter((g) => g.outputs.length).length;
    res.failures.push("(no model report: the expression did not build a module)");
    return res;
  }
  res.output = compareValue(report.output, m.output);
  if (res.output === "wrong") res.failures.push(`output: engine ${fmt(report.output)}, PyTorch ${fmt(m.output)}`);
  res.params = report.params === null ? "unknown" : report.params === m.params ? "correct" : "wrong";
  if (res.params === "wrong") res.failures.push(`params: engine ${report.params}, PyTorch ${m.params}`);
  const rows = new Map(report.modules.map((r) => [r.path, r]));
  const known = new Set(m.modules.map((g) => g.path));
  for (const g of m.modules) {
    const r = rows.get(g.path);
    if (r && r.params !== null && r.params !== g.params)
      res.failures.push(`${g.path || "(root)"} params: engine ${r.params}, PyTorch ${g.params}`);
    if (!g.outputs.length) {
      // "Maybe called" (only unknown outputs) is an unknown; a stated output is wrong.
      if (r && r.outputs.length && r.outputs.every((o) => o === null)) {
        res.unknown++;
        res.unknownPaths.push(`${g.path} (never called)`);
      } else if (r && r.outputs.length) res.failures.push(`${g.path} outputs ${r.outputs.map(fmt).join(" | ")} but PyTorch never calls it`);
      continue;
    }
    const v = r ? compareValues(r.outputs, g.outputs) : "unknown";
    res[v]++;
    if (v === "wrong")
      res.failures.push(
        `${g.path || "(root)"} (${g.type}): engine ${r!.outputs.map(fmt).join(" | ")}, PyTorch ${g.outputs.map(fmt).join(" | ")}`,
      );
    if (v === "unknown") res.unknownPaths.push(g.path || "(root)");
  }
  for (const r of report.modules) {
    if (!known.has(r.path)) res.failures.push(`${r.path} (${r.type}): module does not exist in PyTorch's model`);
  }
  if (m.lines) res.lines = compareLines(dir, a.hints.filter(isTensorAssignment), m.lines, res);
  return res;
}

/**
 * The engine's hints in torchvision/models and torchvision/ops against PyTorch's traced assignments. A line
 * whose PyTorch values are all non-tensors must have no hint; a hint on a line PyTorch never ran is wrong
 * (subscript targets aside: the tracer does not record them).
 */
function compareLines(
  dir: string,
  hints: { file: string; range: { start: { line: number } }; values: ValueJson[] }[],
  golden: { file: string; line: number; values: Golden[] }[],
  res: ModelResult,
): { correct: number; unknown: number; wrong: number } {
  const out = { correct: 0, unknown: 0, wrong: 0 };
  const engine = new Map<string, ValueJson[]>();
  for (const h of hints) {
    const rel = path.relative(dir, h.file).split(path.sep).join("/");
    if (rel.startsWith("models/") || rel.startsWith("ops/")) engine.set(`${rel}:${h.range.start.line + 1}`, h.values);
  }
  const seen = new Set<string>();
  for (const g of golden) {
    const key = `${g.file}:${g.line}`;
    seen.add(key);
    const e = engine.get(key);
    if (g.values.every((v) => v === null)) {
      if (e) {
        out.wrong++;
        res.failures.push(`line ${key}: engine hints ${e.map(fmt).join(" | ")} but PyTorch assigns no tensor`);
      }
      continue;
    }
    const v = e ? compareValues(e, g.values) : "unknown";
    out[v]++;
    if (v === "wrong") res.failures.push(`line ${key}: engine ${e!.map(fmt).join(" | ")}, PyTorch ${g.values.map(fmt).join(" | ")}`);
  }
  for (const [key, values] of engine) {
    if (seen.has(key)) continue;
    const [f, l] = key.split(":");
    const text = fs.readFileSync(path.join(dir, f), "utf8").split("\n")[Number(l) - 1] ?? "";
    if (/^\s*[\w.]+\[.*\]\s*=/.test(text)) continue;
    out.wrong++;
    res.failures.push(`line ${key}: engine hints ${values.map(fmt).join(" | ")} on a line PyTorch never ran`);
  }
  return out;
}

/** A Markdown table laid out the way Prettier formats it (padded cells), so the doc passes `prettier --check`. */
function markdownTable(header: string[], right: boolean[], rows: string[][]): string[] {
  const widths = header.map((h, i) => Math.max(3, h.length, ...rows.map((r) => r[i].length)));
  const cell = (c: string, i: number) => (right[i] ? c.padStart(widths[i]) : c.padEnd(widths[i]));
  const line = (r: string[]) => `| ${r.map(cell).join(" | ")} |`;
  const sep = `| ${widths.map((w, i) => (right[i] ? "-".repeat(w - 1) + ":" : "-".repeat(w))).join(" | ")} |`;
  return [line(header), sep, ...rows.map(line)];
}

function table(results: ModelResult[], golden: { torch: string; torchvision: string }): string {
  const lineCells = (r: ModelResult) => (r.lines ? `${r.lines.correct} / ${r.lines.unknown} / ${r.lines.wrong}` : "");
  const rows = results.map((r) =>
    [r.name, r.correct + r.unknown + r.wrong, r.correct, r.unknown, r.wrong, r.output, r.params, lineCells(r), r.ms.toFixed(0)].map(String),
  );
  const tot = (k: "correct" | "unknown" | "wrong") => results.reduce((s, r) => s + r[k], 0);
  const lineTot = (k: "correct" | "unknown" | "wrong") => results.reduce((s, r) => s + (r.lines?.[k] ?? 0), 0);
  const anyLines = results.some((r) => r.lines);
  rows.push(
    [
      "**total**",
      tot("correct") + tot("unknown") + tot("wrong"),
      tot("correct"),
      tot("unknown"),
      tot("wrong"),
      "",
      "",
      anyLines ? `${lineTot("correct")} / ${lineTot("unknown")} / ${lineTot("wrong")}` : "",
      "",
    ].map(String),
  );
  const header = ["model", "rows", "correct", "unknown", "wrong", "output", "params", "lines c / u / w", "time (ms)"];
  const right = [false, true, true, true, true, false, false, true, true];
  return [
    "# torchvision model zoo: static shapes vs PyTorch",
    "",
    `Generated by \`test/core/torchvision.test.ts\` from \`test/golden/torchvision.json\` (torch ${golden.torch}, torchvision ${golden.torchvision}).`,
    "Rows are the modules PyTorch calls in one eval-mode forward pass; a row is _correct_ when the engine's outputs equal",
    "PyTorch's, _unknown_ when the engine could not determine them, _wrong_ otherwise. _lines_: the forward hints against every",
    "assignment PyTorch ran in torchvision/models and torchvision/ops (correct / unknown / wrong). Time: `analyzeFile` in the test process.",
    "",
    ...markdownTable(header, right, rows),
    "",
  ].join("\n");
}

for (const goldenFile of GOLDEN_FILES) {
  const golden = JSON.parse(fs.readFileSync(goldenFile, "utf8")) as { torch: string; torchvision: string; models: GoldenModel[] };
  const version = parseTorchVersion(golden.torch);
  if (!version) throw new Error(`${goldenFile}: PyTorch ${golden.torch} is not a followed version`);

  describe(`torchvision model zoo (golden, PyTorch ${golden.torch})`, function () {
    this.timeout(600_000);
    const dir = torchvisionDir();
    const only = process.env.SHAPELENS_TORCHVISION_ONLY?.split(",");
    const results: ModelResult[] = [];
    const counts = new Map<string, Counts>();

    before(function () {
      if (!dir) {
        process.stdout.write(
          "\n  !!!!! THE TORCHVISION MODEL ZOO DID NOT RUN: its sources were not found. Install python3-torchvision, run\n" +
            "  !!!!! scripts/torchvision-sources.sh or set SHAPELENS_TORCHVISION_DIR. Its tests are skipped.\n\n",
        );
        this.skip();
      }
    });

    for (const m of golden.models) {
      if (only && !only.includes(m.name)) continue;
      it(`${m.name}: ${m.model}`, () => {
        const r = evaluate(dir!, m, version);
        results.push(r);
        const verdicts = [r.output, r.params];
        counts.set(m.name, {
          right: r.correct + (r.lines?.correct ?? 0) + verdicts.filter((v) => v === "correct").length,
          unknown: r.unknown + (r.lines?.unknown ?? 0) + verdicts.filter((v) => v === "unknown").length,
        });
        if (process.env.SHAPELENS_TORCHVISION_VERBOSE && r.unknownPaths.length)
          process.stdout.write(`    unknown: ${r.unknownPaths.join(", ")}\n`);
        assert.equal(r.failures.length, 0, `${m.name}: ${r.failures.length} wrong:\n  ${r.failures.slice(0, 40).join("\n  ")}`);
      });
    }

    it("coverage only goes up (test/golden/coverage.json)", function () {
      if (only || !dir) this.skip();
      const problems = checkRatchet(suiteName("torchvision", version), counts);
      assert.equal(problems.length, 0, `coverage went down:\n  ${problems.join("\n  ")}`);
    });

    after(() => {
      if (!results.length) return;
      const text = table(results, golden);
      process.stdout.write(`\n${text}\n`);
      // The committed table (PyTorch 1.13's) is refreshed on request only, so that a test run leaves the tree clean.
      if (!only && version === "1.13" && process.env.SHAPELENS_WRITE_RESULTS === "1") fs.writeFileSync(RESULTS, text);
    });
  });
}
