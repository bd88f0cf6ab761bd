// How value-aware rules are layered on the shape rules, as pure wrappers the registry applies when it
// is built: the shape rule runs first (its result and errors stand), then the value computation
// attaches element values to that result; a failed value computation only drops the values. Every
// other rule is guarded so that it never passes values on and so that in-place ops (x.add_(...),
// out=, inplace=True) invalidate the values of their operands.

import { NONE, Value } from "../../values";
import type { BoundArgs, OpSignature } from "../args";
import type { FunctionRule, LayerRule } from "../registry";
import { invalidateValues, stripValues } from "./store";

export type Compute = (b: BoundArgs, out: Value) => Value | undefined;

function withKw(sig: OpSignature, extraKw: readonly string[]): OpSignature {
  const have = new Set(sig.params.map((p) => p.name));
  const extra = extraKw.filter((n) => !have.has(n)).map((name) => ({ name, default: NONE, kwOnly: true }));
  return extra.length ? { ...sig, params: [...sig.params, ...extra] } : sig;
}

/**
 * The rule `name` of `base` made value-aware. `extraKw` lists keyword arguments that change the
 * values (alpha=, decimals=, out=) and must therefore be seen rather than ignored.
 */
export function valueAware(name: string, base: FunctionRule, extraKw: readonly string[], compute: Compute): FunctionRule {
  const baseCall = base.call.bind(base);
  return {
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

/** A rule that is not value-aware: it drops values, and invalidates its operands' when it works in place. */
export function guardFunction(rule: FunctionRule): FunctionRule {
  const call = rule.call.bind(rule);
  return {
    ...rule,
    call: (b) => {
      if (mutatesInPlace(b)) invalidateArgs(b);
      return stripValues(call(b));
    },
  };
}

/** A layer drops values; it may work in place (nn.ReLU(inplace=True)), so its inputs lose theirs. */
export function guardLayer<C>(rule: LayerRule<C>): LayerRule<C> {
  const forward = rule.forward.bind(rule);
  return {
    ...rule,
    forward: (config, c) => {
      c.args.forEach(invalidateValues);
      c.kwargs.forEach(invalidateValues);
      return stripValues(forward(config, c));
    },
  };
}
