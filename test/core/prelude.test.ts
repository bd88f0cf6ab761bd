// The Python prelude behind nn.MultiheadAttention and the transformer modules: its classes behave like
// torch.nn's (attributes, isinstance, imports), and nothing about its own code leaks into the user's
// results: no hints or layer calls in it, and its raises and gaps are reported at the user's call.

import * as assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { analyzeFile } from "../../server/src/core/analysis";
import { parsePython } from "../../server/src/core/parse";
import { PRELUDE_FILE, PRELUDE_SOURCE } from "../../server/src/core/interp/preludeSource";
import { deserializeTree, serializeTree } from "../../server/src/core/syntax";

const FILE = "/virtual/model.py";

function analyse(body: string, model: string, inputs: number[][]) {
  return analyzeFile(FILE, `import torch\nimport torch.nn as nn\n\n${body}`, { model, inputs });
}

const mentionsPrelude = (a: ReturnType<typeof analyzeFile>): boolean => JSON.stringify(a).includes(PRELUDE_FILE);

describe("torch.nn prelude (MultiheadAttention, Transformer*)", () => {
  it("reports a raise inside nn.Transformer at the user's call, with PyTorch's message", () => {
    const a = analyse(
      `class M(nn.Module):
    def __init__(self):
        super().__init__()
        self.t = nn.Transformer(16, 2, 1, 1, 32)

    def forward(self, src, tgt):
        return self.t(src, tgt)
`,
      "M()",
      [
        [5, 3, 16],
        [4, 2, 16],
      ],
    );
    const d = a.diagnostics.find((x) => x.code === "raise");
    assert.ok(d, JSON.stringify(a.diagnostics));
    assert.equal(d.file, FILE);
    assert.equal(d.range.start.line, 9);
    assert.match(d.message, /the batch number of src and tgt must be equal/);
    assert.ok(!mentionsPrelude(a));
  });

  it("reports gaps inside the prelude at the user's call", () => {
    const a = analyse(
      `class M(nn.Module):
    def __init__(self):
        super().__init__()
        self.enc = nn.TransformerEncoder(nn.TransformerEncoderLayer(16, 2, 32, batch_first=True), 2)

    def forward(self, x):
        pad = torch.zeros(3, 5, dtype=torch.bool)
        y = self.enc(x, src_key_padding_mask=pad)
        return y
`,
      "M()",
      [[3, 5, 16]],
    );
    const gap = a.diagnostics.find((x) => x.code === "inference-gap" && /nested tensor/.test(x.message));
    assert.ok(gap, JSON.stringify(a.diagnostics));
    assert.equal(gap.range.start.line, 10);
    assert.ok(!mentionsPrelude(a));
  });

  it("gives hints and layer calls only in user code, and shows prelude modules like layers", () => {
    const a = analyse(
      `class M(nn.Module):
    def __init__(self):
        super().__init__()
        self.layer = nn.TransformerEncoderLayer(16, 4, 32)
        self.mha = nn.MultiheadAttention(16, 4, batch_first=True)

    def forward(self, x):
        y = self.layer(x)
        z, w = self.mha(y, y, y)
        return z
`,
      "M()",
      [[5, 2, 16]],
    );
    assert.ok(!mentionsPrelude(a));
    assert.deepEqual(
      a.hints.map((h) => [h.range.start.line, h.label]),
      [
        [10, "[5, 2, 16]"],
        [11, "([5, 2, 16], [5, 2, 2])"],
      ],
    );
    const types = a.calls.map((c) => c.type).sort();
    assert.deepEqual(types, ["MultiheadAttention", "TransformerEncoderLayer"]);
    const layerCall = a.calls.find((c) => c.type === "TransformerEncoderLayer")!;
    assert.equal(layerCall.params, 16 * 48 + 48 + 16 * 16 + 16 + (16 * 32 + 32) + (32 * 16 + 16) + 4 * 16);
    const rows = a.models[0].modules;
    // Submodules built by the prelude point at the user's construction.
    assert.equal(rows.find((r) => r.path === "layer.linear1")?.line, 6);
    assert.equal(rows.find((r) => r.path === "mha.out_proj")?.type, "NonDynamicallyQuantizableLinear");
    assert.deepEqual(rows.find((r) => r.path === "mha.out_proj")?.outputs, []);
  });

  it("has torch's attributes, isinstance relations and import paths", () => {
    const a = analyzeFile(
      FILE,
      `import torch
import torch.nn as nn
from torch.nn import TransformerDecoderLayer
from torch.nn.modules.transformer import TransformerEncoderLayer


class M(nn.Module):
    def __init__(self):
        super().__init__()
        self.mha = nn.MultiheadAttention(12, 3, kdim=6, vdim=6)
        self.enc = TransformerEncoderLayer(12, 3, 8)
        self.dec = TransformerDecoderLayer(12, 3, 8)

    def forward(self, x):
        a = torch.zeros(self.mha.head_dim, 1)
        b = torch.zeros(self.mha.q_proj_weight.shape[1], self.mha.k_proj_weight.shape[1])
        c = torch.zeros(7 if isinstance(self.mha.out_proj, nn.Linear) else 8)
        d = torch.zeros(7 if self.mha.in_proj_weight is None and not self.mha._qkv_same_embed_dim else 8)
        e = torch.zeros(7 if isinstance(self.enc, nn.TransformerEncoderLayer) and self.dec.norm_first is False else 8)
        return x
`,
      { model: "M()", inputs: [[1, 12]] },
    );
    assert.deepEqual(
      a.hints.map((h) => h.label),
      ["[4, 1]", "[12, 6]", "[7]", "[7]", "[7]"],
    );
  });

  it("builds a user subclass of nn.Transformer with torch's module order", () => {
    const a = analyse(
      `class T(nn.Transformer):
    def __init__(self):
        super().__init__(d_model=8, nhead=2, num_encoder_layers=1, num_decoder_layers=1, dim_feedforward=16)
        self.decoder = nn.Linear(8, 3)
        self.embed = nn.Embedding(10, 8)

    def forward(self, src):
        return self.decoder(self.encoder(self.embed(src)))
`,
      "T()",
      [[4, 2]],
    );
    const m = a.models[0];
    assert.deepEqual(
      m.modules.filter((r) => r.depth === 1).map((r) => `${r.path}:${r.type}`),
      ["encoder:TransformerEncoder", "decoder:Linear", "embed:Embedding"],
    );
    assert.equal(m.modules[0].type, "T");
    assert.deepEqual(m.output, [4, 2, 3]);
  });

  it("the bundles' build-time prelude tree is the parsed one: same tree, same answers from dist/cli.js", () => {
    const tree = parsePython(PRELUDE_SOURCE);
    const again = deserializeTree(PRELUDE_SOURCE, JSON.parse(JSON.stringify(serializeTree(tree))));
    assert.equal(again?.rootNode.toString(), tree.rootNode.toString());
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "shapelens-prelude-"));
    const file = path.join(dir, "model.py");
    const body = `class M(nn.Module):
    def __init__(self):
        super().__init__()
        self.enc = nn.TransformerEncoderLayer(16, 2, 32)

    def forward(self, x):
        return self.enc(x)
`;
    fs.writeFileSync(file, `import torch\nimport torch.nn as nn\n\n${body}`);
    const cli = path.resolve(__dirname, "../../../dist/cli.js");
    const r = spawnSync(process.execPath, [cli, "summary", file, "--model", "M()", "--input", "5,3,16", "--json"], { encoding: "utf8" });
    fs.rmSync(dir, { recursive: true, force: true });
    assert.equal(r.status, 0, r.stderr);
    const rows = (JSON.parse(r.stdout) as { modules: { path: string; outputs: unknown[]; params: number | null }[] }).modules;
    const inProcess = analyse(body, "M()", [[5, 3, 16]]).models[0].modules;
    assert.ok(rows.length > 5);
    assert.deepEqual(
      rows.map((m) => [m.path, JSON.stringify(m.outputs), m.params]),
      inProcess.map((m) => [m.path, JSON.stringify(m.outputs), m.params]),
    );
  });
});
