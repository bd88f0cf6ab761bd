// The `shapelens` command line's help texts (`shapelens --help`, `shapelens <command> --help`) and
// `--version` (read from the package.json next to the bundle, as installed or packaged).

import * as fs from "fs";
import * as path from "path";
import { COLUMN_NAMES, DEFAULT_DEPTH } from "./torchinfoTable";
import { EXPLAIN_USAGE } from "./cliExplain";

const COMMON = `  --torch VERSION  the PyTorch release to follow: 2 (PyTorch 2.13, the default) or 1.13
  -h, --help       this help`;

const MODEL = `  --model EXPR     Python expression evaluated in FILE's module scope, e.g. "ResNet(BasicBlock, [2, 2, 2, 2])"
  --input SHAPES   comma-separated dims, several inputs separated by ';', e.g. "1,3,224,224" or "B,3,H,W"`;

export const COMMAND_HELP: Record<string, string> = {
  hints: `Usage: shapelens hints FILE [--model EXPR] [--input SHAPES] [--torch VERSION] [--json]

The shape of every tensor assigned in FILE (.py or .ipynb), one line each: file:line:col  [N, 64, 112, 112].
Exit 0; 1 when FILE has a syntax error; 2 on a usage error.

${MODEL}
  --json           one JSON object: {"files": [{"path", "hints", "displays", "diagnostics", "notes"}]}
${COMMON}
`,
  check: `Usage: shapelens check PATH... [--format text|json|sarif|github] [--torch VERSION]

Diagnostics (shape errors PyTorch would raise) for each .py/.ipynb file under PATH.
Exit 1 when any error diagnostic is found, 0 otherwise, 2 on a usage error.

  --format FORMAT  text (default): file:line:col: severity [code] message
                   json: one JSON object {"files": [...], "skipped": [...]} (same as --json)
                   sarif: SARIF 2.1.0 for code scanning (GitHub code scanning, VS Code SARIF viewer)
                   github: GitHub Actions annotations (::error file=…,line=…,col=…::message)
  --json           same as --format json
${COMMON}
`,
  summary: `Usage: shapelens summary FILE [--model EXPR] [--input SHAPES] [--columns COLS] [--depth N] [--torch VERSION] [--json] [--svg FILE]

The model's summary as torchinfo.summary prints it (torchinfo 1.8.0's rules): a row per module call,
parameters, mult-adds, and the memory estimate. Figures Shape Lens cannot be sure of print as "?".

${MODEL}
  --columns COLS   comma-separated torchinfo col_names: ${COLUMN_NAMES.join(", ")}
                   (default: output_size,num_params)
  --depth N        deepest level shown (default ${DEFAULT_DEPTH}); deeper rows are folded into their parent
  --layout modules the module table of named_modules() with paths (the layout before torchinfo's)
  --json           one JSON object (modules, params, macs, and "torchinfo": rows and footer)
  --svg FILE       also write the shape picture (spatial size and channels, stage by stage) as SVG
${COMMON}
`,
};

export const USAGE = `Usage:
  shapelens hints   FILE [--model EXPR] [--input SHAPES] [--torch VERSION] [--json]
  shapelens check   PATH... [--format text|json|sarif|github] [--torch VERSION]   (exit 1 when any error diagnostic)
  shapelens summary FILE [--model EXPR] [--input SHAPES] [--columns COLS] [--depth N] [--torch VERSION] [--json] [--svg FILE]
${EXPLAIN_USAGE}
  shapelens --version

  --model EXPR    Python expression evaluated in FILE's module scope, e.g. "ResNet(BasicBlock, [2, 2, 2, 2])"
  --input SHAPES  comma-separated dims, several inputs separated by ';', e.g. "1,3,224,224" or "B,3,H,W"
  --torch VERSION the PyTorch release to follow: 2 (PyTorch 2.13, the default) or 1.13
  --json          print one JSON object

shapelens COMMAND --help describes each command.
`;

/** The version in the package.json beside the bundle (dist/../package.json). */
export function packageVersion(): string {
  for (const dir of [path.join(__dirname, ".."), path.join(__dirname, "..", "..")]) {
    try {
      const pkg: unknown = JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8"));
      if (
        pkg &&
        typeof pkg === "object" &&
        "name" in pkg &&
        pkg.name === "shape-lens" &&
        "version" in pkg &&
        typeof pkg.version === "string"
      )
        return pkg.version;
    } catch {
      // next candidate
    }
  }
  return "unknown";
}
