// The shape engine's public data types: what analyzeFile() returns. Plain data only (0-based
// positions, JSON-ready values) so that the CLI and the LSP layer can convert it as they need.
// Nothing here knows about LSP or VS Code.

import type { DiagnosticCode } from "./errors";
import type { TorchVersion } from "./torchVersion";

/** 0-based line and UTF-16 column, as tree-sitter and LSP count them. */
export interface Pos {
  line: number;
  character: number;
}

export interface Range {
  start: Pos;
  end: Pos;
}

/** JSON form of a value: a shape (ints, or strings for symbolic dims), a tuple, or null (unknown). */
export type ValueJson = (number | string)[] | { tuple: ValueJson[] } | null;

export type Severity = "error" | "warning" | "info";

export interface RelatedInfo {
  file: string;
  range: Range;
  message: string;
}

export interface CoreDiagnostic {
  file: string;
  range: Range;
  severity: Severity;
  code: DiagnosticCode;
  message: string;
  related?: RelatedInfo[];
}

/** One assignment in an analysed forward (or a helper it calls) and the values it produced. */
export interface ShapeHint {
  file: string;
  /** Range of the whole assignment statement; hints are shown at its end. */
  range: Range;
  /** Distinct values in order of first appearance; values[0] is the first. */
  values: ValueJson[];
  /** Short label of values[0], e.g. "[N, 64, 112, 112]". */
  label: string;
}

/** One call of an engine-implemented layer or function, for hovers and the __init__ hints. */
export interface LayerCall {
  file: string;
  /** The call expression in forward (`self.conv1(x)`, `F.relu(x)`). */
  callRange: Range;
  /** Where the called module was constructed (`nn.Conv2d(...)`), when it is a module. */
  constructFile?: string;
  constructRange?: Range;
  /** Module path in named_modules() naming, when it is a module of the analysed model. */
  modulePath?: string;
  type: string;
  inputs: ValueJson[];
  output: ValueJson;
  params: number | null;
  macs: number | null;
  /** Human-readable arithmetic, one line per spatial axis, e.g. "H_out = ⌊(224 + 6 − 6 − 1)/2⌋ + 1 = 112". */
  explain: string[];
  /** Parameter-count formula with the user's numbers, e.g. "7·7·3/1·64 + 64 = 9472". */
  paramsFormula?: string;
  /** Receptive field of one output element, per spatial axis, through the conv/pool chain so far. */
  receptiveField?: number[];
  /** Effective stride (input pixels per output step) per spatial axis at this point. */
  effectiveStride?: number[];
}

export interface ModuleRow {
  /** named_modules() path; "" for the root. */
  path: string;
  /** Class name (Conv2d, BasicBlock). */
  type: string;
  file: string;
  /** 0-based line where the module was constructed; -1 when unknown. */
  line: number;
  depth: number;
  /** Distinct outputs over all calls in one forward pass; empty when never called. */
  outputs: ValueJson[];
  /** Own parameters (recurse=False). */
  params: number | null;
  macs: number | null;
}

export interface LineValues {
  file: string;
  /** 0-based. */
  line: number;
  values: ValueJson[];
}

export interface ModelReport {
  /** The expression that built the model, e.g. "ResNet(BasicBlock, [2, 2, 2, 2])" or "Net()". */
  model: string;
  className: string;
  /** Where the analysed class is defined. */
  classFile?: string;
  classLine?: number;
  inputs: ValueJson[];
  output: ValueJson;
  params: number | null;
  macs: number | null;
  modules: ModuleRow[];
  lines: LineValues[];
  /** How the input was declared: "cli", "annotation", "comment", "call", "summary", "setting". */
  inputSource: string;
}

export interface FileAnalysis {
  file: string;
  hints: ShapeHint[];
  diagnostics: CoreDiagnostic[];
  models: ModelReport[];
  calls: LayerCall[];
}

export interface AnalyzeOptions {
  /** A Python expression evaluated in the file's module scope that builds the model (CLI --model). */
  model?: string;
  /** Input shapes (CLI --input); dims are ints or symbol names. Overrides declarations. */
  inputs?: (number | string)[][];
  /** Used when a class has no declaration at all (editor setting); same form as `inputs`. */
  defaultInputs?: (number | string)[][];
  /** Reads another workspace file (for imports); the LSP passes open documents' text first. */
  readFile?: (path: string) => string | undefined;
  /** Evaluation budget per model. */
  maxSteps?: number;
  maxMillis?: number;
  /** Name of the symbolic batch dimension used when a declaration leaves it open. */
  batchSymbol?: string;
  /** The PyTorch release whose behaviour (outcomes, error wording, API) is followed; default "2" (2.13). */
  torchVersion?: TorchVersion;
}
