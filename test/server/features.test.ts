// Server tests: what a user sees on a small CNN, through the real server process — inlay hints in
// forward and __init__, hovers with the layer arithmetic, diagnostics, quick fixes (each applied and
// checked), and the Compute Shapes command. Exact contents are asserted.

import assert from "node:assert/strict";
import type { CodeAction, Diagnostic, Hover, InlayHint, MarkupContent, TextEdit } from "vscode-languageserver-protocol/node";
import { TestClient, applyEdits, fixture } from "./lspClient";

const everything = { start: { line: 0, character: 0 }, end: { line: 1000, character: 0 } };

function endOf(text: string, line: number): { line: number; character: number } {
  return { line, character: text.split("\n")[line].trimEnd().length };
}

function labels(hints: InlayHint[]): [number, number, string][] {
  return hints.map((h) => [h.position.line, h.position.character, String(h.label)]);
}

async function actionsAt(
  client: TestClient,
  uri: string,
  range: Diagnostic["range"],
  diagnostics: Diagnostic[] = [],
): Promise<CodeAction[]> {
  return client.request<CodeAction[]>("textDocument/codeAction", { textDocument: { uri }, range, context: { diagnostics } });
}

function editsOf(action: CodeAction, uri: string): TextEdit[] {
  return action.edit?.changes?.[uri] ?? [];
}

