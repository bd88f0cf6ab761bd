// Decorators on defs and classes. staticmethod/classmethod/property/dataclass change behaviour; the
// others seen in model code (torch.jit.*, torch.no_grad(), functools.wraps, register_model()) do not
// change shapes, so the function is kept as it is.

import type { SyntaxNode } from "../parse";
import { type ClassV, type FunctionV, type Scope, type Value } from "../values";
import type { EvalContext } from "./context";

export function applyDecorators(_ctx: EvalContext, _scope: Scope, target: FunctionV | ClassV, decorators: SyntaxNode[]): Value {
  for (const d of decorators) {
    const expr = d.namedChildren[0];
    if (!expr) continue;
    const text = (expr.type === "call" ? expr.childForFieldName("function")!.text : expr.text).replace(/\s+/g, "");
    const last = text.split(".").pop()!;
    if (target.kind === "function") {
      if (last === "staticmethod") target.isStatic = true;
      else if (last === "classmethod") target.isClassMethod = true;
      else if (last === "property" || last === "cached_property") target.isProperty = true;
    } else if (last === "dataclass") target.isDataclass = true;
  }
  return target;
}
