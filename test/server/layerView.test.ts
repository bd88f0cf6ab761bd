// Server tests of the layer arithmetic features: the shapeLens/layerArithmetic request behind the
// layer view (frame count = output positions, one frame's SVG on request), and the padding solver's
// rewrite on a strided conv whose padding does not give ⌈W/s⌉.

import assert from "node:assert/strict";
import type { CodeAction, Diagnostic } from "vscode-languageserver-protocol/node";
import { TestClient, applyEdits, fixture } from "./lspClient";
import { checkSvg } from "../core/xmlCheck";
import type { LayerArithmeticResult } from "../../server/src/features/layerView";

describe("language server: layer arithmetic", () => {
  let client: TestClient;
  beforeEach(async () => {
    client = await TestClient.start({ settings: {} });
  });
  afterEach(async () => {
    assert.deepEqual(client.errors(), []);
    await client.shutdown();
  });

  it("answers shapeLens/layerArithmetic with the plan, one frame's SVG, the arithmetic and the padding plot", async () => {
    const { uri, text } = fixture("simple_cnn.py");
    await client.open(uri, text);
    const r = await client.request<LayerArithmeticResult>("shapeLens/layerArithmetic", { uri, line: 10, frame: 17 });
    assert.equal(r.error, undefined);
    assert.equal(r.title, "Conv2d: kernel 3, stride 2, padding 1; 32×32 → 16×16");
    assert.equal(r.frameCount, 256);
    assert.deepEqual(r.output, [16, 16]);
    assert.equal(r.frame, 17);
    checkSvg(r.svg);
    assert.match(r.svg, /output position 1, 1/);
    assert.ok(r.plot);
    checkSvg(r.plot);
    assert.deepEqual(r.padding, ["H, W: for ⌈32/2⌉ = 16: padding=1 ✓ yours", "  the same for every input size"]);
    const none = await client.request<LayerArithmeticResult>("shapeLens/layerArithmetic", { uri, line: 9 });
    assert.match(none.error ?? "", /No conv or pooling layer/);
  });

  it("gives the Compute Shapes view its rows: inputs, per-sample MACs, receptive field, activation; and the diagram", async () => {
    const { uri, text } = fixture("simple_cnn.py");
    await client.open(uri, text);
    const r = await client.request<{
      views: { rows: Record<string, unknown>[]; diagram: string; csv: string; macsPerSample: number | null }[];
    }>("shapeLens/computeShapes", { uri });
    const conv2 = r.views[0].rows.find((x) => x.path === "conv2");
    assert.deepEqual(conv2, {
      path: "conv2",
      type: "Conv2d",
      line: 10,
      depth: 1,
      inputs: "[N, 16, 32, 32]",
      outputs: "[N, 32, 16, 16]",
      params: 4640,
      macs: 4640 * 16 * 16,
      macsPerSample: true,
      receptiveField: "5×5",
      activation: 32 * 16 * 16,
    });
    checkSvg(r.views[0].diagram);
    assert.equal(r.views[0].rows[0].inputs, "[N, 3, 32, 32]");
    assert.match(r.views[0].csv, /^module,type,line,input,output,params,macs,macs_per_sample,receptive_field,activation\n/);
    assert.ok((r.views[0].macsPerSample ?? 0) > 0);
  });

  it("offers the solver's padding for ⌈W/s⌉ as a rewrite", async () => {
    const { uri, text } = fixture("simple_cnn.py");
    const changed = text.replace("nn.Conv2d(16, 32, 3, stride=2, padding=1)", "nn.Conv2d(16, 32, 3, stride=2)");
    await client.open(uri, changed);
    const range = { start: { line: 10, character: 25 }, end: { line: 10, character: 25 } };
    const actions = await client.request<CodeAction[]>("textDocument/codeAction", {
      textDocument: { uri },
      range,
      context: { diagnostics: [] as Diagnostic[] },
    });
    const fix = actions.find((a) => a.title.startsWith("Set padding=1: output"));
    assert.ok(fix, JSON.stringify(actions.map((a) => a.title)));
    assert.equal(fix.title, "Set padding=1: output ⌈32/2⌉ = 16 (TensorFlow 'same')");
    const after = applyEdits(changed, fix.edit?.changes?.[uri] ?? []);
    assert.match(after, /nn\.Conv2d\(16, 32, 3, stride=2, padding=1\)/);
  });

  it("offers the output_padding that makes a transposed conv give exactly stride × input", async () => {
    const { uri } = fixture("simple_cnn.py");
    const other = uri.replace("simple_cnn.py", "upsample_solver.py");
    const text = [
      "import torch",
      "import torch.nn as nn",
      "",
      "class Up(nn.Module):",
      "    def __init__(self):",
      "        super().__init__()",
      "        self.up = nn.ConvTranspose2d(8, 4, 3, stride=2, padding=1)",
      "",
      "    # shape: x = (1, 8, 16, 16)",
      "    def forward(self, x):",
      "        return self.up(x)",
      "",
    ].join("\n");
    await client.open(other, text);
    const r = await client.request<LayerArithmeticResult>("shapeLens/layerArithmetic", { uri: other, line: 6 });
    assert.deepEqual(r.output, [31, 31]);
    assert.deepEqual(r.padding, [
      "H, W: output_padding = s + 2p − d·(k−1) − 1 = 1 makes the output exactly s × the input, for every size (yours: 0)",
    ]);
    const at = { start: { line: 6, character: 20 }, end: { line: 6, character: 20 } };
    const actions = await client.request<CodeAction[]>("textDocument/codeAction", {
      textDocument: { uri: other },
      range: at,
      context: { diagnostics: [] as Diagnostic[] },
    });
    const fix = actions.find((a) => a.title.startsWith("Set output_padding=1"));
    assert.ok(fix, JSON.stringify(actions.map((a) => a.title)));
    assert.match(applyEdits(text, fix.edit?.changes?.[other] ?? []), /ConvTranspose2d\(8, 4, 3, stride=2, padding=1, output_padding=1\)/);
  });
});
