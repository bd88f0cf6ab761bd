// The layer view: opened by clicking the link at the bottom of a Conv2d hover, it animates the
// kernel over every output position; its frame count equals the layer's output size. The time from
// the click to the webview's script running is reported.
import * as assert from "node:assert/strict";
import * as vscode from "vscode";
import { clickInPage, open, poll, positionOf, screenshot, settle, shapeLensApi } from "./helpers";

function text(hovers: vscode.Hover[]): string {
  return hovers
    .flatMap((h) => h.contents)
    .map((c) => (typeof c === "string" ? c : c.value))
    .join("\n");
}

describe("layer arithmetic view", () => {
  it("opens from the hover link; frame count = output positions (8×8)", async () => {
    const editor = await open("cnn.py");
    const doc = editor.document;
    const at = positionOf(doc, "nn.Conv2d(16, 32", 4);
    const hovers = await poll(
      "hover with the layer-view link",
      () => vscode.commands.executeCommand<vscode.Hover[]>("vscode.executeHoverProvider", doc.uri, at),
      (h) => text(h ?? []).includes("command:shapeLens.showLayerArithmetic"),
    );
    assert.match(text(hovers), /Padding for ⌈W\/s⌉/);
    const api = await shapeLensApi();
    editor.selection = new vscode.Selection(at, at);
    editor.revealRange(new vscode.Range(at, at), vscode.TextEditorRevealType.InCenter);
    await vscode.commands.executeCommand("editor.action.showHover");
    await settle();
    const clicked = Date.now();
    await clickInPage("hover-link", "Show layer arithmetic");
    const view = await poll(
      "the layer view",
      () => api.layerView(),
      (v) => v !== undefined && v.title.startsWith("Conv2d"),
    );
    assert.equal(view!.title, "Conv2d: kernel 3, stride 2, padding 1; 16×16 → 8×8");
    assert.equal(view!.frameCount, 8 * 8);
    console.log(
      `[shapelens-e2e] layer view open: ${Date.now() - clicked} ms from the click, ${view!.openMillis} ms from the command to the webview running`,
    );
    // The view's own buttons drive the animation: one step moves to the second output position.
    await clickInPage("layer-step", "Step ▶");
    await poll(
      "the layer view's second frame",
      () => api.layerView()?.frame,
      (f) => f === 1,
      30_000,
      false,
    );
    if (process.env.SHAPELENS_E2E_SHOTS) {
      // The view alone on screen (the hover stays open under the pointer in the editor group).
      const ignore = () => undefined;
      await vscode.commands.executeCommand("workbench.action.closeSidebar").then(undefined, ignore);
      await vscode.commands.executeCommand("workbench.action.focusSecondEditorGroup").then(undefined, ignore);
      await vscode.commands.executeCommand("workbench.action.toggleMaximizeEditorGroup").then(undefined, ignore);
      await settle();
      await screenshot("layer-view", "frame 2 of 64");
      await vscode.commands.executeCommand("workbench.action.toggleMaximizeEditorGroup").then(undefined, ignore);
    }
    await vscode.commands.executeCommand("workbench.action.closeEditorsInOtherGroups");
  });
});
