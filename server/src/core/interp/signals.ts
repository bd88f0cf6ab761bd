// Control-flow signals the interpreter throws through the JS stack: return, break, continue, a
// Python `raise`, and "uncertain control" (break/continue under an unknown condition).

import type { Value } from "../values";

export class ReturnSignal {
  constructor(readonly value: Value) {}
}

export class BreakSignal {}

export class ContinueSignal {}

/** A Python exception raised by the user's code (raise / failed assert). */
export class PyRaiseSignal {
  constructor(readonly message: string) {}
}

/** `sys.exit()`, `exit()`, `quit()`: the script ends here, which is no error. */
export function systemExit(): never {
  throw new PyRaiseSignal("SystemExit");
}

/** break/continue taken on a path whose condition is unknown: the enclosing loop gives up. */
export class UncertainControl {}
