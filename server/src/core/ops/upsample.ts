// Upsampling rules: nn.Upsample, nn.UpsamplingNearest2d, nn.UpsamplingBilinear2d, F.interpolate,
// F.upsample, F.upsample_nearest and F.upsample_bilinear, following torch.nn.functional.interpolate
// (1.13, or 2.13 with its lanczos mode and wording): output = ⌊in · scale⌋ computed in double precision, or the explicit size.

import { isTorch2 } from "../torchVersion";
import { Dim, formatDim, isConcrete, mul } from "../dim";
import { giveUp, shapeError } from "../errors";
import { CallArgs, NONE, Shape, Value, float, str, tensor, tuple } from "../values";
import { bind, isNone, shapeOf, toBool, toStr } from "./args";
import { adaptivePool } from "./adaptive";
import { registerFunction, registerLayer } from "./registry";
import { fmtList, pyRepr } from "./spatialArith";

interface InterpArgs {
  size: Value;
  scale: Value;
  mode: string;
  alignCorners: Value;
  recompute: Value;
  antialias: boolean;
}

const VALID: Record<string, number[]> = {
  nearest: [3, 4, 5],
  "nearest-exact": [3, 4, 5],
  area: [3, 4, 5],
  linear: [3],
  bilinear: [4],
  bicubic: [4],
  trilinear: [5],
};

function intItem(v: Value, what: string): Dim {
  if (v.kind === "int") return v.v;
  if (v.kind === "bool") return v.v ? 1 : 0;
  if (v.kind === "unknown") giveUp(`${what} is not known`);
  return giveUp(`${what} is not an int`);
}

function floatItem(v: Value, what: string): number {
  if (v.kind === "float") return v.v;
  if (v.kind === "int" && isConcrete(v.v)) return v.v;
  if (v.kind === "bool") return v.v ? 1 : 0;
  return giveUp(`${what} is not a known number`);
}

/** ⌊in · s⌋ in double precision; symbolic sizes only with integral factors. */
function scaled(input: Dim, s: number): Dim {
  if (isConcrete(input)) return Math.floor(input * s);
  if (Number.isInteger(s)) return mul(input, s);
  return giveUp(`a symbolic size scaled by ${s}`);
}

function sizeMessage(inS: Dim[], outS: Dim[]): string {
  const names = inS.length === 1 ? ["W"] : inS.length === 2 ? ["H", "W"] : ["D", "H", "W"];
  const show = (xs: Dim[]) => xs.map((x, i) => `${names[i]}: ${formatDim(x)}`).join(", ");
  const join = inS.length === 1 ? " and output" : " output";
  return `Input and output sizes should be greater than 0, but got input (${show(inS)})${join} (${show(outS)})`;
}

