// Entry point of the shape engine: analyses one Python file and returns hints, diagnostics, layer
// calls and per-model summaries as plain data (see api.ts). Never throws: any internal failure
// becomes an inference-gap diagnostic and an empty result.

import * as path from "path";
import "./ops/index";
import { AnalysisNote, AnalyzeOptions, CoreDiagnostic, FileAnalysis, ModelReport, ValueJson } from "./api";
import { parsePython, parsePythonLazy, SyntaxNode, Tree } from "./parse";
import { symbol } from "./dim";
import { ClassV, InstanceV, Scope, TensorV, Value, tensor } from "./values";
import { newEvalContext } from "./interp/kernel";
import { BudgetExceeded, EvalContext, InputProbe, ProbeDone, Recorder, rangeOf } from "./interp/context";
import { hoistMainImports, runTopLevel } from "./interp/imports";
import { callValue, instantiate } from "./interp/calls";
import { evalExpr } from "./interp/expressions";
import { DimSpec, findDeclaration, findForward, forwardParams } from "./declarations";
import { assumeInputFor, formatDims } from "./assumedInput";
import { findEntries, Entry } from "./entries";
import { buildReport, collectHints, freezeRecorder } from "./report";
import type { Recorded } from "./report";
import { IncrementalRun, TrackedScope } from "./incremental";
import type { JobOutcome } from "./incremental";
import { isModuleClass } from "./interp/classes";
import { namedModules } from "./interp/nn";
import { PyRaiseSignal } from "./interp/signals";
import { Budget } from "./budget";
import { NO_FILES } from "./fileAccess";
import { containedFailure, isResourceError } from "./limits";
import { firstTabError } from "./tabs";
import { takeWarnings } from "./errors";
import { DEFAULT_TORCH_VERSION, withTorchVersion } from "./torchVersion";

const DEFAULT_STEPS = 2_000_000;
const DEFAULT_MILLIS = 4000;

export interface ModelRun {
  report: ModelReport;
  recorder: Recorder;
}

/** The context of one file analysis; every pass that reuses it shares its one budget. */
function makeContext(options: AnalyzeOptions): EvalContext {
  const files = options.files ?? NO_FILES;
  const maxSteps = options.maxSteps ?? DEFAULT_STEPS;
  const maxMillis = options.maxMillis ?? DEFAULT_MILLIS;
  return newEvalContext({
    maxSteps,
    maxMillis,
    budget: new Budget(maxSteps, maxMillis),
    readFile: (p) => files.read(p),
    fileExists: (p) => files.exists(p),
    search: { roots: options.roots ?? [], searchPaths: options.searchPaths ?? [], libraryPaths: options.libraryPaths ?? [] },
  });
}

/** The first 20 ERROR/missing nodes in source order; an explicit stack, so nesting depth cannot overflow. */
function syntaxDiagnostics(file: string, tree: Tree): CoreDiagnostic[] {
  const out: CoreDiagnostic[] = [];
  const stack: SyntaxNode[] = [tree.rootNode];
  while (stack.length && out.length < 20) {
    const n = stack.pop()!;
    if (n.type === "ERROR" || n.isMissing) {
      out.push({
        file,
        range: rangeOf(n),
        severity: "error",
        code: "syntax-error",
        message: n.isMissing ? `Syntax error: missing ${n.type}` : "Syntax error",
      });
      continue;
    }
    if (!n.hasError) continue;
    const children = n.children;
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]);
  }
  return out;
}

/** Turns declared dims into a tensor value: names become symbols, "*x" a variadic lead. */
export function tensorFromSpec(dims: DimSpec[], batchSymbol = "N"): TensorV {
  let lead: string | undefined;
  const shape = [];
  for (const d of dims) {
    if (typeof d === "number") shape.push(d);
    else if (d === "?") {
      // `?` leaves the batch open: it becomes the batch symbol (setting shapeLens.batchSymbol).
      if (shape.length || lead) return tensor(null);
      shape.push(symbol(batchSymbol));
    } else if (d.startsWith("*")) {
      if (shape.length || lead) return tensor(null);
      lead = d.slice(1);
    } else shape.push(symbol(d));
  }
  return tensor(shape, { lead });
}

