// The fuzzer's inputs: seed files (fixtures, real-world models, examples, torchvision's sources when
// extracted) and seeded mutations of them — token and line deletions, duplications and swaps,
// truncation, random Unicode, tabs, long lines, deep nesting, huge literals, endless recursion and
// loops — so that every finding reproduces from its seed.

import * as fs from "node:fs";
import * as path from "node:path";

export const ROOT = path.resolve(__dirname, "../../..");

/** Deterministic pseudo-random numbers (xorshift32). */
export class Rng {
  private s: number;
  constructor(seed: number) {
    this.s = seed >>> 0 || 0x9e3779b9;
  }
  next(): number {
    let x = this.s;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    this.s = x >>> 0;
    return this.s / 0x100000000;
  }
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)];
  }
}

function pyFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, e.name);
    if (e.isDirectory() && !e.name.startsWith(".") && e.name !== "__pycache__") out.push(...pyFiles(full));
    else if (e.isFile() && e.name.endsWith(".py")) out.push(full);
  }
  return out.sort();
}

/** The extracted torchvision package (scripts/torchvision-sources.sh), if present. */
export function torchvisionDir(): string | undefined {
  const dir = path.join(ROOT, ".cache/torchvision/root/usr/lib/python3/dist-packages/torchvision");
  return fs.existsSync(path.join(dir, "models", "resnet.py")) ? dir : undefined;
}

export interface Seed {
  name: string;
  text: string;
}

export function seeds(): Seed[] {
  const files = [
    // Not test/fixtures/fuzz: inputs saved during a run must not change the corpus under it.
    ...pyFiles(path.join(ROOT, "test/fixtures")).filter((f) => !f.includes(`${path.sep}fuzz${path.sep}`)),
    ...pyFiles(path.join(ROOT, "test/realworld")),
    ...pyFiles(path.join(ROOT, "examples")),
  ];
  const tv = torchvisionDir();
  if (tv) files.push(...pyFiles(path.join(tv, "models")), ...pyFiles(path.join(tv, "ops")));
  return files
    .map((f) => ({ name: path.relative(ROOT, f), text: fs.readFileSync(f, "utf8") }))
    .filter((s) => s.text.length < 60_000 && !s.name.endsWith("_meta.py"));
}

const TOKEN = /[A-Za-z_]\w*|\d+|\S/g;

function tokens(text: string): { start: number; end: number }[] {
  const out: { start: number; end: number }[] = [];
  for (const m of text.matchAll(TOKEN)) out.push({ start: m.index, end: m.index + m[0].length });
  return out;
}

const SNIPPETS = [
  "x = foo(",
  "\tx = 1",
  "  \t y = 2",
  "10**10**9",
  "99999999999999999999999",
  "2**53 + 1",
  "(1 << 62)",
  "def _r(n):\n    return _r(n + 1)\n_r(0)",
  "while True:\n    pass",
  "for _i in range(10**9):\n    _j = _i",
  "import os, sys\nfrom .. import nothing\nfrom ....far.away import thing",
  "from __main__ import *",
  "class C(C): pass",
  '"a" * 2**40',
  "[0] * 10**12",
  "\u0000",
  "λ = 😀",
  "\r",
  "@@@",
  "lambda: (yield)",
  "torch.zeros(10**10, 10**10).view(-1)",
  "nn.Conv2d(10**10**9, 3, 3)",
  "x.reshape(-1, -1)",
];

function deepNesting(rng: Rng): string {
  const n = 50 + rng.int(5000);
  switch (rng.int(5)) {
    case 0:
      return `z = ${"(".repeat(n)}1${")".repeat(n)}`;
    case 1:
      return `z = ${Array(n).fill("x").join(" + ")}`;
    case 2:
      return `z = x${".relu()".repeat(n)}`;
    case 3:
      return `z = ${"[".repeat(n)}${"]".repeat(n)}`;
    default:
      return `z = ${"-".repeat(n)}1`;
  }
}

