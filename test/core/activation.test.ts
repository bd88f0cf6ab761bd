// Activations and dropout against PyTorch 1.13.
// The plain shape checks are annotated lines of test/fixtures/forward/op_families.py (whole engine, real PyTorch).

import assert from "node:assert/strict";
import { T, construct, fn, layer, shape, throwsShape } from "./familyUtil";
import { followTorch } from "./followTorch";

describe("activation rules", () => {
  followTorch("1.13");
  it("keeps a variadic lead", () => {
    assert.equal(shape(layer("LeakyReLU", [0.2], { inplace: true }, [{ t: [3], lead: "B" }])), "[*B, 3]");
  });

  it("range-checks dims", () => {
    const msg = "Dimension out of range (expected to be in range of [-2, 1], but got 2)";
    throwsShape(() => layer("Softmax", [2], {}, [T(2, 3)]), msg, "index-out-of-range");
    throwsShape(() => fn("F.log_softmax", [T(2, 3), 2]), msg);
    throwsShape(() => fn("torch.softmax", [T(2, 3), 2]), msg);
  });

  it("GLU halves its dim", () => {
    throwsShape(() => layer("GLU", [], {}, [T(2, 5)]), "Halving dimension must be even, but dimension 1 is size 5");
    throwsShape(() => layer("GLU", [0], {}, [T()]), "glu does not support scalars because halving size must be even");
  });

  it("PReLU", () => {
    assert.equal(construct("PReLU", [7]).params, 7);
    throwsShape(
      () => layer("PReLU", [3], {}, [T(2, 4, 4)]),
      "Mismatch of parameter numbers and input channel size. Found parameter numbers = 3 and channel size = 4.",
      "channel-mismatch",
    );
    throwsShape(() => layer("PReLU", [3], {}, [T()]), "Not allow zero-dim input tensor.");
  });

  it("dropout checks", () => {
    throwsShape(() => construct("Dropout", [1.5]), "dropout probability has to be between 0 and 1, but got 1.5");
    throwsShape(() => construct("Dropout", [{ f: 2 }]), "dropout probability has to be between 0 and 1, but got 2.0");
    throwsShape(
      () => layer("Dropout1d", [], {}, [T(2, 3, 4, 5)]),
      "dropout1d: Expected 2D or 3D input, but received a 4D input. Note that dropout1d exists to provide channel-wise dropout on inputs with 1 spatial dimension, a channel dimension, and an optional batch dimension (i.e. 2D or 3D inputs).",
    );
    throwsShape(() => fn("F.dropout2d", [T(3)]), "Feature dropout requires at least 2 dimensions in the input");
  });

  it("CELU and GELU argument checks at call time", () => {
    throwsShape(() => layer("CELU", [0], {}, [T(2)]), "ZeroDivisionError: alpha cannot be 0 for CELU");
    throwsShape(() => fn("F.gelu", [T(2)], { approximate: "x" }), "approximate argument must be either none or tanh.");
  });
});
