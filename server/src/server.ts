// The Shape Lens language server: wires the document store, the engine and the LSP features
// together. Runs as the VS Code extension's IPC server (--node-ipc) and standalone as
// `shapelens-lsp --stdio` for other editors. Every handler catches its own errors and answers empty.

// First: the native parser must be loadable before any module that imports it runs.
import "./native";
import type {
  CancellationToken,
  CodeAction,
  ClientCapabilities,
  CodeActionParams,
  CodeLensParams,
  DidChangeConfigurationParams,
  DidChangeWatchedFilesParams,
  HoverParams,
  InitializeParams,
  InitializeResult,
  InlayHintParams,
} from "vscode-languageserver";
import {
  CodeActionKind,
  CodeLensRefreshRequest,
  DidChangeConfigurationNotification,
  ProposedFeatures,
  TextDocumentSyncKind,
  createConnection,
} from "vscode-languageserver/node";
import { codeActions } from "./features/codeActions";
import { DECLARE_INPUT_COMMAND, codeLenses, declareInputArgs } from "./features/codeLens";
import { COMPUTE_SHAPES_COMMAND, COMPUTE_SHAPES_REQUEST, computeShapes } from "./features/commands";
import type { ComputeShapesParams } from "./features/commands";
import { diagnostics } from "./features/diagnostics";
import { afterAnalysis } from "./memory";
import { DocumentStore, uriToFile } from "./documents";
import { SYSTEM_LIBRARY_PATHS, searchPathsFromEnv } from "./hostFiles";
import type { Analysis, DocState } from "./documents";
import { hover } from "./features/hover";
import { LAYER_ARITHMETIC_REQUEST, LayerArithmeticParams, layerArithmetic } from "./features/layerView";
import { inlayHints } from "./features/inlayHints";
import { formatValue } from "./core/format";
import { attachLogSink, log, setVerbose } from "./logger";
import { NotebookSync, inCell, shiftPosition, shiftRange } from "./notebooks";
import type { CellPlace } from "./notebooks";
import { DEFAULT_SETTINGS, readSettings } from "./settings";
import { parseInputShapes } from "./core/declarations";
import type { Settings } from "./settings";
import { FollowedTorch, followedTorch } from "./torchDetect";
import { summaryTableOptions } from "./torchinfoTable";

declare const SHAPELENS_VERSION: string;
const VERSION = typeof SHAPELENS_VERSION === "string" ? SHAPELENS_VERSION : "dev";

/** Custom requests and notifications (besides the standard protocol). */
export const SETTINGS_REQUEST = "shapeLens/settings";
export const STATUS_NOTIFICATION = "shapeLens/status";

export interface StatusParams {
  uri: string;
  state: "analysing" | "idle";
  /** Output of the file's first analysed model, formatted like a hint. */
  output?: string;
  models?: number;
  errors?: number;
  millis?: number;
  /** The PyTorch version the analysis follows and why, e.g. "PyTorch 2.13.0 (setting)". */
  torch?: string;
}

const argv = process.argv.slice(2);
if (argv.includes("--version")) {
  process.stdout.write(`shapelens-lsp ${VERSION}\n`);
  process.exit(0);
}
if (!argv.some((a) => a === "--stdio" || a === "--node-ipc" || a.startsWith("--socket") || a.startsWith("--pipe"))) {
  // Run without a transport flag (e.g. straight from a terminal or an editor config): speak stdio.
  process.argv.push("--stdio");
}

const connection = createConnection(ProposedFeatures.all);
attachLogSink(connection.console);

process.on("uncaughtException", (err) => log.error("uncaught exception", err));
process.on("unhandledRejection", (err) => log.error("unhandled rejection", err));

let settings: Settings = DEFAULT_SETTINGS;
let clientCaps: ClientCapabilities = {};
/** Workspace folders (file-system paths): the engine reads files inside them and the search paths only. */
let workspaceRoots: string[] = [];
const searchPaths = searchPathsFromEnv();
let torch: FollowedTorch = followedTorch(DEFAULT_SETTINGS.pytorchVersion, []);

