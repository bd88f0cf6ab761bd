// Open documents: incremental text sync, the tree-sitter tree kept in step with every edit (tree.edit
// then an incremental re-parse), debounced analysis that a newer edit supersedes (a request for a
// stale document analyses it at once), results cached per document version, the per-document
// incremental cache of the engine, and re-analysis of documents whose imported files changed.

import * as path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { TextDocument } from "vscode-languageserver-textdocument";
import type { TextDocumentContentChangeEvent } from "vscode-languageserver-textdocument";
import { analyzeFile } from "./core/analysis";
import { AnalysisCache } from "./core/incremental";
import type { AnalyzeOptions, FileAnalysis } from "./core/api";
import { parseNative } from "./core/parse";
import type { Edit, NativeTree, Tree } from "./core/parse";
import { log } from "./logger";
import { DEFAULT_MAX_FILE_BYTES, formatBytes, hostFileAccess } from "./hostFiles";
import type { FileAccess } from "./core/fileAccess";
import { isInside } from "./core/fileAccess";

export interface Analysis {
  version: number;
  /** Generation of the settings the analysis used; bumped when settings change. */
  generation: number;
  result: FileAnalysis;
  millis: number;
}

export interface DocState {
  uri: string;
  /** File-system path for file: URIs, the URI itself otherwise; what the engine calls `file`. */
  file: string;
  doc: TextDocument;
  /** Latest tree-sitter tree, for incremental re-parsing only: after edits it is edited but not yet re-parsed until treeVersion catches up. */
  native?: NativeTree;
  /** The engine's tree of version treeVersion (converted from `native`). */
  tree?: Tree;
  treeVersion: number;
  analysis?: Analysis;
  timer?: NodeJS.Timeout;
  waiters: ((a: Analysis | undefined) => void)[];
  /** Paths the last analysis read through readFile (imports). */
  deps: Set<string>;
  /** The engine's incremental cache for this document (bounded; dropped with the document). */
  cache: AnalysisCache;
  /** Settings generation the cache was filled under. */
  cacheGeneration: number;
}

export interface StoreHooks {
  /** Options for the engine (settings-derived, with the workspace roots and search paths), asked at each analysis. */
  options(): AnalyzeOptions;
  /** Largest file the engine may read (setting); default 2 MB. */
  maxFileBytes?(): number;
  /** Called before a document is analysed and after its results are stored. */
  onAnalyzing?(state: DocState): void;
  onAnalyzed?(state: DocState, analysis: Analysis): void;
}

export function uriToFile(uri: string): string {
  if (uri.startsWith("file:")) {
    try {
      return fileURLToPath(uri);
    } catch {
      return uri;
    }
  }
  return uri;
}

export function fileToUri(file: string): string {
  return /^[a-z][a-z0-9+.-]*:/i.test(file) && !/^[a-z]:[\\/]/i.test(file) ? file : pathToFileURL(file).href;
}

/** The shortest delay before results are pushed after an edit. */
const MIN_PUSH_DELAY_MS = 25;

export class DocumentStore {
  private readonly docs = new Map<string, DocState>();
  private generation = 0;

  constructor(
    private readonly hooks: StoreHooks,
    readonly debounceMs = 150,
  ) {}

  get(uri: string): DocState | undefined {
    return this.docs.get(uri);
  }

  all(): DocState[] {
    return [...this.docs.values()];
  }

  open(uri: string, languageId: string, version: number, text: string): DocState {
    this.close(uri);
    const state: DocState = {
      uri,
      file: uriToFile(uri),
      doc: TextDocument.create(uri, languageId, version, text),
      treeVersion: -1,
      waiters: [],
      deps: new Set(),
      cache: new AnalysisCache(),
      cacheGeneration: this.generation,
    };
    this.docs.set(uri, state);
    this.schedule(state, 0);
    this.dependentsChanged(state.file);
    return state;
  }

