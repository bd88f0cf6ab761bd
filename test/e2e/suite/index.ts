// Entry point the VS Code extension host loads (extensionTestsPath), as with @vscode/test-electron:
// runs the end-to-end mocha suites in a fixed order, prints one line per test to the extension-host
// console, and writes a JSON summary to $SHAPELENS_E2E_RESULTS for the launcher.
import * as fs from "node:fs";
import * as path from "node:path";
import Mocha from "mocha";

// Activation runs first: it checks that nothing has woken the extension before a Python file opens.
const ORDER = ["activation", "hints", "hover", "arith", "diagnostics", "commands", "settings", "notebooks", "robustness"];

interface TestResult {
  title: string;
  state: "passed" | "failed";
  millis: number;
  error?: string;
}

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: "bdd", timeout: 60_000, color: false, reporter: "dot" });
  const grep = process.env.SHAPELENS_E2E_GREP;
  if (grep) mocha.grep(grep);
  for (const name of ORDER) mocha.addFile(path.join(__dirname, `${name}.e2e.js`));

  const results: TestResult[] = [];
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const runner = mocha.run((failures) => {
      const passed = results.filter((r) => r.state === "passed").length;
      const summary = { passed, failed: results.length - passed, millis: Date.now() - started, tests: results };
      const out = process.env.SHAPELENS_E2E_RESULTS;
      if (out) fs.writeFileSync(out, JSON.stringify(summary, null, 2) + "\n");
      console.log(`[shapelens-e2e] ${passed} passed, ${summary.failed} failed`);
      if (failures > 0) reject(new Error(`${failures} end-to-end test(s) failed`));
      else resolve();
    });
    let testStarted = 0;
    runner.on("test", () => (testStarted = Date.now()));
    runner.on("pass", (test) => {
      results.push({ title: test.fullTitle(), state: "passed", millis: Date.now() - testStarted });
      console.log(`[shapelens-e2e] ✓ ${test.fullTitle()} (${Date.now() - testStarted} ms)`);
    });
    runner.on("fail", (test, err: Error) => {
      const error = err?.stack ?? String(err);
      results.push({ title: test.fullTitle(), state: "failed", millis: Date.now() - testStarted, error });
      console.log(`[shapelens-e2e] ✗ ${test.fullTitle()}\n${error}`);
    });
  });
}
