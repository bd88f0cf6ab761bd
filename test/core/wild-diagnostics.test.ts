// Diagnostics behind wrong facts seen on code in the wild (issue 9): BatchNorm's training-mode-only
// error, PyTorch's wording for a float where an int is required, and no shapes for a model whose
// constructor raises. Messages were read from Debian's PyTorch 1.13 (python3-torch).

import * as assert from "node:assert/strict";
import { analyzeFile } from "../../server/src/core/analysis";

const header = "import torch\nimport torch.nn as nn\n\n";

function analyse(body: string, model: string, input: number[]) {
  return analyzeFile("/tmp/wild_diag.py", header + body, { model, inputs: [input] });
}

describe("diagnostics for code in the wild", () => {
  it("BatchNorm with one value per channel: a training-mode warning, and the eval-mode shape", () => {
    const r = analyse(
      "class Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.bn = nn.BatchNorm2d(4)\n\n    def forward(self, x):\n        return self.bn(x)\n",
      "Net()",
      [1, 4, 1, 1],
    );
    const w = r.diagnostics.filter((d) => d.severity === "warning");
    assert.equal(w.length, 1);
    // PyTorch 1.13: ValueError: Expected more than 1 value per channel when training, got input size torch.Size([1, 4, 1, 1])
    assert.match(w[0].message, /training mode/);
    assert.match(w[0].message, /Expected more than 1 value per channel when training, got input size torch\.Size\(\[1, 4, 1, 1\]\)/);
    assert.deepEqual(r.models[0].output, [1, 4, 1, 1]);
    assert.equal(r.diagnostics.filter((d) => d.severity === "error").length, 0);
  });

  it("BatchNorm with more than one value per channel: no warning", () => {
    const r = analyse(
      "class Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.bn = nn.BatchNorm1d(4)\n\n    def forward(self, x):\n        return self.bn(x)\n",
      "Net()",
      [2, 4],
    );
    assert.equal(r.diagnostics.filter((d) => d.severity !== "info").length, 0);
  });

  it("a float where an int is required is called a float (44.0), not 44", () => {
    const r = analyse(
      "class Net(nn.Module):\n    def __init__(self, d=88):\n        super().__init__()\n        self.fc = nn.Linear(8, d / 2)\n\n    def forward(self, x):\n        return self.fc(x)\n",
      "Net()",
      [2, 8],
    );
    const e = r.diagnostics.filter((d) => d.severity === "error");
    assert.equal(e.length, 1);
    assert.match(e[0].message, /must be int, not float \(44\.0\)/);
  });

  it("a model whose constructor raises has no shapes: no hints, every row unknown", () => {
    const r = analyse(
      "class Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.a = nn.Linear(8, 8)\n        self.b = nn.Conv2d(3, 4.0, 3)\n\n    def forward(self, x):\n        y = self.a(x)\n        return y\n",
      "Net()",
      [2, 8],
    );
    assert.equal(r.hints.length, 0);
    const m = r.models[0];
    assert.equal(m.output, null);
    assert.equal(m.lines.length, 0);
    for (const row of m.modules) assert.deepEqual(row.outputs, [null], row.path);
  });

  it("imports made only under if __name__ == '__main__' reach forward (the file runs as a script)", () => {
    const text =
      "from torch import nn\n\n\nclass Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.fc = nn.Linear(8, 4)\n\n" +
      "    def forward(self, x):\n        return torch.cat([self.fc(x), x], dim=1)\n\n\n" +
      'if __name__ == "__main__":\n    import torch\n    print(Net()(torch.randn(2, 8)).shape)\n';
    const r = analyzeFile("/tmp/wild_main.py", text, { model: "Net()", inputs: [[2, 8]] });
    // PyTorch, running the file: torch.Size([2, 12])
    assert.deepEqual(r.models[0].output, [2, 12]);
  });
});
