// Limits that keep attacker-controlled depth and size from turning into an engine failure: the
// deepest expression evaluated recursively, and how a JavaScript resource error (stack overflow,
// a string or array past V8's limits) is told apart from a bug when it is contained.

/** Expressions nested deeper than this (`a + a + …`, `((((…))))`, long method chains) are unknown. */
export const MAX_EXPRESSION_DEPTH = 400;

/** Statements and syntax nodes visited recursively stop here (Python itself refuses ~100 nested blocks). */
export const MAX_SYNTAX_DEPTH = 1000;

/** Whether an error is JavaScript running out of stack or of string/array length. */
export function isResourceError(e: unknown): e is RangeError {
  return (
    e instanceof RangeError &&
    /call stack|string length|array length|Array buffer allocation|Invalid typed array length|BigInt/i.test(e.message)
  );
}

/**
 * The reason to report when an error is contained to one model instead of losing the whole file:
 * resource errors are limits of the analysis, anything else an internal error (a bug to fix).
 */
export function containedFailure(e: unknown): string {
  if (isResourceError(e)) return `the code is nested too deeply or builds a value too large to analyse (${e.message})`;
  const msg = e instanceof Error ? e.message : String(e);
  return `internal error (${msg})`;
}
