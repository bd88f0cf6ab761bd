// The `shapelens` command line: hints / check / summary over the shape engine, human-readable by
// default and as one JSON object with --json (a public interface: see README "CLI JSON output").

// First: the native parser must be loadable before any module that imports it runs.
import "./native";
import * as fs from "fs";
import * as path from "path";
import { analyzeFile } from "./core/analysis";
import type { AnalysisNote, AnalyzeOptions, CoreDiagnostic, FileAnalysis, ModelReport, Range, ShapeHint, ValueJson } from "./core/api";
import { parseInputShapes } from "./core/declarations";
import { formatCount, formatValue } from "./core/format";
import { JoinedNotebook, cellOfLine, joinCells, parseIpynb } from "./core/notebook";
import { isTensorAssignment } from "./core/report";
import {
  DEFAULT_MAX_FILE_BYTES,
  SYSTEM_LIBRARY_PATHS,
  allowedFolders,
  hostFileAccess,
  projectRoot,
  readRegularFile,
  refusal,
  searchPathsFromEnv,
} from "./hostFiles";
import { DEFAULT_TORCH_VERSION, TORCH_VERSIONS, TorchVersion, parseTorchVersion } from "./core/torchVersion";
import { ExplainUsageError, runExplain } from "./cliExplain";
import { renderShapePicture } from "./core/arith/shapeSvg";
import { COMMAND_HELP, USAGE, packageVersion } from "./cliHelp";
import { CheckedFile, githubAnnotations, sarifLog } from "./cliFormats";
import { ColumnName, DEFAULT_COLUMNS, DEFAULT_DEPTH, parseColumns, torchinfoTable } from "./torchinfoTable";

class UsageError extends Error {}

/** `--help` / `--version`: printed on stdout, exit 0. */
class InfoRequest extends Error {}

type CheckFormat = "text" | "json" | "sarif" | "github";

interface Args {
  command: string;
  paths: string[];
  model?: string;
  inputs?: (number | string)[][];
  torchVersion: TorchVersion;
  json: boolean;
  /** summary: write the shape picture (SVG) here. */
  svg?: string;
  format: CheckFormat;
  columns: ColumnName[];
  depth: number;
  layout: "torchinfo" | "modules";
}

function parseTorchOption(text: string): TorchVersion {
  const v = parseTorchVersion(text);
  if (!v) throw new UsageError(`--torch: "${text}" is not a followed PyTorch version (${TORCH_VERSIONS.join(" or ")})`);
  return v;
}

export function parseInputs(text: string): (number | string)[][] {
  const parsed = parseInputShapes(text);
  if (!parsed.ok) throw new UsageError(`--input: ${parsed.error}`);
  return parsed.shapes;
}

function parseFormat(v: string): CheckFormat {
  if (v === "text" || v === "json" || v === "sarif" || v === "github") return v;
  throw new UsageError(`--format: "${v}" is not a format (text, json, sarif or github)`);
}

function parseDepth(v: string): number {
  if (!/^\d+$/.test(v) || Number(v) > 1000) throw new UsageError(`--depth: "${v}" is not a depth (a whole number, e.g. 3)`);
  return Number(v);
}

/** Options that take a value, and what they set. */
function setOption(args: Args, name: string, v: string): void {
  try {
    if (name === "--model") args.model = v;
    else if (name === "--torch") args.torchVersion = parseTorchOption(v);
    else if (name === "--input") args.inputs = parseInputs(v);
    else if (name === "--format") args.format = parseFormat(v);
    else if (name === "--columns") args.columns = parseColumns(v);
    else if (name === "--depth") args.depth = parseDepth(v);
    else if (name === "--svg") args.svg = v;
    else if (name === "--layout") {
      if (v !== "torchinfo" && v !== "modules") throw new UsageError(`--layout: "${v}" is not a layout (torchinfo or modules)`);
      args.layout = v;
    }
  } catch (e) {
    throw e instanceof UsageError ? e : new UsageError(e instanceof Error ? e.message : String(e));
  }
}

const VALUE_OPTIONS = ["--model", "--input", "--torch", "--format", "--columns", "--depth", "--layout", "--svg"];

