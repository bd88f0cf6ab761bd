// The coverage ratchet: each golden suite's right and unknown answers per model, committed in
// test/golden/coverage.json, may only get better. A suite fails when a model's count of right answers
// drops or its unknowns grow (a new model is taken as it is). SHAPELENS_WRITE_COVERAGE=1 records the
// current counts instead (do it when they improved, and commit the file).

import * as fs from "fs";
import * as path from "path";

export interface Counts {
  right: number;
  unknown: number;
}

type Coverage = Record<string, Record<string, Counts>>;

function coverageFile(): string {
  let d = __dirname;
  while (!fs.existsSync(path.join(d, "test", "golden")) && path.dirname(d) !== d) d = path.dirname(d);
  return path.join(d, "test", "golden", "coverage.json");
}

function load(): Coverage {
  const file = coverageFile();
  return fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, "utf8")) as Coverage) : {};
}

/** The ratchet's name for a suite replayed under a PyTorch version: 1.13 keeps the plain name. */
export function suiteName(suite: string, version: string): string {
  return version === "1.13" ? suite : `${suite}@${version}`;
}

/**
 * Compares a suite's counts with the committed ones; returns the regressions (empty when none) and
 * prints the suite's totals against them. With SHAPELENS_WRITE_COVERAGE=1 the counts are recorded.
 */
export function checkRatchet(suite: string, counts: Map<string, Counts>): string[] {
  const all = load();
  const base = all[suite] ?? {};
  const problems: string[] = [];
  let right = 0;
  let unknown = 0;
  let baseRight = 0;
  let baseUnknown = 0;
  for (const [model, c] of counts) {
    right += c.right;
    unknown += c.unknown;
    const b = base[model];
    if (!b) continue;
    baseRight += b.right;
    baseUnknown += b.unknown;
    if (c.right < b.right) problems.push(`${model}: ${c.right} right answers, ${b.right} recorded`);
    if (c.unknown > b.unknown) problems.push(`${model}: ${c.unknown} unknowns, ${b.unknown} recorded`);
  }
  process.stdout.write(
    `  coverage ratchet ${suite}: ${right} right / ${unknown} unknown (recorded for the same models: ${baseRight} / ${baseUnknown})\n`,
  );
  if (process.env.SHAPELENS_WRITE_COVERAGE === "1") {
    all[suite] = Object.fromEntries([...counts].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    // One model per line: a diff shows which counts moved.
    const suites = Object.keys(all).sort();
    const text = suites
      .map((s) => {
        const rows = Object.entries(all[s]).map(([m, c]) => `  ${JSON.stringify(m)}: ${JSON.stringify(c)}`);
        return ` ${JSON.stringify(s)}: {\n${rows.join(",\n")}\n }`;
      })
      .join(",\n");
    fs.writeFileSync(coverageFile(), `{\n${text}\n}\n`);
    return [];
  }
  return problems;
}
