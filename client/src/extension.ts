// The Shape Lens VS Code extension: starts the language server over IPC for Python files, and adds
// the palette commands (Compute Shapes, Restart Server, Show Logs), one log channel and a status bar
// item showing analysis progress and the active file's model output shape.

import * as vscode from "vscode";
import { LanguageClient, TransportKind } from "vscode-languageclient/node";
import type { LanguageClientOptions, ServerOptions } from "vscode-languageclient/node";
import { LayerViewState, lastLayerView, showLayerArithmetic } from "./layerView";
import { ShapesViewModel, shapesViewApi, showShapesView } from "./shapesView";
import { OPEN_EXAMPLE_COMMAND, openExample } from "./example";

interface StatusParams {
  uri: string;
  state: "analysing" | "idle";
  output?: string;
  models?: number;
  errors?: number;
  millis?: number;
  torch?: string;
}

interface ComputeShapesResult {
  uri: string;
  markdown: string;
  needsInput: boolean;
  error?: string;
  views?: ShapesViewModel[];
}

const REPORT_SCHEME = "shapelens-report";

let client: LanguageClient | undefined;

/** Read-only virtual documents holding the Compute Shapes tables. */
class ReportProvider implements vscode.TextDocumentContentProvider {
  private readonly contents = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  set(uri: vscode.Uri, markdown: string): void {
    this.contents.set(uri.toString(), markdown);
    this.changed.fire(uri);
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.contents.get(uri.toString()) ?? "";
  }
}

/** What the extension exposes to other extensions (and the end-to-end tests). */
export interface ShapeLensApi {
  /** Milliseconds from activate() being called to the language server being ready. */
  activationMillis: number;
  /** The layer view last opened (title, frame count, open time), for the end-to-end tests. */
  layerView(): LayerViewState | undefined;
  /** The Compute Shapes view: its rows, whether the stage diagram is drawn, and a row click. */
  shapesView: typeof shapesViewApi;
}

export async function activate(context: vscode.ExtensionContext): Promise<ShapeLensApi> {
  const started = Date.now();
  const log = vscode.window.createOutputChannel("Shape Lens", { log: true });
  context.subscriptions.push(log);

  const module = context.asAbsolutePath("dist/server.js");
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ["--nolazy", "--inspect=6011"] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: "file", language: "python" },
      { scheme: "untitled", language: "python" },
      // Python cells of Jupyter notebooks (synchronised as notebooks: the cells form one module).
      { scheme: "vscode-notebook-cell", language: "python" },
    ],
    outputChannel: log,
    traceOutputChannel: log,
    synchronize: { fileEvents: vscode.workspace.createFileSystemWatcher("**/*.{py,ipynb}") },
    // Hovers link to the layer view (a command URI); only that command is trusted.
    markdown: { isTrusted: { enabledCommands: ["shapeLens.showLayerArithmetic"] } },
  };
  // The id "shapeLens" makes the client honour the shapeLens.trace.server setting.
  client = new LanguageClient("shapeLens", "Shape Lens", serverOptions, clientOptions);

  const statusItem = vscode.window.createStatusBarItem("shapeLens.status", vscode.StatusBarAlignment.Right, 100);
  statusItem.name = "Shape Lens";
  statusItem.command = "shapeLens.computeShapes";
  context.subscriptions.push(statusItem);
  const statuses = new Map<string, StatusParams>();

  const updateStatus = (): void => {
    const editor = vscode.window.activeTextEditor;
    if (!editor || editor.document.languageId !== "python") {
      statusItem.hide();
      return;
    }
    const s = statuses.get(editor.document.uri.toString());
    if (s?.state === "analysing") {
      statusItem.text = "$(loading~spin) Shape Lens";
      statusItem.tooltip = "Shape Lens: analysing…";
    } else if (s?.output) {
      statusItem.text = `$(symbol-array) ${s.output}`;
      statusItem.tooltip = `Shape Lens: output of the first model (${s.models ?? 0} analysed, ${s.errors ?? 0} errors), following ${s.torch ?? "PyTorch 2.13.0"}. Click for the table.`;
    } else {
      statusItem.text = "$(symbol-array) Shape Lens";
      statusItem.tooltip = "Shape Lens: no model analysed in this file. Click to compute shapes.";
    }
    statusItem.show();
  };
  context.subscriptions.push(vscode.window.onDidChangeActiveTextEditor(updateStatus));

  const reports = new ReportProvider();
  context.subscriptions.push(vscode.workspace.registerTextDocumentContentProvider(REPORT_SCHEME, reports));

  context.subscriptions.push(
    vscode.commands.registerCommand("shapeLens.computeShapes", () => computeShapes(context, reports, log)),
    vscode.commands.registerCommand("shapeLens.restartServer", async () => {
      statuses.clear();
      await client?.restart();
    }),
    vscode.commands.registerCommand("shapeLens.showLogs", () => log.show(true)),
    vscode.commands.registerCommand("shapeLens.showLayerArithmetic", async (arg?: { line?: number }) => {
      const editor = vscode.window.activeTextEditor;
      if (!client || !editor || editor.document.languageId !== "python") {
        void vscode.window.showInformationMessage("Shape Lens: put the cursor on a conv or pooling layer in a Python file.");
        return;
      }
      const line = typeof arg?.line === "number" ? arg.line : editor.selection.active.line;
      try {
        await showLayerArithmetic(client, editor.document, line);
      } catch (err) {
        log.error(`Show Layer Arithmetic failed: ${err instanceof Error ? err.message : String(err)}`);
      }
    }),
    vscode.commands.registerCommand(OPEN_EXAMPLE_COMMAND, openExample),
  );

  await client.start();
  context.subscriptions.push(
    client.onNotification("shapeLens/status", (p: StatusParams) => {
      statuses.set(p.uri, p);
      updateStatus();
    }),
  );
  updateStatus();
  const activationMillis = Date.now() - started;
  log.info(`Shape Lens activated in ${activationMillis} ms`);
  return { activationMillis, layerView: () => lastLayerView, shapesView: shapesViewApi };
}

