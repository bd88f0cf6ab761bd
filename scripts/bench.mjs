// `npm run bench`: how fast the engine is, measured (never asserted). Each section prints a table; all of them
// are written together as JSON (bench-results.json, or --out PATH). Sections (--only a,b to pick some; --quick for
// fewer runs and sizes): analysis, parse, keystroke, cli, startup, rss — see the README's "Benchmarks" section.
// Sections needing what a clean clone lacks (torchvision sources, Python + torch, /proc) print a skip line.
import { build } from "esbuild";
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { cpus, tmpdir } from "node:os";
import { join, relative, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { generatedModelFile } from "./generatedModel.mjs";

const root = resolve(new URL("..", import.meta.url).pathname);
const args = process.argv.slice(2);
const flag = (name) => args.includes(name);
const option = (name) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const quick = flag("--quick");
const SECTIONS = ["analysis", "parse", "keystroke", "cli", "startup", "rss"];
const only = option("--only")?.split(",") ?? SECTIONS;
for (const s of only) if (!SECTIONS.includes(s)) throw new Error(`bench: unknown section ${s} (sections: ${SECTIONS.join(", ")})`);
const outFile = resolve(option("--out") ?? join(root, "bench-results.json"));
/** The CLI and server under test (defaults: this checkout's dist/); --cli lets one compare two builds. */
const cli = resolve(option("--cli") ?? join(root, "dist/cli.js"));
const serverJs = resolve(option("--server") ?? join(root, "dist/server.js"));

const tmp = mkdtempSync(join(tmpdir(), "shapelens-bench-"));
const require = createRequire(join(root, "package.json"));
const results = {
  date: new Date().toISOString(),
  node: process.version,
  cpus: cpus().length,
  loadavg: readLoadavg(),
  quick,
  sections: {},
};

function readLoadavg() {
  try {
    return readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).map(Number);
  } catch {
    return undefined;
  }
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? NaN : s[Math.floor((s.length - 1) / 2)];
}

function percentile(xs, p) {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? NaN : s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
}

const fmt = (x, digits = 1) => (x === undefined || Number.isNaN(x) ? "-" : typeof x === "number" ? x.toFixed(digits) : String(x));

/** Prints a table: `columns` are [header, key, digits?]; a row with `skip` prints as one line. */
function table(title, columns, rows) {
  process.stdout.write(`\n== ${title}\n`);
  const cells = rows.map((r) => (r.skip ? null : columns.map(([, key, digits]) => fmt(r[key], digits))));
  const widths = columns.map(([h], i) => Math.max(h.length, ...cells.filter(Boolean).map((c) => c[i].length)));
  process.stdout.write(columns.map(([h], i) => (i === 0 ? h.padEnd(widths[i]) : h.padStart(widths[i]))).join("  ") + "\n");
  rows.forEach((r, j) => {
    if (r.skip) process.stdout.write(`${r.skip}\n`);
    else process.stdout.write(cells[j].map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join("  ") + "\n");
  });
}

function skip(section, why) {
  process.stdout.write(`\n== ${section}: skipped (${why})\n`);
  results.sections[section] = { skipped: why };
}

// ---------------------------------------------------------------------------------------------------------------
// Inputs: generated model files and torchvision's model zoo.

const blocksForLines = (n) => Math.max(1, Math.round((n - 4) / 17));

/**
 * About 1,000 lines (58 blocks) forming one network: `blocks` conv blocks chained by a top-level Net with a declared input, so
 * that an edit in the first block changes every shape downstream. Returns the text and, per block, the position of
 * the padding digit of its first conv (the character the keystrokes toggle).
 */
