// Settings take effect without a restart: turning forward hints off removes them, a batch symbol
// renames the symbolic batch dim, and a default input shape analyses a forward that declares none.
import * as assert from "node:assert/strict";
import * as vscode from "vscode";
import { hints, open, poll } from "./helpers";

async function set(key: string, value: unknown): Promise<void> {
  await vscode.workspace.getConfiguration("shapeLens").update(key, value, vscode.ConfigurationTarget.Global);
}

describe("settings", () => {
  afterEach(async () => {
    for (const key of ["inlayHints.forward", "inlayHints.init", "batchSymbol", "defaultInputShape"]) await set(key, undefined);
  });

  it("inlayHints.forward and inlayHints.init switch the hints off and on", async () => {
    const doc = (await open("cnn.py")).document;
    await poll("hints of cnn.py", () => hints(doc), (h) => h.length >= 11);
    await set("inlayHints.forward", false);
    const initOnly = await poll("only __init__ hints", () => hints(doc), (h) => h.length > 0 && h.every((x) => x.label.startsWith("→")));
    assert.equal(initOnly.length, 5);
    await set("inlayHints.init", false);
    await poll("no hints", () => hints(doc), (h) => h.length === 0);
    await set("inlayHints.forward", undefined);
    await set("inlayHints.init", undefined);
    await poll("hints back", () => hints(doc), (h) => h.length >= 11);
  });

  it("batchSymbol renames the batch dim", async () => {
    const doc = (await open("cnn.py")).document;
    await set("batchSymbol", "B");
    await poll("hints with B", () => hints(doc), (h) => h.some((x) => x.label === "[B, 10]"));
  });

  it("defaultInputShape analyses a forward without a declaration", async () => {
    const doc = (await open("undeclared.py")).document;
    // Without a declaration nor a default there is nothing to show.
    assert.deepEqual(await hints(doc), []);
    await set("defaultInputShape", "N, 1, 28, 28");
    const got = await poll("hints with a default input", () => hints(doc), (h) => h.some((x) => x.label === "[N, 10]"));
    assert.deepEqual(
      got.filter((h) => !h.label.startsWith("→")).map((h) => h.label),
      ["[N, 8, 26, 26]", "[N, 5408]", "[N, 10]"],
    );
  });
});
