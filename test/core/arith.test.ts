// The layer-arithmetic pictures and the padding solver (server/src/core/arith): frames against the
// engine and against PyTorch's own read maps (test/golden/arith.json from
// scripts/golden/generate_arith.py), the seeds' conv-arithmetic cases drawn as SVG, and the solver.

import * as assert from "node:assert/strict";
import * as fs from "fs";
import * as path from "path";
import { AxisSpec, framePosition, planAxis, planLayer, reads } from "../../server/src/core/arith/frames";
import { LayerGeometry } from "../../server/src/core/arith/geometry";
import { renderLayerSvg } from "../../server/src/core/arith/layerSvg";
import { explainLines } from "../../server/src/core/arith/explainText";
import { solveSamePadding, solveTransposedPadding, poolPaddingAllowed } from "../../server/src/core/arith/paddingSolver";
import { renderPaddingPlot } from "../../server/src/core/arith/plotSvg";
import { bind } from "../../server/src/core/ops/args";
import { layerRule } from "../../server/src/core/ops/index";
import { withTorchVersion } from "../../server/src/core/torchVersion";
import { Value, bool, int, tensor } from "../../server/src/core/values";
import { checkSvg } from "./xmlCheck";

const root = path.resolve(__dirname, "../../..");

interface ReadCase {
  op: "conv" | "convTranspose" | "maxPool" | "avgPool";
  w: number;
  k: number;
  s: number;
  p: number;
  d: number;
  outputPadding?: number;
  ceilMode?: boolean;
  reads: number[][];
}
interface SolverCase {
  w: number;
  k: number;
  s: number;
  d: number;
  target: number;
  symmetric: number[];
  total: number[];
  pool: number[];
}
interface TransposedCase {
  w: number;
  k: number;
  s: number;
  d: number;
  p: number;
  outputPadding: number[];
}
const golden = JSON.parse(fs.readFileSync(path.join(root, "test/golden/arith.json"), "utf8")) as {
  reads: ReadCase[];
  solver: SolverCase[];
  transposed: TransposedCase[];
};

const kw = (o: Record<string, Value> = {}) => new Map(Object.entries(o));

/** The geometry the engine records for a layer called on an input, through the rule's explain(). */
export function engineGeometry(name: string, args: Value[], kwargs: Record<string, Value>, input: number[]): LayerGeometry {
  const rule = layerRule(name);
  if (!rule?.explain) throw new Error(`no rule with explain() for ${name}`);
  const c = rule.construct(bind(name, rule.signature, { args, kwargs: kw(kwargs) }));
  const call = { args: [tensor(input)], kwargs: kw() };
  const out = rule.forward(c.config, call);
  const g = rule.explain(c.config, call, out).geometry;
  if (!g) throw new Error(`${name}: no geometry`);
  return g;
}

