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
