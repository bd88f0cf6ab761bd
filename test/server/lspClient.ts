// A real LSP client for the server tests: spawns `node dist/server.js --stdio` and talks to it over
// its stdio streams with vscode-languageserver-protocol. Answers the server's own requests
// (workspace/configuration, client/registerCapability, refreshes) and records its notifications.

import { ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import { createProtocolConnection, StreamMessageReader, StreamMessageWriter } from "vscode-languageserver-protocol/node";
import type {
  ClientCapabilities,
  Diagnostic,
  InitializeResult,
  ProtocolConnection,
  PublishDiagnosticsParams,
  TextDocumentContentChangeEvent,
} from "vscode-languageserver-protocol/node";

export const ROOT = path.resolve(__dirname, "..", "..", "..");
/** The server under test; SHAPELENS_SERVER points at another build (e.g. one unpacked from the .vsix). */
export const SERVER = process.env.SHAPELENS_SERVER ?? path.join(ROOT, "dist", "server.js");
export const FIXTURES = path.join(ROOT, "test", "fixtures", "lsp");

export function fixture(name: string): { uri: string; text: string } {
  const file = path.join(FIXTURES, name);
  return { uri: pathToFileURL(file).href, text: readFileSync(file, "utf8") };
}

export interface StartOptions {
  /** The "shapeLens" section answered to workspace/configuration; undefined: the client has no configuration support. */
  settings?: Record<string, unknown>;
  initializationOptions?: unknown;
  capabilities?: ClientCapabilities;
  /** Extra environment variables and Node options for the server process (memory measurements). */
  env?: Record<string, string>;
  nodeArgs?: string[];
}

export class TestClient {
  readonly diagnostics = new Map<string, PublishDiagnosticsParams>();
  readonly logs: { type: number; message: string }[] = [];
  readonly stderr: string[] = [];
  readonly configurationRequests: unknown[] = [];
  readonly statuses: { uri: string; state: string }[] = [];
  /** Anything on stdout that is not a well-formed LSP message ends up here. */
  readonly protocolErrors: string[] = [];
  refreshes = 0;
  lensRefreshes = 0;
  exitCode: number | null | undefined;
  private readonly waiters: (() => void)[] = [];
  private readonly versions = new Map<string, number>();
  readonly exited: Promise<number | null>;

  private constructor(
    readonly proc: ChildProcessWithoutNullStreams,
    readonly conn: ProtocolConnection,
    public settings: Record<string, unknown> | undefined,
  ) {
    this.exited = new Promise((resolve) =>
      proc.on("exit", (code) => {
        this.exitCode = code;
        resolve(code);
      }),
    );
    proc.stderr.on("data", (d: Buffer) => this.stderr.push(d.toString()));
    conn.onNotification("textDocument/publishDiagnostics", (p: PublishDiagnosticsParams) => {
      this.diagnostics.set(p.uri, p);
      this.notify();
    });
    conn.onNotification("window/logMessage", (p: { type: number; message: string }) => {
      this.logs.push(p);
    });
    conn.onNotification("shapeLens/status", (p: { uri: string; state: string }) => {
      this.statuses.push(p);
      this.notify();
    });
    conn.onError(([err]) => this.protocolErrors.push(String(err)));
    conn.onRequest("workspace/configuration", (params: unknown) => {
      this.configurationRequests.push(params);
      const items = (params as { items: { section?: string }[] }).items;
      return items.map((i) => (i.section === "shapeLens" ? (this.settings ?? {}) : null));
    });
    conn.onRequest("client/registerCapability", () => null);
    conn.onRequest("client/unregisterCapability", () => null);
    conn.onRequest("workspace/inlayHint/refresh", () => {
      this.refreshes++;
      this.notify();
      return null;
    });
    conn.onRequest("window/workDoneProgress/create", () => null);
    conn.onRequest("workspace/codeLens/refresh", () => {
      this.lensRefreshes++;
      this.notify();
      return null;
    });
    conn.onRequest("workspace/applyEdit", (params: unknown) => {
      this.appliedEdits.push(params);
      this.notify();
      return { applied: true };
    });
  }

  /** workspace/applyEdit requests the server made (answered as applied). */
  readonly appliedEdits: unknown[] = [];

  /** Sends a notification of the protocol (notebook sync and the like). */
  async notifyServer(method: string, params: unknown): Promise<void> {
    await this.conn.sendNotification(method, params);
  }

  static async start(options: StartOptions = {}): Promise<TestClient> {
    const proc = spawn(process.execPath, [...(options.nodeArgs ?? []), SERVER, "--stdio"], {
      cwd: ROOT,
      stdio: "pipe",
      env: options.env ? { ...process.env, ...options.env } : process.env,
    });
    const conn = createProtocolConnection(new StreamMessageReader(proc.stdout), new StreamMessageWriter(proc.stdin));
    const client = new TestClient(proc, conn, options.settings);
    conn.listen();
    const configuration = options.settings !== undefined;
    const capabilities: ClientCapabilities = options.capabilities ?? {
      workspace: {
        configuration,
        didChangeConfiguration: { dynamicRegistration: configuration },
        inlayHint: { refreshSupport: true },
        codeLens: { refreshSupport: true },
      },
      textDocument: {
        inlayHint: {},
        hover: { contentFormat: ["markdown", "plaintext"] },
        codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ["quickfix", "refactor.rewrite"] } } },
        publishDiagnostics: { relatedInformation: true, versionSupport: true },
      },
    };
    // A server that dies on start-up fails the test at once instead of timing out.
    const died = client.exited.then((code) => {
      throw new Error(`server exited with code ${code} before initializing: ${client.stderr.join("")}`);
    });
    client.initializeResult = await Promise.race([
      died,
      conn.sendRequest<InitializeResult>("initialize", {
        processId: process.pid,
        rootUri: pathToFileURL(ROOT).href,
        capabilities,
        initializationOptions: options.initializationOptions,
        workspaceFolders: null,
      }),
    ]);
    died.catch(() => undefined);
    await conn.sendNotification("initialized", {});
    return client;
  }

  initializeResult!: InitializeResult;

  private notify(): void {
    for (const w of this.waiters.splice(0)) w();
  }

  /** Resolves when `check` holds, re-checking after each notification; rejects after `ms`. */
  async until<T>(what: string, check: () => T | undefined | false, ms = 10000): Promise<T> {
    const deadline = Date.now() + ms;
    for (;;) {
      const v = check();
      if (v !== undefined && v !== false) return v;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out waiting for ${what}`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, Math.min(left, 200));
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }

  async open(uri: string, text: string): Promise<void> {
    this.versions.set(uri, 1);
    await this.conn.sendNotification("textDocument/didOpen", { textDocument: { uri, languageId: "python", version: 1, text } });
  }

  async change(uri: string, changes: TextDocumentContentChangeEvent[]): Promise<number> {
    const version = (this.versions.get(uri) ?? 0) + 1;
    this.versions.set(uri, version);
    await this.conn.sendNotification("textDocument/didChange", { textDocument: { uri, version }, contentChanges: changes });
    return version;
  }

  async close(uri: string): Promise<void> {
    await this.conn.sendNotification("textDocument/didClose", { textDocument: { uri } });
  }

  /** Diagnostics published for the given version of the document. */
  async diagnosticsFor(uri: string, version = this.versions.get(uri) ?? 1): Promise<Diagnostic[]> {
    const p = await this.until(`diagnostics for ${uri} v${version}`, () => {
      const d = this.diagnostics.get(uri);
      return d && d.version === version ? d : undefined;
    });
    return p.diagnostics;
  }

  request<R>(method: string, params: unknown): Promise<R> {
    return this.conn.sendRequest(method, params) as Promise<R>;
  }

  async shutdown(): Promise<number | null> {
    if (this.exitCode !== undefined) return this.exitCode;
    await this.conn.sendRequest("shutdown");
    await this.conn.sendNotification("exit");
    const code = await this.exited;
    this.conn.dispose();
    return code;
  }

  kill(): void {
    if (this.exitCode === undefined) this.proc.kill();
    this.conn.dispose();
  }

  /** Error-level log messages the server sent (type 1). */
  errors(): string[] {
    return this.logs.filter((l) => l.type === 1).map((l) => l.message);
  }
}

/** Applies LSP text edits (given against `text`) like an editor would. */
export function applyEdits(
  text: string,
  edits: { range: { start: { line: number; character: number }; end: { line: number; character: number } }; newText: string }[],
): string {
  const offset = (p: { line: number; character: number }): number => {
    const lines = text.split("\n");
    let o = 0;
    for (let i = 0; i < p.line; i++) o += lines[i].length + 1;
    return o + p.character;
  };
  const sorted = [...edits].sort((a, b) => offset(b.range.start) - offset(a.range.start));
  let out = text;
  for (const e of sorted) out = out.slice(0, offset(e.range.start)) + e.newText + out.slice(offset(e.range.end));
  return out;
}
