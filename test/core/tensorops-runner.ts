// Shared runner for the tensor-op tests (creation, reshape, join, elementwise, matmul, reduce,
// indexing): decodes cases recorded from real PyTorch 1.13 into evaluator values, calls the rule
// through the registry, and compares shapes, dtypes (when the engine claims one) and messages.
// Hand-written cases may use symbolic dims: strings in shapes, `{ sym: "N" }` for int arguments.

import assert from "node:assert/strict";
import { Dim, formatDim, symbol } from "../../server/src/core/dim";
import { ShapeError, Unknown } from "../../server/src/core/errors";
import { bind } from "../../server/src/core/ops/args";
import { functionRule } from "../../server/src/core/ops/index";
import { followTorch } from "./followTorch";
import { ELLIPSIS, NONE, Value, bool, float, int, list, str, tensor, tuple } from "../../server/src/core/values";

export type Enc = unknown;

export interface Case {
  name: string;
  args: Enc[];
  kwargs: Record<string, Enc>;
  expect: Enc;
  /** The engine is allowed (and expected) to give up on this case. */
  unknown?: boolean;
}

function dim(d: number | string): Dim {
  return typeof d === "number" ? d : symbol(d);
}

export function decode(e: Enc): Value {
  if (e === null) return NONE;
  if (typeof e === "number") return int(e);
  if (typeof e === "boolean") return bool(e);
  if (typeof e === "string") return str(e);
  if (Array.isArray(e)) return list(e.map(decode));
  const o = e as Record<string, unknown>;
  if ("float" in o) return float(o.float as number);
  if ("sym" in o) return int(symbol(o.sym as string));
  if ("tuple" in o) return tuple((o.tuple as Enc[]).map(decode));
  if ("size" in o) {
    const t = tuple((o.size as (number | string)[]).map((d) => int(dim(d))));
    t.isSize = true;
    return t;
  }
  if ("tensor" in o) {
    return tensor((o.tensor as (number | string)[]).map(dim), { dtype: o.dtype as string | undefined, lead: o.lead as string | undefined });
  }
  if ("dtype" in o) return { kind: "opaque", name: `torch.${o.dtype as string}` };
  if ("slice" in o) {
    const [a, b, c] = o.slice as Enc[];
    return { kind: "slice", start: decode(a), stop: decode(b), step: decode(c) };
  }
  if ("ellipsis" in o) return ELLIPSIS;
  throw new Error(`cannot decode ${JSON.stringify(e)}`);
}

/** Calls a function rule the way the evaluator does. */
export function callRule(name: string, args: Value[], kwargs: Record<string, Value> = {}): Value {
  const rule = functionRule(name);
  if (!rule) throw new Error(`no rule for ${name}`);
  return rule.call(bind(name, rule.signature, { args, kwargs: new Map(Object.entries(kwargs)) }));
}

function show(v: Value): string {
  switch (v.kind) {
    case "tensor":
      return `tensor[${v.shape ? v.shape.map(formatDim).join(", ") : "?"}]${v.dtype ? `:${v.dtype}` : ""}`;
    case "tuple":
    case "list":
      return `(${v.items.map(show).join(", ")})`;
    case "int":
      return formatDim(v.v);
    default:
      return v.kind;
  }
}

export function checkValue(got: Value, exp: Enc, where: string): void {
  if (typeof exp === "number" || typeof exp === "string") {
    assert.equal(got.kind, "int", `${where}: expected int ${exp}, got ${show(got)}`);
    assert.equal(got.kind === "int" && formatDim(got.v), String(exp), where);
    return;
  }
  if (typeof exp === "boolean") {
    assert.deepEqual(got, bool(exp), where);
    return;
  }
  const o = exp as Record<string, unknown>;
  if ("tensor" in o) {
    assert.equal(got.kind, "tensor", `${where}: expected a tensor, got ${show(got)}`);
    if (got.kind !== "tensor") return;
    const want = (o.tensor as (number | string)[]).map(String);
    assert.deepEqual(got.shape?.map(formatDim), want, `${where}: shape ${show(got)} ≠ [${want.join(", ")}]`);
    if (got.dtype !== undefined && o.dtype !== undefined) assert.equal(got.dtype, o.dtype, `${where}: dtype`);
    return;
  }
  if ("tuple" in o || "size" in o) {
    const items = (o.tuple ?? o.size) as Enc[];
    assert.ok(got.kind === "tuple" || got.kind === "list", `${where}: expected a tuple, got ${show(got)}`);
    if (got.kind !== "tuple" && got.kind !== "list") return;
    if ("size" in o) assert.equal(got.kind === "tuple" && got.isSize, true, `${where}: expected a torch.Size`);
    assert.equal(got.items.length, items.length, `${where}: tuple length of ${show(got)}`);
    got.items.forEach((g, i) => checkValue(g, items[i], `${where}[${i}]`));
    return;
  }
  throw new Error(`${where}: cannot check ${JSON.stringify(exp)}`);
}

function label(c: Case): string {
  const a = c.args.map((x) => JSON.stringify(x)).join(", ");
  const k = Object.entries(c.kwargs)
    .map(([n, v]) => `${n}=${JSON.stringify(v)}`)
    .join(", ");
  return `${c.name}(${[a, k].filter(Boolean).join(", ")})`;
}

/** Runs one case: result, PyTorch error (message compared unless it is a TypeError), or Unknown. */
export function runCase(c: Case): void {
  const where = label(c);
  const exp = c.expect as Record<string, unknown>;
  let got: Value;
  try {
    got = callRule(c.name, c.args.map(decode), Object.fromEntries(Object.entries(c.kwargs).map(([k, v]) => [k, decode(v)])));
  } catch (e) {
    if (e instanceof Unknown) {
      assert.ok(c.unknown, `${where}: gave up (${e.reason}) but PyTorch gives ${JSON.stringify(c.expect)}`);
      return;
    }
    if (e instanceof ShapeError) {
      assert.ok(
        exp && typeof exp === "object" && "error" in exp,
        `${where}: raised "${e.message}" but PyTorch gives ${JSON.stringify(c.expect)}`,
      );
      if (exp.error !== "TypeError") assert.equal(e.message, exp.message, where);
      return;
    }
    throw e;
  }
  assert.ok(!c.unknown, `${where}: expected to give up, got ${show(got)}`);
  assert.ok(
    !(exp && typeof exp === "object" && "error" in exp),
    `${where}: returned ${show(got)} but PyTorch raises ${JSON.stringify(c.expect)}`,
  );
  checkValue(got, c.expect, where);
}

/** Registers one test per case, inside the caller's describe(), following PyTorch 1.13 (the cases' source). */
export function runCases(cases: Case[]): void {
  followTorch("1.13");
  for (const c of cases) it(label(c), () => runCase(c));
}