function requiredInitArgs(cls: Value): number {
  if (cls.kind !== "class") return 0;
  const init = cls.attrs.get("__init__");
  if (!init || init.kind !== "function") return 0;
  const params = init.node.childForFieldName("parameters")?.namedChildren ?? [];
  return params.filter((p) => p.type === "identifier" || p.type === "typed_parameter").length - 1;
}

interface Job {
  modelText: string;
  build: () => Value;
  inputs: TensorV[] | undefined;
  inputSource: string;
  className?: string;
  /** The class analysed, when the job comes from a class defined in the file. */
  cls?: ClassV;
  /** No input is declared: infer one from the first layer the input reaches (see assumedInput.ts). */
  assume?: boolean;
  /**
   * A torch.nn layer called at module level (`m = nn.Conv2d(...); m(x)`): its table is kept for
   * `summary`, its diagnostics come from the module-level run at the real call site.
   */
  quiet?: boolean;
  /** An assumed job's model as built on trial (see dropBlocks), with what building it reported. */
  trial?: { value: Value; reported: CoreDiagnostic[] };
  /** Set when building the model reported an error: PyTorch raises in its constructor. */
  buildFailed?: boolean;
  /** The model comes from an entry (a call in the file): the entry search built it. */
  fromEntry?: boolean;
  /** The model was built (on trial) before its job ran, by dropBlocks. */
  prebuilt?: boolean;
}

/** The job, noting whether building its model reports an error (builds may be memoised). */
function watchBuild(ctx: EvalContext, job: Job): Job {
  const watched: Job = { ...job };
  watched.build = () => {
    const before = ctx.errorCount;
    try {
      return job.build();
    } finally {
      if (ctx.errorCount > before) watched.buildFailed = true;
    }
  };
  return watched;
}

/**
 * Inputs given for the whole file (--input, the editor's default shape) feed its top-level models
 * only: a class that is built inside another model's module tree is one of its blocks and gets its
 * input from that model. Jobs with their own declaration or call keep their input.
 */
function dropBlocks(ctx: EvalContext, jobs: Job[], file: string): Job[] {
  const wide = (j: Job) => j.inputSource === "cli" || j.inputSource === "setting" || j.assume === true;
  if (jobs.filter(wide).length < 2) return jobs;
  const inner = new Set<ClassV>();
  for (const j of jobs) {
    let v: Value;
    try {
      ctx.runForward = false;
      // A model nobody declared is built here on trial: its construction errors are reported, if
      // it can be analysed, by its own job.
      j.prebuilt = true;
      const built = j.assume ? ctx.quietly(j.build) : { value: j.build(), reported: [] };
      v = built.value;
      if (j.assume) j.trial = built;
    } catch (e) {
      if (e instanceof BudgetExceeded || e instanceof PyRaiseSignal || isResourceError(e)) continue;
      throw e;
    }
    if (v.kind !== "instance") continue;
    for (const [p, m] of namedModules(v)) if (p !== "") inner.add(m.cls);
  }
  void file;
  return jobs.filter((j) => !wide(j) || !j.cls || !inner.has(j.cls));
}

