// Finds where a file runs its own models: `Net()(torch.randn(1, 3, 224, 224))`,
// `model = Net(); model(torch.zeros(...))`, and torchinfo's `summary(model, input_size=(...))`,
// at module level, in functions and in `if __name__ == "__main__":` blocks. Each gives a model
// builder and concrete input tensors.

import { isExtra, type SyntaxNode } from "./parse";
import { Scope, TensorV, Value, tensor } from "./values";
import { EvalContext, BudgetExceeded } from "./interp/context";
import { evalExpr } from "./interp/expressions";
import { assignTarget } from "./interp/assign";
import { PyRaiseSignal } from "./interp/signals";
import { iterate } from "./interp/iteration";

export interface Entry {
  className: string;
  modelText: string;
  build: () => Value;
  inputs: TensorV[];
  source: "call" | "summary";
}

const MAX_CANDIDATES = 200;

function isCandidate(call: SyntaxNode): boolean {
  const fn = call.childForFieldName("function");
  const args = call.childForFieldName("arguments");
  if (!fn || !args || args.type !== "argument_list" || args.namedChildren.length === 0) return false;
  if (/(^|\.)summary$/.test(fn.text)) return true;
  return fn.type === "identifier" || fn.type === "call";
}

function collectCalls(root: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  const stack = [root];
  while (stack.length && out.length < MAX_CANDIDATES) {
    const n = stack.pop()!;
    if (n.type === "class_definition") continue;
    if (n.type === "call" && isCandidate(n)) out.push(n);
    for (let i = n.namedChildCount - 1; i >= 0; i--) stack.push(n.namedChild(i)!);
  }
  return out;
}

/** A scope holding the simple assignments that run before `node` in its enclosing blocks. */
function localScope(ctx: EvalContext, moduleScope: Scope, node: SyntaxNode, texts: Map<string, string>): Scope {
  const chain: SyntaxNode[] = [];
  for (let n: SyntaxNode | null = node; n; n = n.parent) chain.unshift(n);
  const scope = new Scope(moduleScope, "function", moduleScope.file);
  // Assignments run out of their context (parameters unbound): what they report or skip is noise.
  ctx.muted++;
  const skipped = ctx.skippedWrites;
  try {
    fillLocalScope(ctx, scope, chain, texts);
  } finally {
    ctx.muted--;
    ctx.skippedWrites = skipped;
  }
  return scope;
}

function fillLocalScope(ctx: EvalContext, scope: Scope, chain: SyntaxNode[], texts: Map<string, string>): void {
  for (let i = 0; i < chain.length - 1; i++) {
    const block = chain[i];
    if (block.type !== "block" || block.parent?.type === "class_definition") continue;
    const next = chain[i + 1];
    for (const stmt of block.namedChildren) {
      if (stmt.startIndex >= next.startIndex) break;
      const a = stmt.type === "expression_statement" ? stmt.namedChildren[0] : undefined;
      if (a?.type !== "assignment") continue;
      const left = a.childForFieldName("left");
      const right = a.childForFieldName("right");
      if (!left || !right || right.type === "assignment") continue;
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
  for (const call of collectCalls(root)) {
    try {
      const entry = entryFor(ctx, moduleScope, call);
      if (entry && !entries.some((e) => e.className === entry.className)) entries.push(entry);
    } catch (e) {
      if (e instanceof PyRaiseSignal) continue;
      if (e instanceof BudgetExceeded) {
        ctx.resetBudget();
        continue;
      }
      throw e;
    }
  }
  void file;
  return entries;
}

function entryFor(ctx: EvalContext, moduleScope: Scope, call: SyntaxNode): Entry | undefined {
  const fn = call.childForFieldName("function")!;
  const args = call.childForFieldName("arguments")!.namedChildren.filter((c) => !isExtra(c));
  const texts = new Map<string, string>();
  ctx.resetBudget();
  const scope = localScope(ctx, moduleScope, call, texts);
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
  return { className: model.cls.name, modelText, build: () => model, inputs, source };
}
