// The palette commands: Compute Shapes shows the summary table of the active file's model; Show Logs
// and Restart Server run and the server answers again afterwards.
import * as assert from "node:assert/strict";
import * as vscode from "vscode";
import { clickInPage, hints, open, poll, screenshot, shapeLensApi } from "./helpers";

describe("commands", () => {
  it("registers the Shape Lens commands", async () => {
    const all = await vscode.commands.getCommands(true);
    for (const id of ["shapeLens.computeShapes", "shapeLens.showLayerArithmetic", "shapeLens.restartServer", "shapeLens.showLogs"])
      assert.ok(all.includes(id), id);
  });

  it("opens the Getting Started walkthrough", async () => {
    await vscode.commands.executeCommand("workbench.action.openWalkthrough", "shape-lens.shape-lens#gettingStarted", false);
    const tabs = await poll(
      "the walkthrough's tab",
      () => vscode.window.tabGroups.all.flatMap((g) => g.tabs.map((t) => t.label)),
      (labels) => labels.some((l) => /welcome|walkthrough|get started/i.test(l)),
      30_000,
      false,
    );
    assert.ok(tabs.length > 0);
    await screenshot("walkthrough", "Get Started with Shape Lens");
    await vscode.commands.executeCommand("workbench.action.closeActiveEditor");
  });

  it("Compute Shapes shows the table and the stage diagram; clicking a row moves the cursor", async () => {
    const editor = await open("cnn.py");
    if (process.env.SHAPELENS_E2E_SHOTS) await vscode.commands.executeCommand("workbench.action.closeSidebar");
    await vscode.commands.executeCommand("shapeLens.computeShapes");
    const api = await shapeLensApi();
    const rows = await poll(
      "the Compute Shapes view",
      () => api.shapesView.rows(),
      (r) => r.some((x) => x.startsWith("conv2|")),
    );
    assert.ok(rows.includes("conv2|Conv2d|[N, 32, 8, 8]"), rows.join("\n"));
    assert.ok(rows.includes("fc|Linear|[N, 10]"), rows.join("\n"));
    assert.ok(api.shapesView.hasDiagram(), "the stage diagram is drawn");
    await screenshot("compute-shapes", "33,834");
    // A real click on the conv2 row in the webview moves the cursor to its construction.
    const line = editor.document
      .getText()
      .split("\n")
      .findIndex((l) => l.includes("self.conv2 = "));
    await clickInPage("shapes-row", "conv2Conv2d");
    await poll(
      "the cursor on conv2's line",
      () => vscode.window.activeTextEditor?.selection.active.line,
      (l) => l === line,
      30_000,
      false,
    );
    await vscode.commands.executeCommand("workbench.action.closeEditorsInOtherGroups");
  });

  it("Restart Server brings the server back", async () => {
    const editor = await open("cnn.py");
    await vscode.commands.executeCommand("shapeLens.showLogs");
    await vscode.commands.executeCommand("shapeLens.restartServer");
    await poll(
      "hints after a restart",
      () => hints(editor.document),
      (h) => h.some((x) => x.label === "[N, 10]"),
    );
  });
});