function chainedNetworkFile(blocks) {
  const lines = ["import torch", "import torch.nn as nn", "import torch.nn.functional as F", ""];
  const digits = [];
  for (let b = 0; b < blocks; b++) {
    const conv = "        self.conv1 = nn.Conv2d(32, 32, 3, padding=1)";
    lines.push(`class Block${b}(nn.Module):`, "    def __init__(self):", "        super().__init__()");
    digits.push({ line: lines.length, character: conv.length - 2 });
    lines.push(
      conv,
      "        self.bn1 = nn.BatchNorm2d(32)",
      "        self.conv2 = nn.Conv2d(32, 32, 3, padding=1)",
      "        self.bn2 = nn.BatchNorm2d(32)",
      "",
      "    def forward(self, x):",
      "        y = self.conv1(x)",
      "        y = F.relu(self.bn1(y))",
      "        y = self.conv2(y)",
      "        y = self.bn2(y)",
      "        return F.relu(y)",
      "",
    );
  }
  lines.push("class Net(nn.Module):", "    def __init__(self):", "        super().__init__()");
  for (let b = 0; b < blocks; b++) lines.push(`        self.b${b} = Block${b}()`);
  lines.push("", "    # shape: x = (8, 32, 56, 56)", "    def forward(self, x):");
  for (let b = 0; b < blocks; b++) lines.push(`        x = self.b${b}(x)`);
  lines.push("        return x", "");
  return { text: lines.join("\n"), digits };
}

const tvDir = [process.env.SHAPELENS_TORCHVISION_DIR, join(root, ".cache/torchvision/root/usr/lib/python3/dist-packages/torchvision")].find(
  (d) => d && existsSync(join(d, "models/resnet.py")),
);
const NO_TV = "torchvision sources not extracted: run scripts/torchvision-sources.sh";

/** Every .py file of torchvision's models package (subpackages included), without __init__ and helpers. */
function torchvisionModelFiles() {
  if (!tvDir) return [];
  const out = [];
  const walk = (dir) => {
    for (const name of readdirSync(dir).sort()) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (name.endsWith(".py") && !name.startsWith("_")) out.push(p);
    }
  };
  walk(join(tvDir, "models"));
  return out;
}

const python = "/usr/bin/python3";
const hasTorch = () => existsSync(python) && spawnSync(python, ["-c", "import torch, torchvision"]).status === 0;

// ---------------------------------------------------------------------------------------------------------------
// In-process engine: the core bundled on the fly (it has no LSP or fs dependency).

let engine;
async function loadEngine() {
  if (engine) return engine;
  const bundle = join(tmp, "analysis.cjs");
  await build({
    entryPoints: [join(root, "server/src/core/analysis.ts")],
    bundle: true,
    platform: "node",
    format: "cjs",
    outfile: bundle,
    external: ["tree-sitter", "tree-sitter-python"],
    logLevel: "warning",
    nodePaths: [join(root, "node_modules")],
  });
  // The bundle lives in a temporary folder: it finds tree-sitter through NODE_PATH.
  process.env.NODE_PATH = join(root, "node_modules");
  require("node:module").Module._initPaths();
  const { analyzeFile } = require(bundle);
  const Parser = require("tree-sitter");
  const parser = new Parser();
  parser.setLanguage(require("tree-sitter-python"));
  // As core/parse.ts feeds tree-sitter: a callback reading 16 KiB chunks (its default string input stops at 32 KiB).
  const parse = (text) => parser.parse((index) => text.slice(index, index + 16384));
  engine = { analyzeFile, parse };
  return engine;
}

function timeIt(fn, runs) {
  fn(); // warm-up (parser, JIT)
  const times = [];
  let result;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    result = fn();
    times.push(performance.now() - t0);
  }
  return { ms: median(times), minMs: Math.min(...times), result };
}

// ---------------------------------------------------------------------------------------------------------------
// analysis: in-process analysis time (warm) of the bundled example, a generated file and two torchvision models.

