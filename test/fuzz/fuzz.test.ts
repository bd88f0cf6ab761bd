// A short fuzz run inside `npm test` (a few seconds): the same campaign as `npm run fuzz`, bounded
// small, must end with no finding; inputs that once found something (saved under
// test/fixtures/fuzz/) must stay fixed. The big campaign (≥ 100,000 inputs) is run by hand.

import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { checkInput, makeWorkspace } from "./engine";
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
        const { findings } = checkInput(path.join(dir, "main.py"), fs.readFileSync(path.join(saved, f), "utf8"), dir);
        assert.deepEqual(findings, [], f);
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
