// `npm run fuzz`: a bounded fuzz campaign. Mutated seed files go through the engine (in a watched
// worker process), through the real CLI (every 200th input) and through the language server over
// stdio. Crashing inputs are saved under test/fixtures/fuzz/. Prints a summary; exit 1 on findings.
//   node out/test/fuzz/main.js [--count N] [--seconds S] [--seed K] [--server-edits E]

import { spawn, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as readline from "node:readline";
import { isInternalError, makeWorkspace } from "./engine";
import type { Finding } from "./engine";
import { inputFor } from "./inputs";
import { ROOT, seeds } from "./mutate";
import type { Seed } from "./mutate";
import { fuzzServer, vanishingClient } from "./server";

export interface FuzzOptions {
  count: number;
  seconds: number;
  seed: number;
  serverEdits: number;
  /** Where crashing inputs are saved; undefined: not saved. */
  saveDir?: string;
  log?: (line: string) => void;
}

export interface FuzzReport {
  inputs: number;
  cliRuns: number;
  serverEdits: number;
  seconds: number;
  maxMillis: number;
  findings: (Finding & { input?: number })[];
  rss: number[];
}

/** CPU time a worker may spend on one input before it counts as hung. */
const WATCHDOG_MS = 30000;
const CLI = path.join(ROOT, "dist/cli.js");

function saveInput(options: FuzzOptions, corpus: readonly Seed[], i: number, kind: string): void {
  if (!options.saveDir) return;
  fs.mkdirSync(options.saveDir, { recursive: true });
  const input = inputFor(corpus, options.seed, i);
  fs.writeFileSync(path.join(options.saveDir, `${kind}-seed${options.seed}-${i}.py`), input.text);
}

/** CPU time (user + system) a process has used, from /proc (Linux); undefined elsewhere. */
function cpuMillisOf(pid: number | undefined): number | undefined {
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return undefined;
  }
}