function parseArgs(argv: string[]): Args {
  const [command, ...rest] = argv;
  if (command === "--help" || command === "-h") throw new UsageError("");
  if (command === "--version" || command === "-V") throw new InfoRequest(`shapelens ${packageVersion()}\n`);
  if (command === "help" && rest[0] && COMMAND_HELP[rest[0]]) throw new InfoRequest(COMMAND_HELP[rest[0]]);
  if (!command) throw new UsageError("no command given");
  if (!["hints", "check", "summary"].includes(command)) throw new UsageError(`unknown command "${command}"`);
  if (rest.includes("--help") || rest.includes("-h")) throw new InfoRequest(COMMAND_HELP[command]);
  const args: Args = {
    command,
    paths: [],
    json: false,
    torchVersion: DEFAULT_TORCH_VERSION,
    format: "text",
    columns: DEFAULT_COLUMNS,
    depth: DEFAULT_DEPTH,
    layout: "torchinfo",
  };
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i];
    const eq = a.indexOf("=");
    const name = eq > 0 ? a.slice(0, eq) : a;
    if (a === "--json") args.json = true;
    else if (VALUE_OPTIONS.includes(a)) {
      const v = rest[++i];
      if (v === undefined) throw new UsageError(`${a} needs a value`);
      setOption(args, a, v);
    } else if (eq > 0 && VALUE_OPTIONS.includes(name)) setOption(args, name, a.slice(eq + 1));
    else if (a.startsWith("--")) throw new UsageError(`unknown option ${a}`);
    else args.paths.push(a);
  }
  if (!args.paths.length) throw new UsageError(`${command} needs a file`);
  if (command !== "check" && args.paths.length !== 1) throw new UsageError(`${command} takes exactly one file`);
  if (command === "check" && (args.model || args.inputs)) throw new UsageError("check takes no --model/--input");
  if (command !== "check" && args.format !== "text") throw new UsageError(`--format is an option of check (${command} has --json)`);
  if (command !== "summary" && args.svg !== undefined) throw new UsageError("--svg is an option of summary (and explain)");
  if (args.format === "json") args.json = true;
  if (args.json && args.format === "text") args.format = "json";
  if (args.json && args.format !== "json") throw new UsageError(`--json and --format ${args.format} ask for two outputs`);
  return args;
}

/** A file the CLI could not analyse, with the reason (reported, and listed in check's JSON). */
interface Skipped {
  path: string;
  reason: string;
}

/** A file's Python text; for a notebook, its code cells joined (with the map back to cells). */
interface Source {
  text: string;
  notebook?: JoinedNotebook;
}