/** Runs one model; a failure of the engine itself costs this model only, never the file's other hints. */
function runJob(ctx: EvalContext, file: string, job: Job, notes: AnalysisNote[]): ModelRun | undefined {
  const exhausted = ctx.budget.exhaustedBy;
  if (exhausted) {
    const where = job.cls?.node ?? anyNode(ctx);
    ctx.gap(
      job.cls?.file ?? file,
      where,
      `${job.modelText} was not analysed: this file's evaluation budget (${exhausted}) was used up before`,
    );
    return undefined;
  }
  try {
    return runJobUnguarded(ctx, file, job, notes);
  } catch (e) {
    if (e instanceof BudgetExceeded || e instanceof PyRaiseSignal) return undefined;
    if (e instanceof Error && e.message.startsWith("--model")) throw e;
    const reason = containedFailure(e);
    ctx.gap(file, job.cls?.node ?? anyNode(ctx), `${job.modelText} could not be analysed: ${reason}`);
    ctx.recorder = undefined;
    ctx.runForward = false;
    return undefined;
  }
}

function runJobUnguarded(ctx: EvalContext, file: string, job: Job, notes: AnalysisNote[]): ModelRun | undefined {
  if (job.assume) {
    const assumed = assumeJob(ctx, file, job, notes);
    if (!assumed) return undefined;
    job = assumed;
  }
  let instance: Value;
  const recorder = new Recorder();
  try {
    ctx.runForward = false;
    instance = job.build();
  } catch (e) {
    if (e instanceof BudgetExceeded) {
      ctx.gap(e.file || file, e.node ?? anyNode(ctx), `evaluation budget exceeded (${e.what}) while building ${job.modelText}`);
      return undefined;
    }
    if (e instanceof PyRaiseSignal) return undefined;
    throw e;
  }
  if (instance.kind !== "instance" || !instance.modules) return undefined;
  const inputs = job.inputs;
  if (!inputs) return undefined;
  const pass = () => forwardPass(ctx, file, instance as InstanceV, inputs, recorder);
  let output: Value;
  // PyTorch raises in the constructor: the model does not exist, so no shape of it is shown.
  if (job.buildFailed) {
    recorder.truncated = true;
    const report = buildReport(instance, job.modelText, inputs, { kind: "unknown" }, recorder, job.inputSource);
    return { report, recorder };
  }
  if (job.inputSource === "assumed") {
    // An error on an assumed input says the assumption was wrong, not that the model is: the
    // model then gets no shapes, and its note says why.
    const run = ctx.quietly(pass);
    const failure = run.reported.find((d) => d.severity !== "info");
    if (failure) {
      rejectAssumption(ctx, file, notes, job, failure);
      return undefined;
    }
    ctx.reportAll(run.reported);
    output = run.value;
  } else output = job.quiet ? ctx.withoutDiagnostics(pass) : pass();
  const report = buildReport(instance as InstanceV, job.modelText, inputs, output, recorder, job.inputSource);
  return { report, recorder };
}

/** The model's forward on its inputs with the recorder on; a budget cut or a raise gives unknown. */
function forwardPass(ctx: EvalContext, file: string, instance: InstanceV, inputs: TensorV[], recorder: Recorder): Value {
  ctx.recorder = recorder;
  ctx.runForward = true;
  try {
    const node = instance.origin?.node ?? anyNode(ctx);
    return callValue(ctx, instance, { args: inputs, kwargs: new Map() }, node, instance.origin?.file ?? file);
  } catch (e) {
    if (e instanceof BudgetExceeded) {
      ctx.gap(e.file || file, e.node ?? anyNode(ctx), `evaluation budget exceeded (${e.what}); shapes after this point are not shown`);
      recorder.truncated = true;
      return { kind: "unknown" };
    }
    if (isResourceError(e)) {
      // Too deep or too large a value: what was recorded before still shows, like after the budget.
      const site = ctx.userSite ?? (instance.origin ? { file: instance.origin.file, node: instance.origin.node } : undefined);
      ctx.gap(site?.file ?? file, site?.node ?? anyNode(ctx), `${containedFailure(e)}; shapes after this point are not shown`);
      recorder.truncated = true;
      ctx.callDepth = 0;
      ctx.expressionDepth = 0;
      return { kind: "unknown" };
    }
    if (e instanceof PyRaiseSignal) return { kind: "unknown" };
    throw e;
  } finally {
    ctx.recorder = undefined;
    ctx.runForward = false;
  }
}

