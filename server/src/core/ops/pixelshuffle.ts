// Shape rules for channel/space rearrangements (PyTorch 1.13): nn.PixelShuffle / PixelUnshuffle,
// nn.ChannelShuffle and their F.* / torch.* forms, with ATen's rank, factor and divisibility checks.
// They act on the last three dims (C, H, W); any leading dims are kept.

import { Dim, exactDiv, formatDim, mul } from "../dim";
import { giveUp, shapeError } from "../errors";
import { CallArgs, TensorV, Value, int, tensor } from "../values";
import { bind, toInt, toTensor } from "./args";
import { registerFunction, registerLayer } from "./registry";

/** size / k, or the torch error when a concrete size is not divisible; unknown when symbolic. */
function divide(size: Dim, k: number, fail: () => never): Dim {
  const q = exactDiv(size, k);
  if (q !== undefined) return q;
  if (typeof size === "number") fail();
  return giveUp(`cannot tell whether ${formatDim(size)} is divisible by ${k}`);
}

function rankOf(t: TensorV): number | undefined {
  return t.shape && !t.lead ? t.shape.length : undefined;
}

export function pixelShuffle(input: TensorV, r: number): TensorV {
  const rank = rankOf(input);
  if (rank !== undefined && rank < 3) {
    shapeError("rank-mismatch", `pixel_shuffle expects input to have at least 3 dimensions, but got input with ${rank} dimension(s)`);
  }
  if (r <= 0) shapeError("invalid-argument", `pixel_shuffle expects a positive upscale_factor, but got ${r}`);
  if (!input.shape || input.shape.length < 3) return giveUp("the input's channel dims are not known");
  const s = input.shape;
  const n = s.length;
  const c = divide(s[n - 3], r * r, () =>
    shapeError(
      "shape-mismatch",
      `pixel_shuffle expects its input's 'channel' dimension to be divisible by the square of upscale_factor, but input.size(-3)=${formatDim(s[n - 3])} is not divisible by ${r * r}`,
    ),
  );
  return tensor([...s.slice(0, n - 3), c, mul(s[n - 2], r), mul(s[n - 1], r)], { lead: input.lead });
}

export function pixelUnshuffle(input: TensorV, r: number): TensorV {
  const rank = rankOf(input);
  if (rank !== undefined && rank < 3) {
    shapeError("rank-mismatch", `pixel_unshuffle expects input to have at least 3 dimensions, but got input with ${rank} dimension(s)`);
  }
  if (r <= 0) shapeError("invalid-argument", `pixel_unshuffle expects a positive downscale_factor, but got ${r}`);
  if (!input.shape || input.shape.length < 3) return giveUp("the input's channel dims are not known");
  const s = input.shape;
  const n = s.length;
  const h = divide(s[n - 2], r, () =>
    shapeError(
      "shape-mismatch",
      `pixel_unshuffle expects height to be divisible by downscale_factor, but input.size(-2)=${formatDim(s[n - 2])} is not divisible by ${r}`,
    ),
  );
  const w = divide(s[n - 1], r, () =>
    shapeError(
      "shape-mismatch",
      `pixel_unshuffle expects width to be divisible by downscale_factor, but input.size(-1)=${formatDim(s[n - 1])} is not divisible by ${r}`,
    ),
  );
  return tensor([...s.slice(0, n - 3), mul(s[n - 3], r * r), h, w], { lead: input.lead });
}

/** channel_shuffle keeps the shape; the channel dim is dim 1. */
export function channelShuffle(input: TensorV, groups: number): TensorV {
  const rank = rankOf(input);
  if (rank !== undefined && rank <= 2) {
    shapeError(
      "rank-mismatch",
      `channel_shuffle expects input with > 2 dims, but got input with sizes [${input.shape!.map(formatDim).join(", ")}]`,
    );
  }
  if (groups <= 0) {
    shapeError("invalid-argument", `Number of groups to divide channels in must be positive. Value of groups:${groups}`);
  }
  if (!input.shape) return tensor(null);
  if (input.lead) return giveUp(`the channel dim is hidden by *${input.lead}`);
  const c = input.shape[1];
  divide(c, groups, () =>
    shapeError("groups-divisibility", `Number of channels must be divisible by groups. Got ${formatDim(c)} channels and ${groups} groups.`),
  );
  return tensor([...input.shape]);
}

type Op = (input: TensorV, k: number) => TensorV;

function module(name: string, arg: string, op: Op): void {
  registerLayer({
    name,
    signature: { params: [{ name: arg }] },
    construct(a) {
      const k = toInt(a.get(arg), arg);
      return { params: 0, config: k, attrs: { [arg]: int(k) } };
    },
    forward(config, call: CallArgs): Value {
      const input = toTensor(bind(`${name}.forward`, { params: [{ name: "input" }] }, call).get("input"), "input");
      return op(input, config);
    },
    explain(config) {
      return { lines: [`${arg} = ${config}`] };
    },
  });
}

function functions(names: string[], arg: string, op: Op): void {
  registerFunction({
    names,
    signature: { params: [{ name: "input" }, { name: arg }] },
    call: (a) => op(toTensor(a.get("input"), "input"), toInt(a.get(arg), arg)),
  });
}

module("PixelShuffle", "upscale_factor", pixelShuffle);
module("PixelUnshuffle", "downscale_factor", pixelUnshuffle);
module("ChannelShuffle", "groups", channelShuffle);
functions(["F.pixel_shuffle", "torch.pixel_shuffle"], "upscale_factor", pixelShuffle);
functions(["F.pixel_unshuffle", "torch.pixel_unshuffle"], "downscale_factor", pixelUnshuffle);
functions(["F.channel_shuffle", "torch.channel_shuffle"], "groups", channelShuffle);
