// The imported-tree cache holds what one analysis imports: a second analysis that runs a torchvision
// model parses none of torchvision's files again (with a cap below the 1.8 M characters `import
// torchvision` reads, every analysis re-parsed all of them, 260 ms instead of 35 ms).

import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { analyzeFile } from "../../server/src/core/analysis";
import { importedParses } from "../../server/src/core/parseCache";
import { diskOptions } from "./diskOptions";
import { torchvisionDir } from "./torchvision.test";

describe("imported-tree cache", function () {
  this.timeout(60_000);

  it("a second analysis importing all of torchvision parses none of its files again", function () {
    const tv = torchvisionDir();
    if (!tv) this.skip();
    const dir = fs.mkdtempSync(path.join(fs.realpathSync(os.tmpdir()), "shapelens-parsecache-"));
    const file = path.join(dir, "script.py");
    const text = "import torch\nimport torchvision\nm = torchvision.models.resnet18()\ny = m(torch.randn(1, 3, 64, 64))\n";
    const options = { ...diskOptions(dir, [path.dirname(tv)]), maxMillis: 600_000 };
    const first = analyzeFile(file, text, options);
    assert.ok(
      first.hints.some((h) => h.label === "[1, 1000]"),
      JSON.stringify(first.hints.map((h) => h.label)),
    );
    const before = importedParses();
    analyzeFile(file, text, options);
    assert.equal(importedParses() - before, 0);
  });
});
