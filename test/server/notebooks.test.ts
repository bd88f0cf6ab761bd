// Jupyter notebooks over the LSP notebook sync, against the real server over stdio: the Python cells
// form one module, so a tensor made in one cell has its shape in a later one; hints, diagnostics and
// code lenses land in the right cell with cell-relative lines; editing a cell updates the later ones.

import * as assert from "node:assert/strict";
import type { CodeLens, Diagnostic, InlayHint } from "vscode-languageserver-protocol";
import { TestClient } from "./lspClient";

const NB = "file:///virtual/experiments.ipynb";
const cellUri = (i: number) => `vscode-notebook-cell:/virtual/experiments.ipynb#cell${i}`;
const CELLS = [
  "import torch\nimport torch.nn as nn\nx = torch.randn(16, 3, 32, 32)\n",
  "# Markdown: not Python",
  "%matplotlib inline\nm = nn.Conv2d(3, 8, 3)\ny = m(x)\nprint(y.shape)\n",
  "bad = nn.Conv2d(4, 8, 3)\nz = bad(x)\n",
];
const everything = { start: { line: 0, character: 0 }, end: { line: 100, character: 0 } };

async function hintsOf(client: TestClient, uri: string): Promise<string[]> {
  const hints = await client.request<InlayHint[] | null>("textDocument/inlayHint", { textDocument: { uri }, range: everything });
  return (hints ?? []).map((h) => `${h.position.line}: ${String(h.label)}`);
}

describe("language server: Jupyter notebooks", () => {
  let client: TestClient | undefined;
  afterEach(() => client?.kill());

  it("analyses the Python cells as one module and answers each cell in its own lines", async () => {
    client = await TestClient.start({ settings: {} });
    await client.notifyServer("notebookDocument/didOpen", {
      notebookDocument: {
        uri: NB,
        notebookType: "jupyter-notebook",
        version: 1,
        cells: CELLS.map((_, i) => ({ kind: i === 1 ? 1 : 2, document: cellUri(i) })),
      },
      cellTextDocuments: CELLS.map((text, i) => ({ uri: cellUri(i), languageId: i === 1 ? "markdown" : "python", version: 1, text })),
    });
    assert.deepEqual(await hintsOf(client, cellUri(0)), ["2: [16, 3, 32, 32]"]);
    assert.deepEqual(await hintsOf(client, cellUri(2)), ["1: → [16, 8, 30, 30]", "2: [16, 8, 30, 30]", "3: torch.Size([16, 8, 30, 30])"]);
    // A layer built at module level hovers like one built in __init__ (arithmetic and parameters).
    const hover = await client.request<{ contents: { value: string } } | null>("textDocument/hover", {
      textDocument: { uri: cellUri(2) },
      position: { line: 1, character: 8 },
    });
    assert.match(hover?.contents.value ?? "", /\*\*Conv2d\*\*/);
    assert.match(hover?.contents.value ?? "", /`\[16, 3, 32, 32\]` → `\[16, 8, 30, 30\]`/);
    assert.match(hover?.contents.value ?? "", /params 224 = 3·3·3\/1·8 \+ 8/);
    const diags = await client.until("diagnostics of cell 3", () => {
      const d = client!.diagnostics.get(cellUri(3));
      return d && d.diagnostics.length ? d.diagnostics : undefined;
    });
    assert.deepEqual(
      diags.map((d: Diagnostic) => [d.range.start.line, d.code]),
      [[1, "channel-mismatch"]],
    );
    assert.deepEqual(client.diagnostics.get(cellUri(2))?.diagnostics ?? [], []);

    // Editing cell 0 changes the shapes in cell 2.
    await client.notifyServer("notebookDocument/didChange", {
      notebookDocument: { uri: NB, version: 2 },
      change: {
        cells: {
          textContent: [
            {
              document: { uri: cellUri(0), version: 2 },
              changes: [{ range: { start: { line: 2, character: 16 }, end: { line: 2, character: 18 } }, text: "4" }],
            },
          ],
        },
      },
    });
    assert.deepEqual(await hintsOf(client, cellUri(0)), ["2: [4, 3, 32, 32]"]);
    assert.deepEqual(await hintsOf(client, cellUri(2)), ["1: → [4, 8, 30, 30]", "2: [4, 8, 30, 30]", "3: torch.Size([4, 8, 30, 30])"]);
    assert.deepEqual(client.errors(), []);
  });

  it("labels an undeclared model's assumed input with a code lens whose action declares it", async () => {
    client = await TestClient.start({ settings: {} });
    const uri = "file:///virtual/undeclared_lens.py";
    const text = [
      "import torch.nn as nn",
      "",
      "",
      "class Tiny(nn.Module):",
      "    def __init__(self):",
      "        super().__init__()",
      "        self.conv = nn.Conv2d(3, 8, 5, stride=2)",
      "",
      "    def forward(self, x):",
      "        y = self.conv(x)",
      "        return y",
      "",
    ].join("\n");
    await client.open(uri, text);
    const lenses = await client.request<CodeLens[]>("textDocument/codeLens", { textDocument: { uri } });
    assert.deepEqual(
      lenses.map((l) => [l.range.start.line, l.command?.title]),
      [[8, "Shape Lens: assumed x: [N, 3, H, W] — declare"]],
    );
    assert.deepEqual(await hintsOf(client, uri), ["6: → [N, 8, (H-3)//2, (W-3)//2]", "9: [N, 8, (H-3)//2, (W-3)//2]"]);
    // Switching assumptions off changes the note: the client is asked to redraw its lenses.
    client.settings = { assumeInputs: false };
    await client.notifyServer("workspace/didChangeConfiguration", { settings: null });
    await client.until("a code lens refresh", () => client!.lensRefreshes > 0);
    const off = await client.request<CodeLens[]>("textDocument/codeLens", { textDocument: { uri } });
    assert.match(off[0]?.command?.title ?? "", /no shapes — no input is declared/);
    client.settings = {};
    await client.notifyServer("workspace/didChangeConfiguration", { settings: null });
    await client.until("a second code lens refresh", () => client!.lensRefreshes > 1);
    await client.request("workspace/executeCommand", { command: lenses[0].command!.command, arguments: lenses[0].command!.arguments });
    const edit = await client.until("the declaration edit", () => client!.appliedEdits[0]);
    assert.deepEqual(edit, {
      edit: {
        changes: {
          [uri]: [
            { range: { start: { line: 8, character: 0 }, end: { line: 8, character: 0 } }, newText: "    # shape: x = (N, 3, H, W)\n" },
          ],
        },
      },
    });
  });
});
