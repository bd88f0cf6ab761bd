// Padding modules and F.pad against PyTorch 1.13.
// The plain shape checks are annotated lines of test/fixtures/forward/op_families.py (whole engine, real PyTorch).

import assert from "node:assert/strict";
import { T, fn, layer, shape, throwsShape, throwsUnknown, tup } from "./familyUtil";
import { followTorch } from "./followTorch";

describe("padding rules", () => {
  followTorch("1.13");
  it("pads the last dims, last dim first", () => {
    assert.equal(shape(fn("F.pad", [{ t: [4, 5], lead: "B" }, tup(1, 1, 2, 2)])), "[*B, 8, 7]");
  });

  it("crops with negative constant padding", () => {
    throwsShape(() => layer("ZeroPad2d", [-3], {}, [T(1, 3, 4, 5)]), "start (0) + length (-2) exceeds dimension size (1).");
    throwsShape(
      () => fn("F.pad", [T(2, 4), tup(-4, 0, 1, 0)]),
      "The input size 4, plus negative padding -4 and 0 resulted in a negative output size, which is invalid. Check dimension 1 of your input.",
      "non-positive-output",
    );
  });

  it("raises torch's errors", () => {
    throwsShape(() => layer("ZeroPad2d", [tup(1, 2, 3, 4)], {}, [T(5)]), "Padding length too large");
    throwsShape(() => layer("ZeroPad2d", [tup(1, 2, 3)], {}, [T(1, 3, 4, 5)]), "Padding length must be divisible by 2");
    throwsShape(
      () => layer("ReflectionPad1d", [4], {}, [T(1, 3, 4)]),
      "Argument #4: Padding size should be less than the corresponding input dimension, but got: padding (4, 4) at dimension 2 of input [1, 3, 4]",
    );
    throwsShape(
      () => layer("ReflectionPad2d", [tup(1, 1, 4, 0)], {}, [T(1, 3, 4, 5)]),
      "Argument #6: Padding size should be less than the corresponding input dimension, but got: padding (4, 0) at dimension 2 of input 4",
    );
    throwsShape(
      () => layer("ReflectionPad1d", [2], {}, [T(4)]),
      "Only 2D, 3D, 4D, 5D padding with non-constant padding are supported for now",
    );
    throwsShape(
      () => fn("F.pad", [T(2, 4), tup(1, 1)], { mode: "reflect", value: 2 }),
      `Padding mode "reflect" doesn't take in value argument`,
    );
    throwsShape(() => fn("F.pad", [T(2, 4), tup(1, 2)], { mode: "circular" }), "Invalid padding size, expected 0 but got 2");
    throwsShape(() => fn("F.pad", [T(1, 2, 4), tup(5, 2)], { mode: "circular" }), "Padding value causes wrapping around more than once.");
    throwsUnknown(() => layer("ReflectionPad1d", [-2], {}, [T(1, 3, 4)]));
  });
});