/** Turns an "assumed" note into "not-analysed": the assumed input made the forward fail. */
function rejectAssumption(ctx: EvalContext, file: string, notes: AnalysisNote[], job: Job, failure: CoreDiagnostic): void {
  const note = notes.find((n) => n.status === "assumed" && n.name === job.className);
  if (!note) return;
  note.status = "not-analysed";
  note.message = `no input is declared, and the input assumed from its first layer (${note.message}) does not fit: line ${failure.range.start.line + 1}: ${failure.message}`;
  delete note.declaration;
  const forward = job.cls?.node ? findForward(job.cls.node) : undefined;
  const where = forward?.childForFieldName("name") ?? job.cls?.node;
  if (where) ctx.gap(file, where, `${note.name} gets no shapes: ${note.message}`);
}

/**
 * Gives an undeclared model an input: builds it, runs its forward on a stand-in input until the
 * first layer receives it, and asks that layer what it accepts. Adds an "assumed" note (or a
 * "not-analysed" one with the reason) and returns the job with the assumed input.
 */
function assumeJob(ctx: EvalContext, file: string, job: Job, notes: AnalysisNote[]): Job | undefined {
  const cls = job.cls!;
  const forward = cls.node ? findForward(cls.node) : undefined;
  const where = forward?.childForFieldName("name") ?? cls.node?.childForFieldName("name") ?? anyNode(ctx);
  const skip = (reason: string) => {
    notes.push({ file, name: cls.name, kind: "class", range: rangeOf(where), status: "not-analysed", message: reason });
    ctx.gap(file, where, `${cls.name} gets no shapes: ${reason}`);
    return undefined;
  };
  if (!forward) return skip("it defines no forward of its own");
  const params = forwardParams(forward);
  if (!params.length) return skip("its forward takes no input");
  if (params.slice(1).some((p) => !p.hasDefault))
    return skip(
      `its forward takes ${params.length} inputs and none is declared; declare them with "# shape: ${params.map((p) => `${p.name} = (...)`).join(", ")}"`,
    );
  const probe: InputProbe = { input: tensor(null) };
  let instance: Value;
  try {
    ctx.runForward = false;
    const built = job.trial ?? ctx.quietly(() => job.build());
    const failed = built.reported.find((d) => d.severity === "error");
    if (failed) return skip(`no input is declared, and building it with no arguments fails (${failed.message})`);
    instance = built.value;
    if (instance.kind !== "instance") return skip("its constructor does not give a module Shape Lens can follow");
    ctx.inputProbe = probe;
    ctx.runForward = true;
    const site = instance.origin?.node ?? forward;
    const inst = instance;
    ctx.withoutDiagnostics(() => callValue(ctx, inst, { args: [probe.input], kwargs: new Map() }, site, file));
  } catch (e) {
    // A budget cut says nothing about the model's input: say that, not a reason about its layers.
    if (e instanceof BudgetExceeded)
      return skip(`the evaluation budget (${e.what}) ran out before the layer its input reaches first was found`);
    if (!(e instanceof ProbeDone || e instanceof PyRaiseSignal)) throw e;
  } finally {
    ctx.inputProbe = undefined;
    ctx.runForward = false;
  }
  if (!probe.firstLayer) return skip("no input is declared, and its input is reshaped or combined before any layer pins its shape");
  if (probe.uncertain)
    return skip("no input is declared, and the layer its input reaches first depends on a condition Shape Lens cannot decide");
  const assumption = assumeInputFor(probe.firstLayer, currentBatchSymbol);
  if ("reason" in assumption) return skip(`no input is declared, and ${assumption.reason}`);
  const name = params[0].name;
  const indent = " ".repeat(forward.startPosition.column);
  const directive = `# shape: ${name} = (${assumption.dims.join(", ")})`;
  notes.push({
    file,
    name: cls.name,
    kind: "class",
    range: rangeOf(where),
    status: "assumed",
    message: `${name}: ${formatDims(assumption.dims)}`,
    declaration: { line: forward.startPosition.row, text: `${indent}${directive}` },
  });
  const input = tensorFromSpec(assumption.dims, currentBatchSymbol);
  if (assumption.dtype) input.dtype = assumption.dtype;
  return { ...job, assume: false, inputs: [input], inputSource: "assumed" };
}

