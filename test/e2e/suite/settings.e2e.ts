// Settings take effect without a restart: turning forward hints off removes them, a batch symbol
// renames the symbolic batch dim, and a default input shape analyses a forward that declares none.
import * as assert from "node:assert/strict";
import * as vscode from "vscode";
import { hints, open, poll, positionOf, setText } from "./helpers";

async function set(key: string, value: unknown): Promise<void> {
  await vscode.workspace.getConfiguration("shapeLens").update(key, value, vscode.ConfigurationTarget.Global);
}

describe("settings", () => {
  afterEach(async () => {
    for (const key of ["inlayHints.forward", "inlayHints.init", "batchSymbol", "defaultInputShape", "assumeInputs"])
      await set(key, undefined);
  });

  it("inlayHints.forward and inlayHints.init switch the hints off and on", async () => {
    const doc = (await open("cnn.py")).document;
    await poll(
      "hints of cnn.py",
      () => hints(doc),
      (h) => h.length >= 11,
    );
    await set("inlayHints.forward", false);
    const initOnly = await poll(
      "only __init__ hints",
      () => hints(doc),
      (h) => h.length > 0 && h.every((x) => x.label.startsWith("→")),
    );
    assert.equal(initOnly.length, 5);
    await set("inlayHints.init", false);
    await poll(
      "no hints",
      () => hints(doc),
      (h) => h.length === 0,
    );
    await set("inlayHints.forward", undefined);
    await set("inlayHints.init", undefined);
    await poll(
      "hints back",
      () => hints(doc),
      (h) => h.length >= 11,
    );
  });

  it("batchSymbol names the batch dim of a proposed declaration", async () => {
    const doc = (await open("undeclared.py")).document;
    const original = doc.getText();
    const at = positionOf(doc, "def forward", 4);
    const title = (symbol: string) => `Declare the input shape of forward: x = (${symbol}, C, H, W)`;
    const actions = () =>
      vscode.commands.executeCommand<vscode.CodeAction[]>("vscode.executeCodeActionProvider", doc.uri, new vscode.Range(at, at));
    await poll("the declaration quick fix with N", actions, (a) => (a ?? []).some((x) => x.title === title("N")));
    await set("batchSymbol", "B");
    const got = await poll("the declaration quick fix with B", actions, (a) => (a ?? []).some((x) => x.title === title("B")));
    const fix = got.find((x) => x.title === title("B"))!;
    assert.ok(fix.edit && (await vscode.workspace.applyEdit(fix.edit)));
    assert.ok(doc.getText().includes("    # shape: x = (B, C, H, W)\n    def forward(self, x):"), doc.getText());
    await setText(doc, original);
  });

  it("defaultInputShape analyses a forward without a declaration", async () => {
    const doc = (await open("undeclared.py")).document;
    // Without a declaration, a default or an assumed input there is nothing to show.
    await set("assumeInputs", false);
    await poll(
      "no hints without any input",
      () => hints(doc),
      (h) => h.length === 0,
    );
    await set("defaultInputShape", "N, 1, 28, 28");
    const got = await poll(
      "hints with a default input",
      () => hints(doc),
      (h) => h.some((x) => x.label === "[N, 10]"),
    );
    assert.deepEqual(
      got.filter((h) => !h.label.startsWith("→")).map((h) => h.label),
      ["[N, 8, 26, 26]", "[N, 5408]", "[N, 10]"],
    );
  });
});
