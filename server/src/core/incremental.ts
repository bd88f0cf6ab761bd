// Incremental analysis: a per-document cache of evaluated model jobs, keyed by what each job read
// (the module-level names it looked up, fingerprinted structurally: class and function text with
// positions, constants, nested values), the file's module-level statements, the options and the
// imported files' contents. A job is replayed only when all of that is unchanged; otherwise it runs.

import type { AnalysisNote, AnalyzeOptions, CoreDiagnostic, ModelReport } from "./api";
import type { FileAccess } from "./fileAccess";
import type { SyntaxNode, Tree } from "./parse";
import type { EvalContext } from "./interp/context";
import type { Recording } from "./report";
import { Scope } from "./values";
import { BoundArgs } from "./ops/args";
import type { Value } from "./values";
import { sourceScan } from "./torchinfo";

/** Most jobs kept per document (each holds one model's report and recorded lines). */
const MAX_JOBS = 160;
/** Most variants kept of one job (same class and input, different values read): undo finds them. */
const MAX_VARIANTS = 3;
/**
 * Most versions of the module-level code whose jobs are kept (the current one and two before it, for
 * undo). A job's report holds values that reach back to the syntax tree and evaluated modules of the
 * analysis that made it, so each version kept pins a whole document's worth of memory: without this
 * bound, edits at module level (which change the key of every job) let a large document fill the
 * cache with 160 versions of itself.
 */
const MAX_GENERATIONS = 3;
/** Most value nodes one fingerprint may visit; a larger value makes the job uncacheable. */
const MAX_FINGERPRINT_NODES = 20_000;

/** What one job produced and did to the shared context, enough to replay it. */
export interface JobOutcome {
  report: ModelReport;
  recording: Recording;
}

interface CachedJob {
  /** The module-level code, options and file the job ran under (IncrementalRun's key). */
  generation: string;
  /** Module-level names the job read, with the fingerprint of their value when it first read them. */
  reads: [string, string][];
  outcome: JobOutcome | undefined;
  diagnostics: CoreDiagnostic[];
  notes: AnalysisNote[];
  steps: number;
  ids: number;
  errors: number;
  /** Start positions ("row:column") of this file's top-level functions the job called. */
  called: string[];
}

/** The job as analysis.ts plans it (only what the cache needs to know). */
export interface CacheableJob {
  modelText: string;
  inputs: Value[] | undefined;
  inputSource: string;
  className?: string;
  cls?: Value;
  assume?: boolean;
  quiet?: boolean;
  fromEntry?: boolean;
  prebuilt?: boolean;
  build: () => Value;
}

/**
 * The cache of one document, kept by the host between analyses and passed in AnalyzeOptions.cache.
 * Bounded (least recently used jobs go first); drop it with the document.
 */
export class AnalysisCache {
  /** Variants of each job, the most recently used last. */
  readonly jobs = new Map<string, CachedJob[]>();
  private count = 0;
  /** The generations (module-level code keys) whose jobs are kept, the most recent last. */
  private generations: string[] = [];
  /** File reads and existence checks of the last analysis before its jobs ran, with their answers. */
  files = new Map<string, string>();
  /** Jobs replayed and run by the last analysis (for logs and tests). */
  stats = { replayed: 0, ran: 0 };

  /** Marks the job as the most recently used (adding it if new), dropping the least recently used beyond the bounds. */
  touch(key: string, job: CachedJob): void {
    const variants = (this.jobs.get(key) ?? []).filter((v) => v !== job);
    this.count -= this.jobs.get(key)?.length ?? 0;
    variants.push(job);
    if (variants.length > MAX_VARIANTS) variants.shift();
    this.jobs.delete(key);
    this.jobs.set(key, variants);
    this.count += variants.length;
    while (this.count > MAX_JOBS) {
      const [oldest, list] = this.jobs.entries().next().value ?? [];
      if (oldest === undefined || !list) break;
      this.jobs.delete(oldest);
      this.count -= list.length;
    }
  }

  /** Makes `generation` the current one, dropping the jobs of generations beyond MAX_GENERATIONS. */
  enter(generation: string): void {
    if (this.generations[this.generations.length - 1] === generation) return;
    this.generations = [...this.generations.filter((g) => g !== generation), generation];
    if (this.generations.length <= MAX_GENERATIONS) return;
    this.generations = this.generations.slice(-MAX_GENERATIONS);
    const kept = new Set(this.generations);
    for (const [key, variants] of this.jobs) {
      const live = variants.filter((v) => kept.has(v.generation));
      this.count -= variants.length - live.length;
      if (live.length) this.jobs.set(key, live);
      else this.jobs.delete(key);
    }
  }

