// Evaluation context shared by every part of the interpreter: step/time budget, the diagnostics sink,
// the recorder that collects hints and module calls during a forward pass, and per-run state
// (uncertain-branch depth, call depth, loaded modules).

import type { CoreDiagnostic, LayerCall, Range, ValueJson } from "../api";
import { isHintable, toJson } from "./json";
import { DiagnosticCode } from "../errors";
import type { SyntaxNode } from "../parse";
import type { InstanceV, PyModuleV, Value } from "../values";
import { PRELUDE_FILE } from "./preludeSource";

export class BudgetExceeded extends Error {
  constructor(
    readonly what: "steps" | "time" | "depth",
    readonly file: string,
    readonly node: SyntaxNode | undefined,
  ) {
    super(`evaluation budget exceeded (${what})`);
  }
}

export function rangeOf(node: SyntaxNode): Range {
  return {
    start: { line: node.startPosition.row, character: node.startPosition.column },
    end: { line: node.endPosition.row, character: node.endPosition.column },
  };
}

/** Values seen at one assignment during a forward pass, as JSON snapshots taken when it ran. */
export interface LineRecord {
  file: string;
  node: SyntaxNode;
  /** Hint-worthy values from executions on known paths. */
  values: ValueJson[];
  /** The same from executions under a condition the engine could not decide. */
  uncertainValues: ValueJson[];
  /** Some execution gave a value the engine lost (unknown, or a tensor of unknown shape). */
  sawUnknown?: boolean;
  /** The recorder's sequence number when this line last recorded (see Recorder.snapshot). */
  lastSeq?: number;
}

export interface ModuleCallRecord {
  /** Outputs of calls on known paths, snapshotted when the call returned. */
  outputs: ValueJson[];
  /** Outputs of calls made under a condition the engine could not decide. */
  uncertainOutputs: ValueJson[];
  /** MACs summed over the calls on known paths; null when any is unknown. */
  macs: number | null;
  /** The recorder's sequence number when this module last recorded a call. */
  lastSeq?: number;
}

export function lineKey(file: string, node: SyntaxNode): string {
  return `${file}:${node.startIndex}`;
}

/** A point in a forward pass: the recorder's sequence number then. */
export type RecorderSnapshot = number;

/** What one forward pass produced; active only while a model's forward runs. */
export class Recorder {
  readonly lines = new Map<string, LineRecord>();
  readonly moduleCalls = new Map<InstanceV, ModuleCallRecord>();
  readonly layerCalls: { record: LayerCall; module?: InstanceV }[] = [];
  /** Set when the pass stopped early (budget): modules without calls are then unknown, not "not called". */
  truncated = false;
  /**
   * Set when calls may have been lost: something unknown was called, or a loop or comprehension
   * stopped before its end. A module without recorded calls may then have been called: unknown.
   */
  lostCalls = false;
  /** Lines and modules whose recorded values may miss some (they ran inside a loop that was given up). */
  readonly incompleteLines = new Set<string>();
  readonly incompleteModules = new Set<InstanceV>();

  /** Counts every record, so that a region of code can tell what it recorded (cheaply: one number). */
  private seq = 0;

  /** The current point of the pass; records made after it have a larger sequence number. */
  snapshot(): RecorderSnapshot {
    return this.seq;
  }

  /** Marks every line and module that recorded a value since `since` as possibly missing values. */
  markIncompleteSince(since: RecorderSnapshot): void {
    this.lostCalls = true;
    for (const [k, r] of this.lines) if ((r.lastSeq ?? 0) > since) this.incompleteLines.add(k);
    for (const [m, r] of this.moduleCalls) if ((r.lastSeq ?? 0) > since) this.incompleteModules.add(m);
  }

  recordLine(file: string, node: SyntaxNode, value: Value, uncertain: boolean): void {
    if (file === PRELUDE_FILE) return;
    const hintable = isHintable(value);
    const lost = value.kind === "unknown" || (value.kind === "tensor" && toJson(value) === null);
    if (!hintable && !lost) return;
    const key = lineKey(file, node);
    let rec = this.lines.get(key);
    if (!rec) {
      rec = { file, node, values: [], uncertainValues: [] };
      this.lines.set(key, rec);
    }
    if (hintable) (uncertain ? rec.uncertainValues : rec.values).push(toJson(value));
    else rec.sawUnknown = true;
    rec.lastSeq = ++this.seq;
  }

