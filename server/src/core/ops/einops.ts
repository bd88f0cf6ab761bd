// einops: the functions rearrange / reduce / repeat and the torch layers Rearrange / Reduce. Follows einops'
// own recipe: parse both sides of the pattern into axis groups, expand the ellipsis, infer every elementary
// axis length from the input shape and the given axis lengths, then compose the output groups. Errors are
// worded like einops' EinopsError messages.

import { Dim, exactDiv, formatDim, isConcrete, knownEqual, product } from "../dim";
import { giveUp, shapeError } from "../errors";
import { Shape, TensorV, Value, describe, str, tensor } from "../values";
import { BoundArgs, bind, shapeOf, toDim, toStr, toTensor } from "./args";
import type { DiagnosticCode } from "../errors";
import { LayerRule, functionRule, registerFunction } from "./registry";

/** An anonymous axis (`2` in `(h 2)`): every occurrence is distinct, as in einops. */
class Anon {
  constructor(readonly value: number) {}
}
type Axis = string | Anon;

const ELLIPSIS = "…";
const REDUCTIONS = ["min", "max", "sum", "mean", "prod", "any", "all"];

class EinopsError extends Error {
  constructor(
    message: string,
    readonly code: DiagnosticCode = "invalid-argument",
  ) {
    super(message);
  }
}

interface Parsed {
  hasEllipsis: boolean;
  ellipsisParenthesized: boolean;
  nonUnitaryAnon: boolean;
  identifiers: Set<Axis>;
  /** Top-level groups; a bare ellipsis is the string "…", inside a group it is an axis "…". */
  composition: (Axis[] | typeof ELLIPSIS)[];
}

function isIdentifier(s: string): boolean {
  return /^[\p{L}\p{Nl}_][\p{L}\p{Nl}\p{Mn}\p{Mc}\p{Nd}\p{Pc}]*$/u.test(s);
}

function axisNameProblem(name: string, allowUnderscore = false): string | undefined {
  if (!isIdentifier(name)) return "not a valid python identifier";
  if (allowUnderscore && name === "_") return undefined;
  if (name.startsWith("_") || name.endsWith("_")) return "axis name should should not start or end with underscore";
  return undefined;
}

function parseExpression(expression: string, opts: { allowUnderscore?: boolean; allowDuplicates?: boolean } = {}): Parsed {
  const p: Parsed = { hasEllipsis: false, ellipsisParenthesized: false, nonUnitaryAnon: false, identifiers: new Set(), composition: [] };
  if (expression.includes(".")) {
    if (!expression.includes("...")) throw new EinopsError("Expression may contain dots only inside ellipsis (...)");
    if (expression.split("...").length !== 2 || expression.split(".").length !== 4) {
      throw new EinopsError("Expression may contain dots only inside ellipsis (...); only one ellipsis for tensor ");
    }
    expression = expression.replace("...", ELLIPSIS);
    p.hasEllipsis = true;
  }
  let group: Axis[] | undefined;
  const addAxis = (x: string) => {
    if (p.identifiers.has(x) && !(opts.allowUnderscore && x === "_") && !opts.allowDuplicates)
      throw new EinopsError(`Indexing expression contains duplicate dimension "${x}"`);
    if (x === ELLIPSIS) {
      p.identifiers.add(ELLIPSIS);
      if (group) {
        group.push(ELLIPSIS);
        p.ellipsisParenthesized = true;
      } else p.composition.push(ELLIPSIS);
      return;
    }
    const isNumber = /^\p{Nd}+$/u.test(x);
    if (isNumber && !/^[0-9]+$/.test(x)) giveUp(`einops axis ${x} uses non-ASCII digits`);
    if (isNumber && Number(x) === 1) {
      if (!group) p.composition.push([]);
      return;
    }
    const problem = axisNameProblem(x, opts.allowUnderscore);
    if (!isNumber && problem) throw new EinopsError(`Invalid axis identifier: ${x} ${problem}`);
    let axis: Axis = x;
    if (isNumber) {
      const v = Number(x);
      if (v <= 1) throw new EinopsError(`Anonymous axis should have positive length, not ${v}`);
      axis = new Anon(v);
      p.nonUnitaryAnon = true;
    }
    p.identifiers.add(axis);
    if (group) group.push(axis);
    else p.composition.push([axis]);
  };
  let current: string | undefined;
  for (const ch of expression) {
    if (ch === "(" || ch === ")" || ch === " ") {
      if (current !== undefined) addAxis(current);
      current = undefined;
      if (ch === "(") {
        if (group) throw new EinopsError("Axis composition is one-level (brackets inside brackets not allowed)");
        group = [];
      } else if (ch === ")") {
        if (!group) throw new EinopsError("Brackets are not balanced");
        p.composition.push(group);
        group = undefined;
      }
    } else if (/^[\p{L}\p{N}_…]$/u.test(ch)) {
      current = (current ?? "") + ch;
    } else {
      throw new EinopsError(`Unknown character '${ch}'`);
    }
  }
  if (group) throw new EinopsError(`Imbalanced parentheses in expression: "${expression}"`);
  if (current !== undefined) addAxis(current);
  return p;
}

