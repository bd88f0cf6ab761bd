// shapeLens.pytorchVersion "auto": finds the PyTorch installed in a workspace's virtual environment
// (.venv or venv) by reading its torch/version.py — never running anything — and says which version
// the analysis follows and why, for the status bar.

import * as fs from "fs";
import * as path from "path";
import { DEFAULT_TORCH_VERSION, FOLLOWED_RELEASE, TorchVersion, parseTorchVersion } from "./core/torchVersion";

export interface FollowedTorch {
  version: TorchVersion;
  /** For the status bar: "PyTorch 2.13 (setting)", "PyTorch 1.13 (.venv: torch 1.13.1)". */
  description: string;
}

const VENV_NAMES = [".venv", "venv"];

/** The python3.X folders of a venv's lib folder, or none when it has no lib folder. */
function pythonDirs(lib: string): string[] {
  try {
    return fs
      .readdirSync(lib)
      .filter((d) => d.startsWith("python"))
      .sort();
  } catch {
    return [];
  }
}

/** torch/version.py files of the venvs directly inside `root` (POSIX and Windows layouts). */
function versionFiles(root: string): { venv: string; file: string }[] {
  const out: { venv: string; file: string }[] = [];
  for (const venv of VENV_NAMES) {
    const base = path.join(root, venv);
    out.push({ venv, file: path.join(base, "Lib", "site-packages", "torch", "version.py") });
    for (const p of pythonDirs(path.join(base, "lib")))
      out.push({ venv, file: path.join(base, "lib", p, "site-packages", "torch", "version.py") });
  }
  return out;
}

/** The `__version__ = '2.5.1+cpu'` line of a torch/version.py. */
export function readTorchRelease(file: string): string | undefined {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch {
    return undefined;
  }
  return /^__version__\s*(?::\s*str\s*)?=\s*['"]([^'"]+)['"]/m.exec(text)?.[1];
}

/** The first venv torch found under the workspace roots, if any. */
export function detectTorch(roots: string[]): { release: string; venv: string } | undefined {
  for (const root of roots) {
    for (const { venv, file } of versionFiles(root)) {
      const release = readTorchRelease(file);
      if (release) return { release, venv };
    }
  }
  return undefined;
}

/** What the analysis follows for a setting value ("2", "1.13" or "auto") in these workspace roots. */
export function followedTorch(setting: string, roots: string[]): FollowedTorch {
  const chosen = parseTorchVersion(setting);
  if (setting !== "auto" && chosen) return { version: chosen, description: `PyTorch ${FOLLOWED_RELEASE[chosen]} (setting)` };
  const found = detectTorch(roots);
  const detected = found ? parseTorchVersion(found.release) : undefined;
  if (found && detected) {
    return { version: detected, description: `PyTorch ${FOLLOWED_RELEASE[detected]} (${found.venv}: torch ${found.release})` };
  }
  const why = found ? `torch ${found.release} in the workspace is not followed` : "no torch in a workspace .venv/venv";
  return { version: DEFAULT_TORCH_VERSION, description: `PyTorch ${FOLLOWED_RELEASE[DEFAULT_TORCH_VERSION]} (${why})` };
}