/** Runs the engine worker over [from, to); resolves with the next index to run (after a crash, past it). */
function runWorker(
  options: FuzzOptions,
  from: number,
  to: number,
  deadline: number,
  dir: string,
  report: FuzzReport,
  corpus: readonly Seed[],
): Promise<number> {
  const worker = path.join(__dirname, "worker.js");
  const seconds = Math.max(1, Math.ceil((deadline - Date.now()) / 1000));
  const child = spawn(process.execPath, [worker, String(options.seed), String(from), String(to), String(seconds), dir], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let next = from;
  let stderr = "";
  child.stderr.on("data", (d: Buffer) => (stderr = (stderr + d.toString()).slice(-2000)));
  // The watchdog counts the worker's CPU time, not wall time: a niced worker on a loaded machine
  // may wait long without being stuck.
  let cpuAtLastLine = 0;
  let wallAtLastLine = Date.now();
  const timer = setInterval(() => {
    const used = cpuMillisOf(child.pid);
    const stuck = used === undefined ? Date.now() - wallAtLastLine > 4 * WATCHDOG_MS : used - cpuAtLastLine > WATCHDOG_MS;
    if (stuck) child.kill("SIGKILL");
  }, 2000);
  const lines = readline.createInterface({ input: child.stdout });
  lines.on("line", (line) => {
    cpuAtLastLine = cpuMillisOf(child.pid) ?? cpuAtLastLine;
    wallAtLastLine = Date.now();
    const r = JSON.parse(line) as { i: number; ms: number; findings: Finding[] };
    next = r.i + 1;
    report.inputs++;
    report.maxMillis = Math.max(report.maxMillis, r.ms);
    for (const f of r.findings) {
      report.findings.push({ ...f, input: r.i });
      saveInput(options, corpus, r.i, f.kind);
    }
    if (report.inputs % 1000 === 0) options.log?.(`${report.inputs} inputs, ${report.findings.length} findings`);
  });
  return new Promise((resolve) => {
    child.on("exit", (code, signal) => {
      clearInterval(timer);
      if (code === 0) return resolve(next);
      const kind = signal === "SIGKILL" ? "hang" : "crash";
      report.findings.push({ kind: "throw", detail: `worker ${kind} (${signal ?? code}) on input ${next}: ${stderr}`, input: next });
      saveInput(options, corpus, next, kind);
      report.inputs++;
      resolve(next + 1);
    });
  });
}

/** Every 200th input also goes through the real CLI: a documented exit code, JSON on stdout, no internal error. */
function runCli(options: FuzzOptions, corpus: readonly Seed[], i: number, dir: string, report: FuzzReport): void {
  const file = path.join(dir, "cli_input.py");
  fs.writeFileSync(file, inputFor(corpus, options.seed, i).text);
  const r = spawnSync(process.execPath, [CLI, "hints", file, "--json"], { encoding: "utf8", timeout: 30000 });
  report.cliRuns++;
  let problem: string | undefined;
  if (r.status === null) problem = `CLI killed (${r.signal})`;
  else if (![0, 1, 2].includes(r.status)) problem = `CLI exit ${r.status}: ${r.stderr.slice(0, 500)}`;
  else if (/shapelens: internal error/.test(r.stderr)) problem = "CLI reported an internal error";
  else if (r.status !== 2) {
    try {
      const out = JSON.parse(r.stdout) as { files: { diagnostics: { code: string; message: string }[] }[] };
      if (out.files.some((f) => f.diagnostics.some(isInternalError))) problem = "CLI output has an internal-error diagnostic";
    } catch {
      problem = "CLI printed invalid JSON";
    }
  }
  if (problem) {
    report.findings.push({ kind: "cli", detail: problem, input: i });
    saveInput(options, corpus, i, "cli");
  }
}

export async function fuzz(options: FuzzOptions): Promise<FuzzReport> {
  const t0 = Date.now();
  const deadline = t0 + options.seconds * 1000;
  const corpus = seeds();
  const dir = makeWorkspace(fs.mkdtempSync(path.join(os.tmpdir(), "shapelens-fuzz-")));
  const report: FuzzReport = { inputs: 0, cliRuns: 0, serverEdits: 0, seconds: 0, maxMillis: 0, findings: [], rss: [] };
  try {
    // The server first (a fixed share of the time), then the engine and the CLI until the count or the deadline.
    if (options.serverEdits > 0) {
      const serverDeadline = Math.min(deadline, t0 + Math.max(2000, options.seconds * 400));
      const run = await fuzzServer(corpus, options.seed, options.serverEdits, serverDeadline, dir);
      report.serverEdits = run.edits;
      report.rss = run.rss;
      report.findings.push(...run.findings);
      report.findings.push(...(await vanishingClient(corpus, dir)));
      options.log?.(`server: ${run.edits} edits, RSS ${run.rss.join(" ")} KB`);
    }
    const chunk = 2000;
    for (let from = 0; from < options.count && Date.now() < deadline;) {
      const to = Math.min(options.count, from + chunk);
      const next = await runWorker(options, from, to, deadline, dir, report, corpus);
      // Not cut by the deadline: on a loaded machine the first worker chunk can use all the time, and
      // the CLI would never run (at most chunk / 200 = 10 runs past it).
      for (let i = Math.ceil(from / 200) * 200; i < next; i += 200) runCli(options, corpus, i, dir, report);
      from = next;
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  report.seconds = (Date.now() - t0) / 1000;
  return report;
}

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
}

if (require.main === module) {
  const options: FuzzOptions = {
    count: arg("count", 100000),
    seconds: arg("seconds", 3600),
    seed: arg("seed", 1),
    serverEdits: arg("server-edits", 10000),
    saveDir: path.join(ROOT, "test/fixtures/fuzz"),
    log: (l) => process.stderr.write(`fuzz: ${l}\n`),
  };
  fuzz(options).then(
    (r) => {
      process.stdout.write(
        `${JSON.stringify({ inputs: r.inputs, cliRuns: r.cliRuns, serverEdits: r.serverEdits, seconds: r.seconds, maxMillis: r.maxMillis, rss: r.rss, findings: r.findings.length })}\n`,
      );
      for (const f of r.findings.slice(0, 50))
        process.stdout.write(`${f.kind}${f.input !== undefined ? ` #${f.input}` : ""}: ${f.detail.slice(0, 300)}\n`);
      process.exitCode = r.findings.length ? 1 : 0;
    },
    (e: unknown) => {
      process.stderr.write(`fuzz: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
      process.exitCode = 3;
    },
  );
}
