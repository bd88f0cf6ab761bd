// The editor setting shapeLens.defaultInputShape: used for a file's top-level models that declare
// no input, never for blocks that other classes instantiate (they get their input from them).

import * as assert from "node:assert/strict";
import { analyzeFile } from "../../server/src/core/analysis";

const text = [
  "import torch.nn as nn",
  "class Block(nn.Module):",
  "    def __init__(self):",
  "        super().__init__()",
  "        self.conv = nn.Conv2d(8, 8, 3, padding=1)",
  "    def forward(self, x):",
  "        y = self.conv(x)",
  "        return y",
  "class Net(nn.Module):",
  "    def __init__(self):",
  "        super().__init__()",
  "        self.stem = nn.Conv2d(1, 8, 3)",
  "        self.block = Block()",
  "    def forward(self, x):",
  "        x = self.stem(x)",
  "        x = self.block(x)",
  "        return x",
  "",
].join("\n");

describe("default input shape (editor setting)", () => {
  it("analyses undeclared top-level models with it, and blocks only through them", () => {
    const r = analyzeFile("/virtual/undeclared.py", text, { defaultInputs: [["N", 1, 28, 28]] });
    assert.deepEqual(
      r.hints.map((h) => [h.range.start.line, h.label]),
      [
        [6, "[N, 8, 26, 26]"],
        [14, "[N, 8, 26, 26]"],
        [15, "[N, 8, 26, 26]"],
      ],
    );
    assert.deepEqual(
      r.models.map((m) => [m.className, m.inputSource]),
      [["Net", "setting"]],
    );
    assert.equal(r.diagnostics.filter((d) => d.severity === "error").length, 0);
  });

  it("is not used without the setting: the model gets an assumed input instead, or none when that is off", () => {
    const assumed = analyzeFile("/virtual/undeclared.py", text);
    assert.ok(assumed.models.every((m) => m.inputSource === "assumed"));
    assert.ok(assumed.hints.every((h) => h.assumed));
    assert.equal(analyzeFile("/virtual/undeclared.py", text, { assumeInputs: false }).hints.length, 0);
  });
});

describe("file-wide input (--input without --model)", () => {
  it("feeds top-level models, not blocks built inside them, even when blocks take no arguments", () => {
    const r = analyzeFile("/virtual/undeclared.py", text, { inputs: [[2, 1, 28, 28]] });
    assert.deepEqual(
      r.models.map((m) => m.className),
      ["Net"],
    );
    assert.equal(r.diagnostics.filter((d) => d.severity === "error").length, 0);
  });
});
