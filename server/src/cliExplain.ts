// `shapelens explain`: one conv/pool/transposed-conv layer's arithmetic worked through with the
// user's numbers, the padding solver's findings, and its picture as SVG (a summary frame with --svg,
// one file per output position with --frames). The layer is an expression plus --input, or FILE:LINE.

import * as fs from "fs";
import * as path from "path";
import { analyzeFile } from "./core/analysis";
import type { AnalyzeOptions, FileAnalysis } from "./core/api";
import { explainLines } from "./core/arith/explainText";
import { LayerPlan, planLayer } from "./core/arith/frames";
import { renderLayerSvg } from "./core/arith/layerSvg";
import { renderPaddingPlot } from "./core/arith/plotSvg";
import { PicturedCall, explainProgram, picturedCallsAt } from "./core/arith/select";
import { solutionLines, solveLayer } from "./core/arith/solverText";
import { DEFAULT_TORCH_VERSION, TorchVersion, parseTorchVersion } from "./core/torchVersion";
import {
  DEFAULT_MAX_FILE_BYTES,
  SYSTEM_LIBRARY_PATHS,
  hostFileAccess,
  projectRoot,
  readRegularFile,
  searchPathsFromEnv,
} from "./hostFiles";

export const EXPLAIN_USAGE = `  shapelens explain LAYER --input SHAPE [--svg FILE] [--frames DIR] [--plot FILE] [--torch VERSION] [--json]
  shapelens explain FILE:LINE [--model EXPR] [--input SHAPES] [--svg FILE] [--frames DIR] [--plot FILE] [--json]
                  e.g. shapelens explain "nn.Conv2d(3, 64, 7, stride=2, padding=3)" --input 1,3,224,224`;

/** At most this many files for --frames (a 224×224 output would be 50,176 files). */
export const MAX_FRAME_FILES = 4096;

export class ExplainUsageError extends Error {}

interface ExplainArgs {
  target: string;
  input?: string;
  model?: string;
  svg?: string;
  frames?: string;
  plot?: string;
  json: boolean;
  torch: TorchVersion;
}

function parseExplainArgs(argv: string[]): ExplainArgs {
  const args: ExplainArgs = { target: "", json: false, torch: DEFAULT_TORCH_VERSION };
  const valued = ["--input", "--model", "--svg", "--frames", "--plot", "--torch"];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const eq = a.indexOf("=");
    const name = a.startsWith("--") && eq > 0 ? a.slice(0, eq) : a;
    if (a === "--json") args.json = true;
    else if (valued.includes(name)) {
      const v = eq > 0 && name !== a ? a.slice(eq + 1) : argv[++i];
      if (v === undefined) throw new ExplainUsageError(`${name} needs a value`);
      if (name === "--torch") {
        const t = parseTorchVersion(v);
        if (!t) throw new ExplainUsageError(`--torch: "${v}" is not a followed PyTorch version`);
        args.torch = t;
      } else args[name.slice(2) as "input" | "model" | "svg" | "frames" | "plot"] = v;
    } else if (a.startsWith("--")) throw new ExplainUsageError(`unknown option ${a}`);
    else if (args.target) throw new ExplainUsageError("explain takes one layer (an expression or FILE:LINE)");
    else args.target = a;
  }
  if (!args.target)
    throw new ExplainUsageError('explain needs a layer: an expression such as "nn.Conv2d(3, 64, 7)" with --input, or FILE:LINE');
  return args;
}

function fileOptions(file: string): AnalyzeOptions {
  const search = { roots: [projectRoot(file)], searchPaths: searchPathsFromEnv(), libraryPaths: SYSTEM_LIBRARY_PATHS };
  return { ...search, files: hostFileAccess({ ...search, maxBytes: DEFAULT_MAX_FILE_BYTES }) };
}

/** The layer calls the target names: FILE:LINE in a file, or the expression run on --input. */
function findCalls(
  args: ExplainArgs,
  parseInputs: (t: string) => (number | string)[][],
): { calls: PicturedCall[]; analysis: FileAnalysis; where: string } {
  const m = /^(.+\.(?:py|ipynb)):(\d+)$/.exec(args.target);
  if (m && fs.existsSync(m[1])) {
    const file = m[1];
    const line = Number(m[2]);
    const text = readRegularFile(file, DEFAULT_MAX_FILE_BYTES);
    if (text === undefined) throw new ExplainUsageError(`${file}: cannot be read (not a regular file under 2 MB)`);
    if (file.endsWith(".ipynb"))
      throw new ExplainUsageError(`${file}: explain FILE:LINE reads .py files; copy the layer into a .py file or use an expression`);
    const inputs = args.input ? parseInputs(args.input) : undefined;
    const analysis = analyzeFile(file, text, { ...fileOptions(file), model: args.model, inputs, torchVersion: args.torch });
    return { calls: picturedCallsAt(analysis, file, line - 1), analysis, where: `${file}:${line}` };
  }
  if (!args.input) throw new ExplainUsageError(`explain "${args.target}" needs --input (e.g. --input 1,3,224,224)`);
  const shapes = parseInputs(args.input);
  if (shapes.length !== 1 || !shapes[0].every((d) => typeof d === "number"))
    throw new ExplainUsageError("--input: one shape of integers for a layer expression (e.g. 1,3,224,224)");
  const program = explainProgram(args.target, shapes[0]);
  const analysis = analyzeFile("<explain>.py", program, { torchVersion: args.torch });
  return { calls: picturedCallsAt(analysis, "<explain>.py", 5), analysis, where: args.target };
}

