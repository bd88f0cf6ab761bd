// The seed walk-through (shared/seeds: torchinfo's table of a one-channel, one-output ResNet-18 on
// 256×1×200×200) reproduced by the CLI on examples/resnet18.py; the numbers below are the ones
// torchinfo printed there under real PyTorch.

import * as assert from "node:assert/strict";
import * as path from "node:path";
import { execFileSync } from "node:child_process";

const root = path.resolve(__dirname, "../../..");
const cli = path.join(root, "dist/cli.js");
const example = path.join(root, "examples/resnet18.py");

interface Summary {
  output: number[];
  params: number;
  modules: { path: string; type: string; outputs: number[][]; params: number }[];
}

function summary(args: string[]): Summary {
  return JSON.parse(execFileSync(process.execPath, [cli, "summary", example, "--json", ...args], { encoding: "utf8" })) as Summary;
}

describe("seed walk-through: ResNet-18 (examples/resnet18.py)", () => {
  it("the file's own torchinfo call (256, 1, 200, 200) gives the seed's table", () => {
    const s = summary([]);
    const row = (p: string) => s.modules.find((m) => m.path === p)!;
    assert.deepEqual(s.output, [256, 1]);
    assert.deepEqual(row("conv1").outputs, [[256, 64, 100, 100]]);
    assert.equal(row("conv1").params, 3136);
    assert.deepEqual(row("bn1").outputs, [[256, 64, 100, 100]]);
    assert.equal(row("bn1").params, 128);
    assert.deepEqual(row("maxpool").outputs, [[256, 64, 50, 50]]);
    assert.deepEqual(row("layer1").outputs, [[256, 64, 50, 50]]);
    assert.deepEqual(row("layer1.0.conv1").outputs, [[256, 64, 50, 50]]);
    assert.equal(row("layer1.0.conv1").params, 36864);
    assert.equal(row("layer1.0.bn1").params, 128);
  });

  it("the standard ResNet-18 on 1×3×200×200 follows the seed's side-length walk-through", () => {
    const s = summary(["--model", "ResNet(BasicBlock, [2, 2, 2, 2])", "--input", "1,3,200,200"]);
    const out = (p: string) => s.modules.find((m) => m.path === p)!.outputs[0];
    assert.deepEqual(out("conv1"), [1, 64, 100, 100]);
    assert.deepEqual(out("maxpool"), [1, 64, 50, 50]);
    assert.deepEqual(out("layer2"), [1, 128, 25, 25]);
    assert.deepEqual(out("layer3"), [1, 256, 13, 13]);
    assert.deepEqual(out("layer4"), [1, 512, 7, 7]);
    assert.deepEqual(out("avgpool"), [1, 512, 1, 1]);
    assert.deepEqual(s.output, [1, 1000]);
    assert.equal(s.params, 11689512); // torchvision's resnet18: 11,689,512 parameters
  });
});

