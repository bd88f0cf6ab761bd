// `npm run bench`: how fast the engine is, measured (not asserted). Prints a table of
// - in-process analysis time (median of runs, warm) for the bundled example, a generated 1,000-line
//   model file, and torchvision's resnet50 / densenet121 when their sources are extracted;
// - a whole `shapelens summary` process (cold start included);
// - the time Python + torch takes to produce the same table, when Debian's python3-torch is installed.
import { build } from "esbuild";
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const root = resolve(new URL("..", import.meta.url).pathname);
const tmp = mkdtempSync(join(tmpdir(), "shapelens-bench-"));
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
const require = createRequire(join(root, "package.json"));
process.env.NODE_PATH = join(root, "node_modules");
require("module").Module._initPaths();
const { analyzeFile } = require(bundle);

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function timeAnalysis(file, text, options, runs = 7) {
  analyzeFile(file, text, options); // warm-up (parser, JIT)
  const times = [];
  let result;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    result = analyzeFile(file, text, options);
    times.push(performance.now() - t0);
  }
  return { ms: median(times), result };
}

function generatedModelFile(blocks) {
  const lines = ["import torch", "import torch.nn as nn", "import torch.nn.functional as F", ""];
  for (let b = 0; b < blocks; b++) {
    lines.push(
      `class Block${b}(nn.Module):`,
      `    def __init__(self, c=${16 + (b % 4) * 8}):`,
      "        super().__init__()",
      "        self.conv1 = nn.Conv2d(c, c, 3, padding=1)",
      "        self.bn1 = nn.BatchNorm2d(c)",
      "        self.conv2 = nn.Conv2d(c, c, 3, padding=1)",
      "        self.bn2 = nn.BatchNorm2d(c)",
      "",
      `    # shape: x = (8, ${16 + (b % 4) * 8}, 56, 56)`,
      "    def forward(self, x):",
      "        y = self.conv1(x)",
      "        y = F.relu(self.bn1(y))",
      "        y = self.conv2(y)",
      "        y = self.bn2(y)",
      "        y = y + x",
      "        return F.relu(y)",
      "",
    );
  }
  return lines.join("\n");
}

const rows = [];
const example = join(root, "examples/resnet18.py");
{
  const { ms, result } = timeAnalysis(example, readFileSync(example, "utf8"), {});
  rows.push(["examples/resnet18.py (in-process)", ms, `${result.hints.length} hints`]);
}
{
  const text = generatedModelFile(59);
  const file = join(tmp, "thousand_lines.py");
  writeFileSync(file, text);
  const { ms, result } = timeAnalysis(file, text, {});
  rows.push([`generated ${text.split("\n").length}-line file, 59 models (in-process)`, ms, `${result.hints.length} hints`]);
}

const tvDir = [process.env.SHAPELENS_TORCHVISION_DIR, join(root, ".cache/torchvision/root/usr/lib/python3/dist-packages/torchvision")].find(
  (d) => d && existsSync(join(d, "models/resnet.py")),
);
const tvModels = [
  ["resnet50", "models/resnet.py", "ResNet(Bottleneck, [3, 4, 6, 3])", "models.resnet50()"],
  ["densenet121", "models/densenet.py", "DenseNet(32, (6, 12, 24, 16), 64)", "models.densenet121()"],
];
const python = "/usr/bin/python3";
const hasTorch = existsSync(python) && spawnSync(python, ["-c", "import torch, torchvision"]).status === 0;
for (const [name, rel, expr, factory] of tvModels) {
  if (!tvDir) {
    rows.push([`${name}: torchvision sources not extracted (run scripts/torchvision-sources.sh)`, NaN, ""]);
    continue;
  }
  const file = join(tvDir, rel);
  const { ms, result } = timeAnalysis(file, readFileSync(file, "utf8"), { model: expr, inputs: [[1, 3, 224, 224]] }, 5);
  rows.push([`${name} summary (in-process)`, ms, `${result.models[0]?.modules.length ?? 0} modules`]);
  const t0 = performance.now();
  execFileSync(process.execPath, [join(root, "dist/cli.js"), "summary", file, "--model", expr, "--input", "1,3,224,224", "--json"], {
    stdio: "ignore",
  });
  rows.push([`${name}: shapelens summary process (cold)`, performance.now() - t0, ""]);
  if (hasTorch) {
    const script = [
      "import time; t0 = time.perf_counter()",
      "import torch, torchvision.models as models",
      `m = ${factory}.eval()`,
      "rows = {}",
      "for n, mod in m.named_modules(): mod.register_forward_hook(lambda mod, i, o, n=n: rows.setdefault(n, []).append(tuple(o.shape) if hasattr(o, 'shape') else None))",
      "with torch.no_grad(): m(torch.randn(1, 3, 224, 224))",
      "print(time.perf_counter() - t0)",
    ].join("\n");
    const t1 = performance.now();
    const out = execFileSync(python, ["-c", script], { encoding: "utf8" });
    rows.push([`${name}: Python + torch, same table (process)`, performance.now() - t1, `in-script ${(Number(out) * 1000).toFixed(0)} ms`]);
  }
}

const width = Math.max(...rows.map((r) => r[0].length)) + 2;
process.stdout.write(`${"benchmark".padEnd(width)}${"ms".padStart(10)}  note\n`);
for (const [label, ms, note] of rows) {
  process.stdout.write(`${label.padEnd(width)}${(Number.isNaN(ms) ? "-" : ms.toFixed(1)).padStart(10)}  ${note}\n`);
}
