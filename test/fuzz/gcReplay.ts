// Analyses one file three times in a fresh process, forcing a garbage collection before each run,
// and prints the hint labels of each run as one JSON line. Run with --expose-gc by fuzz.test.ts:
// equal inputs must give equal shapes however the collector ran.
//   node --expose-gc out/test/fuzz/gcReplay.js FILE

import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { checkInput, makeWorkspace } from "./engine";

function main(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  const text = fs.readFileSync(process.argv[2], "utf8");
  const dir = makeWorkspace(fs.mkdtempSync(path.join(os.tmpdir(), "shapelens-gc-")));
  try {
    const runs = [0, 1, 2].map(() => {
      gc?.();
      return checkInput(path.join(dir, "main.py"), text, dir).result?.hints.map((h) => `${h.range.start.line}:${h.label}`) ?? [];
    });
    process.stdout.write(`${JSON.stringify(runs)}\n`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main();
