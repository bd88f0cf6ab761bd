// The module-level run against PyTorch: each real-world file that has a `__main__` block, run as a script
// under real PyTorch (test/golden/scripts.json from 1.13 and scripts-2.13.json from 2.13, by
// scripts/golden/generate_scripts.py; each replayed following its version), against what
// `shapelens hints FILE` shows with no --model/--input. Every tensor hint that is not an assumption must
// equal what PyTorch assigned on that line (or be unknown); a hint on a line PyTorch never ran is wrong.

import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { analyzeFile } from "../../server/src/core/analysis";
import { isTensorAssignment } from "../../server/src/core/report";
import { diskOptions } from "./diskOptions";
import { Golden, Verdict, compareValues } from "./goldenCompare";
import { Counts, checkRatchet, suiteName } from "./ratchet";
import { parseTorchVersion } from "../../server/src/core/torchVersion";

const ROOT = path.resolve(__dirname, "../../..");
const DIR = path.join(ROOT, "test", "realworld");

interface ScriptGolden {
  file: string;
  lines?: { line: number; values: Golden[] }[];
  error?: string;
}

for (const name of ["scripts.json", "scripts-2.13.json"]) {
  const golden = JSON.parse(fs.readFileSync(path.join(ROOT, "test", "golden", name), "utf8")) as { torch: string; files: ScriptGolden[] };
  const torch = golden.torch;
  const version = parseTorchVersion(torch);
  if (!version) throw new Error(`${name}: PyTorch ${torch} is not a followed version`);

  describe(`module-level runs (files run as scripts, golden, PyTorch ${torch})`, function () {
    this.timeout(300_000);
    const counts = new Map<string, Counts>();
    for (const g of golden.files) {
      if (!g.lines) continue;
      it(g.file, () => {
        const file = path.join(DIR, g.file);
        const text = fs.readFileSync(file, "utf8");
        const a = analyzeFile(file, text, { ...diskOptions(DIR), torchVersion: version });
        const tally: Record<Verdict, number> = { correct: 0, unknown: 0, wrong: 0 };
        const failures: string[] = [];
        const traced = new Map(g.lines!.map((l) => [l.line, l.values]));
        for (const h of a.hints) {
          if (h.file !== file || !isTensorAssignment(h) || h.assumed) continue;
          const line = h.range.start.line + 1;
          const want = traced.get(line);
          const source = text.split("\n")[line - 1] ?? "";
          if (!want) {
            // Subscript targets are not traced; any other hinted line must have run.
            if (!/^\s*[\w.]+\[.*\]\s*=/.test(source))
              failures.push(`line ${line}: hint ${JSON.stringify(h.values)} on a line PyTorch never ran`);
            continue;
          }
          if (want.every((v) => v === null)) {
            failures.push(`line ${line}: hint ${JSON.stringify(h.values)} but PyTorch assigns no tensor`);
            continue;
          }
          const v = compareValues(h.values, want);
          tally[v]++;
          if (v === "wrong") failures.push(`line ${line}: engine ${JSON.stringify(h.values)}, PyTorch ${JSON.stringify(want)}`);
        }
        const tensorLines = g.lines!.filter((l) => l.values.some((v) => v !== null)).length;
        counts.set(g.file, { right: tally.correct, unknown: tensorLines - tally.correct });
        assert.deepEqual(failures, []);
      });
    }
    it("coverage only goes up (test/golden/coverage.json)", () => {
      const problems = checkRatchet(suiteName("scripts", version), counts);
      assert.equal(problems.length, 0, `coverage went down:\n  ${problems.join("\n  ")}`);
    });
  });
}
