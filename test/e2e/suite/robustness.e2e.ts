// The extension stays healthy on bad input: a file of garbage and a file caught mid-typing get an
// answer (no hints, a syntax diagnostic) and a good file still gets its hints afterwards.
import * as assert from "node:assert/strict";
import * as vscode from "vscode";
import { EXTENSION_ID, codeOf, errors, hints, open, poll } from "./helpers";

describe("robustness", () => {
  it("stays healthy after a file full of garbage", async () => {
    const garbage = (await open("garbage.py")).document;
    await poll(
      "a syntax error on garbage.py",
      () => errors(garbage.uri),
      (d) => d.some((e) => codeOf(e) === "syntax-error"),
    );
    assert.deepEqual(await hints(garbage), []);
    const hover = await vscode.commands.executeCommand<vscode.Hover[]>(
      "vscode.executeHoverProvider",
      garbage.uri,
      new vscode.Position(5, 3),
    );
    assert.ok(Array.isArray(hover));

    const broken = (await open("broken.py")).document;
    await poll(
      "a syntax error on broken.py",
      () => errors(broken.uri),
      (d) => d.some((e) => codeOf(e) === "syntax-error"),
    );

    const cnn = (await open("cnn.py")).document;
    await poll(
      "cnn.py hints after garbage",
      () => hints(cnn),
      (h) => h.some((x) => x.label === "[N, 10]"),
    );
    assert.equal(vscode.extensions.getExtension(EXTENSION_ID)?.isActive, true);
  });

  it("answers for a 1,000-line model file", async () => {
    const doc = (await open("large.py")).document;
    const started = Date.now();
    const got = await poll(
      "hints of large.py",
      () => hints(doc),
      (h) => h.some((x) => x.label === "[N, 10]"),
      60_000,
    );
    console.log(`[shapelens-e2e] large.py: ${doc.lineCount} lines, ${got.length} hints in ${Date.now() - started} ms`);
    assert.ok(got.length > 100, `only ${got.length} hints`);
  });
});
