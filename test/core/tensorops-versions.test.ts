// The tensor-op test cases (creation, elementwise, indexing, join, reduce, reshape, matmul), recorded
// again under PyTorch 2.13 by scripts/golden/generate_tensorops.py (test/golden/tensorops-2.13.json),
// replayed under "2": shapes and dtypes must equal 2.13's, errors must be errors worded as 2.13 words
// them (TypeErrors aside, as in the 1.13 tests). Giving up is counted, never failed.

import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { ShapeError, Unknown } from "../../server/src/core/errors";
import { parseTorchVersion } from "../../server/src/core/torchVersion";
import { followTorch } from "./followTorch";
import { Case, callRule, checkValue, decode } from "./tensorops-runner";

const GOLDEN = path.resolve(__dirname, "../../../test/golden/tensorops-2.13.json");

type Verdict = "agree" | "unknown" | "fail";

function judge(c: Case): { verdict: Verdict; detail?: string } {
  const exp = c.expect as { error?: string; message?: string };
  const where = `${c.name}(${JSON.stringify(c.args)}, ${JSON.stringify(c.kwargs)})`;
  try {
    const got = callRule(c.name, c.args.map(decode), Object.fromEntries(Object.entries(c.kwargs).map(([k, v]) => [k, decode(v)])));
    if (exp.error) return { verdict: "fail", detail: `${where}: returned a value but PyTorch raises ${exp.error}: ${exp.message}` };
    checkValue(got, c.expect, where);
    return { verdict: "agree" };
  } catch (e) {
    if (e instanceof Unknown) return { verdict: "unknown" };
    if (e instanceof ShapeError) {
      if (!exp.error) return { verdict: "fail", detail: `${where}: raised "${e.message}" but PyTorch returns ${JSON.stringify(c.expect)}` };
      if (exp.error !== "TypeError" && e.message !== exp.message) {
        return { verdict: "fail", detail: `${where}: "${e.message}" but PyTorch says "${exp.message}"` };
      }
      return { verdict: "agree" };
    }
    if (e instanceof assert.AssertionError) return { verdict: "fail", detail: e.message };
    throw e;
  }
}

const golden = JSON.parse(fs.readFileSync(GOLDEN, "utf8")) as { torch: string; cases: Case[] };

describe(`tensor ops under PyTorch ${golden.torch} (${golden.cases.length} cases)`, () => {
  const version = parseTorchVersion(golden.torch);
  assert.ok(version);
  followTorch(version);
  it("agree with PyTorch, or give up", () => {
    const counts: Record<Verdict, number> = { agree: 0, unknown: 0, fail: 0 };
    const failures: string[] = [];
    for (const c of golden.cases) {
      const { verdict, detail } = judge(c);
      counts[verdict]++;
      if (detail) failures.push(detail);
    }
    process.stdout.write(
      `    tensor ops (PyTorch ${golden.torch}): ${counts.agree} agree, ${counts.unknown} unknown, ${counts.fail} wrong\n`,
    );
    assert.deepEqual(failures, []);
  });
});
