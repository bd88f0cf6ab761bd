// Error types the shape rules throw. ShapeError is a PyTorch error the user's code would raise
// (reported as an error diagnostic with a stable code); Unknown means the engine cannot tell and
// becomes an unknown value plus, on request, an "inference-gap" info diagnostic.

export type DiagnosticCode =
  | "channel-mismatch"
  | "kernel-too-large"
  | "non-positive-output"
  | "groups-divisibility"
  | "same-padding-stride"
  | "output-padding"
  | "pool-padding"
  | "linear-in-features"
  | "view-numel"
  | "invalid-argument"
  | "shape-mismatch"
  | "rank-mismatch"
  | "index-out-of-range"
  | "broadcast"
  | "matmul"
  | "raise"
  | "syntax-error"
  | "inference-gap";

/** The constructor argument whose value would avoid the error, and that value (see ArgumentFix). */
export interface Fit {
  argument: string;
  value: number;
  reason: string;
}

export class ShapeError extends Error {
  constructor(
    readonly code: DiagnosticCode,
    message: string,
    readonly fit?: Fit,
  ) {
    super(message);
  }
}

export class Unknown extends Error {
  constructor(readonly reason: string) {
    super(reason);
  }
}

export function shapeError(code: DiagnosticCode, message: string, fit?: Fit): never {
  throw new ShapeError(code, message, fit);
}

export function giveUp(reason: string): never {
  throw new Unknown(reason);
}

/** Warnings a rule raised while still giving a value; rules run synchronously, one at a time. */
const pendingWarnings: { code: DiagnosticCode; message: string }[] = [];

/** A PyTorch error that happens only in some situations (e.g. training mode): a warning, and the rule goes on. */
export function shapeWarning(code: DiagnosticCode, message: string): void {
  pendingWarnings.push({ code, message });
}

/** The warnings raised since the last call (the caller that ran the rule reports them). */
export function takeWarnings(): { code: DiagnosticCode; message: string }[] {
  return pendingWarnings.splice(0);
}
