// A short fuzz run inside `npm test` (a few seconds): the same campaign as `npm run fuzz`, bounded
// small, must end with no finding. The big campaign (≥ 100,000 inputs) is run by hand.

import * as assert from "node:assert/strict";
import { fuzz } from "./main";

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
});
