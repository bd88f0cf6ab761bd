// How value-aware rules are layered on the shape rules: the shape rule runs first (its result and
// errors stand), then the value computation attaches element values to that result. A failed value
// computation only drops the values. Every other rule is wrapped so that it never passes values on
// and so that in-place ops (x.add_(...), out=, inplace=True) invalidate the values of their operands.

import { NONE, Value } from "../../values";
import { BoundArgs, OpSignature } from "../args";
import { FunctionRule, allFunctionNames, allLayerNames, functionRule, layerRule, registerFunction } from "../registry";
import { invalidateValues, stripValues } from "./store";

export type Compute = (b: BoundArgs, out: Value) => Value | undefined;

const aware = new Set<FunctionRule>();

function withKw(sig: OpSignature, extraKw: readonly string[]): OpSignature {
  const have = new Set(sig.params.map((p) => p.name));
  const extra = extraKw.filter((n) => !have.has(n)).map((name) => ({ name, default: NONE, kwOnly: true }));
  return extra.length ? { ...sig, params: [...sig.params, ...extra] } : sig;
}

/**
 * Makes the rules named `names` value-aware. `extraKw` lists keyword arguments that change the
 * values (alpha=, decimals=, out=) and must therefore be seen rather than ignored.
 */
export function extend(names: readonly string[], extraKw: readonly string[], compute: Compute): void {
  for (const name of names) {
    const base = functionRule(name);
    if (!base) continue;
    const baseCall = base.call.bind(base);
    const rule: FunctionRule = {
      names: [name],
      signature: withKw(base.signature, [...extraKw, "out"]),
      call(b) {
        const out = baseCall(b);
        if (b.has("out")) {
          invalidateValues(b.get("out"));
          return stripValues(out);
        }
        try {
          return compute(b, out) ?? stripValues(out);
        } catch {
          // The shape result stands; only its values are not known.
          return stripValues(out);
        }
      },
    };
    aware.add(rule);
    registerFunction(rule);
  }
}

/** A rule of the engine's own that computes values (tolist, item, diff). */
export function defineAware(rule: FunctionRule): void {
  aware.add(rule);
  registerFunction(rule);
}

function mutatesInPlace(b: BoundArgs): boolean {
  const op = b.op;
  if (/_$/.test(op) && !/__$/.test(op)) return true;
  if (/^Tensor\.__i[a-z]+__$/.test(op)) return true;
  // torch.nn.functional calls may mutate through inplace=True, given positionally or by keyword.
  if (op.startsWith("F.")) return true;
  return (
    b.has("out") ||
    (b.values.has("inplace") &&
      b.get("inplace").kind !== "none" &&
      !(b.get("inplace").kind === "bool" && !(b.get("inplace") as { v: boolean }).v))
  );
}

function invalidateArgs(b: BoundArgs): void {
  for (const v of b.values.values()) invalidateValues(v);
  b.rest.forEach(invalidateValues);
}

/** Wraps every rule that is not value-aware (call once, after all rules are registered). */
export function guardOtherRules(): void {
  const seen = new Set<FunctionRule>();
  for (const name of allFunctionNames()) {
    const rule = functionRule(name);
    if (!rule || aware.has(rule) || seen.has(rule)) continue;
    seen.add(rule);
    const call = rule.call.bind(rule);
    rule.call = (b) => {
      if (mutatesInPlace(b)) invalidateArgs(b);
      return stripValues(call(b));
    };
  }
  for (const name of allLayerNames()) {
    const rule = layerRule(name);
    if (!rule) continue;
    const forward = rule.forward.bind(rule);
    // Layers may work in place (nn.ReLU(inplace=True)): their inputs lose their values.
    rule.forward = (config, c) => {
      c.args.forEach(invalidateValues);
      c.kwargs.forEach(invalidateValues);
      return stripValues(forward(config, c));
    };
  }
}