export function interpolate(input: Shape, a: InterpArgs): Shape {
  const { mode } = a;
  const rank = input.length;
  if ((mode === "nearest" || mode === "area" || mode === "nearest-exact") && !isNone(a.alignCorners)) {
    shapeError(
      "invalid-argument",
      "align_corners option can only be set with the interpolating modes: linear | bilinear | bicubic | trilinear",
    );
  }
  const dim = Math.max(rank - 2, 0);
  const spatial = input.slice(2);
  let outputSize: Dim[] | null = null;
  let scales: number[] | null = null;
  if (!isNone(a.size) && !isNone(a.scale)) shapeError("invalid-argument", "only one of size or scale_factor should be defined");
  if (!isNone(a.size)) {
    if (a.size.kind === "tuple" || a.size.kind === "list") {
      if (a.size.items.length !== dim) {
        shapeError(
          "shape-mismatch",
          `Input and output must have the same number of spatial dimensions, but got input with spatial dimensions of ${fmtList(spatial)} and output size of ${pyRepr(a.size)}. Please provide input tensor in (N, C, d1, d2, ...,dK) format and output size in (o1, o2, ...,oK) format.`,
        );
      }
      outputSize = a.size.items.map((v, i) => intItem(v, `size[${i}]`));
    } else {
      const s = intItem(a.size, "size");
      outputSize = Array.from({ length: dim }, () => s);
    }
  } else if (!isNone(a.scale)) {
    if (a.scale.kind === "tuple" || a.scale.kind === "list") {
      if (a.scale.items.length !== dim) {
        shapeError(
          "shape-mismatch",
          `Input and scale_factor must have the same number of spatial dimensions, but got input with spatial dimensions of ${fmtList(spatial)} and scale_factor of shape ${pyRepr(a.scale)}. Please provide input tensor in (N, C, d1, d2, ...,dK) format and scale_factor in (s1, s2, ...,sK) format.`,
        );
      }
      scales = a.scale.items.map((v, i) => floatItem(v, `scale_factor[${i}]`));
    } else {
      const s = floatItem(a.scale, "scale_factor");
      scales = Array.from({ length: dim }, () => s);
    }
  } else {
    shapeError("invalid-argument", "either size or scale_factor should be defined");
  }
  const recompute = isNone(a.recompute) ? false : toBool(a.recompute, "recompute_scale_factor");
  if (recompute && !isNone(a.size)) {
    shapeError("invalid-argument", "recompute_scale_factor is not meaningful with an explicit size.");
  }
  // (mode 'area' forces recompute_scale_factor, which changes the kernel's scale, not the output size.)
  if (isTorch2()) {
    if (a.antialias && !(["bilinear", "bicubic", "lanczos"].includes(mode) && rank === 4)) {
      shapeError(
        "invalid-argument",
        "Anti-alias option is restricted to bilinear, bicubic, and lanczos modes and requires a 4-D tensor as input",
      );
    }
    if (mode === "lanczos" && !a.antialias) shapeError("invalid-argument", "Lanczos mode requires antialias=True");
  } else if (a.antialias && !((mode === "bilinear" || mode === "bicubic") && rank === 4)) {
    shapeError("invalid-argument", "Anti-alias option is only supported for bilinear and bicubic modes");
  }
  const valid = mode === "lanczos" && isTorch2() ? [4] : VALID[mode];
  if (!valid || !valid.includes(rank)) {
    const needs: Record<string, number> = {
      linear: 3,
      bilinear: 4,
      trilinear: 5,
    };
    if (needs[mode] && rank >= 3 && rank <= 5) {
      shapeError("rank-mismatch", `Got ${rank}D input, but ${mode} mode needs ${needs[mode]}D input`);
    }
    shapeError(
      valid ? "rank-mismatch" : "invalid-argument",
      `Input Error: Only 3D, 4D and 5D input Tensors supported (got ${rank}D) for the modes: nearest | linear | bilinear | bicubic | trilinear | ${isTorch2() ? "lanczos | " : ""}area | nearest-exact (got ${mode})`,
    );
  }
  const out: Dim[] = outputSize ?? spatial.map((s, i) => scaled(s, (scales as number[])[i]));
  if (mode === "area") {
    return adaptivePool("avg", dim as 1 | 2 | 3, input, {
      kind: "list",
      items: out.map((v) => ({ kind: "int", v })),
    });
  }
  const bad = [...spatial, ...out].some((d) => isConcrete(d) && d <= 0);
  if (bad) {
    if (![...spatial, ...out].every(isConcrete)) giveUp("symbolic sizes in an invalid upsampling");
    shapeError("non-positive-output", sizeMessage(spatial, out));
  }
  if (input.slice(1).some((d) => d === 0)) {
    shapeError("invalid-argument", `Non-empty ${rank}D data tensor expected but got a tensor with sizes ${fmtList(input)}`);
  }
  return [input[0], input[1], ...out];
}

// ---- registration -------------------------------------------------------------------------------

interface UpsampleConfig {
  size: Value;
  scale: Value;
  mode: string;
  alignCorners: Value;
  recompute: Value;
}

/** nn.Upsample stores float(scale_factor), or None when the factor is falsy. */
function storedScale(v: Value): Value {
  if (v.kind === "tuple" || v.kind === "list") {
    return tuple(
      v.items.map((x, i) => {
        if (x.kind === "none") shapeError("invalid-argument", "float() argument must be a string or a real number, not 'NoneType'");
        return float(floatItem(x, `scale_factor[${i}]`));
      }),
    );
  }
  if (isNone(v)) return NONE;
  const f = floatItem(v, "scale_factor");
  return f ? float(f) : NONE;
}

