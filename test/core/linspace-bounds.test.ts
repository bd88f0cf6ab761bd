// torch.linspace of inexact ranges: the engine keeps each element as [lo, hi] bounds instead of a
// value; every element PyTorch 1.13 and 2.13 compute (test/golden/linspace.json, linspace-2.13.json)
// must lie within them.

import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { linspaceBounds } from "../../server/src/core/ops/values/createRules";

interface Case {
  start: number;
  end: number;
  steps: number;
  dtype: "float32" | "float64";
  values: number[];
}

describe("linspace bounds against PyTorch", () => {
  for (const name of ["linspace.json", "linspace-2.13.json"])
    it(`every element lies within the engine's bounds (${name})`, () => {
      const golden = JSON.parse(fs.readFileSync(path.resolve(__dirname, "../../../test/golden", name), "utf8")) as { cases: Case[] };
      const outside: string[] = [];
      let elements = 0;
      for (const c of golden.cases) {
        const round = (x: number) => (c.dtype === "float32" ? Math.fround(x) : x);
        const b = linspaceBounds(round(c.start), round(c.end), c.steps, c.dtype);
        c.values.forEach((v, i) => {
          elements++;
          if (!(b.lo[i] <= v && v <= b.hi[i]))
            outside.push(`linspace(${c.start}, ${c.end}, ${c.steps}, ${c.dtype})[${i}] = ${v} not in [${b.lo[i]}, ${b.hi[i]}]`);
        });
      }
      assert.ok(elements > 50000);
      assert.deepEqual(outside.slice(0, 10), []);
    });
});
