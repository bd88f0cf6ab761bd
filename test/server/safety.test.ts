// Issue 10 through the real server: an import that is a pipe or a /dev/zero link neither blocks nor
// kills it; a file full of slow models costs one budget, so another document's hover is answered
// in time; documents over the size cap are not analysed.

import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import { TestClient, fixture } from "./lspClient";

const SLOW_CLASS = (name: string) =>
  [
    `class ${name}(nn.Module):`,
    "    # shape: x = (1, 3)",
    "    def forward(self, x):",
    "        t = 0",
    "        while t < 100000000:",
    "            t += 1",
    "        return x",
  ].join("\n");

describe("language server: safety", function () {
  this.timeout(60000);
  let client: TestClient | undefined;
  let dir: string;
  before(function () {
    if (process.platform === "win32") this.skip();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "shapelens-server-"));
    fs.symlinkSync("/dev/zero", path.join(dir, "zero.py"));
    fs.symlinkSync("/etc/passwd", path.join(dir, "passwd.py"));
    try {
      execFileSync("mkfifo", [path.join(dir, "pipe.py")]);
    } catch {
      // no mkfifo: only the device link is tried
    }
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));
  afterEach(() => client?.kill());

  it("an import that is a pipe or a /dev/zero link neither blocks nor kills the server", async () => {
    client = await TestClient.start({ settings: {} });
    const uri = pathToFileURL(path.join(dir, "main.py")).href;
    const text = [
      "import torch",
      "import torch.nn as nn",
      "from zero import A",
      "from pipe import B",
      "from passwd import root",
      "class M(nn.Module):",
      "    # shape: x = (1, 3)",
      "    def forward(self, x):",
      "        y = x + 1",
      "        return y",
      "",
    ].join("\n");
    await client.open(uri, text);
    await client.diagnosticsFor(uri);
    const hints = await client.request<unknown[]>("textDocument/inlayHint", {
      textDocument: { uri },
      range: { start: { line: 0, character: 0 }, end: { line: 20, character: 0 } },
    });
    assert.equal(hints.length, 1);
    assert.equal(client.exitCode, undefined);
  });

  it("twelve slow models cost one budget: a hover on another document is answered in time", async () => {
    client = await TestClient.start({ settings: {} });
    const slowUri = pathToFileURL(path.join(dir, "slow.py")).href;
    const slow = [
      "import torch",
      "import torch.nn as nn",
      ...["A", "B", "C", "D", "E", "F", "G", "H", "I", "J", "K", "L"].map(SLOW_CLASS),
      "",
    ].join("\n");
    const small = fixture("simple_cnn.py");
    await client.open(small.uri, small.text);
    await client.diagnosticsFor(small.uri);
    await client.open(slowUri, slow);
    await new Promise((r) => setTimeout(r, 50));
    const t0 = Date.now();
    await client.request("textDocument/hover", { textDocument: { uri: small.uri }, position: { line: 5, character: 10 } });
    const waited = Date.now() - t0;
    assert.ok(waited < 4000, `the hover waited ${waited} ms`);
    const diags = await client.diagnosticsFor(slowUri);
    assert.ok(Array.isArray(diags));
  });

  it("a document over shapeLens.maxFileSizeMB is not analysed", async () => {
    client = await TestClient.start({ settings: { maxFileSizeMB: 0.01, showInferenceGaps: true } });
    const uri = pathToFileURL(path.join(dir, "huge.py")).href;
    const text = `${fixture("simple_cnn.py").text}\n${"# padding\n".repeat(2000)}`;
    await client.open(uri, text);
    // The settings may arrive after the first analysis: wait for the one that used them.
    await client.until("the size-cap diagnostic", () =>
      client?.diagnostics.get(uri)?.diagnostics.some((d) => /larger than/.test(String(d.message))),
    );
    assert.deepEqual(
      await client.request("textDocument/inlayHint", {
        textDocument: { uri },
        range: { start: { line: 0, character: 0 }, end: { line: 50, character: 0 } },
      }),
      [],
    );
  });
});
