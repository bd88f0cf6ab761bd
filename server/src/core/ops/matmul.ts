// Matrix products: torch.matmul / @ (with PyTorch 1.13's folding paths, which decide the wording
// of its errors), mm, bmm, mv, dot, outer, the add* variants and torch.einsum (equation parsing,
// '...' broadcasting, implicit output).

import { byVersion, isTorch2 } from "../torchVersion";
import { Dim, formatDim, isConcrete, knownEqual, product } from "../dim";
import { giveUp, shapeError } from "../errors";
import { NONE, Shape, TensorV, Value, tensor } from "../values";
import { BoundArgs, shapeOf, toStr, toTensor } from "./args";
import { broadcastShapes } from "./broadcast";
import { registerFunction } from "./registry";
import { expandShape } from "./reshape";

/** Equal, unequal, or give up. */
function same(a: Dim, b: Dim): boolean {
  const eq = knownEqual(a, b);
  if (eq === undefined) giveUp(`cannot tell whether sizes ${formatDim(a)} and ${formatDim(b)} are equal`);
  return eq;
}

const f = formatDim;

function dotCheck(n: Dim, m: Dim): void {
  if (!same(n, m)) {
    shapeError(
      "matmul",
      `inconsistent tensor size, expected tensor [${f(n)}] and src [${f(m)}] to have the same number of elements, but got ${f(n)} and ${f(m)} elements respectively`,
    );
  }
}

function mvCheck(rows: Dim, cols: Dim, k: Dim): void {
  if (same(cols, k)) return;
  shapeError(
    "matmul",
    byVersion({
      "1.13": `size mismatch, got ${f(rows)}, ${f(rows)}x${f(cols)},${f(k)}`,
      "2": `size mismatch, got input (${f(rows)}), mat (${f(rows)}x${f(cols)}), vec (${f(k)})`,
    }),
  );
}

function mmCheck(a: [Dim, Dim], b: [Dim, Dim]): void {
  if (!same(a[1], b[0])) {
    shapeError("matmul", `mat1 and mat2 shapes cannot be multiplied (${f(a[0])}x${f(a[1])} and ${f(b[0])}x${f(b[1])})`);
  }
}

function bmmCheck(b: Dim, k: Dim, b2: Dim, k2: Dim): void {
  if (!same(b, b2) || !same(k, k2)) {
    shapeError(
      "matmul",
      `Expected size for first two dimensions of batch2 tensor to be: [${f(b)}, ${f(k)}] but got: [${f(b2)}, ${f(k2)}].`,
    );
  }
}

/** torch.matmul's result shape. */
export function matmulShape(a: Shape, b: Shape): Shape {
  const r1 = a.length;
  const r2 = b.length;
  if (r1 === 0 || r2 === 0) {
    shapeError("matmul", `both arguments to matmul need to be at least 1D, but they are ${r1}D and ${r2}D`);
  }
  if (r1 === 1 && r2 === 1) {
    dotCheck(a[0], b[0]);
    return [];
  }
  if (r1 === 2 && r2 === 1) {
    mvCheck(a[0], a[1], b[0]);
    return [a[0]];
  }
  if (r1 === 1 && r2 === 2) {
    mmCheck([1, a[0]], [b[0], b[1]]);
    return [b[1]];
  }
  if (r1 === 2 && r2 === 2) {
    mmCheck([a[0], a[1]], [b[0], b[1]]);
    return [a[0], b[1]];
  }
  if (r1 >= 3 && r2 <= 2) {
    // The batch of `a` is folded into its rows, then mv / mm.
    const rows = product(a.slice(0, -1));
    const q = a[r1 - 1];
    if (r2 === 1) {
      mvCheck(rows, q, b[0]);
      return a.slice(0, -1);
    }
    mmCheck([rows, q], [b[0], b[1]]);
    return [...a.slice(0, -1), b[1]];
  }
  if (r2 >= 3 && r1 <= 2 && isTorch2()) {
    // PyTorch 2 folds only when it costs no copy (never for a fresh tensor here): it runs bmm over
    // the broadcast batch. (A parameter as the first operand folds; its message would be mm's.)
    const batch = b.slice(0, -2);
    const bsize = product(batch);
    const k = b[r2 - 2];
    bmmCheck(bsize, a[r1 - 1], bsize, k);
    return r1 === 1 ? [...batch, b[r2 - 1]] : [...batch, a[0], b[r2 - 1]];
  }
  if (r2 >= 3 && r1 <= 2) {
    // Transposed fold: b.mT's batch folded into its rows, multiplied by a.mT.
    const batch = b.slice(0, -2);
    const k = b[r2 - 2];
    const m = b[r2 - 1];
    const rows = product([...batch, m]);
    if (r1 === 1) {
      mvCheck(rows, k, a[0]);
      return [...batch, m];
    }
    mmCheck([rows, k], [a[1], a[0]]);
    return [...batch, a[0], m];
  }
  const batch = broadcastShapes(a.slice(0, -2), b.slice(0, -2));
  const n = a[r1 - 2];
  const k1 = a[r1 - 1];
  const k2 = b[r2 - 2];
  const p = b[r2 - 1];
  const bsize = product(batch);
  bmmCheck(bsize, k1, bsize, k2);
  return [...batch, n, p];
}