  recordModuleCall(module: InstanceV, output: Value, uncertain: boolean, macs: number | null): void {
    let rec = this.moduleCalls.get(module);
    if (!rec) {
      rec = { outputs: [], uncertainOutputs: [], macs: 0 };
      this.moduleCalls.set(module, rec);
    }
    rec.lastSeq = ++this.seq;
    if (uncertain) {
      rec.uncertainOutputs.push(toJson(output));
      return;
    }
    rec.outputs.push(toJson(output));
    rec.macs = rec.macs === null || macs === null ? null : rec.macs + macs;
  }
}

export interface EvalOptions {
  maxSteps: number;
  maxMillis: number;
  readFile: (path: string) => string | undefined;
  /** Whether a file exists (for import resolution) without reading it. */
  fileExists: (path: string) => boolean;
}

export class EvalContext {
  steps = 0;
  private deadline: number;
  readonly diagnostics: CoreDiagnostic[] = [];
  /** Error diagnostics reported so far, repeats included (to tell whether some code raised). */
  errorCount = 0;
  /** > 0 while evaluating code speculatively (finding entries): its diagnostics are not the user's. */
  muted = 0;
  /**
   * Set when code that may write attributes was skipped (a loop given up before its body ran, a generator
   * function): from then on no attribute is known to be missing (hasattr stays unknown).
   */
  skippedWrites = false;
  private readonly diagnosticKeys = new Set<string>();
  recorder: Recorder | undefined;
  /** > 0 while executing a branch whose condition is unknown. */
  uncertain = 0;
  callDepth = 0;
  /** `uncertain` when the innermost loop started: break/continue above it are uncertain. */
  loopUncertainBase = 0;
  /** Set while evaluating code whose raises are not the user's problem (e.g. module top level). */
  suppressRaiseDiagnostics = false;
  /** While false (module top level), calling a module does not run its forward. */
  runForward = false;
  readonly loadedModules = new Map<string, PyModuleV>();
  nextId = 1;
  /** File and node of the innermost call being evaluated (for diagnostics from rules). */
  currentFile = "";
  currentCall: SyntaxNode | undefined;
  /** The innermost call made from user code: diagnostics raised inside the prelude are reported there. */
  userSite: { file: string; node: SyntaxNode } | undefined;

  constructor(readonly options: EvalOptions) {
    this.deadline = Date.now() + options.maxMillis;
  }

  resetBudget(): void {
    this.steps = 0;
    this.deadline = Date.now() + this.options.maxMillis;
  }

  tick(file: string, node: SyntaxNode): void {
    this.steps++;
    if (this.steps > this.options.maxSteps) throw this.budgetExceeded("steps", file, node);
    if ((this.steps & 255) === 0 && Date.now() > this.deadline) throw this.budgetExceeded("time", file, node);
  }

  /** The budget error, located in user code when it strikes inside the prelude. */
  budgetExceeded(what: BudgetExceeded["what"], file: string, node: SyntaxNode): BudgetExceeded {
    if (file === PRELUDE_FILE && this.userSite) return new BudgetExceeded(what, this.userSite.file, this.userSite.node);
    return new BudgetExceeded(what, file, node);
  }

  report(
    file: string,
    node: SyntaxNode,
    severity: CoreDiagnostic["severity"],
    code: DiagnosticCode,
    message: string,
    related?: CoreDiagnostic["related"],
  ): void {
    if (file === PRELUDE_FILE) {
      if (!this.userSite) return;
      ({ file, node } = this.userSite);
    }
    if (this.muted > 0) return;
    if (severity === "error") this.errorCount++;
    related = related?.filter((r) => r.file !== PRELUDE_FILE);
    const range = rangeOf(node);
    const key = `${file}:${range.start.line}:${range.start.character}:${code}:${message}`;
    if (this.diagnosticKeys.has(key)) return;
    this.diagnosticKeys.add(key);
    const d: CoreDiagnostic = { file, range, severity, code, message };
    if (related && related.length) d.related = related;
    this.diagnostics.push(d);
  }

  gap(file: string, node: SyntaxNode, reason: string): void {
    this.report(file, node, "info", "inference-gap", `Shape Lens cannot infer this: ${reason}`);
  }
}