describe("language server: features on a small CNN", () => {
  let client: TestClient;
  beforeEach(async () => {
    client = await TestClient.start({ settings: {} });
  });
  afterEach(async () => {
    assert.deepEqual(client.errors(), []);
    await client.shutdown();
  });

  it("shows the shape after each assignment in forward and after each layer construction in __init__", async () => {
    const { uri, text } = fixture("simple_cnn.py");
    await client.open(uri, text);
    const hints = await client.request<InlayHint[]>("textDocument/inlayHint", { textDocument: { uri }, range: everything });
    const at = (line: number, label: string): [number, number, string] => [line, endOf(text, line).character, label];
    assert.deepEqual(labels(hints), [
      at(8, "→ [N, 16, 32, 32]"),
      at(9, "→ [N, 16, 32, 32]"),
      at(10, "→ [N, 32, 16, 16]"),
      at(11, "→ [N, 32, 8, 8]"),
      at(12, "→ [N, 10]"),
      at(16, "[N, 16, 32, 32]"),
      at(17, "[N, 32, 16, 16]"),
      at(18, "[N, 32, 8, 8]"),
      at(19, "[N, 2048]"),
      at(20, "[N, 10]"),
    ]);
    assert.ok(hints.every((h) => h.kind === 1 && h.paddingLeft === true));
    assert.deepEqual(hints[5].tooltip, { kind: "markdown", value: "Shape:\n\n`[N, 16, 32, 32]`" });
    // Only the requested range.
    const some = await client.request<InlayHint[]>("textDocument/inlayHint", {
      textDocument: { uri },
      range: { start: { line: 17, character: 0 }, end: { line: 19, character: 0 } },
    });
    assert.deepEqual(labels(some), [at(17, "[N, 32, 16, 16]"), at(18, "[N, 32, 8, 8]")]);
  });

  it("says how many more shapes a line was reached with, and lists them all in the tooltip", async () => {
    const { uri, text } = fixture("repeated_block.py");
    await client.open(uri, text);
    const hints = await client.request<InlayHint[]>("textDocument/inlayHint", {
      textDocument: { uri },
      range: { start: { line: 0, character: 0 }, end: { line: 12, character: 0 } },
    });
    assert.deepEqual(labels(hints), [
      [6, endOf(text, 6).character, "→ [1, 8, 16, 16] (+2 more)"],
      [9, endOf(text, 9).character, "[1, 8, 16, 16] (+2 more)"],
    ]);
    assert.deepEqual(hints[1].tooltip, {
      kind: "markdown",
      value: "Reached with 3 shapes:\n\n1. `[1, 8, 16, 16]`\n2. `[1, 16, 16, 16]`\n3. `[1, 32, 16, 16]`",
    });
  });

  it("follows the inlay hint settings without a restart", async () => {
    const { uri, text } = fixture("simple_cnn.py");
    await client.open(uri, text);
    const get = () => client.request<InlayHint[]>("textDocument/inlayHint", { textDocument: { uri }, range: everything });
    const change = async (settings: Record<string, unknown>) => {
      const before = client.refreshes;
      client.settings = settings;
      await client.conn.sendNotification("workspace/didChangeConfiguration", { settings: null });
      await client.until("refresh", () => client.refreshes > before);
    };
    await change({ inlayHints: { forward: false } });
    assert.deepEqual(
      (await get()).map((h) => h.position.line),
      [8, 9, 10, 11, 12],
    );
    await change({ inlayHints: { init: false } });
    assert.deepEqual(
      (await get()).map((h) => h.position.line),
      [16, 17, 18, 19, 20],
    );
    await change({ inlayHints: { init: false, maxLength: 12 } });
    assert.deepEqual(
      (await get()).map((h) => h.label),
      ["[N, 16, …]", "[N, 32, …]", "[N, 32, …]", "[N, 2048]", "[N, 10]"],
    );
  });

  it("hovers a layer construction or call with its arithmetic, shapes and parameter count", async () => {
    const { uri, text } = fixture("simple_cnn.py");
    await client.open(uri, text);
    const expected = [
      "**Conv2d** `conv2`",
      "",
      "`[N, 16, 32, 32]` → `[N, 32, 16, 16]`",
      "",
      "```text",
      "H_out = ⌊(32 + 2·1 − 1·(3−1) − 1)/2⌋ + 1 = 16",
      "W_out = ⌊(32 + 2·1 − 1·(3−1) − 1)/2⌋ + 1 = 16",
      "```",
      "",
      "params 4,640 = 3·3·16/1·32 + 32",
      "",
      "receptive field 5×5 · effective stride 2×2",
      "",
      "Padding for ⌈W/s⌉ (TensorFlow 'same'):",
      "```text",
      "H, W: for ⌈32/2⌉ = 16: padding=1 ✓ yours",
      "  the same for every input size",
      "```",
      "",
      '[Show layer arithmetic](command:shapeLens.showLayerArithmetic?%5B%7B%22line%22%3A10%7D%5D "Animate the kernel over every output position")',
    ].join("\n");
    const onConstruction = await client.request<Hover>("textDocument/hover", {
      textDocument: { uri },
      position: { line: 10, character: 27 },
    });
    assert.equal((onConstruction.contents as MarkupContent).value, expected);
    assert.deepEqual(onConstruction.range, { start: { line: 10, character: 21 }, end: { line: 10, character: 62 } });
    const onCall = await client.request<Hover>("textDocument/hover", { textDocument: { uri }, position: { line: 17, character: 25 } });
    assert.equal((onCall.contents as MarkupContent).value, expected);
    // On an assignment without a layer under the cursor: the line's shape.
    const onAssign = await client.request<Hover>("textDocument/hover", { textDocument: { uri }, position: { line: 19, character: 8 } });
    assert.equal((onAssign.contents as MarkupContent).value, "`[N, 2048]`");
    // Nothing known there: no hover.
    assert.equal(await client.request("textDocument/hover", { textDocument: { uri }, position: { line: 0, character: 3 } }), null);
  });

  it("publishes the engine's diagnostics with code and source", async () => {
    const { uri, text } = fixture("channel_mismatch.py");
    await client.open(uri, text);
    assert.deepEqual(await client.diagnosticsFor(uri), [
      {
        range: { start: { line: 14, character: 12 }, end: { line: 14, character: 25 } },
        severity: 1,
        code: "channel-mismatch",
        source: "shape-lens",
        message:
          "Given groups=1, weight of size [32, 8, 3, 3], expected input[1, 16, 28, 28] to have 8 channels, but got 16 channels instead",
        relatedInformation: [
          {
            location: { uri, range: { start: { line: 13, character: 12 }, end: { line: 13, character: 25 } } },
            message: "the input [1, 16, 28, 28] is produced here (Conv2d)",
          },
          {
            location: { uri, range: { start: { line: 8, character: 21 }, end: { line: 8, character: 40 } } },
            message: "the Conv2d is constructed here",
          },
        ],
      },
    ]);
    const clean = fixture("simple_cnn.py");
    await client.open(clean.uri, clean.text);
    assert.deepEqual(await client.diagnosticsFor(clean.uri), []);
  });

  it("quick fix: sets in_channels to the incoming channel count", async () => {
    const { uri, text } = fixture("channel_mismatch.py");
    await client.open(uri, text);
    const [diag] = await client.diagnosticsFor(uri);
    const actions = await actionsAt(client, uri, diag.range, [diag]);
    const fix = actions.find((a) => a.kind === "quickfix");
    assert.ok(fix, JSON.stringify(actions));
    assert.equal(fix.title, "Set in_channels to 16 (the incoming channel count)");
    assert.equal(fix.isPreferred, true);
    assert.deepEqual(editsOf(fix, uri), [{ range: { start: { line: 8, character: 31 }, end: { line: 8, character: 32 } }, newText: "16" }]);
    // Applying it fixes the error.
    const fixed = applyEdits(text, editsOf(fix, uri));
    assert.equal(fixed.split("\n")[8], "        self.conv2 = nn.Conv2d(16, 32, 3)");
    const version = await client.change(
      uri,
      editsOf(fix, uri).map((e) => ({ range: e.range, text: e.newText })),
    );
    const after = await client.diagnosticsFor(uri, version);
    assert.ok(!after.some((d) => d.code === "channel-mismatch"), JSON.stringify(after));
  });

  it("quick fix: sets in_features to the incoming feature count", async () => {
    const { uri, text } = fixture("linear_mismatch.py");
    await client.open(uri, text);
    const [diag] = await client.diagnosticsFor(uri);
    assert.equal(diag.code, "linear-in-features");
    const actions = await actionsAt(client, uri, diag.range, [diag]);
    const fix = actions.find((a) => a.kind === "quickfix");
    assert.ok(fix, JSON.stringify(actions));
    assert.equal(fix.title, "Set in_features to 512 (the incoming feature count)");
    assert.equal(applyEdits(text, editsOf(fix, uri)).split("\n")[8], "        self.fc = nn.Linear(512, 10)");
    const version = await client.change(
      uri,
      editsOf(fix, uri).map((e) => ({ range: e.range, text: e.newText })),
    );
    assert.deepEqual(await client.diagnosticsFor(uri, version), []);
  });

  it("quick fix from a client-held diagnostic: the engine's diagnostic with the same place, code and message", async () => {
    const { uri, text } = fixture("channel_mismatch.py");
    await client.open(uri, text);
    const diag: Diagnostic = {
      range: { start: { line: 14, character: 12 }, end: { line: 14, character: 25 } },
      severity: 1,
      code: "channel-mismatch",
      source: "shape-lens",
      message:
        "Given groups=1, weight of size [32, 8, 3, 3], expected input[1, 16, 28, 28] to have 8 channels, but got 16 channels instead",
    };
    const [fix] = (await actionsAt(client, uri, diag.range, [diag])).filter((a) => a.kind === "quickfix");
    assert.equal(fix.title, "Set in_channels to 16 (the incoming channel count)");
    assert.deepEqual(editsOf(fix, uri), [{ range: { start: { line: 8, character: 31 }, end: { line: 8, character: 32 } }, newText: "16" }]);
    // Diagnostics from other tools are left alone.
    assert.deepEqual(await actionsAt(client, uri, diag.range, [{ ...diag, source: "pylance" }]), []);
  });

  it("rewrite: padding that keeps the spatial size, or why none exists", async () => {
    const { uri, text } = fixture("undeclared.py");
    await client.open(uri, text);
    const onConv = await actionsAt(client, uri, { start: { line: 7, character: 24 }, end: { line: 7, character: 24 } });
    assert.deepEqual(
      onConv.map((a) => a.title),
      ["Set padding=2 to keep the spatial size (d·(k−1)/2 = 2)"],
    );
    assert.equal(applyEdits(text, editsOf(onConv[0], uri)).split("\n")[7], "        self.conv = nn.Conv2d(3, 8, 5, padding=2)");
    const cnn = fixture("simple_cnn.py");
    await client.open(cnn.uri, cnn.text);
    const strided = await actionsAt(client, cnn.uri, { start: { line: 10, character: 30 }, end: { line: 10, character: 30 } });
    assert.deepEqual(strided, [
      {
        title: "Keep the spatial size (padding)",
        kind: "refactor.rewrite",
        disabled: { reason: "No padding keeps the spatial size with stride 2: the output is ⌊(H + 2·p − d·(k−1) − 1)/2⌋ + 1, about H/2." },
      },
    ]);
    // conv1 already keeps the size: nothing to offer.
    assert.deepEqual(await actionsAt(client, cnn.uri, { start: { line: 8, character: 30 }, end: { line: 8, character: 30 } }), []);
    // An even kernel needs asymmetric padding: only padding='same' does it; dilation counts.
    const inline = cnn.uri.replace("simple_cnn", "inline_even_kernel");
    const src = "import torch.nn as nn\nc = nn.Conv2d(3, 8, kernel_size=4, padding=1)\nd = nn.Conv1d(3, 8, 3, 1, 0, 2)\n";
    await client.open(inline, src);
    const even = await actionsAt(client, inline, { start: { line: 1, character: 8 }, end: { line: 1, character: 8 } });
    assert.deepEqual(
      even.map((a) => a.title),
      ["Set padding='same' to keep the spatial size (the effective kernel d·(k−1)+1 = 4 is even, so the padding is asymmetric)"],
    );
    assert.equal(applyEdits(src, editsOf(even[0], inline)).split("\n")[1], "c = nn.Conv2d(3, 8, kernel_size=4, padding='same')");
    const dilated = await actionsAt(client, inline, { start: { line: 2, character: 8 }, end: { line: 2, character: 8 } });
    assert.equal(applyEdits(src, editsOf(dilated[0], inline)).split("\n")[2], "d = nn.Conv1d(3, 8, 3, 1, 2, 2)");
  });

  it("rewrite: adds a shape declaration to a forward without one, pre-filled from the file", async () => {
    const { uri, text } = fixture("undeclared.py");
    await client.open(uri, text);
    const actions = await actionsAt(client, uri, { start: { line: 9, character: 9 }, end: { line: 9, character: 9 } });
    assert.deepEqual(
      actions.map((a) => a.title),
      ["Declare the input shape of forward: x = (2, 3, 32, 32)"],
    );
    assert.deepEqual(editsOf(actions[0], uri), [
      { range: { start: { line: 9, character: 0 }, end: { line: 9, character: 0 } }, newText: "    # shape: x = (2, 3, 32, 32)\n" },
    ]);
    // Applied, the class gets analysed and the forward gets its hint.
    const version = await client.change(
      uri,
      editsOf(actions[0], uri).map((e) => ({ range: e.range, text: e.newText })),
    );
    await client.diagnosticsFor(uri, version);
    const hints = await client.request<InlayHint[]>("textDocument/inlayHint", { textDocument: { uri }, range: everything });
    assert.deepEqual(
      hints.map((h) => h.label),
      ["→ [2, 8, 28, 28]", "[2, 3, 32, 32]"],
    );
    // A forward that has a declaration gets no such offer.
    const cnn = fixture("simple_cnn.py");
    await client.open(cnn.uri, cnn.text);
    assert.deepEqual(await actionsAt(client, cnn.uri, { start: { line: 15, character: 9 }, end: { line: 15, character: 9 } }), []);
  });

  it("Compute Shapes returns the model table, and asks for an input when the file declares none", async () => {
    const { uri, text } = fixture("simple_cnn.py");
    await client.open(uri, text);
    const r = await client.request<{ markdown: string; needsInput: boolean; models: { output: unknown; params: number }[] }>(
      "workspace/executeCommand",
      {
        command: "shapeLens.server.computeShapes",
        arguments: [{ uri }],
      },
    );
    assert.equal(r.needsInput, false);
    assert.deepEqual(
      r.models.map((m) => [m.output, m.params]),
      [[["N", 10], 25610]],
    );
    assert.equal(
      r.markdown,
      [
        "# Shape Lens: simple_cnn.py",
        "",
        "## SimpleCNN()",
        "",
        "Input [N, 3, 32, 32] → output [N, 10] · declared by comment",
        "",
        "| Module | Type | Output shape | Params | MACs |",
        "|---|---|---|---:|---:|",
        "| (SimpleCNN) | SimpleCNN | [N, 10] | 0 | 0 |",
        "| \u00a0\u00a0conv1 | Conv2d | [N, 16, 32, 32] | 448 | ? |",
        "| \u00a0\u00a0bn1 | BatchNorm2d | [N, 16, 32, 32] | 32 | ? |",
        "| \u00a0\u00a0conv2 | Conv2d | [N, 32, 16, 16] | 4,640 | ? |",
        "| \u00a0\u00a0pool | MaxPool2d | [N, 32, 8, 8] | 0 | 0 |",
        "| \u00a0\u00a0fc | Linear | [N, 10] | 20,490 | ? |",
        "| **Total** | | | **25,610** | **?** |",
        "",
        "### torchinfo summary",
        "",
        "```text",
        "=".repeat(115),
        "Layer (type:depth-idx)                   Output Shape              Param #                   Mult-Adds",
        "=".repeat(115),
        "SimpleCNN                                [N, 10]                   --                        --",
        "├─Conv2d: 1-1                            [N, 16, 32, 32]           448                       ?",
        "├─BatchNorm2d: 1-2                       [N, 16, 32, 32]           32                        ?",
        "├─Conv2d: 1-3                            [N, 32, 16, 16]           4,640                     ?",
        "├─MaxPool2d: 1-4                         [N, 32, 8, 8]             --                        --",
        "├─Linear: 1-5                            [N, 10]                   20,490                    ?",
        "=".repeat(115),
        "Total params: 25,610",
        "Trainable params: 25,610",
        "Non-trainable params: 0",
        "Total mult-adds: ?",
        "=".repeat(115),
        "Input size (MB): ?",
        "Forward/backward pass size (MB): ?",
        "Params size (MB): 0.10",
        "Estimated Total Size (MB): ?",
        "=".repeat(115),
        "? = unknown: a size is symbolic, or a layer's count is not modelled (its row shows ?)",
        "```",
        "",
      ].join("\n"),
    );
    const undeclared = fixture("undeclared.py");
    await client.open(undeclared.uri, undeclared.text);
    const asked = await client.request<{ needsInput: boolean; models: { output: unknown; inputSource: string }[] }>(
      "shapeLens/computeShapes",
      {
        uri: undeclared.uri,
      },
    );
    assert.equal(asked.needsInput, true);
    // Without a declaration, the model is shown on an assumed input, and a real one is asked for.
    assert.deepEqual(
      asked.models.map((m) => [m.inputSource, m.output]),
      [["assumed", ["N", 8, "H-4", "W-4"]]],
    );
    const given = await client.request<{ needsInput: boolean; models: { output: unknown; inputSource: string }[] }>(
      "shapeLens/computeShapes",
      { uri: undeclared.uri, input: "B, 3, 32, 32" },
    );
    assert.equal(given.needsInput, false);
    assert.deepEqual(
      given.models.map((m) => m.output),
      [["B", 8, 28, 28]],
    );
    const bad = await client.request<{ error?: string }>("shapeLens/computeShapes", { uri: undeclared.uri, input: "3 x 32" });
    assert.equal(
      bad.error,
      'Not an input shape: cannot read the shape "3 x 32": "3 x 32" is neither a non-negative integer, a symbol name, "?" nor "*name" (expected e.g. 1, 3, 224, 224)',
    );
  });
});
