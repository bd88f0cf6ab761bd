// Linear / LazyLinear / Bilinear / Identity and F.linear / F.bilinear against PyTorch 1.13.
// The plain shape checks are annotated lines of test/fixtures/forward/op_families.py (whole engine, real PyTorch).

import assert from "node:assert/strict";
import { T, construct, fn, layer, shape, throwsShape, throwsUnknown } from "./familyUtil";
import { followTorch } from "./followTorch";

describe("linear rules", () => {
  followTorch("1.13");
  it("replaces the last dim and keeps leading and symbolic dims", () => {
    assert.equal(shape(layer("Linear", [3, 4], {}, [{ t: [7, 3], lead: "B" }])), "[*B, 7, 4]");
  });

  it("counts params and exposes attrs", () => {
    const c = construct("Linear", [9216, 128]);
    assert.equal(c.params, 9216 * 128 + 128);
    assert.equal(construct("Linear", [10, 5], { bias: false }).params, 50);
    assert.equal(c.attrs.bias.kind, "tensor");
    assert.equal(construct("LazyLinear", [5]).params, null);
  });

  it("reports a wrong in_features with torch's matmul message", () => {
    const msg = "mat1 and mat2 shapes cannot be multiplied (1x9216 and 9215x128)";
    throwsShape(() => layer("Linear", [9215, 128], {}, [T(1, 9216)]), msg, "linear-in-features");
    throwsShape(() => layer("Linear", [9215, 128], {}, [T(9216)]), msg);
    throwsShape(() => layer("Linear", [9215, 128], {}, [T(2, 3, 9216)]), "mat1 and mat2 shapes cannot be multiplied (6x9216 and 9215x128)");
    throwsShape(() => layer("Linear", [9215, 128], {}, [T("N", 9216)]), "mat1 and mat2 shapes cannot be multiplied (Nx9216 and 9215x128)");
    throwsShape(() => layer("Linear", [3, 4], {}, [T()]), "both arguments to matmul need to be at least 1D, but they are 0D and 2D");
  });

  it("checks negative sizes at construction", () => {
    throwsShape(() => construct("Linear", [-1, 4]), "Trying to create tensor with negative dimension -1: [4, -1]");
  });

  it("Bilinear", () => {
    assert.equal(construct("Bilinear", [3, 4, 5]).params, 65);
    throwsShape(
      () => layer("Bilinear", [3, 4, 5], {}, [T(2, 3), T(3, 4)]),
      "bilinear(): input batch dimensions do not match at dim 0: got 2 and 3",
    );
    throwsShape(
      () => layer("Bilinear", [3, 4, 5], {}, [T(2, 3), T(2, 5)]),
      "bilinear(): input2 size does not match weight size: got 5 but expected 4",
    );
    throwsShape(() => layer("Bilinear", [3, 4, 5], {}, [T(2, 3), T(2, 1, 4)]), "bilinear(): input dimensions do not match: got 2 and 3");
    throwsShape(
      () => fn("F.bilinear", [T(2, 3), T(2, 4), T(5, 3, 4), T(6)]),
      "bilinear(): bias size does not match weight size: got 6 but expected 5",
    );
  });

  it("F.linear", () => {
    throwsShape(() => fn("F.linear", [T(2, 5), T(4, 3)]), "mat1 and mat2 shapes cannot be multiplied (2x5 and 3x4)");
    throwsShape(
      () => fn("F.linear", [T(2, 3), T(4, 3), T(5)]),
      "The expanded size of the tensor (4) must match the existing size (5) at non-singleton dimension 1.  Target sizes: [2, 4].  Tensor sizes: [5]",
    );
    throwsShape(
      () => fn("F.linear", [T(2, 2, 2, 3), T(4, 3), T(5)]),
      "The size of tensor a (4) must match the size of tensor b (5) at non-singleton dimension 3",
    );
    throwsUnknown(() => fn("F.linear", [T(7, 2, 3), T(4, 3), T(5)]));
  });
});
