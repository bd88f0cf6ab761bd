// The `shapelens` command line: hints / check / summary over the shape engine, human-readable by
// default and as one JSON object with --json (a public interface: see README "CLI JSON output").

// First: the native parser must be loadable before any module that imports it runs.
import "./native";
import * as fs from "fs";
import * as path from "path";
import { analyzeFile } from "./core/analysis";
import type { CoreDiagnostic, FileAnalysis, ModelReport, ValueJson } from "./core/api";
import { formatJson } from "./core/interp/json";
import { DEFAULT_TORCH_VERSION, TORCH_VERSIONS, TorchVersion, parseTorchVersion } from "./core/torchVersion";

const USAGE = `Usage:
  shapelens hints   FILE [--model EXPR] [--input SHAPES] [--torch VERSION] [--json]
  shapelens check   PATH... [--torch VERSION] [--json]            (exit 1 when any error diagnostic)
  shapelens summary FILE [--model EXPR] [--input SHAPES] [--torch VERSION] [--json]

  --model EXPR    Python expression evaluated in FILE's module scope, e.g. "ResNet(BasicBlock, [2, 2, 2, 2])"
  --input SHAPES  comma-separated dims, several inputs separated by ';', e.g. "1,3,224,224" or "B,3,H,W"
  --torch VERSION the PyTorch release to follow: 2 (PyTorch 2.13, the default) or 1.13
  --json          print one JSON object
`;

class UsageError extends Error {}

interface Args {
  command: string;
  paths: string[];
  model?: string;
  inputs?: (number | string)[][];
  torchVersion: TorchVersion;
  json: boolean;
}

function parseTorchOption(text: string): TorchVersion {
  const v = parseTorchVersion(text);
  if (!v) throw new UsageError(`--torch: "${text}" is not a followed PyTorch version (${TORCH_VERSIONS.join(" or ")})`);
  return v;
}

export function parseInputs(text: string): (number | string)[][] {
  const shapes = text.split(";").map((s) => s.trim());
  return shapes.map((s) => {
    const body = s.replace(/^[([]|[)\]]$/g, "");
    const dims = body.split(",").map((d) => d.trim());
    if (!body.trim() || dims.some((d) => d === ""))
      throw new UsageError(`--input: cannot read the shape "${s}" (expected e.g. 1,3,224,224)`);
    return dims.map((d) => {
      if (/^\d+$/.test(d)) return Number(d);
      if (/^[A-Za-z_]\w*$/.test(d) || d === "?") return d;
      throw new UsageError(`--input: "${d}" in "${s}" is neither a non-negative integer nor a symbol name`);
    });
  });
}

function parseArgs(argv: string[]): Args {
  const [command, ...rest] = argv;
  if (!command || command === "--help" || command === "-h") throw new UsageError("");
  if (!["hints", "check", "summary"].includes(command)) throw new UsageError(`unknown command "${command}"`);
  const args: Args = { command, paths: [], json: false, torchVersion: DEFAULT_TORCH_VERSION };
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i];
    if (a === "--json") args.json = true;
    else if (a === "--model" || a === "--input" || a === "--torch") {
      const v = rest[++i];
      if (v === undefined) throw new UsageError(`${a} needs a value`);
      if (a === "--model") args.model = v;
      else if (a === "--torch") args.torchVersion = parseTorchOption(v);
      else args.inputs = parseInputs(v);
    } else if (a.startsWith("--torch=")) args.torchVersion = parseTorchOption(a.slice(8));
    else if (a.startsWith("--model=")) args.model = a.slice(8);
    else if (a.startsWith("--input=")) args.inputs = parseInputs(a.slice(8));
    else if (a.startsWith("--")) throw new UsageError(`unknown option ${a}`);
    else args.paths.push(a);
  }
  if (!args.paths.length) throw new UsageError(`${command} needs a file`);
  if (command !== "check" && args.paths.length !== 1) throw new UsageError(`${command} takes exactly one file`);
  if (command === "check" && (args.model || args.inputs)) throw new UsageError("check takes no --model/--input");
  return args;
}