let fallbackNode: SyntaxNode | undefined;
function anyNode(_ctx: EvalContext): SyntaxNode {
  return fallbackNode!;
}

function parseModelExpr(ctx: EvalContext, scope: Scope, expr: string): Value {
  const tree = parsePython(`(${expr})\n`);
  const stmt = tree.rootNode.namedChildren[0];
  const e = stmt?.namedChildren[0];
  if (!e || tree.rootNode.hasError) throw new Error(`--model: cannot parse the expression "${expr}"`);
  return evalExpr(ctx, scope, e);
}

export function analyzeFile(file: string, text: string, options: AnalyzeOptions = {}, tree?: Tree): FileAnalysis {
  const result: FileAnalysis = { file, hints: [], diagnostics: [], models: [], calls: [], notes: [] };
  // Warnings a rule raised outside any analysis (a hover's arithmetic, a test) are not this file's.
  takeWarnings();
  try {
    const version = options.torchVersion ?? DEFAULT_TORCH_VERSION;
    return withTorchVersion(version, () => analyze(file, text, options, tree ?? parsePythonLazy(text), result));
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    if (options.model !== undefined && msg.startsWith("--model")) throw e;
    result.diagnostics.push({
      file,
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      severity: "info",
      code: "inference-gap",
      message: `Shape Lens stopped analysing this file: internal error (${msg})`,
    });
    return result;
  }
}

function analyze(file: string, text: string, options: AnalyzeOptions, tree: Tree, result: FileAnalysis): FileAnalysis {
  const absFile = path.resolve(file);
  fallbackNode = tree.rootNode;
  currentBatchSymbol = options.batchSymbol ?? "N";
  result.diagnostics.push(...syntaxDiagnostics(file, tree));
  const tabRow = firstTabError(text.split(/\r\n|\r|\n/));
  if (tabRow !== undefined) {
    const range = { start: { line: tabRow, character: 0 }, end: { line: tabRow, character: 0 } };
    const message = "TabError: inconsistent use of tabs and spaces in indentation";
    result.diagnostics.push({ file, range, severity: "error", code: "syntax-error", message });
  }
  // With a cache, the module scope records what each job reads, and file reads are logged.
  const tracked = options.cache ? new TrackedScope(undefined, "module", absFile) : undefined;
  const incremental = options.cache && tracked ? new IncrementalRun(options.cache, tracked) : undefined;
  const ctx = makeContext(incremental ? { ...options, files: incremental.watch(options.files ?? NO_FILES) } : options);
  const scope = tracked ?? new Scope(undefined, "module", absFile);
  scope.vars.set("__name__", { kind: "str", v: path.basename(file, ".py") });
  ctx.loadedModules.set(absFile, { kind: "pymodule", name: "__main__", attrs: scope.vars });
  ctx.runForward = false;
  ctx.suppressRaiseDiagnostics = true;
  try {
    runTopLevel(ctx, scope, tree.rootNode);
    hoistMainImports(ctx, scope, tree.rootNode);
  } catch (e) {
    if (!(e instanceof BudgetExceeded)) throw e;
    ctx.gap(absFile, e.node ?? tree.rootNode, "evaluation budget exceeded while reading the module's definitions");
  }
  ctx.suppressRaiseDiagnostics = false;

  const planned = planJobs(ctx, scope, tree, text, options, absFile).map((j) => watchBuild(ctx, j));
  const jobs = dropBlocks(ctx, planned, absFile);
  incremental?.prepare(absFile, tree, options);
  const runs: JobOutcome[] = [];
  const notes: AnalysisNote[] = [];
  for (const job of jobs) {
    const fresh = (): JobOutcome | undefined => {
      const run = runJob(ctx, absFile, job, notes);
      return run && { report: run.report, recording: freezeRecorder(run.recorder) };
    };
    const run = incremental ? incremental.run(ctx, job, notes, fresh) : fresh();
    if (run) runs.push(run);
  }
  result.models = runs.map((r) => r.report);
  // A model and input named by the caller (CLI --model/--input) ask about that model alone.
  const script = options.model === undefined && options.inputs === undefined ? runScript(ctx, absFile, tree) : undefined;
  const recorded: Recorded[] = runs.map((r) => ({ recorder: r.recording, assumed: r.report.inputSource === "assumed" }));
  if (script) recorded.push({ recorder: script, assumed: false });
  const { hints, calls } = collectHints(recorded);
  result.notes = [...notes, ...silentClasses(ctx, scope, tree, jobs, runs, notes, absFile)].map((n) => ({
    ...n,
    file: n.file === absFile ? file : n.file,
  }));
  result.hints = hints.map((h) => ({ ...h, file: h.file === absFile ? file : h.file }));
  result.calls = calls.map((c) => ({
    ...c,
    file: c.file === absFile ? file : c.file,
    constructFile: c.constructFile === absFile ? file : c.constructFile,
  }));
  for (const d of ctx.diagnostics) result.diagnostics.push({ ...d, file: d.file === absFile ? file : d.file });
  for (const m of result.models) {
    for (const row of m.modules) if (row.file === absFile) row.file = file;
    for (const l of m.lines) if (l.file === absFile) l.file = file;
    if (m.classFile === absFile) m.classFile = file;
  }
  return result;
}

