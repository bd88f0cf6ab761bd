// Issue 10, bounded analysis: one budget per file shared by all its models and entry calls; deep
// expressions, huge strings and huge ERROR nodes end in inference gaps in bounded time, never in an
// internal error that drops the file's hints; integers are exact or unknown; CR-only line endings
// and TabError follow Python.

import * as assert from "node:assert/strict";
import { analyzeFile } from "../../server/src/core/analysis";
import type { FileAnalysis } from "../../server/src/core/api";

const HEADER = ["import torch", "import torch.nn as nn"];

function internalErrors(r: FileAnalysis): string[] {
  return r.diagnostics.filter((d) => /internal error \(/.test(d.message)).map((d) => d.message);
}

function timed(fn: () => FileAnalysis): { r: FileAnalysis; ms: number } {
  const t0 = Date.now();
  const r = fn();
  return { r, ms: Date.now() - t0 };
}

describe("one budget per file", function () {
  this.timeout(60000);

  it("twenty slow entry calls share one budget (each used to get a fresh one: 20x the time)", () => {
    const text = [
      ...HEADER,
      "def slow():",
      "    t = 0",
      "    while t < 100000000:",
      "        t += 1",
      "    return torch.zeros(1, 3)",
      "class M(nn.Module):",
      "    def forward(self, x):",
      "        return x",
      ...Array.from({ length: 20 }, (_, i) => `print(M()(slow()), ${i})`),
      "",
    ].join("\n");
    const { r, ms } = timed(() => analyzeFile("/virtual/slow.py", text, { maxMillis: 500 }));
    assert.ok(ms < 2500, `took ${ms} ms for a 500 ms budget`);
    assert.ok(r.diagnostics.some((d) => d.code === "inference-gap" && /budget/.test(d.message)));
  });

  it("five slow classes share one budget; a model that finished first keeps its hints", () => {
    // Nested loops, each under the loop cap (10,000 iterations), so that a class is slow however fast the
    // evaluator gets: one capped loop per class fits five classes in 400 ms on a fast machine.
    const slowClass = (name: string) => [
      `class ${name}(nn.Module):`,
      "    # shape: x = (1, 3)",
      "    def forward(self, x):",
      "        t = 0",
      "        for i in range(9000):",
      "            for j in range(9000):",
      "                t += 1",
      "        return x",
    ];
    const text = [
      ...HEADER,
      "class Fast(nn.Module):",
      "    # shape: x = (1, 3)",
      "    def forward(self, x):",
      "        y = x + 1",
      "        return y",
      ...["A", "B", "C", "D", "E"].flatMap(slowClass),
      "",
    ].join("\n");
    const { r, ms } = timed(() => analyzeFile("/virtual/slow5.py", text, { maxMillis: 400 }));
    assert.ok(ms < 2000, `took ${ms} ms for a 400 ms budget`);
    assert.deepEqual(
      r.hints.map((h) => h.label),
      ["[1, 3]"],
    );
    const gaps = r.diagnostics.filter((d) => d.code === "inference-gap" && /budget/.test(d.message));
    assert.ok(gaps.length >= 1, "an inference gap says where the budget ran out");
  });
});

describe("depth and size limits", function () {
  this.timeout(60000);
  const model = (lines: string[]) =>
    [
      ...HEADER,
      "class M(nn.Module):",
      "    # shape: x = (1, 3)",
      "    def forward(self, x):",
      "        y = x + 1",
      ...lines,
      "        return y",
      "",
    ].join("\n");

  for (const [name, line] of [
    ["a + a + … 3,000 deep", `        z = ${Array(3000).fill("x").join(" + ")}`],
    ["a .relu() chain 3,000 long", `        z = x${".relu()".repeat(3000)}`],
    ["10,000 parentheses", `        z = ${"(".repeat(10000)}x${")".repeat(10000)}`],
    ["a string past V8's limit", `        s = "a" * (2 ** 29)\n        s = s + s + s + s`],
    ["a nested tuple built in a loop", `        t = ()\n        for i in range(100000):\n            t = (t,)`],
  ] as const) {
    it(`${name}: other hints stay, no internal error`, () => {
      const { r, ms } = timed(() => analyzeFile("/virtual/deep.py", model([line]), { maxMillis: 1000 }));
      assert.deepEqual(internalErrors(r), []);
      assert.equal(r.hints[0]?.label, "[1, 3]");
      assert.ok(ms < 10000, `took ${ms} ms`);
    });
  }

  it("binary junk named .py analyses in linear time (300 KB used to take a minute)", () => {
    let seed = 7;
    const rand = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff);
    const junk = (n: number) => Array.from({ length: n }, () => String.fromCharCode(rand() % 256)).join("");
    const small = timed(() => analyzeFile("/virtual/junk.py", junk(30000))).ms;
    const { r, ms } = timed(() => analyzeFile("/virtual/junk.py", junk(300000)));
    assert.deepEqual(internalErrors(r), []);
    assert.ok(ms < Math.max(4000, small * 25), `300 KB took ${ms} ms (30 KB: ${small} ms)`);
  });

  it("a dedented `x = foo(` that turns a large file into one ERROR node stays fast", () => {
    const body = Array.from({ length: 1250 }, (_, i) => `        y${i} = max(x, ${i})`);
    const text = [...HEADER, "class A(nn.Module):", "    def __init__(self):", "x = foo(", "    def forward(self, x):", ...body, ""].join(
      "\n",
    );
    const { r, ms } = timed(() => analyzeFile("/virtual/broken.py", text));
    assert.deepEqual(internalErrors(r), []);
    assert.ok(ms < 4000, `took ${ms} ms`);
  });
});