const store = new DocumentStore({
  options: () => ({
    batchSymbol: settings.batchSymbol,
    defaultInputs: defaultInputs(settings),
    assumeInputs: settings.assumeInputs,
    // One budget for each file analysis: a slow file blocks other documents at most this long.
    maxMillis: 1500,
    roots: workspaceRoots,
    searchPaths,
    libraryPaths: SYSTEM_LIBRARY_PATHS,
    torchVersion: torch.version,
  }),
  maxFileBytes: () => settings.maxFileSizeMB * 1024 * 1024,
  onAnalyzing: (state) => status({ uri: state.uri, state: "analysing" }),
  onAnalyzed: (state, analysis) => {
    published(state, analysis);
    afterAnalysis();
  },
});

const notebooks = new NotebookSync(store);

/** shapeLens.defaultInputShape as dims; an empty or malformed setting declares nothing. */
function defaultInputs(s: Settings): (number | string)[][] | undefined {
  const parsed = parseInputShapes(s.defaultInputShape);
  return parsed.ok ? parsed.shapes : undefined;
}

function status(params: StatusParams): void {
  connection.sendNotification(STATUS_NOTIFICATION, params).catch((err: unknown) => log.error("status", err));
}

/** The notes each document's code lenses were last drawn from, to refresh the lenses when they change. */
const lensNotes = new Map<string, string>();

/** Asks the client to re-request code lenses (workspace/codeLens/refresh), when it supports that. */
function refreshCodeLenses(): void {
  if (!clientCaps.workspace?.codeLens?.refreshSupport) return;
  connection.sendRequest(CodeLensRefreshRequest.type).catch((err: unknown) => log.error("code lens refresh", err));
}

/** Each document's version and hints when last analysed, to tell when a dependency changed them. */
const lastHints = new Map<string, { version: number; generation: number; hints: string }>();

/** Asks the client to re-request inlay hints (workspace/inlayHint/refresh), when it supports that. */
function refreshInlayHints(): void {
  if (!clientCaps.workspace?.inlayHint?.refreshSupport) return;
  connection.languages.inlayHint.refresh().catch((err: unknown) => log.error("inlay hint refresh", err));
}

function published(state: DocState, analysis: Analysis): void {
  try {
    // Lenses follow the notes: a settings change or an edited import can change them without an edit here.
    const notes = JSON.stringify(analysis.result.notes);
    if (lensNotes.has(state.uri) && lensNotes.get(state.uri) !== notes) refreshCodeLenses();
    lensNotes.set(state.uri, notes);
    // An edit of this document makes the client ask for hints again by itself; a re-analysis caused by
    // an imported file does not, so the client is told when that changed the hints.
    const hints = JSON.stringify(inlayHints(analysis.result, settings));
    const before = lastHints.get(state.uri);
    // A settings change has asked for its own refresh already.
    const same = before && before.version === analysis.version && before.generation === analysis.generation;
    if (same && before.hints !== hints && !notebooks.isNotebook(state.uri)) refreshInlayHints();
    lastHints.set(state.uri, { version: analysis.version, generation: analysis.generation, hints });
    const diags = diagnostics(analysis.result, settings);
    if (notebooks.isNotebook(state.uri)) publishToCells(state.uri, diags);
    else
      connection
        .sendDiagnostics({ uri: state.uri, version: analysis.version, diagnostics: diags })
        .catch((err: unknown) => log.error("publish", err));
    const first = analysis.result.models[0];
    status({
      uri: state.uri,
      state: "idle",
      output: first ? formatValue(first.output) : undefined,
      models: analysis.result.models.length,
      errors: diags.filter((d) => d.severity === 1).length,
      millis: analysis.millis,
      torch: torch.description,
    });
  } catch (err) {
    log.error(`publishing results for ${state.uri} failed`, err);
  }
}

