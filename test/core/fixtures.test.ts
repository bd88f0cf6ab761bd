// Data-driven tests over annotated Python fixtures (test/fixtures/forward/*.py, and the code cells of
// test/fixtures/notebooks/*.ipynb joined into one module), run once per followed PyTorch version. On a line,
//   `# => [N, 32, 26, 26]`   the hint value(s) expected there (several for lines run several times),
//   `# => ?`                 no hint (the engine must not guess),
//   `# => [3, 8] ?`          these values, then an explicit unknown (the line also ran with values the engine lost),
//   `# !! channel-mismatch`  an error diagnostic with that code on that line;
//   `# =>@1.13 …`, `# !!@2 …` the same for one version only (where the versions differ).
// A file whose first lines say `# fixture-torch: 2` runs under that version only (APIs 1.13 lacks).
// Lines without an annotation must get no hint and no error. scripts/golden/verify_fixtures.py
// checks the same annotations against real PyTorch (1.13 and 2.13).

import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { analyzeFile } from "../../server/src/core/analysis";
import { formatHintValue } from "../../server/src/core/format";
import { joinCells, parseIpynb } from "../../server/src/core/notebook";
import { TORCH_VERSIONS, TorchVersion } from "../../server/src/core/torchVersion";

const dir = path.resolve(__dirname, "../../../test/fixtures/forward");
const notebooks = path.resolve(__dirname, "../../../test/fixtures/notebooks");

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
  return out.map((v) => v.replace(/\s+/g, "").replace(/,(?!\))/g, ", "));
}

function expectations(text: string, version: TorchVersion): Map<number, Expectation> {
  const map = new Map<number, Expectation>();
  text.split("\n").forEach((line, i) => {
    for (const m of line.matchAll(/#\s*(=>|!!)(?:@([\d.]+))?\s*([^#]*)/g)) {
      const [, kind, only, body] = m;
      if (only !== undefined && only !== version) continue;
      const e = map.get(i) ?? {};
      if (kind === "!!") e.errors = [...(e.errors ?? []), body.trim()];
      else if (body.trim() === "?") e.noHint = true;
      else e.hints = splitValues(body);
      map.set(i, e);
    }
  });
  return map;
}

/** The versions a fixture runs under: all, or the one its `# fixture-torch:` line names. */
function fixtureVersions(text: string): TorchVersion[] {
  const m = /^#\s*fixture-torch:\s*([\d.]+)\s*$/m.exec(text.split("\n").slice(0, 8).join("\n"));
  return m ? TORCH_VERSIONS.filter((v) => v === m[1]) : [...TORCH_VERSIONS];
}

// A 1-tuple keeps its comma without a space: "([3],)".
const normalize = (s: string) => s.replace(/\s+/g, "").replace(/,(?!\))/g, ", ");

/** Every annotation of one fixture checked against the engine's hints and errors under one version; the problems found. */
function check(file: string, text: string, torchVersion: TorchVersion): string[] {
  const expected = expectations(text, torchVersion);
  const result = analyzeFile(file, text, { torchVersion });
  const problems: string[] = [];
  const hintsByLine = new Map<number, string[]>();
  for (const h of result.hints.filter((x) => x.file === file))
    hintsByLine.set(
      h.range.start.line,
      h.values.map((v) => normalize(formatHintValue(v, h.kind))),
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
      if (!errors.some((d) => d.range.start.line === line && d.code === code)) problems.push(`line ${line + 1}: expected error [${code}]`);
    }
  }
  return problems;
}

describe("annotated fixtures", () => {
  for (const name of fs
    .readdirSync(dir)
    .filter((f) => f.endsWith(".py"))
    .sort()) {
    const file = path.join(dir, name);
    const text = fs.readFileSync(file, "utf8");
    for (const version of fixtureVersions(text)) it(`${name} (PyTorch ${version})`, () => assert.deepEqual(check(file, text, version), []));
  }
});

describe("annotated notebooks (code cells joined, line numbers of the joined module)", () => {
  for (const name of fs
    .readdirSync(notebooks)
    .filter((f) => f.endsWith(".ipynb"))
    .sort()) {
    const file = path.join(notebooks, name);
    const text = joinCells(parseIpynb(fs.readFileSync(file, "utf8"))).text;
    for (const version of fixtureVersions(text)) it(`${name} (PyTorch ${version})`, () => assert.deepEqual(check(file, text, version), []));
  }
});