describe("exact integers", () => {
  const groups = (arg: string) =>
    analyzeFile(
      "/virtual/big.py",
      [
        ...HEADER,
        "class Net(nn.Module):",
        "    def __init__(self, c=4):",
        "        super().__init__()",
        "        self.conv = nn.Conv2d(c, 8, 3, groups=2)",
        "    # shape: x = (1, 4, 8, 8)",
        "    def forward(self, x):",
        "        return self.conv(x)",
        "",
      ].join("\n"),
      { model: arg },
    );

  it("Net(c=10**10**9) gives no false groups-divisibility error", () => {
    const r = groups("Net(c=10**10**9)");
    assert.deepEqual(
      r.diagnostics.filter((d) => d.severity === "error"),
      [],
    );
  });

  it("integer results past 2^53 are unknown, shifts and bit operations are exact", () => {
    const run = (expr: string) =>
      analyzeFile(
        "/virtual/ints.py",
        [
          ...HEADER,
          `N = ${expr}`,
          "class M(nn.Module):",
          "    # shape: x = (1, 2)",
          "    def forward(self, x):",
          "        y = x.new_zeros(N)",
          "        return y",
          "",
        ].join("\n"),
      ).hints.map((h) => h.label);
    assert.deepEqual(run("2**53 + 1"), []);
    assert.deepEqual(run("(1 << 40) // (1 << 38)"), ["[4]"]);
    assert.deepEqual(run("(2**40 | 3) - 2**40"), ["[3]"]);
    assert.deepEqual(run("10**10**9 // 10**10**9"), []);
  });

  it("tensor sizes past 2^53 are unknown, never printed rounded (1.2379400392853803e+27)", () => {
    const r = analyzeFile(
      "/virtual/huge_shapes.py",
      [
        ...HEADER,
        "class M(nn.Module):",
        "    # shape: x = (1, 3)",
        "    def forward(self, x):",
        "        a = torch.zeros(2**30, 2**30, 2**30).view(-1)",
        "        b = torch.zeros(2**30, 2**30).flatten()",
        "        c = x.expand(2**52, 2**52, 3).reshape(-1, 3)",
        "        d = x.repeat(2**40, 2**40)",
        "        return x",
        "",
      ].join("\n"),
    );
    for (const h of r.hints)
      for (const d of JSON.stringify(h.values).match(/[\d.e+]+/g) ?? []) assert.ok(Number.isSafeInteger(Number(d)), h.label);
    assert.deepEqual(
      r.hints.map((h) => h.label),
      ["[1099511627776, 3298534883328]"],
    );
  });

  it("a parameter total past 2^53 is unknown, never a float", () => {
    const r = analyzeFile(
      "/virtual/huge.py",
      [
        ...HEADER,
        "class M(nn.Module):",
        "    def __init__(self):",
        "        super().__init__()",
        "        self.a = nn.Linear(2**30, 2**30)",
        "        self.b = nn.Linear(2**30, 2**30)",
        "        self.c = nn.Linear(2**30, 2**30)",
        "        self.d = nn.Linear(2**30, 2**30)",
        "        self.e = nn.Linear(2**30, 2**30)",
        "        self.f = nn.Linear(2**30, 2**30)",
        "        self.g = nn.Linear(2**30, 2**30)",
        "        self.h = nn.Linear(2**30, 2**30)",
        "        self.i = nn.Linear(2**30, 2**30)",
        "    # shape: x = (1, 2)",
        "    def forward(self, x):",
        "        return x",
        "",
      ].join("\n"),
    );
    const p = r.models[0]?.params;
    assert.ok(p === null || Number.isSafeInteger(p), `params = ${p}`);
  });
});

describe("Python's own rules", () => {
  it("CR-only line endings are valid Python", () => {
    const text = [
      ...HEADER,
      "class M(nn.Module):",
      "    # shape: x = (1, 3)",
      "    def forward(self, x):",
      "        y = x + 1",
      "        return y",
      "",
    ].join("\r");
    const r = analyzeFile("/virtual/cr.py", text);
    assert.deepEqual(
      r.diagnostics.filter((d) => d.code === "syntax-error"),
      [],
    );
    assert.deepEqual(
      r.hints.map((h) => [h.range.start.line, h.label]),
      [[5, "[1, 3]"]],
    );
  });

  it("mixed tabs and spaces that CPython rejects are a TabError; consistent ones are not", () => {
    const tabError = (text: string) =>
      analyzeFile("/virtual/tabs.py", text).diagnostics.find((d) => /TabError/.test(d.message))?.range.start.line;
    assert.equal(tabError("if True:\n\tx = 1\n        y = 2\n"), 2);
    assert.equal(tabError("if True:\n    \tx = 1\n\ty = 2\n"), 2);
    assert.equal(tabError("if True:\n\tx = 1\n\ty = 2\nif True:\n        z = 3\n"), undefined);
    assert.equal(tabError('if True:\n\tx = """\n        y"""\n\tz = (1,\n        2)\n'), undefined);
  });
});