function reprAxis(a: Axis): string {
  return a instanceof Anon ? `${a.value}-axis` : `'${a}'`;
}

function reprSet(s: Iterable<Axis>): string {
  return `{${[...s].map(reprAxis).join(", ")}}`;
}

/** What einops' _prepare_transformation_recipe computes, kept as axis groups. */
interface Recipe {
  left: Axis[][];
  right: Axis[][];
  /** Axes whose length is fixed by the pattern (anonymous axes). */
  anon: Map<Axis, number>;
}

function prepareRecipe(pattern: string, operation: string, axesNames: string[], ndim: number): Recipe {
  const sides = pattern.split("->");
  if (sides.length !== 2) {
    shapeError(
      "invalid-argument",
      `ValueError: ${sides.length < 2 ? "not enough" : "too many"} values to unpack (expected 2${sides.length < 2 ? `, got ${sides.length}` : ""})`,
    );
  }
  const left = parseExpression(sides[0]);
  const right = parseExpression(sides[1]);
  if (!left.hasEllipsis && right.hasEllipsis)
    throw new EinopsError(`Ellipsis found in right side, but not left side of a pattern ${pattern}`);
  if (left.hasEllipsis && left.ellipsisParenthesized)
    throw new EinopsError(`Ellipsis inside parenthesis in the left side is not allowed: ${pattern}`);
  const minus = (a: Set<Axis>, b: Set<Axis>) => [...a].filter((x) => !b.has(x));
  if (operation === "rearrange") {
    if (left.nonUnitaryAnon || right.nonUnitaryAnon)
      throw new EinopsError("Non-unitary anonymous axes are not supported in rearrange (exception is length 1)");
    const diff = [...minus(left.identifiers, right.identifiers), ...minus(right.identifiers, left.identifiers)];
    if (diff.length) throw new EinopsError(`Identifiers only on one side of expression (should be on both): ${reprSet(diff)}`);
  } else if (operation === "repeat") {
    const diff = minus(left.identifiers, right.identifiers);
    if (diff.length) throw new EinopsError(`Unexpected identifiers on the left side of repeat: ${reprSet(diff)}`);
    const named = new Set<Axis>([...left.identifiers, ...axesNames]);
    const noSize = [...right.identifiers].filter((a) => !(a instanceof Anon) && !named.has(a));
    if (noSize.length) throw new EinopsError(`Specify sizes for new axes in repeat: ${reprSet(noSize)}`);
  } else if (REDUCTIONS.includes(operation)) {
    const diff = minus(right.identifiers, left.identifiers);
    if (diff.length) throw new EinopsError(`Unexpected identifiers on the right side of reduce ${operation}: ${reprSet(diff)}`);
  } else {
    throw new EinopsError(`Unknown reduction ${operation}. Expect one of ${`(${REDUCTIONS.map((r) => `'${r}'`).join(", ")})`}.`);
  }
  let leftComp: Axis[][];
  let rightComp: Axis[][];
  const rightIds = new Set(right.identifiers);
  const leftIds = new Set(left.identifiers);
  if (left.hasEllipsis) {
    const others = left.composition.length - 1;
    if (ndim < others) throw new EinopsError(`Wrong shape: expected >=${others} dims. Received ${ndim}-dim tensor.`, "rank-mismatch");
    const ell = Array.from({ length: ndim - others }, (_, i) => `${ELLIPSIS}${i}`);
    leftComp = left.composition.flatMap((g) => (g === ELLIPSIS ? ell.map((a) => [a]) : [g]));
    rightComp = right.composition.flatMap((g) => (g === ELLIPSIS ? ell.map((a) => [a]) : [g.flatMap((a) => (a === ELLIPSIS ? ell : [a]))]));
    leftIds.delete(ELLIPSIS);
    ell.forEach((a) => leftIds.add(a));
    if (right.hasEllipsis) {
      rightIds.delete(ELLIPSIS);
      ell.forEach((a) => rightIds.add(a));
    }
  } else {
    if (ndim !== left.composition.length) {
      throw new EinopsError(`Wrong shape: expected ${left.composition.length} dims. Received ${ndim}-dim tensor.`, "rank-mismatch");
    }
    leftComp = left.composition as Axis[][];
    rightComp = right.composition as Axis[][];
  }
  const anon = new Map<Axis, number>();
  const all = new Set<Axis>(leftComp.flat());
  for (const a of [...leftComp.flat(), ...rightIds]) if (a instanceof Anon) anon.set(a, a.value);
  for (const a of rightIds) all.add(a);
  for (const name of axesNames) {
    if (axisNameProblem(name)) throw new EinopsError(`('Invalid name for an axis', '${name}')`);
    if (!all.has(name)) throw new EinopsError(`Axis ${name} is not used in transform`);
  }
  for (const g of leftComp) {
    const unknown = g.filter((a) => !anon.has(a) && !axesNames.includes(a as string));
    if (unknown.length > 1) throw new EinopsError(`Could not infer sizes for ${reprSet(unknown)}`);
  }
  return { left: leftComp, right: rightComp, anon };
}