/** A notebook's diagnostics go to the cells they are in; its hints may have changed in every cell. */
function publishToCells(notebookUri: string, diags: ReturnType<typeof diagnostics>): void {
  for (const place of notebooks.places(notebookUri)) {
    const mine = diags
      .filter((d) => inCell(d.range, place))
      .map((d) => ({ ...d, range: shiftRange(d.range, -place.startLine), relatedInformation: undefined }));
    connection.sendDiagnostics({ uri: place.cellUri, diagnostics: mine }).catch((err: unknown) => log.error("publish", err));
  }
  refreshInlayHints();
}

/** The document whose analysis answers a request: the notebook for a cell, else the document itself. */
function target(uri: string): { uri: string; place?: CellPlace } {
  const place = notebooks.place(uri);
  return place ? { uri: place.notebookUri, place } : { uri };
}

/** Code actions computed on a notebook's joined module, kept when every edit lands inside the cell. */
function actionsForCell(actions: CodeAction[], place: CellPlace): CodeAction[] {
  const out: CodeAction[] = [];
  for (const action of actions) {
    const edits = action.edit?.changes?.[place.notebookUri];
    if (!edits) {
      if (!action.edit) out.push({ ...action, diagnostics: undefined });
      continue;
    }
    if (!edits.every((e) => inCell(e.range, place))) continue;
    const moved = edits.map((e) => ({ ...e, range: shiftRange(e.range, -place.startLine) }));
    out.push({ ...action, diagnostics: undefined, edit: { changes: { [place.cellUri]: moved } } });
  }
  return out;
}

/** Wraps a request handler: errors are logged and answered with `fallback`. */
function safe<P, R>(name: string, fallback: R, fn: (params: P, token: CancellationToken) => R | Promise<R>) {
  return async (params: P, token: CancellationToken): Promise<R> => {
    try {
      return await fn(params, token);
    } catch (err) {
      log.error(`${name} failed`, err);
      return fallback;
    }
  };
}

/** Wraps a notification handler the same way. */
function guard<P>(name: string, fn: (params: P) => void | Promise<void>) {
  return async (params: P): Promise<void> => {
    try {
      await fn(params);
    } catch (err) {
      log.error(`${name} failed`, err);
    }
  };
}

function applySettings(section: unknown, origin: string): void {
  settings = readSettings(section);
  torch = followedTorch(settings.pytorchVersion, workspaceRoots);
  setVerbose(settings.trace.server === "verbose");
  log.debug(`settings (${origin}): ${JSON.stringify(settings)}`);
  const input = parseInputShapes(settings.defaultInputShape);
  if (!input.ok && settings.defaultInputShape.trim() !== "") log.warn(`shapeLens.defaultInputShape ignored: ${input.error}`);
  store.invalidateAll();
  refreshInlayHints();
}

async function pullSettings(): Promise<void> {
  if (!clientCaps.workspace?.configuration) return;
  const [section] = (await connection.workspace.getConfiguration([{ section: "shapeLens" }])) as unknown[];
  applySettings(section, "workspace/configuration");
}

connection.onInitialize((params: InitializeParams): InitializeResult => {
  clientCaps = params.capabilities ?? {};
  workspaceRoots = workspaceFolderPaths(params);
  torch = followedTorch(settings.pytorchVersion, workspaceRoots);
  const init = params.initializationOptions as Record<string, unknown> | undefined;
  if (init && typeof init === "object") applySettings("shapeLens" in init ? init.shapeLens : init, "initializationOptions");
  log.info(`Shape Lens language server ${VERSION} (node ${process.version}, pid ${process.pid})`);
  return {
    capabilities: {
      textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
      notebookDocumentSync: { notebookSelector: [{ notebook: "*", cells: [{ language: "python" }] }] },
      inlayHintProvider: { resolveProvider: false },
      hoverProvider: true,
      codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, CodeActionKind.RefactorRewrite] },
      executeCommandProvider: { commands: [COMPUTE_SHAPES_COMMAND, DECLARE_INPUT_COMMAND] },
      codeLensProvider: { resolveProvider: false },
      workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
    },
    serverInfo: { name: "shape-lens", version: VERSION },
  };
});

