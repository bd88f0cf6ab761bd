// Shared helpers for the end-to-end suites: open fixture files, poll a VS Code query until its answer
// satisfies a check (never a fixed sleep), normalise inlay hints, and ask the launcher for screenshots.
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import * as vscode from "vscode";

export const EXTENSION_ID = "shape-lens.shape-lens";

export function workspaceRoot(): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, "the end-to-end run must open the fixture workspace");
  return folder.uri;
}

export function fixtureUri(name: string): vscode.Uri {
  return vscode.Uri.joinPath(workspaceRoot(), name);
}

export async function open(name: string): Promise<vscode.TextEditor> {
  const doc = await vscode.workspace.openTextDocument(fixtureUri(name));
  return vscode.window.showTextDocument(doc, { preview: false });
}

// Once a server poll has timed out before any server poll ever succeeded, the server is most likely not running at
// all (say, a native module that does not load): later polls then give up after a few seconds
// instead of 30, so a dead server fails the run in about a minute rather than ten.
let anySucceeded = false;
let presumedDead = false;

/**
 * Calls `query` until `check` accepts its answer and returns that answer; on timeout fails with the
 * last answer (or error) so a report says what was actually returned.
 */
export async function poll<T>(
  what: string,
  query: () => Thenable<T> | T,
  check: (v: T) => boolean,
  timeoutMs = 30_000,
  fromServer = true,
): Promise<T> {
  const deadline = Date.now() + (presumedDead && fromServer ? Math.min(timeoutMs, 3_000) : timeoutMs);
  let last: unknown;
  for (let delay = 50; ; delay = Math.min(delay * 2, 500)) {
    try {
      const v = await query();
      if (check(v)) {
        if (fromServer) anySucceeded = true;
        return v;
      }
      last = v;
    } catch (err) {
      last = `threw ${err instanceof Error ? err.message : String(err)}`;
    }
    if (Date.now() > deadline) {
      if (fromServer && !anySucceeded) presumedDead = true;
      assert.fail(`${what}: not satisfied after ${timeoutMs} ms; last answer: ${describe(last)}`);
    }
    await new Promise((r) => setTimeout(r, delay));
  }
}

function describe(v: unknown): string {
  const text = typeof v === "string" ? v : (JSON.stringify(v, null, 1) ?? String(v));
  return text.length > 2000 ? `${text.slice(0, 2000)}…` : text;
}

export interface Hint {
  line: number;
  label: string;
}

/** The inlay hints of a document as {0-based line, label text}, in document order. */
export async function hints(doc: vscode.TextDocument): Promise<Hint[]> {
  const all = new vscode.Range(0, 0, doc.lineCount, 0);
  const got = (await vscode.commands.executeCommand<vscode.InlayHint[]>("vscode.executeInlayHintProvider", doc.uri, all)) ?? [];
  return got
    .map((h) => ({ line: h.position.line, label: typeof h.label === "string" ? h.label : h.label.map((p) => p.value).join("") }))
    .sort((a, b) => a.line - b.line);
}

/** The 0-based line holding `text` (first occurrence); fails when absent. */
export function lineOf(doc: vscode.TextDocument, text: string): number {
  for (let i = 0; i < doc.lineCount; i++) if (doc.lineAt(i).text.includes(text)) return i;
  assert.fail(`no line contains ${JSON.stringify(text)}`);
}

/** Position of the first character of `text` in the document. */
export function positionOf(doc: vscode.TextDocument, text: string, delta = 0): vscode.Position {
  const at = doc.getText().indexOf(text);
  assert.ok(at >= 0, `document has no ${JSON.stringify(text)}`);
  return doc.positionAt(at + delta);
}

/** Replaces the first occurrence of `from` with `to` through a WorkspaceEdit (unsaved, like typing). */
export async function replace(doc: vscode.TextDocument, from: string, to: string): Promise<void> {
  const start = positionOf(doc, from);
  const edit = new vscode.WorkspaceEdit();
  edit.replace(doc.uri, new vscode.Range(start, start.translate(0, from.length)), to);
  assert.ok(await vscode.workspace.applyEdit(edit), `edit ${from} → ${to} was not applied`);
}

/** Puts the whole text back (tests leave documents as they found them). */
export async function setText(doc: vscode.TextDocument, text: string): Promise<void> {
  const edit = new vscode.WorkspaceEdit();
  edit.replace(doc.uri, new vscode.Range(0, 0, doc.lineCount, 0), text);
  assert.ok(await vscode.workspace.applyEdit(edit));
}

export function errors(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.severity === vscode.DiagnosticSeverity.Error);
}

export function codeOf(d: vscode.Diagnostic): string | undefined {
  const c = d.code;
  if (c === undefined) return undefined;
  return typeof c === "object" ? String(c.value) : String(c);
}

/**
 * Asks the launcher (which drives the browser) to take a screenshot of the workbench as it is now, and
 * waits until it is written (after `waitForText` shows up in some frame, for webviews). Does nothing
 * unless the run was started with screenshots enabled.
 */
export async function screenshot(name: string, waitForText?: string): Promise<void> {
  const dir = process.env.SHAPELENS_E2E_SHOTS;
  if (!dir) return;
  const done = path.join(dir, `${name}.done`);
  console.log(`[shapelens-e2e] screenshot ${name}${waitForText ? ` ${waitForText}` : ""}`);
  await poll(
    `screenshot ${name}`,
    () => fs.existsSync(done),
    (v) => v,
    30_000,
    false,
  );
}

/** Waits for the rendering of whatever was just shown (hover widgets, panels) to settle. */
export function settle(ms = 800): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/**
 * Asks the launcher to click, in the real page (webviews included), the first row, button or link
 * whose text contains `text`; resolves once it was clicked and fails when nothing matched.
 */
export async function clickInPage(name: string, text: string): Promise<void> {
  const dir = process.env.SHAPELENS_E2E_SIGNALS;
  assert.ok(dir, "the launcher names a signals folder (SHAPELENS_E2E_SIGNALS)");
  console.log(`[shapelens-e2e] click ${name} ${text}`);
  const outcome = await poll(
    `click ${name}`,
    () => (fs.existsSync(path.join(dir, `${name}.done`)) ? "done" : fs.existsSync(path.join(dir, `${name}.missing`)) ? "missing" : ""),
    (v) => v !== "",
    30_000,
    false,
  );
  assert.equal(outcome, "done", `nothing on the page contains "${text}"`);
}

/** The extension's API (activating it when needed): the layer view's and Compute Shapes view's state. */
export interface ShapeLensE2eApi {
  activationMillis: number;
  layerView(): { title: string; frameCount: number; openMillis: number; frame: number } | undefined;
  shapesView: { rows(): string[]; hasDiagram(): boolean; click(model: number, row: number): Promise<void> };
}

export async function shapeLensApi(): Promise<ShapeLensE2eApi> {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(ext, `extension ${EXTENSION_ID} is not installed`);
  return (await ext.activate()) as ShapeLensE2eApi;
}
