// torchinfo.summary's printed table (torchinfo 1.8.0's layout): selectable columns, --depth with deeper
// rows folded into their parent, and the footer (params, mult-adds, memory estimate in MB). A figure the
// engine is not sure of prints as "?", and the reasons follow the table.

import type { TorchinfoRow, TorchinfoSummary } from "./core/api";
import { withCommas } from "./core/ops/spatialArith";

export const COLUMN_NAMES = ["input_size", "output_size", "num_params", "params_percent", "kernel_size", "mult_adds", "trainable"] as const;
export type ColumnName = (typeof COLUMN_NAMES)[number];
export const DEFAULT_COLUMNS: ColumnName[] = ["output_size", "num_params"];
export const DEFAULT_DEPTH = 3;

const TITLES: Record<ColumnName, string> = {
  input_size: "Input Shape",
  output_size: "Output Shape",
  num_params: "Param #",
  params_percent: "Param %",
  kernel_size: "Kernel Shape",
  mult_adds: "Mult-Adds",
  trainable: "Trainable",
};
const COL_WIDTH = 25;

export interface TableOptions {
  columns: ColumnName[];
  depth: number;
}

function isColumn(name: string): name is ColumnName {
  return (COLUMN_NAMES as readonly string[]).includes(name);
}

/** Reads `--columns` (torchinfo's col_names, comma-separated); throws with the accepted names. */
export function parseColumns(text: string): ColumnName[] {
  const names = text
    .split(",")
    .map((s) => s.trim().replace(/-/g, "_"))
    .filter((s) => s);
  const bad = names.filter((n) => !isColumn(n));
  if (bad.length || !names.length)
    throw new Error(`--columns: "${bad.join(", ") || text}" is not a column (use ${COLUMN_NAMES.join(", ")})`);
  return names.filter(isColumn);
}

/** Python's `f"{x:,.{digits}f}"`: the double's exact value, rounded half to even. */
export function pyFixed(x: number, digits: number, commas = true): string {
  if (!Number.isFinite(x)) return String(x);
  const neg = x < 0;
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, Math.abs(x));
  const bits = view.getBigUint64(0);
  const expBits = Number((bits >> 52n) & 0x7ffn);
  const frac = bits & ((1n << 52n) - 1n);
  const mant = expBits === 0 ? frac : frac | (1n << 52n);
  const exp = (expBits === 0 ? 1 : expBits) - 1075;
  const scaled = mant * 10n ** BigInt(digits);
  let q: bigint;
  if (exp >= 0) q = scaled << BigInt(exp);
  else {
    const shift = BigInt(-exp);
    q = scaled >> shift;
    const r = scaled - (q << shift);
    const half = 1n << (shift - 1n);
    if (r > half || (r === half && q % 2n === 1n)) q += 1n;
  }
  const s = q.toString().padStart(digits + 1, "0");
  const intPart = s.slice(0, s.length - digits);
  const fracPart = s.slice(s.length - digits);
  const grouped = commas ? intPart.replace(/\B(?=(\d{3})+(?!\d))/g, ",") : intPart;
  return `${neg && q !== 0n ? "-" : ""}${grouped}${digits ? `.${fracPart}` : ""}`;
}

function count(n: number): string {
  return withCommas(n);
}

function shape(s: (number | string)[] | null): string {
  if (s === null) return "?";
  return s.length ? `[${s.join(", ")}]` : "--";
}

function paramsCell(r: TorchinfoRow, maxReached: boolean): string {
  if (r.params === 0) return "--";
  if (r.params === null) return "?";
  if (r.recursive) return "(recursive)";
  if (maxReached || r.leaf) {
    if (r.trainableParams === null) return "?";
    return r.trainableParams ? count(r.params) : `(${count(r.params)})`;
  }
  if (r.leftoverParams === null) return "?";
  return r.leftoverParams > 0 ? count(r.leftoverParams) : "--";
}

function percentCell(r: TorchinfoRow, maxReached: boolean, total: number | null): string {
  const zero = `${" ".repeat(5)}--`;
  if (total === 0) return zero;
  if (total === null) return "?";
  if (r.recursive && r.params !== null) return "(recursive)";
  const params = maxReached || r.leaf ? r.params : r.leftoverParams;
  if (params === null) return "?";
  if (params === 0) return zero;
  return `${pyFixed((params / total) * 100, 2, false)}%`.padStart(7);
}

function macsCell(r: TorchinfoRow, maxReached: boolean): string {
  if (!r.leaf && !maxReached) return "--";
  if (r.macs === null) return "?";
  return r.macs <= 0 ? "--" : count(r.macs);
}

