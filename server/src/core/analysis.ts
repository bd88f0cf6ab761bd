// Entry point of the shape engine: analyses one Python file and returns hints, diagnostics, layer
// calls and per-model summaries as plain data (see api.ts). Never throws: any internal failure
// becomes an inference-gap diagnostic and an empty result.

import * as path from "path";
import "./ops/index";
import { AnalyzeOptions, CoreDiagnostic, FileAnalysis, ModelReport, ValueJson } from "./api";
import { parsePython, SyntaxNode, Tree } from "./parse";
import { symbol } from "./dim";
import { ClassV, InstanceV, Scope, TensorV, Value, tensor } from "./values";
import { BudgetExceeded, EvalContext, Recorder, rangeOf } from "./interp/context";
import { runTopLevel } from "./interp/imports";
import { callValue, instantiate } from "./interp/calls";
import { evalExpr } from "./interp/expressions";
import { DimSpec, findDeclaration } from "./declarations";
import { findEntries, Entry } from "./entries";
import { buildReport, collectHints } from "./report";
import { isModuleClass } from "./interp/classes";
import { namedModules } from "./interp/nn";
import { PyRaiseSignal } from "./interp/signals";
import { Budget } from "./budget";
import { NO_FILES } from "./fileAccess";
import { containedFailure, isResourceError } from "./limits";
import { firstTabError } from "./tabs";

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
  return new EvalContext({
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
}

/**
 * Inputs given for the whole file (--input, the editor's default shape) feed its top-level models
 * only: a class that is built inside another model's module tree is one of its blocks and gets its
 * input from that model. Jobs with their own declaration or call keep their input.
 */
function dropBlocks(ctx: EvalContext, jobs: Job[], file: string): Job[] {
  const wide = (j: Job) => j.inputSource === "cli" || j.inputSource === "setting";
  if (jobs.filter(wide).length < 2) return jobs;
  const inner = new Set<ClassV>();
  for (const j of jobs) {
    let v: Value;
    try {
      ctx.runForward = false;
      v = j.build();
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
function runJob(ctx: EvalContext, file: string, job: Job): ModelRun | undefined {
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
    return runJobUnguarded(ctx, file, job);
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

function runJobUnguarded(ctx: EvalContext, file: string, job: Job): ModelRun | undefined {
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
  let output: Value;
  ctx.recorder = recorder;
  ctx.runForward = true;
  try {
    const node = instance.origin?.node ?? anyNode(ctx);
    output = callValue(ctx, instance, { args: inputs, kwargs: new Map() }, node, instance.origin?.file ?? file);
  } catch (e) {
    if (e instanceof BudgetExceeded) {
      ctx.gap(e.file || file, e.node ?? anyNode(ctx), `evaluation budget exceeded (${e.what}); shapes after this point are not shown`);
      output = { kind: "unknown" };
      recorder.truncated = true;
    } else if (isResourceError(e)) {
      // Too deep or too large a value: what was recorded before still shows, like after the budget.
      const site = ctx.userSite ?? (instance.origin ? { file: instance.origin.file, node: instance.origin.node } : undefined);
      ctx.gap(site?.file ?? file, site?.node ?? anyNode(ctx), `${containedFailure(e)}; shapes after this point are not shown`);
      output = { kind: "unknown" };
      recorder.truncated = true;
      ctx.callDepth = 0;
      ctx.expressionDepth = 0;
    } else if (e instanceof PyRaiseSignal) output = { kind: "unknown" };
    else throw e;
  } finally {
    ctx.recorder = undefined;
    ctx.runForward = false;
  }
  const report = buildReport(instance as InstanceV, job.modelText, inputs, output, recorder, job.inputSource);
  return { report, recorder };
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
  const result: FileAnalysis = { file, hints: [], diagnostics: [], models: [], calls: [] };
  try {
    return analyze(file, text, options, tree ?? parsePython(text), result);
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
  const ctx = makeContext(options);
  const scope = new Scope(undefined, "module", absFile);
  scope.vars.set("__name__", { kind: "str", v: path.basename(file, ".py") });
  ctx.loadedModules.set(absFile, { kind: "pymodule", name: "__main__", attrs: scope.vars });
  ctx.runForward = false;
  ctx.suppressRaiseDiagnostics = true;
  try {
    runTopLevel(ctx, scope, tree.rootNode);
  } catch (e) {
    if (!(e instanceof BudgetExceeded)) throw e;
    ctx.gap(absFile, e.node ?? tree.rootNode, "evaluation budget exceeded while reading the module's definitions");
  }
  ctx.suppressRaiseDiagnostics = false;

  const jobs = dropBlocks(ctx, planJobs(ctx, scope, tree, text, options, absFile), absFile);
  const runs: ModelRun[] = [];
  for (const job of jobs) {
    const run = runJob(ctx, absFile, job);
    if (run) runs.push(run);
  }
  result.models = runs.map((r) => r.report);
  const { hints, calls } = collectHints(runs.map((r) => r.recorder));
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
    if (!inputs) continue;
    let build: () => Value;
    let modelText: string;
    if (entry) {
      build = entry.build;
      modelText = entry.modelText;
    } else {
      if (requiredInitArgs(clsValue) > 0) continue;
      modelText = `${name}()`;
      let built: Value | undefined;
      build = () => (built ??= instantiate(ctx, clsValue, { args: [], kwargs: new Map() }, cls, file));
    }
    covered.add(name);
    jobs.push({ modelText, build, inputs, inputSource: source, className: name, cls: clsValue });
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
    });
  }
  return jobs;
}

function declaredInputs(shapes: Map<string, DimSpec[]>, forward: SyntaxNode): TensorV[] {
  const { forwardParams } = require("./declarations") as typeof import("./declarations");
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