  change(uri: string, version: number, changes: TextDocumentContentChangeEvent[]): void {
    const state = this.docs.get(uri);
    if (!state) return;
    for (const change of changes) {
      if ("range" in change && state.native) {
        state.native.edit(treeEdit(state.doc, change.range, change.text));
      } else if (!("range" in change)) {
        // A full-text replacement: the old tree no longer describes anything.
        state.native = undefined;
      }
      TextDocument.update(state.doc, [change], version);
    }
    // Note: TextDocument.update applies the version given; keep it even when changes is empty.
    if (changes.length === 0) TextDocument.update(state.doc, [], version);
    this.schedule(state, this.pushDelay(state));
    this.dependentsChanged(state.file);
  }

  close(uri: string): void {
    const state = this.docs.get(uri);
    if (!state) return;
    if (state.timer) clearTimeout(state.timer);
    this.docs.delete(uri);
    for (const w of state.waiters.splice(0)) w(undefined);
    // Importers now read the file from disk instead of the editor.
    this.dependentsChanged(state.file);
  }

  /** The up-to-date tree of a document (re-parsed incrementally when edits arrived since). */
  tree(state: DocState): Tree {
    if (!state.tree || state.treeVersion !== state.doc.version) {
      const t0 = Date.now();
      const parsed = parseNative(state.doc.getText(), state.native);
      state.native = parsed.native;
      state.tree = parsed.tree;
      state.treeVersion = state.doc.version;
      log.debug(`parsed ${state.uri} v${state.doc.version} in ${Date.now() - t0} ms`);
    }
    return state.tree;
  }

  /** Settings changed: every cached result is stale. */
  invalidateAll(): void {
    this.generation++;
    for (const state of this.docs.values()) this.schedule(state, 0);
  }

  /** A file changed on disk or in an editor: re-analyse the documents that imported it. */
  dependentsChanged(file: string): void {
    for (const state of this.docs.values()) {
      if (state.file !== file && state.deps.has(file)) {
        state.analysis = undefined;
        this.schedule(state, this.pushDelay(state));
      }
    }
  }

  /**
   * The analysis of the document's current version: a request never waits for the debounce, a stale
   * document is analysed right away (the pending push then has nothing left to do).
   */
  whenAnalyzed(uri: string): Promise<Analysis | undefined> {
    const state = this.docs.get(uri);
    if (!state) return Promise.resolve(undefined);
    if (!this.isFresh(state)) {
      if (state.timer) clearTimeout(state.timer);
      state.timer = undefined;
      this.run(state);
    }
    return Promise.resolve(this.isFresh(state) ? state.analysis : undefined);
  }

  /**
   * How long after an edit the results are pushed (diagnostics, status): a few times the last
   * analysis's duration, so that a cheap analysis shows soon and a costly one is not repeated on
   * every keystroke; at most the configured debounce.
   */
  pushDelay(state: DocState): number {
    const last = state.analysis?.millis;
    if (last === undefined) return this.debounceMs;
    return Math.min(this.debounceMs, Math.max(MIN_PUSH_DELAY_MS, 3 * last));
  }

  /**
   * Analysis options plus the file access: open documents first, then the disk through the host's
   * checks, inside the workspace folders (or the document's own folder when it is in none).
   * Every path asked for is recorded as a dependency.
   */
  optionsFor(state: DocState, extra: AnalyzeOptions = {}): AnalyzeOptions {
    const base = this.hooks.options();
    const workspace = base.roots ?? [];
    const own = path.isAbsolute(state.file) && !workspace.some((r) => isInside(r, state.file)) ? [path.dirname(state.file)] : [];
    const search = { roots: [...workspace, ...own], searchPaths: base.searchPaths ?? [], libraryPaths: base.libraryPaths ?? [] };
    const disk = hostFileAccess({
      ...search,
      maxBytes: this.hooks.maxFileBytes?.(),
      overlay: (file) => {
        for (const other of this.docs.values()) if (other.file === file) return other.doc.getText();
        return undefined;
      },
    });
    const files: FileAccess = {
      read: (file) => {
        state.deps.add(file);
        return disk.read(file);
      },
      exists: (file) => {
        state.deps.add(file);
        return disk.exists(file);
      },
    };
    return { ...base, ...extra, ...search, files };
  }