/**
 * Runs the file as Python would run it as a script (`__name__ == "__main__"`), forward passes
 * included, recording the values of module-level lines and of the functions and models they call:
 * notebook-style experiments (`y = conv2d(x, kernel)`, `print(m(x).shape)`) get hints this way.
 * Returns undefined when the top level holds nothing but definitions and imports.
 */
function runScript(ctx: EvalContext, file: string, tree: Tree): Recorder | undefined {
  if (!tree.rootNode.namedChildren.some(isScriptStatement)) return undefined;
  const exhausted = ctx.budget.exhaustedBy;
  if (exhausted) {
    ctx.gap(file, tree.rootNode, `module-level code was not run: this file's evaluation budget (${exhausted}) was used up before`);
    return undefined;
  }
  const scope = new Scope(undefined, "module", file);
  scope.vars.set("__name__", { kind: "str", v: "__main__" });
  const recorder = new Recorder();
  const savedModule = ctx.loadedModules.get(file);
  ctx.loadedModules.set(file, { kind: "pymodule", name: "__main__", attrs: scope.vars });
  ctx.recorder = recorder;
  ctx.runForward = true;
  ctx.scriptRun = true;
  try {
    runTopLevel(ctx, scope, tree.rootNode, true);
  } catch (e) {
    // Whatever stops the run, the lines recorded before it keep their values.
    recorder.truncated = true;
    if (e instanceof PyRaiseSignal) return recorder;
    if (e instanceof BudgetExceeded)
      ctx.gap(
        e.file || file,
        e.node ?? tree.rootNode,
        `evaluation budget exceeded (${e.what}); module-level shapes after this point are not shown`,
      );
    else {
      ctx.gap(file, ctx.userSite?.node ?? tree.rootNode, `${containedFailure(e)}; module-level shapes after this point are not shown`);
      ctx.callDepth = 0;
      ctx.expressionDepth = 0;
    }
  } finally {
    ctx.recorder = undefined;
    ctx.runForward = false;
    ctx.scriptRun = false;
    if (savedModule) ctx.loadedModules.set(file, savedModule);
  }
  return recorder;
}