async function benchAnalysis() {
  const { analyzeFile } = await loadEngine();
  const runs = quick ? 3 : 7;
  const rows = [];
  const example = join(root, "examples/resnet18.py");
  {
    const { ms, result } = timeIt(() => analyzeFile(example, readFileSync(example, "utf8"), {}), runs);
    rows.push({ name: "examples/resnet18.py", ms, note: `${result.hints.length} hints` });
  }
  {
    const text = generatedModelFile(59);
    const file = join(tmp, "thousand_lines.py");
    const { ms, result } = timeIt(() => analyzeFile(file, text, {}), runs);
    rows.push({ name: `generated ${text.split("\n").length}-line file, 59 models`, ms, note: `${result.hints.length} hints` });
  }
  for (const [name, rel, expr] of TV_MODELS.slice(0, 2)) {
    if (!tvDir) {
      rows.push({ skip: `${name}: ${NO_TV}` });
      continue;
    }
    const file = join(tvDir, rel);
    const text = readFileSync(file, "utf8");
    const { ms, result } = timeIt(() => analyzeFile(file, text, { model: expr, inputs: [[1, 3, 224, 224]] }), runs);
    rows.push({ name: `${name} summary`, ms, note: `${result.models[0]?.modules.length ?? 0} modules` });
  }
  table(
    "analysis: in-process, warm (median)",
    [
      ["input", "name"],
      ["ms", "ms"],
      ["note", "note"],
    ],
    rows,
  );
  results.sections.analysis = rows;
}

// ---------------------------------------------------------------------------------------------------------------
// parse: the tree-sitter parse floor against the whole analysis, per file.

async function benchParse() {
  const { analyzeFile, parse } = await loadEngine();
  const runs = quick ? 3 : 5;
  const rows = [];
  const measure = (name, file, text, options = {}) => {
    const p = timeIt(() => parse(text), runs * 2);
    const a = timeIt(() => analyzeFile(file, text, options), runs);
    return {
      name,
      lines: text.split("\n").length,
      parseMs: p.ms,
      parseMinMs: p.minMs,
      analysisMs: a.ms,
      analysisMinMs: a.minMs,
      ratio: a.ms / p.ms,
    };
  };
  const files = torchvisionModelFiles();
  if (files.length === 0) rows.push({ skip: `torchvision model files: ${NO_TV}` });
  for (const file of quick ? files.slice(0, 4) : files) {
    rows.push(measure(relative(join(tvDir, "models"), file), file, readFileSync(file, "utf8")));
  }
  const sizes = quick ? [1000, 2000] : [1000, 2000, 5000, 10000];
  const growth = [];
  for (const n of sizes) {
    const text = generatedModelFile(blocksForLines(n));
    const row = measure(`generated ${n} lines`, join(tmp, `generated_${n}.py`), text);
    rows.push(row);
    growth.push(row);
  }
  table(
    "parse: tree-sitter parse vs whole analysis (imports included), in-process, warm (median and min)",
    [
      ["file", "name"],
      ["lines", "lines", 0],
      ["parse ms", "parseMs"],
      ["(min)", "parseMinMs"],
      ["analysis ms", "analysisMs"],
      ["(min)", "analysisMinMs"],
      ["analysis/parse", "ratio"],
    ],
    rows,
  );
  const base = growth[0];
  process.stdout.write("growth of the generated files (relative to the first size):\n");
  for (const g of growth) {
    process.stdout.write(
      `  ${String(g.lines).padStart(6)} lines  x${(g.lines / base.lines).toFixed(1).padEnd(5)} parse x${(g.parseMs / base.parseMs).toFixed(1).padEnd(6)} analysis x${(g.analysisMs / base.analysisMs).toFixed(1)}\n`,
    );
  }
  results.sections.parse = rows.filter((r) => !r.skip);
}

// ---------------------------------------------------------------------------------------------------------------
// A minimal LSP client over stdio for the server sections (the test client is TypeScript; this stays plain JS).

