// Assignment to targets: names, attributes (self.conv = ...), subscripts (d[k] = v) and
// unpacking patterns (a, *b = ...). Under an unknown condition writes are joined with the old value.

import { isExtra, type SyntaxNode } from "../parse";
import { type Scope, type Value, list, unknown } from "../values";
import { type EvalContext } from "./context";
import { setAttr } from "./attributes";
import { setItem } from "./subscript";
import { iterate } from "./iteration";

export function assignTarget(ctx: EvalContext, scope: Scope, target: SyntaxNode, value: Value): void {
  switch (target.type) {
    case "identifier": {
      const into = scope.bindingScope(target.text);
      // A write to an outer scope on a path that may not run: the branch joins only see this function's names.
      if (into !== scope && ctx.uncertain > 0)
        value = unknown(`'${target.text}' is assigned through ${scope.outerNames?.get(target.text)} on a path that may not run`);
      into.vars.set(target.text, value);
      return;
    }
    case "attribute": {
      const obj = ctx.interp.evalExpr(ctx, scope, target.childForFieldName("object")!);
      setAttr(ctx, obj, target.childForFieldName("attribute")!.text, value, target, scope.file);
      return;
    }
    case "subscript": {
      const obj = ctx.interp.evalExpr(ctx, scope, target.childForFieldName("value")!);
      const subs = target.childrenForFieldName("subscript");
      const index =
        subs.length === 1
          ? ctx.interp.evalExpr(ctx, scope, subs[0])
          : { kind: "tuple" as const, items: subs.map((s) => ctx.interp.evalExpr(ctx, scope, s)) };
      setItem(ctx, obj, index, value);
      return;
    }
    case "parenthesized_expression":
      assignTarget(ctx, scope, target.namedChildren[0], value);
      return;
    case "pattern_list":
    case "tuple_pattern":
    case "list_pattern":
    case "tuple":
    case "list":
    case "expression_list":
      unpack(
        ctx,
        scope,
        target.namedChildren.filter((c) => !isExtra(c)),
        value,
      );
      return;
    default:
      return;
  }
}

function unpack(ctx: EvalContext, scope: Scope, targets: SyntaxNode[], value: Value): void {
  const items = iterate(ctx, value);
  const starIndex = targets.findIndex((t) => t.type === "list_splat_pattern" || t.type === "list_splat");
  if (!items || (starIndex < 0 && items.length !== targets.length) || (starIndex >= 0 && items.length < targets.length - 1)) {
    // Unknown or mismatched: every name in the pattern becomes unknown.
    for (const t of targets) bindUnknown(ctx, scope, t);
    return;
  }
  if (starIndex < 0) {
    targets.forEach((t, i) => assignTarget(ctx, scope, t, items[i]));
    return;
  }
  const after = targets.length - starIndex - 1;
  targets.slice(0, starIndex).forEach((t, i) => assignTarget(ctx, scope, t, items[i]));
  assignTarget(ctx, scope, targets[starIndex].namedChildren[0], list(items.slice(starIndex, items.length - after)));
  targets.slice(starIndex + 1).forEach((t, i) => assignTarget(ctx, scope, t, items[items.length - after + i]));
}

export function bindUnknown(ctx: EvalContext, scope: Scope, target: SyntaxNode): void {
  if (target.type === "list_splat_pattern" || target.type === "list_splat") {
    bindUnknown(ctx, scope, target.namedChildren[0]);
    return;
  }
  if (["pattern_list", "tuple_pattern", "list_pattern", "tuple", "list", "parenthesized_expression"].includes(target.type)) {
    for (const c of target.namedChildren) bindUnknown(ctx, scope, c);
    return;
  }
  assignTarget(ctx, scope, target, unknown("unpacking an unknown value"));
}

const TARGET_GROUPS = new Set([
  "pattern_list",
  "tuple_pattern",
  "list_pattern",
  "tuple",
  "list",
  "parenthesized_expression",
  "list_splat_pattern",
]);

/**
 * Names assigned anywhere inside a statement subtree (for loops and branches that cannot run).
 * Explicit stacks: nesting depth is the file's to choose, never the JS stack's.
 */
export function assignedNames(node: SyntaxNode, out = new Set<string>()): Set<string> {
  const targets: SyntaxNode[] = [];
  const nodes: SyntaxNode[] = [node];
  while (nodes.length) {
    const n = nodes.pop()!;
    if (n.type === "function_definition" || n.type === "class_definition") {
      const name = n.childForFieldName("name");
      if (name) out.add(name.text);
      continue;
    }
    if (n.type === "assignment" || n.type === "augmented_assignment") targets.push(n.childForFieldName("left")!);
    if (n.type === "for_statement" || n.type === "for_in_clause") targets.push(n.childForFieldName("left")!);
    if (n.type === "named_expression") out.add(n.childForFieldName("name")!.text);
    if (n.type === "as_pattern_target") targets.push(n.namedChildren[0] ?? n);
    for (let i = n.namedChildCount - 1; i >= 0; i--) nodes.push(n.namedChild(i)!);
  }
  while (targets.length) {
    const t = targets.pop()!;
    if (t.type === "identifier") out.add(t.text);
    else if (TARGET_GROUPS.has(t.type)) for (const c of t.namedChildren) targets.push(c);
  }
  return out;
}