async function computeShapes(context: vscode.ExtensionContext, reports: ReportProvider, log: vscode.LogOutputChannel): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  if (!client || !editor || editor.document.languageId !== "python") {
    void vscode.window.showInformationMessage("Shape Lens: open a Python file to compute its shapes.");
    return;
  }
  const uri = editor.document.uri.toString();
  const key = `shapeLens.input:${uri}`;
  const request = (input?: string) => client!.sendRequest<ComputeShapesResult | null>("shapeLens/computeShapes", { uri, input });
  try {
    let result = await request();
    const remembered = context.workspaceState.get<string>(key);
    if (result?.needsInput && remembered) result = await request(remembered);
    if (result?.needsInput) {
      let prompt = "This file declares no input shape. Dims separated by commas, several inputs by ';'.";
      for (;;) {
        const input = await vscode.window.showInputBox({
          title: "Shape Lens: input shape",
          prompt,
          placeHolder: "N, 3, 224, 224",
          value: remembered ?? vscode.workspace.getConfiguration("shapeLens").get<string>("defaultInputShape") ?? "",
          ignoreFocusOut: true,
        });
        if (input === undefined) return;
        result = await request(input);
        // Ask again only when the text was not a shape at all.
        if (!result?.error) {
          await context.workspaceState.update(key, input);
          break;
        }
        prompt = result.error;
      }
    }
    if (!result) return;
    if (result.error) {
      void vscode.window.showErrorMessage(`Shape Lens: ${result.error}`);
      return;
    }
    const name = editor.document.uri.path.split("/").pop() ?? "model";
    const reportUri = vscode.Uri.from({ scheme: REPORT_SCHEME, path: `/${name} shapes.md`, query: uri });
    reports.set(reportUri, result.markdown);
    if (result.views) {
      showShapesView(editor.document.uri, result.views, result.markdown);
      return;
    }
    try {
      await vscode.commands.executeCommand("markdown.showPreviewToSide", reportUri);
    } catch {
      const doc = await vscode.workspace.openTextDocument(reportUri);
      await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.Beside, preview: true });
    }
  } catch (err) {
    log.error(`Compute Shapes failed: ${err instanceof Error ? err.message : String(err)}`);
    void vscode.window.showErrorMessage("Shape Lens: Compute Shapes failed (see Shape Lens: Show Logs).");
  }
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