/** The workspace folders as absolute file-system paths (non-file URIs are ignored). */
function workspaceFolderPaths(params: InitializeParams): string[] {
  const uris = params.workspaceFolders?.length ? params.workspaceFolders.map((f) => f.uri) : params.rootUri ? [params.rootUri] : [];
  const paths = uris.filter((u) => u.startsWith("file:")).map(uriToFile);
  if (!paths.length && params.rootPath) paths.push(params.rootPath);
  return paths.filter((p) => p.startsWith("/") || /^[a-z]:[\\/]/i.test(p));
}

connection.onInitialized(
  guard("initialized", async () => {
    if (clientCaps.workspace?.didChangeConfiguration?.dynamicRegistration) {
      await connection.client.register(DidChangeConfigurationNotification.type, { section: "shapeLens" });
    }
    if (clientCaps.workspace?.workspaceFolders) {
      // Files the engine may read follow the workspace folders.
      connection.workspace.onDidChangeWorkspaceFolders(
        guard("didChangeWorkspaceFolders", (e) => {
          const removed = new Set(e.removed.map((f) => uriToFile(f.uri)));
          const added = e.added
            .map((f) => f.uri)
            .filter((u) => u.startsWith("file:"))
            .map(uriToFile);
          workspaceRoots = [...workspaceRoots.filter((r) => !removed.has(r)), ...added];
          store.invalidateAll();
        }),
      );
    }
    await pullSettings();
  }),
);

connection.onDidChangeConfiguration(
  guard("didChangeConfiguration", async (params: DidChangeConfigurationParams) => {
    const pushed = params.settings as Record<string, unknown> | null | undefined;
    if (pushed && typeof pushed === "object" && "shapeLens" in pushed) applySettings(pushed.shapeLens, "didChangeConfiguration");
    else await pullSettings();
  }),
);

connection.onDidOpenTextDocument(
  guard("didOpen", (p) => {
    store.open(p.textDocument.uri, p.textDocument.languageId, p.textDocument.version, p.textDocument.text);
  }),
);

connection.onDidChangeTextDocument(
  guard("didChange", (p) => {
    store.change(p.textDocument.uri, p.textDocument.version, p.contentChanges);
  }),
);

connection.onDidCloseTextDocument(
  guard("didClose", (p) => {
    store.close(p.textDocument.uri);
    lensNotes.delete(p.textDocument.uri);
    lastHints.delete(p.textDocument.uri);
    connection.sendDiagnostics({ uri: p.textDocument.uri, diagnostics: [] }).catch(() => undefined);
  }),
);

connection.onDidChangeWatchedFiles(
  guard("didChangeWatchedFiles", (p: DidChangeWatchedFilesParams) => {
    for (const change of p.changes) store.dependentsChanged(uriToFile(change.uri));
  }),
);

connection.notebooks.synchronization.onDidOpenNotebookDocument(guard("notebookDidOpen", (p) => notebooks.open(p)));
connection.notebooks.synchronization.onDidChangeNotebookDocument(guard("notebookDidChange", (p) => notebooks.change(p)));
connection.notebooks.synchronization.onDidCloseNotebookDocument(
  guard("notebookDidClose", (p) => {
    for (const place of notebooks.places(p.notebookDocument.uri))
      connection.sendDiagnostics({ uri: place.cellUri, diagnostics: [] }).catch(() => undefined);
    notebooks.close(p);
  }),
);

connection.languages.inlayHint.on(
  safe("inlayHint", null, async (p: InlayHintParams, token) => {
    const t = target(p.textDocument.uri);
    const a = await store.whenAnalyzed(t.uri);
    if (!a || token.isCancellationRequested) return null;
    if (!t.place) return inlayHints(a.result, settings, p.range);
    const place = t.place;
    return inlayHints(a.result, settings, shiftRange(p.range, place.startLine))
      .filter((h) => inCell({ start: h.position, end: h.position }, place))
      .map((h) => ({ ...h, position: shiftPosition(h.position, -place.startLine) }));
  }),
);

