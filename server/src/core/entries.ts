// Finds where a file runs its own models: `Net()(torch.randn(1, 3, 224, 224))`,
// `model = Net(); model(torch.zeros(...))`, and torchinfo's `summary(model, input_size=(...))`,
// at module level, in functions and in `if __name__ == "__main__":` blocks. Each gives a model
// builder and concrete input tensors.

import { isExtra, type SyntaxNode } from "./parse";
import { Scope, TensorV, Value, tensor, unknown } from "./values";
import { EvalContext, BudgetExceeded } from "./interp/context";
import { evalExpr } from "./interp/expressions";
import { assignTarget, assignedNames } from "./interp/assign";
import { PyRaiseSignal } from "./interp/signals";
import { iterate } from "./interp/iteration";
import { isResourceError } from "./limits";

export interface Entry {
  className: string;
  modelText: string;
  build: () => Value;
  inputs: TensorV[];
  source: "call" | "summary";
  /** The model is a torch.nn layer (the engine's own class), not a class of the user's. */
  builtin: boolean;
}

const MAX_CANDIDATES = 200;

function isCandidate(call: SyntaxNode): boolean {
  const fn = call.childForFieldName("function");
  const args = call.childForFieldName("arguments");
  if (!fn || !args || args.type !== "argument_list" || args.namedChildren.length === 0) return false;
  if (/(^|\.)summary$/.test(fn.text)) return true;
  return fn.type === "identifier" || fn.type === "call";
}

/** A node and its parent in the walk: a linked chain, so that no `.parent` walk (O(width) each) is needed. */
interface Ancestry {
  node: SyntaxNode;
  up: Ancestry | undefined;
}

/** A candidate call with the chain of nodes from the root down to it. */
interface Candidate {
  call: SyntaxNode;
  ancestry: Ancestry;
}

/** Candidate calls in source order; an explicit stack and whole child arrays keep it linear on huge ERROR nodes. */
function collectCalls(root: SyntaxNode): Candidate[] {
  const out: Candidate[] = [];
  const stack: Ancestry[] = [{ node: root, up: undefined }];
  while (stack.length && out.length < MAX_CANDIDATES) {
    const at = stack.pop()!;
    const n = at.node;
    if (n.type === "class_definition") continue;
    if (n.type === "call" && isCandidate(n)) out.push({ call: n, ancestry: at });
    const children = n.namedChildren;
    for (let i = children.length - 1; i >= 0; i--) stack.push({ node: children[i], up: at });
  }
  return out;
}

/** nn.Module methods that change no submodule and no shape (mode, device, dtype, weights, hooks). */
const KEEPS_STRUCTURE = new Set([
  "eval",
  "train",
  "apply",
  "to",
  "cuda",
  "cpu",
  "float",
  "double",
  "half",
  "requires_grad_",
  "zero_grad",
  "load_state_dict",
  "register_forward_hook",
  "register_forward_pre_hook",
  "share_memory",
]);

/**
 * A statement the entry search does not run (a loop, a branch, a method call) may assign names or
 * mutate objects: those become unknown, never the values they had before it (or the file's last).
 */
function forgetTouched(ctx: EvalContext, scope: Scope, stmt: SyntaxNode, touched: TouchedCache): void {
  if (stmt.type === "function_definition" || stmt.type === "class_definition" || stmt.type === "decorated_definition") return;
  if (stmt.type === "import_statement" || stmt.type === "import_from_statement" || stmt.type === "comment") return;
  for (const name of touchedNames(ctx, scope.file, stmt, touched))
    if (scope.lookup(name)?.kind !== "class" && scope.lookup(name)?.kind !== "pymodule")
      scope.vars.set(name, unknown(`'${name}' may be changed by a statement before the call`));
}

/** The names a statement assigns or mutates, by statement start: every candidate call shares one walk. */
type TouchedCache = Map<number, Set<string>>;

function touchedNames(ctx: EvalContext, file: string, stmt: SyntaxNode, touched: TouchedCache): Set<string> {
  const cached = touched.get(stmt.startIndex);
  if (cached) return cached;
  const names = assignedNames(stmt);
  // Receivers of method calls (`layers.append(m)`, `x.resize_(...)`) may be mutated in place.
  const stack = [stmt];
  while (stack.length) {
    const n = stack.pop()!;
    ctx.tick(file, n);
    const fn = n.type === "call" ? n.childForFieldName("function") : null;
    if (fn?.type === "attribute" && !KEEPS_STRUCTURE.has(fn.childForFieldName("attribute")?.text ?? "")) {
      let receiver: SyntaxNode | null = fn;
      while (receiver?.type === "attribute") receiver = receiver.childForFieldName("object");
      if (receiver?.type === "identifier") names.add(receiver.text);
    }
    for (let i = n.namedChildCount - 1; i >= 0; i--) stack.push(n.namedChild(i)!);
  }
  touched.set(stmt.startIndex, names);
  return names;
}