function trainableCell(r: TorchinfoRow): string {
  if (r.params === 0) return "--";
  if (r.params === null || r.trainableParams === null) return "?";
  if (r.trainableParams === 0) return "False";
  return r.trainableParams === r.params ? "True" : "Partial";
}

function rowName(r: TorchinfoRow): string {
  return r.depth > 0 ? `${r.type}: ${r.depth}-${r.index}` : r.type;
}

function startStr(depth: number): string {
  if (depth === 0) return "";
  if (depth === 1) return "├─";
  return "│    ".repeat(depth - 1) + "└─";
}

/** torchinfo's Total mult-adds figure: " (G): 2.07" (T ≥ 1e12, G ≥ 1e9, else M). */
export function macsFigure(n: number): string {
  const [unit, v] = n >= 1e12 ? ["T", n / 1e12] : n >= 1e9 ? ["G", n / 1e9] : ["M", n / 1e6];
  return ` (${unit}): ${Number.isInteger(v) ? count(v) : pyFixed(v, 2)}`;
}

/** Bytes as torchinfo's MB figure (bytes / 1e6, two decimals). */
export function megabytes(bytes: number | null): string {
  return bytes === null ? "?" : pyFixed(bytes / 1e6, 2, false);
}

function sum(...xs: (number | null)[]): number | null {
  return xs.some((x) => x === null) ? null : xs.reduce<number>((a, b) => a + (b ?? 0), 0);
}

export function torchinfoTable(t: TorchinfoSummary, opts: TableOptions): string {
  const nameWidth0 = Math.max(0, ...t.rows.map((r) => rowName(r).length + r.depth * 5 + 1));
  const nameWidth = nameWidth0 >= 40 ? Math.ceil(nameWidth0 / 5) * 5 : 40;
  const divider = "=".repeat(opts.columns.length * COL_WIDTH + nameWidth);
  const fmt = (name: string, cells: string[]) =>
    `${name.padEnd(nameWidth)} ${cells.map((c) => `${c.padEnd(COL_WIDTH)} `).join("")}`.trimEnd();
  const lines = [
    divider,
    fmt(
      "Layer (type:depth-idx)",
      opts.columns.map((c) => TITLES[c]),
    ),
    divider,
  ];
  for (const r of t.rows) {
    if (r.depth > opts.depth) continue;
    const maxReached = r.depth === opts.depth;
    const cells: Record<ColumnName, () => string> = {
      input_size: () => shape(r.inputSize),
      output_size: () => shape(r.outputSize),
      num_params: () => paramsCell(r, maxReached),
      params_percent: () => percentCell(r, maxReached, t.totalParams),
      kernel_size: () => (r.kernelSize === null ? "?" : r.kernelSize),
      mult_adds: () => macsCell(r, maxReached),
      trainable: () => trainableCell(r),
    };
    lines.push(
      fmt(
        `${startStr(r.depth)}${rowName(r)}`,
        opts.columns.map((c) => cells[c]()),
      ),
    );
  }
  const n = (x: number | null) => (x === null ? "?" : count(x));
  const nonTrainable = t.totalParams === null || t.trainableParams === null ? null : t.totalParams - t.trainableParams;
  lines.push(
    divider,
    `Total params: ${n(t.totalParams)}`,
    `Trainable params: ${n(t.trainableParams)}`,
    `Non-trainable params: ${n(nonTrainable)}`,
    `Total mult-adds${t.totalMacs === null ? ": ?" : macsFigure(t.totalMacs)}`,
    divider,
    `Input size (MB): ${megabytes(t.inputBytes)}`,
    `Forward/backward pass size (MB): ${megabytes(t.forwardBackwardBytes)}`,
    `Params size (MB): ${megabytes(t.paramBytes)}`,
    `Estimated Total Size (MB): ${megabytes(sum(t.inputBytes, t.forwardBackwardBytes, t.paramBytes))}`,
    divider,
  );
  if (t.unknownBecause.length) lines.push(`? = unknown: ${t.unknownBecause.join("; ")}`);
  return lines.join("\n");
}

/** The Compute Shapes view's table from the settings (shapeLens.summary.*); unknown column names fall back to the default. */
export function summaryTableOptions(settings: { summary: { columns: string; depth: number } }): TableOptions {
  let columns = DEFAULT_COLUMNS;
  try {
    columns = parseColumns(settings.summary.columns);
  } catch {
    // A column torchinfo does not have: the default columns.
  }
  return { columns, depth: settings.summary.depth };
}