async function startServer() {
  const { createProtocolConnection, StreamMessageReader, StreamMessageWriter } = require("vscode-languageserver-protocol/node");
  const proc = spawn(process.execPath, [serverJs, "--stdio"], { cwd: root, stdio: "pipe" });
  proc.stderr.resume();
  const conn = createProtocolConnection(new StreamMessageReader(proc.stdout), new StreamMessageWriter(proc.stdin));
  const diagnostics = new Map();
  const waiters = [];
  conn.onNotification("textDocument/publishDiagnostics", (p) => {
    diagnostics.set(p.uri, p);
    for (const w of waiters.splice(0)) w();
  });
  for (const method of [
    "workspace/configuration",
    "client/registerCapability",
    "client/unregisterCapability",
    "workspace/inlayHint/refresh",
    "workspace/codeLens/refresh",
    "window/workDoneProgress/create",
  ]) {
    conn.onRequest(method, (params) => (method === "workspace/configuration" ? params.items.map(() => null) : null));
  }
  conn.onNotification(() => undefined);
  conn.listen();
  await conn.sendRequest("initialize", {
    processId: process.pid,
    rootUri: pathToFileURL(tmp).href,
    workspaceFolders: null,
    capabilities: {
      workspace: { inlayHint: { refreshSupport: true } },
      textDocument: { inlayHint: {}, publishDiagnostics: { versionSupport: true } },
    },
  });
  await conn.sendNotification("initialized", {});
  const untilDiagnostics = async (uri, version, ms = 120000) => {
    const deadline = Date.now() + ms;
    while (diagnostics.get(uri)?.version !== version) {
      if (Date.now() > deadline) throw new Error(`bench: no diagnostics for ${uri} v${version}`);
      await new Promise((r) => {
        const t = setTimeout(r, 100);
        waiters.push(() => {
          clearTimeout(t);
          r();
        });
      });
    }
  };
  const stop = async () => {
    await conn.sendRequest("shutdown");
    await conn.sendNotification("exit");
    await new Promise((r) => (proc.exitCode !== null ? r() : proc.on("exit", r)));
    conn.dispose();
  };
  return { proc, conn, untilDiagnostics, stop };
}

// ---------------------------------------------------------------------------------------------------------------
// keystroke: single-character edits in a ~1,000-line network, each followed by textDocument/inlayHint on the
// visible range; the time from the edit to the answer (the server's debounce included) is what a user waits.

/** `count` one-character edits at `pos` alternating between two characters, each followed by inlayHint. */
async function typeAt(server, doc, name, pos, chars, count) {
  const times = [];
  let hints = 0;
  for (let i = 0; i < count; i++) {
    const range = { start: pos, end: { line: pos.line, character: pos.character + 1 } };
    const visible = {
      start: { line: Math.max(0, pos.line - 30), character: 0 },
      end: { line: Math.min(doc.lines, pos.line + 30), character: 0 },
    };
    const t0 = performance.now();
    doc.version++;
    await server.conn.sendNotification("textDocument/didChange", {
      textDocument: { uri: doc.uri, version: doc.version },
      contentChanges: [{ range, text: chars[i % 2] }],
    });
    const answer = await server.conn.sendRequest("textDocument/inlayHint", { textDocument: { uri: doc.uri }, range: visible });
    times.push(performance.now() - t0);
    hints = answer?.length ?? 0;
  }
  return { name, edits: times.length, medianMs: median(times), p95Ms: percentile(times, 95), maxMs: Math.max(...times), hints };
}

