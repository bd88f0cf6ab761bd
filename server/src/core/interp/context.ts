// Evaluation context shared by every part of the interpreter: step/time budget, the diagnostics sink,
// the recorder that collects hints and module calls during a forward pass, and per-run state
// (uncertain-branch depth, call depth, loaded modules). It also holds the evaluator kernel as a typed
// `Interpreter`, through which the runtime library (builtins, torch namespace, nn, attributes, ...)
// calls back into evaluation without importing the kernel's modules.

import type { CoreDiagnostic, LayerCall, Range, ValueJson } from "../api";
import { isHintable, sizeJson, toJson } from "./json";
import { type DiagnosticCode } from "../errors";
import type { SyntaxNode } from "../parse";
import type { CallArgs, ClassV, FunctionV, InstanceV, PyModuleV, Scope, Value } from "../values";
import { PRELUDE_FILE } from "./preludeSource";
import { Budget } from "../budget";
import type { SearchRoots } from "../fileAccess";

const MAX_MESSAGE_LENGTH = 400;

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
  /** The line shows a torch.Size (`s = x.shape`, `print(y.size())`), not a tensor. */
  size?: boolean;
  /** The line prints or displays its value (`print(...)`, a bare expression) instead of assigning it. */
  display?: boolean;
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

/** One module call in the order PyTorch's forward pre-hooks see them (torchinfo's rows). */
export interface ModuleCallEvent {
  module: InstanceV;
  /** The positional arguments of the call. */
  args: Value[];
  /** Set when the call returned. */
  output?: Value;
  uncertain: boolean;
}

export function lineKey(file: string, node: SyntaxNode): string {
  return `${file}:${node.startIndex}`;
}

/** A point in a forward pass: the recorder's sequence number then. */
export type RecorderSnapshot = number;

/** Whether a value is unknown or holds an unknown item (`a, b = f(x), y` where f's result is lost). */
function lostValue(v: Value): boolean {
  return v.kind === "unknown" || ((v.kind === "tuple" || v.kind === "list") && v.items.some(lostValue));
}

/** What one forward pass produced; active only while a model's forward runs. */
export class Recorder {
  readonly lines = new Map<string, LineRecord>();
  readonly moduleCalls = new Map<InstanceV, ModuleCallRecord>();
  readonly layerCalls: { record: LayerCall; module?: InstanceV }[] = [];
  /** Every module call in call-start order (torchinfo's summary rows). */
  readonly callSequence: ModuleCallEvent[] = [];
  /** Set when the pass stopped early (budget): modules without calls are then unknown, not "not called". */
  truncated = false;
  /**
   * Set when calls may have been lost: something unknown was called, or a loop or comprehension
   * stopped before its end. A module without recorded calls may then have been called: unknown.
   */
  lostCalls = false;
  /**
   * Set when the pass met an error PyTorch surely raises (outside any try): Python stops there, so
   * nothing after it in this run records a value or reports an error (a script's next module-level
   * statement starts afresh).
   */
  halted = false;
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

  /**
   * Records the value a line produced. An assignment to one name also shows a torch.Size
   * (`s = x.shape`); a "display" line (`print(y.size())`, a bare `m.weight.shape` at module level)
   * shows the tensor or Size it prints without assigning it. A lost value is remembered as such.
   */
  recordLine(file: string, node: SyntaxNode, value: Value, uncertain: boolean, how: "assign" | "assign-one" | "display" = "assign"): void {
    if (file === PRELUDE_FILE || this.halted) return;
    const size = how === "assign" ? undefined : sizeJson(value);
    const hintable = size !== undefined || isHintable(value);
    // A tuple with a lost item (`a, b = f(x), y` where f's result is unknown) may hold tensors too.
    const lost = lostValue(value) || (value.kind === "tensor" && toJson(value) === null);
    // A bare expression that gives nothing to show (`model.eval()`, `foo()`) is no line to hint.
    if (!hintable && (!lost || how === "display")) return;
    const key = lineKey(file, node);
    let rec = this.lines.get(key);
    if (!rec) {
      rec = { file, node, values: [], uncertainValues: [] };
      if (how === "display") rec.display = true;
      this.lines.set(key, rec);
    }
    rec.lastSeq = ++this.seq;
    if (!hintable) {
      rec.sawUnknown = true;
      return;
    }
    // A line that gave a Size once and a tensor another time shows nothing rather than a mix.
    if (rec.values.length + rec.uncertainValues.length > 0 && !!rec.size !== !!size) {
      rec.values.push(null);
      return;
    }
    if (size) rec.size = true;
    (uncertain ? rec.uncertainValues : rec.values).push(size ?? toJson(value));
  }

