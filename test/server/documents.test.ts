// Server tests: document synchronisation. The incremental tree (tree.edit + re-parse) always equals
// a fresh parse; rapid edits are debounced and the final answer matches a fresh analysis; broken code
// mid-typing is survived; a document is re-analysed when a file it imports changes.

import assert from "node:assert/strict";
import type { Diagnostic, InlayHint, TextDocumentContentChangeEvent } from "vscode-languageserver-protocol/node";
import { parsePython } from "../../server/src/core/parse";
import { DocumentStore } from "../../server/src/documents";
import { TestClient, fixture } from "./lspClient";

const everything = { start: { line: 0, character: 0 }, end: { line: 1000, character: 0 } };

/** Deterministic pseudo-random numbers (a linear congruential generator). */
function rng(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
}

function positionOf(text: string, offset: number): { line: number; character: number } {
  const before = text.slice(0, offset).split("\n");
  return { line: before.length - 1, character: before[before.length - 1].length };
}

describe("documents: incremental sync and trees", () => {
  it("keeps the tree equal to a fresh parse through a long run of random incremental edits", () => {
    const store = new DocumentStore({ options: () => ({}) }, 60000);
    const { uri, text: initial } = fixture("simple_cnn.py");
    const state = store.open(uri, "python", 1, initial);
    const random = rng(7);
    const snippets = [
      "x",
      " = ",
      "(",
      ")",
      "\n",
      "\n        ",
      "self.conv1(x)",
      "é",
      "😀",
      "def f(:\n",
      "  # shape: x = (N, 3)\n",
      ", 3",
      "]",
      "",
    ];
    let text = initial;
    let version = 1;
    for (let round = 0; round < 60; round++) {
      const changes: TextDocumentContentChangeEvent[] = [];
      for (let k = 0; k < 1 + Math.floor(random() * 5); k++) {
        // Never split a surrogate pair: choose boundaries between whole code points.
        const boundary = (o: number) => (o > 0 && o < text.length && /[\uDC00-\uDFFF]/.test(text[o]) ? o - 1 : o);
        const a = boundary(Math.floor(random() * (text.length + 1)));
        const b = boundary(Math.min(text.length, a + Math.floor(random() * 12)));
        const insert = snippets[Math.floor(random() * snippets.length)];
        changes.push({ range: { start: positionOf(text, a), end: positionOf(text, b) }, text: insert });
        text = text.slice(0, a) + insert + text.slice(b);
      }
      store.change(uri, ++version, changes);
      assert.equal(state.doc.getText(), text);
      assert.equal(state.doc.version, version);
      if (round % 3 === 0) assert.equal(store.tree(state).rootNode.toString(), parsePython(text).rootNode.toString(), `round ${round}`);
    }
    assert.equal(store.tree(state).rootNode.toString(), parsePython(text).rootNode.toString());
    // A full-text change drops the old tree.
    store.change(uri, version + 1, [{ text: "x = 1\n" }]);
    assert.equal(store.tree(state).rootNode.toString(), parsePython("x = 1\n").rootNode.toString());
    store.close(uri);
  });
});

