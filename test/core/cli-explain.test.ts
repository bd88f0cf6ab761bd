// `shapelens explain` and `shapelens summary --svg` through the built CLI: the worked arithmetic,
// SVG files that parse as SVG, one frame file per output position, FILE:LINE, and exit statuses.

import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { spawnSync } from "node:child_process";
import { checkSvg } from "./xmlCheck";

const root = path.resolve(__dirname, "../../..");
const cli = path.join(root, "dist/cli.js");
const example = path.join(root, "examples/resnet18.py");

function run(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [cli, ...args], { encoding: "utf8" });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe("CLI: shapelens explain", () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "shapelens-explain-"));
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it("works the arithmetic through with the user's numbers and writes a picture that parses as SVG", () => {
    const svg = path.join(tmp, "conv.svg");
    const r = run(["explain", "nn.Conv2d(3, 64, 7, stride=2, padding=3)", "--input", "1,3,224,224", "--svg", svg]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /Conv2d: kernel 7, stride 2, padding 3; 224×224 → 112×112/);
    assert.match(r.stdout, /W_out = ⌊\(224 \+ 2·3 − 1·\(7−1\) − 1\)\/2⌋ \+ 1 = 112/);
    assert.match(r.stdout, /12544 output positions/);
    assert.match(r.stdout, /for ⌈224\/2⌉ = 112: padding=3 ✓ yours/);
    const { rects } = checkSvg(fs.readFileSync(svg, "utf8"));
    assert.ok(rects > 20 && rects < 1500, `${rects} rects`);
  });

  it("--frames writes one SVG per output position (transposed conv: 5×5 → 10×10)", () => {
    const dir = path.join(tmp, "frames");
    const r = run([
      "explain",
      "nn.ConvTranspose2d(8, 4, 3, stride=2, padding=1, output_padding=1)",
      "--input",
      "1,8,5,5",
      "--frames",
      dir,
      "--json",
    ]);
    assert.equal(r.status, 0, r.stderr);
    const j = JSON.parse(r.stdout) as { layers: { frames: number; geometry: { output: number[] } }[]; framesWritten: number };
    assert.deepEqual(j.layers[0].geometry.output, [10, 10]);
    assert.equal(j.layers[0].frames, 100);
    const files = fs.readdirSync(dir).sort();
    assert.equal(files.length, 100);
    assert.equal(files[0], "frame-001.svg");
    for (const f of files.slice(0, 12)) checkSvg(fs.readFileSync(path.join(dir, f), "utf8"));
  });

  it("FILE:LINE explains the layer built on that line (ResNet-18's maxpool on the file's own input)", () => {
    const line =
      fs
        .readFileSync(example, "utf8")
        .split("\n")
        .findIndex((l) => l.includes("self.maxpool = ")) + 1;
    const r = run(["explain", `${example}:${line}`]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /MaxPool2d: kernel 3, stride 2, padding 1; 100×100 → 50×50/);
  });

  it("ceil_mode: says which window PyTorch drops", () => {
    const r = run(["explain", "MaxPool2d(3, stride=3, padding=1, ceil_mode=True)", "--input", "1,1,5,5"]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /PyTorch drops it → 2/);
  });

  it("a layer PyTorch refuses exits 1 with PyTorch's message; bad usage exits 2", () => {
    const bad = run(["explain", "nn.Conv2d(3, 4, 4)", "--input", "1,2,16,16"]);
    assert.equal(bad.status, 1);
    assert.match(bad.stderr, /expected input\[1, 2, 16, 16\] to have 3 channels, but got 2 channels instead/);
    assert.equal(run(["explain", "nn.Conv2d(3, 4, 4)"]).status, 2);
    const many = run(["explain", "nn.Conv2d(3, 4, 3)", "--input", "1,3,224,224", "--frames", path.join(tmp, "many")]);
    assert.equal(many.status, 2);
    assert.match(many.stderr, /more than 4096 files/);
  });
});

describe("CLI: shapelens summary --svg", () => {
  it("writes the shape picture: spatial size and channels stage by stage", () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "shapelens-summary-"));
    try {
      const svg = path.join(tmp, "shapes.svg");
      const r = run(["summary", example, "--svg", svg]);
      assert.equal(r.status, 0, r.stderr);
      const text = fs.readFileSync(svg, "utf8");
      checkSvg(text);
      assert.match(text, /1×200×200/);
      assert.match(text, /64×50×50/);
      assert.match(text, /512×7×7/);
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });
});
