// The registry of shape rules. Each op family file (conv.ts, pool.ts, ...) registers:
// - layer rules: an nn.Module class (`nn.Conv2d`) = constructor signature + construct() + forward();
// - function rules: `torch.flatten`, `F.relu`, tensor methods `Tensor.view`, ... = signature + call().
// Rules are pure: they take evaluator values, return values, and throw ShapeError / Unknown.
// Families declare their rules when loaded (ops/index.ts loads them all); the registry itself is a
// value built from those declarations on the first lookup, never patched afterwards.

import type { LayerGeometry } from "../arith/geometry";
import { TorchVersion, isTorch2 } from "../torchVersion";
import { CallArgs, Value } from "../values";
import { BoundArgs, OpSignature } from "./args";
import { Compute, guardFunction, guardLayer, valueAware } from "./values/layering";

export interface LayerConstruction<C = unknown> {
  /** Own parameter count (recurse=False); null when it cannot be known. */
  params: number | null;
  /** Rule-private configuration handed back to forward() and explain(). */
  config: C;
  /** Attributes visible to user code: in_channels, out_features, kernel_size, weight, ... */
  attrs: Record<string, Value>;
}

/** A rule for an API that PyTorch 1.13 does not have says since: "2"; it is absent under 1.13. */
interface Versioned {
  since?: TorchVersion;
}

/** `C` is the rule's own configuration: what construct() validated, handed back to forward() and explain(). */
export interface LayerRule<C = unknown> extends Versioned {
  /** Class name in torch.nn, e.g. "Conv2d". */
  name: string;
  signature: OpSignature;
  construct(args: BoundArgs): LayerConstruction<C>;
  /** `call.args` are the call's positional arguments (input first), `call.kwargs` its keywords. */
  forward(config: C, call: CallArgs): Value;
  /**
   * MAC convention (torchinfo): "conv" counts params × N × prod(spatial out), "batch" counts
   * params × output.shape[0]. Parameter-free layers count 0.
   */
  macs?: "conv" | "batch";
  /**
   * For hovers: the arithmetic written out with the user's numbers, one line per axis, e.g.
   * "H_out = ⌊(224 + 2·3 − 1·(7−1) − 1)/2⌋ + 1 = 112", and the parameter-count formula.
   */
  explain?(config: C, call: CallArgs, output: Value): { lines: string[]; paramsFormula?: string; geometry?: LayerGeometry };
}

export interface FunctionRule extends Versioned {
  /**
   * Qualified names: "torch.flatten", "F.relu" (torch.nn.functional), "Tensor.view" (method; the
   * tensor is the first positional argument, conventionally named `self` or `input`).
   */
  names: string[];
  signature: OpSignature;
  call(args: BoundArgs): Value;
}

/** One declaration of an op family, kept in load order and applied when the registry is built. */
export type Declaration =
  | { kind: "layer"; rule: LayerRule }
  | { kind: "function"; rule: FunctionRule }
  /** Value-aware versions of the rules registered under `names` (values/extend.ts). */
  | { kind: "values"; names: readonly string[]; extraKw: readonly string[]; compute: Compute }
  /** A rule of the engine's own that computes values itself. */
  | { kind: "aware"; rule: FunctionRule };

const declarations: Declaration[] = [];
let built: RuleRegistry | undefined;

function declare(d: Declaration): void {
  // Lookups see the registry as built at the first lookup: a later rule would be silently missing.
  if (built) throw new Error("shape rule registered after the rule registry was built");
  declarations.push(d);
}

/** A rule's configuration only ever comes back to the rule that built it, so the table forgets its type. */
export function registerLayer<C>(rule: LayerRule<C>): void {
  declare({ kind: "layer", rule });
}

export function registerFunction(rule: FunctionRule): void {
  declare({ kind: "function", rule });
}

export function registerValueLayer(names: readonly string[], extraKw: readonly string[], compute: Compute): void {
  declare({ kind: "values", names, extraKw, compute });
}

export function registerAwareFunction(rule: FunctionRule): void {
  declare({ kind: "aware", rule });
}

/** Whether the followed PyTorch version has the rule's API. */
function available(rule: Versioned): boolean {
  return rule.since !== "2" || isTorch2();
}

/** The rules the engine looks up: every op family's, with tensor values layered on (layering.ts). */
export class RuleRegistry {
  constructor(
    private readonly layers: ReadonlyMap<string, LayerRule>,
    private readonly functions: ReadonlyMap<string, FunctionRule>,
  ) {}

  layerRule(name: string): LayerRule | undefined {
    const rule = this.layers.get(name);
    return rule && available(rule) ? rule : undefined;
  }

  functionRule(name: string): FunctionRule | undefined {
    const rule = this.functions.get(name);
    return rule && available(rule) ? rule : undefined;
  }

  missingInVersion(name: string): boolean {
    const rule = this.layers.get(name) ?? this.functions.get(name);
    return rule !== undefined && !available(rule);
  }

  allLayerNames(): string[] {
    return [...this.layers.values()].filter(available).map((r) => r.name);
  }

  allFunctionNames(): string[] {
    return [...this.functions.entries()].filter(([, r]) => available(r)).map(([n]) => n);
  }
}

/**
 * Applies the declarations in order: a later rule for a name replaces an earlier one, a value layer
 * wraps the rule registered under its name so far. Then every rule that does not compute values
 * itself is guarded (it drops values), every layer too.
 */
export function buildRegistry(decls: readonly Declaration[]): RuleRegistry {
  const layers = new Map<string, LayerRule>();
  const functions = new Map<string, FunctionRule>();
  const aware = new Set<FunctionRule>();
  for (const d of decls) {
    switch (d.kind) {
      case "layer":
        layers.set(d.rule.name, d.rule);
        break;
      case "function":
      case "aware":
        if (d.kind === "aware") aware.add(d.rule);
        for (const n of d.rule.names) functions.set(n, d.rule);
        break;
      case "values":
        for (const name of d.names) {
          const base = functions.get(name);
          if (!base) continue;
          const rule = valueAware(name, base, d.extraKw, d.compute);
          aware.add(rule);
          functions.set(name, rule);
        }
        break;
    }
  }
  const guarded = new Map<FunctionRule, FunctionRule>();
  for (const [name, rule] of functions) {
    if (aware.has(rule)) continue;
    let g = guarded.get(rule);
    if (!g) {
      g = guardFunction(rule);
      guarded.set(rule, g);
    }
    functions.set(name, g);
  }
  for (const [name, rule] of layers) layers.set(name, guardLayer(rule));
  return new RuleRegistry(layers, functions);
}

/** The registry of every rule declared so far; built on the first lookup, after ops/index.ts loaded them all. */
export function ruleRegistry(): RuleRegistry {
  built ??= buildRegistry(declarations);
  return built;
}

export function layerRule(name: string): LayerRule | undefined {
  return ruleRegistry().layerRule(name);
}

export function functionRule(name: string): FunctionRule | undefined {
  return ruleRegistry().functionRule(name);
}

/** Whether `name` ("RMSNorm", "F.scaled_dot_product_attention") is an API the followed version lacks. */
export function missingInVersion(name: string): boolean {
  return ruleRegistry().missingInVersion(name);
}

export function allLayerNames(): string[] {
  return ruleRegistry().allLayerNames();
}

export function allFunctionNames(): string[] {
  return ruleRegistry().allFunctionNames();
}
