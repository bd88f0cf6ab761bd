// The Shape Lens language server: wires the document store, the engine and the LSP features
// together. Runs as the VS Code extension's IPC server (--node-ipc) and standalone as
// `shapelens-lsp --stdio` for other editors. Every handler catches its own errors and answers empty.

// First: the native parser must be loadable before any module that imports it runs.
import "./native";
import type {
  CancellationToken,
  ClientCapabilities,
  CodeActionParams,
  DidChangeConfigurationParams,
  DidChangeWatchedFilesParams,
  HoverParams,
  InitializeParams,
  InitializeResult,
  InlayHintParams,
} from "vscode-languageserver";
import {
  CodeActionKind,
  DidChangeConfigurationNotification,
  ProposedFeatures,
  TextDocumentSyncKind,
  createConnection,
} from "vscode-languageserver/node";
import { codeActions } from "./codeActions";
import { COMPUTE_SHAPES_COMMAND, COMPUTE_SHAPES_REQUEST, computeShapes } from "./commands";
import type { ComputeShapesParams } from "./commands";
import { diagnostics } from "./diagnostics";
import { DocumentStore, uriToFile } from "./documents";
import { SYSTEM_LIBRARY_PATHS, searchPathsFromEnv } from "./hostFiles";
import type { Analysis, DocState } from "./documents";
import { hover } from "./hover";
import { formatValue, inlayHints } from "./inlayHints";
import { attachLogSink, log, setVerbose } from "./logger";
import { DEFAULT_SETTINGS, parseInputShapes, readSettings } from "./settings";
import type { Settings } from "./settings";

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

const store = new DocumentStore({
  options: () => ({
    batchSymbol: settings.batchSymbol,
    defaultInputs: parseInputShapes(settings.defaultInputShape),
    // One budget for each file analysis: a slow file blocks other documents at most this long.
    maxMillis: 1500,
    roots: workspaceRoots,
    searchPaths,
    libraryPaths: SYSTEM_LIBRARY_PATHS,
  }),
  maxFileBytes: () => settings.maxFileSizeMB * 1024 * 1024,
  onAnalyzing: (state) => status({ uri: state.uri, state: "analysing" }),
  onAnalyzed: (state, analysis) => published(state, analysis),
});

function status(params: StatusParams): void {
  connection.sendNotification(STATUS_NOTIFICATION, params).catch((err: unknown) => log.error("status", err));
}

function published(state: DocState, analysis: Analysis): void {
  try {
    const diags = diagnostics(analysis.result, settings);
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
    });
  } catch (err) {
    log.error(`publishing results for ${state.uri} failed`, err);
  }
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
  setVerbose(settings.trace.server === "verbose");
  log.debug(`settings (${origin}): ${JSON.stringify(settings)}`);
  store.invalidateAll();
  if (clientCaps.workspace?.inlayHint?.refreshSupport) {
    connection.languages.inlayHint.refresh().catch((err: unknown) => log.error("inlay hint refresh", err));
  }
}

async function pullSettings(): Promise<void> {
  if (!clientCaps.workspace?.configuration) return;
  const [section] = (await connection.workspace.getConfiguration([{ section: "shapeLens" }])) as unknown[];
  applySettings(section, "workspace/configuration");
}

connection.onInitialize((params: InitializeParams): InitializeResult => {
  clientCaps = params.capabilities ?? {};
  workspaceRoots = workspaceFolderPaths(params);
  const init = params.initializationOptions as Record<string, unknown> | undefined;
  if (init && typeof init === "object") applySettings("shapeLens" in init ? init.shapeLens : init, "initializationOptions");
  log.info(`Shape Lens language server ${VERSION} (node ${process.version}, pid ${process.pid})`);
  return {
    capabilities: {
      textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
      inlayHintProvider: { resolveProvider: false },
      hoverProvider: true,
      codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, CodeActionKind.RefactorRewrite] },
      executeCommandProvider: { commands: [COMPUTE_SHAPES_COMMAND] },
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
    connection.sendDiagnostics({ uri: p.textDocument.uri, diagnostics: [] }).catch(() => undefined);
  }),
);

connection.onDidChangeWatchedFiles(
  guard("didChangeWatchedFiles", (p: DidChangeWatchedFilesParams) => {
    for (const change of p.changes) store.dependentsChanged(uriToFile(change.uri));
  }),
);

connection.languages.inlayHint.on(
  safe("inlayHint", null, async (p: InlayHintParams, token) => {
    const a = await store.whenAnalyzed(p.textDocument.uri);
    if (!a || token.isCancellationRequested) return null;
    return inlayHints(a.result, settings, p.range);
  }),
);

connection.onHover(
  safe("hover", null, async (p: HoverParams, token) => {
    const a = await store.whenAnalyzed(p.textDocument.uri);
    if (!a || token.isCancellationRequested) return null;
    return hover(a.result, p.position);
  }),
);

connection.onCodeAction(
  safe("codeAction", [], async (p: CodeActionParams, token) => {
    const a = await store.whenAnalyzed(p.textDocument.uri);
    const state = store.get(p.textDocument.uri);
    if (!state || token.isCancellationRequested) return [];
    return codeActions({
      uri: state.uri,
      doc: state.doc,
      tree: store.tree(state),
      analysis: a?.result,
      range: p.range,
      diagnostics: p.context.diagnostics,
      settings,
    });
  }),
);

connection.onExecuteCommand(
  safe("executeCommand", null, async (p) => {
    if (p.command !== COMPUTE_SHAPES_COMMAND) return null;
    const arg = (p.arguments ?? [])[0] as ComputeShapesParams | string | undefined;
    const params = typeof arg === "string" ? { uri: arg, input: (p.arguments ?? [])[1] as string | undefined } : arg;
    return computeShapes(store, params ?? { uri: "" });
  }),
);

connection.onRequest(
  COMPUTE_SHAPES_REQUEST,
  safe("computeShapes", null, (p: ComputeShapesParams) => computeShapes(store, p)),
);

connection.onRequest(
  SETTINGS_REQUEST,
  safe("settings", DEFAULT_SETTINGS, () => settings),
);

connection.onShutdown(() => {
  for (const state of store.all()) store.close(state.uri);
});

connection.listen();