  clear(): void {
    this.jobs.clear();
    this.count = 0;
    this.generations = [];
  }
}

/** The module scope's variables, recording what a job reads and whether it writes while tracking. */
export class TrackedVars extends Map<string, Value> {
  reads: Map<string, string | undefined> | undefined;
  wrote = false;
  readAll = false;
  fingerprint: (v: Value | undefined) => string | undefined = () => undefined;

  private note(key: string): void {
    if (this.reads && !this.reads.has(key)) this.reads.set(key, this.fingerprint(super.get(key)));
  }
  override get(key: string): Value | undefined {
    this.note(key);
    return super.get(key);
  }
  override has(key: string): boolean {
    this.note(key);
    return super.has(key);
  }
  /** The value without recording a read. */
  peek(key: string): Value | undefined {
    return super.get(key);
  }
  override set(key: string, value: Value): this {
    if (this.reads) this.wrote = true;
    return super.set(key, value);
  }
  override delete(key: string): boolean {
    if (this.reads) this.wrote = true;
    return super.delete(key);
  }
  override clear(): void {
    if (this.reads) this.wrote = true;
    super.clear();
  }
  override get size(): number {
    if (this.reads) this.readAll = true;
    return super.size;
  }
  override forEach(fn: (value: Value, key: string, map: Map<string, Value>) => void): void {
    if (this.reads) this.readAll = true;
    super.forEach(fn);
  }
  override entries(): MapIterator<[string, Value]> {
    if (this.reads) this.readAll = true;
    return super.entries();
  }
  override keys(): MapIterator<string> {
    if (this.reads) this.readAll = true;
    return super.keys();
  }
  override values(): MapIterator<Value> {
    if (this.reads) this.readAll = true;
    return super.values();
  }
  override [Symbol.iterator](): MapIterator<[string, Value]> {
    if (this.reads) this.readAll = true;
    return super.entries();
  }
}

/** A module scope whose variables record reads (see TrackedVars). */
export class TrackedScope extends Scope {
  override readonly vars = new TrackedVars();
}

/** File access that records every answer given, so that a later analysis can tell whether any changed. */
export function watchedFiles(files: FileAccess, log: Map<string, string>): FileAccess & { count(): number } {
  let count = 0;
  return {
    read: (file) => {
      count++;
      const text = files.read(file);
      log.set(`r:${file}`, text ?? "\u0000missing");
      return text;
    },
    exists: (file) => {
      count++;
      const yes = files.exists(file);
      log.set(`e:${file}`, yes ? "1" : "0");
      return yes;
    },
    count: () => count,
  };
}

function sameMap(a: Map<string, string>, b: Map<string, string>): boolean {
  if (a.size !== b.size) return false;
  for (const [k, v] of a) if (b.get(k) !== v) return false;
  return true;
}

function position(node: SyntaxNode): string {
  return `${node.startPosition.row}:${node.startPosition.column}-${node.endPosition.row}:${node.endPosition.column}`;
}

/**
 * A definition's qualname without the offset it holds (`file:offset:name`, `<lambda>@offset`): an
 * edit earlier in the file shifts every offset after it. The engine uses qualnames only to tell
 * definitions apart, and the fingerprint also holds each definition's position and text.
 */
function stableQualname(qualname: string): string {
  return qualname.replace(/:\d+:/, "::").replace(/@\d+$/, "@");
}

/**
 * A structural fingerprint of a value: equal fingerprints mean the same value as far as the
 * interpreter can observe (object identity aside). Undefined when the value holds something the
 * fingerprint cannot describe or is too large; a job that reads such a value is never cached.
 */
