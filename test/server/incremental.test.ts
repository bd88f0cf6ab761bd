// Server tests: hints right after an edit. A request for a stale document analyses it at once
// (never waits for the debounce), the push delay follows the last analysis time, and the
// document's incremental cache replays the models an edit did not touch and goes with the document.

import assert from "node:assert/strict";
import { analyzeFile } from "../../server/src/core/analysis";
import { DocumentStore } from "../../server/src/documents";
import { fixture } from "./lspClient";

describe("documents: analysis on request and the incremental cache", () => {
  it("answers a request right after an edit without waiting for the debounce, with the edit's results", async () => {
    // A debounce of a minute: only an analysis on request can answer in time.
    const store = new DocumentStore({ options: () => ({}) }, 60_000);
    const { uri, text } = fixture("lsp_blocks.py");
    const state = store.open(uri, "python", 1, text);
    const first = await store.whenAnalyzed(uri);
    assert.equal(first?.version, 1);
    const pos = state.doc.positionAt(text.indexOf("\n"));
    store.change(uri, 2, [{ range: { start: pos, end: pos }, text: " " }]);
    const t0 = Date.now();
    const second = await store.whenAnalyzed(uri);
    assert.ok(Date.now() - t0 < 30_000);
    assert.equal(second?.version, 2);
    const edited = state.doc.getText();
    assert.deepEqual(
      JSON.parse(JSON.stringify(second?.result)),
      JSON.parse(JSON.stringify(analyzeFile(state.file, edited, store.optionsFor(state)))),
    );
    assert.ok(state.cache.stats.replayed + state.cache.stats.ran > 0);
    // The push waits a few analysis times, never more than the configured debounce.
    assert.ok(store.pushDelay(state) <= 60_000);
    assert.ok(store.pushDelay(state) >= 25);
    assert.ok(store.pushDelay(state) <= Math.max(25, 3 * (second?.millis ?? 0)));
    store.close(uri);
    assert.equal(store.get(uri), undefined);
  });

  it("replays the models an edit did not touch", async () => {
    const store = new DocumentStore({ options: () => ({}) }, 60_000);
    const text = [
      "import torch.nn as nn",
      "class A(nn.Module):",
      "    def __init__(self):",
      "        super().__init__()",
      "        self.fc = nn.Linear(8, 4)",
      "    # shape: x = (2, 8)",
      "    def forward(self, x):",
      "        return self.fc(x)",
      "class B(nn.Module):",
      "    def __init__(self):",
      "        super().__init__()",
      "        self.fc = nn.Linear(8, 3)",
      "    # shape: x = (2, 8)",
      "    def forward(self, x):",
      "        return self.fc(x)",
      "",
    ].join("\n");
    const uri = "untitled:replay.py";
    const state = store.open(uri, "python", 1, text);
    await store.whenAnalyzed(uri);
    assert.deepEqual(state.cache.stats, { replayed: 0, ran: 2 });
    // Change B's output width: A is replayed, B runs.
    const pos = { line: 11, character: "        self.fc = nn.Linear(8, ".length };
    store.change(uri, 2, [{ range: { start: pos, end: { line: 11, character: pos.character + 1 } }, text: "5" }]);
    const a = await store.whenAnalyzed(uri);
    assert.deepEqual(state.cache.stats, { replayed: 1, ran: 1 });
    assert.deepEqual(
      a?.result.models.map((m) => m.output),
      [
        [2, 4],
        [2, 5],
      ],
    );
    store.close(uri);
  });
});
