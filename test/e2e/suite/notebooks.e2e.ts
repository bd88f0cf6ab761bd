// Shapes wherever PyTorch code is written, in a real editor: a Jupyter notebook opened in the built-in
// notebook editor (no kernel) gets hints and diagnostics in its cells, the cells forming one module;
// a model nobody declared an input for shows assumed symbolic hints, and its code lens declares it.
import * as assert from "node:assert/strict";
import * as vscode from "vscode";
import { codeOf, errors, fixtureUri, hints, open, poll, screenshot, setText } from "./helpers";

describe("notebooks and undeclared models", () => {
  it("shows hints and a diagnostic in the cells of a notebook", async () => {
    const notebook = await vscode.workspace.openNotebookDocument(fixtureUri("seed_convnets.ipynb"));
    await vscode.window.showNotebookDocument(notebook);
    const cell = (i: number) => notebook.cellAt(i).document;
    // Cell 2 makes x; cell 6 runs the Net of cell 5 on a new x: shapes cross cells.
    const first = await poll(
      "hints in cell 2",
      () => hints(cell(2)),
      (h) => h.some((x) => x.label === "[1, 5, 10]"),
    );
    assert.deepEqual(
      first.map((h) => `${h.line}: ${h.label}`),
      ["0: [1, 1, 10]", "1: → [1, 5, 10]", "2: [1, 5, 10]", "3: torch.Size([1, 5, 10])"],
    );
    const later = await poll(
      "hints in cell 6",
      () => hints(cell(6)),
      (h) => h.some((x) => x.label === "[16, 100]"),
    );
    assert.deepEqual(
      later.map((h) => `${h.line}: ${h.label}`),
      ["1: [16, 3, 32, 32]", "2: [16, 100]", "3: torch.Size([16, 100])"],
    );
    const diags = await poll(
      "the channel mismatch in cell 8",
      () => errors(cell(8).uri),
      (d) => d.length > 0,
    );
    assert.deepEqual(
      diags.map((d) => [d.range.start.line, codeOf(d)]),
      [[1, "channel-mismatch"]],
    );
    assert.deepEqual(errors(cell(2).uri), []);
    await screenshot("notebook");
  });

  it("shows assumed hints for an undeclared model, and its code lens declares the input", async () => {
    const editor = await open("undeclared.py");
    const doc = editor.document;
    const original = doc.getText();
    try {
      const got = await poll(
        "assumed hints",
        () => hints(doc),
        (h) => h.some((x) => x.label === "[N, 8, H-2, W-2]"),
      );
      assert.ok(got.some((h) => h.label === "[N, 10]"));
      const lenses = await poll(
        "the assumption's code lens",
        () => vscode.commands.executeCommand<vscode.CodeLens[]>("vscode.executeCodeLensProvider", doc.uri),
        (l) => (l ?? []).some((x) => x.command?.title.includes("assumed")),
      );
      const lens = lenses.find((x) => x.command?.title.includes("assumed"))!;
      assert.equal(lens.command!.title, "Shape Lens: assumed x: [N, 1, H, W] — declare");
      await screenshot("assumed");
      await vscode.commands.executeCommand(lens.command!.command, ...(lens.command!.arguments ?? []));
      await poll(
        "the inserted declaration",
        () => doc.getText(),
        (t) => t.includes("    # shape: x = (N, 1, H, W)\n    def forward(self, x):"),
        10_000,
        false,
      );
      // Declared now: the same shapes, no longer an assumption (the lens is gone).
      await poll(
        "no assumption lens once declared",
        () => vscode.commands.executeCommand<vscode.CodeLens[]>("vscode.executeCodeLensProvider", doc.uri),
        (l) => !(l ?? []).some((x) => x.command?.title.includes("assumed")),
      );
    } finally {
      await setText(doc, original);
    }
  });
});
