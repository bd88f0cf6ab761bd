// The shape engine's public data types: what analyzeFile() returns. Plain data only (0-based
// positions, JSON-ready values) so that the CLI and the LSP layer can convert it as they need.
// Nothing here knows about LSP or VS Code.

import type { AnalysisCache } from "./incremental";
import type { LayerGeometry } from "./arith/geometry";
import type { DiagnosticCode } from "./errors";
import type { FileAccess } from "./fileAccess";
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
  /** Edits that would make the error go away, found by the rule that raised it (see ArgumentFix). */
  fixes?: ArgumentFix[];
}

/**
 * A fix the engine found for one of its diagnostics: set one constructor argument of the layer to
 * the value that fits (e.g. in_channels of a Conv2d to the channel count that reaches it).
 */
export interface ArgumentFix {
  /** The layer class as PyTorch names it ("Conv2d") and the argument, by its PyTorch name. */
  layer: string;
  argument: string;
  /** The value that fits, as source text ("64"), and what it is ("incoming channel count"). */
  value: string;
  reason: string;
  /** Where the edit goes: over the argument's current value, or an empty range where it is added. */
  file: string;
  range: Range;
  /** The replacement text: the value itself, or `, in_channels=64` when the argument is added. */
  newText: string;
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
  /** The values are torch.Size objects (`s = x.shape`, `print(y.size())`), shown as `torch.Size([...])`. */
  kind?: "size";
  /** The line prints or displays the value (`print(y.shape)`, a bare expression) rather than assigning it. */
  display?: boolean;
  /** Every value comes from a run on an assumed input (a model nobody declared an input for). */
  assumed?: boolean;
}

/** Why a class or function of the file got shapes the way it did, or why it got none. */
export interface AnalysisNote {
  file: string;
  /** The class or function the note is about. */
  name: string;
  kind: "class" | "function";
  /** Where to show it: `def forward` (or the class / function name). */
  range: Range;
  /** "assumed": analysed on an inferred input; "not-analysed": no shapes, see `message`. */
  status: "assumed" | "not-analysed";
  /** For "assumed" the assumption (`x: [N, 3, H, W]`), for "not-analysed" the reason. */
  message: string;
  /** For "assumed": the directive that declares the assumed input, to insert above `def forward`. */
  declaration?: { line: number; text: string };
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
  /** Conv / transposed-conv / pooling layers with concrete sizes: the geometry the layer view draws. */
  geometry?: LayerGeometry;
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

/** One row of torchinfo's summary: a module call (or an uncalled container), in torchinfo's order. */
export interface TorchinfoRow {
  /** Class name (Conv2d, BasicBlock). */
  type: string;
  /** named_modules() path; "" for the root. */
  path: string;
  /** Depth in the module tree (torchinfo's `depth`), and its running index at that depth (`1-4`). */
  depth: number;
  index: number;
  /** torchinfo's input/output size: the first tensor's shape; [] when none; null when unknown. */
  inputSize: (number | string)[] | null;
  outputSize: (number | string)[] | null;
  /** The module's `kernel_size` attribute as torchinfo prints it (`[7, 7]`, `3`), "--" when none; null unknown. */
  kernelSize: string | null;
  /** Parameters of the module and its submodules (named_parameters()). */
  params: number | null;
  trainableParams: number | null;
  /** Parameters not shown in the rows below it (torchinfo's leftover_params). */
  leftoverParams: number | null;
  /** Mult-adds by torchinfo's rule: a leaf's own; for a container, the sum over the leaf rows below it (0 when torchinfo shows "--"). */
  macs: number | null;
  /** No submodules (torchinfo's is_leaf_layer). */
  leaf: boolean;
  /** An earlier row is the same module (a module called again): torchinfo's "(recursive)". */
  recursive: boolean;
}

/** torchinfo.summary's rows and footer (torchinfo 1.8.0's rules); any figure the engine cannot be sure of is null. */
export interface TorchinfoSummary {
  rows: TorchinfoRow[];
  totalParams: number | null;
  trainableParams: number | null;
  totalMacs: number | null;
  /** Bytes: the inputs (sys.getsizeof of their storages), outputs x2 of leaf layers with params, parameters. */
  inputBytes: number | null;
  forwardBackwardBytes: number | null;
  paramBytes: number | null;
  /** Why figures are unknown (empty when everything is known). */
  unknownBecause: string[];
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
  /** How the input was declared: "cli", "annotation", "comment", "call", "summary", "setting", or "assumed". */
  inputSource: string;
  /** What torchinfo.summary would print for this forward pass. */
  torchinfo?: TorchinfoSummary;
}

export interface FileAnalysis {
  file: string;
  hints: ShapeHint[];
  diagnostics: CoreDiagnostic[];
  models: ModelReport[];
  calls: LayerCall[];
  /** Classes and functions analysed on an assumed input, or not analysed, with the reason. */
  notes: AnalysisNote[];
}

export interface AnalyzeOptions {
  /** A Python expression evaluated in the file's module scope that builds the model (CLI --model). */
  model?: string;
  /** Input shapes (CLI --input); dims are ints or symbol names. Overrides declarations. */
  inputs?: (number | string)[][];
  /** Used when a class has no declaration at all (editor setting); same form as `inputs`. */
  defaultInputs?: (number | string)[][];
  /**
   * The host's file system (imports): the CLI's and the server's check every file before reading
   * it (regular file, size cap, real path inside the roots). None: no other file is read.
   */
  files?: FileAccess;
  /** Workspace folders (absolute): imports resolve inside them only. */
  roots?: string[];
  /** Extra folders for absolute imports (SHAPELENS_PYTHONPATH), given by the host. */
  searchPaths?: string[];
  /** Folders read for the model libraries the engine reads on purpose (torchvision) only. */
  libraryPaths?: string[];
  /** Evaluation budget of the whole file analysis (all its models and entries together). */
  maxSteps?: number;
  maxMillis?: number;
  /** Name of the symbolic batch dimension used when a declaration leaves it open. */
  batchSymbol?: string;
  /** Infer a symbolic input for top-level models that declare none (default true). */
  assumeInputs?: boolean;
  /** The PyTorch release whose behaviour (outcomes, error wording, API) is followed; default "2" (2.13). */
  torchVersion?: TorchVersion;
  /**
   * The document's incremental cache (see incremental.ts): jobs whose inputs did not change since
   * an earlier analysis with the same cache are replayed instead of run. Results are the same.
   */
  cache?: AnalysisCache;
}