describe("layer arithmetic: frames", () => {
  it("every output position reads exactly the input cells PyTorch reads (golden read maps)", () => {
    let agree = 0;
    withTorchVersion("1.13", () => {
      for (const c of golden.reads) {
        const spec: AxisSpec = {
          op: c.op,
          input: c.w,
          kernel: c.k,
          stride: c.s,
          padBefore: c.p,
          padAfter: c.p,
          dilation: c.d,
          outputPadding: c.outputPadding ?? 0,
          ceilMode: c.ceilMode ?? false,
        };
        const plan = planAxis(spec);
        const label = JSON.stringify({ ...c, reads: undefined });
        assert.equal(plan.output, c.reads.length, `frame count ${label}`);
        for (let o = 0; o < plan.output; o++) assert.deepEqual(reads(plan, o), c.reads[o], `output ${o} of ${label}`);
        agree++;
      }
    });
    assert.ok(agree > 2500, `${agree} read maps`);
  });

  it("frame count = output positions; frames run row-major", () => {
    const g = engineGeometry("Conv2d", [int(3), int(64), int(7)], { stride: int(2), padding: int(3) }, [1, 3, 224, 224]);
    const plan = planLayer(g);
    assert.deepEqual(g.output, [112, 112]);
    assert.equal(plan.frameCount, 112 * 112);
    assert.deepEqual(framePosition(plan, 113), [1, 1]);
    // A large layer is drawn as a window of the grid, never cell by cell.
    const { rects } = checkSvg(renderLayerSvg(plan, { frame: 5000 }));
    assert.ok(rects < 1500, `${rects} rects`);
  });

  it("padding='same' with an even kernel pads the extra cell after (as ATen does)", () => {
    const g = engineGeometry("Conv1d", [int(1), int(1), int(4)], { padding: { kind: "str", v: "same" } }, [1, 1, 10]);
    assert.deepEqual(g.padding, [[1, 2]]);
    assert.equal(planLayer(g).frameCount, 10);
  });

  it("transposed conv: zeros inserted (stride − 1 between inputs, d·(k−1) − p around)", () => {
    const g = engineGeometry(
      "ConvTranspose2d",
      [int(1), int(1), int(3)],
      { stride: int(2), padding: int(1), output_padding: int(1) },
      [1, 1, 3, 3],
    );
    const plan = planLayer(g);
    const a = plan.axes[0];
    assert.equal(a.span, 5);
    assert.equal(a.before, 1);
    assert.equal(a.after, 2);
    assert.equal(a.output, 6);
  });

  it("ceil_mode: the window hanging over the edge is kept, the one starting past the input dropped", () => {
    const hang = engineGeometry("MaxPool2d", [int(2)], { ceil_mode: bool(true) }, [1, 1, 5, 5]);
    assert.deepEqual(hang.output, [3, 3]);
    assert.equal(planLayer(hang).axes[0].dropped, undefined);
    const drop = engineGeometry("MaxPool2d", [int(3)], { stride: int(3), padding: int(1), ceil_mode: bool(true) }, [1, 1, 5, 5]);
    const plan = planLayer(drop);
    assert.deepEqual(drop.output, [2, 2]);
    assert.equal(plan.axes[1].dropped, 5);
    assert.match(explainLines(plan).join("\n"), /drops it/);
  });
});

/** The seeds' conv-arithmetic animations (Dumoulin & Visin), with the sizes the seeds state. */
const SEED_CASES: { name: string; layer: string; n: number; k: number; s: number; p: number; d?: number; op?: number; m: number }[] = [
  { name: "no_padding_no_strides", layer: "Conv2d", n: 4, k: 3, s: 1, p: 0, m: 2 },
  { name: "arbitrary_padding_no_strides", layer: "Conv2d", n: 5, k: 4, s: 1, p: 2, m: 6 },
  { name: "same_padding_no_strides", layer: "Conv2d", n: 5, k: 3, s: 1, p: 1, m: 5 },
  { name: "full_padding_no_strides", layer: "Conv2d", n: 5, k: 3, s: 1, p: 2, m: 7 },
  { name: "no_padding_strides", layer: "Conv2d", n: 5, k: 3, s: 2, p: 0, m: 2 },
  { name: "padding_strides", layer: "Conv2d", n: 5, k: 3, s: 2, p: 1, m: 3 },
  { name: "padding_strides_odd", layer: "Conv2d", n: 6, k: 3, s: 2, p: 1, m: 3 },
  { name: "no_padding_no_strides_transposed", layer: "ConvTranspose2d", n: 2, k: 3, s: 1, p: 0, m: 4 },
  { name: "arbitrary_padding_no_strides_transposed", layer: "ConvTranspose2d", n: 6, k: 4, s: 1, p: 2, m: 5 },
  { name: "same_padding_no_strides_transposed", layer: "ConvTranspose2d", n: 5, k: 3, s: 1, p: 1, m: 5 },
  { name: "full_padding_no_strides_transposed", layer: "ConvTranspose2d", n: 7, k: 3, s: 1, p: 2, m: 5 },
  { name: "no_padding_strides_transposed", layer: "ConvTranspose2d", n: 2, k: 3, s: 2, p: 0, m: 5 },
  { name: "padding_strides_transposed", layer: "ConvTranspose2d", n: 3, k: 3, s: 2, p: 1, m: 5 },
  { name: "padding_strides_odd_transposed", layer: "ConvTranspose2d", n: 3, k: 3, s: 2, p: 1, op: 1, m: 6 },
  { name: "dilation", layer: "Conv2d", n: 7, k: 3, s: 1, p: 0, d: 2, m: 3 },
];

