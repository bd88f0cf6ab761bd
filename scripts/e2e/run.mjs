// Offline end-to-end runner: starts code-server (a real VS Code 1.139 workbench with a Node extension
// host) on 127.0.0.1, drives the system Chromium headless through playwright-core, and runs the mocha
// suites of test/e2e inside the real extension host, like @vscode/test-electron does with Electron.
//
//   node scripts/e2e/run.mjs [--vsix | --vsix-file FILE] [--extension DIR] [--screenshots DIR] [--grep TEXT] [--keep] [--no-build]
//
// --vsix installs the packaged extension (npm run package) instead of loading the dev folder;
// --vsix-file installs a given .vsix without packaging; --extension DIR loads a development folder other
// than the checkout (e.g. a copy with a deliberately broken server, to see the suites fail).
// --screenshots writes PNGs of the workbench at the moments the suites ask for (hints, hover, ...).
// Prints "N passed, N failed" and exits non-zero on any failure; every process it started (code-server
// and its children, Chromium) is ended through its process group.
import { spawn, spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { ensureCache } from "./cache.mjs";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
const CHROMIUM = process.env.SHAPELENS_E2E_CHROMIUM ?? "/usr/bin/chromium";
const RUN_TIMEOUT_MS = Number(process.env.SHAPELENS_E2E_TIMEOUT_MS ?? 10 * 60_000);

function parseArgs(argv) {
  const opts = {
    vsix: false,
    vsixFile: undefined,
    extension: undefined,
    screenshots: undefined,
    grep: undefined,
    keep: false,
    build: true,
    verbose: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--vsix") opts.vsix = true;
    else if (a === "--vsix-file") {
      opts.vsix = true;
      opts.vsixFile = resolve(argv[++i] ?? "");
    } else if (a === "--screenshots") opts.screenshots = resolve(argv[++i] ?? "test-results/screenshots");
    else if (a === "--grep") opts.grep = argv[++i];
    else if (a === "--extension") opts.extension = resolve(argv[++i] ?? "");
    else if (a === "--keep") opts.keep = true;
    else if (a === "--no-build") opts.build = false;
    else if (a === "--verbose") opts.verbose = true;
    else throw new Error(`e2e: unknown argument ${a}`);
  }
  return opts;
}

const log = (m) => process.stderr.write(`${m}\n`);
const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;

function run(cmd, args, options = {}) {
  const r = spawnSync(cmd, args, { cwd: ROOT, stdio: ["ignore", "inherit", "inherit"], ...options });
  if (r.status !== 0) throw new Error(`e2e: ${cmd} ${args.join(" ")} failed (exit ${r.status})`);
}

function freePort() {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.on("error", rej);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address();
      srv.close(() => res(port));
    });
  });
}

async function waitHealthy(url, child, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`e2e: code-server exited early (code ${child.exitCode})`);
    try {
      const r = await fetch(url);
      if (r.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`e2e: code-server not healthy after ${timeoutMs} ms`);
}

/** Ends a whole process group: TERM, then KILL if anything is left after a grace period. */
async function killGroup(child, name) {
  if (!child?.pid) return;
  const alive = () => {
    try {
      process.kill(-child.pid, 0);
      return true;
    } catch {
      return false;
    }
  };
  if (!alive()) return;
  try {
    process.kill(-child.pid, "SIGTERM");
  } catch {
    return;
  }
  for (let i = 0; i < 50 && alive(); i++) await new Promise((r) => setTimeout(r, 100));
  if (alive()) {
    log(`e2e: ${name} ignored SIGTERM; killing its process group`);
    try {
      process.kill(-child.pid, "SIGKILL");
    } catch {
      // already gone
    }
  }
}

/** Turns one browser console message into text: VS Code wraps extension-host logs in %c styling. */
function consoleText(args) {
  const parts = [...args];
  if (typeof parts[0] === "string" && parts[0].includes("%c")) {
    const styles = (parts[0].match(/%c/g) ?? []).length;
    parts[0] = parts[0].replace(/%c/g, "");
    parts.splice(1, styles);
  }
  return parts
    .map((p) => (typeof p === "string" ? p : JSON.stringify(p)))
    .join(" ")
    .trim();
}

