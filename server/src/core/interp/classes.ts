// Class machinery: method resolution order, attribute lookup along it, and subclass tests for both
// user classes and the engine's builtin classes (nn.Module, nn.Conv2d, ...).

import { type ClassV, type InstanceV, type Value } from "../values";

/** C3 linearisation, falling back to depth-first order when C3 fails. */
export function mro(cls: ClassV): ClassV[] {
  const cached = mroCache.get(cls);
  if (cached) return cached;
  const result = c3(cls) ?? dfs(cls);
  mroCache.set(cls, result);
  return result;
}

const mroCache = new WeakMap<ClassV, ClassV[]>();

function dfs(cls: ClassV): ClassV[] {
  const out: ClassV[] = [];
  const visit = (c: ClassV) => {
    if (out.includes(c)) return;
    out.push(c);
    c.bases.forEach(visit);
  };
  visit(cls);
  return out;
}

function c3(cls: ClassV): ClassV[] | undefined {
  const seqs: ClassV[][] = [...cls.bases.map((b) => [...mro(b)]), [...cls.bases]];
  const out: ClassV[] = [cls];
  for (let guard = 0; guard < 1000; guard++) {
    const nonEmpty = seqs.filter((s) => s.length);
    if (!nonEmpty.length) return out;
    const head = nonEmpty.map((s) => s[0]).find((h) => !nonEmpty.some((s) => s.indexOf(h) > 0));
    if (!head) return undefined;
    out.push(head);
    for (const s of nonEmpty) if (s[0] === head) s.shift();
  }
  return undefined;
}

export function findInMro(cls: ClassV, name: string): { value: Value; owner: ClassV } | undefined {
  for (const c of mro(cls)) {
    const v = c.attrs.get(name);
    if (v !== undefined) return { value: v, owner: c };
  }
  return undefined;
}

export function isSubclass(cls: ClassV, base: ClassV): boolean {
  return mro(cls).includes(base);
}

export function hasBaseNamed(cls: ClassV, name: string): boolean {
  return mro(cls).some((c) => c.builtin?.typeName === name || (c.builtin && c.name === name));
}

export function isModuleClass(cls: ClassV): boolean {
  return mro(cls).some((c) => c.builtin?.isModule);
}

export function isModule(v: Value): v is InstanceV {
  return v.kind === "instance" && v.modules !== undefined;
}

/** The builtin implementation nearest in the MRO (e.g. Conv2d for `class MyConv(nn.Conv2d)`). */
export function builtinOf(cls: ClassV): ClassV | undefined {
  return mro(cls).find((c) => c.builtin !== undefined);
}
