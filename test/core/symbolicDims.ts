// Evaluates the engine's printed symbolic dims ("2*((H-16)//16)+2") for given sizes, with Python's
// integer semantics (// floors), so that symbolic hints can be checked against concrete golden shapes.

import type { ValueJson } from "../../server/src/core/api";

type Token = { kind: "num"; v: number } | { kind: "name"; v: string } | { kind: "op"; v: string };

function tokens(text: string): Token[] {
  const out: Token[] = [];
  const re = /\s*(\d+|[A-Za-z_]\w*|\/\/|[-+*()])/y;
  let m: RegExpExecArray | null;
  let at = 0;
  while (at < text.length && (m = re.exec(text))) {
    at = re.lastIndex;
    const t = m[1];
    if (/^\d/.test(t)) out.push({ kind: "num", v: Number(t) });
    else if (/^[A-Za-z_]/.test(t)) out.push({ kind: "name", v: t });
    else out.push({ kind: "op", v: t });
  }
  if (at !== text.length) throw new Error(`cannot read the dim "${text}" at ${at}`);
  return out;
}

/** The value of a printed dim for the sizes given; throws on anything outside the dim grammar. */
export function evalDim(text: string, sizes: Map<string, number>): number {
  const ts = tokens(text);
  let i = 0;
  const peek = () => ts[i];
  const atom = (): number => {
    const t = ts[i++];
    if (!t) throw new Error(`"${text}" ends early`);
    if (t.kind === "num") return t.v;
    if (t.kind === "name") {
      const v = sizes.get(t.v);
      if (v === undefined) throw new Error(`no size for ${t.v} in "${text}"`);
      return v;
    }
    if (t.v === "-") return -atom();
    if (t.v === "(") {
      const v = sum();
      if (ts[i++]?.v !== ")") throw new Error(`unbalanced "${text}"`);
      return v;
    }
    throw new Error(`unexpected "${t.v}" in "${text}"`);
  };
  const product = (): number => {
    let v = atom();
    for (let t = peek(); t && t.kind === "op" && (t.v === "*" || t.v === "//"); t = peek()) {
      i++;
      const r = atom();
      v = t.v === "*" ? v * r : Math.floor(v / r);
    }
    return v;
  };
  const sum = (): number => {
    let v = product();
    for (let t = peek(); t && t.kind === "op" && (t.v === "+" || t.v === "-"); t = peek()) {
      i++;
      const r = product();
      v = t.v === "+" ? v + r : v - r;
    }
    return v;
  };
  const v = sum();
  if (i !== ts.length) throw new Error(`trailing text in "${text}"`);
  return v;
}

/** A value with every symbolic dim evaluated. */
export function instantiate(v: ValueJson, sizes: Map<string, number>): ValueJson {
  if (v === null) return null;
  if (Array.isArray(v)) return v.map((d) => (typeof d === "number" ? d : evalDim(d, sizes)));
  return { tuple: v.tuple.map((x) => instantiate(x, sizes)) };
}

/** Binds the symbols of an assumed input to a concrete input; undefined when they do not fit. */
export function bindSizes(assumed: ValueJson, concrete: number[]): Map<string, number> | undefined {
  if (!Array.isArray(assumed) || assumed.length !== concrete.length) return undefined;
  const sizes = new Map<string, number>();
  for (let k = 0; k < assumed.length; k++) {
    const d = assumed[k];
    if (typeof d === "number") {
      if (d !== concrete[k]) return undefined;
    } else if (/^[A-Za-z_]\w*$/.test(d)) {
      if (sizes.has(d) && sizes.get(d) !== concrete[k]) return undefined;
      sizes.set(d, concrete[k]);
    } else return undefined;
  }
  return sizes;
}
