// Writes the recorded cases of the tensor-op tests (creation, elementwise, indexing, join, reduce,
// reshape, matmul: their CASES lists, recorded from PyTorch 1.13) to a JSON file, so that
// generate_tensorops.py can record the same cases under another PyTorch version.
// Usage: npm run compile-tests && node scripts/golden/extract_tensorop_cases.js /tmp/tensorop-cases.json

const fs = require("fs");
const path = require("path");

const out = path.resolve(process.argv[2] ?? "tensorop-cases.json");
const compiled = path.resolve(__dirname, "../../out/test/core");
const runnerPath = require.resolve(path.join(compiled, "tensorops-runner.js"));
const runner = require(runnerPath);
const cases = [];
require.cache[runnerPath].exports = { ...runner, runCases: (list) => cases.push(...list) };
// Only the describe() blocks of recorded cases run; no test is registered.
global.describe = (name, body) => /recorded/.test(name) && body();
global.it = global.before = global.after = () => undefined;
for (const family of ["creation", "elementwise", "indexing", "join", "reduce", "reshape", "matmul"]) {
  require(path.join(compiled, `${family}.test.js`));
}
fs.writeFileSync(out, JSON.stringify(cases));
process.stderr.write(`${cases.length} cases -> ${out}\n`);