function readSource(file: string): string {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch {
    throw new UsageError(`${file}: no such file`);
  }
  if (!stat.isFile()) throw new UsageError(`${file}: not a file`);
  return fs.readFileSync(file, "utf8");
}

function pythonFiles(p: string): string[] {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(p);
  } catch {
    throw new UsageError(`${p}: no such file or directory`);
  }
  if (stat.isFile()) return [p];
  const out: string[] = [];
  for (const e of fs.readdirSync(p, { withFileTypes: true })) {
    if (e.name.startsWith(".") || e.name === "node_modules" || e.name === "__pycache__") continue;
    const full = path.join(p, e.name);
    if (e.isDirectory()) out.push(...pythonFiles(full));
    else if (e.name.endsWith(".py")) out.push(full);
  }
  return out.sort();
}

export function diagnosticJson(d: CoreDiagnostic): Record<string, unknown> {
  return {
    line: d.range.start.line + 1,
    column: d.range.start.character + 1,
    endLine: d.range.end.line + 1,
    endColumn: d.range.end.character + 1,
    severity: d.severity,
    code: d.code,
    message: d.message,
  };
}

function diagnosticsFor(a: FileAnalysis, file: string): CoreDiagnostic[] {
  return a.diagnostics.filter((d) => d.file === file);
}

function humanDiagnostic(d: CoreDiagnostic): string {
  return `${d.file}:${d.range.start.line + 1}:${d.range.start.character + 1}: ${d.severity} [${d.code}] ${d.message}`;
}

function hintsJson(a: FileAnalysis, file: string): unknown {
  const files = new Set<string>([file, ...a.hints.map((h) => h.file)]);
  return {
    files: [...files].map((f) => ({
      path: f,
      hints: a.hints
        .filter((h) => h.file === f)
        .map((h) => {
          const o: Record<string, unknown> = {
            line: h.range.start.line + 1,
            column: h.range.start.character + 1,
            endLine: h.range.end.line + 1,
            endColumn: h.range.end.character + 1,
            label: h.label,
            value: h.values[0],
          };
          if (h.values.length > 1) o.values = h.values;
          return o;
        }),
      diagnostics: diagnosticsFor(a, f).map(diagnosticJson),
    })),
  };
}

function pickModel(a: FileAnalysis): ModelReport | undefined {
  const fromEntry = a.models.filter((m) => m.inputSource === "call" || m.inputSource === "summary" || m.inputSource === "cli");
  return fromEntry[fromEntry.length - 1] ?? a.models[a.models.length - 1];
}

function summaryJson(a: FileAnalysis, m: ModelReport, file: string): unknown {
  return {
    file,
    model: m.model,
    inputs: m.inputs,
    output: m.output,
    params: m.params,
    macs: m.macs,
    modules: m.modules.map((r) => ({
      path: r.path,
      type: r.type,
      line: r.line + 1,
      outputs: r.outputs,
      params: r.params,
      macs: r.macs,
      depth: r.depth,
    })),
    lines: m.lines.map((l) => ({ file: l.file, line: l.line + 1, values: l.values })),
    diagnostics: a.diagnostics.map((d) => ({ file: d.file, ...diagnosticJson(d) })),
  };
}

function fmtInt(n: number | null): string {
  return n === null ? "?" : n.toLocaleString("en-US");
}

function fmtOutputs(values: ValueJson[]): string {
  if (!values.length) return "--";
  return values.map(formatJson).join(" | ");
}