describe("seed walk-through: torchinfo's table of the same ResNet (shapelens summary)", () => {
  // The seed's torchinfo table, row by row as far as the seed shows it (its header and first 14 rows).
  const SEED_ROWS = [
    "Layer (type:depth-idx)                   Output Shape              Param #",
    "ResNet                                   [256, 1]                  --",
    "├─Conv2d: 1-1                            [256, 64, 100, 100]       3,136",
    "├─BatchNorm2d: 1-2                       [256, 64, 100, 100]       128",
    "├─ReLU: 1-3                              [256, 64, 100, 100]       --",
    "├─MaxPool2d: 1-4                         [256, 64, 50, 50]         --",
    "├─Sequential: 1-5                        [256, 64, 50, 50]         --",
    "│    └─BasicBlock: 2-1                   [256, 64, 50, 50]         --",
    "│    │    └─Conv2d: 3-1                  [256, 64, 50, 50]         36,864",
    "│    │    └─BatchNorm2d: 3-2             [256, 64, 50, 50]         128",
    "│    │    └─ReLU: 3-3                    [256, 64, 50, 50]         --",
    "│    │    └─Conv2d: 3-4                  [256, 64, 50, 50]         36,864",
    "│    │    └─BatchNorm2d: 3-5             [256, 64, 50, 50]         128",
    "│    │    └─ReLU: 3-6                    [256, 64, 50, 50]         --",
  ];

  function table(args: string[] = []): string[] {
    return execFileSync(process.execPath, [cli, "summary", example, ...args], { encoding: "utf8" }).split("\n");
  }

  it("prints the seed's header and rows, character for character", () => {
    const lines = table();
    assert.match(lines[0], /^=+$/);
    assert.equal(lines[0].length, 90); // torchinfo: 40 + 2 columns x 25
    assert.deepEqual([lines[1], ...lines.slice(3, 3 + SEED_ROWS.length - 1)], SEED_ROWS);
  });

  it("the footer: params, mult-adds and memory (checked against PyTorch 1.13 at batch 4, linear in the batch)", () => {
    const lines = table();
    const footer = lines.slice(lines.findIndex((l) => l.startsWith("Total params")));
    assert.deepEqual(footer.slice(0, 4), [
      "Total params: 11,170,753",
      "Trainable params: 11,170,753",
      "Non-trainable params: 0",
      "Total mult-adds (G): 382.25",
    ]);
    assert.deepEqual(footer.slice(5, 9), [
      "Input size (MB): 40.96",
      "Forward/backward pass size (MB): 8281.13",
      "Params size (MB): 44.68",
      "Estimated Total Size (MB): 8366.77",
    ]);
  });

  it("the same figures under --torch 1.13 at batch 4 equal real PyTorch's (hooks, numel x element_size)", () => {
    const s = JSON.parse(
      execFileSync(process.execPath, [cli, "summary", example, "--json", "--torch", "1.13", "--input", "4,1,200,200"], {
        encoding: "utf8",
      }),
    ) as { torchinfo: Record<string, number> };
    // scripts/golden/generate_torchinfo_memory.py's rules on torchvision's resnet18 with the seed's conv1 and fc.
    assert.equal(s.torchinfo.totalParams, 11170753);
    assert.equal(s.torchinfo.totalMacs, 5972602372);
    assert.equal(s.torchinfo.inputBytes, 640056);
    assert.equal(s.torchinfo.forwardBackwardBytes, 129392672);
    assert.equal(s.torchinfo.paramBytes, 44683012);
  });

  it("--columns and --depth: every torchinfo column, rows below the depth folded into their parent", () => {
    const cols = "input_size,output_size,num_params,params_percent,kernel_size,mult_adds,trainable";
    const lines = table(["--columns", cols, "--depth", "1"]);
    assert.match(
      lines[1],
      /^Layer \(type:depth-idx\)\s+Input Shape\s+Output Shape\s+Param #\s+Param %\s+Kernel Shape\s+Mult-Adds\s+Trainable$/,
    );
    assert.equal(lines[0].length, 40 + 7 * 25);
    const conv = lines.find((l) => l.startsWith("├─Conv2d: 1-1"))!;
    assert.deepEqual(conv.split(/\s{2,}/), [
      "├─Conv2d: 1-1",
      "[256, 1, 200, 200]",
      "[256, 64, 100, 100]",
      "3,136",
      "0.03%",
      "[7, 7]",
      "8,028,160,000",
      "True",
    ]);
    const layer1 = lines.find((l) => l.startsWith("├─Sequential: 1-5"))!;
    // Folded: the whole stage's parameters and the sum of its leaf layers' mult-adds.
    assert.deepEqual(layer1.split(/\s{2,}/).slice(3, 7), ["147,968", "1.32%", "--", "94,371,971,072"]);
    assert.ok(!lines.some((l) => /: [23]-/.test(l)));
    assert.ok(lines.some((l) => l.startsWith("├─MaxPool2d: 1-4") && l.includes(" 3 ")));
  });
});
