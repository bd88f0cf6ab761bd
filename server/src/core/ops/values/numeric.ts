// Number-level emulation of PyTorch's CPU arithmetic: float32 rounding after every operation,
// ulp stepping for the error bounds of transcendental functions, round-half-even, and the casts
// between the dtypes the value tracker supports (bool, int32, int64, float32, float64).

export type VDtype = "bool" | "int32" | "int64" | "float32" | "float64";

export const VALUE_DTYPES: readonly string[] = ["bool", "int32", "int64", "float32", "float64"];

/** Thrown inside value computations: the values are not known, but the shape result stands. */
export class NoValues extends Error {}

export function noValues(why: string): never {
  throw new NoValues(why);
}

export const isFloat = (d: VDtype): boolean => d === "float32" || d === "float64";
export const isIntegral = (d: VDtype): boolean => d === "int32" || d === "int64";

/** Rounds an exactly computed double result to the dtype's precision (identity for float64). */
export function roundTo(d: VDtype, x: number): number {
  return d === "float32" ? Math.fround(x) : x;
}

const f32 = new Float32Array(1);
const i32 = new Int32Array(f32.buffer);
const f64 = new Float64Array(1);
const i64 = new BigInt64Array(f64.buffer);

/** The next representable value above (dir = 1) or below (dir = -1) x in the dtype. */
export function nextFloat(d: VDtype, x: number, dir: 1 | -1): number {
  if (Number.isNaN(x) || x === dir * Infinity) return x;
  if (x === 0) return dir * (d === "float32" ? 1.401298464324817e-45 : Number.MIN_VALUE);
  if (d === "float32") {
    f32[0] = x;
    i32[0] += x > 0 === dir > 0 ? 1 : -1;
    return f32[0];
  }
  f64[0] = x;
  i64[0] += x > 0 === dir > 0 ? 1n : -1n;
  return f64[0];
}

export function stepFloat(d: VDtype, x: number, n: number, dir: 1 | -1): number {
  for (let i = 0; i < n; i++) x = nextFloat(d, x, dir);
  return x;
}

/**
 * Error allowance, in ulps, around our correctly rounded result of log/exp/pow: PyTorch's CPU
 * kernels (SLEEF's 1-ulp functions or libm) and our own evaluation may each be off by about one ulp.
 */
export const TRANSCENDENTAL_ULPS = 4;

/** Round half to even (std::nearbyint in the default rounding mode), keeping -0. */
export function roundHalfEven(x: number): number {
  if (!Number.isFinite(x)) return x;
  const f = Math.floor(x);
  const diff = x - f;
  let r: number;
  if (diff > 0.5) r = f + 1;
  else if (diff < 0.5) r = f;
  else r = f % 2 === 0 ? f : f + 1;
  // nearbyint keeps the sign of the argument when the result is zero.
  return r === 0 && (x < 0 || Object.is(x, -0)) ? -0 : r;
}

const INT_RANGE: Record<string, [number, number]> = {
  int32: [-2147483648, 2147483647],
  // Beyond 2^53 JavaScript numbers are no longer exact integers: such values are not tracked.
  int64: [-Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER],
};

/** Checks an integer result fits the dtype (no emulation of overflow wrap-around). */
export function checkInt(d: VDtype, x: number): number {
  const [lo, hi] = INT_RANGE[d];
  if (!Number.isInteger(x) || x < lo || x > hi) noValues(`integer value ${x} out of the tracked range of ${d}`);
  return x === 0 ? 0 : x;
}

/** Converts one element from dtype `from` to dtype `to` the way a tensor cast does. */
export function castValue(x: number, from: VDtype, to: VDtype): number {
  if (from === to) return x;
  switch (to) {
    case "bool":
      return x !== 0 ? 1 : 0;
    case "float32":
      return Math.fround(x);
    case "float64":
      return x;
    default:
      if (isFloat(from)) {
        // Float to int truncates toward zero; out-of-range values are undefined behaviour in C++.
        if (!Number.isFinite(x)) noValues("non-finite float converted to an integer");
        return checkInt(to, Math.trunc(x));
      }
      return checkInt(to, x);
  }
}

/** Python's floor division and modulo on integers (PyTorch 1.13 floor_divide / remainder agree). */
export function floorDiv(a: number, b: number): number {
  if (b === 0) noValues("integer division by zero");
  if (Math.abs(a) > 2 ** 31 || Math.abs(b) > 2 ** 31) noValues("large integer division");
  return Math.floor(a / b);
}

export function pyMod(a: number, b: number): number {
  const r = a - floorDiv(a, b) * b;
  return r === 0 ? 0 : r;
}
