// Pooling, adaptive pooling and upsampling rules (pool.ts, adaptive.ts, upsample.ts), checked
// against values observed with PyTorch 1.13.

import assert from "node:assert/strict";
import { Dim, formatDim, symbol } from "../../server/src/core/dim";
import { ShapeError, Unknown } from "../../server/src/core/errors";
import { bind } from "../../server/src/core/ops/args";
import { functionRule, layerRule } from "../../server/src/core/ops/index";
import { NONE, Value, bool, float, int, str, tensor, tuple } from "../../server/src/core/values";
import { followTorch } from "./followTorch";

const kw = (o: Record<string, Value> = {}) => new Map(Object.entries(o));
const t = (...shape: Dim[]) => tensor(shape);
const shape = (v: Value) => (v.kind === "tensor" && v.shape ? v.shape.map(formatDim) : assert.fail(`not a tensor: ${v.kind}`));

function layer(name: string, args: Value[], kwargs: Record<string, Value> = {}) {
  const rule = layerRule(name)!;
  const c = rule.construct(bind(name, rule.signature, { args, kwargs: kw(kwargs) }));
  return {
    ...c,
    rule,
    call: (input: Value) => rule.forward(c.config, { args: [input], kwargs: kw() }),
  };
}
function fn(name: string, args: Value[], kwargs: Record<string, Value> = {}): Value {
  const rule = functionRule(name)!;
  return rule.call(bind(name, rule.signature, { args, kwargs: kw(kwargs) }));
}
function throwsCode(f: () => unknown, code: string, message?: string): void {
  try {
    f();
  } catch (e) {
    assert.ok(e instanceof ShapeError, `expected ShapeError, got ${String(e)}`);
    assert.equal(e.code, code);
    if (message !== undefined) assert.equal(e.message, message);
    return;
  }
  assert.fail("expected an error");
}

