// PixelShuffle / PixelUnshuffle / ChannelShuffle against PyTorch 1.13.
// The plain shape checks are annotated lines of test/fixtures/forward/op_families.py (whole engine, real PyTorch).

import { T, layer, throwsShape, throwsUnknown } from "./familyUtil";
import { followTorch } from "./followTorch";

describe("pixel shuffle rules", () => {
  followTorch("1.13");

  it("raises torch's errors", () => {
    throwsShape(
      () => layer("PixelShuffle", [2], {}, [T(1, 6, 3, 4)]),
      "pixel_shuffle expects its input's 'channel' dimension to be divisible by the square of upscale_factor, but input.size(-3)=6 is not divisible by 4",
    );
    throwsShape(
      () => layer("PixelShuffle", [2], {}, [T(8, 3)]),
      "pixel_shuffle expects input to have at least 3 dimensions, but got input with 2 dimension(s)",
    );
    throwsShape(() => layer("PixelShuffle", [0], {}, [T(1, 6, 3, 4)]), "pixel_shuffle expects a positive upscale_factor, but got 0");
    throwsShape(
      () => layer("PixelUnshuffle", [2], {}, [T(1, 2, 5, 6)]),
      "pixel_unshuffle expects height to be divisible by downscale_factor, but input.size(-2)=5 is not divisible by 2",
    );
    throwsShape(
      () => layer("ChannelShuffle", [3], {}, [T(1, 8, 4, 4)]),
      "Number of channels must be divisible by groups. Got 8 channels and 3 groups.",
    );
    throwsShape(
      () => layer("ChannelShuffle", [2], {}, [T(1, 8)]),
      "channel_shuffle expects input with > 2 dims, but got input with sizes [1, 8]",
    );
    throwsUnknown(() => layer("PixelShuffle", [2], {}, [T(1, "C", 3, 4)]));
  });
});
