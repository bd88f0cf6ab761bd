// Exact integers: sizes and counts are JavaScript numbers, exact only below 2^53. Results past that
// are refused (unknown, or null counts) rather than rounded, so no huge size is ever shown wrong.

/** Whether an integer result can be shown exactly. */
export function isExactInt(n: number): boolean {
  return Number.isSafeInteger(n);
}

/** a + b for counts, null when either is unknown or the sum is past 2^53. */
export function exactSum(a: number | null, b: number | null): number | null {
  if (a === null || b === null) return null;
  const s = a + b;
  return isExactInt(s) ? s : null;
}

/** Python's integer bit operations and shifts on exact operands, computed on BigInt; undefined past 2^53. */
export function exactBitOp(op: string, x: number, y: number): number | undefined {
  if (!isExactInt(x) || !isExactInt(y)) return undefined;
  const a = BigInt(x);
  const b = BigInt(y);
  let r: bigint;
  if (op === "&") r = a & b;
  else if (op === "|") r = a | b;
  else if (op === "^") r = a ^ b;
  else if (y < 0) return undefined;
  else if (op === "<<") {
    if (y > 60) return undefined;
    r = a << b;
  } else r = a >> b;
  const n = Number(r);
  return isExactInt(n) ? n : undefined;
}
