// shapeLens.pytorchVersion "auto": the version is read from a workspace venv's torch/version.py
// (never run); explicit settings win; no venv or an unfollowed release falls back to PyTorch 2.

import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { followedTorch } from "../../server/src/torchDetect";

function workspaceWith(venv: string, layout: string[], release: string): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "shapelens-torch-"));
  const dir = path.join(root, venv, ...layout, "torch");
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(
    path.join(dir, "version.py"),
    `from typing import Optional\n\n__all__ = ['__version__']\n__version__ = '${release}'\ngit_version = 'abc'\n`,
  );
  return root;
}

describe("PyTorch version detection (shapeLens.pytorchVersion: auto)", () => {
  it("follows a .venv's torch 1.13 and a venv's torch 2.x, and says so", () => {
    const old = workspaceWith(".venv", ["lib", "python3.11", "site-packages"], "1.13.1+cpu");
    const modern = workspaceWith("venv", ["Lib", "site-packages"], "2.5.1");
    assert.deepEqual(followedTorch("auto", [old]), { version: "1.13", description: "PyTorch 1.13.0 (.venv: torch 1.13.1+cpu)" });
    assert.deepEqual(followedTorch("auto", [modern]), { version: "2", description: "PyTorch 2.13.0 (venv: torch 2.5.1)" });
  });

  it("lets an explicit setting win and falls back to PyTorch 2 without a followed venv torch", () => {
    const old = workspaceWith(".venv", ["lib", "python3.11", "site-packages"], "1.13.1");
    const ancient = workspaceWith(".venv", ["lib", "python3.9", "site-packages"], "1.8.0");
    assert.equal(followedTorch("2", [old]).version, "2");
    assert.equal(followedTorch("auto", [ancient]).version, "2");
    assert.match(followedTorch("auto", [ancient]).description, /torch 1\.8\.0 in the workspace is not followed/);
    assert.equal(followedTorch("auto", [os.tmpdir() + "/does-not-exist"]).version, "2");
  });
});
