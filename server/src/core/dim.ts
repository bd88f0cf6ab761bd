// Symbolic dimension algebra: a dim is a JS integer or a canonical integer polynomial over named
// symbols (N, H, ...) and floor-division atoms, closed under + − × and // by a positive integer.
// Canonical forms make equality a string comparison; anything outside the algebra returns undefined
// so that callers report "unknown" instead of guessing.

import { giveUp } from "./errors";

export type Dim = number | Sym;

/** A product of atoms with multiplicity, keyed by its printed form. */
interface Term {
  coef: number;
  atoms: Atom[]; // sorted by key; repeated atoms mean powers
}

type Atom = { kind: "sym"; name: string; key: string } | { kind: "floordiv"; num: Sym; den: number; key: string };

export class Sym {
  /** Non-constant terms keyed by monomial key; constant kept apart. */
  readonly terms: ReadonlyMap<string, Term>;
  readonly constant: number;
  readonly key: string;

  constructor(terms: Map<string, Term>, constant: number) {
    this.terms = terms;
    this.constant = constant;
    this.key = render(this);
  }

  toString(): string {
    return this.key;
  }
}

export function isSym(d: unknown): d is Sym {
  return d instanceof Sym;
}

export function symbol(name: string): Dim {
  const atom: Atom = { kind: "sym", name, key: name };
  return fromTerms([{ coef: 1, atoms: [atom] }], 0);
}

function monoKey(atoms: Atom[]): string {
  return atoms.map((a) => a.key).join("*");
}

function fromTerms(terms: Term[], constant: number): Dim {
  const map = new Map<string, Term>();
  for (const t of terms) {
    if (t.coef === 0) continue;
    if (t.atoms.length === 0) {
      constant += t.coef;
      continue;
    }
    const atoms = [...t.atoms].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    const k = monoKey(atoms);
    const prev = map.get(k);
    const coef = (prev?.coef ?? 0) + t.coef;
    if (coef === 0) map.delete(k);
    else map.set(k, { coef, atoms });
  }
  if (map.size === 0) return constant;
  // A coefficient past 2^53 would print rounded (a wrong size for every value of the symbols).
  if (!Number.isSafeInteger(constant) || [...map.values()].some((t) => !Number.isSafeInteger(t.coef)))
    giveUp("a symbolic size whose coefficients pass 2^53");
  return absorbConstant(new Sym(map, constant));
}

/** `c + (p)//k` is rewritten as `(p + c·k)//k`, so each value has one printed form. */
function absorbConstant(s: Sym): Dim {
  if (s.constant === 0 || s.terms.size !== 1) return s;
  const [term] = s.terms.values();
  if (term.coef !== 1 || term.atoms.length !== 1) return s;
  const atom = term.atoms[0];
  if (atom.kind !== "floordiv") return s;
  const num = add(atom.num, s.constant * atom.den);
  return makeFloorDiv(num, atom.den);
}

function termsOf(d: Dim): { terms: Term[]; constant: number } {
  if (typeof d === "number") return { terms: [], constant: d };
  return { terms: [...d.terms.values()], constant: d.constant };
}

export function add(a: Dim, b: Dim): Dim {
  if (typeof a === "number" && typeof b === "number") return a + b;
  const x = termsOf(a);
  const y = termsOf(b);
  return fromTerms([...x.terms, ...y.terms], x.constant + y.constant);
}

export function neg(a: Dim): Dim {
  return mul(a, -1);
}

export function sub(a: Dim, b: Dim): Dim {
  return add(a, neg(b));
}

export function mul(a: Dim, b: Dim): Dim {
  if (typeof a === "number" && typeof b === "number") return a * b;
  const x = termsOf(a);
  const y = termsOf(b);
  const xs: Term[] = [...x.terms, { coef: x.constant, atoms: [] }];
  const ys: Term[] = [...y.terms, { coef: y.constant, atoms: [] }];
  const out: Term[] = [];
  for (const s of xs) for (const t of ys) out.push({ coef: s.coef * t.coef, atoms: [...s.atoms, ...t.atoms] });
  return fromTerms(out, 0);
}

function makeFloorDiv(num: Dim, den: number): Dim {
  if (typeof num === "number") return Math.floor(num / den);
  if (den === 1) return num;
  // Split each non-constant coefficient c into den·⌊c/den⌋ + (c mod den): the quotient parts leave
  // the floor exactly. The constant stays inside the floor so that each value has one form.
  const quotient: Term[] = [];
  const remainder: Term[] = [];
  for (const t of num.terms.values()) {
    const q = Math.floor(t.coef / den);
    if (q !== 0) quotient.push({ coef: q, atoms: t.atoms });
    const r = t.coef - q * den;
    if (r !== 0) remainder.push({ coef: r, atoms: t.atoms });
  }
  const q = fromTerms(quotient, 0);
  if (remainder.length === 0) return add(q, Math.floor(num.constant / den));
  const rem = fromTerms(remainder, num.constant);
  if (typeof rem === "number") return add(q, Math.floor(rem / den));
  // ⌊⌊p/a⌋/b⌋ = ⌊p/(a·b)⌋ for integers p and positive a, b.
  const nested = asSingleFloorDiv(rem);
  if (nested && nested.constant === 0) return add(q, makeFloorDiv(nested.num, nested.den * den));
  const atom: Atom = { kind: "floordiv", num: rem, den, key: `${wrap(rem)}//${den}` };
  return add(q, new Sym(new Map([[atom.key, { coef: 1, atoms: [atom] }]]), 0));
}

