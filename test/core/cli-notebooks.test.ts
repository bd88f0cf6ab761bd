// The CLI on notebooks and on files it cannot fully light up: `hints nb.ipynb --json` carries the cell
// of each hint with the line inside that cell; a file with a model nobody declared says why on stderr
// and still exits 0.

import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { spawnSync } from "node:child_process";

const root = path.resolve(__dirname, "../../..");
const cli = path.join(root, "dist/cli.js");

function run(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [cli, ...args], { encoding: "utf8" });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

interface Located {
  cell?: number;
  line: number;
  label?: string;
  code?: string;
}

describe("CLI: notebooks and the reasons for missing hints", () => {
  it("hints an .ipynb per cell, lines counted inside the cell", () => {
    const r = run(["hints", path.join(root, "test/fixtures/notebooks/seed_convnets.ipynb"), "--json"]);
    assert.equal(r.status, 0, r.stderr);
    const [file] = (JSON.parse(r.stdout) as { files: { hints: Located[]; displays: Located[]; diagnostics: Located[] }[] }).files;
    const at = (xs: Located[]) => xs.map((x) => `${x.cell}:${x.line} ${x.label ?? x.code}`);
    assert.deepEqual(at(file.hints).slice(0, 2), ["2:1 [1, 1, 10]", "2:3 [1, 5, 10]"]);
    assert.ok(at(file.displays).includes("3:1 torch.Size([5, 1, 3])"));
    assert.ok(at(file.hints).includes("6:3 [16, 100]"));
    assert.deepEqual(at(file.diagnostics.filter((d) => d.code !== "inference-gap")), ["8:2 channel-mismatch"]);
  });

  it("says on stderr why a file has no hints, and exits 0", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "shapelens-"));
    const file = path.join(dir, "blocks.py");
    fs.writeFileSync(
      file,
      [
        "import torch.nn as nn",
        "class Block(nn.Module):",
        "    def __init__(self, c):",
        "        super().__init__()",
        "        self.conv = nn.Conv2d(c, c, 3)",
        "    def forward(self, x):",
        "        return self.conv(x)",
        "def unused(x):",
        "    return torch.flatten(x, 1)",
        "def helper(a, b):",
        "    return a + b",
        "",
      ].join("\n"),
    );
    const r = run(["hints", file]);
    assert.equal(r.status, 0);
    assert.equal(r.stdout.includes("not analysed"), true);
    assert.match(r.stderr, /no hints for .*blocks\.py/);
    assert.match(r.stderr, /Block: not analysed: no input is declared and its constructor needs arguments/);
    assert.match(r.stderr, /unused: not analysed: nothing at module level or in an analysed model calls it/);
    // A function that does no tensor work gets no note.
    assert.doesNotMatch(r.stderr, /helper/);
  });
});