export function fingerprintValue(value: Value | undefined, main: Scope): string | undefined {
  const out: string[] = [];
  const seen = new Map<object, number>();
  let nodes = 0;
  const scopeFp = (scope: Scope): boolean => {
    for (let s: Scope | undefined = scope; s; s = s.parent) {
      if (s === main) {
        out.push("M");
        return true;
      }
      const at = seen.get(s);
      if (at !== undefined) {
        out.push(`@${at}`);
        return true;
      }
      seen.set(s, seen.size);
      out.push(`S${s.kind}:${s.file}{`);
      if (s.pendingReturns || s.uncertainRest !== undefined) return false;
      for (const [k, v] of s.vars) {
        out.push(k, "=");
        if (!fp(v)) return false;
      }
      out.push("}");
    }
    return true;
  };
  const mapFp = (m: Map<string, Value>): boolean => {
    out.push("{");
    for (const [k, v] of m) {
      out.push(k, "=");
      if (!fp(v)) return false;
    }
    out.push("}");
    return true;
  };
  // A layer rule's configuration: plain data (numbers, arrays, plain objects, Maps, values made of
  // those); anything else (a syntax node, a class instance) is not described.
  const dataFp = (x: unknown): boolean => {
    if (++nodes > MAX_FINGERPRINT_NODES) return false;
    if (x === null || x === undefined || typeof x === "number" || typeof x === "string" || typeof x === "boolean") {
      out.push(x === undefined ? "u" : JSON.stringify(x));
      return true;
    }
    if (typeof x === "symbol") {
      out.push(`sym ${x.description ?? ""}`);
      return true;
    }
    if (typeof x !== "object") return false;
    const at = seen.get(x);
    if (at !== undefined) {
      out.push(`@${at}`);
      return true;
    }
    seen.set(x, seen.size);
    if (Array.isArray(x)) {
      out.push("[");
      for (const item of x) if (!dataFp(item)) return false;
      out.push("]");
      return true;
    }
    if (x instanceof BoundArgs) {
      // A layer's constructor arguments as bound (values are interpreter values).
      out.push(`args ${x.op}`);
      if (!mapFp(x.values) || !mapFp(x.extra)) return false;
      for (const item of x.rest) if (!fp(item)) return false;
      return true;
    }
    if (x instanceof Map) {
      out.push("map{");
      for (const [k, item] of x) if (!dataFp(k) || !dataFp(item)) return false;
      out.push("}");
      return true;
    }
    const proto: unknown = Object.getPrototypeOf(x);
    if (proto !== Object.prototype && proto !== null) return false;
    out.push("{");
    for (const k of Object.keys(x)) {
      const item: unknown = Reflect.get(x, k);
      out.push(k, ":");
      if (!dataFp(item)) return false;
    }
    out.push("}");
    return true;
  };
  const fp = (v: Value | undefined): boolean => {
    if (++nodes > MAX_FINGERPRINT_NODES) return false;
    if (v === undefined) {
      out.push("-");
      return true;
    }
    switch (v.kind) {
      case "int":
      case "float":
      case "bool":
      case "str":
      case "none":
      case "ellipsis":
      case "unknown":
      case "opaque":
        out.push(JSON.stringify(v));
        return true;
      case "tensor": {
        const { origin, storage, ...rest } = v;
        out.push(
          JSON.stringify(rest),
          origin ? `o${origin.file}:${position(origin.node)}:${origin.what}` : "",
          storage ? `s${storage.alive}` : "",
        );
        return true;
      }
      case "builtin":
        // Builtins come from the engine's tables: their name says which.
        out.push(`B${v.name}`);
        return true;
      default:
        break;
    }
    const at = seen.get(v);
    if (at !== undefined) {
      out.push(`@${at}`);
      return true;
    }
    seen.set(v, seen.size);
    switch (v.kind) {
      case "tuple":
      case "list":
        out.push(`${v.kind}${v.kind === "tuple" ? (v.isSize ? "S" : "") : v.poisoned ? "P" : ""}[`);
        for (const item of v.items) if (!fp(item)) return false;
        out.push("]");
        return true;
      case "dict":
        out.push(`dict${v.poisoned ? "P" : ""}{`);
        if (v.moduleOwner || v.attrsOwner) return false;
        for (const [k, [kv, vv]] of v.entries) {
          out.push(k, ":");
          if (!fp(kv) || !fp(vv)) return false;
        }
        out.push("}");
        return true;
      case "set":
        out.push("set{", [...v.entries.keys()].join(","), "}");
        return true;
      case "slice":
        out.push("slice");
        return fp(v.start) && fp(v.stop) && fp(v.step);
      case "function":
        out.push(
          `fn ${v.name} ${stableQualname(v.qualname)} ${v.file}:${position(v.node)} ${v.isStatic ? "s" : ""}${v.isClassMethod ? "c" : ""}${v.isProperty ? "p" : ""}`,
          v.node.text,
        );
        if (!mapFp(v.defaults) || !scopeFp(v.closure)) return false;
        if (v.owner && !fp(v.owner)) return false;
        return true;
      case "bound":
        out.push("bound");
        return fp(v.self) && fp(v.fn);
      case "partial":
        out.push("partial");
        if (!fp(v.fn)) return false;
        for (const a of v.args) if (!fp(a)) return false;
        return mapFp(v.kwargs);
      case "class":
        if (v.builtin) {
          out.push(`C${v.qualname}:${v.builtin.typeName}`);
          return true;
        }
        out.push(
          `class ${v.name} ${stableQualname(v.qualname)} ${v.file}:${v.node ? position(v.node) : ""} ${v.isDataclass ? "d" : ""}`,
          v.node?.text ?? "",
        );
        for (const b of v.bases) if (!fp(b)) return false;
        if (v.dataclassFields) {
          for (const f of v.dataclassFields) {
            out.push(f.name);
            if (!fp(f.default)) return false;
          }
        }
        return mapFp(v.attrs);
      case "instance": {
        out.push("inst");
        if (!fp(v.cls) || !mapFp(v.attrs)) return false;
        if (v.modules) {
          out.push("modules{");
          for (const [k, m] of v.modules) {
            out.push(k);
            if (!fp(m)) return false;
          }
          out.push("}");
        }
        if (v.ownParams) out.push("own", JSON.stringify([...v.ownParams]));
        if (v.layer) {
          out.push(`layer ${v.layer.params}`);
          if (!dataFp(v.layer.config)) return false;
        }
        out.push(v.origin ? `${v.origin.file}:${position(v.origin.node)}` : "");
        return true;
      }
      case "super":
        out.push("super");
        return fp(v.cls) && fp(v.self);
      case "pymodule":
        if (v.attrs === main.vars) {
          out.push("MAIN");
          return true;
        }
        if (v.library) {
          out.push(`L${v.name}`);
          return true;
        }
        out.push(`mod ${v.name}${v.lookup ? " lookup" : ""}`);
        return mapFp(v.attrs);
    }
  };
  return fp(value) ? out.join("\u0001") : undefined;
}

