// The evaluator kernel assembled as one `Interpreter` value: expressions, statements, calls,
// assignment and imports. Whoever creates an evaluation context (analysis.ts, tests) hands it this;
// the runtime library reaches the kernel only through `ctx.interp`.

import { EvalContext, type EvalOptions, type Interpreter } from "./context";
import { evalExpr } from "./expressions";
import { execBlock, execStmt } from "./statements";
import { callFunction, callValue, initDataclass, newInstance } from "./calls";
import { runTopLevel } from "./imports";

export const KERNEL: Interpreter = {
  evalExpr,
  execBlock,
  execStmt,
  callValue,
  callFunction,
  newInstance,
  initDataclass,
  runTopLevel,
};

/** A fresh evaluation context running on the kernel. */
export function newEvalContext(options: EvalOptions): EvalContext {
  return new EvalContext(options, KERNEL);
}