  private isFresh(state: DocState): boolean {
    const a = state.analysis;
    return !!a && a.version === state.doc.version && a.generation === this.generation;
  }

  private schedule(state: DocState, delay: number): void {
    if (state.timer) clearTimeout(state.timer);
    state.timer = setTimeout(() => {
      state.timer = undefined;
      this.run(state);
    }, delay);
  }

  private run(state: DocState): void {
    if (this.docs.get(state.uri) !== state) return;
    if (this.isFresh(state)) {
      for (const w of state.waiters.splice(0)) w(state.analysis);
      return;
    }
    const version = state.doc.version;
    const generation = this.generation;
    this.hooks.onAnalyzing?.(state);
    const t0 = Date.now();
    let result: FileAnalysis;
    const maxBytes = this.hooks.maxFileBytes?.() ?? DEFAULT_MAX_FILE_BYTES;
    try {
      if (state.doc.getText().length > maxBytes) {
        result = tooLarge(state.file, maxBytes);
      } else {
        const tree = this.tree(state);
        state.deps = new Set();
        if (state.cacheGeneration !== generation) {
          state.cache = new AnalysisCache();
          state.cacheGeneration = generation;
        }
        result = analyzeFile(state.file, state.doc.getText(), { ...this.optionsFor(state), cache: state.cache }, tree);
      }
    } catch (err) {
      log.error(`analysis of ${state.uri} failed`, err);
      result = { file: state.file, hints: [], diagnostics: [], models: [], calls: [], notes: [] };
    }
    const analysis: Analysis = { version, generation, result, millis: Date.now() - t0 };
    const { replayed, ran } = state.cache.stats;
    log.debug(`analysed ${state.uri} v${version} in ${analysis.millis} ms (${ran} models run, ${replayed} replayed)`);
    state.analysis = analysis;
    for (const w of state.waiters.splice(0)) w(analysis);
    this.hooks.onAnalyzed?.(state, analysis);
  }
}

/** The result for a document over the size cap: nothing analysed, and why. */
function tooLarge(file: string, maxBytes: number): FileAnalysis {
  const range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
  const message = `Shape Lens does not analyse this file: it is larger than ${formatBytes(maxBytes)} (setting shapeLens.maxFileSizeMB)`;
  return {
    file,
    hints: [],
    models: [],
    calls: [],
    notes: [],
    diagnostics: [{ file, range, severity: "info", code: "inference-gap", message }],
  };
}

/** The tree-sitter edit for replacing `range` of `doc` (before the change) by `text`. */
function treeEdit(doc: TextDocument, range: { start: Pos; end: Pos }, text: string): Edit {
  // Normalise positions past the end of a line the way the document itself will.
  const startIndex = doc.offsetAt(range.start);
  const oldEndIndex = doc.offsetAt(range.end);
  const start = doc.positionAt(startIndex);
  const oldEnd = doc.positionAt(oldEndIndex);
  const lines = text.split(/\r\n|\r|\n/);
  const newEnd =
    lines.length === 1
      ? { row: start.line, column: start.character + text.length }
      : { row: start.line + lines.length - 1, column: lines[lines.length - 1].length };
  return {
    startIndex,
    oldEndIndex,
    newEndIndex: startIndex + text.length,
    startPosition: { row: start.line, column: start.character },
    oldEndPosition: { row: oldEnd.line, column: oldEnd.character },
    newEndPosition: newEnd,
  };
}

interface Pos {
  line: number;
  character: number;
}
