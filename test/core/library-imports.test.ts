// User code importing torchvision (transfer learning) is analysed through torchvision's own sources:
// the system's python3-torchvision, or the extracted copy the model-zoo test uses (via
// a search path, as SHAPELENS_PYTHONPATH gives the CLI). Expected values recorded with Debian's torch 1.13 / torchvision 0.14:
//   Classifier().eval()(torch.randn(2, 3, 64, 64)).shape == [2, 10]; 14,686,514 parameters.

import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { analyzeFile } from "../../server/src/core/analysis";
import { diskOptions } from "./diskOptions";

const root = path.resolve(__dirname, "../../..");
const file = path.join(root, "test/fixtures/library/transfer_learning.py");

function torchvisionParent(): string | undefined {
  const candidates = [
    process.env.SHAPELENS_TORCHVISION_DIR,
    path.join(root, ".cache/torchvision/root/usr/lib/python3/dist-packages/torchvision"),
    "/usr/lib/python3/dist-packages/torchvision",
  ];
  const dir = candidates.find((d) => d && fs.existsSync(path.join(d, "models", "resnet.py")));
  return dir && path.dirname(dir);
}

describe("imports of installed model libraries", () => {
  it("analyses a model built on torchvision.models like PyTorch runs it", function () {
    const parent = torchvisionParent();
    if (!parent) this.skip();
    const r = analyzeFile(file, fs.readFileSync(file, "utf8"), diskOptions(path.dirname(file), [parent]));
    const m = r.models.find((x) => x.className === "Classifier");
    assert.ok(m, "Classifier was analysed");
    assert.deepEqual(m.output, [2, 10]);
    assert.equal(m.params, 14686514);
    assert.deepEqual(m.modules.find((row) => row.path === "backbone.fc")?.outputs, [[2, 10]]);
  });

  it("never reads torch itself from disk", () => {
    const text = "import torch.distributed as dist\nx = dist\n";
    const r = analyzeFile("/usr/lib/python3/dist-packages/somepkg/mod.py", text);
    assert.equal(r.diagnostics.filter((d) => d.file.includes("/torch/")).length, 0);
  });
});
