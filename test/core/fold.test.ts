// nn.Unfold / nn.Fold and F.unfold / F.fold against PyTorch 1.13.
// The plain shape checks are annotated lines of test/fixtures/forward/op_families.py (whole engine, real PyTorch).

import { T, layer, throwsShape, tup } from "./familyUtil";
import { followTorch } from "./followTorch";

describe("fold rules", () => {
  followTorch("1.13");

  it("unfold errors", () => {
    throwsShape(
      () => layer("Unfold", [9], {}, [T(2, 3, 8, 8)]),
      "Given input with spatial size (8, 8), kernel_size=(9, 9), dilation=(1, 1), padding=(0, 0), calculated shape of the array of sliding blocks as (0, 0), but its components must be at least one.",
    );
    throwsShape(() => layer("Unfold", [tup(2, 2, 2)], {}, [T(2, 3, 8, 8)]), "It is expected kernel_size equals to 2, but got size 3");
    throwsShape(
      () => layer("Unfold", [2], { stride: 0, dilation: 0 }, [T(2, 3, 8, 8)]),
      "dilation should be greater than zero, but got dilation_height: 0 dilation_width: 0",
    );
    throwsShape(
      () => layer("Unfold", [3], {}, [T(1, 3, 8, 8, 8)]),
      "Expected 3D or 4D (batch mode) tensor with possibly 0 batch size and other non-zero dimensions for input, but got: [1, 3, 8, 8, 8]",
    );
    throwsShape(() => layer("Unfold", [3], {}, [T(8, 8)]), "Dimension out of range (expected to be in range of [-2, 1], but got 2)");
  });

  it("fold errors", () => {
    throwsShape(
      () => layer("Fold", [tup(4, 5), tup(2, 2)], {}, [T(2, 13, 12)]),
      "Expected size of input's dimension 1 to be divisible by the product of kernel_size, but got input.size(1)=13 and kernel_size=(2, 2).",
    );
    throwsShape(
      () => layer("Fold", [tup(4, 5), tup(2, 2)], {}, [T(2, 12, 13)]),
      "Given output_size=(4, 5), kernel_size=(2, 2), dilation=(1, 1), padding=(0, 0), stride=(1, 1), expected size of input's dimension 2 to match the calculated number of sliding blocks 3 * 4 = 12, but got input.size(2)=13.",
    );
    throwsShape(
      () => layer("Fold", [tup(4, 5), tup(2, 2)], {}, [T(1, 2, 12, 12)]),
      "Expected 2D or 3D (batch mode) tensor for input with possibly 0 batch size and non-zero dimensions for input, but got: [1, 2, 12, 12]",
    );
  });
});