/** Reads a file named on the command line: a regular file under the size cap, never a pipe or device. */
function readSource(file: string): Source {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new UsageError(code === "EACCES" ? `${file}: permission denied` : `${file}: no such file`);
  }
  if (!stat.isFile()) throw new UsageError(`${file}: not a regular file`);
  if (stat.size > DEFAULT_MAX_FILE_BYTES) throw new UsageError(`${file}: larger than 2 MB, not analysed`);
  const raw = readRegularFile(file, DEFAULT_MAX_FILE_BYTES);
  if (raw === undefined) throw new UsageError(`${file}: cannot be read`);
  if (!file.endsWith(".ipynb")) return { text: raw };
  try {
    const notebook = joinCells(parseIpynb(raw));
    return { text: notebook.text, notebook };
  } catch (e) {
    throw new UsageError(`${file}: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/**
 * The .py files under a path given to check. Symlinked folders are not entered; a symlinked file
 * is checked only when its target lies inside the folder given; unreadable folders and files that
 * are not regular (pipes, devices) are skipped with a reason.
 */
function pythonFiles(p: string, skipped: Skipped[]): string[] {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(p);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new UsageError(code === "EACCES" ? `${p}: permission denied` : `${p}: no such file or directory`);
  }
  if (!stat.isDirectory()) return [p];
  const allowed = allowedFolders({ roots: [path.resolve(p)], searchPaths: [], libraryPaths: [] });
  const out: string[] = [];
  const pending = [p];
  while (pending.length) {
    const dir = pending.pop()!;
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch (e) {
      skipped.push({ path: dir, reason: `folder cannot be read (${(e as NodeJS.ErrnoException).code ?? "error"})` });
      continue;
    }
    for (const e of entries) {
      if (e.name.startsWith(".") || e.name === "node_modules" || e.name === "__pycache__") continue;
      const full = path.join(dir, e.name);
      if (e.isDirectory()) pending.push(full);
      else if ((e.name.endsWith(".py") || e.name.endsWith(".ipynb")) && !(e.isSymbolicLink() && isSymlinkedFolder(full))) {
        const why = refusal(full, allowed, DEFAULT_MAX_FILE_BYTES);
        if (why) skipped.push({ path: full, reason: why });
        else out.push(full);
      }
    }
  }
  return out.sort();
}

function isSymlinkedFolder(file: string): boolean {
  try {
    return fs.statSync(file).isDirectory();
  } catch {
    return false;
  }
}

/** File access for analysing `file`: its project root, SHAPELENS_PYTHONPATH and the system torchvision. */
function cliAnalysisOptions(file: string): AnalyzeOptions {
  const search = { roots: [projectRoot(file)], searchPaths: searchPathsFromEnv(), libraryPaths: SYSTEM_LIBRARY_PATHS };
  return { ...search, files: hostFileAccess({ ...search, maxBytes: DEFAULT_MAX_FILE_BYTES }) };
}

/** 1-based line/column fields of a range; in a notebook, lines count within the cell and `cell` says which. */
function rangeJson(r: Range, notebook?: JoinedNotebook): Record<string, number> {
  const out: Record<string, number> = {
    line: r.start.line + 1,
    column: r.start.character + 1,
    endLine: r.end.line + 1,
    endColumn: r.end.character + 1,
  };
  const at = notebook ? cellOfLine(notebook, r.start.line) : undefined;
  if (at && notebook) {
    out.cell = at.cell;
    out.line = at.line + 1;
    out.endLine = r.end.line - r.start.line + at.line + 1;
  }
  return out;
}

export function diagnosticJson(d: CoreDiagnostic, notebook?: JoinedNotebook): Record<string, unknown> {
  const o: Record<string, unknown> = { ...rangeJson(d.range, notebook), severity: d.severity, code: d.code, message: d.message };
  // Fixes in another file than the diagnostic's carry no notebook cell numbers.
  if (d.fixes?.length)
    o.fixes = d.fixes.map((f) => ({
      layer: f.layer,
      argument: f.argument,
      value: f.value,
      reason: f.reason,
      file: f.file,
      ...rangeJson(f.range, f.file === d.file ? notebook : undefined),
      newText: f.newText,
    }));
  return o;
}

function hintJson(h: ShapeHint, notebook?: JoinedNotebook): Record<string, unknown> {
  const o: Record<string, unknown> = { ...rangeJson(h.range, notebook), label: h.label, value: h.values[0] };
  if (h.values.length > 1) o.values = h.values;
  if (h.kind) o.kind = h.kind;
  if (h.assumed) o.assumed = true;
  return o;
}

function noteJson(n: AnalysisNote, notebook?: JoinedNotebook): Record<string, unknown> {
  return { ...rangeJson(n.range, notebook), name: n.name, kind: n.kind, status: n.status, message: n.message };
}

function diagnosticsFor(a: FileAnalysis, file: string): CoreDiagnostic[] {
  return a.diagnostics.filter((d) => d.file === file);
}

function humanDiagnostic(d: CoreDiagnostic, notebook?: JoinedNotebook): string {
  return `${where(d.file, d.range, notebook)}: ${d.severity} [${d.code}] ${d.message}`;
}

function humanNote(n: AnalysisNote, notebook?: JoinedNotebook): string {
  const what =
    n.status === "assumed" ? `analysed on an assumed input ${n.message} (declare it to make it a fact)` : `not analysed: ${n.message}`;
  return `${where(n.file, n.range, notebook)}: note: ${n.name}: ${what}`;
}

function explainNoHints(a: FileAnalysis, notebook?: JoinedNotebook): void {
  const lines = a.notes.filter((n) => n.status === "not-analysed").map((n) => humanNote(n, notebookFor(a, n.file, notebook)));
  if (!lines.length) lines.push(`${a.file}: no tensor is created or passed through a model here that Shape Lens can follow`);
  process.stderr.write(`shapelens: no hints for ${a.file}:\n${lines.map((l) => `  ${l}`).join("\n")}\n`);
}

function hintsJson(a: FileAnalysis, file: string, notebook?: JoinedNotebook): unknown {
  const files = new Set<string>([file, ...a.hints.map((h) => h.file)]);
  return {
    files: [...files].map((f) => {
      const nb = f === file ? notebook : undefined;
      const mine = a.hints.filter((h) => h.file === f);
      return {
        path: f,
        hints: mine.filter(isTensorAssignment).map((h) => hintJson(h, nb)),
        displays: mine.filter((h) => !isTensorAssignment(h)).map((h) => hintJson(h, nb)),
        diagnostics: diagnosticsFor(a, f).map((d) => diagnosticJson(d, nb)),
        notes: a.notes.filter((n) => n.file === f).map((n) => noteJson(n, nb)),
      };
    }),
  };
}

function pickModel(a: FileAnalysis): ModelReport | undefined {
  const called = a.models.filter((m) => m.inputSource === "call" || m.inputSource === "summary" || m.inputSource === "cli");
  // The file's own model classes before torch.nn layers it merely calls (`m = nn.Conv2d(...); m(x)`).
  const own = called.filter((m) => m.classFile === a.file);
  const fromEntry = own.length ? own : called;
  const declared = a.models.filter((m) => m.inputSource !== "assumed");
  return fromEntry[fromEntry.length - 1] ?? declared[declared.length - 1] ?? a.models[a.models.length - 1];
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
    inputSource: m.inputSource,
    torchinfo: m.torchinfo ?? null,
  };
}

function fmtOutputs(values: ValueJson[]): string {
  if (!values.length) return "--";
  return values.map(formatValue).join(" | ");
}

export function summaryTable(m: ModelReport): string {
  const rows = m.modules.map((r) => {
    const indent = r.depth === 0 ? "" : "│    ".repeat(Math.max(0, r.depth - 1)) + "└─";
    const name = `${indent}${r.type}${r.path ? ` (${r.path})` : ""}`;
    return [name, fmtOutputs(r.outputs), r.params === 0 ? "--" : formatCount(r.params), r.macs === 0 ? "--" : formatCount(r.macs)];
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
    `Input: ${m.inputs.map(formatValue).join(", ")} (${m.inputSource})`,
    `Output: ${formatValue(m.output)}`,
    `Total params: ${formatCount(m.params)}`,
    `Total mult-adds: ${formatCount(m.macs)}`,
    line,
  ].join("\n");
}

function write(s: string): void {
  process.stdout.write(s.endsWith("\n") ? s : `${s}\n`);
}

/** `shapelens explain …` (see cliExplain.ts); usage errors exit 2 like the other commands. */
function explainMain(argv: string[]): number {
  try {
    return runExplain(argv, write, (s) => process.stderr.write(`${s}\n`), parseInputs);
  } catch (e) {
    if (e instanceof UsageError || e instanceof ExplainUsageError) {
      process.stderr.write(`shapelens: ${e.message}\n${USAGE}`);
      return 2;
    }
    process.stderr.write(`shapelens: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    return 3;
  }
}

