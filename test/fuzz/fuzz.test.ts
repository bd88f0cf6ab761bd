// A short fuzz run inside `npm test` (a few seconds): the same campaign as `npm run fuzz`, bounded
// small, must end with no finding; inputs that once found something (saved under
// test/fixtures/fuzz/) must stay fixed. The big campaign (≥ 100,000 inputs) is run by hand.

import * as assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { checkInput, makeWorkspace, metamorphic } from "./engine";
import { fuzz } from "./main";
import { ROOT } from "./mutate";

describe("fuzzing (short run)", function () {
  this.timeout(120000);
  it("mutated inputs through the engine, the CLI and the server: no crash, no internal error, no run over budget", async () => {
    const r = await fuzz({ count: 80, seconds: 5, seed: Number(process.env.SHAPELENS_FUZZ_SEED ?? 7), serverEdits: 40 });
    assert.ok(r.inputs > 0, "some inputs ran");
    assert.deepEqual(
      r.findings.map((f) => `${f.kind}${f.input !== undefined ? ` #${f.input}` : ""}: ${f.detail.slice(0, 200)}`),
      [],
    );
  });

  it("inputs saved by earlier fuzz runs analyse cleanly", () => {
    const saved = path.join(ROOT, "test/fixtures/fuzz");
    const files = fs.existsSync(saved) ? fs.readdirSync(saved).filter((f) => f.endsWith(".py")) : [];
    const dir = makeWorkspace(fs.mkdtempSync(path.join(os.tmpdir(), "shapelens-fuzzed-")));
    try {
      for (const f of files) {
        const file = path.join(dir, "main.py");
        const text = fs.readFileSync(path.join(saved, f), "utf8");
        const { findings, result } = checkInput(file, text, dir);
        if (f.startsWith("metamorphic-") && result) findings.push(...metamorphic(file, text, dir, result));
        assert.deepEqual(findings, [], f);
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("the same input gives the same hints however the garbage collector ran in between", () => {
    // The metamorphic finding seed 1 #6600 came from comparing syntax nodes by object identity:
    // tree-sitter makes a new wrapper for a node whose old one was collected. A fresh process
    // showed it on its first analysis (6 hints, then 8).
    const fixture = path.join(ROOT, "test/fixtures/fuzz/metamorphic-seed1-6600.py");
    const r = spawnSync(process.execPath, ["--expose-gc", path.join(__dirname, "gcReplay.js"), fixture], {
      encoding: "utf8",
      timeout: 60000,
    });
    assert.equal(r.status, 0, r.stderr);
    const runs = JSON.parse(r.stdout) as string[][];
    assert.equal(runs[0].length, 8);
    assert.deepEqual(runs[1], runs[0]);
    assert.deepEqual(runs[2], runs[0]);
  });
});