function pair(b: BoundArgs, x: string, y: string): [TensorV, TensorV, Shape, Shape] {
  const tx = toTensor(b.get(x), x);
  const ty = toTensor(b.get(y), y);
  return [tx, ty, shapeOf(tx, x), shapeOf(ty, y)];
}

function dtypeOf2(a: TensorV, b: TensorV): string | undefined {
  return a.dtype === b.dtype ? a.dtype : undefined;
}

const IN_OTHER = {
  params: [{ name: "input" }, { name: "other" }],
  extraKwargs: true,
};

registerFunction({
  names: ["torch.matmul", "Tensor.matmul", "Tensor.__matmul__"],
  signature: IN_OTHER,
  call(b) {
    const [x, y, a, c] = pair(b, "input", "other");
    return tensor(matmulShape(a, c), { dtype: dtypeOf2(x, y) });
  },
});

registerFunction({
  names: ["Tensor.__rmatmul__"],
  signature: IN_OTHER,
  call(b) {
    const [x, y, a, c] = pair(b, "input", "other");
    return tensor(matmulShape(c, a), { dtype: dtypeOf2(x, y) });
  },
});

function mmShape(a: Shape, c: Shape): Shape {
  if (a.length !== 2) shapeError("rank-mismatch", "self must be a matrix");
  if (c.length !== 2) shapeError("rank-mismatch", "mat2 must be a matrix");
  mmCheck([a[0], a[1]], [c[0], c[1]]);
  return [a[0], c[1]];
}

function bmmShape(a: Shape, c: Shape): Shape {
  if (a.length !== 3) shapeError("rank-mismatch", "batch1 must be a 3D tensor");
  if (c.length !== 3) shapeError("rank-mismatch", "batch2 must be a 3D tensor");
  bmmCheck(a[0], a[2], c[0], c[1]);
  return [a[0], a[1], c[2]];
}

function mvShape(a: Shape, v: Shape): Shape {
  if (a.length !== 2 || v.length !== 1) {
    shapeError("rank-mismatch", `vector + matrix @ vector expected, got 1, ${a.length}, ${v.length}`);
  }
  mvCheck(a[0], a[1], v[0]);
  return [a[0]];
}

function outerShape(a: Shape, c: Shape): Shape {
  if (a.length !== 1) shapeError("rank-mismatch", `outer: Expected 1-D argument self, but got ${a.length}-D`);
  if (c.length !== 1) shapeError("rank-mismatch", `outer: Expected 1-D argument vec2, but got ${c.length}-D`);
  return [a[0], c[0]];
}

function dotShape(a: Shape, c: Shape): Shape {
  if (a.length !== 1 || c.length !== 1) {
    shapeError("rank-mismatch", `1D tensors expected, but got ${a.length}D and ${c.length}D tensors`);
  }
  dotCheck(a[0], c[0]);
  return [];
}

for (const [names, fn] of [
  [["torch.mm", "Tensor.mm"], mmShape],
  [["torch.bmm", "Tensor.bmm"], bmmShape],
  [["torch.mv", "Tensor.mv"], mvShape],
  [["torch.outer", "Tensor.outer", "torch.ger", "Tensor.ger"], outerShape],
  [["torch.dot", "Tensor.dot", "torch.inner_1d"], dotShape],
] as const) {
  registerFunction({
    names: [...names],
    signature: IN_OTHER,
    call(b) {
      const [x, y, a, c] = pair(b, "input", "other");
      return tensor(fn(a, c), { dtype: dtypeOf2(x, y) });
    },
  });
}