describe("layer arithmetic: the seeds' conv-arithmetic cases as SVG", () => {
  const outDir = path.join(root, "test-results/arith");
  for (const c of SEED_CASES) {
    it(`${c.name}: ${c.n}×${c.n}, k=${c.k}, s=${c.s}, p=${c.p}${c.d ? `, d=${c.d}` : ""} → ${c.m}×${c.m}`, () => {
      const kwargs: Record<string, Value> = { stride: int(c.s), padding: int(c.p), dilation: int(c.d ?? 1) };
      if (c.op !== undefined) kwargs.output_padding = int(c.op);
      const g = engineGeometry(c.layer, [int(1), int(1), int(c.k)], kwargs, [1, 1, c.n, c.n]);
      assert.deepEqual(g.output, [c.m, c.m]);
      const plan = planLayer(g);
      assert.equal(plan.frameCount, c.m * c.m);
      fs.mkdirSync(outDir, { recursive: true });
      for (let f = 0; f < plan.frameCount; f++) {
        const svg = renderLayerSvg(plan, { frame: f });
        checkSvg(svg);
        if (f === 0) fs.writeFileSync(path.join(outDir, `${c.name}.svg`), svg);
      }
    });
  }
  it("the transposed cases' equivalent direct convolution matches the seed (k' = k, s' = 1, p' = k − p − 1)", () => {
    const g = engineGeometry("ConvTranspose2d", [int(1), int(1), int(3)], {}, [1, 1, 2, 2]);
    const a = planLayer(g).axes[0];
    assert.equal(a.before, 2);
    assert.equal(a.end - a.start, 6);
  });
});

describe("padding solver (seed 003's get_padding) against PyTorch", () => {
  it("the symmetric range, the minimal total and the asymmetric split agree with torch on every case", () => {
    let agree = 0;
    for (const c of golden.solver) {
      const r = solveSamePadding(c.w, c.k, c.s, c.d);
      const label = JSON.stringify(c);
      assert.equal(r.target, c.target, label);
      const sym = c.symmetric.length ? { min: c.symmetric[0], max: c.symmetric[c.symmetric.length - 1] } : null;
      assert.deepEqual(r.symmetric, sym, `symmetric ${label}`);
      if (sym) assert.equal(c.symmetric.length, sym.max - sym.min + 1, `contiguous ${label}`);
      assert.equal(r.total, c.total[0], `total ${label}`);
      assert.equal(r.asymmetric[0] + r.asymmetric[1], r.total);
      // Pooling: the solved padding works in max_pool1d exactly when PyTorch 1.13 allows it.
      if (r.symmetric)
        assert.equal(c.pool.includes(r.symmetric.min), poolPaddingAllowed(r.symmetric.min, c.k, c.d, false), `pool ${label}`);
      agree++;
    }
    assert.equal(agree, golden.solver.length);
    assert.equal(agree, 2240);
  });

  it("depends on W only through W mod s, as the seed found (k=5, s=2 → 2 for every width)", () => {
    const r = solveSamePadding(224, 5, 2);
    assert.equal(r.dependsOnWidth, false);
    assert.deepEqual(r.symmetric, { min: 2, max: 2 });
    assert.equal(solveSamePadding(90, 15, 10).symmetric?.min, 3);
    assert.equal(solveSamePadding(90, 16, 10).symmetric?.min, 3);
    assert.equal(solveSamePadding(91, 16, 10).symmetric?.min, 8);
    assert.equal(solveSamePadding(91, 16, 10).dependsOnWidth, true);
    assert.equal(solveSamePadding(16, 4, 1).symmetric, null);
    assert.deepEqual(solveSamePadding(16, 4, 1).asymmetric, [1, 2]);
  });

  it("ConvTranspose output_padding for exactly s·W agrees with torch on every case", () => {
    let agree = 0;
    for (const c of golden.transposed) {
      const r = solveTransposedPadding(c.k, c.s, c.p, c.d);
      assert.equal(r.outputPadding, c.outputPadding[0] ?? null, JSON.stringify(c));
      if (r.suggested && r.suggested.padding === c.p) assert.ok(c.outputPadding.includes(r.suggested.outputPadding), JSON.stringify(c));
      agree++;
    }
    assert.equal(agree, golden.transposed.length);
  });

  it("the padding plot parses as SVG", () => {
    checkSvg(renderPaddingPlot(5, 2, 1, 224));
    checkSvg(renderPaddingPlot(16, 10, 1, 91));
    checkSvg(renderPaddingPlot(4, 1, 1, 16));
  });
});
