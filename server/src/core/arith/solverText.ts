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

function residues(s: SamePadding): string {
  return s.byResidue.map((b) => `W mod ${s.stride} = ${b.residue} → ${b.padding ?? "none"}`).join(", ");
}

/** The findings as text; `unstrided` also solves stride-1 axes (where 'same' may need an asymmetric pad). */
export function solutionLines(g: LayerGeometry, torch2: boolean, unstrided = false): string[] {
  const lines: string[] = [];
  const sols = solveLayer(g, torch2, unstrided);
  const pads: [number, number][] = [];
  for (const a of sols) {
    if (a.transposed) {
      const t = a.transposed;
      if (t.outputPadding !== null)
        lines.push(
          `${a.axis}: output_padding = s + 2p − d·(k−1) − 1 = ${t.outputPadding} gives exactly s·${a.axis} for every input${t.declared === t.outputPadding ? " (yours ✓)" : ` (yours: ${t.declared})`}`,
        );
      else if (t.suggested)
        lines.push(
          `${a.axis}: no output_padding gives s·${a.axis} with padding ${a.declared}; padding=${t.suggested.padding}, output_padding=${t.suggested.outputPadding} does`,
        );
      else lines.push(`${a.axis}: no padding/output_padding pair gives exactly s·${a.axis} with this kernel and stride`);
      continue;
    }
    const s = a.same;
    if (!s) continue;
    const head = `${a.axis}: for ⌈${s.width}/${s.stride}⌉ = ${s.target}${g.ceilMode ? " (solved for ceil_mode=False)" : ""}`;
    if (s.symmetric) {
      const range = s.symmetric.min === s.symmetric.max ? "" : ` (any of ${s.symmetric.min}…${s.symmetric.max})`;
      const mark = a.declared >= s.symmetric.min && a.declared <= s.symmetric.max ? " ✓ yours" : ` — yours is ${a.declared}`;
      lines.push(`${head}: padding=${s.symmetric.min}${range}${mark}`);
      if (a.poolAllowed === false)
        lines.push(`  pooling refuses padding ${s.symmetric.min} (at most half the kernel): pad with F.pad first`);
    } else {
      lines.push(`${head}: no symmetric padding works; pad ${s.asymmetric[0]} before and ${s.asymmetric[1]} after`);
    }
    pads.push(s.asymmetric);
    lines.push(s.dependsOnWidth ? `  depends on the width: ${residues(s)}` : "  the same for every width");
  }
  if (sols.some((a) => a.same && !a.same.symmetric) && pads.length === g.input.length) {
    const flat = [...pads].reverse().flat();
    const layer = g.input.length === 1 ? "ZeroPad1d" : g.input.length === 2 ? "ZeroPad2d" : "ZeroPad3d";
    lines.push(`asymmetric: F.pad(x, (${flat.join(", ")})) or nn.${layer}((${flat.join(", ")})) before the layer, with padding=0`);
  }
  return lines;
}
