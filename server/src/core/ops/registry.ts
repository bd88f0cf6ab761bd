// The registry of shape rules. Each op family file (conv.ts, pool.ts, ...) registers:
// - layer rules: an nn.Module class (`nn.Conv2d`) = constructor signature + construct() + forward();
// - function rules: `torch.flatten`, `F.relu`, tensor methods `Tensor.view`, ... = signature + call().
// Rules are pure: they take evaluator values, return values, and throw ShapeError / Unknown.

import type { LayerGeometry } from "../arith/geometry";
import { TorchVersion, isTorch2 } from "../torchVersion";
import { CallArgs, Value } from "../values";
import { BoundArgs, OpSignature } from "./args";

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

const layers = new Map<string, LayerRule>();
const functions = new Map<string, FunctionRule>();

/** A rule's configuration only ever comes back to the rule that built it, so the table forgets its type. */
export function registerLayer<C>(rule: LayerRule<C>): void {
  layers.set(rule.name, rule);
}

export function registerFunction(rule: FunctionRule): void {
  for (const n of rule.names) functions.set(n, rule);
}

/** Whether the followed PyTorch version has the rule's API. */
function available(rule: Versioned): boolean {
  return rule.since !== "2" || isTorch2();
}

export function layerRule(name: string): LayerRule | undefined {
  const rule = layers.get(name);
  return rule && available(rule) ? rule : undefined;
}

export function functionRule(name: string): FunctionRule | undefined {
  const rule = functions.get(name);
  return rule && available(rule) ? rule : undefined;
}

/** Whether `name` ("RMSNorm", "F.scaled_dot_product_attention") is an API the followed version lacks. */
export function missingInVersion(name: string): boolean {
  const rule = layers.get(name) ?? functions.get(name);
  return rule !== undefined && !available(rule);
}

export function allLayerNames(): string[] {
  return [...layers.values()].filter(available).map((r) => r.name);
}

export function allFunctionNames(): string[] {
  return [...functions.entries()].filter(([, r]) => available(r)).map(([n]) => n);
}