/** One mutation of `text`; several are applied in a row by mutate(). */
function mutateOnce(text: string, rng: Rng): string {
  const lines = text.split("\n");
  const toks = tokens(text);
  const at = (i: number) => Math.min(Math.max(i, 0), lines.length);
  switch (rng.int(14)) {
    case 0: {
      if (!toks.length) return text;
      const t = rng.pick(toks);
      return text.slice(0, t.start) + text.slice(t.end);
    }
    case 1: {
      if (!toks.length) return text;
      const t = rng.pick(toks);
      return text.slice(0, t.end) + text.slice(t.start, t.end) + text.slice(t.end);
    }
    case 2: {
      if (toks.length < 2) return text;
      const a = rng.pick(toks);
      const b = rng.pick(toks);
      const [x, y] = a.start < b.start ? [a, b] : [b, a];
      if (x.end > y.start) return text;
      return (
        text.slice(0, x.start) + text.slice(y.start, y.end) + text.slice(x.end, y.start) + text.slice(x.start, x.end) + text.slice(y.end)
      );
    }
    case 3: {
      const i = rng.int(lines.length);
      lines.splice(i, 1 + rng.int(3));
      return lines.join("\n");
    }
    case 4: {
      const i = rng.int(lines.length);
      lines.splice(i, 0, ...lines.slice(i, i + 1 + rng.int(4)));
      return lines.join("\n");
    }
    case 5: {
      const i = rng.int(lines.length);
      const j = rng.int(lines.length);
      [lines[i], lines[j]] = [lines[j], lines[i]];
      return lines.join("\n");
    }
    case 6:
      return text.slice(0, rng.int(text.length + 1));
    case 7: {
      const p = rng.int(text.length + 1);
      const chars = Array.from({ length: 1 + rng.int(8) }, () => String.fromCodePoint(rng.int(3) ? rng.int(0x80) : rng.int(0x2ffff)));
      return text.slice(0, p) + chars.join("").replace(/[\uD800-\uDFFF]/g, "?") + text.slice(p);
    }
    case 8: {
      const i = rng.int(lines.length);
      lines[i] = lines[i]?.replace(/^ {4}/, "\t").replace(/^\t/, rng.int(2) ? "\t" : "  \t") ?? "";
      return lines.join("\n");
    }
    case 9: {
      const i = rng.int(lines.length);
      lines[i] = `${lines[i] ?? ""} ${"x + ".repeat(1000 + rng.int(20000))}x`;
      return lines.join("\n");
    }
    case 10: {
      const i = at(rng.int(lines.length + 1));
      const indent = /^\s*/.exec(lines[Math.max(0, i - 1)] ?? "")?.[0] ?? "";
      lines.splice(i, 0, indent + deepNesting(rng));
      return lines.join("\n");
    }
    case 11: {
      const i = at(rng.int(lines.length + 1));
      const indent = /^\s*/.exec(lines[Math.max(0, i - 1)] ?? "")?.[0] ?? "";
      lines.splice(
        i,
        0,
        ...rng
          .pick(SNIPPETS)
          .split("\n")
          .map((l) => indent + l),
      );
      return lines.join("\n");
    }
    case 12: {
      // A literal replaced by a huge or odd one.
      const ints = toks.filter((t) => /^\d+$/.test(text.slice(t.start, t.end)));
      if (!ints.length) return text;
      const t = rng.pick(ints);
      return (
        text.slice(0, t.start) + rng.pick(["0", "-1", "10**10**9", "99999999999999999999999", "2**53", "1e308", "True"]) + text.slice(t.end)
      );
    }
    default:
      return rng.int(2) ? text.replace(/\n/g, "\r") : text.replace(/\n/g, "\r\n");
  }
}

export function mutate(text: string, rng: Rng): string {
  let out = text;
  const n = 1 + rng.int(4);
  for (let i = 0; i < n; i++) out = mutateOnce(out, rng);
  return out;
}