describe("pool rules", () => {
  followTorch("1.13");
  it("defaults stride to the kernel and applies ceil_mode's drop rule", () => {
    assert.deepEqual(shape(layer("MaxPool2d", [int(2)]).call(t(1, 3, 5, 5))), ["1", "3", "2", "2"]);
    assert.deepEqual(shape(layer("MaxPool2d", [int(2)], { ceil_mode: bool(true) }).call(t(1, 3, 5, 5))), ["1", "3", "3", "3"]);
    // ⌈(4 + 2 − 1 − 1)/2⌉ + 1 = 3 windows; none starts past the input, so all are kept.
    assert.deepEqual(
      shape(
        layer("MaxPool2d", [int(2), int(2), int(1)], {
          ceil_mode: bool(true),
        }).call(t(1, 3, 4, 4)),
      ),
      ["1", "3", "3", "3"],
    );
    // ⌈(2 + 2 − 1 − 1)/2⌉ + 1 = 2; the second window starts at 2 < 2 + 1, inside the padding, so it stays.
    assert.deepEqual(
      shape(
        layer("MaxPool2d", [int(2), int(2), int(1)], {
          ceil_mode: bool(true),
        }).call(t(1, 3, 2, 2)),
      ),
      ["1", "3", "2", "2"],
    );
    assert.deepEqual(shape(layer("MaxPool1d", [int(3)], { ceil_mode: bool(true) }).call(t(1, 3, 2))), ["1", "3", "1"]);
    const m = layer("MaxPool2d", [int(3), int(2), int(1)], {
      ceil_mode: bool(true),
    });
    const ex = m.rule.explain!(m.config, { args: [t(1, 3, 6, 6)], kwargs: kw() }, m.call(t(1, 3, 6, 6)));
    assert.equal(ex.lines[0], "H_out = ⌈(6 + 2·1 − 1·(3−1) − 1)/2⌉ + 1 = 4");
  });

  it("checks padding against half the kernel", () => {
    throwsCode(
      () => layer("MaxPool2d", [int(3), int(2), int(2)]).call(t(1, 3, 6, 6)),
      "pool-padding",
      "pad should be at most half of kernel size, but got pad=2 and kernel_size=3",
    );
    throwsCode(
      () => layer("MaxPool1d", [int(3), int(2), int(2)]).call(t(1, 3, 6)),
      "pool-padding",
      "max_pool1d() padding should be at most half of kernel size, but got padding=2 and kernel_size=3",
    );
  });

  it("reports too-small outputs the way each kernel does", () => {
    throwsCode(
      () => layer("MaxPool2d", [int(3)]).call(t(1, 3, 2, 2)),
      "non-positive-output",
      "Given input size: (3x2x2). Calculated output size: (3x0x0). Output size is too small",
    );
    throwsCode(
      () => layer("AvgPool1d", [int(3)]).call(t(1, 3, 2)),
      "non-positive-output",
      "Given input size: (3x1x2). Calculated output size: (3x1x0). Output size is too small",
    );
    throwsCode(
      () => layer("AvgPool3d", [int(3)]).call(t(1, 3, 2, 2, 2)),
      "kernel-too-large",
      "input image (T: 2 H: 2 W: 2) smaller than kernel size (kT: 3 kH: 3 kW: 3)",
    );
    // MaxPool1d returns an empty length without grad and raises with grad: unknown, never guessed.
    assert.throws(() => layer("MaxPool1d", [int(3)]).call(t(1, 3, 2)), Unknown);
  });

  it("returns (values, indices) tuples and handles unbatched/symbolic inputs", () => {
    const r = layer("MaxPool2d", [int(2)], { return_indices: bool(true) }).call(t(1, 3, 5, 5));
    assert.equal(r.kind, "tuple");
    const f = fn("F.max_pool2d", [t(3, symbol("H"), 8), int(2)]);
    assert.deepEqual(shape(f), ["3", "H//2", "4"]);
    assert.deepEqual(shape(fn("F.avg_pool2d", [t(1, 3, 5, 5), int(2)], { stride: NONE })), ["1", "3", "2", "2"]);
  });

  it("adaptive pooling keeps None sizes and reports torch's errors", () => {
    assert.deepEqual(shape(layer("AdaptiveAvgPool2d", [tuple([int(3), NONE])]).call(t(1, 3, 7, 8))), ["1", "3", "3", "8"]);
    assert.deepEqual(shape(layer("AdaptiveAvgPool2d", [int(1)]).call(t(symbol("N"), 512, 7, 7))), ["N", "512", "1", "1"]);
    const r = layer("AdaptiveMaxPool1d", [int(3)], {
      return_indices: bool(true),
    }).call(t(1, 3, 7));
    assert.equal(r.kind, "tuple");
    throwsCode(
      () => layer("AdaptiveAvgPool2d", [int(3)]).call(t(1, 3, 0, 8)),
      "invalid-argument",
      "adaptive_avg_pool2d(): Expected input to have non-zero size for non-batch dimensions, but input has sizes [1, 3, 0, 8] with dimension 2 being empty",
    );
  });

  it("upsamples with floor(in · scale) and size, and checks modes", () => {
    assert.deepEqual(shape(layer("Upsample", [], { scale_factor: float(1.1) }).call(t(1, 3, 7, 7))), ["1", "3", "7", "7"]);
    assert.deepEqual(shape(layer("Upsample", [], { scale_factor: float(1.1) }).call(t(1, 3, 10, 10))), ["1", "3", "11", "11"]);
    assert.deepEqual(
      shape(
        fn("F.interpolate", [t(1, 3, symbol("H"), 4)], {
          scale_factor: int(2),
        }),
      ),
      ["1", "3", "2*H", "8"],
    );
    assert.throws(
      () =>
        fn("F.interpolate", [t(1, 3, symbol("H"), 4)], {
          scale_factor: float(1.5),
        }),
      Unknown,
    );
    throwsCode(
      () =>
        fn("F.interpolate", [t(1, 3, 7)], {
          scale_factor: int(2),
          mode: str("bilinear"),
        }),
      "rank-mismatch",
      "Got 3D input, but bilinear mode needs 4D input",
    );
    throwsCode(
      () =>
        fn("F.interpolate", [t(1, 3, 7, 7)], {
          size: int(5),
          scale_factor: int(2),
        }),
      "invalid-argument",
      "only one of size or scale_factor should be defined",
    );
    throwsCode(() => fn("F.interpolate", [t(1, 3, 7, 7)]), "invalid-argument", "either size or scale_factor should be defined");
  });
});
