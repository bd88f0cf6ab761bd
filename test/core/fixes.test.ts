// The fix data the engine attaches to its diagnostics: for a layer whose constructor argument does not
// fit what reaches it, which argument, where it is written (or where it is added) and the value that
// fits. The editor's quick fixes and the CLI's JSON are made from exactly this data.

import * as assert from "node:assert/strict";
import { analyzeFile } from "../../server/src/core/analysis";
import { diagnosticJson } from "../../server/src/cli";

const header = "import torch\nimport torch.nn as nn\n\n";

/** A one-layer model fed `input`: `layer` is the constructor call as written in __init__. */
function fixedLine(layer: string, input: number[]): string | undefined {
  const body = `class Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.layer = ${layer}\n\n    def forward(self, x):\n        return self.layer(x)\n`;
  const r = analyzeFile("/tmp/fixes.py", header + body, { model: "Net()", inputs: [input] });
  const fixes = r.diagnostics.flatMap((d) => d.fixes ?? []);
  if (fixes.length === 0) return undefined;
  assert.equal(fixes.length, 1);
  const [f] = fixes;
  assert.equal(f.file, "/tmp/fixes.py");
  assert.equal(f.range.start.line, f.range.end.line);
  const line = (header + body).split("\n")[f.range.start.line];
  return line.slice(0, f.range.start.character) + f.newText + line.slice(f.range.end.character);
}

/** Constructor as written, input shape, and the line after the fix (undefined: no fix offered). */
const CASES: [string, number[], string | undefined][] = [
  ["nn.Conv2d(3, 8, 3)", [1, 4, 8, 8], "        self.layer = nn.Conv2d(4, 8, 3)"],
  [
    "nn.Conv2d(in_channels=3, out_channels=8, kernel_size=3)",
    [1, 4, 8, 8],
    "        self.layer = nn.Conv2d(in_channels=4, out_channels=8, kernel_size=3)",
  ],
  [
    "nn.Conv2d(out_channels=8, kernel_size=3, in_channels=3)",
    [1, 4, 8, 8],
    "        self.layer = nn.Conv2d(out_channels=8, kernel_size=3, in_channels=4)",
  ],
  ["torch.nn.Conv1d(3, 8, 3)", [1, 5, 8], "        self.layer = torch.nn.Conv1d(5, 8, 3)"],
  ["nn.Conv2d(4, 8, 3, groups=2)", [1, 6, 8, 8], "        self.layer = nn.Conv2d(6, 8, 3, groups=2)"],
  // 5 channels cannot be split into 2 groups: no value of in_channels alone fits.
  ["nn.Conv2d(4, 8, 3, groups=2)", [1, 5, 8, 8], undefined],
  ["nn.ConvTranspose2d(3, 8, 3)", [1, 4, 8, 8], "        self.layer = nn.ConvTranspose2d(4, 8, 3)"],
  ["nn.Linear(10, 2)", [3, 12], "        self.layer = nn.Linear(12, 2)"],
  ["nn.Linear(in_features=10, out_features=2)", [3, 12], "        self.layer = nn.Linear(in_features=12, out_features=2)"],
  ["nn.BatchNorm2d(3)", [2, 4, 8, 8], "        self.layer = nn.BatchNorm2d(4)"],
  ["nn.BatchNorm1d(3)", [2, 4], "        self.layer = nn.BatchNorm1d(4)"],
  ["nn.GroupNorm(2, 6)", [2, 4, 8, 8], "        self.layer = nn.GroupNorm(2, 4)"],
  ["nn.GroupNorm(num_groups=2, num_channels=6)", [2, 4, 8, 8], "        self.layer = nn.GroupNorm(num_groups=2, num_channels=4)"],
  ["nn.InstanceNorm2d(3, affine=True)", [2, 4, 8, 8], "        self.layer = nn.InstanceNorm2d(4, affine=True)"],
  // A lazy layer has no in_channels to set.
  ["nn.LazyConv2d(8, 3)", [1, 4, 8, 8], undefined],
];

describe("fix data on diagnostics", () => {
  for (const [layer, input, expected] of CASES) {
    it(`${layer} on [${input.join(", ")}] → ${expected === undefined ? "no fix" : expected.trim()}`, () => {
      assert.equal(fixedLine(layer, input), expected);
    });
  }

  it("a fixed line makes the error go away", () => {
    const fixed = fixedLine("nn.Conv2d(3, 8, 3)", [1, 4, 8, 8])!;
    const body = `class Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n${fixed}\n\n    def forward(self, x):\n        return self.layer(x)\n`;
    const r = analyzeFile("/tmp/fixes.py", header + body, { model: "Net()", inputs: [[1, 4, 8, 8]] });
    assert.deepEqual(
      r.diagnostics.filter((d) => d.severity === "error"),
      [],
    );
  });

  it("the CLI's JSON diagnostic carries the fix, 1-based like every range it prints", () => {
    const body =
      "class Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.layer = nn.Linear(10, 2)\n\n    def forward(self, x):\n        return self.layer(x)\n";
    const r = analyzeFile("/tmp/fixes.py", header + body, { model: "Net()", inputs: [[3, 12]] });
    const [d] = r.diagnostics.filter((x) => x.code === "linear-in-features");
    assert.deepEqual(diagnosticJson(d).fixes, [
      {
        layer: "Linear",
        argument: "in_features",
        value: "12",
        reason: "incoming feature count",
        file: "/tmp/fixes.py",
        line: 7,
        column: 32,
        endLine: 7,
        endColumn: 34,
        newText: "12",
      },
    ]);
  });

  it("a subclass called under its own name gets no fix (its signature is not the layer's)", () => {
    const body =
      "class MyConv(nn.Conv2d):\n    pass\n\nclass Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.layer = MyConv(3, 8, 3)\n\n    def forward(self, x):\n        return self.layer(x)\n";
    const r = analyzeFile("/tmp/fixes.py", header + body, { model: "Net()", inputs: [[1, 4, 8, 8]] });
    assert.ok(r.diagnostics.some((d) => d.code === "channel-mismatch"));
    assert.ok(r.diagnostics.every((d) => !d.fixes));
  });
});
