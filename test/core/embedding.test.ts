// Embedding / EmbeddingBag / F.embedding / F.one_hot against PyTorch 1.13.
// The plain shape checks are annotated lines of test/fixtures/forward/op_families.py (whole engine, real PyTorch).

import assert from "node:assert/strict";
import { T, construct, fn, layer, shape, throwsShape, throwsUnknown } from "./familyUtil";
import { followTorch } from "./followTorch";

describe("embedding rules", () => {
  followTorch("1.13");
  it("appends embedding_dim to the index shape", () => {
    assert.equal(shape(layer("Embedding", [10, 3], {}, [{ t: [5], lead: "B" }])), "[*B, 5, 3]");
    assert.equal(construct("Embedding", [10, 3]).params, 30);
  });

  it("checks padding_idx and the weight", () => {
    throwsShape(() => construct("Embedding", [10, 3], { padding_idx: 10 }), "Padding_idx must be within num_embeddings");
    throwsShape(() => construct("Embedding", [10, 3], { padding_idx: -11 }), "Padding_idx must be within num_embeddings");
    throwsShape(
      () => construct("Embedding", [10, 3], { _weight: T(4, 3) }),
      "Shape of weight does not match num_embeddings and embedding_dim",
    );
    throwsShape(() => fn("F.embedding", [T(2, 5), T(10)]), "'weight' must be 2-D");
  });

  it("one_hot needs num_classes", () => {
    throwsUnknown(() => fn("F.one_hot", [T(2, 5)]));
  });

  it("EmbeddingBag", () => {
    assert.equal(shape(layer("EmbeddingBag", [10, 3], { include_last_offset: true }, [T(2, 5)])), "[1, 3]");
    throwsShape(() => layer("EmbeddingBag", [10, 3], {}, [T(8)]), "offsets has to be a 1D Tensor but got None");
    throwsShape(() => layer("EmbeddingBag", [10, 3], {}, [T(2, 3, 4)]), "input has to be 1D or 2D Tensor, but got Tensor of dimension 3");
  });
});
