// Conv layer and function rules (conv.ts / convCore.ts): shapes, params, symbolic sizes, errors
// and explanations, checked against values observed with PyTorch 1.13.

import assert from "node:assert/strict";
import { Dim, formatDim, symbol } from "../../server/src/core/dim";
import { ShapeError, Unknown } from "../../server/src/core/errors";
import { bind } from "../../server/src/core/ops/args";
import { functionRule, layerRule } from "../../server/src/core/ops/index";
import { NONE, Value, int, list, str, tensor, tuple } from "../../server/src/core/values";
import { followTorch } from "./followTorch";

const kw = (o: Record<string, Value> = {}) => new Map(Object.entries(o));

function layer(name: string, args: Value[], kwargs: Record<string, Value> = {}) {
  const rule = layerRule(name)!;
  assert.ok(rule, name);
  const c = rule.construct(bind(name, rule.signature, { args, kwargs: kw(kwargs) }));
  return {
    ...c,
    rule,
    call: (input: Value, ckw: Record<string, Value> = {}) => rule.forward(c.config, { args: [input], kwargs: kw(ckw) }),
  };
}

function fn(name: string, args: Value[], kwargs: Record<string, Value> = {}): Value {
  const rule = functionRule(name)!;
  assert.ok(rule, name);
  return rule.call(bind(name, rule.signature, { args, kwargs: kw(kwargs) }));
}

const t = (...shape: Dim[]) => tensor(shape);
const shape = (v: Value) => (v.kind === "tensor" && v.shape ? v.shape.map(formatDim) : assert.fail(`not a tensor: ${v.kind}`));

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