/** The text of the options that change what a job computes (the file access aside). */
function optionsKey(options: AnalyzeOptions): string {
  return JSON.stringify([
    options.model,
    options.inputs,
    options.defaultInputs,
    options.maxSteps,
    options.batchSymbol,
    options.assumeInputs,
    options.torchVersion,
  ]);
}

/**
 * Module-level code other than plain class and function definitions (imports, assignments,
 * calls, decorated definitions): it can change state no fingerprint sees (e.g. patch torch), so
 * any change to it re-runs every job.
 */
function moduleCodeKey(tree: Tree): string {
  const parts: string[] = [];
  for (const stmt of tree.rootNode.namedChildren) {
    if (stmt.type === "class_definition" || stmt.type === "function_definition" || stmt.type === "comment") continue;
    parts.push(`${position(stmt)}\u0001${stmt.text}`);
  }
  return parts.join("\u0002");
}

/** The file's top-level function definitions (decorated ones too), keyed by start position. */
function topLevelFunctions(tree: Tree): Map<string, SyntaxNode> {
  const out = new Map<string, SyntaxNode>();
  for (const stmt of tree.rootNode.namedChildren) {
    const def = stmt.type === "decorated_definition" ? stmt.childForFieldName("definition") : stmt;
    if (def?.type === "function_definition") out.set(`${def.startPosition.row}:${def.startPosition.column}`, def);
  }
  return out;
}

/** One analysis's use of the cache. */
export class IncrementalRun {
  private key: string | undefined;
  private readonly vars: TrackedVars;
  readonly fileLog = new Map<string, string>();
  private files: (FileAccess & { count(): number }) | undefined;
  /** This file's top-level function definitions, by start position. */
  private defs = new Map<string, SyntaxNode>();
  private file = "";

  constructor(
    private readonly cache: AnalysisCache,
    private readonly scope: TrackedScope,
  ) {
    this.vars = scope.vars;
    this.vars.fingerprint = (v) => fingerprintValue(v, scope);
    cache.stats = { replayed: 0, ran: 0 };
  }

  /** The file access to analyse with, recording what it answers. */
  watch(files: FileAccess): FileAccess {
    this.files = watchedFiles(files, this.fileLog);
    return this.files;
  }

  /**
   * Called once the module's definitions ran and the jobs are planned, before any job runs. Jobs
   * whose model was built before them (entries, trial builds) are never cached: see describe.
   */
  prepare(file: string, tree: Tree, options: AnalyzeOptions): void {
    if (!sameMap(this.fileLog, this.cache.files)) {
      this.cache.clear();
      this.cache.files = new Map(this.fileLog);
    }
    this.defs = topLevelFunctions(tree);
    this.file = file;
    // The summary's dtype and requires_grad scans read the whole text, comments included.
    const scan = sourceScan(tree);
    this.key = `${file}\u0003${optionsKey(options)}\u0003${moduleCodeKey(tree)}\u0003${scan.dtype}${scan.grad}`;
    this.cache.enter(this.key);
  }