/** Statements other than imports, definitions, docstrings and comments. */
function isScriptStatement(stmt: SyntaxNode): boolean {
  switch (stmt.type) {
    case "import_statement":
    case "import_from_statement":
    case "future_import_statement":
    case "function_definition":
    case "class_definition":
    case "decorated_definition":
    case "comment":
      return false;
    case "expression_statement":
      return !(stmt.namedChildren.length === 1 && stmt.namedChildren[0].type === "string");
    default:
      return true;
  }
}

/**
 * "Never silent": top-level model classes that got no shapes and no note yet, and top-level
 * functions nothing called, each with the reason.
 */
function silentClasses(
  ctx: EvalContext,
  scope: Scope,
  tree: Tree,
  jobs: Job[],
  runs: JobOutcome[],
  notes: AnalysisNote[],
  file: string,
): AnalysisNote[] {
  const out: AnalysisNote[] = [];
  const noted = new Set(notes.map((n) => n.name));
  const analysed = new Set(runs.map((r) => r.report.className));
  const planned = new Set(jobs.map((j) => j.className));
  // Classes that some analysed model builds as one of its blocks get their shapes from that model.
  const blocks = new Set<string>();
  for (const r of runs) for (const row of r.report.modules) blocks.add(row.type);
  for (const stmt of tree.rootNode.namedChildren) {
    const def = stmt.type === "decorated_definition" ? stmt.childForFieldName("definition") : stmt;
    const nameNode = def?.childForFieldName("name");
    if (!def || !nameNode) continue;
    const name = nameNode.text;
    if (def.type === "function_definition") {
      // Only functions that work with tensors are worth a note (not every utility the file has).
      if (ctx.wasCalled(scope.file, def) || !TENSOR_CODE.test(def.text)) continue;
      out.push({
        file,
        name,
        kind: "function",
        range: rangeOf(nameNode),
        status: "not-analysed",
        message: "nothing at module level or in an analysed model calls it",
      });
      continue;
    }
    if (def.type !== "class_definition") continue;
    const cls = scope.vars.get(name);
    if (cls?.kind !== "class" || !isModuleClass(cls) || noted.has(name) || analysed.has(name) || blocks.has(name)) continue;
    const forward = findForward(def);
    const where = forward?.childForFieldName("name") ?? nameNode;
    let reason: string;
    if (planned.has(name)) reason = "its construction or forward could not be evaluated (see the inference gaps)";
    else if (requiredInitArgs(cls) > 0)
      reason =
        "no input is declared and its constructor needs arguments: call it in the file (e.g. `model = " +
        name +
        "(...); model(torch.randn(...))`) or declare the input with `# shape:` on forward";
    else reason = "no input is declared (add `# shape: x = (N, ...)` above forward, or call the model in the file)";
    out.push({ file, name, kind: "class", range: rangeOf(where), status: "not-analysed", message: reason });
  }
  return out;
}