connection.onHover(
  safe("hover", null, async (p: HoverParams, token) => {
    const t = target(p.textDocument.uri);
    const a = await store.whenAnalyzed(t.uri);
    if (!a || token.isCancellationRequested) return null;
    const delta = t.place?.startLine ?? 0;
    const h = hover(a.result, shiftPosition(p.position, delta), { torch2: torch.version === "2", lineDelta: delta });
    return h && h.range ? { ...h, range: shiftRange(h.range, -delta) } : h;
  }),
);

connection.onCodeAction(
  safe("codeAction", [], async (p: CodeActionParams, token) => {
    const t = target(p.textDocument.uri);
    const a = await store.whenAnalyzed(t.uri);
    const state = store.get(t.uri);
    if (!state || token.isCancellationRequested) return [];
    const delta = t.place?.startLine ?? 0;
    const actions = codeActions({
      uri: state.uri,
      doc: state.doc,
      tree: store.tree(state),
      analysis: a?.result,
      range: shiftRange(p.range, delta),
      diagnostics: p.context.diagnostics.map((d) => ({ ...d, range: shiftRange(d.range, delta) })),
      settings,
    });
    return t.place ? actionsForCell(actions, t.place) : actions;
  }),
);

connection.onCodeLens(
  safe("codeLens", [], async (p: CodeLensParams, token) => {
    const t = target(p.textDocument.uri);
    const a = await store.whenAnalyzed(t.uri);
    if (!a || token.isCancellationRequested) return [];
    const lenses = codeLenses(a.result, t.uri);
    const place = t.place;
    if (!place) return lenses;
    return lenses
      .filter((l) => inCell(l.range, place))
      .map((l) => {
        const args = declareInputArgs(l.command?.arguments?.[0]);
        const range = shiftRange(l.range, -place.startLine);
        if (!args || !l.command) return { ...l, range };
        const moved = { ...args, uri: place.cellUri, line: args.line - place.startLine };
        return { range, command: { ...l.command, arguments: [moved] } };
      });
  }),
);

connection.onExecuteCommand(
  safe("executeCommand", null, async (p) => {
    if (p.command === DECLARE_INPUT_COMMAND) {
      const args = declareInputArgs((p.arguments ?? [])[0]);
      if (!args) return null;
      const at = { line: args.line, character: 0 };
      await connection.workspace.applyEdit({ changes: { [args.uri]: [{ range: { start: at, end: at }, newText: `${args.text}\n` }] } });
      return null;
    }
    if (p.command !== COMPUTE_SHAPES_COMMAND) return null;
    const arg = (p.arguments ?? [])[0] as ComputeShapesParams | string | undefined;
    const params = typeof arg === "string" ? { uri: arg, input: (p.arguments ?? [])[1] as string | undefined } : arg;
    return computeShapes(store, params ?? { uri: "" }, summaryTableOptions(settings));
  }),
);

connection.onRequest(
  COMPUTE_SHAPES_REQUEST,
  safe("computeShapes", null, (p: ComputeShapesParams) => computeShapes(store, p, summaryTableOptions(settings))),
);

connection.onRequest(
  LAYER_ARITHMETIC_REQUEST,
  safe("layerArithmetic", null, async (p: LayerArithmeticParams) => {
    const t = target(p.uri);
    const a = await store.whenAnalyzed(t.uri);
    if (!a) return null;
    return layerArithmetic(a.result, { ...p, line: p.line + (t.place?.startLine ?? 0) }, torch.version === "2");
  }),
);

connection.onRequest(
  SETTINGS_REQUEST,
  safe("settings", DEFAULT_SETTINGS, () => settings),
);

connection.onShutdown(() => {
  for (const state of store.all()) store.close(state.uri);
});

connection.listen();