  /** Runs one job, or replays it from the cache when nothing it depends on changed. */
  run(ctx: EvalContext, job: CacheableJob, notes: AnalysisNote[], fresh: () => JobOutcome | undefined): JobOutcome | undefined {
    const generation = this.key;
    const desc = generation !== undefined && !ctx.budget.exhaustedBy ? this.describe(job) : undefined;
    if (generation === undefined || desc === undefined) {
      this.cache.stats.ran++;
      return fresh();
    }
    const key = `${generation}\u0003${desc}\u0003${ctx.skippedWrites}`;
    const hit = this.cache.jobs.get(key)?.find((v) => this.valid(v, ctx));
    if (hit) {
      this.cache.touch(key, hit);
      this.cache.stats.replayed++;
      return this.replay(ctx, hit, notes);
    }
    this.cache.stats.ran++;
    const before = {
      diagnostics: ctx.diagnostics.length,
      notes: notes.length,
      steps: ctx.budget.steps,
      ids: ctx.nextId,
      errors: ctx.errorCount,
      repeats: ctx.earlierRepeats,
      modules: ctx.loadedModules.size,
      called: new Set([...this.defs].filter(([, node]) => ctx.wasCalled(this.file, node)).map(([at]) => at)),
      files: this.files?.count() ?? 0,
      skipped: ctx.skippedWrites,
    };
    ctx.beginDiagnosticEpoch();
    this.vars.reads = new Map();
    this.vars.wrote = false;
    this.vars.readAll = false;
    let outcome: JobOutcome | undefined;
    let reads: Map<string, string | undefined>;
    try {
      outcome = fresh();
    } finally {
      reads = this.vars.reads;
      this.vars.reads = undefined;
    }
    const cacheable =
      !ctx.budget.exhaustedBy &&
      !this.vars.wrote &&
      !this.vars.readAll &&
      ctx.earlierRepeats === before.repeats &&
      ctx.loadedModules.size === before.modules &&
      (this.files?.count() ?? 0) === before.files &&
      ctx.skippedWrites === before.skipped &&
      ctx.diagnostics.length >= before.diagnostics &&
      [...reads].every(([name, print]) => print !== undefined && fingerprintValue(this.vars.peek(name), this.scope) === print) &&
      // The entry's model is unchanged by the pass (else a replay would miss the change).
      (!job.fromEntry || this.describe(job) === desc);
    if (!cacheable) return outcome;
    const called = [...this.defs].filter(([at, node]) => !before.called.has(at) && ctx.wasCalled(this.file, node)).map(([at]) => at);
    this.cache.touch(key, {
      generation,
      reads: [...reads].map(([name, print]) => [name, print ?? ""]),
      outcome,
      diagnostics: ctx.diagnostics.slice(before.diagnostics),
      notes: notes.slice(before.notes).map((n) => ({ ...n })),
      steps: ctx.budget.steps - before.steps,
      ids: ctx.nextId - before.ids,
      errors: ctx.errorCount - before.errors,
      called,
    });
    return outcome;
  }

  /** The job's own part of the key; undefined for jobs whose model was built outside them. */
  private describe(job: CacheableJob): string | undefined {
    if (job.prebuilt || job.quiet) return undefined;
    // A model the entry search built is part of the key as it is (its layers, attributes and class).
    const subject = job.fromEntry ? job.build() : job.cls;
    if (!subject) return undefined;
    const cls = fingerprintValue(subject, this.scope);
    if (cls === undefined) return undefined;
    const inputs: string[] = [];
    for (const t of job.inputs ?? []) {
      const p = fingerprintValue(t, this.scope);
      if (p === undefined) return undefined;
      inputs.push(p);
    }
    return JSON.stringify([
      job.modelText,
      job.className,
      job.inputSource,
      job.assume === true,
      job.fromEntry === true,
      job.inputs ? inputs : null,
      cls,
    ]);
  }

  private valid(hit: CachedJob, ctx: EvalContext): boolean {
    if (ctx.budget.steps + hit.steps > ctx.budget.maxSteps) return false;
    return hit.reads.every(([name, print]) => fingerprintValue(this.vars.peek(name), this.scope) === print);
  }

  private replay(ctx: EvalContext, hit: CachedJob, notes: AnalysisNote[]): JobOutcome | undefined {
    ctx.budget.steps += hit.steps;
    ctx.nextId += hit.ids;
    ctx.errorCount += hit.errors;
    ctx.reportAll(hit.diagnostics);
    for (const n of hit.notes) notes.push({ ...n });
    for (const at of hit.called) {
      const node = this.defs.get(at);
      if (node) ctx.markCalled(this.file, node);
    }
    return hit.outcome;
  }
}