async function benchKeystroke() {
  if (!existsSync(serverJs)) return skip("keystroke", `${serverJs} missing: run npm run build`);
  const edits = quick ? 40 : 200;
  const { text, digits } = chainedNetworkFile(58);
  const server = await startServer();
  const rows = [];
  const open = async (uri, content) => {
    await server.conn.sendNotification("textDocument/didOpen", { textDocument: { uri, languageId: "python", version: 1, text: content } });
    await server.untilDiagnostics(uri, 1);
    return { uri, version: 1, lines: content.split("\n").length };
  };
  try {
    const doc = await open(pathToFileURL(join(tmp, "keystroke_net.py")).href, text);
    // Toggles padding=1 / padding=2: the spatial sizes of this block and of all later ones change.
    rows.push(await typeAt(server, doc, `${doc.lines}-line net, first block (all shapes downstream change)`, digits[0], "21", edits / 2));
    rows.push(await typeAt(server, doc, `${doc.lines}-line net, last block`, digits[digits.length - 1], "21", edits / 2));
    if (tvDir) {
      // A real file whose imports (torchvision's transforms, utils, _meta: ~8,600 lines) are run again on each analysis:
      // a letter of a comment toggled, so only the cost of re-analysing shows.
      const file = join(tvDir, "models/resnet.py");
      const tv = await open(pathToFileURL(file).href, readFileSync(file, "utf8"));
      const line = readFileSync(file, "utf8")
        .split("\n")
        .findIndex((l) => /^\s+# Bottleneck/.test(l));
      if (line >= 0) {
        const pos = { line, character: readFileSync(file, "utf8").split("\n")[line].indexOf("B") };
        rows.push(await typeAt(server, tv, "torchvision resnet.py, a comment", pos, "bB", quick ? 10 : 40));
      }
    } else rows.push({ skip: `torchvision resnet.py: ${NO_TV}` });
  } finally {
    await server.stop();
  }
  table(
    "keystroke: edit -> inlayHint answer over stdio, sequential edits (debounce included)",
    [
      ["file, where", "name"],
      ["n", "edits", 0],
      ["median ms", "medianMs"],
      ["p95 ms", "p95Ms"],
      ["max ms", "maxMs"],
      ["hints", "hints", 0],
    ],
    rows,
  );
  results.sections.keystroke = rows.filter((r) => !r.skip);
}

// ---------------------------------------------------------------------------------------------------------------
// cli: whole processes, `shapelens summary` against Python + torch building the same table with forward hooks.

const TV_MODELS = [
  ["resnet50", "models/resnet.py", "ResNet(Bottleneck, [3, 4, 6, 3])", "models.resnet50()"],
  ["densenet121", "models/densenet.py", "DenseNet(32, (6, 12, 24, 16), 64)", "models.densenet121()"],
  [
    "efficientnet_b0",
    "models/efficientnet.py",
    'EfficientNet(_efficientnet_conf("efficientnet_b0", width_mult=1.0, depth_mult=1.0)[0], 0.2)',
    "models.efficientnet_b0()",
  ],
];

const hasTime = existsSync("/usr/bin/time");
/** Preloaded into measured node processes: writes the process's own CPU time (µs resolution) when it exits. */
const cpuPreload = join(tmp, "cpu-usage.cjs");
writeFileSync(
  cpuPreload,
  'process.on("exit", () => { const u = process.cpuUsage(); require("fs").writeFileSync(process.env.SHAPELENS_BENCH_CPU, String((u.user + u.system) / 1000)); });\n',
);

/**
 * Runs a process to completion: wall ms, and user+sys CPU ms (node: read in the process itself; other programs:
 * /usr/bin/time, 10 ms resolution, when installed). On a shared machine the CPU time is the steadier figure.
 */
function timeProcess(cmd, argv) {
  const cpuFile = join(tmp, "cpu.txt");
  rmSync(cpuFile, { force: true });
  const isNode = cmd === process.execPath;
  const [c, a] = isNode
    ? [cmd, ["--require", cpuPreload, ...argv]]
    : hasTime
      ? ["/usr/bin/time", ["-f", "%U %S", "-o", cpuFile, cmd, ...argv]]
      : [cmd, argv];
  const t0 = performance.now();
  const r = spawnSync(c, a, { stdio: ["ignore", "ignore", "pipe"], cwd: root, env: { ...process.env, SHAPELENS_BENCH_CPU: cpuFile } });
  const wall = performance.now() - t0;
  if (r.status !== 0) throw new Error(`bench: ${cmd} ${argv.join(" ")} failed: ${r.stderr}`);
  let cpu = NaN;
  if (existsSync(cpuFile)) {
    const fields = readFileSync(cpuFile, "utf8").trim().split(/\s+/).map(Number);
    cpu = isNode ? fields[0] : (fields.at(-2) + fields.at(-1)) * 1000;
  }
  return { wall, cpu };
}

function pythonScript(factory) {
  return [
    "import torch, torchvision.models as models",
    `m = ${factory}.eval()`,
    "rows = {}",
    "for n, mod in m.named_modules(): mod.register_forward_hook(lambda mod, i, o, n=n: rows.setdefault(n, []).append(tuple(o.shape) if hasattr(o, 'shape') else None))",
    "with torch.no_grad(): m(torch.randn(1, 3, 224, 224))",
  ].join("\n");
}

async function benchCli() {
  if (!tvDir) return skip("cli", NO_TV);
  const torch = hasTorch();
  const runs = quick ? 3 : 7;
  const rows = [];
  for (const [name, rel, expr, factory] of TV_MODELS) {
    const file = join(tvDir, rel);
    const cliArgs = [cli, "summary", file, "--model", expr, "--input", "1,3,224,224"];
    timeProcess(process.execPath, cliArgs); // warms the file-system cache
    const ours = [];
    const theirs = [];
    for (let i = 0; i < runs; i++) {
      ours.push(timeProcess(process.execPath, cliArgs));
      if (torch) theirs.push(timeProcess(python, ["-c", pythonScript(factory)]));
    }
    const row = {
      name,
      cliMs: median(ours.map((t) => t.wall)),
      cliCpuMs: median(ours.map((t) => t.cpu)),
      torchMs: torch ? median(theirs.map((t) => t.wall)) : NaN,
      torchCpuMs: torch ? median(theirs.map((t) => t.cpu)) : NaN,
    };
    row.ratio = row.torchMs / row.cliMs;
    row.cpuRatio = row.torchCpuMs / row.cliCpuMs;
    rows.push(row);
  }
  if (!torch) rows.push({ skip: `Python + torch: skipped (${python} cannot import torch and torchvision)` });
  table(
    `cli: whole processes, median of ${runs} alternating runs (wall; CPU = user+sys)`,
    [
      ["model", "name"],
      ["shapelens ms", "cliMs"],
      ["cpu ms", "cliCpuMs", 0],
      ["python+torch ms", "torchMs"],
      ["cpu ms", "torchCpuMs", 0],
      ["torch/shapelens", "ratio"],
      ["(cpu)", "cpuRatio"],
    ],
    rows,
  );
  results.sections.cli = rows.filter((r) => !r.skip);
}

// ---------------------------------------------------------------------------------------------------------------
// startup: a cold `shapelens summary` of resnet50 (median of 10 runs), and where one run's time goes
// (node --cpu-prof, self time by category).

/** Self time of a .cpuprofile by category, in ms. */
function profileShares(profile) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const shares = {};
  let total = 0;
  profile.samples.forEach((id, i) => {
    const dt = (profile.timeDeltas[i] ?? 0) / 1000;
    total += dt;
    const f = byId.get(id).callFrame;
    let cat = "analysis and CLI (bundle)";
    if (f.functionName === "(garbage collector)") cat = "garbage collector";
    else if (f.functionName === "(program)" || f.functionName === "(idle)") cat = "native / idle";
    else if (f.functionName === "wrapSafe" || f.functionName === "compileFunction") cat = "compiling scripts";
    else if (f.url.includes("tree-sitter")) cat = "tree-sitter (parse, node wrappers)";
    else if (!f.url.endsWith(".js") || f.url.startsWith("node:")) cat = "node internals (loader, fs)";
    shares[cat] = (shares[cat] ?? 0) + dt;
  });
  return { total, shares };
}