async function waitForText(page, text, timeoutMs = 15_000) {
  if (!text) return;
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    for (const frame of page.frames()) {
      const found = await frame.evaluate((t) => document.body?.innerText.includes(t) ?? false, text).catch(() => false);
      if (found) return;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  log(`e2e: "${text}" never appeared on the page; taking the screenshot anyway`);
}

/** Clicks the first tr/button/a in any frame whose text contains `text`; false when none does. */
async function clickText(page, text, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    for (const frame of page.frames()) {
      const clicked = await frame
        .evaluate((t) => {
          const el = [...document.querySelectorAll("tr, button, a")].find((e) => e.textContent?.includes(t));
          if (!el) return false;
          el.click();
          return true;
        }, text)
        .catch(() => false);
      if (clicked) return true;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return false;
}

function findVsix() {
  const files = readdirSync(ROOT).filter((f) => f.endsWith(".vsix"));
  const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8"));
  const want = `${pkg.name}-${pkg.version}.vsix`;
  if (files.includes(want)) return join(ROOT, want);
  if (files.length === 1) return join(ROOT, files[0]);
  throw new Error(`e2e: expected ${want} after npm run package, found ${files.join(", ") || "none"}`);
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const t0 = Date.now();
  const cache = ensureCache(join(ROOT, ".e2e-cache"), log);
  if (cache.installMillis > 0) log(`e2e: cache installed in ${seconds(cache.installMillis)}`);
  const { paths } = cache;
  const node24 = join(paths.nodeBin, "node");

  if (opts.build) {
    // The extension and server bundles (or the .vsix), then the suites themselves.
    run("npm", ["run", opts.vsix && !opts.vsixFile ? "package" : "build"]);
    run(process.execPath, [join(ROOT, "node_modules", "typescript", "bin", "tsc"), "-p", "test/e2e/tsconfig.json"]);
  }
  const suiteIndex = join(ROOT, "out", "e2e", "suite", "index.js");
  if (!existsSync(suiteIndex)) throw new Error(`e2e: ${suiteIndex} missing (run without --no-build)`);

  const tmp = mkdtempSync(join(tmpdir(), "shapelens-e2e-"));
  const dirs = {
    home: join(tmp, "home"),
    userData: join(tmp, "user-data"),
    extensions: join(tmp, "extensions"),
    workspace: join(tmp, "workspace"),
    shots: opts.screenshots ? join(tmp, "shots") : undefined,
    // Where the launcher signals the suites that a "click" they asked for was done.
    signals: join(tmp, "signals"),
  };
  for (const d of Object.values(dirs)) if (d) mkdirSync(d, { recursive: true });
  // Suites edit the fixtures (unsaved) and may write settings: give them a copy.
  cpSync(join(ROOT, "test", "e2e", "workspace"), dirs.workspace, { recursive: true });
  // The bundled example is tested as it ships, not as a copy that could drift.
  cpSync(join(ROOT, "examples", "resnet18.py"), join(dirs.workspace, "resnet18.py"));
  mkdirSync(join(dirs.userData, "User"), { recursive: true });
  writeFileSync(
    join(dirs.userData, "User", "settings.json"),
    JSON.stringify(
      {
        "workbench.startupEditor": "none",
        "chat.disableAIFeatures": true,
        "workbench.secondarySideBar.defaultVisibility": "hidden",
        "workbench.tips.enabled": false,
        "git.enabled": false,
        "telemetry.telemetryLevel": "off",
        "extensions.autoUpdate": false,
        "extensions.autoCheckUpdates": false,
        "extensions.ignoreRecommendations": true,
        "update.mode": "none",
        "security.workspace.trust.enabled": false,
        "editor.inlayHints.enabled": "on",
        "editor.minimap.enabled": false,
        "window.commandCenter": false,
        "workbench.colorTheme": "Default Dark Modern",
      },
      null,
      2,
    ),
  );
  const configFile = join(tmp, "config.yaml");
  writeFileSync(configFile, "");
  const results = join(tmp, "results.json");

  const env = {
    ...cache.env,
    HOME: dirs.home,
    XDG_CONFIG_HOME: join(dirs.home, ".config"),
    XDG_DATA_HOME: join(dirs.home, ".local", "share"),
    XDG_CACHE_HOME: join(dirs.home, ".cache"),
    SHAPELENS_E2E_RESULTS: results,
    SHAPELENS_E2E_MODE: opts.vsix ? "vsix" : "dev",
    SHAPELENS_E2E_EXTENSIONS_DIR: dirs.extensions,
  };
  delete env.npm_config_nodedir;
  if (dirs.shots) env.SHAPELENS_E2E_SHOTS = dirs.shots;
  env.SHAPELENS_E2E_SIGNALS = dirs.signals;
  if (opts.grep) env.SHAPELENS_E2E_GREP = opts.grep;
  const codeServerArgs = [
    paths.codeServer,
    "--config",
    configFile,
    "--auth",
    "none",
    "--disable-telemetry",
    "--disable-update-check",
    "--disable-workspace-trust",
    "--disable-getting-started-override",
    "--user-data-dir",
    dirs.userData,
    "--extensions-dir",
    dirs.extensions,
  ];

  // In a vsix run the real extension comes from the extensions folder; the development path is a stub
  // with no code, needed only because VS Code runs extensionTestsPath for a development session.
  let devPath = opts.extension ?? ROOT;
  if (opts.vsix) {
    const vsix = opts.vsixFile ?? findVsix();
    const started = Date.now();
    run(node24, [...codeServerArgs, "--install-extension", vsix], { env });
    log(`e2e: installed ${vsix} in ${seconds(Date.now() - started)}`);
    devPath = join(tmp, "stub-extension");
    mkdirSync(devPath);
    writeFileSync(
      join(devPath, "package.json"),
      JSON.stringify({ name: "shapelens-e2e-host", publisher: "shape-lens", version: "0.0.0", engines: { vscode: "^1.91.0" } }),
    );
  }

  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  let codeServer;
  let browser;
  let exitCode = 1;
  const cleanup = async () => {
    await browser?.close().catch(() => undefined);
    await killGroup(codeServer, "code-server");
    if (!opts.keep) rmSync(tmp, { recursive: true, force: true });
    else log(`e2e: kept ${tmp}`);
  };
  const onSignal = (sig) => {
    log(`e2e: ${sig}, cleaning up`);
    cleanup().finally(() => process.exit(130));
  };
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);

  try {
    const serverLog = [];
    codeServer = spawn(
      node24,
      [
        ...codeServerArgs,
        "--bind-addr",
        `127.0.0.1:${port}`,
        "--reconnection-grace-time",
        "5",
        "--vscode-option",
        "enable-smoke-test-driver",
        dirs.workspace,
      ],
      { env, detached: true, stdio: ["ignore", "pipe", "pipe"] },
    );
    const keepServerLog = (chunk) => {
      const text = chunk.toString();
      serverLog.push(text);
      if (opts.verbose) process.stderr.write(`[code-server] ${text}`);
    };
    codeServer.stdout.on("data", keepServerLog);
    codeServer.stderr.on("data", keepServerLog);
    const spawned = Date.now();
    await waitHealthy(`${base}/healthz`, codeServer);
    log(`e2e: code-server ${base} up in ${seconds(Date.now() - spawned)}`);

    const require = createRequire(paths.playwrightCore);
    const { chromium } = require(paths.playwrightCore);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-quic",
      ],
      env: {
        ...process.env,
        HOME: dirs.home,
        XDG_CONFIG_HOME: env.XDG_CONFIG_HOME,
        XDG_CACHE_HOME: env.XDG_CACHE_HOME,
        XDG_DATA_HOME: env.XDG_DATA_HOME,
      },
    });
    const page = await browser.newPage({ viewport: { width: 1280, height: 760 } });

    let finish;
    const finished = new Promise((res) => (finish = res));
    await page.exposeFunction("codeAutomationExit", (code) => {
      finish(Number(code));
    });
    const shots = [];
    page.on("console", async (msg) => {
      let text;
      try {
        text = consoleText(await Promise.all(msg.args().map((a) => a.jsonValue().catch(() => String(a)))));
      } catch {
        text = msg.text();
      }
      const marker = text.indexOf("[shapelens-e2e]");
      if (marker >= 0) {
        const line = text.slice(marker + "[shapelens-e2e] ".length);
        // "screenshot NAME [TEXT]": when TEXT is given, wait (up to 15 s) until some frame shows it,
        // since webviews such as the Markdown preview render after the command returns.
        const shot = /^screenshot (\S+)(?: (.+))?$/.exec(line);
        if (shot && dirs.shots) {
          const file = join(dirs.shots, `${shot[1]}.png`);
          const take = waitForText(page, shot[2])
            .then(() => page.screenshot({ path: file }))
            .catch((err) => log(`e2e: screenshot ${shot[1]} failed: ${err.message}`))
            .finally(() => writeFileSync(`${file.slice(0, -4)}.done`, ""));
          shots.push(take);
          return;
        }
        // "click NAME TEXT": click the first row/button/link of any frame (webviews included) whose text
        // contains TEXT, then write NAME.done (NAME.missing when nothing matched) for the suite to see.
        const click = /^click (\S+) (.+)$/.exec(line);
        if (click) {
          clickText(page, click[2])
            .then((ok) => writeFileSync(join(dirs.signals, `${click[1]}.${ok ? "done" : "missing"}`), ""))
            .catch(() => writeFileSync(join(dirs.signals, `${click[1]}.missing`), ""));
          return;
        }
        // The launcher prints the authoritative summary itself, from the results file.
        if (!/^\d+ passed, \d+ failed$/.test(line)) process.stdout.write(`${line}\n`);
      } else if (opts.verbose || msg.type() === "error") {
        // Workbench noise stays out of the way unless asked for; errors are worth seeing.
        if (opts.verbose || /shape ?lens|extension host|activat/i.test(text)) log(`[browser ${msg.type()}] ${text}`);
      }
    });
    page.on("pageerror", (err) => log(`[page error] ${err.message}`));

    const remote = (p) => `vscode-remote://127.0.0.1:${port}${p}`;
    const payload = [
      ["extensionDevelopmentPath", remote(devPath)],
      ["extensionTestsPath", remote(suiteIndex)],
    ];
    const url = `${base}/?folder=${encodeURIComponent(dirs.workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
    const navigated = Date.now();
    await page.goto(url);
    const timeout = new Promise((res) => setTimeout(() => res("timeout"), RUN_TIMEOUT_MS));
    const code = await Promise.race([finished, timeout]);
    await Promise.all(shots);
    if (code === "timeout") {
      log(`e2e: no result after ${seconds(RUN_TIMEOUT_MS)}; code-server said:\n${serverLog.join("").slice(-4000)}`);
    }

    let summary;
    try {
      summary = JSON.parse(readFileSync(results, "utf8"));
    } catch {
      summary = undefined;
    }
    if (dirs.shots && opts.screenshots) {
      mkdirSync(opts.screenshots, { recursive: true });
      for (const f of readdirSync(dirs.shots).filter((f) => f.endsWith(".png"))) cpSync(join(dirs.shots, f), join(opts.screenshots, f));
      log(`e2e: screenshots in ${opts.screenshots}`);
    }
    const total = Date.now() - t0;
    if (!summary) {
      log(
        `e2e: the suites wrote no results (workbench exit code ${code}); is the extension host up? code-server said:\n${serverLog.join("").slice(-4000)}`,
      );
      process.stdout.write("0 passed, 1 failed\n");
      exitCode = 1;
    } else {
      process.stdout.write(
        `${summary.passed} passed, ${summary.failed} failed (suites ${seconds(summary.millis)}, workbench ${seconds(Date.now() - navigated)}, total ${seconds(total)})\n`,
      );
      exitCode = summary.failed === 0 && code === 0 && summary.passed > 0 ? 0 : 1;
    }
  } finally {
    await cleanup();
  }
  process.exit(exitCode);
}

main().catch((err) => {
  log(err instanceof Error ? (err.stack ?? err.message) : String(err));
  process.stdout.write("0 passed, 1 failed\n");
  process.exit(1);
});
