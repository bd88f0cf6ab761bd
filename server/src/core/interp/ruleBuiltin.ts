// Shape rules as callable builtin values (torch.cat, F.conv2d, ...), shared by the torch namespace,
// attributes, the prelude and the torch 2 API, and the test for inputs whose cause of doubt lies
// elsewhere (an unknown argument, a tensor of unknown shape).

import { bind } from "../ops/args";
import type { FunctionRule } from "../ops/registry";
import { type CallArgs, type Value, builtinFn, unknown, isUnknown } from "../values";
import { checkLayout, layoutAfter } from "./layout";
import { passReceptiveField } from "./receptive";

/** True when an argument is unknown or a tensor whose shape is unknown: the root cause is elsewhere. */
export function hasUnknownInput(call: CallArgs): boolean {
  const bad = (v: Value): boolean =>
    isUnknown(v) ||
    (v.kind === "tensor" && v.shape === null) ||
    (v.kind === "list" && !!v.poisoned) ||
    ((v.kind === "tuple" || v.kind === "list") && v.items.some(bad));
  return call.args.some(bad) || [...call.kwargs.values()].some(bad);
}

const builtinCache = new Map<string, Value>();

/** A shape rule as a callable value; unknown inputs give unknown without a gap (the cause is elsewhere). */
export function ruleAsBuiltin(name: string, rule: FunctionRule): Value {
  let b = builtinCache.get(name);
  if (!b) {
    b = builtinFn(name, (call: CallArgs) => {
      if (hasUnknownInput(call)) return unknown();
      checkLayout(name, call);
      const out = layoutAfter(name, call, rule.call(bind(name, rule.signature, call)));
      const rf = passReceptiveField(call, out);
      return rf && out.kind === "tensor" ? { ...out, rf } : out;
    });
    builtinCache.set(name, b);
  }
  return b;
}
