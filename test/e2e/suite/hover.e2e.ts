// Hover on a Conv2d construction: the output-size formula with the user's numbers for each spatial
// axis, input → output shapes and the parameter count.
import * as assert from "node:assert/strict";
import * as vscode from "vscode";
import { open, poll, positionOf, screenshot, settle } from "./helpers";

function text(hovers: vscode.Hover[]): string {
  return hovers
    .flatMap((h) => h.contents)
    .map((c) => (typeof c === "string" ? c : c.value))
    .join("\n");
}

describe("hover", () => {
  it("explains a Conv2d with the numbers and the output shape", async () => {
    const editor = await open("cnn.py");
    const doc = editor.document;
    const at = positionOf(doc, "nn.Conv2d(16, 32", 4);
    const hovers = await poll(
      "hover on conv2",
      () => vscode.commands.executeCommand<vscode.Hover[]>("vscode.executeHoverProvider", doc.uri, at),
      (h) => text(h ?? []).includes("H_out"),
    );
    const md = text(hovers);
    assert.ok(md.includes("Conv2d"), md);
    assert.ok(md.includes("H_out = ⌊(16 + 2·1 − 1·(3−1) − 1)/2⌋ + 1 = 8"), md);
    assert.ok(md.includes("W_out = ⌊(16 + 2·1 − 1·(3−1) − 1)/2⌋ + 1 = 8"), md);
    assert.ok(md.includes("`[N, 16, 16, 16]` → `[N, 32, 8, 8]`"), md);
    assert.ok(md.includes("params 4,640"), md);

    if (process.env.SHAPELENS_E2E_SHOTS) {
      editor.selection = new vscode.Selection(at, at);
      editor.revealRange(new vscode.Range(at, at), vscode.TextEditorRevealType.InCenter);
      await vscode.commands.executeCommand("editor.action.showHover");
      await settle();
      await screenshot("hover");
      await vscode.commands.executeCommand("editor.action.hideHover").then(undefined, () => undefined);
    }
  });
});
