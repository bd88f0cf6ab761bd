// Adaptive pooling rules: nn.AdaptiveAvgPool1d/2d/3d, nn.AdaptiveMaxPool1d/2d/3d and the
// functional forms. The output's spatial size is the requested one (None keeps the input's size,
// for 2-d and 3-d only); checks and messages follow PyTorch 1.13's CPU kernels.

import { Dim, isConcrete } from "../dim";
import { giveUp, shapeError } from "../errors";
import { CallArgs, Shape, Value, bool, tensor } from "../values";
import { bind, isNone, shapeOf, toBool, toDim } from "./args";
import { registerFunction, registerLayer } from "./registry";
import { fmtList, withIndices } from "./spatialArith";

type Kind = "avg" | "max";

/** F.adaptive_*_pool2d/3d's _list_with_default: None entries take the input's trailing sizes. */
function requestedSizes(kindOf: Kind, n: number, input: Shape, sizeV: Value): Dim[] {
  if (n === 1) {
    if (sizeV.kind === "none") {
      giveUp("adaptive 1-d pooling with output_size=None");
    }
    if (sizeV.kind === "tuple" || sizeV.kind === "list") {
      const kind = sizeV.kind;
      return sizeV.items.map((v, i) => {
        if (isNone(v)) {
          shapeError(
            "invalid-argument",
            `adaptive_${kindOf}_pool1d(): argument 'output_size' (position 2) must be tuple of ints, not ${kind}`,
          );
        }
        return toDim(v, `output_size[${i}]`);
      });
    }
    return [toDim(sizeV, "output_size")];
  }
  if (sizeV.kind === "none") shapeError("invalid-argument", "object of type 'NoneType' has no len()");
  if (sizeV.kind !== "tuple" && sizeV.kind !== "list") {
    const d = toDim(sizeV, "output_size");
    return Array.from({ length: n }, () => d);
  }
  const items = sizeV.items;
  if (input.length <= items.length) {
    shapeError("invalid-argument", `Input dimension should be at least ${items.length + 1}`);
  }
  const defaults = input.slice(input.length - items.length);
  return items.map((v, i) => (isNone(v) ? defaults[i] : toDim(v, `output_size[${i}]`)));
}

export function adaptivePool(kind: Kind, n: 1 | 2 | 3, input: Shape, sizeV: Value): Shape {
  const op = `adaptive_${kind}_pool${n}d`;
  const sizes = requestedSizes(kind, n, input, sizeV);
  if (n === 1) {
    if (sizes.length !== 1) shapeError("invalid-argument", `${op}() argument 'output_size' should contain one int (got ${sizes.length})`);
    if (input.length !== 2 && input.length !== 3) {
      shapeError(
        "rank-mismatch",
        `Expected 2 to 3 dimensions, but got ${input.length}-dimensional tensor for argument #1 'self' (while checking arguments for ${op})`,
      );
    }
    // 1-d adaptive pooling runs the 2-d kernel over a height of 1.
    const lifted = [...input.slice(0, -1), 1, input[input.length - 1]];
    const out = adaptivePool(kind, 2, lifted, {
      kind: "list",
      items: [
        { kind: "int", v: 1 },
        { kind: "int", v: sizes[0] },
      ],
    });
    return [...out.slice(0, -2), out[out.length - 1]];
  }
  if (sizes.length !== n) {
    shapeError(
      "invalid-argument",
      kind === "avg" ? `${op}: output_size must be ${n}` : `${op}(): internal error: output_size.size() must be ${n}`,
    );
  }
  // ATen's fast path: average pooling to all-ones is `input.mean(last n dims, keepdim=True)`, taken
  // before any rank check, so any input with at least n dims is accepted.
  if (kind === "avg" && sizes.every((s) => s === 1)) {
    if (input.length < n) {
      const r = Math.max(input.length, 1);
      // mean() wraps the dims -1, -2, ... in turn: the first one past the rank is reported.
      shapeError("index-out-of-range", `Dimension out of range (expected to be in range of [${-r}, ${r - 1}], but got ${-(r + 1)})`);
    }
    return [...input.slice(0, input.length - n), ...sizes];
  }
  const negative = sizes.some((s) => isConcrete(s) && s < 0);
  if (negative && kind === "avg") {
    if (!sizes.every(isConcrete)) giveUp("symbolic output_size");
    const shown = n === 2 ? sizes.join(", ") : `${sizes[0]}, ${sizes[1]},${sizes[2]}`;
    shapeError(
      "invalid-argument",
      `adaptive_avg_pool2d: elements of output_size must be greater than or equal to 0 but received {${shown}}`,
    );
  }
  if (input.length !== n + 1 && input.length !== n + 2) {
    shapeError("rank-mismatch", `${op}(): Expected ${n + 1}D or ${n + 2}D tensor, but got${kind === "max" ? ":" : ""} ${fmtList(input)}`);
  }
  // Average pooling of 2-d inputs accepts zero channels; every other variant needs non-empty non-batch dims.
  const firstChecked = input.length - n - (kind === "avg" && n === 2 ? 0 : 1);
  for (let i = firstChecked; i < input.length; i++) {
    if (input[i] === 0) {
      shapeError(
        "invalid-argument",
        `${op}(): Expected input to have non-zero size for non-batch dimensions, but input has sizes ${fmtList(input)} with dimension ${i} being empty`,
      );
    }
  }
  const out = [...input.slice(0, input.length - n), ...sizes];
  if (negative) {
    if (!out.every(isConcrete) || input.length !== n + 2) giveUp("negative output_size");
    const bad = sizes.find((s) => isConcrete(s) && s < 0);
    shapeError("invalid-argument", `Trying to create tensor with negative dimension ${bad}: ${fmtList(out)}`);
  }
  return out;
}

