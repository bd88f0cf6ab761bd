// The fuzzer's engine checks, run on one input at a time: the analysis (with the CLI's checked file
// access, in a temporary workspace holding circular sibling imports) must not throw, must not
// report an internal error, must stay within its budget, and must print only exact integers.
// Metamorphic checks need no oracle: reformatting and renaming change no shape.

import * as fs from "node:fs";
import * as path from "node:path";
import { analyzeFile } from "../../server/src/core/analysis";
import type { AnalyzeOptions, FileAnalysis } from "../../server/src/core/api";
import { hostFileAccess } from "../../server/src/hostFiles";

export const BUDGET_MS = 300;
/** An analysis using more CPU time than this went past its budget (the clock is read every 256 steps). */
export const OVER_BUDGET_MS = 3 * BUDGET_MS + 1000;

export interface Finding {
  kind: "throw" | "internal-error" | "over-budget" | "inexact-number" | "metamorphic" | "cli" | "server";
  detail: string;
}

/** A workspace folder with sibling modules that import each other (and the analysed file). */
export function makeWorkspace(dir: string): string {
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, "setup.py"), "");
  fs.writeFileSync(path.join(dir, "ping.py"), "from pong import B\nimport main\nA = 3\n");
  fs.writeFileSync(path.join(dir, "pong.py"), "from ping import A\nB = A + 1\n");
  return dir;
}

/**
 * The engine's own failure report ("… internal error (message)"), an inference gap; PyTorch's
 * wording ("adaptive_max_pool2d(): internal error: output_size…") is a legitimate diagnostic.
 */
export function isInternalError(d: { code?: unknown; message: unknown }): boolean {
  return d.code === "inference-gap" && /internal error \(/.test(String(d.message));
}

export function options(dir: string, extra: AnalyzeOptions = {}): AnalyzeOptions {
  const search = { roots: [dir], searchPaths: [], libraryPaths: [] };
  return { ...search, files: hostFileAccess(search), maxMillis: BUDGET_MS, ...extra };
}

/** Numbers in the JSON output that are not exact integers where integers are expected. */
function inexact(a: FileAnalysis): string | undefined {
  for (const h of a.hints)
    for (const v of JSON.stringify(h.values).match(/-?\d[\d.e+]*/g) ?? []) if (!Number.isSafeInteger(Number(v))) return `hint ${h.label}`;
  for (const m of a.models) {
    if (m.params !== null && !Number.isSafeInteger(m.params)) return `params ${m.params}`;
    if (m.macs !== null && !Number.isSafeInteger(m.macs)) return `macs ${m.macs}`;
  }
  return undefined;
}

/**
 * Analyses one input. `ms` is the CPU time the analysis used (user + system): on a shared machine
 * wall time also counts other processes, which would make over-budget findings depend on the load.
 */
export function checkInput(file: string, text: string, dir: string): { findings: Finding[]; result?: FileAnalysis; ms: number } {
  const cpu0 = process.cpuUsage();
  const cpuMillis = () => {
    const d = process.cpuUsage(cpu0);
    return Math.round((d.user + d.system) / 1000);
  };
  let result: FileAnalysis;
  try {
    result = analyzeFile(file, text, options(dir));
  } catch (e) {
    return { findings: [{ kind: "throw", detail: e instanceof Error ? (e.stack ?? e.message) : String(e) }], ms: cpuMillis() };
  }
  const ms = cpuMillis();
  const findings: Finding[] = [];
  for (const d of result.diagnostics) if (isInternalError(d)) findings.push({ kind: "internal-error", detail: d.message });
  if (ms > OVER_BUDGET_MS) findings.push({ kind: "over-budget", detail: `${ms} ms` });
  const bad = inexact(result);
  if (bad) findings.push({ kind: "inexact-number", detail: bad });
  return { findings, result, ms };
}

/** Hint labels by line, as compared by the metamorphic checks. */
function shapes(a: FileAnalysis, lineShift = 0): string[] {
  return a.hints.map((h) => `${h.range.start.line - lineShift}:${h.label}`).sort();
}

/** Names assigned in the file that are safe to rename textually: never an attribute, keyword or string. */
function renamable(text: string): string[] {
  const names = new Set<string>();
  for (const m of text.matchAll(/^\s*([a-z_][a-z0-9_]{2,})\s*=[^=]/gm)) names.add(m[1]);
  return [...names].filter(
    (n) =>
      !new RegExp(`\\.${n}\\b|\\b${n}\\s*=[^=][^\\n]*\\)|['"][^'"\\n]*\\b${n}\\b|\\b${n}_renamed\\b|\\b${n}\\s*:`).test(text) &&
      !["self", "super", "forward"].includes(n),
  );
}

/** Variants that must give the same shapes: blank lines and a comment on top, tabs for spaces, a renamed variable. */
export function metamorphic(file: string, text: string, dir: string, base: FileAnalysis): Finding[] {
  if (base.diagnostics.some((d) => d.code === "syntax-error" || (d.code === "inference-gap" && /budget/.test(d.message)))) return [];
  const expected = shapes(base);
  const findings: Finding[] = [];
  const compare = (what: string, variant: string, shift = 0) => {
    const a = analyzeFile(file, variant, options(dir));
    if (a.diagnostics.some((d) => d.code === "inference-gap" && /budget/.test(d.message))) return;
    const got = shapes(a, shift);
    if (JSON.stringify(got) !== JSON.stringify(expected))
      findings.push({
        kind: "metamorphic",
        detail: `${what}: ${expected.length} hints before, ${got.length} after; first difference ${got.find((g) => !expected.includes(g)) ?? expected.find((e) => !got.includes(e))}`,
      });
  };
  compare("three blank lines and a comment on top", `# reformatted\n\n\n${text}`, 3);
  if (!text.includes("\t") && !/"""|'''/.test(text))
    compare(
      "tabs for 4-space indentation",
      text.replace(/^((?: {4})+)/gm, (m) => "\t".repeat(m.length / 4)),
    );
  const names = renamable(text);
  if (names.length) {
    const n = names[0];
    compare(`${n} renamed`, text.replace(new RegExp(`\\b${n}\\b`, "g"), `${n}_renamed`));
  }
  return findings;
}