/** addmm-like ops: the product's shape, then `input` must expand to it. */
function addVariant(names: string[], m1: string, m2: string, fn: (a: Shape, c: Shape) => Shape): void {
  registerFunction({
    names,
    signature: {
      params: [{ name: "input" }, { name: m1 }, { name: m2 }],
      extraKwargs: true,
    },
    call(b) {
      const [x, y, a, c] = pair(b, m1, m2);
      const out = fn(a, c);
      const inp = toTensor(b.get("input"), "input");
      expandShape(inp, shapeOf(inp, "input"), [...out]);
      return tensor(out, { dtype: dtypeOf2(x, y) });
    },
  });
}
addVariant(["torch.addmm", "Tensor.addmm"], "mat1", "mat2", mmShape);
addVariant(["torch.baddbmm", "Tensor.baddbmm"], "batch1", "batch2", bmmShape);
addVariant(["torch.addbmm", "Tensor.addbmm"], "batch1", "batch2", (a, c) => bmmShape(a, c).slice(1));
addVariant(["torch.addmv", "Tensor.addmv"], "mat", "vec", mvShape);
addVariant(["torch.addr", "Tensor.addr"], "vec1", "vec2", outerShape);

// einsum ---------------------------------------------------------------------------------------

interface Term {
  labels: string[];
  /** Index among `labels` where '...' stands, or -1. */
  ellAt: number;
}

function parseTerm(text: string, offset: number, operand: number | "output"): Term {
  const labels: string[] = [];
  let ellAt = -1;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === " ") continue;
    if (ch === ".") {
      if (text.slice(i, i + 3) !== "..." || ellAt >= 0) {
        if (operand === "output") giveUp("einsum output with a malformed ellipsis");
        shapeError("invalid-argument", `einsum(): found '.' for operand ${operand} that is not part of any ellipsis`);
      }
      ellAt = labels.length;
      i += 2;
      continue;
    }
    if (!/[a-zA-Z]/.test(ch)) {
      shapeError(
        "invalid-argument",
        `einsum(): invalid subscript given at index ${offset + i} in the equation string, subscripts must be in [a-zA-Z]`,
      );
    }
    labels.push(ch);
  }
  return { labels, ellAt };
}

/** Broadcast of two sizes the einsum way (1 stretches); undefined when they clash. */
function joinSize(prev: Dim, next: Dim): Dim | undefined {
  if (knownEqual(prev, next) === true) return prev;
  if (prev === 1) return next;
  if (next === 1) return prev;
  if (isConcrete(prev) && isConcrete(next)) return undefined;
  return giveUp(`cannot tell whether einsum sizes ${formatDim(prev)} and ${formatDim(next)} broadcast`);
}

export function einsumShape(eq: string, shapes: Shape[]): Shape {
  const arrow = eq.indexOf("->");
  const lhs = arrow >= 0 ? eq.slice(0, arrow) : eq;
  const rhs = arrow >= 0 ? eq.slice(arrow + 2) : undefined;
  const parts = lhs.split(",");
  const terms: Term[] = [];
  let offset = 0;
  parts.forEach((p, i) => {
    terms.push(parseTerm(p, offset, i));
    offset += p.length + 1;
  });
  if (terms.length > shapes.length) shapeError("invalid-argument", "einsum(): fewer operands were provided than specified in the equation");
  if (terms.length < shapes.length) shapeError("invalid-argument", "einsum(): more operands were provided than specified in the equation");

  const sizes = new Map<string, Dim>();
  const counts = new Map<string, number>();
  let ell: Dim[] | undefined;
  terms.forEach((t, i) => {
    const shape = shapes[i];
    const n = t.labels.length;
    if (t.ellAt < 0 && n !== shape.length) {
      shapeError(
        "invalid-argument",
        `einsum(): the number of subscripts in the equation (${n}) does not match the number of dimensions (${shape.length}) for operand ${i} and no ellipsis was given`,
      );
    }
    if (t.ellAt >= 0 && n > shape.length) {
      shapeError(
        "invalid-argument",
        `einsum(): the number of subscripts in the equation (${n}) is more than the number of dimensions (${shape.length}) for operand ${i}`,
      );
    }
    const ellCount = t.ellAt >= 0 ? shape.length - n : 0;
    const seenHere = new Map<string, Dim>();
    t.labels.forEach((l, j) => {
      counts.set(l, (counts.get(l) ?? 0) + 1);
      const d = shape[j < t.ellAt || t.ellAt < 0 ? j : j + ellCount];
      const here = seenHere.get(l);
      if (here !== undefined) {
        if (knownEqual(here, d) === false) {
          shapeError(
            "shape-mismatch",
            `einsum(): subscript ${l} is repeated for operand ${i} but the sizes don't match, ${f(d)} != ${f(here)}`,
          );
        }
        if (knownEqual(here, d) === undefined) giveUp("einsum diagonal over sizes that may differ");
        return;
      }
      seenHere.set(l, d);
      const prev = sizes.get(l);
      if (prev === undefined) sizes.set(l, d);
      else {
        const j2 = joinSize(prev, d);
        if (j2 === undefined) {
          shapeError(
            "shape-mismatch",
            `einsum(): subscript ${l} has size ${f(d)} for operand ${i} which does not broadcast with previously seen size ${f(prev)}`,
          );
        }
        sizes.set(l, j2);
      }
    });
    if (t.ellAt >= 0) {
      const mine = shape.slice(t.ellAt, t.ellAt + ellCount);
      if (ell === undefined) ell = mine;
      else {
        // Right-aligned broadcast of the ellipsis groups; PyTorch names the operand's own dim.
        const k = Math.max(ell.length, mine.length);
        const prev: Dim[] = [...Array(k - ell.length).fill(1), ...ell];
        const next = [...prev];
        mine.forEach((d, j) => {
          const at = k - mine.length + j;
          const r = joinSize(prev[at], d);
          if (r === undefined) {
            shapeError(
              "shape-mismatch",
              `einsum(): dimension ${j} covered by ellipsis in operand ${i}has size ${f(d)} which does not broadcast with previously seen ellipsis with size ${f(prev[at])} for the respective dimension`,
            );
          }
          next[at] = r;
        });
        ell = next;
      }
    }
  });

  const ellDims = ell ?? [];
  if (rhs === undefined) {
    const once = [...counts.entries()].filter(([, c]) => c === 1).map(([l]) => l);
    once.sort((x, y) => (x < y ? -1 : x > y ? 1 : 0));
    return [...ellDims, ...once.map((l) => sizes.get(l) as Dim)];
  }
  const out = parseTerm(rhs, arrow + 2, "output");
  const seen = new Set<string>();
  for (const l of out.labels) {
    if (seen.has(l)) shapeError("invalid-argument", `einsum(): output subscript ${l} appears more than once in the output`);
    seen.add(l);
    if (!sizes.has(l)) {
      shapeError("invalid-argument", `einsum(): output subscript ${l} does not appear in the equation for any input operand`);
    }
  }
  const dims = out.labels.map((l) => sizes.get(l) as Dim);
  if (out.ellAt < 0) return dims;
  return [...dims.slice(0, out.ellAt), ...ellDims, ...dims.slice(out.ellAt)];
}

