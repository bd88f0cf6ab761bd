// nn.Flatten / nn.Unflatten and the flattenShape helper against PyTorch 1.13.
// The plain shape checks are annotated lines of test/fixtures/forward/op_families.py (whole engine, real PyTorch).

import assert from "node:assert/strict";
import { flattenShape } from "../../server/src/core/ops/flatten";
import { T, layer, shape, throwsShape, throwsUnknown, tup } from "./familyUtil";
import { followTorch } from "./followTorch";

describe("flatten rules", () => {
  followTorch("1.13");
  it("flattens from start_dim to end_dim", () => {
    assert.equal(shape(layer("Flatten", [-2, -1], {}, [{ t: [3, 4], lead: "B" }])), "[*B, 12]");
    assert.deepEqual(flattenShape([2, 3, 4], 0, 1), [6, 4]);
  });

  it("raises torch's errors", () => {
    throwsShape(() => layer("Flatten", [], {}, [T(5)]), "Dimension out of range (expected to be in range of [-1, 0], but got 1)");
    throwsShape(() => layer("Flatten", [2, 1], {}, [T(2, 3, 4)]), "flatten() has invalid args: start_dim cannot come after end_dim");
    throwsUnknown(() => layer("Flatten", [], {}, [{ t: [3, 4], lead: "B" }]));
  });

  it("raises Unflatten's errors", () => {
    throwsShape(
      () => layer("Unflatten", [1, tup(4, 2)], {}, [T(4, 6)]),
      "unflatten: Provided sizes [4, 2] don't multiply up to the size of dim 1 (6) in the input tensor",
    );
    throwsShape(
      () => layer("Unflatten", [1, tup(-1, -1)], {}, [T(4, 6)]),
      "unflatten got an unexpected error:\nonly one dimension can be inferred",
    );
    throwsShape(() => layer("Unflatten", [1, tup()], {}, [T(4, 6)]), "unflatten: sizes must be non-empty");
    throwsShape(() => layer("Unflatten", [1, 6], {}, [T(4, 6)]), "unflattened_size must be a tuple of ints, but found type int");
    throwsShape(() => layer("Unflatten", [1, tup(2, -3)], {}, [T(4, 6)]), "invalid shape dimension -3");
  });
});
