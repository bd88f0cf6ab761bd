// Issue 10, containment: the engine reads files only through its host's FileAccess, and the host
// reads only regular files under the size cap whose real path stays inside the roots. Imports never
// climb above the workspace root nor probe folders outside it.

import * as assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { analyzeFile } from "../../server/src/core/analysis";
import type { FileAccess } from "../../server/src/core/fileAccess";
import { inMemoryFiles } from "../../server/src/core/fileAccess";
import { hostFileAccess, refusal } from "../../server/src/hostFiles";

const MODEL = (importLine: string, dim: string) =>
  [
    "import torch",
    "import torch.nn as nn",
    importLine,
    "class M(nn.Module):",
    "    # shape: x = (1, 3)",
    "    def forward(self, x):",
    `        y = x.new_zeros(${dim})`,
    "        return y",
    "",
  ].join("\n");

/** Records every path the engine asks about. */
function spy(inner: FileAccess): { files: FileAccess; asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    files: {
      read: (f) => (asked.push(f), inner.read(f)),
      exists: (f) => (asked.push(f), inner.exists(f)),
    },
  };
}

describe("file access containment (core, in memory)", () => {
  const ws = "/ws/proj";
  const disk = inMemoryFiles({ "/ws/proj/pkg/__init__.py": "", "/ws/proj/sib.py": "K = 4\n", "/ws/outside/secret.py": "X = 7\n" });

  it("reads a sibling import inside the root", () => {
    const r = analyzeFile(`${ws}/main.py`, MODEL("from sib import K", "K"), { files: disk, roots: [ws] });
    assert.deepEqual(
      r.hints.map((h) => h.label),
      ["[4]"],
    );
  });

  it("a relative import never climbs above the workspace root (from ...outside.secret)", () => {
    const { files, asked } = spy(disk);
    const r = analyzeFile(`${ws}/pkg/a.py`, MODEL("from ...outside.secret import X", "X"), { files, roots: [ws] });
    assert.deepEqual(r.hints, []);
    assert.ok(!asked.some((f) => !f.startsWith(`${ws}/`)), `asked outside the root: ${asked.join(", ")}`);
  });

  it("absolute imports probe only inside the root: no /os.py, no parent folders, no temp folder", () => {
    const { files, asked } = spy(disk);
    analyzeFile(`${ws}/pkg/a.py`, MODEL("import os, collections.abc\nfrom nowhere import thing\nimport outside.secret", "3"), {
      files,
      roots: [ws],
    });
    assert.ok(asked.length > 0, "workspace imports are still looked for");
    assert.ok(!asked.some((f) => !f.startsWith(`${ws}/`)), `asked outside the root: ${asked.join(", ")}`);
    assert.ok(!asked.some((f) => /\/os(\.py|\/)/.test(f)), "standard-library names are never probed");
  });

  it("a file in no root reads nothing; no file access reads nothing", () => {
    const { files, asked } = spy(disk);
    analyzeFile("/elsewhere/a.py", MODEL("from sib import K", "K"), { files, roots: [ws] });
    analyzeFile("/ws/proj/a.py", MODEL("from sib import K", "K"));
    assert.deepEqual(asked, []);
  });
});

describe("file access containment (host, real files)", function () {
  let dir: string;
  let ws: string;
  before(function () {
    if (process.platform === "win32") this.skip();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "shapelens-contain-"));
    ws = path.join(dir, "ws");
    fs.mkdirSync(ws);
    fs.writeFileSync(path.join(dir, "secret.py"), "X = 7\n");
    fs.writeFileSync(path.join(ws, "ok.py"), "K = 4\n");
    fs.writeFileSync(path.join(ws, "big.py"), `K = 4\n${"#".repeat(4096)}\n`);
    fs.symlinkSync("/dev/zero", path.join(ws, "zero.py"));
    fs.symlinkSync(path.join(dir, "secret.py"), path.join(ws, "passwd.py"));
    fs.symlinkSync(path.join(ws, "ok.py"), path.join(ws, "inner.py"));
    try {
      execFileSync("mkfifo", [path.join(ws, "pipe.py")]);
    } catch {
      // no mkfifo: the pipe case is skipped below
    }
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  const files = () => hostFileAccess({ roots: [ws], searchPaths: [], libraryPaths: [], maxBytes: 1024 });

  it("refuses a symlink to /dev/zero without reading it (it used to grow to 16 GB)", () => {
    assert.equal(files().read(path.join(ws, "zero.py")), undefined);
    assert.equal(files().exists(path.join(ws, "zero.py")), false);
    const r = analyzeFile(path.join(ws, "m.py"), MODEL("from zero import X", "X"), { files: files(), roots: [ws] });
    assert.deepEqual(r.hints, []);
  });

  it("refuses a named pipe without blocking (it used to block forever)", function () {
    if (!fs.existsSync(path.join(ws, "pipe.py"))) this.skip();
    assert.equal(files().read(path.join(ws, "pipe.py")), undefined);
    const r = analyzeFile(path.join(ws, "m.py"), MODEL("from pipe import X", "X"), { files: files(), roots: [ws] });
    assert.deepEqual(r.hints, []);
  });

  it("refuses symlinks leaving the roots, follows those inside", () => {
    assert.equal(files().read(path.join(ws, "passwd.py")), undefined);
    assert.match(refusal(path.join(ws, "passwd.py"), [ws], 1024) ?? "", /outside the workspace/);
    assert.equal(files().read(path.join(ws, "inner.py")), "K = 4\n");
    const r = analyzeFile(path.join(ws, "m.py"), MODEL("from passwd import X", "X"), { files: files(), roots: [ws] });
    assert.deepEqual(r.hints, []);
  });

  it("never treats the file-system root as a workspace folder", () => {
    const everything = hostFileAccess({ roots: ["/"], searchPaths: [], libraryPaths: [] });
    assert.equal(everything.read(path.join(ws, "ok.py")), undefined);
    assert.equal(everything.exists("/etc/hostname"), false);
  });

  it("refuses files over the size cap and paths outside the roots", () => {
    assert.equal(files().read(path.join(ws, "big.py")), undefined);
    assert.equal(files().read(path.join(dir, "secret.py")), undefined);
    assert.equal(files().read(path.join(ws, "..", "secret.py")), undefined);
    assert.equal(files().read(path.join(ws, "ok.py")), "K = 4\n");
  });
});