/** The output shape for an input shape (einops' _reconstruct_from_shape). */
function reconstruct(r: Recipe, shape: Shape, axesLengths: Map<string, Dim>): Shape {
  const lengths = new Map<Axis, Dim>(r.anon);
  for (const [k, v] of axesLengths) lengths.set(k, v);
  r.left.forEach((g, i) => {
    const length = shape[i];
    const known = g.filter((a) => lengths.has(a) && (a instanceof Anon || axesLengths.has(a)));
    const unknown = g.filter((a) => !known.includes(a));
    if (known.length === 0 && unknown.length === 1) {
      lengths.set(unknown[0], length);
      return;
    }
    const kp = product(known.map((a) => lengths.get(a)!));
    if (unknown.length === 0) {
      const eq = knownEqual(length, kp);
      if (eq === false) throw new EinopsError(`Shape mismatch, ${formatDim(length)} != ${formatDim(kp)}`, "shape-mismatch");
      if (eq === undefined) giveUp(`cannot tell whether ${formatDim(length)} equals ${formatDim(kp)}`);
      return;
    }
    if (isConcrete(length) && isConcrete(kp) && kp !== 0 && length % kp !== 0) {
      throw new EinopsError(`Shape mismatch, can't divide axis of length ${length} in chunks of ${kp}`, "shape-mismatch");
    }
    const q = kp === 0 ? undefined : exactDiv(length, kp);
    if (q === undefined) giveUp(`cannot tell whether ${formatDim(length)} divides into chunks of ${formatDim(kp)}`);
    lengths.set(unknown[0], q);
  });
  return r.right.map((g) => product(g.map((a) => lengths.get(a) ?? giveUp(`einops axis ${String(a)} has no length`))));
}

function axesLengthsOf(extra: Map<string, Value>): Map<string, Dim> {
  const out = new Map<string, Dim>();
  for (const [k, v] of extra) {
    const d = toDim(v, k);
    if (isConcrete(d) && d <= 0) giveUp(`axis length ${k} = ${d} is not positive`);
    out.set(k, d);
  }
  return out;
}

function reprLengths(lengths: Map<string, Dim>, dict: boolean): string {
  const items = [...lengths].map(([k, v]) => (dict ? `'${k}': ${formatDim(v)}` : `, ${k}=${formatDim(v)}`));
  return dict ? `{${items.join(", ")}}` : items.join("");
}

const FLOATS = new Set(["float32", "float64", "float16", "bfloat16"]);

function resultDtype(t: TensorV, reduction: string): string | undefined {
  if (reduction === "any" || reduction === "all") return "bool";
  if (reduction === "sum" || reduction === "prod")
    return t.dtype && !FLOATS.has(t.dtype) && !t.dtype.startsWith("complex") ? "int64" : t.dtype;
  if (reduction === "mean" && t.dtype && !FLOATS.has(t.dtype)) giveUp("einops mean of a non-floating tensor raises");
  return t.dtype;
}

