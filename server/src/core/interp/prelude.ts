// Loads the engine's Python prelude (preludeSource.ts) once per process, when one of its classes is
// first asked for: parsed (in bundles, read from the tree computed at build time) and evaluated in a
// private context, its classes (nn.MultiheadAttention, nn.TransformerEncoderLayer, ...) are then shared
// by every analysis, like the engine's other builtin classes. Its helpers are engine builtins.

import { parsePython } from "../parse";
import { deserializeTree, type SerializedTree, type SyntaxTree } from "../syntax";
import { giveUp } from "../errors";
import { mhaForwardRule } from "../ops/transformer";
import { type ClassV, type InstanceV, Scope, bool, builtinFn, str } from "../values";
import { isTorch2 } from "../torchVersion";
import { EvalContext, type Interpreter } from "./context";
import { ruleAsBuiltin } from "./ruleBuiltin";
import { mro } from "./classes";
import { PRELUDE_FILE, PRELUDE_SOURCE } from "./preludeSource";

/** The prelude classes torch.nn exposes under their PyTorch names. */
const EXPORTED = [
  "MultiheadAttention",
  "TransformerEncoderLayer",
  "TransformerDecoderLayer",
  "TransformerEncoder",
  "TransformerDecoder",
  "Transformer",
];

/** Prelude classes of torch.ao.quantization and torch.ao.nn.quantized (not of torch.nn). */
const QUANT_EXPORTED = ["QuantStub", "DeQuantStub", "QuantWrapper", "FloatFunctional", "FXFloatFunctional"];

let classes: Map<string, ClassV> | undefined;

/** The prelude's serialized tree (syntax.ts), JSON, defined by scripts/build.mjs in the bundles. */
declare const SHAPELENS_PRELUDE_TREE: string | undefined;

/**
 * The prelude's tree: deserializing the build's is about ten times faster than parsing at start. Parsed
 * when not bundled (tests) or when the bundle's tree is of another prelude source (a watch rebuild).
 */
export function preludeTree(): SyntaxTree {
  if (typeof SHAPELENS_PRELUDE_TREE === "string") {
    const data: SerializedTree = JSON.parse(SHAPELENS_PRELUDE_TREE);
    const tree = deserializeTree(PRELUDE_SOURCE, data);
    if (tree) return tree;
  }
  return parsePython(PRELUDE_SOURCE);
}

/** Evaluates the prelude in a private context; the interpreter is the one of whichever analysis first needs it. */
function load(interp: Interpreter): Map<string, ClassV> {
  const ctx = new EvalContext({ maxSteps: 1_000_000, maxMillis: 60_000, readFile: () => undefined, fileExists: () => false }, interp);
  ctx.suppressRaiseDiagnostics = true;
  const scope = new Scope(undefined, "module", PRELUDE_FILE);
  scope.vars.set("__name__", str("torch.nn"));
  scope.vars.set("_sl_mha_forward", ruleAsBuiltin("nn.MultiheadAttention.forward", mhaForwardRule));
  scope.vars.set(
    "_sl_give_up",
    builtinFn("give_up", (c) => giveUp(c.args[0]?.kind === "str" ? c.args[0].v : "not modelled")),
  );
  scope.vars.set(
    "_sl_torch2",
    builtinFn("torch2", () => bool(isTorch2())),
  );
  interp.runTopLevel(ctx, scope, preludeTree().rootNode);
  const out = new Map<string, ClassV>();
  for (const name of [...EXPORTED, ...QUANT_EXPORTED]) {
    const v = scope.vars.get(name);
    if (v?.kind === "class") out.set(name, v);
  }
  return out;
}

/** torch.nn.<name> when the prelude defines it. */
export function preludeClass(name: string, interp: Interpreter): ClassV | undefined {
  if (!EXPORTED.includes(name)) return undefined;
  classes ??= load(interp);
  return classes.get(name);
}

/** torch.ao.quantization.<name> / torch.ao.nn.quantized.<name> when the prelude defines it. */
export function preludeQuantClass(name: string, interp: Interpreter): ClassV | undefined {
  if (!QUANT_EXPORTED.includes(name)) return undefined;
  classes ??= load(interp);
  return classes.get(name);
}

/** Whether a class is defined by the prelude (not a user subclass of one). */
export function isPreludeClass(cls: ClassV): boolean {
  return cls.file === PRELUDE_FILE;
}

/** Whether the module's class derives from a prelude class (nn.MultiheadAttention, a user's nn.Transformer subclass). */
export function derivesFromPrelude(inst: InstanceV): boolean {
  return mro(inst.cls).some(isPreludeClass);
}

export { PRELUDE_FILE };

/** Parameters of the module and all its submodules (each once), for hovers; null when any is unknown. */
export function totalParams(root: InstanceV): number | null {
  const seen = new Set<InstanceV>();
  let total = 0;
  const visit = (m: InstanceV): boolean => {
    if (seen.has(m)) return true;
    seen.add(m);
    if (m.attrs.has("__uncertain_modules__") || m.attrs.has("__shared_params__")) return false;
    if (m.layer) {
      if (m.layer.params === null) return false;
      total += m.layer.params;
    }
    for (const p of m.ownParams?.values() ?? []) {
      if (p === null) return false;
      total += p;
    }
    return [...(m.modules?.values() ?? [])].every((c) => c.kind !== "instance" || visit(c));
  };
  return visit(root) ? total : null;
}

/**
 * MACs of a module that is not an engine layer: 0, as for user modules, except for prelude modules with
 * parameters of their own (MultiheadAttention's in_proj_weight, ...), whose torchinfo count the engine
 * does not model.
 */
export function moduleMacs(inst: InstanceV): number | null {
  if (!derivesFromPrelude(inst)) return 0;
  return [...(inst.ownParams?.values() ?? [])].some((p) => p !== 0) ? null : 0;
}