async function benchStartup() {
  // torchvision's resnet50 when extracted; the bundled example (with its declared input) in a clean clone.
  const [label, cliArgs] = tvDir
    ? ["resnet50 summary", [cli, "summary", join(tvDir, TV_MODELS[0][1]), "--model", TV_MODELS[0][2], "--input", "1,3,224,224"]]
    : ["examples/resnet18.py summary", [cli, "summary", join(root, "examples/resnet18.py")]];
  const runs = quick ? 5 : 10;
  timeProcess(process.execPath, cliArgs);
  const times = [];
  for (let i = 0; i < runs; i++) times.push(timeProcess(process.execPath, cliArgs));
  const rows = [{ name: label, runs, wallMs: median(times.map((t) => t.wall)), cpuMs: median(times.map((t) => t.cpu)) }];
  table(
    `startup: cold \`node ${relative(root, cli)} summary\` (median)`,
    [
      ["run", "name"],
      ["n", "runs", 0],
      ["wall ms", "wallMs"],
      ["cpu ms", "cpuMs", 0],
    ],
    rows,
  );
  const dir = join(tmp, "prof");
  const profiles = [];
  for (let i = 0; i < (quick ? 1 : 3); i++) {
    rmSync(dir, { recursive: true, force: true });
    spawnSync(process.execPath, ["--cpu-prof", "--cpu-prof-dir", dir, ...cliArgs], { stdio: "ignore", cwd: root });
    profiles.push(profileShares(JSON.parse(readFileSync(join(dir, readdirSync(dir)[0]), "utf8"))));
  }
  // The profile whose total is the median one: shares of a single, typical run.
  const typical = [...profiles].sort((a, b) => a.total - b.total)[Math.floor((profiles.length - 1) / 2)];
  const shareRows = Object.entries(typical.shares)
    .sort((a, b) => b[1] - a[1])
    .map(([name, ms]) => ({ name, ms, percent: (100 * ms) / typical.total }));
  shareRows.push({ name: "total (profiled)", ms: typical.total, percent: 100 });
  table(
    "startup: where a cold run's time goes (node --cpu-prof, self time)",
    [
      ["category", "name"],
      ["ms", "ms"],
      ["%", "percent"],
    ],
    shareRows,
  );
  results.sections.startup = { runs: rows, profile: shareRows };
}