export function summaryTable(m: ModelReport): string {
  const rows = m.modules.map((r) => {
    const indent = r.depth === 0 ? "" : "│    ".repeat(Math.max(0, r.depth - 1)) + "└─";
    const name = `${indent}${r.type}${r.path ? ` (${r.path})` : ""}`;
    return [name, fmtOutputs(r.outputs), r.params === 0 ? "--" : fmtInt(r.params), r.macs === 0 ? "--" : fmtInt(r.macs)];
  });
  const header = ["Layer (type (path))", "Output Shape", "Param #", "Mult-Adds"];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)) + 2);
  const line = "=".repeat(widths.reduce((a, b) => a + b, 0));
  const fmt = (r: string[]) =>
    r
      .map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padEnd(widths[i])))
      .join("")
      .trimEnd();
  return [
    line,
    fmt(header),
    line,
    ...rows.map(fmt),
    line,
    `Model: ${m.model}`,
    `Input: ${m.inputs.map(formatJson).join(", ")} (${m.inputSource})`,
    `Output: ${formatJson(m.output)}`,
    `Total params: ${fmtInt(m.params)}`,
    `Total mult-adds: ${fmtInt(m.macs)}`,
    line,
  ].join("\n");
}

function write(s: string): void {
  process.stdout.write(s.endsWith("\n") ? s : `${s}\n`);
}

export function main(argv: string[]): number {
  let args: Args;
  try {
    args = parseArgs(argv);
  } catch (e) {
    if (e instanceof UsageError) {
      if (e.message) process.stderr.write(`shapelens: ${e.message}\n`);
      process.stderr.write(USAGE);
      return e.message ? 2 : 0;
    }
    throw e;
  }
  try {
    return run(args);
  } catch (e) {
    if (e instanceof UsageError || (e instanceof Error && e.message.startsWith("--model"))) {
      process.stderr.write(`shapelens: ${e.message}\n`);
      return 2;
    }
    process.stderr.write(`shapelens: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    return 3;
  }
}

function warnSyntax(a: FileAnalysis): boolean {
  const errs = a.diagnostics.filter((d) => d.code === "syntax-error");
  if (errs.length)
    process.stderr.write(
      `shapelens: ${a.file}: ${errs.length} syntax error(s), first at line ${errs[0].range.start.line + 1}; the rest of the file was analysed\n`,
    );
  return errs.length > 0;
}

function run(args: Args): number {
  if (args.command === "check") {
    const files = args.paths.flatMap(pythonFiles);
    const results = files.map((f) => analyzeFile(f, readSource(f), { torchVersion: args.torchVersion }));
    let errors = 0;
    for (const r of results) errors += r.diagnostics.filter((d) => d.severity === "error").length;
    if (args.json)
      write(JSON.stringify({ files: results.map((r) => ({ path: r.file, diagnostics: diagnosticsFor(r, r.file).map(diagnosticJson) })) }));
    else {
      for (const r of results) for (const d of r.diagnostics) write(humanDiagnostic(d));
      write(`${files.length} file(s) checked, ${errors} error(s)`);
    }
    return errors > 0 ? 1 : 0;
  }
  const file = args.paths[0];
  const text = readSource(file);
  const a = analyzeFile(file, text, { model: args.model, inputs: args.inputs, torchVersion: args.torchVersion });
  const syntax = warnSyntax(a);
  if (args.command === "hints") {
    if (args.json) write(JSON.stringify(hintsJson(a, file)));
    else {
      for (const h of a.hints) write(`${h.file}:${h.range.start.line + 1}:${h.range.start.character + 1}  ${h.label}`);
      for (const d of a.diagnostics) write(humanDiagnostic(d));
    }
    return syntax ? 1 : 0;
  }
  const m = pickModel(a);
  if (!m) {
    process.stderr.write(
      `shapelens: ${file}: no model to summarise: declare an input on forward (e.g. "# shape: x = (1, 3, 224, 224)"), or pass --model and --input\n`,
    );
    for (const d of a.diagnostics.filter((x) => x.severity !== "info")) process.stderr.write(`${humanDiagnostic(d)}\n`);
    return 2;
  }
  if (args.json) write(JSON.stringify(summaryJson(a, m, file)));
  else {
    write(summaryTable(m));
    for (const d of a.diagnostics.filter((x) => x.severity !== "info")) write(humanDiagnostic(d));
  }
  return syntax ? 1 : 0;
}

if (require.main === module) {
  process.exitCode = main(process.argv.slice(2));
}
