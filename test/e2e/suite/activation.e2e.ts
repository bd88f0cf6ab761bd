// The extension wakes up only for Python: opening a text file leaves it asleep; the first Python
// file activates it, from the dev folder or from the installed .vsix depending on the run.
import * as assert from "node:assert/strict";
import * as path from "node:path";
import * as vscode from "vscode";
import { EXTENSION_ID, open, poll } from "./helpers";

describe("activation", () => {
  it("is installed and stays inactive until a Python file is opened", async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `extension ${EXTENSION_ID} is not installed`);
    const installed = process.env.SHAPELENS_E2E_EXTENSIONS_DIR;
    if (process.env.SHAPELENS_E2E_MODE === "vsix") {
      assert.ok(installed, "vsix runs name the extensions folder");
      const rel = path.relative(installed, ext.extensionUri.fsPath);
      assert.ok(
        !rel.startsWith("..") && !path.isAbsolute(rel),
        `extension loaded from ${ext.extensionUri.fsPath}, not from the installed .vsix in ${installed}`,
      );
    }
    await open("notes.txt");
    assert.equal(ext.isActive, false, "the extension activated for a plain-text file");
    await open("cnn.py");
    await poll(
      "extension activation",
      () => ext.isActive,
      (v) => v,
      30_000,
      false,
    );
    const api = (await ext.activate()) as { activationMillis?: number } | undefined;
    assert.equal(typeof api?.activationMillis, "number");
    // Reported in the run's output (measured, not asserted against a limit).
    console.log(`[shapelens-e2e] Shape Lens activation: ${api!.activationMillis} ms (until the language server is ready)`);
  });
});
