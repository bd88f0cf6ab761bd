// The graph of registered submodules (`_modules`) as plain walks: the children of a module and whether
// some module is its own descendant (`self.me = self`). PyTorch runs such a model (named_modules()
// visits each module once), but its recursive walks (train(), apply(), _apply(), state_dict(), repr) never end.

import type { EvalContext } from "./interp/context";
import { PyRaiseSignal } from "./interp/signals";
import type { InstanceV } from "./values";

/** Registered submodules that are module instances (None entries left out), in registration order. */
export function childModules(module: InstanceV): [string, InstanceV][] {
  return [...(module.modules?.entries() ?? [])].filter((e): e is [string, InstanceV] => e[1].kind === "instance");
}

/** Whether some module below `root` (or `root` itself) is its own descendant. Iterative and linear. */
export function containsModuleCycle(root: InstanceV): boolean {
  const done = new Set<InstanceV>();
  const onPath = new Set<InstanceV>([root]);
  const stack: { module: InstanceV; kids: InstanceV[] }[] = [{ module: root, kids: childModules(root).map((e) => e[1]) }];
  while (stack.length) {
    const top = stack[stack.length - 1];
    const next = top.kids.pop();
    if (!next) {
      onPath.delete(top.module);
      done.add(top.module);
      stack.pop();
    } else if (onPath.has(next)) return true;
    else if (!done.has(next)) {
      onPath.add(next);
      stack.push({ module: next, kids: childModules(next).map((e) => e[1]) });
    }
  }
  return false;
}

const MODULE_CYCLE_ERROR = "RecursionError: maximum recursion depth exceeded";

/** Raises Python's error for a recursive walk over a module that contains itself, reported at the call. */
export function raiseModuleCycle(ctx: EvalContext): never {
  if (ctx.uncertain === 0 && !ctx.suppressRaiseDiagnostics && ctx.currentCall)
    ctx.report(ctx.currentFile, ctx.currentCall, "error", "raise", `This line raises ${MODULE_CYCLE_ERROR} (a module contains itself)`);
  throw new PyRaiseSignal(MODULE_CYCLE_ERROR);
}
