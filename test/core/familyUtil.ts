// Test helpers for the op-family rule tests (linear, norm, activation, ...): build evaluator values
// from plain JS, run a layer or function rule through the registry, and read back a shape or error.

import assert from "node:assert/strict";
import "../../server/src/core/ops/index";
import { functionRule, layerRule } from "../../server/src/core/ops/index";
import { bind } from "../../server/src/core/ops/args";
import { ShapeError, Unknown } from "../../server/src/core/errors";
import { Dim, formatDim, symbol } from "../../server/src/core/dim";
import { NONE, Value, bool, float, int, list, str, tensor, tuple } from "../../server/src/core/values";

export type Js =
  number | boolean | string | null | Js[] | { t: (number | string)[]; lead?: string } | { tuple: Js[] } | { f: number } | Value;

const isValue = (x: object): x is Value => "kind" in x;

/** Strings inside a shape are symbolic dims. */
export function v(x: Js): Value {
  if (x === null) return NONE;
  if (typeof x === "number") return int(x);
  if (typeof x === "boolean") return bool(x);
  if (typeof x === "string") return str(x);
  if (Array.isArray(x)) return list(x.map(v));
  if (isValue(x)) return x;
  if ("t" in x) return tensor(x.t.map((d) => (typeof d === "string" ? symbol(d) : d)) as Dim[], { lead: x.lead });
  if ("tuple" in x) return tuple(x.tuple.map(v));
  return float(x.f);
}

export const T = (...s: (number | string)[]) => ({ t: s });
export const tup = (...items: Js[]) => ({ tuple: items });

function kw(o: Record<string, Js> = {}): Map<string, Value> {
  return new Map(Object.entries(o).map(([k, x]) => [k, v(x)]));
}

export function construct(name: string, args: Js[] = [], kwargs: Record<string, Js> = {}) {
  const rule = layerRule(name);
  assert.ok(rule, `no layer rule ${name}`);
  return rule.construct(bind(name, rule.signature, { args: args.map(v), kwargs: kw(kwargs) }));
}

export function layer(name: string, args: Js[], kwargs: Record<string, Js>, input: Js[], inputKw: Record<string, Js> = {}): Value {
  const rule = layerRule(name)!;
  const c = construct(name, args, kwargs);
  return rule.forward(c.config, { args: input.map(v), kwargs: kw(inputKw) });
}

export function fn(name: string, args: Js[], kwargs: Record<string, Js> = {}): Value {
  const rule = functionRule(name);
  assert.ok(rule, `no function rule ${name}`);
  return rule.call(bind(name, rule.signature, { args: args.map(v), kwargs: kw(kwargs) }));
}

/** The printed shape of a tensor result, e.g. "[N, 8, 4]" (with "*lead, " in front when variadic). */
export function shape(x: Value): string {
  assert.equal(x.kind, "tensor");
  if (x.kind !== "tensor" || !x.shape) return "?";
  const dims = x.shape.map(formatDim).join(", ");
  return x.lead ? `[*${x.lead}${dims ? ", " + dims : ""}]` : `[${dims}]`;
}

export function throwsShape(f: () => unknown, message: string, code?: string): void {
  assert.throws(f, (e: unknown) => {
    assert.ok(e instanceof ShapeError, `expected ShapeError, got ${String(e)}`);
    assert.equal(e.message, message);
    if (code) assert.equal(e.code, code);
    return true;
  });
}

export function throwsUnknown(f: () => unknown): void {
  assert.throws(f, (e: unknown) => e instanceof Unknown);
}