/** Text that marks a function as tensor code: torch, its nn/functional aliases, einops, shapes. */
const TENSOR_CODE = /\btorch\b|\bnn\.|\bF\.|\beinops\b|\.shape\b|\.size\(/;

/** The batch symbol of the analysis in progress (analyses run one at a time, synchronously). */
let currentBatchSymbol = "N";

function specsToTensors(specs: (number | string)[][]): TensorV[] {
  return specs.map((s) => tensorFromSpec(s, currentBatchSymbol));
}

function planJobs(ctx: EvalContext, scope: Scope, tree: Tree, text: string, options: AnalyzeOptions, file: string): Job[] {
  const lines = text.split(/\r\n|\r|\n/);
  const entries = findEntries(ctx, scope, tree.rootNode, file);
  if (options.model !== undefined) {
    const modelText = options.model;
    let built: Value | undefined;
    const build = () => {
      built ??= parseModelExpr(ctx, scope, modelText);
      if (built.kind === "instance") return built;
      const why = built.kind === "unknown" && built.reason ? ` (${built.reason})` : ` (it is a ${built.kind})`;
      throw new Error(`--model: "${modelText}" does not build a model of this file${why}`);
    };
    let inputs = options.inputs ? specsToTensors(options.inputs) : undefined;
    let inputSource = "cli";
    if (!inputs) {
      const inst = build();
      if (inst.kind === "instance") {
        const decl = inst.cls.node ? findDeclaration(inst.cls.node, lines) : undefined;
        if (decl) {
          inputs = declaredInputs(decl.shapes, decl.forward);
          inputSource = decl.source;
        } else {
          const e = entries.find((x) => x.className === inst.cls.name);
          if (e) {
            inputs = e.inputs;
            inputSource = e.source;
          } else if (options.defaultInputs) {
            inputs = specsToTensors(options.defaultInputs);
            inputSource = "setting";
          }
        }
      }
    }
    return [{ modelText, build, inputs, inputSource }];
  }

  const jobs: Job[] = [];
  const covered = new Set<string>();
  // Classes defined in this file with a declared input.
  for (const stmt of tree.rootNode.namedChildren) {
    const cls = stmt.type === "decorated_definition" ? stmt.childForFieldName("definition") : stmt;
    if (cls?.type !== "class_definition") continue;
    const name = cls.childForFieldName("name")!.text;
    const clsValue = scope.vars.get(name);
    if (clsValue?.kind !== "class" || !isModuleClass(clsValue)) continue;
    const decl = findDeclaration(cls, lines);
    const entry = entries.find((e) => e.className === name);
    let inputs: TensorV[] | undefined;
    let source = "";
    if (options.inputs) {
      inputs = specsToTensors(options.inputs);
      source = "cli";
    } else if (decl) {
      inputs = declaredInputs(decl.shapes, decl.forward);
      source = decl.source;
    } else if (entry) {
      inputs = entry.inputs;
      source = entry.source;
    } else if (options.defaultInputs) {
      inputs = specsToTensors(options.defaultInputs);
      source = "setting";
    }
    const assume = !inputs && options.assumeInputs !== false;
    if (!inputs && !assume) continue;
    let build: () => Value;
    let modelText: string;
    let fromEntry = false;
    if (entry) {
      fromEntry = true;
      build = entry.build;
      modelText = entry.modelText;
    } else {
      if (requiredInitArgs(clsValue) > 0) continue;
      modelText = `${name}()`;
      let built: Value | undefined;
      const construct = () => instantiate(ctx, clsValue, { args: [], kwargs: new Map() }, cls, file);
      // An assumed input needs a fresh model for the real pass: the trial forward may have changed it.
      build = assume ? construct : () => (built ??= construct());
    }
    covered.add(name);
    jobs.push({ modelText, build, inputs, inputSource: source, className: name, cls: clsValue, assume, fromEntry });
  }
  // Entries whose class lives in another file (imported models).
  for (const e of entries) {
    if (covered.has(e.className)) continue;
    covered.add(e.className);
    jobs.push({
      modelText: e.modelText,
      build: e.build,
      inputs: options.inputs ? specsToTensors(options.inputs) : e.inputs,
      inputSource: options.inputs ? "cli" : e.source,
      quiet: e.builtin && options.model === undefined && options.inputs === undefined,
      fromEntry: true,
    });
  }
  return jobs;
}

function declaredInputs(shapes: Map<string, DimSpec[]>, forward: SyntaxNode): TensorV[] {
  const params = forwardParams(forward);
  const out: TensorV[] = [];
  for (const p of params) {
    const s = shapes.get(p.name);
    if (s) out.push(tensorFromSpec(s, currentBatchSymbol));
    else if (p.hasDefault) break;
    else out.push(tensor(null));
  }
  return out;
}

export type { Entry, ValueJson };
