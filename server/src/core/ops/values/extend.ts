// The value-rule files' way to declare value-aware rules (see layering.ts for what that means). The
// declarations go to the registry, which applies them, in order, when it is built.

import { FunctionRule, registerAwareFunction, registerValueLayer } from "../registry";
import type { Compute } from "./layering";

export type { Compute };

/**
 * Makes the rules named `names` value-aware. `extraKw` lists keyword arguments that change the
 * values (alpha=, decimals=, out=) and must therefore be seen rather than ignored.
 */
export function extend(names: readonly string[], extraKw: readonly string[], compute: Compute): void {
  registerValueLayer(names, extraKw, compute);
}

/** A rule of the engine's own that computes values (tolist, item, diff). */
export function defineAware(rule: FunctionRule): void {
  registerAwareFunction(rule);
}