/** The input of a function call: a tensor, or a list of same-shaped tensors stacked on a new first axis. */
function inputTensor(v: Value): TensorV {
  if (v.kind === "list") {
    if (!v.items.length) giveUp("einops of an empty list raises");
    const ts = v.items.map((x, i) => toTensor(x, `tensor[${i}]`));
    const s0 = shapeOf(ts[0], "tensor[0]");
    for (const t of ts) {
      const s = shapeOf(t, "tensor");
      if (s.length !== s0.length || s.some((d, i) => knownEqual(d, s0[i]) !== true))
        giveUp("einops stacks a list of tensors whose shapes may differ");
    }
    return tensor([ts.length, ...s0], { dtype: ts[0].dtype });
  }
  if (v.kind !== "tensor") shapeError("invalid-argument", `Tensor type unknown to einops ${describe(v)}`);
  return v;
}

function apply(r: Recipe, t: TensorV, shape: Shape, lengths: Map<string, Dim>, reduction: string): TensorV {
  const out = reconstruct(r, shape, lengths);
  const moved = reduction !== "rearrange" || r.left.flat().join(" ") !== r.right.flat().join(" ");
  const res = tensor(out, { dtype: resultDtype(t, reduction) });
  // A permuted or expanded result may be a non-contiguous view: a later `.view()` must not be trusted.
  if (moved || t.maybeNonContiguous) res.maybeNonContiguous = true;
  return res;
}

function einopsCall(b: BoundArgs, reduction: string): Value {
  const t = inputTensor(b.get("tensor"));
  const pattern = toStr(b.get("pattern"), "pattern");
  const lengths = axesLengthsOf(b.extra);
  const shape = shapeOf(t, "tensor");
  try {
    const r = prepareRecipe(pattern, reduction, [...lengths.keys()], shape.length);
    return apply(r, t, shape, lengths, reduction);
  } catch (e) {
    if (!(e instanceof EinopsError)) throw e;
    return shapeError(
      e.code,
      `Error while processing ${reduction}-reduction pattern "${pattern}". Input tensor shape: torch.Size([${shape.map(formatDim).join(", ")}]). ` +
        `Additional info: ${reprLengths(lengths, true)}. ${e.message}`,
    );
  }
}

registerFunction({
  names: ["einops.rearrange"],
  signature: { params: [{ name: "tensor" }, { name: "pattern" }], varkw: true },
  call: (b) => einopsCall(b, "rearrange"),
});

registerFunction({
  names: ["einops.repeat"],
  signature: { params: [{ name: "tensor" }, { name: "pattern" }], varkw: true },
  call: (b) => einopsCall(b, "repeat"),
});

registerFunction({
  names: ["einops.reduce"],
  signature: { params: [{ name: "tensor" }, { name: "pattern" }, { name: "reduction" }], varkw: true },
  call(b) {
    const red = b.get("reduction");
    if (red.kind !== "str") giveUp("einops reduce with a callable reduction");
    return einopsCall(b, red.v);
  },
});

/** einops.einsum(*tensors, pattern): named axes mapped to letters for torch.einsum, as einops does. */
function einsumPattern(pattern: string): string {
  if (!pattern.includes("->")) shapeError("invalid-argument", "Einsum pattern must contain '->'.");
  const [lefts, right] = pattern.split("->");
  const names = new Map<string, string>();
  const letters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
  const axisOf = (g: Axis[] | typeof ELLIPSIS): string | undefined => {
    if (g === ELLIPSIS) return undefined;
    if (g.length !== 1 || g[0] instanceof Anon) giveUp("einops einsum supports single named axes only");
    return g[0] as string;
  };
  const side = (expr: Parsed, isRight: boolean) =>
    expr.composition
      .map((g) => {
        const a = axisOf(g);
        if (a === undefined) return "...";
        if (!names.has(a)) {
          if (isRight) throw new EinopsError(`Unknown axis ${a} on right side of einsum ${pattern}.`);
          if (names.size >= letters.length) giveUp("too many axes in einsum");
          names.set(a, letters[names.size]);
        }
        return names.get(a)!;
      })
      .join("");
  const left = lefts.split(",").map((l) => side(parseExpression(l, { allowUnderscore: true, allowDuplicates: true }), false));
  return `${left.join(",")}->${side(parseExpression(right, { allowUnderscore: true }), true)}`;
}

