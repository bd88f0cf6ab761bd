// Normalisation layers and functions against PyTorch 1.13: shapes are preserved; the rank, channel
// and "more than 1 value" checks are worded like torch's.
// The plain shape checks are annotated lines of test/fixtures/forward/op_families.py (whole engine, real PyTorch).

import assert from "node:assert/strict";
import { T, construct, fn, layer, throwsShape, tup } from "./familyUtil";
import { followTorch } from "./followTorch";

describe("norm rules", () => {
  followTorch("1.13");
  it("BatchNorm keeps the shape and counts affine params", () => {
    assert.equal(construct("BatchNorm2d", [3]).params, 6);
    assert.equal(construct("BatchNorm2d", [3], { affine: false }).params, 0);
  });

  it("BatchNorm rank and channel checks", () => {
    throwsShape(() => layer("BatchNorm2d", [3], {}, [T(3, 5, 6)]), "expected 4D input (got 3D input)", "rank-mismatch");
    throwsShape(() => layer("BatchNorm1d", [3], {}, [T(2)]), "expected 2D or 3D input (got 1D input)");
    throwsShape(() => layer("BatchNorm2d", [4], {}, [T("N", 3, 5, 6)]), "running_mean should contain 3 elements not 4", "channel-mismatch");
    throwsShape(() => layer("BatchNorm2d", [4], { track_running_stats: false }, [T(2, 3, 5, 6)]), "weight should contain 3 elements not 4");
    throwsShape(
      () => layer("BatchNorm1d", [3], { track_running_stats: false }, [T(1, 3)]),
      "Expected more than 1 value per channel when training, got input size torch.Size([1, 3])",
    );
  });

  it("F.batch_norm", () => {
    throwsShape(() => fn("F.batch_norm", [T(2, 3, 4), T(4), T(4)]), "running_mean should contain 3 elements not 4");
    throwsShape(
      () => fn("F.batch_norm", [T(1, 3), null, null], { training: true }),
      "Expected more than 1 value per channel when training, got input size torch.Size([1, 3])",
    );
  });

  it("InstanceNorm", () => {
    assert.equal(construct("InstanceNorm2d", [3]).params, 0);
    throwsShape(() => layer("InstanceNorm2d", [4], { affine: true }, [T(2, 3, 5, 6)]), "weight should contain 6 elements not 8");
    throwsShape(() => layer("InstanceNorm2d", [3], {}, [T(3, 5)]), "expected 3D or 4D input (got 2D input)");
    throwsShape(
      () => layer("InstanceNorm1d", [3], {}, [T(3, 1)]),
      "Expected more than 1 spatial element when training, got input size torch.Size([1, 3, 1])",
    );
  });

  it("LayerNorm", () => {
    assert.equal(construct("LayerNorm", [tup(3, 5)]).params, 30);
    throwsShape(
      () => layer("LayerNorm", [4], {}, [T(2, 3, 5)]),
      "Given normalized_shape=[4], expected input with shape [*, 4], but got input of size[2, 3, 5]",
      "shape-mismatch",
    );
    throwsShape(
      () => fn("F.layer_norm", [T(2, 3, 5), tup(5), T(4)]),
      "Expected weight to be of same shape as normalized_shape, but got weight of shape [4] and normalized_shape = [5]",
    );
    throwsShape(
      () => fn("F.layer_norm", [T(2, 3, 5), 5]),
      "layer_norm(): argument 'normalized_shape' (position 2) must be tuple of ints, not int",
    );
  });

  it("GroupNorm", () => {
    assert.equal(construct("GroupNorm", [2, 4]).params, 8);
    throwsShape(() => construct("GroupNorm", [3, 4]), "num_channels must be divisible by num_groups");
    throwsShape(
      () => layer("GroupNorm", [2, 4], {}, [T(3, 6, 5, 5)]),
      "Expected weight to be a vector of size equal to the number of channels in input, but got weight of shape [4] and input of shape [3, 6, 5, 5]",
    );
    throwsShape(
      () => layer("GroupNorm", [2, 4], {}, [T(3, 5, 5, 5)]),
      "Expected number of channels in input to be divisible by num_groups, but got input of shape [3, 5, 5, 5] and num_groups=2",
    );
    throwsShape(
      () => layer("GroupNorm", [2, 2], {}, [T(1, 2)]),
      "Expected more than 1 value per channel when training, got input size [1, 2]",
    );
  });

  it("LocalResponseNorm and F.normalize", () => {
    throwsShape(
      () => layer("LocalResponseNorm", [2], {}, [T(2, 3)]),
      "Expected 3D or higher dimensionality                          input (got 2 dimensions)",
    );
    throwsShape(() => fn("F.normalize", [T(3)]), "Dimension out of range (expected to be in range of [-1, 0], but got 1)");
  });
});
