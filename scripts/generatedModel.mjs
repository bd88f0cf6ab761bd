// The generated model file the benchmarks time (scripts/bench.mjs): `blocks` independent residual
// blocks, each with a declared input.

/** A file of `blocks` independent residual blocks, each with a declared input (17 lines a block). */
export function generatedModelFile(blocks) {
  const lines = ["import torch", "import torch.nn as nn", "import torch.nn.functional as F", ""];
  for (let b = 0; b < blocks; b++) {
    lines.push(
      `class Block${b}(nn.Module):`,
      `    def __init__(self, c=${16 + (b % 4) * 8}):`,
      "        super().__init__()",
      "        self.conv1 = nn.Conv2d(c, c, 3, padding=1)",
      "        self.bn1 = nn.BatchNorm2d(c)",
      "        self.conv2 = nn.Conv2d(c, c, 3, padding=1)",
      "        self.bn2 = nn.BatchNorm2d(c)",
      "",
      `    # shape: x = (8, ${16 + (b % 4) * 8}, 56, 56)`,
      "    def forward(self, x):",
      "        y = self.conv1(x)",
      "        y = F.relu(self.bn1(y))",
      "        y = self.conv2(y)",
      "        y = self.bn2(y)",
      "        y = y + x",
      "        return F.relu(y)",
      "",
    );
  }
  return lines.join("\n");
}