// ---------------------------------------------------------------------------------------------------------------
// rss: the server's resident memory after opening every torchvision model file and letting each analysis settle.

function readRss(pid) {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = (key) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, "m").exec(status)?.[1]);
  return { rssMb: kb("VmRSS") / 1024, peakMb: kb("VmHWM") / 1024 };
}

async function benchRss() {
  if (!existsSync("/proc/self/status")) return skip("rss", "no /proc on this system");
  if (!existsSync(serverJs)) return skip("rss", `${serverJs} missing: run npm run build`);
  const files = torchvisionModelFiles();
  if (files.length === 0) return skip("rss", NO_TV);
  const server = await startServer();
  const rows = [];
  try {
    await new Promise((r) => setTimeout(r, 300));
    rows.push({ name: "after initialize", ...readRss(server.proc.pid) });
    const t0 = performance.now();
    for (const file of files) {
      const uri = pathToFileURL(file).href;
      await server.conn.sendNotification("textDocument/didOpen", {
        textDocument: { uri, languageId: "python", version: 1, text: readFileSync(file, "utf8") },
      });
      await server.untilDiagnostics(uri, 1);
    }
    const settle = performance.now() - t0;
    await new Promise((r) => setTimeout(r, 500));
    rows.push({ name: `after opening ${files.length} torchvision model files`, ...readRss(server.proc.pid), settleMs: settle });
  } finally {
    await server.stop();
  }
  table(
    "rss: language server memory (VmRSS; peak = VmHWM)",
    [
      ["state", "name"],
      ["rss MB", "rssMb"],
      ["peak MB", "peakMb"],
      ["all analysed in ms", "settleMs", 0],
    ],
    rows,
  );
  results.sections.rss = rows;
}

// ---------------------------------------------------------------------------------------------------------------

process.stdout.write(
  `Shape Lens benchmarks — node ${process.version}, ${cpus().length} CPUs, load average ${results.loadavg?.join(" ") ?? "?"}${quick ? ", --quick" : ""}\n`,
);
const run = { analysis: benchAnalysis, parse: benchParse, keystroke: benchKeystroke, cli: benchCli, startup: benchStartup, rss: benchRss };
try {
  for (const s of SECTIONS) if (only.includes(s)) await run[s]();
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
writeFileSync(outFile, JSON.stringify(results, null, 2) + "\n");
process.stdout.write(`\nresults written to ${relative(process.cwd(), outFile) || outFile}\n`);
