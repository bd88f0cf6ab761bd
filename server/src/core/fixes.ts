// Turns a rule's Fit (set this constructor argument to this value) into an ArgumentFix: the edit in
// the layer's construction call, found through the layer rule's own signature, so that no other part
// of Shape Lens re-derives PyTorch's argument positions or reads values back out of messages.

import type { ArgumentFix } from "./api";
import type { Fit } from "./errors";
import { rangeOf } from "./interp/context";
import { layerRule } from "./ops/registry";
import type { SyntaxNode } from "./parse";

/**
 * The fix for `fit` in `construction` (the `nn.Conv2d(...)` call that built the layer), or undefined
 * when the call cannot be edited safely: the class is called under another name, the rule has no
 * such argument, the arguments are splatted, or the argument already has the value.
 */
export function argumentFix(file: string, construction: SyntaxNode, layer: string, fit: Fit): ArgumentFix | undefined {
  if (construction.type !== "call") return undefined;
  const callee = construction.childForFieldName("function");
  if (!callee || callee.text.split(".").pop()?.trim() !== layer) return undefined;
  const rule = layerRule(layer);
  const positional = rule?.signature.params.filter((p) => !p.kwOnly) ?? [];
  const index = positional.findIndex((p) => p.name === fit.argument);
  if (!rule?.signature.params.some((p) => p.name === fit.argument)) return undefined;
  const list = construction.childForFieldName("arguments");
  if (!list || list.type !== "argument_list") return undefined;
  const args = list.namedChildren.filter((c) => c.type !== "comment");
  if (args.some((c) => c.type === "list_splat" || c.type === "dictionary_splat")) return undefined;
  const keyword = args.find((c) => c.type === "keyword_argument" && c.childForFieldName("name")?.text === fit.argument);
  const positionalArgs = args.filter((c) => c.type !== "keyword_argument");
  const existing = keyword?.childForFieldName("value") ?? (index >= 0 ? positionalArgs[index] : undefined);
  const value = String(fit.value);
  const base = { layer, argument: fit.argument, value, reason: fit.reason, file };
  if (existing) {
    if (existing.text === value) return undefined;
    return { ...base, range: rangeOf(existing), newText: value };
  }
  const last = args[args.length - 1];
  if (!last) {
    const open = rangeOf(list).start;
    const at = { line: open.line, character: open.character + 1 };
    return { ...base, range: { start: at, end: at }, newText: `${fit.argument}=${value}` };
  }
  const end = rangeOf(last).end;
  return { ...base, range: { start: end, end }, newText: `, ${fit.argument}=${value}` };
}
