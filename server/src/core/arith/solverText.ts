// The padding solver's findings for one layer, in words with the user's numbers: what the hover,
// the layer view and `shapelens explain` show for strided convs/pools (padding for ⌈W/s⌉) and
// transposed convs (output_padding for exactly s·W).

import { LayerGeometry } from "./geometry";
import { SamePadding, poolPaddingAllowed, solveSamePadding, solveTransposedPadding } from "./paddingSolver";

function axisNames(n: number): string[] {
  return n === 1 ? ["L"] : n === 2 ? ["H", "W"] : ["D", "H", "W"];
}

export interface AxisSolution {
  axis: string;
  same?: SamePadding;
  /** Padding the user wrote on this axis. */
  declared: number;
  poolAllowed?: boolean;
  transposed?: { outputPadding: number | null; suggested: { padding: number; outputPadding: number } | null; declared: number };
}

/** Per axis: the solver's answer, for strided conv/pool axes and every transposed-conv axis. */
export function solveLayer(g: LayerGeometry, torch2: boolean, unstrided = false): AxisSolution[] {
  const names = axisNames(g.input.length);
  const out: AxisSolution[] = [];
  g.input.forEach((w, i) => {
    const [k, s, d, p] = [g.kernel[i], g.stride[i], g.dilation[i], g.padding[i][0]];
    if (g.op === "convTranspose") {
      const t = solveTransposedPadding(k, s, p, d);
      out.push({ axis: names[i], declared: p, transposed: { ...t, declared: g.outputPadding[i] ?? 0 } });
    } else if (s > 1 || unstrided) {
      const same = solveSamePadding(w, k, s, d);
      const pool = g.op === "maxPool" || g.op === "avgPool";
      const allowed = pool && same.symmetric ? poolPaddingAllowed(same.symmetric.min, k, g.op === "maxPool" ? d : 1, torch2) : undefined;
      out.push({ axis: names[i], declared: p, same, poolAllowed: allowed });
    }
  });
  return out;
}

/** "W mod 10 = 1 → 8; 2, 3 → 7; …": residues sharing a padding are listed together. */
function residues(s: SamePadding, axis: string): string {
  const groups = new Map<string, number[]>();
  for (const b of s.byResidue) {
    const key = String(b.padding ?? "none");
    groups.set(key, [...(groups.get(key) ?? []), b.residue]);
  }
  return `${axis} mod ${s.stride} = ${[...groups].map(([p, rs]) => `${rs.join(", ")} → ${p}`).join("; ")}`;
}

/** One axis's findings; "@" stands for the axis name so that equal axes can share one block. */
function axisBlock(a: AxisSolution, g: LayerGeometry): string[] {
  const lines: string[] = [];
  if (a.transposed) {
    const t = a.transposed;
    if (t.outputPadding !== null)
      lines.push(
        `@: output_padding = s + 2p − d·(k−1) − 1 = ${t.outputPadding} makes the output exactly s × the input, for every size${t.declared === t.outputPadding ? " (yours ✓)" : ` (yours: ${t.declared})`}`,
      );
    else if (t.suggested)
      lines.push(
        `@: no output_padding makes the output s × the input with padding ${a.declared}; padding=${t.suggested.padding}, output_padding=${t.suggested.outputPadding} does`,
      );
    else lines.push("@: no padding/output_padding pair makes the output exactly s × the input with this kernel and stride");
    return lines;
  }
  const s = a.same;
  if (!s) return lines;
  const head = `@: for ⌈${s.width}/${s.stride}⌉ = ${s.target}${g.ceilMode ? " (solved for ceil_mode=False)" : ""}`;
  if (s.symmetric) {
    const range = s.symmetric.min === s.symmetric.max ? "" : ` (any of ${s.symmetric.min}…${s.symmetric.max})`;
    const mark = a.declared >= s.symmetric.min && a.declared <= s.symmetric.max ? " ✓ yours" : ` — yours is ${a.declared}`;
    lines.push(`${head}: padding=${s.symmetric.min}${range}${mark}`);
    if (a.poolAllowed === false) lines.push(`  pooling refuses padding ${s.symmetric.min} (at most half the kernel): pad with F.pad first`);
  } else {
    lines.push(`${head}: no symmetric padding works; pad ${s.asymmetric[0]} before and ${s.asymmetric[1]} after`);
  }
  lines.push(s.dependsOnWidth ? `  depends on the size: ${residues(s, "@")}` : "  the same for every input size");
  return lines;
}

/** The findings as text; `unstrided` also solves stride-1 axes (where 'same' may need an asymmetric pad). */
export function solutionLines(g: LayerGeometry, torch2: boolean, unstrided = false): string[] {
  const sols = solveLayer(g, torch2, unstrided);
  const blocks: { axes: string[]; lines: string[] }[] = [];
  for (const a of sols) {
    const lines = axisBlock(a, g);
    const prev = blocks[blocks.length - 1];
    if (prev && prev.lines.join("\n") === lines.join("\n")) prev.axes.push(a.axis);
    else if (lines.length) blocks.push({ axes: [a.axis], lines });
  }
  const out: string[] = [];
  for (const b of blocks) {
    const name = b.axes.join(", ");
    out.push(...b.lines.map((l, i) => (i === 0 ? l.replace(/^@/, name) : l).replace(/@/g, b.axes.length === 1 ? name : "size")));
  }
  const pads = sols.map((a) => a.same?.asymmetric).filter((p): p is [number, number] => p !== undefined);
  if (sols.some((a) => a.same && !a.same.symmetric) && pads.length === g.input.length) {
    const flat = [...pads].reverse().flat();
    const layer = g.input.length === 1 ? "ZeroPad1d" : g.input.length === 2 ? "ZeroPad2d" : "ZeroPad3d";
    out.push(`asymmetric: F.pad(x, (${flat.join(", ")})) or nn.${layer}((${flat.join(", ")})) before the layer, with padding=0`);
  }
  return out;
}