function asSingleFloorDiv(d: Dim): { num: Dim; den: number; constant: number } | undefined {
  if (typeof d === "number" || d.terms.size !== 1) return undefined;
  const [t] = d.terms.values();
  if (t.coef !== 1 || t.atoms.length !== 1 || t.atoms[0].kind !== "floordiv") return undefined;
  return { num: t.atoms[0].num, den: t.atoms[0].den, constant: d.constant };
}

/** ⌊a / b⌋ for a positive integer b; undefined when b is symbolic or not positive. */
export function floorDiv(a: Dim, b: Dim): Dim | undefined {
  if (typeof b !== "number") {
    if (typeof a !== "number" && a.key === b.key) return 1;
    return exactDiv(a, b);
  }
  if (b === 0) return undefined;
  if (b < 0) {
    if (typeof a === "number") return Math.floor(a / b);
    return undefined;
  }
  return makeFloorDiv(a, b);
}

/** ⌈a / b⌉ for a positive integer b. */
export function ceilDiv(a: Dim, b: number): Dim | undefined {
  const r = floorDiv(add(a, b - 1), b);
  return r;
}

/** a / b when b divides a exactly (as polynomials, or as integers); otherwise undefined. */
export function exactDiv(a: Dim, b: Dim): Dim | undefined {
  if (typeof a === "number" && typeof b === "number") return b !== 0 && a % b === 0 ? a / b : undefined;
  if (typeof b === "number") {
    if (b === 0) return undefined;
    const { terms, constant } = termsOf(a);
    if (constant % b !== 0 || terms.some((t) => t.coef % b !== 0)) return undefined;
    return fromTerms(
      terms.map((t) => ({ coef: t.coef / b, atoms: t.atoms })),
      constant / b,
    );
  }
  if (equal(a, b)) return 1;
  // Divide by a single monomial c·m: every term of a must contain m.
  if (b.constant !== 0 || b.terms.size !== 1) return undefined;
  const [div] = b.terms.values();
  const { terms, constant } = termsOf(a);
  if (constant !== 0) return undefined;
  const out: Term[] = [];
  for (const t of terms) {
    if (t.coef % div.coef !== 0) return undefined;
    const rest = [...t.atoms];
    for (const atom of div.atoms) {
      const i = rest.findIndex((x) => x.key === atom.key);
      if (i < 0) return undefined;
      rest.splice(i, 1);
    }
    out.push({ coef: t.coef / div.coef, atoms: rest });
  }
  return fromTerms(out, 0);
}

/** a mod b for integer a, b (Python semantics); undefined for symbolic values. */
export function mod(a: Dim, b: Dim): Dim | undefined {
  if (typeof a === "number" && typeof b === "number" && b !== 0) return ((a % b) + b) % b;
  if (typeof b === "number" && b > 0) {
    const q = floorDiv(a, b);
    if (q === undefined) return undefined;
    const r = sub(a, mul(q, b));
    return typeof r === "number" ? r : undefined;
  }
  return undefined;
}

export function equal(a: Dim, b: Dim): boolean {
  if (typeof a === "number" || typeof b === "number") return a === b;
  return a.key === b.key;
}

/**
 * Three-valued comparison: true/false when it is certain, undefined when symbols decide it.
 * Symbols stand for sizes, which are at least 1; we do not use that to prove anything except that a
 * lone symbol is positive.
 */
export function knownEqual(a: Dim, b: Dim): boolean | undefined {
  if (typeof a === "number" && typeof b === "number") return a === b;
  if (equal(a, b)) return true;
  const d = sub(a, b);
  if (typeof d === "number") return d === 0;
  return undefined;
}

export function isConcrete(d: Dim): d is number {
  return typeof d === "number";
}

function wrap(d: Dim): string {
  const s = formatDim(d);
  if (typeof d === "number") return d < 0 ? `(${s})` : s;
  const single = d.terms.size === 1 && d.constant === 0 && [...d.terms.values()][0].coef === 1;
  return single && !s.includes("//") ? s : `(${s})`;
}

function renderTerm(t: Term): string {
  // `2*((H-4)//2)`: a floor division inside a product is bracketed, so the text reads the same in Python.
  const inProduct = t.atoms.length > 1 || Math.abs(t.coef) !== 1;
  const body = t.atoms.map((a) => (a.kind === "sym" ? a.name : inProduct ? `(${a.key})` : a.key)).join("*");
  const c = Math.abs(t.coef);
  return c === 1 ? body : `${c}*${body}`;
}

function render(s: Sym): string {
  const terms = [...s.terms.values()].sort((a, b) => {
    const ka = monoKey(a.atoms);
    const kb = monoKey(b.atoms);
    return b.atoms.length - a.atoms.length || (ka < kb ? -1 : ka > kb ? 1 : 0);
  });
  let out = "";
  for (const t of terms) {
    const body = renderTerm(t);
    if (out === "") out = t.coef < 0 ? `-${body}` : body;
    else out += t.coef < 0 ? `-${body}` : `+${body}`;
  }
  if (s.constant > 0) out += `+${s.constant}`;
  else if (s.constant < 0) out += `${s.constant}`;
  return out;
}

export function formatDim(d: Dim): string {
  return typeof d === "number" ? String(d) : d.key;
}

/** JSON form: an integer, or the printed expression. */
export function dimToJson(d: Dim): number | string {
  return typeof d === "number" ? d : d.key;
}

export function product(dims: readonly Dim[]): Dim {
  let p: Dim = 1;
  for (const d of dims) p = mul(p, d);
  return p;
}
