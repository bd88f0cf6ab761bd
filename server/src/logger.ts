// The language server's one logger. Everything goes to the LSP connection's console (the client's
// "Shape Lens" output channel), never to stdout, which carries the protocol in --stdio mode.
// Before the connection exists, messages are buffered and flushed once it is attached.

export type LogLevel = "error" | "warn" | "info" | "debug";

/** The subset of vscode-languageserver's RemoteConsole the logger needs. */
export interface LogSink {
  error(message: string): void;
  warn(message: string): void;
  info(message: string): void;
  log(message: string): void;
}

let sink: LogSink | undefined;
let verbose = false;
const pending: [LogLevel, string][] = [];

export function attachLogSink(s: LogSink): void {
  sink = s;
  for (const [level, message] of pending.splice(0)) write(level, message);
}

/** Debug messages are written only when shapeLens.trace.server is "verbose". */
export function setVerbose(on: boolean): void {
  verbose = on;
}

function write(level: LogLevel, message: string): void {
  if (!sink) {
    if (pending.length < 1000) pending.push([level, message]);
    return;
  }
  try {
    if (level === "error") sink.error(message);
    else if (level === "warn") sink.warn(message);
    else if (level === "info") sink.info(message);
    else sink.log(message);
  } catch {
    // The connection may already be closed; there is nowhere left to report to.
  }
}

function describe(err: unknown): string {
  if (err instanceof Error) return err.stack ?? `${err.name}: ${err.message}`;
  return String(err);
}

export const log = {
  error(message: string, err?: unknown): void {
    write("error", err === undefined ? message : `${message}: ${describe(err)}`);
  },
  warn(message: string): void {
    write("warn", message);
  },
  info(message: string): void {
    write("info", message);
  },
  debug(message: string): void {
    if (verbose) write("debug", message);
  },
};
