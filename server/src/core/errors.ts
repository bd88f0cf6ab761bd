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

export class ShapeError extends Error {
  constructor(
    readonly code: DiagnosticCode,
    message: string,
  ) {
    super(message);
  }
}

export class Unknown extends Error {
  constructor(readonly reason: string) {
    super(reason);
  }
}

export function shapeError(code: DiagnosticCode, message: string): never {
  throw new ShapeError(code, message);
}

export function giveUp(reason: string): never {
  throw new Unknown(reason);
}
