// torchinfo's number formatting and the figures Shape Lens refuses to guess: Python's half-even
// rounding of the MB figures, the mult-adds units, and "?" when the code freezes parameters or
// changes dtypes (which the engine does not follow).

import * as assert from "node:assert/strict";
import { analyzeFile } from "../../server/src/core/analysis";
import { macsFigure, megabytes, pyFixed, torchinfoTable } from "../../server/src/torchinfoTable";

describe("torchinfo table: formatting", () => {
  it("rounds as Python's format does (the double's exact value, ties to even)", () => {
    assert.equal(pyFixed(0.125, 2), "0.12"); // Python: f"{0.125:.2f}" == "0.12" (JS toFixed says 0.13)
    assert.equal(pyFixed(0.375, 2), "0.38");
    assert.equal(pyFixed(1.005, 2), "1.00"); // 1.005 is 1.00499999999999989... as a double
    assert.equal(pyFixed(8281.1303, 2), "8,281.13");
    assert.equal(pyFixed(8281.1303, 2, false), "8281.13");
    assert.equal(pyFixed(0, 2), "0.00");
    assert.equal(megabytes(602168), "0.60");
    assert.equal(megabytes(125000), "0.12");
  });

  it("mult-adds in torchinfo's units: T, G, else M; whole numbers without decimals", () => {
    assert.equal(macsFigure(1814083944), " (G): 1.81");
    assert.equal(macsFigure(382246551808), " (G): 382.25");
    assert.equal(macsFigure(2e12), " (T): 2");
    assert.equal(macsFigure(5000), " (M): 0.01");
    assert.equal(macsFigure(0), " (M): 0");
  });
});

function torchinfoOf(code: string) {
  const a = analyzeFile("/tmp/model.py", code, {});
  const t = a.models[a.models.length - 1]?.torchinfo;
  assert.ok(t, "no torchinfo summary");
  return t;
}

const NET = (extra: string, forwardExtra = "") => `import torch
import torch.nn as nn


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 8, 3)
        self.fc = nn.Linear(8, 2)
${extra}
    # shape: x = (2, 3, 8, 8)
    def forward(self, x):
        x = self.conv(x)${forwardExtra}
        return self.fc(x.mean((2, 3)))
`;

describe("torchinfo table: what is known and what is not", () => {
  it("a plain model: every figure (224 + 18 params; conv mult-adds 224 x 2 x 6 x 6)", () => {
    const t = torchinfoOf(NET(""));
    assert.equal(t.totalParams, 242);
    assert.equal(t.trainableParams, 242);
    assert.equal(t.totalMacs, 224 * 2 * 36 + 18 * 2);
    assert.equal(t.paramBytes, 242 * 4);
    assert.equal(t.forwardBackwardBytes, 2 * 4 * (2 * 8 * 36 + 2 * 2));
    assert.equal(t.inputBytes, 2 * 3 * 64 * 4 + 64);
    assert.deepEqual(t.unknownBecause, []);
    const text = torchinfoTable(t, { columns: ["output_size", "num_params", "trainable"], depth: 3 });
    assert.match(text, /├─Conv2d: 1-1 +\[2, 8, 6, 6\] +224 +True/);
  });

  it("frozen parameters: trainable counts are unknown, never assumed", () => {
    const t = torchinfoOf(NET("        self.conv.requires_grad_(False)\n"));
    assert.equal(t.totalParams, 242);
    assert.equal(t.trainableParams, null);
    const text = torchinfoTable(t, { columns: ["num_params", "trainable"], depth: 3 });
    assert.match(text, /Trainable params: \?/);
    assert.match(text, /Non-trainable params: \?/);
    assert.match(text, /\? = unknown: .*requires_grad/);
  });

  it("a dtype change (.half(), dtype=): the memory figures are unknown", () => {
    const t = torchinfoOf(NET("        self.half()\n"));
    assert.equal(t.paramBytes, null);
    assert.equal(t.forwardBackwardBytes, null);
    assert.equal(t.totalParams, 242);
    assert.match(torchinfoTable(t, { columns: ["num_params"], depth: 3 }), /Params size \(MB\): \?/);
  });

  it("comments are not code: a comment naming float64 or requires_grad leaves every figure known", () => {
    const t = torchinfoOf(NET("        # float64 inputs would need .half(); requires_grad stays on\n"));
    assert.deepEqual(t.unknownBecause, []);
    assert.equal(t.paramBytes, 242 * 4);
    assert.equal(t.trainableParams, 242);
  });

  it("a module called twice: the second row is (recursive) and counted once in the params", () => {
    const t = torchinfoOf(
      NET(
        "        self.act = nn.ReLU()\n        self.c2 = nn.Conv2d(8, 8, 1)\n",
        "\n        x = self.c2(self.act(x))\n        x = self.c2(self.act(x))",
      ),
    );
    assert.equal(t.totalParams, 242 + 72);
    const c2 = t.rows.filter((r) => r.path === "c2");
    assert.deepEqual(
      c2.map((r) => r.recursive),
      [false, true],
    );
    const text = torchinfoTable(t, { columns: ["num_params"], depth: 3 });
    assert.match(text, /├─Conv2d: 1-\d +\(recursive\)/);
  });
});