/** A scope holding the simple assignments that run before `node` in its enclosing blocks. */
function localScope(ctx: EvalContext, moduleScope: Scope, candidate: Candidate, texts: Map<string, string>, touched: TouchedCache): Scope {
  const chain: SyntaxNode[] = [];
  for (let a: Ancestry | undefined = candidate.ancestry; a; a = a.up) chain.push(a.node);
  chain.reverse();
  const scope = new Scope(moduleScope, "function", moduleScope.file);
  // Assignments run out of their context (parameters unbound): what they report or skip is noise.
  ctx.muted++;
  const skipped = ctx.skippedWrites;
  try {
    fillLocalScope(ctx, scope, chain, texts, touched);
  } finally {
    ctx.muted--;
    ctx.skippedWrites = skipped;
  }
  return scope;
}

function fillLocalScope(ctx: EvalContext, scope: Scope, chain: SyntaxNode[], texts: Map<string, string>, touched: TouchedCache): void {
  for (let i = 0; i < chain.length - 1; i++) {
    const block = chain[i];
    // The module itself counts as a block: `x` is the value assigned before the call, not the file's last one.
    if ((block.type !== "block" && block.type !== "module") || chain[i - 1]?.type === "class_definition") continue;
    const next = chain[i + 1];
    for (const stmt of block.namedChildren) {
      if (stmt.startIndex >= next.startIndex) break;
      const a = stmt.type === "expression_statement" ? stmt.namedChildren[0] : undefined;
      const left = a?.type === "assignment" ? a.childForFieldName("left") : null;
      const right = a?.type === "assignment" ? a.childForFieldName("right") : null;
      if (!left || !right || right.type === "assignment") {
        forgetTouched(ctx, scope, stmt, touched);
        continue;
      }
      try {
        assignTarget(ctx, scope, left, evalExpr(ctx, scope, right));
        if (left.type === "identifier") texts.set(left.text, right.text);
      } catch (e) {
        if (!(e instanceof PyRaiseSignal)) throw e;
      }
    }
  }
}

function shapesFromInputSize(ctx: EvalContext, v: Value): TensorV[] | undefined {
  const items = iterate(ctx, v);
  if (!items || !items.length) return undefined;
  const isShape = (x: Value) => x.kind === "int";
  if (items.every(isShape)) return [tensor(items.map((x) => (x as { v: number }).v))];
  const out: TensorV[] = [];
  for (const it of items) {
    const dims = iterate(ctx, it);
    if (!dims || !dims.every(isShape)) return undefined;
    out.push(tensor(dims.map((x) => (x as { v: number }).v)));
  }
  return out;
}

function knownTensor(v: Value): v is TensorV {
  return v.kind === "tensor" && v.shape !== null;
}

export function findEntries(ctx: EvalContext, moduleScope: Scope, root: SyntaxNode, file: string): Entry[] {
  const entries: Entry[] = [];
  const touched: TouchedCache = new Map();
  for (const candidate of collectCalls(root)) {
    const call = candidate.call;
    try {
      // Finding entries evaluates code out of its context: what it reports is not the user's problem
      // (the module-level run and the models' own passes report what really happens).
      const entry = ctx.withoutDiagnostics(() => entryFor(ctx, moduleScope, candidate, touched));
      if (entry && !entries.some((e) => e.className === entry.className)) entries.push(entry);
    } catch (e) {
      // A candidate nested too deeply to evaluate is not an entry; the others still are.
      if (e instanceof PyRaiseSignal || isResourceError(e)) continue;
      // The file's budget is shared: once it runs out, no further entry can be evaluated.
      if (e instanceof BudgetExceeded) {
        ctx.gap(file, e.node ?? call, `evaluation budget exceeded (${e.what}) while looking for the file's own model calls`);
        break;
      }
      throw e;
    }
  }
  return entries;
}

function entryFor(ctx: EvalContext, moduleScope: Scope, candidate: Candidate, touched: TouchedCache): Entry | undefined {
  const call = candidate.call;
  const fn = call.childForFieldName("function")!;
  const args = call.childForFieldName("arguments")!.namedChildren.filter((c) => !isExtra(c));
  const texts = new Map<string, string>();
  const scope = localScope(ctx, moduleScope, candidate, texts, touched);
  let modelNode: SyntaxNode;
  let inputs: TensorV[] | undefined;
  let source: Entry["source"];
  if (/(^|\.)summary$/.test(fn.text)) {
    source = "summary";
    modelNode = args[0];
    const kw = args.find((a) => a.type === "keyword_argument" && a.childForFieldName("name")?.text === "input_size");
    const sizeNode = kw ? kw.childForFieldName("value")! : args[1] && args[1].type !== "keyword_argument" ? args[1] : undefined;
    if (!modelNode || modelNode.type === "keyword_argument" || !sizeNode) return undefined;
    inputs = shapesFromInputSize(ctx, evalExpr(ctx, scope, sizeNode));
  } else {
    source = "call";
    modelNode = fn;
    if (args.some((a) => a.type === "keyword_argument" || a.type === "list_splat" || a.type === "dictionary_splat")) return undefined;
    const values = args.map((a) => evalExpr(ctx, scope, a));
    if (!values.every(knownTensor)) return undefined;
    inputs = values as TensorV[];
  }
  if (!inputs) return undefined;
  const model = evalExpr(ctx, scope, modelNode);
  if (model.kind !== "instance" || !model.modules) return undefined;
  const modelText = modelNode.type === "identifier" ? (texts.get(modelNode.text) ?? modelNode.text) : modelNode.text;
  return { className: model.cls.name, modelText, build: () => model, inputs, source, builtin: model.cls.builtin !== undefined };
}