function sublistLetters(v: Value): string {
  if (v.kind !== "list" && v.kind !== "tuple") return giveUp("an einsum sublist that is not a known list");
  return v.items
    .map((n) => {
      if (n.kind === "ellipsis") return "...";
      if (n.kind !== "int" || typeof n.v !== "number" || n.v < 0 || n.v >= 52)
        return giveUp("an einsum sublist index that is not a known int in [0, 52)");
      return n.v < 26 ? String.fromCharCode(65 + n.v) : String.fromCharCode(97 + n.v - 26);
    })
    .join("");
}

/** The einsum of `eq` over the operand values (where both call formats end). */
function einsumOf(eq: string, ops: Value[]): Value {
  const ts = ops.map((v, i) => toTensor(v, `operands[${i}]`));
  const shapes = ts.map((t, i) => shapeOf(t, `operands[${i}]`));
  return tensor(einsumShape(eq, shapes), {
    dtype: ts.every((t) => t.dtype === ts[0]?.dtype) ? ts[0]?.dtype : undefined,
  });
}

/** einsum(op1, sublist1, op2, sublist2, ..., [sublist_out]): the string equation those sublists spell. */
function einsumSublist(args: Value[]): Value {
  const items = args[args.length - 1]?.kind === "none" ? args.slice(0, -1) : args;
  if (items.length < 2) giveUp("einsum in the sublist format without a sublist");
  const ops: Value[] = [];
  const terms: string[] = [];
  let out = "";
  items.forEach((v, i) => {
    if (i % 2 === 1) terms.push(sublistLetters(v));
    else if (i + 1 < items.length) ops.push(v);
    else out = `->${sublistLetters(v)}`;
  });
  return einsumOf(terms.join(",") + out, ops);
}

registerFunction({
  names: ["torch.einsum"],
  signature: {
    params: [{ name: "equation" }, { name: "first", default: NONE }],
    varargs: "operands",
  },
  call(b) {
    const head: Value = b.get("equation");
    // The sublist format, einsum(op1, sublist1, op2, sublist2, ..., [sublist_out]): torch.functional.einsum
    // spells each index n as a letter (0-25 'A'-'Z', 26-51 'a'-'z', Ellipsis '...') and calls the string form.
    if (head.kind === "tensor") return einsumSublist([head, b.get("first"), ...b.rest]);
    const eq = toStr(head, "equation");
    const first: Value = b.get("first");
    const ops: Value[] =
      b.rest.length === 0 && (first.kind === "list" || first.kind === "tuple")
        ? first.items
        : first.kind === "none"
          ? []
          : [first, ...b.rest];
    return einsumOf(eq, ops);
  },
});
