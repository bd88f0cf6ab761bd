// The fuzzer's engine worker: analyses inputs `from`..`to` of a seeded run in this process and
// prints one JSON line per input ({i, ms, findings}). Run by main.ts, which watches it: a crash or
// a silence past the watchdog becomes a finding, and the input is regenerated from (seed, i).

import * as path from "node:path";
import { checkInput, makeWorkspace, metamorphic } from "./engine";
import { inputFor } from "./inputs";
import { seeds } from "./mutate";

function main(): void {
  const [seedArg, fromArg, toArg, secondsArg, dir] = process.argv.slice(2);
  const seed = Number(seedArg);
  const deadline = Date.now() + Number(secondsArg) * 1000;
  const corpus = seeds();
  makeWorkspace(dir);
  const file = path.join(dir, "main.py");
  for (let i = Number(fromArg); i < Number(toArg) && Date.now() < deadline; i++) {
    const input = inputFor(corpus, seed, i);
    const { findings, result, ms } = checkInput(file, input.text, dir);
    if (input.original && result) findings.push(...metamorphic(file, input.text, dir, result));
    process.stdout.write(`${JSON.stringify({ i, ms, findings })}\n`);
  }
}

main();
