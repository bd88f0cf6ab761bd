// The incremental cache never changes a result: real files (test/realworld, test/fixtures/forward,
// examples) go through seeded random edits (digits, comments, inserted lines, stray characters,
// undos), and after each edit the analysis with the document's cache equals a fresh one in full
// (hints, diagnostics, models, calls, notes). Also checks that unchanged models are replayed.

import * as assert from "node:assert/strict";
import * as fs from "fs";
import * as path from "path";
import { analyzeFile } from "../../server/src/core/analysis";
import type { AnalyzeOptions, FileAnalysis } from "../../server/src/core/api";
import { AnalysisCache } from "../../server/src/core/incremental";
import { parsePython } from "../../server/src/core/parse";
import { diskOptions } from "./diskOptions";

function findRoot(): string {
  let d = __dirname;
  while (!fs.existsSync(path.join(d, "test", "realworld")) && path.dirname(d) !== d) d = path.dirname(d);
  return d;
}

const ROOT = findRoot();

/** Deterministic pseudo-random numbers (a linear congruential generator). */
function rng(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
}

function pick<T>(random: () => number, xs: T[]): T | undefined {
  return xs.length ? xs[Math.floor(random() * xs.length)] : undefined;
}

function offsetsOf(text: string, re: RegExp): number[] {
  const out: number[] = [];
  for (const m of text.matchAll(re)) out.push(m.index);
  return out;
}

