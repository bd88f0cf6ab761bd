// einops.pack / einops.unpack (einops 0.6+): pack concatenates tensors along the axes that the single
// `*` of the pattern stands for, flattened, and returns the packed tensor with each input's `*` shape;
// unpack splits such an axis back. Anything the engine cannot check exactly gives up (unknown).

import { Dim, formatDim, knownEqual, product } from "../dim";
import { giveUp } from "../errors";
import { Value, int, list, tensor, tuple } from "../values";
import { shapeOf, toItems, toStr } from "./args";
import { registerFunction } from "./registry";

interface PackPattern {
  /** Named axes before and after the `*`. */
  before: number;
  after: number;
}

function parsePackPattern(pattern: string): PackPattern {
  const axes = pattern.trim().split(/\s+/).filter(Boolean);
  const star = axes.indexOf("*");
  if (star < 0 || axes.lastIndexOf("*") !== star) giveUp(`einops pack pattern "${pattern}" must have exactly one *`);
  if (axes.some((a) => a !== "*" && !/^[A-Za-z_][A-Za-z0-9_]*$/.test(a))) giveUp(`einops pack pattern "${pattern}" is not modelled`);
  return { before: star, after: axes.length - star - 1 };
}

function sameDims(a: Dim[], b: Dim[]): boolean {
  return a.length === b.length && a.every((d, i) => knownEqual(d, b[i]) === true);
}

registerFunction({
  names: ["einops.pack"],
  signature: { params: [{ name: "tensors" }, { name: "pattern" }] },
  call(b) {
    const p = parsePackPattern(toStr(b.get("pattern"), "pattern"));
    const shapes = toItems(b.get("tensors"), "tensors").map((t, i) => shapeOf(t, `tensors[${i}]`));
    if (!shapes.length) giveUp("einops pack of no tensors");
    const head = shapes[0].slice(0, p.before);
    const tail = shapes[0].slice(shapes[0].length - p.after);
    const starred: Dim[][] = [];
    let total: Dim = 0;
    for (const s of shapes) {
      if (s.length < p.before + p.after) giveUp(`einops pack: a tensor of rank ${s.length} has too few axes for the pattern`);
      const mid = s.slice(p.before, s.length - p.after);
      if (!sameDims(s.slice(0, p.before), head) || !sameDims(s.slice(s.length - p.after), tail))
        giveUp("einops pack: the axes outside * are not provably equal");
      starred.push(mid);
      const n = product(mid);
      if (typeof n !== "number" || typeof total !== "number") giveUp("einops pack of symbolic sizes");
      total += n;
    }
    // Each packed shape is a torch.Size, as einops returns it.
    const ps = list(starred.map((m) => ({ ...tuple(m.map((d) => int(d))), isSize: true })));
    return tuple([tensor([...head, total, ...tail]), ps]);
  },
});

registerFunction({
  names: ["einops.unpack"],
  signature: { params: [{ name: "tensor" }, { name: "packed_shapes" }, { name: "pattern" }] },
  call(b) {
    const p = parsePackPattern(toStr(b.get("pattern"), "pattern"));
    const shape = shapeOf(b.get("tensor"), "tensor");
    if (shape.length !== p.before + p.after + 1) giveUp(`einops unpack: tensor of rank ${shape.length} does not fit the pattern`);
    const parts: Dim[][] = toItems(b.get("packed_shapes"), "packed_shapes").map((ps, i) =>
      toItems(ps, `packed_shapes[${i}]`).map((d) => {
        if (d.kind !== "int" || typeof d.v !== "number" || d.v < 0) giveUp("einops unpack with an unknown or inferred (-1) size");
        return d.v;
      }),
    );
    const sizes = parts.map((m) => product(m) as number);
    const sum = sizes.reduce((a, n) => a + n, 0);
    if (knownEqual(shape[p.before], sum) !== true)
      giveUp(`einops unpack: axis of length ${formatDim(shape[p.before])} does not split into ${sum}`);
    const head = shape.slice(0, p.before);
    const tail = shape.slice(p.before + 1);
    const out: Value[] = parts.map((m) => tensor([...head, ...m, ...tail]));
    return list(out);
  },
});
