// Replays every golden case (test/golden/layers.json from PyTorch 1.13, layers-2.13.json from 2.13)
// through the whole engine following the file's version: the case's Python `source` is placed in a
// forward with a `# shape:` declaration,
// parsed, evaluated and analysed like user code. The hint on that line must equal PyTorch's output,
// an error PyTorch raised must be an error diagnostic, and the layer's parameter count must agree.
// Unknown results are counted, never failed; a wrong shape or a missed/extra error fails.

import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { analyzeFile } from "../../server/src/core/analysis";
import type { ValueJson } from "../../server/src/core/api";
import { TorchVersion, parseTorchVersion } from "../../server/src/core/torchVersion";
import { Counts, checkRatchet, suiteName } from "./ratchet";
import { CODES_FOR_ERROR } from "./goldenCompare";

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

interface GoldenCase {
  id: string;
  kind: "layer" | "function";
  name: string;
  source: string;
  inputs: Record<string, number[]>;
  expect: { output?: Json; params?: number; error?: string; message?: string };
}

const GOLDEN_DIR = path.resolve(__dirname, "../../../test/golden");
const GOLDEN_FILES = [path.join(GOLDEN_DIR, "layers.json"), path.join(GOLDEN_DIR, "layers-2.13.json")];

/** Expected value in the CLI's JSON form, or undefined for outputs that are not tensors. */
function expectedJson(o: Json | undefined): ValueJson | undefined {
  if (o === null || o === undefined || typeof o !== "object" || Array.isArray(o)) return undefined;
  if ("tensor" in o) return o.tensor as number[];
  if ("tuple" in o) {
    const items = (o.tuple as Json[]).map(expectedJson);
    return items.every((x) => x !== undefined) ? { tuple: items as ValueJson[] } : undefined;
  }
  return undefined;
}

export function caseSource(c: GoldenCase): string {
  const names = Object.keys(c.inputs);
  const decl = names.map((n) => `${n} = (${c.inputs[n].join(", ")}${c.inputs[n].length === 1 ? "," : ""})`).join(", ");
  return [
    "import torch",
    "import torch.nn as nn",
    "import torch.nn.functional as F",
    "",
    "",
    "class Case(nn.Module):",
    `    # shape: ${decl}`,
    `    def forward(self${names.map((n) => `, ${n}`).join("")}):`,
    `        out = ${c.source}`,
    "        return out",
    "",
  ].join("\n");
}

const OUT_LINE = 8;

type Verdict = "agree" | "unknown" | "fail" | "skipped";

function judge(c: GoldenCase, torchVersion: TorchVersion): { verdict: Verdict; detail?: string; sameMessage?: boolean } {
  const text = caseSource(c);
  if (Object.values(c.inputs).some((s) => s.length === 0)) return { verdict: "skipped" };
  const result = analyzeFile(`/golden/${c.id.replace(/\W/g, "_")}.py`, text, { torchVersion });
  const errors = result.diagnostics.filter((d) => d.severity === "error");
  const hint = result.hints.find((h) => h.range.start.line === OUT_LINE);
  const call = result.calls.find((k) => k.callRange.start.line === OUT_LINE && k.params !== null);
  if (c.expect.error) {
    // PyTorch's message (first line) word for word, as the engine words most errors.
    const torchMessage = (c.expect.message ?? "").split("\n")[0].trim();
    if (errors.length) {
      const allowed = CODES_FOR_ERROR[c.expect.error] ?? [];
      if (CODES_FOR_ERROR[c.expect.error] && !errors.some((e) => allowed.includes(e.code)))
        return { verdict: "fail", detail: `PyTorch raised ${c.expect.error}, engine codes ${errors.map((e) => e.code).join(", ")}` };
      return { verdict: "agree", sameMessage: errors.some((e) => e.message.split("\n")[0].trim() === torchMessage) };
    }
    if (hint) return { verdict: "fail", detail: `PyTorch raised "${c.expect.message}", engine showed ${JSON.stringify(hint.values)}` };
    return { verdict: "unknown" };
  }
  if (errors.length) return { verdict: "fail", detail: `engine error ${errors.map((e) => `[${e.code}] ${e.message}`).join("; ")}` };
  const want = expectedJson(c.expect.output);
  if (c.expect.params !== undefined && call && call.params !== c.expect.params) {
    return { verdict: "fail", detail: `params: expected ${c.expect.params}, engine ${call.params}` };
  }
  if (want === undefined) return { verdict: "skipped" };
  if (!hint) return { verdict: "unknown" };
  if (hint.values.length !== 1 || JSON.stringify(hint.values[0]) !== JSON.stringify(want)) {
    return { verdict: "fail", detail: `expected ${JSON.stringify(want)}, engine ${JSON.stringify(hint.values)}` };
  }
  return { verdict: "agree" };
}

for (const file of GOLDEN_FILES) {
  const golden = JSON.parse(fs.readFileSync(file, "utf8")) as { torch: string; cases: GoldenCase[] };
  const version = parseTorchVersion(golden.torch);
  if (!version) throw new Error(`${file}: PyTorch ${golden.torch} is not a followed version`);

  describe(`golden cases through the whole engine (source → hints), PyTorch ${golden.torch}`, function () {
    this.timeout(300000);
    const counts: Record<Verdict, number> = { agree: 0, unknown: 0, fail: 0, skipped: 0 };
    const perOp = new Map<string, Counts>();
    const messages = new Map<string, Counts>();
    const byOp = new Map<string, GoldenCase[]>();
    for (const c of golden.cases) {
      const list = byOp.get(c.name) ?? [];
      list.push(c);
      byOp.set(c.name, list);
    }
    for (const [op, cases] of byOp) {
      it(`${op} (${cases.length} cases)`, () => {
        const failures: string[] = [];
        const opCounts: Counts = { right: 0, unknown: 0 };
        const msg: Counts = { right: 0, unknown: 0 };
        perOp.set(op, opCounts);
        for (const c of cases) {
          const { verdict, detail, sameMessage } = judge(c, version);
          counts[verdict]++;
          if (verdict === "agree") opCounts.right++;
          if (verdict === "unknown") opCounts.unknown++;
          if (sameMessage !== undefined) msg[sameMessage ? "right" : "unknown"]++;
          if (verdict === "fail") failures.push(`${c.id}  ${c.source}\n      ${detail}`);
        }
        if (msg.right + msg.unknown) messages.set(op, msg);
        assert.equal(
          failures.length,
          0,
          `${failures.length} of ${cases.length} ${op} cases disagree with PyTorch:\n    ${failures.join("\n    ")}`,
        );
      });
    }
    it("coverage only goes up (test/golden/coverage.json): agreements, and errors worded like PyTorch", () => {
      const problems = [
        ...checkRatchet(suiteName("golden-pipeline", version), perOp),
        ...checkRatchet(suiteName("golden-pipeline-error-messages", version), messages),
      ];
      assert.equal(problems.length, 0, `coverage went down:\n  ${problems.join("\n  ")}`);
    });
    after(() => {
      process.stdout.write(
        `  golden pipeline (PyTorch ${golden.torch}): ${counts.agree} agree, ${counts.unknown} unknown, ${counts.fail} wrong, ${counts.skipped} not tensor-valued\n`,
      );
    });
  });
}