  /** A module call starts (a forward pre-hook): the returned event gets its output when it returns. */
  beginModuleCall(module: InstanceV, args: Value[], uncertain: boolean): ModuleCallEvent {
    const event: ModuleCallEvent = { module, args, uncertain };
    this.callSequence.push(event);
    return event;
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

/** Diagnostics are reported once per place, code and message. */
function diagnosticKey(d: Pick<CoreDiagnostic, "file" | "range" | "code" | "message">): string {
  return `${d.file}:${d.range.start.line}:${d.range.start.character}:${d.code}:${d.message}`;
}

/** The stand-in input of an undeclared model, and the first layer that received it. */
export interface InputProbe {
  input: Value;
  firstLayer?: InstanceV;
  /** The first layer was reached on a path whose condition the engine could not decide. */
  uncertain?: boolean;
}

/** Thrown once the probe has found the first layer: the rest of the trial forward is not needed. */
export class ProbeDone extends Error {}

export interface EvalOptions {
  maxSteps: number;
  maxMillis: number;
  readFile: (path: string) => string | undefined;
  /** Whether a file exists (for import resolution) without reading it. */
  fileExists: (path: string) => boolean;
  /** Where imports may be resolved; none: only the importing file's own folder tree is refused. */
  search?: SearchRoots;
  /** A budget shared with other contexts of the same file analysis (default: a fresh one). */
  budget?: Budget;
}

/**
 * The evaluator kernel (expressions, statements, calls, assignment, imports) as the runtime library
 * sees it. kernel.ts builds the one implementation; the kernel's own modules use it too for their
 * back-edges (a call runs a function body, a statement evaluates expressions), so no module imports
 * one that imports it.
 */
export interface Interpreter {
  evalExpr(ctx: EvalContext, scope: Scope, node: SyntaxNode): Value;
  execBlock(ctx: EvalContext, scope: Scope, block: SyntaxNode): void;
  execStmt(ctx: EvalContext, scope: Scope, node: SyntaxNode): void;
  callValue(ctx: EvalContext, callee: Value, call: CallArgs, node: SyntaxNode, file: string): Value;
  callFunction(ctx: EvalContext, fn: FunctionV, call: CallArgs, node: SyntaxNode, definingClass?: ClassV): Value;
  newInstance(ctx: EvalContext, cls: ClassV, node: SyntaxNode | undefined, file: string): InstanceV;
  initDataclass(ctx: EvalContext, cls: ClassV, inst: InstanceV, call: CallArgs): void;
  runTopLevel(ctx: EvalContext, scope: Scope, root: SyntaxNode): void;
}

export class EvalContext {
  /** Steps and time of the whole file analysis: never reset between models or entries. */
  readonly budget: Budget;
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
  /** Keys of the diagnostics reported, with the epoch they were first reported in. */
  private readonly diagnosticKeys = new Map<string, number>();
  private diagnosticEpoch = 0;
  /**
   * Reports dropped because an earlier epoch reported the same (see beginDiagnosticEpoch): the
   * incremental cache replays a job only when none of its reports depended on an earlier job's.
   */
  earlierRepeats = 0;
  recorder: Recorder | undefined;
  /** > 0 while executing a branch whose condition is unknown. */
  uncertain = 0;
  callDepth = 0;
  /** Expressions being evaluated inside one another (capped: see limits.ts). */
  expressionDepth = 0;
  /** `uncertain` when the innermost loop started: break/continue above it are uncertain. */
  loopUncertainBase = 0;
  /** Set while evaluating code whose raises are not the user's problem (e.g. module top level). */
  suppressRaiseDiagnostics = false;
  /**
   * Above 0 while a decorated def runs: its decorator is not modelled and may have taken or added keywords
   * (torchvision's handle_legacy_interface drops `pretrained=`), so an unexpected keyword is no evidence.
   */
  inDecorated = 0;
  /** While false (module top level), calling a module does not run its forward. */
  runForward = false;
  readonly loadedModules = new Map<string, PyModuleV>();
  nextId = 1;
  /** File and node of the innermost call being evaluated (for diagnostics from rules). */
  currentFile = "";
  currentCall: SyntaxNode | undefined;
  /** The innermost call made from user code: diagnostics raised inside the prelude are reported there. */
  userSite: { file: string; node: SyntaxNode } | undefined;
  /** While inferring an undeclared model's input: the stand-in input and the first layer it reached. */
  inputProbe: InputProbe | undefined;
  /**
   * The user functions called so far (to say which functions were never analysed), by file and
   * source span: tree-sitter hands out a new object for a node whose wrapper was garbage-collected,
   * so node identity would make the answer depend on when the collector ran.
   */
  private readonly calledFunctions = new Set<string>();

  markCalled(file: string, fn: SyntaxNode): void {
    this.calledFunctions.add(`${fn.startIndex}:${fn.endIndex}:${file}`);
  }

  wasCalled(file: string, fn: SyntaxNode): boolean {
    return this.calledFunctions.has(`${fn.startIndex}:${fn.endIndex}:${file}`);
  }

  constructor(
    readonly options: EvalOptions,
    readonly interp: Interpreter,
  ) {
    this.budget = options.budget ?? new Budget(options.maxSteps, options.maxMillis);
  }

  /** Starts a new epoch of diagnostics (one per model job when the incremental cache watches). */
  beginDiagnosticEpoch(): void {
    this.diagnosticEpoch++;
  }

  /** Whether a diagnostic with this key was reported; counts repeats of earlier epochs' reports. */
  private repeated(key: string): boolean {
    const epoch = this.diagnosticKeys.get(key);
    if (epoch === undefined) return false;
    if (epoch < this.diagnosticEpoch) this.earlierRepeats++;
    return true;
  }

  get steps(): number {
    return this.budget.steps;
  }

  tick(file: string, node: SyntaxNode): void {
    const out = this.budget.tick();
    if (out) throw this.budgetExceeded(out, file, node);
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
    fixes?: CoreDiagnostic["fixes"],
  ): void {
    if (file === PRELUDE_FILE) {
      if (!this.userSite) return;
      ({ file, node } = this.userSite);
    }
    if (this.muted > 0) return;
    if (severity === "error") this.errorCount++;
    related = related?.filter((r) => r.file !== PRELUDE_FILE);
    // Reasons nest ("an operand is not known (…)"): keep messages readable and bounded.
    if (message.length > MAX_MESSAGE_LENGTH) message = `${message.slice(0, MAX_MESSAGE_LENGTH)}…`;
    const range = rangeOf(node);
    const key = diagnosticKey({ file, range, code, message });
    if (this.repeated(key)) return;
    this.diagnosticKeys.set(key, this.diagnosticEpoch);
    const d: CoreDiagnostic = { file, range, severity, code, message };
    if (related && related.length) d.related = related;
    if (fixes && fixes.length && fixes.every((f) => f.file !== PRELUDE_FILE)) d.fixes = fixes;
    this.diagnostics.push(d);
  }

  /** Runs `fn` and then forgets the diagnostics it reported (a trial run whose findings are not the user's). */
  withoutDiagnostics<T>(fn: () => T): T {
    return this.quietly(fn).value;
  }

  /** Reports diagnostics held back by `quietly`. */
  reportAll(diagnostics: CoreDiagnostic[]): void {
    for (const d of diagnostics) {
      const key = diagnosticKey(d);
      if (this.repeated(key)) continue;
      this.diagnosticKeys.set(key, this.diagnosticEpoch);
      this.diagnostics.push(d);
    }
  }

  /** Runs `fn` without reporting; returns what it would have reported. */
  quietly<T>(fn: () => T): { value: T; reported: CoreDiagnostic[] } {
    const count = this.diagnostics.length;
    const keys = new Map(this.diagnosticKeys);
    try {
      const value = fn();
      return { value, reported: this.diagnostics.slice(count) };
    } finally {
      this.diagnostics.length = count;
      this.diagnosticKeys.clear();
      for (const [k, epoch] of keys) this.diagnosticKeys.set(k, epoch);
    }
  }

  gap(file: string, node: SyntaxNode, reason: string): void {
    this.report(file, node, "info", "inference-gap", `Shape Lens cannot infer this: ${reason}`);
  }
}