registerFunction({
  names: ["einops.einsum"],
  signature: { params: [], varargs: "args" },
  call(b) {
    const pattern = b.rest[b.rest.length - 1];
    if (!pattern || pattern.kind !== "str")
      return shapeError(
        "invalid-argument",
        "The last argument passed to `einops.einsum` must be a string, representing the einsum pattern.",
      );
    if (b.rest.length < 2)
      shapeError(
        "invalid-argument",
        "`einops.einsum` takes at minimum two arguments: the tensors (at least one), followed by the pattern.",
      );
    let eq: string;
    try {
      eq = einsumPattern(pattern.v);
    } catch (e) {
      if (!(e instanceof EinopsError)) throw e;
      return shapeError(e.code, e.message);
    }
    const rule = functionRule("torch.einsum")!;
    return rule.call(bind("torch.einsum", rule.signature, { args: [str(eq), ...b.rest.slice(0, -1)], kwargs: new Map() }));
  },
});

interface LayerConfig {
  pattern: string;
  reduction: string;
  lengths: Map<string, Dim>;
  /** The input ranks the layer prepared recipes for (einops prepares up to 7 ellipsis dims). */
  ranks: number[];
}

function constructLayer(kind: "Rearrange" | "Reduce", b: BoundArgs) {
  const pattern = toStr(b.get("pattern"), "pattern");
  const reduction =
    kind === "Rearrange"
      ? "rearrange"
      : b.get("reduction").kind === "str"
        ? toStr(b.get("reduction"), "reduction")
        : giveUp("einops Reduce with a callable reduction");
  const lengths = axesLengthsOf(b.extra);
  const lhs = parseSafe(pattern.split("->")[0]);
  const n = lhs.composition.length;
  const ranks = lhs.hasEllipsis ? Array.from({ length: 8 }, (_, i) => n - 1 + i) : [n];
  try {
    prepareRecipe(pattern, reduction, [...lengths.keys()], ranks[0]);
  } catch (e) {
    if (!(e instanceof EinopsError)) throw e;
    const args = kind === "Rearrange" ? `'${pattern}'` : `'${pattern}', '${reduction}'`;
    shapeError(e.code, `Error while preparing ${kind}(${args}${reprLengths(lengths, false)}) ${e.message}`);
  }
  if (kind === "Reduce" && !["min", "max", "sum", "mean", "prod"].includes(reduction))
    giveUp(`the Reduce layer does not implement '${reduction}'`);
  const config: LayerConfig = { pattern, reduction, lengths, ranks };
  return { params: 0, config, attrs: {} };
}

/** The left side parsed for its rank; a malformed one is reported by prepareRecipe right after. */
function parseSafe(side: string): Parsed {
  try {
    return parseExpression(side);
  } catch (e) {
    if (e instanceof EinopsError)
      return { hasEllipsis: false, ellipsisParenthesized: false, nonUnitaryAnon: false, identifiers: new Set(), composition: [] };
    throw e;
  }
}

function layerForward(c: LayerConfig, args: Value[]): Value {
  const t = toTensor(args[0] ?? giveUp("no input"), "input");
  const shape = shapeOf(t, "input");
  if (!c.ranks.includes(shape.length))
    shapeError(
      "rank-mismatch",
      `KeyError: ${shape.length} (the layer's pattern "${c.pattern}" takes ${c.ranks.length > 1 ? `at least ${c.ranks[0]}` : c.ranks[0]} dims)`,
    );
  try {
    return apply(prepareRecipe(c.pattern, c.reduction, [...c.lengths.keys()], shape.length), t, shape, c.lengths, c.reduction);
  } catch (e) {
    if (!(e instanceof EinopsError)) throw e;
    return shapeError(e.code, e.message);
  }
}

/** einops.layers.torch.Rearrange(pattern, **axes_lengths): no parameters. */
export const RearrangeLayer: LayerRule<LayerConfig> = {
  name: "Rearrange",
  signature: { params: [{ name: "pattern" }], varkw: true },
  construct: (b) => constructLayer("Rearrange", b),
  forward: (config, call) => layerForward(config, call.args),
};

/** einops.layers.torch.Reduce(pattern, reduction, **axes_lengths): no parameters. */
export const ReduceLayer: LayerRule<LayerConfig> = {
  name: "Reduce",
  signature: { params: [{ name: "pattern" }, { name: "reduction" }], varkw: true },
  construct: (b) => constructLayer("Reduce", b),
  forward: (config, call) => layerForward(config, call.args),
};