/** One random single edit of the kinds typing makes; sometimes a return to an earlier text. */
function randomEdit(text: string, random: () => number, history: string[]): string {
  const r = random();
  if (r < 0.3) {
    const at = pick(random, offsetsOf(text, /\d/g));
    if (at !== undefined) return text.slice(0, at) + String(Math.floor(random() * 10)) + text.slice(at + 1);
  } else if (r < 0.45) {
    const at = pick(random, offsetsOf(text, /#/g));
    if (at !== undefined) return `${text.slice(0, at + 1)} ${text.slice(at + 1)}`;
  } else if (r < 0.55) {
    const at = pick(random, offsetsOf(text, /\n/g));
    if (at !== undefined) return `${text.slice(0, at + 1)}\n${text.slice(at + 1)}`;
  } else if (r < 0.7) {
    const at = Math.floor(random() * text.length);
    return text.slice(0, at) + text.slice(at + 1);
  } else if (r < 0.85) {
    const at = Math.floor(random() * text.length);
    return text.slice(0, at) + (pick(random, ["x", " ", "1", "(", ":", "\n    "]) ?? "") + text.slice(at);
  }
  return pick(random, history) ?? text;
}

/** The whole result as plain JSON (what every consumer sees). */
function plain(a: FileAnalysis): unknown {
  return JSON.parse(JSON.stringify(a));
}

/** Analyses each edited text with the cache and from scratch, asserting equal results. */
function checkEdits(file: string, options: AnalyzeOptions, edits: number, seed: number): { replayed: number } {
  const random = rng(seed);
  const cache = new AnalysisCache();
  let text = fs.readFileSync(file, "utf8");
  const history = [text];
  let replayed = 0;
  for (let i = 0; i <= edits; i++) {
    if (i > 0) {
      text = randomEdit(text, random, history);
      history.push(text);
    }
    const incremental = analyzeFile(file, text, { ...options, cache }, parsePython(text));
    replayed += cache.stats.replayed;
    const fresh = analyzeFile(file, text, options, parsePython(text));
    const [a, b] = [JSON.stringify(plain(incremental), null, 1), JSON.stringify(plain(fresh), null, 1)];
    if (a !== b) {
      let at = 0;
      while (a[at] === b[at]) at++;
      assert.fail(
        `${path.relative(ROOT, file)} after edit ${i} (seed ${seed}): incremental ${a.slice(at - 300, at + 300)}\n--- fresh ${b.slice(at - 300, at + 300)}`,
      );
    }
  }
  return { replayed };
}

/** No wall-clock budget: a time cut would make two runs of one text differ. */
const NO_CLOCK = { maxMillis: 600_000 };

function pythonFiles(dir: string): string[] {
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith(".py"))
    .sort()
    .map((f) => path.join(dir, f));
}

/** A one-layer model with a declared input, after `line` at module level. */
function netAfter(line: string): string {
  return [
    "import torch.nn as nn",
    line,
    "class Net(nn.Module):",
    "    def __init__(self):",
    "        super().__init__()",
    "        self.fc = nn.Linear(8, 4)",
    "    # shape: x = (2, 8)",
    "    def forward(self, x):",
    "        return self.fc(x)",
    "",
  ].join("\n");
}

describe("incremental analysis: the cache never changes a result", function () {
  this.timeout(600_000);

  for (const dir of ["test/realworld", "test/fixtures/forward", "examples"]) {
    it(`random edits of every file in ${dir}`, () => {
      const base = path.join(ROOT, dir);
      for (const [n, file] of pythonFiles(base).entries()) checkEdits(file, { ...diskOptions(base), ...NO_CLOCK }, 4, 1000 + n);
    });
  }

  it("a long run of edits on a many-model file replays the models the edits did not touch", () => {
    const lines = ["import torch", "import torch.nn as nn", "import torch.nn.functional as F", "", "WIDTH = 4", ""];
    for (let b = 0; b < 6; b++) {
      lines.push(
        `def helper${b}(x):`,
        `    return F.relu(x) * ${b + 1}`,
        "",
        `class Block${b}(nn.Module):`,
        `    def __init__(self, c=${8 + b}):`,
        "        super().__init__()",
        "        self.conv = nn.Conv2d(c, c * WIDTH, 3, padding=1)  # a comment",
        "",
        `    # shape: x = (2, ${8 + b}, 16, 16)`,
        "    def forward(self, x):",
        `        return helper${b}(self.conv(x))`,
        "",
      );
    }
    const dir = fs.mkdtempSync(path.join(fs.realpathSync(require("os").tmpdir()), "shapelens-incr-"));
    const file = path.join(dir, "blocks.py");
    fs.writeFileSync(file, lines.join("\n"));
    const { replayed } = checkEdits(file, { ...diskOptions(dir), ...NO_CLOCK }, 40, 7);
    assert.ok(replayed > 100, `only ${replayed} model runs were replayed`);
  });

  it("a model re-runs when a definition it reads changes, and is replayed when another one does", () => {
    const text = [
      "import torch.nn as nn",
      "def width():",
      "    return 4",
      "def other():",
      "    return 1",
      "class Net(nn.Module):",
      "    def __init__(self):",
      "        super().__init__()",
      "        self.fc = nn.Linear(8, width())",
      "    # shape: x = (2, 8)",
      "    def forward(self, x):",
      "        return self.fc(x)",
      "",
    ].join("\n");
    const cache = new AnalysisCache();
    const check = (source: string, ran: number, shape: number[]) => {
      const result = analyzeFile("net.py", source, { cache });
      assert.equal(cache.stats.ran, ran, source);
      assert.equal(cache.stats.replayed, 1 - ran, source);
      assert.deepEqual(result.models[0]?.output, shape);
      assert.deepEqual(plain(result), plain(analyzeFile("net.py", source, {})));
    };
    check(text, 1, [2, 4]);
    check(text.replace("return 1", "return 2"), 0, [2, 4]);
    check(text.replace("return 4", "return 5"), 1, [2, 5]);
    check(text.replace("(2, 8)", "(3, 8)"), 1, [3, 4]);
    check(text, 0, [2, 4]);
  });

  it("a comment that mentions a dtype changes the summary's memory figures, and a replay follows it", () => {
    const text = (comment: string) => netAfter(`# ${comment}`);
    const cache = new AnalysisCache();
    for (const comment of ["a plain model", "kept in float64 elsewhere", "a plain model"]) {
      const incremental = analyzeFile("net.py", text(comment), { cache });
      assert.deepEqual(plain(incremental), plain(analyzeFile("net.py", text(comment), {})), comment);
    }
  });

  it("keeps the jobs of the last three versions of the module-level code only, and undo within them replays", () => {
    const text = (k: number) => netAfter(`UNUSED = ${k}`);
    const cache = new AnalysisCache();
    const generations = () => new Set([...cache.jobs.values()].flat().map((job) => job.generation)).size;
    for (let k = 0; k < 10; k++) {
      analyzeFile("net.py", text(k), { cache });
      assert.equal(cache.stats.ran, 1, `version ${k}`);
      assert.ok(generations() <= 3, `${generations()} versions kept after version ${k}`);
    }
    analyzeFile("net.py", text(8), { cache });
    assert.equal(cache.stats.replayed, 1, "undo to the version before");
    analyzeFile("net.py", text(0), { cache });
    assert.equal(cache.stats.ran, 1, "a version long gone runs again");
  });
});
