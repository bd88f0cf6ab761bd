// The palette commands: Compute Shapes shows the summary table of the active file's model; Show Logs
// and Restart Server run and the server answers again afterwards.
import * as assert from "node:assert/strict";
import * as vscode from "vscode";
import { hints, open, poll, screenshot } from "./helpers";

describe("commands", () => {
  it("registers the Shape Lens commands", async () => {
    const all = await vscode.commands.getCommands(true);
    for (const id of ["shapeLens.computeShapes", "shapeLens.restartServer", "shapeLens.showLogs"]) assert.ok(all.includes(id), id);
  });

  it("Compute Shapes shows the table for the active file", async () => {
    await open("cnn.py");
    if (process.env.SHAPELENS_E2E_SHOTS) await vscode.commands.executeCommand("workbench.action.closeSidebar");
    await vscode.commands.executeCommand("shapeLens.computeShapes");
    const report = await poll(
      "the Compute Shapes report",
      () => vscode.workspace.textDocuments.find((d) => d.uri.scheme === "shapelens-report" && d.getText().includes("SmallCNN")),
      (d) => d !== undefined,
    );
    const md = report!.getText();
    assert.ok(md.includes("| Module | Type | Output shape | Params | MACs |"), md);
    assert.ok(/\| [\s\u00a0]*conv2 \| Conv2d \| \[N, 32, 8, 8\] \| 4,640 \|/.test(md), md);
    assert.ok(/\| [\s\u00a0]*fc \| Linear \| \[N, 10\] \| 10,250 \|/.test(md), md);
    // 448 + 4,640 + 18,496 + 10,250 parameters, as sum(p.numel() for p in model.parameters()).
    assert.ok(md.includes("**33,834**"), md);
    await screenshot("compute-shapes", "33,834");
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