describe("conv rules", () => {
  followTorch("1.13");
  it("computes Conv2d output, params and attrs", () => {
    const m = layer("Conv2d", [int(3), int(64), int(7), int(2), int(3)], {
      bias: { kind: "bool", v: true },
    });
    assert.equal(m.params, 9472);
    assert.deepEqual(shape(m.call(t(1, 3, 224, 224))), ["1", "64", "112", "112"]);
    assert.deepEqual(shape(m.call(t(3, 224, 224))), ["64", "112", "112"]);
    assert.deepEqual(shape(m.attrs.weight), ["64", "3", "7", "7"]);
    const ex = m.rule.explain!(m.config, { args: [t(1, 3, 224, 224)], kwargs: kw() }, m.call(t(1, 3, 224, 224)));
    assert.deepEqual(ex.lines[0], "H_out = ⌊(224 + 2·3 − 1·(7−1) − 1)/2⌋ + 1 = 112");
    assert.equal(ex.paramsFormula, "7·7·3/1·64 + 64 = 9,472");
  });

  it("flows symbolic batch and spatial sizes", () => {
    const m = layer("Conv2d", [int(3), int(8), int(3)], {
      stride: int(2),
      padding: int(1),
    });
    const out = shape(m.call(t(symbol("N"), 3, symbol("H"), 32)));
    assert.equal(out[0], "N");
    assert.equal(out[2], "(H+1)//2");
    assert.equal(out[3], "16");
  });

  it("gives up rather than guessing on symbolic channels", () => {
    const m = layer("Conv2d", [int(3), int(8), int(3)]);
    assert.throws(() => m.call(t(1, symbol("C"), 8, 8)), Unknown);
  });

  it("handles padding='same' (including even kernels) and rejects it with strides", () => {
    const m = layer("Conv1d", [int(4), int(8), int(4)], {
      padding: str("same"),
    });
    assert.deepEqual(shape(m.call(t(2, 4, 5))), ["2", "8", "5"]);
    throwsCode(
      () =>
        layer("Conv2d", [int(1), int(64), int(3)], {
          stride: int(2),
          padding: str("same"),
        }),
      "same-padding-stride",
      "padding='same' is not supported for strided convolutions",
    );
  });

  it("reports PyTorch's channel, kernel, rank and groups errors", () => {
    const m = layer("Conv2d", [int(3), int(64), int(7), int(2), int(3)]);
    throwsCode(
      () => m.call(t(1, 1, 224, 224)),
      "channel-mismatch",
      "Given groups=1, weight of size [64, 3, 7, 7], expected input[1, 1, 224, 224] to have 3 channels, but got 1 channels instead",
    );
    throwsCode(
      () => m.call(t(224, 224)),
      "rank-mismatch",
      "Expected 3D (unbatched) or 4D (batched) input to conv2d, but got input of size: [224, 224]",
    );
    throwsCode(
      () => layer("Conv2d", [int(1), int(64), int(5)]).call(t(1, 1, 4, 4)),
      "kernel-too-large",
      "Calculated padded input size per channel: (4 x 4). Kernel size: (5 x 5). Kernel size can't be greater than actual input size",
    );
    throwsCode(
      () => layer("Conv2d", [int(3), int(64), int(4)], { groups: int(2) }),
      "groups-divisibility",
      "in_channels must be divisible by groups",
    );
    throwsCode(
      () => layer("Conv2d", [int(4), int(63), int(4)], { groups: int(2) }),
      "groups-divisibility",
      "out_channels must be divisible by groups",
    );
  });

  it("applies non-zero padding modes like F.pad", () => {
    const reflect = layer("Conv2d", [int(4), int(64), int(4)], {
      padding_mode: str("reflect"),
      padding: int(3),
    });
    throwsCode(
      () => reflect.call(t(1, 4, 3, 3)),
      "invalid-argument",
      "Argument #4: Padding size should be less than the corresponding input dimension, but got: padding (3, 3) at dimension 3 of input 4",
    );
    const circ = layer("Conv2d", [int(4), int(64), int(4)], {
      padding_mode: str("circular"),
      padding: int(3),
    });
    assert.deepEqual(shape(circ.call(t(1, 4, 3, 3))), ["1", "64", "6", "6"]);
    throwsCode(() => circ.call(t(4, 3, 3)), "invalid-argument", "Invalid padding size, expected 2 but got 4");
  });

  it("computes transposed convolutions, output_padding and output_size", () => {
    const m = layer("ConvTranspose2d", [int(4), int(8), int(3)], {
      stride: int(2),
      padding: int(1),
      output_padding: int(1),
    });
    assert.equal(m.params, 4 * 8 * 9 + 8);
    assert.deepEqual(shape(m.call(t(1, 4, 5, 5))), ["1", "8", "10", "10"]);
    throwsCode(
      () =>
        layer("ConvTranspose2d", [int(4), int(8), int(3)], {
          stride: int(2),
          padding: int(1),
          output_padding: int(2),
        }).call(t(1, 4, 5, 5)),
      "output-padding",
      "output padding must be smaller than either stride or dilation, but got output_padding_height: 2 output_padding_width: 2 stride_height: 2 stride_width: 2 dilation_height: 1 dilation_width: 1",
    );
    const up = layer("ConvTranspose2d", [int(4), int(8), int(3)], {
      stride: int(2),
    });
    assert.deepEqual(shape(up.call(t(1, 4, 5, 5), { output_size: list([int(12), int(12)]) })), ["1", "8", "12", "12"]);
    throwsCode(
      () => up.call(t(1, 4, 5, 5), { output_size: tuple([int(13), int(12)]) }),
      "invalid-argument",
      "requested an output size of (13, 12), but valid sizes range from [11, 11] to [12, 12] (for an input of torch.Size([5, 5]))",
    );
    assert.deepEqual(shape(up.call(t(symbol("N"), 4, symbol("H"), 5))), ["N", "8", "2*H+1", "11"]);
  });

  it("infers in_channels of lazy layers at the call", () => {
    const m = layer("LazyConv2d", [int(8), int(3)]);
    assert.equal(m.params, null);
    assert.deepEqual(shape(m.call(t(1, 6, 5, 5))), ["1", "8", "3", "3"]);
    throwsCode(() => layer("LazyConv2d", [int(8), int(3)], { groups: int(4) }).call(t(1, 6, 5, 5)), "groups-divisibility");
  });

  it("implements F.conv2d / torch.conv_transpose1d", () => {
    assert.deepEqual(shape(fn("F.conv2d", [t(1, 4, 5, 5), t(8, 4, 3, 3)], { padding: int(1) })), ["1", "8", "5", "5"]);
    assert.deepEqual(shape(fn("torch.conv_transpose1d", [t(1, 4, 5), t(4, 8, 3), NONE, int(3)])), ["1", "8", "15"]);
    throwsCode(
      () => fn("F.conv1d", [t(1, 4, 5), t(7, 2, 3)], { groups: int(2) }),
      "groups-divisibility",
      "Given groups=2, expected weight to be divisible by 2 at dimension 0, but got weight of size [[7, 2, 3]] instead",
    );
  });
});
