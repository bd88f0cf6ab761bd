// The standard @vscode/test-electron path for the same end-to-end suites (test/e2e), for machines with
// internet access: downloads a VS Code build and runs the suites in its extension host. It cannot run
// offline (the download fails) and is not part of CI; `npm run test:e2e` is the offline runner.
//
//   node scripts/e2e/electron.mjs [--version stable|1.91.0|...] [--grep TEXT]
// Needs @vscode/test-electron, which is not a project dependency: in the project or in
// .e2e-cache/electron (`npm install --prefix .e2e-cache/electron @vscode/test-electron`).
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");

function arg(name) {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

function run(cmd, args) {
  const r = spawnSync(cmd, args, { cwd: ROOT, stdio: ["ignore", "inherit", "inherit"] });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")} failed (exit ${r.status})`);
}

async function main() {
  let runTests;
  // From the project, or from the git-ignored cache (npm install --prefix .e2e-cache/electron @vscode/test-electron).
  for (const from of [join(ROOT, "package.json"), join(ROOT, ".e2e-cache", "electron", "package.json")]) {
    try {
      ({ runTests } = createRequire(from)("@vscode/test-electron"));
      break;
    } catch {
      // try the next place
    }
  }
  if (!runTests) {
    process.stderr.write("test:electron needs @vscode/test-electron: npm install --prefix .e2e-cache/electron @vscode/test-electron\n");
    return 2;
  }
  run("npm", ["run", "build"]);
  run(process.execPath, [join(ROOT, "node_modules", "typescript", "bin", "tsc"), "-p", "test/e2e/tsconfig.json"]);

  const tmp = mkdtempSync(join(tmpdir(), "shapelens-electron-"));
  const workspace = join(tmp, "workspace");
  cpSync(join(ROOT, "test", "e2e", "workspace"), workspace, { recursive: true });
  const results = join(tmp, "results.json");
  const env = { SHAPELENS_E2E_RESULTS: results, SHAPELENS_E2E_MODE: "dev" };
  const grep = arg("--grep");
  if (grep) env.SHAPELENS_E2E_GREP = grep;
  try {
    await runTests({
      version: arg("--version") ?? "stable",
      extensionDevelopmentPath: ROOT,
      extensionTestsPath: join(ROOT, "out", "e2e", "suite", "index.js"),
      extensionTestsEnv: env,
      launchArgs: [
        workspace,
        "--disable-extensions",
        "--disable-workspace-trust",
        "--skip-welcome",
        "--skip-release-notes",
        "--user-data-dir",
        join(tmp, "user-data"),
      ],
    });
  } catch (err) {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  }
  let code = 1;
  if (existsSync(results)) {
    const summary = JSON.parse(readFileSync(results, "utf8"));
    process.stdout.write(`${summary.passed} passed, ${summary.failed} failed\n`);
    code = summary.failed === 0 && summary.passed > 0 ? 0 : 1;
  } else {
    process.stdout.write("0 passed, 1 failed (the suites did not run)\n");
  }
  rmSync(tmp, { recursive: true, force: true });
  return code;
}

process.exit(await main());