function inputOf(name: string, call: CallArgs): Shape {
  const b = bind(name, { params: [{ name: "input" }] }, call);
  return shapeOf(b.get("input"), "input");
}

interface AdaptiveConfig {
  kind: Kind;
  n: 1 | 2 | 3;
  size: Value;
  returnIndices: boolean;
}

function run(cfg: AdaptiveConfig, input: Shape): Value {
  const out = tensor(adaptivePool(cfg.kind, cfg.n, input, cfg.size));
  return cfg.returnIndices ? withIndices(out) : out;
}

for (const n of [1, 2, 3] as const) {
  for (const kind of ["avg", "max"] as const) {
    const name = `Adaptive${kind === "avg" ? "Avg" : "Max"}Pool${n}d`;
    const params = [{ name: "output_size" }, ...(kind === "max" ? [{ name: "return_indices", default: bool(false) }] : [])];
    registerLayer({
      name,
      signature: { params },
      construct(b) {
        const config: AdaptiveConfig = {
          kind,
          n,
          size: b.get("output_size"),
          returnIndices: kind === "max" ? toBool(b.get("return_indices"), "return_indices") : false,
        };
        const attrs: Record<string, Value> = {
          output_size: b.get("output_size"),
        };
        if (kind === "max") attrs.return_indices = b.get("return_indices");
        return { params: 0, config, attrs };
      },
      forward: (config, call) => run(config, inputOf(name, call)),
    });
  }

  registerFunction({
    names: n === 1 ? ["F.adaptive_avg_pool1d", "torch.adaptive_avg_pool1d"] : [`F.adaptive_avg_pool${n}d`],
    signature: { params: [{ name: "input" }, { name: "output_size" }] },
    call: (b) => run({ kind: "avg", n, size: b.get("output_size"), returnIndices: false }, shapeOf(b.get("input"), "input")),
  });
  registerFunction({
    names: [`F.adaptive_max_pool${n}d`],
    signature: {
      params: [{ name: "input" }, { name: "output_size" }, { name: "return_indices", default: bool(false) }],
    },
    call: (b) =>
      run(
        {
          kind: "max",
          n,
          size: b.get("output_size"),
          returnIndices: toBool(b.get("return_indices"), "return_indices"),
        },
        shapeOf(b.get("input"), "input"),
      ),
  });
  registerFunction({
    names: [`F.adaptive_max_pool${n}d_with_indices`, ...(n === 1 ? ["torch.adaptive_max_pool1d"] : [])],
    signature: {
      params: [{ name: "input" }, { name: "output_size" }, ...(n === 1 ? [] : [{ name: "return_indices", default: bool(false) }])],
    },
    call: (b) => run({ kind: "max", n, size: b.get("output_size"), returnIndices: true }, shapeOf(b.get("input"), "input")),
  });
}