function writeFileChecked(file: string, content: string): void {
  try {
    fs.writeFileSync(file, content);
  } catch (e) {
    throw new ExplainUsageError(`${file}: cannot write (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
}

function writeFrames(dir: string, plan: LayerPlan): number {
  if (plan.frameCount > MAX_FRAME_FILES)
    throw new ExplainUsageError(
      `--frames: ${plan.frameCount} output positions is more than ${MAX_FRAME_FILES} files; use a smaller --input`,
    );
  try {
    fs.mkdirSync(dir, { recursive: true });
  } catch (e) {
    throw new ExplainUsageError(`${dir}: cannot create (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
  const digits = String(plan.frameCount).length;
  for (let f = 0; f < plan.frameCount; f++) {
    writeFileChecked(path.join(dir, `frame-${String(f + 1).padStart(digits, "0")}.svg`), renderLayerSvg(plan, { frame: f }));
  }
  return plan.frameCount;
}

/** Runs `explain`; returns the exit status (0 ok, 1 the layer fails in PyTorch, 2 usage). */
export function runExplain(
  argv: string[],
  out: (s: string) => void,
  err: (s: string) => void,
  parseInputs: (t: string) => (number | string)[][],
): number {
  const args = parseExplainArgs(argv);
  const { calls, analysis, where } = findCalls(args, parseInputs);
  const errors = analysis.diagnostics.filter((d) => d.severity === "error");
  if (!calls.length) {
    for (const d of errors) err(`shapelens: ${where}: ${d.code}: ${d.message}`);
    if (errors.length) return 1;
    const stated = analysis.calls.filter((c) => c.geometry === undefined && /Conv|Pool/.test(c.type)).length;
    err(
      `shapelens: ${where}: no conv/pool layer with known sizes ${stated ? "(its input sizes are symbolic: give --input)" : "is called there"}` +
        (args.target.includes(":")
          ? "; the line must construct or call a Conv*/ConvTranspose*/MaxPool*/AvgPool* layer that a model runs"
          : ""),
    );
    return 2;
  }
  const torch2 = args.torch === "2";
  const results = calls.map((c) => {
    let plan: LayerPlan;
    try {
      plan = planLayer(c.geometry);
    } catch (e) {
      throw new Error(`${where}: cannot picture ${c.call.type}: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
    }
    return { c, plan, lines: explainLines(plan), padding: solutionLines(c.geometry, torch2, true) };
  });
  const first = results[0];
  if (args.svg) writeFileChecked(args.svg, renderLayerSvg(first.plan));
  const frames = args.frames ? writeFrames(args.frames, first.plan) : undefined;
  if (args.plot) {
    const g = first.c.geometry;
    const i = g.input.length - 1;
    writeFileChecked(args.plot, renderPaddingPlot(g.kernel[i], g.stride[i], g.dilation[i], g.input[i]));
  }
  if (args.json) {
    out(
      JSON.stringify({
        target: where,
        layers: results.map((r) => ({
          type: r.c.call.type,
          line: r.c.call.constructRange ? r.c.call.constructRange.start.line + 1 : r.c.call.callRange.start.line + 1,
          geometry: r.c.geometry,
          frames: r.plan.frameCount,
          explain: r.lines,
          padding: solveLayer(r.c.geometry, torch2, true),
          paddingText: r.padding,
        })),
        svg: args.svg,
        framesWritten: frames,
      }),
    );
  } else {
    results.forEach((r, i) => {
      if (i > 0) out("");
      if (results.length > 1) out(`call ${i + 1} of ${results.length}:`);
      for (const l of r.lines) out(l);
      if (r.padding.length) {
        out(
          r.c.geometry.op === "convTranspose"
            ? "padding solver (output exactly s × the input):"
            : "padding solver (TensorFlow-style 'same': output ⌈W/s⌉):",
        );
        for (const l of r.padding) out(`  ${l}`);
      }
    });
    if (args.svg) out(`wrote ${args.svg}`);
    if (frames !== undefined) out(`wrote ${frames} frame(s) to ${args.frames}`);
    if (args.plot) out(`wrote ${args.plot}`);
  }
  return 0;
}
