// The version switch: rules that differ between PyTorch 1.13 and 2.13 give each version's outcome and
// wording, 2.x-only APIs exist only under "2", and hasattr knows. Expected values were recorded from
// Debian's torch 1.13 and from torch 2.13.0+cpu in a venv (scripts under /tmp, outputs pasted here).

import assert from "node:assert/strict";
import { analyzeFile } from "../../server/src/core/analysis";
import { layerRule } from "../../server/src/core/ops/index";
import { TorchVersion, parseTorchVersion, withTorchVersion } from "../../server/src/core/torchVersion";
import { T, fn, layer, shape, throwsShape, throwsUnknown } from "./familyUtil";

const under = <R>(v: TorchVersion, f: () => R): R => withTorchVersion(v, f);

describe("PyTorch version switch", () => {
  it("reads versions as users write them", () => {
    assert.equal(parseTorchVersion("2"), "2");
    assert.equal(parseTorchVersion("2.13.0+cpu"), "2");
    assert.equal(parseTorchVersion("1.13.0a0"), "1.13");
    assert.equal(parseTorchVersion("1.12"), undefined);
    assert.equal(parseTorchVersion("3"), undefined);
  });

  it("MaxPool1d with an empty output: unknown in 1.13 (grad-dependent), an error in 2.13", () => {
    under("1.13", () => throwsUnknown(() => layer("MaxPool1d", [4], {}, [T(1, 2, 3)])));
    under("2", () => throwsShape(() => layer("MaxPool1d", [4], {}, [T(1, 2, 3)]), "max_pool1d() Invalid computed output size: 0"));
  });

  it("pool padding: the effective-kernel bound of 2.13, then its undilated 2-d/3-d check", () => {
    const msg113 = "pad should be at most half of kernel size, but got pad=2 and kernel_size=3";
    under("1.13", () => throwsShape(() => layer("MaxPool2d", [3], { padding: 2, dilation: 2 }, [T(1, 2, 8, 8)]), msg113));
    under("2", () => {
      throwsShape(
        () => layer("MaxPool2d", [3], { padding: 2, dilation: 2 }, [T(1, 2, 8, 8)]),
        "pad should be smaller than or equal to half of kernel size, but got padW = 2, padH = 2, kW = 3, kH = 3",
      );
      throwsShape(
        () => layer("MaxPool2d", [{ tuple: [3, 5] }], { padding: { tuple: [2, 1] }, dilation: 2 }, [T(1, 2, 9, 9)]),
        "pad should be smaller than or equal to half of kernel size, but got padW = 1, padH = 2, kW = 5, kH = 3",
      );
      throwsShape(
        () => layer("MaxPool3d", [{ tuple: [3, 5, 7] }], { padding: { tuple: [1, 1, 4] }, dilation: 2 }, [T(1, 2, 9, 9, 9)]),
        "pad should be smaller than or equal to half of kernel size, but got kT: 3 kW: 7 kH: 5 padT: 1 padW: 4 padH: 1",
      );
      throwsShape(
        () => layer("AvgPool2d", [3], { padding: 2 }, [T(1, 2, 8, 8)]),
        "pad should be at most half of effective kernel size, but got pad=2, kernel_size=3 and dilation=1",
      );
    });
  });

  it("circular padding of unbatched inputs works in 2.13 only", () => {
    under("1.13", () =>
      throwsShape(
        () => layer("Conv1d", [2, 3, 3], { padding: 1, padding_mode: "circular" }, [T(2, 8)]),
        "Invalid padding size, expected 0 but got 2",
      ),
    );
    under("2", () => {
      assert.equal(shape(layer("Conv1d", [2, 3, 3], { padding: 1, padding_mode: "circular" }, [T(2, 8)])), "[3, 8]");
      assert.equal(shape(fn("F.pad", [T(3, 6), { tuple: [1, 2] }], { mode: "circular" })), "[3, 9]");
      throwsShape(
        () => fn("F.pad", [T(3, 6), { tuple: [7, 2] }], { mode: "circular" }),
        "Padding value causes wrapping around more than once.",
      );
    });
  });

  it("a transposed convolution with an empty output is unknown under 2.13 (backend-dependent)", () => {
    under("2", () => throwsUnknown(() => layer("ConvTranspose2d", [9, 3, 5], { padding: 3, groups: 3 }, [T(2, 9, 2, 10)])));
    under("1.13", () =>
      throwsShape(
        () => layer("ConvTranspose2d", [9, 3, 5], { padding: 3, groups: 3 }, [T(2, 9, 2, 10)]),
        "Given input size per channel: (2 x 10). Calculated output size per channel: (0 x 8). Output size is too small",
      ),
    );
  });

  it("words matmul, linear, norm and interpolate errors as each version does", () => {
    under("2", () => {
      throwsShape(() => fn("torch.mv", [T(3, 2), T(3)]), "size mismatch, got input (3), mat (3x2), vec (3)");
      throwsShape(
        () => fn("torch.matmul", [T(3, 4), T(2, 5, 6)]),
        "Expected size for first two dimensions of batch2 tensor to be: [2, 4] but got: [2, 5].",
      );
      throwsShape(
        () => fn("F.linear", [T(10), T(8, 10), T(9)]),
        "The expanded size of the tensor (8) must match the existing size (9) at non-singleton dimension 1.  Target sizes: [1, 8].  Tensor sizes: [9]",
      );
      throwsShape(() => layer("GroupNorm", [2, 3], {}, [T(1, 3, 4)]), "num_channels (3) must be divisible by num_groups (2)");
      throwsShape(
        () => layer("InstanceNorm2d", [6], { affine: true }, [T(3, 7, 6)]),
        "expected input's size at dim=0 to match num_features (6), but got: 3.",
      );
      throwsShape(
        () => fn("F.interpolate", [T(1, 3, 8)], { size: 12, mode: "linear", antialias: true }),
        "Anti-alias option is restricted to bilinear, bicubic, and lanczos modes and requires a 4-D tensor as input",
      );
      assert.equal(shape(fn("F.interpolate", [T(1, 3, 8, 8)], { size: 12, mode: "lanczos", antialias: true })), "[1, 3, 12, 12]");
      throwsShape(() => fn("F.interpolate", [T(1, 3, 8, 8)], { size: 12, mode: "lanczos" }), "Lanczos mode requires antialias=True");
    });
    under("1.13", () => {
      throwsShape(() => fn("torch.mv", [T(3, 2), T(3)]), "size mismatch, got 3, 3x2,3");
      throwsShape(() => fn("torch.matmul", [T(3, 4), T(2, 5, 6)]), "mat1 and mat2 shapes cannot be multiplied (12x5 and 4x3)");
      throwsShape(() => layer("GroupNorm", [2, 3], {}, [T(1, 3, 4)]), "num_channels must be divisible by num_groups");
      throwsShape(() => layer("InstanceNorm2d", [6], { affine: true }, [T(3, 7, 6)]), "weight should contain 3 elements not 6");
    });
  });

  it("scaled_dot_product_attention: shapes, masks, grouped-query heads and the math path's errors", () => {
    under("2", () => {
      const sdpa = (q: number[], k: number[], v: number[], kw = {}) =>
        fn("F.scaled_dot_product_attention", [T(...q), T(...k), T(...v)], kw);
      assert.equal(shape(sdpa([2, 4, 5, 8], [2, 4, 7, 8], [2, 4, 7, 6])), "[2, 4, 5, 6]");
      assert.equal(shape(sdpa([5, 8], [7, 8], [7, 6])), "[5, 6]");
      assert.equal(shape(sdpa([2, 4, 5, 8], [2, 1, 7, 8], [2, 1, 7, 6])), "[2, 4, 5, 6]");
      assert.equal(shape(sdpa([2, 4, 5, 8], [4, 7, 8], [4, 7, 6])), "[2, 4, 5, 6]");
      assert.equal(shape(sdpa([2, 4, 5, 8], [2, 2, 7, 8], [2, 2, 7, 6], { enable_gqa: true })), "[2, 4, 5, 6]");
      assert.equal(shape(sdpa([2, 4, 5, 8], [2, 4, 7, 8], [2, 4, 7, 6], { attn_mask: T(2, 1, 5, 7) })), "[2, 4, 5, 6]");
      throwsShape(
        () => sdpa([8], [8], [8]),
        "Expected query, key, and value to all be  at least 2 dimensional, but got query.dim: 1 key.dim: 1 and value.dim: 1 instead.",
      );
      throwsShape(
        () => sdpa([2, 4, 5, 8], [2, 2, 7, 8], [2, 2, 7, 6]),
        "The size of tensor a (4) must match the size of tensor b (2) at non-singleton dimension 1",
      );
      throwsShape(
        () => sdpa([2, 4, 5, 8], [2, 4, 7, 9], [2, 4, 7, 6]),
        "Expected size for first two dimensions of batch2 tensor to be: [8, 8] but got: [8, 9].",
      );
      throwsShape(
        () => sdpa([2, 4, 5, 8], [2, 4, 7, 8], [2, 4, 6, 6]),
        "Expected size for first two dimensions of batch2 tensor to be: [8, 7] but got: [8, 6].",
      );
      throwsShape(
        () => sdpa([2, 4, 5, 8], [2, 4, 7, 8], [2, 4, 7, 6], { attn_mask: T(5, 6) }),
        "The size of tensor a (7) must match the size of tensor b (6) at non-singleton dimension 3",
      );
      throwsShape(
        () => sdpa([2, 4, 5, 8], [2, 4, 7, 8], [2, 4, 7, 6], { attn_mask: T(1, 1, 1, 1, 5, 7) }),
        "output with shape [2, 4, 5, 7] doesn't match the broadcast shape [1, 1, 2, 4, 5, 7]",
      );
      throwsShape(
        () => sdpa([2, 4, 5, 8], [2, 4, 7, 8], [2, 4, 7, 6], { attn_mask: T(5, 7), is_causal: true }),
        "_scaled_dot_product_attention: Explicit attn_mask should not be set when is_causal=True",
      );
      throwsShape(
        () => sdpa([2, 4, 5, 8], [2, 3, 7, 8], [2, 3, 7, 6], { enable_gqa: true }),
        "Number of heads in key and value must divide the number of heads in ",
      );
    });
  });

  it("RMSNorm, CircularPad and ZeroPad1d/3d exist under 2 only, with 2.13's checks", () => {
    under("1.13", () => {
      for (const name of ["RMSNorm", "CircularPad1d", "CircularPad2d", "CircularPad3d", "ZeroPad1d", "ZeroPad3d"]) {
        assert.equal(layerRule(name), undefined, name);
      }
    });
    under("2", () => {
      assert.equal(shape(layer("RMSNorm", [[5, 8]], {}, [T(2, 5, 8)])), "[2, 5, 8]");
      throwsShape(
        () => layer("RMSNorm", [[4, 8]], {}, [T(2, 5, 8)]),
        "Given normalized_shape=[4, 8], expected input with shape [*4, 8], but got input of size[2, 5, 8]",
      );
      throwsShape(() => layer("RMSNorm", [[2, 5, 8]], {}, [T(5, 8)]), "Input tensor must have at least 3 dimensions, but got 2");
      assert.equal(shape(layer("CircularPad1d", [{ tuple: [1, 3] }], {}, [T(3, 5)])), "[3, 9]");
      assert.equal(shape(layer("CircularPad2d", [{ tuple: [1, 2, 0, 3] }], {}, [T(3, 5, 5)])), "[3, 8, 8]");
      throwsShape(() => layer("CircularPad2d", [1], {}, [T(5, 5)]), "expected 3D or 4D input (got 2D input)");
      throwsShape(() => layer("CircularPad1d", [6], {}, [T(3, 5)]), "Padding value causes wrapping around more than once.");
      assert.equal(shape(layer("ZeroPad3d", [1], {}, [T(3, 4, 5, 5)])), "[3, 6, 7, 7]");
      assert.equal(shape(fn("Tensor.repeat_interleave", [T(2, 3), 2], { dim: -2 })), "[4, 3]");
    });
  });

  it("recurrent layers: 2.13's input-rank and argument checks", () => {
    under("2", () => {
      throwsShape(() => layer("LSTM", [4, 8], {}, [T(2, 5, 3, 4)]), "LSTM: Expected input to be 2D or 3D, got 4D instead");
      throwsShape(() => layer("LSTMCell", [4, 8], {}, [T(2, 2, 4)]), "LSTMCell: Expected input to be 1D or 2D, got 3D instead");
      throwsShape(() => layer("LSTM", [4, 8], { num_layers: 0 }, [T(5, 4)]), "num_layers must be greater than zero");
      throwsShape(() => layer("LSTM", [4, 0], {}, [T(5, 4)]), "hidden_size must be greater than zero");
      throwsShape(() => layer("RNN", [4, 8], { nonlinearity: "x" }, [T(5, 4)]), "Unknown nonlinearity 'x'. Select from 'tanh' or 'relu'.");
    });
    under("1.13", () => {
      throwsUnknown(() => layer("LSTM", [4, 8], {}, [T(2, 5, 3, 4)]));
      throwsShape(() => layer("RNN", [4, 8], { nonlinearity: "x" }, [T(5, 4)]), "Unknown nonlinearity 'x'");
    });
  });

  it("activations: Softmax2d's rank check and Hardtanh's bounds", () => {
    under("2", () => {
      throwsShape(() => layer("Softmax2d", [], {}, [T(3)]), "Softmax2d: expected input to be 3D or 4D, got 1D instead");
      throwsShape(() => layer("Hardtanh", [2, 1], {}, [T(2)]), "max_val (1) must be greater than min_val (2)");
      throwsShape(() => fn("F.hardtanh", [T(2), 2, 1]), "min_val cannot be greater than max_val");
    });
    under("1.13", () => {
      throwsShape(() => layer("Softmax2d", [], {}, [T(3)]), "Softmax2d requires a 3D or 4D tensor as input");
      assert.equal(shape(fn("F.hardtanh", [T(2), 2, 1])), "[2]");
    });
  });

  it("hasattr(F, 'scaled_dot_product_attention') follows the version, and so does the branch it guards", () => {
    const text = [
      "import torch",
      "import torch.nn as nn",
      "import torch.nn.functional as F",
      "",
      "",
      "class Net(nn.Module):",
      "    # shape: x = (2, 3, 4, 8)",
      "    def forward(self, x):",
      "        if hasattr(F, 'scaled_dot_product_attention') and hasattr(torch, 'compile'):",
      "            y = x[:, :, :1]",
      "        else:",
      "            y = x[:, :, :2]",
      "        z = getattr(nn, 'RMSNorm', None)",
      "        return y",
      "",
    ].join("\n");
    const hintAt = (v: TorchVersion) => analyzeFile("/virtual/flash.py", text, { torchVersion: v }).models[0]?.output;
    assert.deepEqual(hintAt("2"), [2, 3, 1, 8]);
    assert.deepEqual(hintAt("1.13"), [2, 3, 2, 8]);
  });
});
