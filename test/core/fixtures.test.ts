// Data-driven tests over annotated Python fixtures (test/fixtures/forward/*.py). On a line,
//   `# => [N, 32, 26, 26]`   the hint value(s) expected there (several for lines run several times),
//   `# => ?`                 no hint (the engine must not guess),
//   `# => [3, 8] ?`          these values, then an explicit unknown (the line also ran with values the engine lost),
//   `# !! channel-mismatch`  an error diagnostic with that code on that line.
// Lines without an annotation must get no hint and no error. scripts/golden/verify_fixtures.py
// checks the same annotations against real PyTorch.

import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { analyzeFile } from "../../server/src/core/analysis";
import { formatJson } from "../../server/src/core/interp/json";

const dir = path.resolve(__dirname, "../../../test/fixtures/forward");

interface Expectation {
  hints?: string[];
  noHint?: boolean;
  errors?: string[];
}

/** Splits "[N, 32] [N, 16]" or "([2, 8], [2, 8])" into top-level values. */
export function splitValues(text: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = "";
  for (const ch of text.trim()) {
    if (ch === "[" || ch === "(") depth++;
    if (ch === "]" || ch === ")") depth--;
    if (ch === " " && depth === 0) {
      if (cur) out.push(cur);
      cur = "";
      continue;
    }
    cur += ch;
  }
  if (cur) out.push(cur);
  return out.map((v) => v.replace(/\s+/g, "").replace(/,/g, ", "));
}

function expectations(text: string): Map<number, Expectation> {
  const map = new Map<number, Expectation>();
  text.split("\n").forEach((line, i) => {
    const hint = /#\s*=>\s*(.*)$/.exec(line);
    const err = /#\s*!!\s*([\w-]+)/.exec(line);
    if (hint) map.set(i, hint[1].trim() === "?" ? { noHint: true } : { hints: splitValues(hint[1]) });
    if (err) map.set(i, { ...(map.get(i) ?? {}), errors: [err[1]] });
  });
  return map;
}

const normalize = (s: string) => s.replace(/\s+/g, "").replace(/,/g, ", ");

describe("annotated fixtures", () => {
  for (const name of fs
    .readdirSync(dir)
    .filter((f) => f.endsWith(".py"))
    .sort()) {
    it(name, () => {
      const file = path.join(dir, name);
      const text = fs.readFileSync(file, "utf8");
      const expected = expectations(text);
      const result = analyzeFile(file, text);
      const problems: string[] = [];
      const hintsByLine = new Map<number, string[]>();
      for (const h of result.hints.filter((x) => x.file === file))
        hintsByLine.set(
          h.range.start.line,
          h.values.map((v) => normalize(formatJson(v))),
        );
      for (const [line, got] of hintsByLine) {
        const e = expected.get(line);
        if (!e?.hints) problems.push(`line ${line + 1}: unexpected hint ${got.join(" ")}`);
        else if (JSON.stringify(got) !== JSON.stringify(e.hints))
          problems.push(`line ${line + 1}: expected ${e.hints.join(" ")}, got ${got.join(" ")}`);
      }
      for (const [line, e] of expected) {
        if (e.hints && !hintsByLine.has(line)) problems.push(`line ${line + 1}: expected ${e.hints.join(" ")}, got no hint`);
      }
      const errors = result.diagnostics.filter((d) => d.severity === "error");
      for (const d of errors) {
        const e = expected.get(d.range.start.line);
        if (!e?.errors?.includes(d.code)) problems.push(`line ${d.range.start.line + 1}: unexpected error [${d.code}] ${d.message}`);
      }
      for (const [line, e] of expected) {
        for (const code of e.errors ?? []) {
          if (!errors.some((d) => d.range.start.line === line && d.code === code))
            problems.push(`line ${line + 1}: expected error [${code}]`);
        }
      }
      assert.deepEqual(problems, []);
    });
  }
});