describe("language server: editing", () => {
  let client: TestClient;
  beforeEach(async () => {
    client = await TestClient.start({ settings: {} });
  });
  afterEach(async () => {
    assert.deepEqual(client.errors(), []);
    await client.shutdown();
  });

  async function snapshot(uri: string): Promise<{ hints: InlayHint[]; diagnostics: Diagnostic[] }> {
    const hints = await client.request<InlayHint[]>("textDocument/inlayHint", { textDocument: { uri }, range: everything });
    return { hints, diagnostics: await client.diagnosticsFor(uri) };
  }

  it("rapid successive edits: analysed a few times, and the final answer matches a fresh analysis", async () => {
    const { uri, text } = fixture("simple_cnn.py");
    await client.open(uri, text);
    await client.diagnosticsFor(uri);
    // Type a new line in forward one keystroke at a time, with no pause, as fast as a client sends.
    const typed = "        x = x.view(x.size(0), -1)\n";
    const line = 19;
    let sent = 0;
    for (let i = 0; i < typed.length; i++) {
      const ch = typed[i];
      const col = i <= typed.indexOf("\n") ? i : 0;
      await client.change(uri, [{ range: { start: { line, character: col }, end: { line, character: col } }, text: ch }]);
      sent++;
    }
    // Then delete "torch.flatten(x, 1)" line (now line 20) in one edit.
    await client.change(uri, [{ range: { start: { line: 20, character: 0 }, end: { line: 21, character: 0 } }, text: "" }]);
    sent++;
    const lines = text.split("\n");
    const final = [...lines.slice(0, 19), typed.trimEnd(), ...lines.slice(20)].join("\n");
    const edited = await snapshot(uri);
    const analyses = client.statuses.filter((s) => s.uri === uri && s.state === "analysing").length;
    assert.ok(analyses <= 4, `analysed ${analyses} times for ${sent} edits`);
    const fresh = uri.replace("simple_cnn", "simple_cnn_fresh");
    await client.open(fresh, final);
    const expected = await snapshot(fresh);
    assert.deepEqual(edited, expected);
    assert.deepEqual(
      edited.hints.filter((h) => h.position.line === 19).map((h) => h.label),
      ["[N, 2048]"],
    );
  });

  it("broken code mid-typing: stays up, and recovers the same answer once the code is whole again", async () => {
    const { uri, text } = fixture("simple_cnn.py");
    await client.open(uri, text);
    const before = await snapshot(uri);
    // "x = self.pool(x)" becomes "x = self.pool(" then "x = self.pool(x" then whole again.
    const col = text.split("\n")[18].indexOf("x)");
    await client.change(uri, [{ range: { start: { line: 18, character: col }, end: { line: 18, character: col + 2 } }, text: "" }]);
    let broken = await client.request<InlayHint[]>("textDocument/inlayHint", { textDocument: { uri }, range: everything });
    assert.ok(Array.isArray(broken));
    await client.change(uri, [{ range: { start: { line: 18, character: col }, end: { line: 18, character: col } }, text: "x" }]);
    broken = await client.request<InlayHint[]>("textDocument/inlayHint", { textDocument: { uri }, range: everything });
    assert.ok(Array.isArray(broken));
    const hover = await client.request("textDocument/hover", { textDocument: { uri }, position: { line: 18, character: col } });
    assert.ok(hover === null || typeof hover === "object");
    await client.change(uri, [{ range: { start: { line: 18, character: col + 1 }, end: { line: 18, character: col + 1 } }, text: ")" }]);
    assert.deepEqual(await snapshot(uri), before);
  });

  it("re-analyses a document when a file it imports changes in another editor", async () => {
    const main = fixture("uses_import.py");
    const lib = fixture("lsp_blocks.py");
    // The refresh that follows the settings pull comes first, so that it is not counted below.
    await client.until("settings applied", () => client.refreshes > 0);
    await client.open(main.uri, main.text);
    const hint14 = async () =>
      (await client.request<InlayHint[]>("textDocument/inlayHint", { textDocument: { uri: main.uri }, range: everything }))
        .filter((h) => h.position.line === 13)
        .map((h) => h.label);
    assert.deepEqual(await hint14(), ["[1, 16, 8, 8]"]);
    await client.open(lib.uri, lib.text);
    const published = client.diagnostics.get(main.uri);
    // Stem now makes 24 channels: the importing document's hints follow without being touched.
    const col = lib.text.split("\n")[6].indexOf("16");
    const refreshes = client.refreshes;
    await client.change(lib.uri, [{ range: { start: { line: 6, character: col }, end: { line: 6, character: col + 2 } }, text: "24" }]);
    await client.until("re-published diagnostics for the importer", () => client.diagnostics.get(main.uri) !== published);
    // The importer's hints changed without an edit there: the client is asked to fetch them again.
    await client.until("workspace/inlayHint/refresh", () => client.refreshes > refreshes);
    assert.deepEqual(await hint14(), ["[1, 24, 8, 8]"]);
    // Closing the other editor falls back to the file on disk.
    await client.close(lib.uri);
    await client.conn.sendNotification("workspace/didChangeWatchedFiles", { changes: [{ uri: lib.uri, type: 2 }] });
    assert.deepEqual(await hint14(), ["[1, 16, 8, 8]"]);
  });
});