export function main(argv: string[]): number {
  if (argv[0] === "explain") return explainMain(argv.slice(1));
  let args: Args;
  try {
    args = parseArgs(argv);
  } catch (e) {
    if (e instanceof InfoRequest) {
      process.stdout.write(e.message);
      return 0;
    }
    if (e instanceof UsageError) {
      if (!e.message) {
        process.stdout.write(USAGE);
        return 0;
      }
      process.stderr.write(`shapelens: ${e.message}\n`);
      // With nothing typed at all, the whole usage is the most helpful answer.
      if (!argv.length) process.stderr.write(USAGE);
      else
        process.stderr.write(
          `Run "shapelens --help" (or "shapelens ${argv[0] && COMMAND_HELP[argv[0]] ? argv[0] : "COMMAND"} --help") for usage.\n`,
        );
      return 2;
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

/** `file:line:col` for humans; in a notebook `file[cell k]:line:col` with the line inside the cell. */
function where(file: string, r: Range, notebook?: JoinedNotebook): string {
  const at = notebook ? cellOfLine(notebook, r.start.line) : undefined;
  if (at) return `${file}[cell ${at.cell}]:${at.line + 1}:${r.start.character + 1}`;
  return `${file}:${r.start.line + 1}:${r.start.character + 1}`;
}

function notebookFor(a: FileAnalysis, file: string, notebook?: JoinedNotebook): JoinedNotebook | undefined {
  return file === a.file ? notebook : undefined;
}

function run(args: Args): number {
  if (args.command === "check") {
    const skipped: Skipped[] = [];
    const files = args.paths.flatMap((p) => pythonFiles(p, skipped));
    // One file at a time, keeping only its diagnostics: memory stays flat in the number of files.
    const checked: { path: string; diagnostics: Record<string, unknown>[] }[] = [];
    const forCi: CheckedFile[] = [];
    const ci = args.format === "sarif" || args.format === "github";
    let errors = 0;
    for (const f of files) {
      let source: Source;
      try {
        source = readSource(f);
      } catch (e) {
        if (!(e instanceof UsageError)) throw e;
        skipped.push({ path: f, reason: e.message.replace(`${f}: `, "") });
        continue;
      }
      const r = analyzeFile(f, source.text, { ...cliAnalysisOptions(f), torchVersion: args.torchVersion });
      errors += r.diagnostics.filter((d) => d.severity === "error").length;
      const own = args.json ? diagnosticsFor(r, r.file) : r.diagnostics;
      checked.push({ path: r.file, diagnostics: args.json ? own.map((d) => diagnosticJson(d, source.notebook)) : [] });
      if (ci) forCi.push({ path: r.file, diagnostics: diagnosticsFor(r, r.file), notebook: source.notebook });
      else if (!args.json) for (const d of own) write(humanDiagnostic(d, notebookFor(r, d.file, source.notebook)));
    }
    for (const s of skipped) process.stderr.write(`shapelens: ${s.path}: skipped: ${s.reason}\n`);
    if (args.format === "sarif") write(JSON.stringify(sarifLog(forCi, packageVersion()), null, 2));
    else if (args.format === "github") {
      for (const line of githubAnnotations(forCi)) write(line);
      write(`${checked.length} file(s) checked, ${errors} error(s)${skipped.length ? `, ${skipped.length} skipped` : ""}`);
    } else if (args.json) write(JSON.stringify({ files: checked, skipped }));
    else write(`${checked.length} file(s) checked, ${errors} error(s)${skipped.length ? `, ${skipped.length} skipped` : ""}`);
    return errors > 0 ? 1 : 0;
  }
  const file = args.paths[0];
  const source = readSource(file);
  const nb = source.notebook;
  const a = analyzeFile(file, source.text, {
    ...cliAnalysisOptions(file),
    model: args.model,
    inputs: args.inputs,
    torchVersion: args.torchVersion,
  });
  const syntax = warnSyntax(a);
  if (args.command === "hints") {
    if (args.json) write(JSON.stringify(hintsJson(a, file, nb)));
    else {
      for (const h of a.hints)
        write(`${where(h.file, h.range, notebookFor(a, h.file, nb))}  ${h.label}${h.assumed ? "  (assumed input)" : ""}`);
      for (const d of a.diagnostics) write(humanDiagnostic(d, notebookFor(a, d.file, nb)));
      for (const n of a.notes) write(humanNote(n, notebookFor(a, n.file, nb)));
    }
    // Never silent: a file without hints says why on stderr.
    if (!a.hints.length) explainNoHints(a, nb);
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
  if (args.svg) {
    try {
      fs.writeFileSync(args.svg, renderShapePicture(m));
    } catch (e) {
      throw new UsageError(`--svg ${args.svg}: cannot write (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
    }
  }
  if (args.json) write(JSON.stringify(summaryJson(a, m, file)));
  else {
    if (args.layout === "modules" || !m.torchinfo) write(summaryTable(m));
    else {
      write(torchinfoTable(m.torchinfo, { columns: args.columns, depth: args.depth }));
      write(`Model: ${m.model} · input ${m.inputs.map(formatValue).join(", ")} (${m.inputSource})`);
    }
    for (const d of a.diagnostics.filter((x) => x.severity !== "info")) write(humanDiagnostic(d));
  }
  return syntax ? 1 : 0;
}

if (require.main === module) {
  // A reader that stops early (`shapelens hints f.py | head`) closes the pipe: that is no crash.
  process.stdout.on("error", (err: NodeJS.ErrnoException) => {
    if (err.code === "EPIPE") process.exit(process.exitCode ?? 0);
    throw err;
  });
  process.exitCode = main(process.argv.slice(2));
}
