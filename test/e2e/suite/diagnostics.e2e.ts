// Diagnostics and quick fixes: a channel mismatch is an error with code channel-mismatch on the call
// that fails, worded like PyTorch; the "set in_channels" quick fix clears it.
import * as assert from "node:assert/strict";
import * as vscode from "vscode";
import { codeOf, errors, lineOf, open, poll, screenshot, settle } from "./helpers";

describe("diagnostics", () => {
  it("reports a channel mismatch and its quick fix clears it", async () => {
    const editor = await open("channel_mismatch.py");
    const doc = editor.document;
    const original = doc.getText();
    const errs = await poll(
      "channel-mismatch error",
      () => errors(doc.uri),
      (d) => d.length > 0,
    );
    assert.equal(errs.length, 1, JSON.stringify(errs));
    const err = errs[0];
    assert.equal(codeOf(err), "channel-mismatch");
    assert.equal(err.source ? typeof err.source : "string", "string");
    assert.equal(
      err.message,
      "Given groups=1, weight of size [32, 8, 3, 3], expected input[N, 16, 64, 64] to have 8 channels, but got 16 channels instead",
    );
    const line = lineOf(doc, "x = self.conv2(x)");
    const col = doc.lineAt(line).text.indexOf("self.conv2(x)");
    assert.deepEqual(
      [err.range.start.line, err.range.start.character, err.range.end.line, err.range.end.character],
      [line, col, line, col + "self.conv2(x)".length],
    );

    if (process.env.SHAPELENS_E2E_SHOTS) {
      await vscode.commands.executeCommand("workbench.actions.view.problems");
      await settle();
      await screenshot("problems");
      await vscode.commands.executeCommand("workbench.action.closePanel");
      await vscode.window.showTextDocument(doc);
    }

    const actions = await poll(
      "quick fixes for the mismatch",
      () => vscode.commands.executeCommand<vscode.CodeAction[]>("vscode.executeCodeActionProvider", doc.uri, err.range),
      (a) => (a ?? []).some((x) => x.title.startsWith("Set in_channels to 16")),
    );
    const fix = actions.find((x) => x.title.startsWith("Set in_channels to 16"))!;
    assert.ok(fix.edit, `quick fix "${fix.title}" carries no edit`);
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    assert.ok(doc.getText().includes("nn.Conv2d(16, 32, kernel_size=3, padding=1)"), doc.getText());
    await poll(
      "diagnostics after the quick fix",
      () => errors(doc.uri),
      (d) => d.length === 0,
    );

    const edit = new vscode.WorkspaceEdit();
    edit.replace(doc.uri, new vscode.Range(0, 0, doc.lineCount, 0), original);
    await vscode.workspace.applyEdit(edit);
    await poll(
      "the error comes back when the fix is undone",
      () => errors(doc.uri),
      (d) => d.length === 1,
    );
  });
});
