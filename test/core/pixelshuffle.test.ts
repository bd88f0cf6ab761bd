// PixelShuffle / PixelUnshuffle / ChannelShuffle against PyTorch 1.13.

import assert from "node:assert/strict";
import { T, fn, layer, shape, throwsShape, throwsUnknown } from "./familyUtil";
import { followTorch } from "./followTorch";

describe("pixel shuffle rules", () => {
  followTorch("1.13");
  it("moves channels into space and back", () => {
    assert.equal(shape(layer("PixelShuffle", [2], {}, [T("N", 8, "H", "W")])), "[N, 2, 2*H, 2*W]");
    assert.equal(shape(layer("PixelShuffle", [2], {}, [T(2, 2, 8, 3, 4)])), "[2, 2, 2, 6, 8]");
    assert.equal(shape(layer("PixelUnshuffle", [2], {}, [T(1, 2, 4, 6)])), "[1, 8, 2, 3]");
    assert.equal(shape(fn("F.pixel_unshuffle", [T(1, 8, 4, 4), 2])), "[1, 32, 2, 2]");
    assert.equal(shape(layer("ChannelShuffle", [2], {}, [T(1, 8, 4, 4)])), "[1, 8, 4, 4]");
  });

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