function upsampleLayer(name: string, fixedMode?: string, fixedAlign?: boolean): void {
  const params = fixedMode
    ? [
        { name: "size", default: NONE },
        { name: "scale_factor", default: NONE },
      ]
    : [
        { name: "size", default: NONE },
        { name: "scale_factor", default: NONE },
        { name: "mode", default: str("nearest") },
        { name: "align_corners", default: NONE },
        { name: "recompute_scale_factor", default: NONE },
      ];
  registerLayer({
    name,
    signature: { params },
    construct(b) {
      const config: UpsampleConfig = {
        size: b.get("size"),
        scale: storedScale(b.get("scale_factor")),
        mode: fixedMode ?? toStr(b.get("mode"), "mode"),
        alignCorners: fixedAlign === undefined ? (fixedMode ? NONE : b.get("align_corners")) : { kind: "bool", v: fixedAlign },
        recompute: fixedMode ? NONE : b.get("recompute_scale_factor"),
      };
      return {
        params: 0,
        config,
        attrs: {
          size: config.size,
          scale_factor: config.scale,
          mode: str(config.mode),
          align_corners: config.alignCorners,
        },
      };
    },
    forward(config, call: CallArgs) {
      const c = config;
      const b = bind(name, { params: [{ name: "input" }] }, call);
      const input = shapeOf(b.get("input"), "input");
      return tensor(
        interpolate(input, {
          size: c.size,
          scale: c.scale,
          mode: c.mode,
          alignCorners: c.alignCorners,
          recompute: c.recompute,
          antialias: false,
        }),
      );
    },
  });
}

upsampleLayer("Upsample");
upsampleLayer("UpsamplingNearest2d", "nearest");
upsampleLayer("UpsamplingBilinear2d", "bilinear", true);

registerFunction({
  names: ["F.interpolate"],
  signature: {
    params: [
      { name: "input" },
      { name: "size", default: NONE },
      { name: "scale_factor", default: NONE },
      { name: "mode", default: str("nearest") },
      { name: "align_corners", default: NONE },
      { name: "recompute_scale_factor", default: NONE },
      { name: "antialias", default: { kind: "bool", v: false } },
    ],
  },
  call(b) {
    return tensor(
      interpolate(shapeOf(b.get("input"), "input"), {
        size: b.get("size"),
        scale: b.get("scale_factor"),
        mode: toStr(b.get("mode"), "mode"),
        alignCorners: b.get("align_corners"),
        recompute: b.get("recompute_scale_factor"),
        antialias: toBool(b.get("antialias"), "antialias"),
      }),
    );
  },
});

registerFunction({
  names: ["F.upsample"],
  signature: {
    params: [
      { name: "input" },
      { name: "size", default: NONE },
      { name: "scale_factor", default: NONE },
      { name: "mode", default: str("nearest") },
      { name: "align_corners", default: NONE },
    ],
  },
  call(b) {
    return tensor(
      interpolate(shapeOf(b.get("input"), "input"), {
        size: b.get("size"),
        scale: b.get("scale_factor"),
        mode: toStr(b.get("mode"), "mode"),
        alignCorners: b.get("align_corners"),
        recompute: NONE,
        antialias: false,
      }),
    );
  },
});

for (const [fn, mode, align] of [
  ["F.upsample_nearest", "nearest", NONE],
  ["F.upsample_bilinear", "bilinear", { kind: "bool", v: true }],
] as [string, string, Value][]) {
  registerFunction({
    names: [fn],
    signature: {
      params: [{ name: "input" }, { name: "size", default: NONE }, { name: "scale_factor", default: NONE }],
    },
    call(b) {
      return tensor(
        interpolate(shapeOf(b.get("input"), "input"), {
          size: b.get("size"),
          scale: b.get("scale_factor"),
          mode,
          alignCorners: align,
          recompute: NONE,
          antialias: false,
        }),
      );
    },
  });
}
