// torchinfo.summary's rows and footer from one forward pass, by torchinfo 1.8.0's rules: a row per
// module call in forward-pre-hook order, uncalled containers inserted above their called children,
// "(recursive)" rows, leftover parameters, and the totals and memory estimate of its footer.

import { exactSum } from "./exactness";
import type { InstanceV, TensorV } from "./values";
import { childModules, containsModuleCycle } from "./moduleGraph";
import type { TorchinfoRow, TorchinfoSummary } from "./api";
import type { Recorder } from "./interp/context";
import type { Tree } from "./parse";
import {
  SizeInfo,
  containerMacsPositive,
  elementBytes,
  exactProduct,
  inputSize,
  isLeaf,
  kernelSizeText,
  leafMacs,
  numParams,
  outputSize,
  prodOf,
} from "./torchinfoLayer";

/** sys.getsizeof(tensor.untyped_storage()) beyond its bytes (CPython 3.11, 64-bit): torch 2.x and torch 1.13's storage(). */
const STORAGE_OVERHEAD: Record<string, number> = { "2": 64, "1.13": 56 };

/** Module calls past which no table is built (a forward pass looping over thousands of calls). */
const MAX_ROWS = 20000;

function empty(unknownBecause: string[]): TorchinfoSummary {
  return {
    rows: [],
    totalParams: null,
    trainableParams: null,
    totalMacs: null,
    inputBytes: null,
    forwardBackwardBytes: null,
    paramBytes: null,
    unknownBecause,
  };
}

/** Code that changes dtypes or freezes parameters: the engine does not follow it, so those figures are unknown. */
const DTYPE_CODE =
  /\.(half|double|bfloat16|type)\s*\(|float16|float64|bfloat16|set_default_dtype|set_default_tensor_type|autocast|quantize_dynamic|quantize_model|quantize_fx|\bconvert\(|\.to\([^)\n]*(dtype|torch\.)/;
const GRAD_CODE = /requires_grad|freeze/;

/** torchinfo's LayerInfo, as far as the summary needs it (one object may sit in the list twice, as in torchinfo). */
interface Info {
  module: InstanceV;
  path: string;
  depth: number;
  parent: Info | undefined;
  index: number;
  leaf: boolean;
  recursive: boolean;
  input: SizeInfo;
  output: SizeInfo;
  params: number | null;
  trainable: number | null;
  macs: number | null;
  /** Whether the container's own (never shown) mult-adds are positive. */
  macsPositive: boolean | null;
  children: Info[];
}

interface Registration {
  path: string;
  depth: number;
  parent: Info | undefined;
}

function newInfo(module: InstanceV, reg: Registration, trainableUnsure: boolean): Info {
  const params = numParams(module);
  return {
    module,
    path: reg.path,
    depth: reg.depth,
    parent: reg.parent,
    index: 0,
    leaf: isLeaf(module),
    recursive: false,
    input: { size: [], bytesPerElement: 0 },
    output: { size: [], bytesPerElement: 0 },
    params,
    trainable: trainableUnsure ? null : params,
    macs: 0,
    macsPositive: false,
    children: [],
  };
}

/** Visits of the module walk past which the table is not built (shared submodules can multiply paths). */
const MAX_WALK = 100000;

/**
 * apply_hooks: the depth-first walk over _modules that gives each module its depth and parent.
 * `undefined` when the walk would not end in torchinfo (a cycle) or is too long to follow.
 */
function register(root: InstanceV, trainableUnsure: boolean): { regs: Map<InstanceV, Registration>; duplicated: boolean } | undefined {
  if (containsModuleCycle(root)) return undefined;
  const regs = new Map<InstanceV, Registration>();
  const fallback = new Map<InstanceV, Info>();
  let duplicated = false;
  let visits = 0;
  const stack: [string, InstanceV, number, Info | undefined][] = [["", root, 0, undefined]];
  while (stack.length) {
    if (++visits > MAX_WALK) return undefined;
    const [path, module, depth, parent] = stack.pop()!;
    if (regs.has(module)) duplicated = true;
    const reg = { path, depth, parent };
    regs.set(module, reg);
    fallback.set(module, newInfo(module, reg, trainableUnsure));
    for (const [name, child] of childModules(module).reverse())
      stack.push([path ? `${path}.${name}` : name, child, depth + 1, fallback.get(module)]);
  }
  return { regs, duplicated };
}

/**
 * add_missing_container_layers: containers never called (ModuleList, ...) are inserted above their
 * children. Builds the new list in one pass (inserting into the list it walks would be quadratic).
 */
function addMissingContainers(list: Info[]): void {
  const ids = new Set(list.map((l) => l.module));
  const current = new Map<number, Info>();
  const out: Info[] = [];
  for (const info of list) {
    const hierarchy = new Map<number, Info>();
    for (let parent = info.parent; parent && parent.depth > 0; parent = parent.parent) hierarchy.set(parent.depth, parent);
    for (let d = 1; d < info.depth; d++) {
      const h = hierarchy.get(d);
      if (!h) continue;
      const cur = current.get(d);
      if ((!cur || cur.module !== h.module) && h !== out[out.length - 1]) {
        if (ids.has(h.module)) h.recursive = true;
        out.push(h);
        ids.add(h.module);
        current.set(d, h);
      }
    }
    out.push(info);
    current.set(info.depth, info);
    for (let d = info.depth + 1; current.has(d); d++) current.delete(d);
  }
  list.length = 0;
  for (const info of out) list.push(info);
}

/** set_children_layers: running index per depth; children are the deeper rows that follow. */
function setChildren(list: Info[]): void {
  const idx = new Map<number, number>();
  list.forEach((info, i) => {
    idx.set(info.depth, (idx.get(info.depth) ?? 0) + 1);
    info.index = idx.get(info.depth)!;
    let end = i + 1;
    while (end < list.length && list[end].depth > info.depth) end++;
    info.children = list.slice(i + 1, end);
  });
}

/** torchinfo's leftover_params: the row's parameters minus those its (non-recursive) descendant rows show. */
function leftover(info: Info, field: "params" | "trainable", memo: Map<Info, number | null>, depth = 0): number | null {
  const known = memo.get(info);
  if (known !== undefined) return known;
  if (depth > 200) return null;
  let rest = info[field];
  for (const c of info.children) {
    if (c.recursive) continue;
    const part = c.leaf ? c[field] : leftover(c, field, memo, depth + 1);
    rest = rest === null || part === null ? null : rest - part;
  }
  memo.set(info, rest);
  return rest;
}

function positive(n: number | null): number | null {
  return n === null ? null : Math.max(n, 0);
}

function sizeOut(s: SizeInfo): (number | string)[] | null {
  return s ? s.size : null;
}

/** What torchinfo shows for a container at the deepest level: the leaf rows' sum when its own count is positive, else 0. */
function containerMacs(info: Info): number | null {
  if (info.macsPositive === null) return null;
  if (!info.macsPositive) return 0;
  let sum: number | null = 0;
  for (const c of info.children) if (c.leaf) sum = exactSum(sum, c.macs);
  // torchinfo would print "0" here: shown as unknown rather than as "--".
  return sum === 0 ? null : sum;
}

/**
 * The code of a tree without its comments: a comment changes no figure (and a comment-only edit replays the
 * cached models, so a scan that read comments would make the cached and fresh analyses differ).
 */
function codeText(tree: Tree): string {
  const root = tree.rootNode;
  const text = root.text;
  const pieces: string[] = [];
  let from = 0;
  for (const c of root.descendantsOfType("comment")) {
    pieces.push(text.slice(from, c.startIndex - root.startIndex));
    from = c.endIndex - root.startIndex;
  }
  pieces.push(text.slice(from));
  return pieces.join("");
}

/** Whether a file's code changes dtypes / mentions requires_grad, per syntax tree (one scan per tree). */
const scans = new WeakMap<object, { dtype: boolean; grad: boolean }>();

/**
 * What the summary's figures read from a file's code (all of it, not only what a model runs): the
 * incremental cache keys its jobs on it, since a replayed summary must not keep a stale answer.
 */
export function sourceScan(tree: Tree): { dtype: boolean; grad: boolean } {
  let scan = scans.get(tree);
  if (!scan) {
    const raw = tree.rootNode.text;
    // Stripping comments reads the whole tree: only done when the text mentions something at all.
    const text = DTYPE_CODE.test(raw) || GRAD_CODE.test(raw) ? codeText(tree) : raw;
    scan = { dtype: DTYPE_CODE.test(text), grad: GRAD_CODE.test(text) };
    scans.set(tree, scan);
  }
  return scan;
}

function scanSources(root: InstanceV, regs: Map<InstanceV, Registration>): { dtype: boolean; grad: boolean } {
  const trees = new Set<Tree>();
  for (const m of [root, ...regs.keys()]) {
    if (m.origin) trees.add(m.origin.node.tree);
    if (m.cls.node) trees.add(m.cls.node.tree);
  }
  const out = { dtype: false, grad: false };
  for (const tree of trees) {
    const scan = sourceScan(tree);
    out.dtype ||= scan.dtype;
    out.grad ||= scan.grad;
  }
  return out;
}

function outputBytes(info: Info): number | null {
  if (!info.output) return null;
  if (!info.output.size.length) return 0;
  const n = prodOf(info.output.size);
  if (n === null || info.output.bytesPerElement === null) return null;
  return exactProduct(n, info.output.bytesPerElement);
}

/** The summary torchinfo prints for `root` called on `inputs` (summary(model, input_size=...)). */
export function buildTorchinfo(root: InstanceV, inputs: TensorV[], rec: Recorder, torchVersion: string): TorchinfoSummary {
  const unknownBecause: string[] = [];
  const first = register(root, false);
  if (!first) return empty(["a module contains itself or too many module paths: torchinfo's walk over the submodules would not end"]);
  const scan = scanSources(root, first.regs);
  const dtypeUnsure = scan.dtype;
  const trainableUnsure = scan.grad;
  if (dtypeUnsure) unknownBecause.push("the code changes dtypes (.half(), dtype=, .to(...)), which the memory figures do not follow");
  if (trainableUnsure) unknownBecause.push("the code sets requires_grad, which the trainable counts do not follow");
  const { regs, duplicated } = (trainableUnsure ? register(root, true) : first) ?? first;
  if (duplicated) unknownBecause.push("a module is registered under two parents");

  if (rec.callSequence.length > MAX_ROWS) {
    unknownBecause.push(`more than ${MAX_ROWS} module calls: no torchinfo table`);
    return empty(unknownBecause);
  }
  const list: Info[] = [];
  const byModule = new Map<InstanceV, Info>();
  let complete = !rec.truncated && !rec.lostCalls && rec.incompleteModules.size === 0 && !duplicated;
  if (!complete && !duplicated) unknownBecause.push("some module calls could not be followed");
  for (const event of rec.callSequence) {
    if (event.uncertain) complete = false;
    const reg = regs.get(event.module);
    if (!reg) continue;
    const info = newInfo(event.module, reg, trainableUnsure);
    info.recursive = byModule.has(event.module);
    info.input = inputSize(event.args, dtypeUnsure);
    info.output = outputSize(event.output, dtypeUnsure);
    info.macs = info.leaf ? leafMacs(event.module, info.output) : 0;
    info.macsPositive = info.leaf ? (info.macs === null ? null : info.macs > 0) : containerMacsPositive(event.module, info.output);
    byModule.set(event.module, info);
    list.push(info);
  }
  if (rec.callSequence.some((e) => e.uncertain) && complete === false && !unknownBecause.length)
    unknownBecause.push("some calls happen under conditions the engine could not decide");
  addMissingContainers(list);
  setChildren(list);

  const paramsMemo = new Map<Info, number | null>();
  const trainableMemo = new Map<Info, number | null>();
  let totalParams: number | null = 0;
  let trainableParams: number | null = 0;
  let totalMacs: number | null = 0;
  let fwdBwd: number | null = 0;
  let paramBytes: number | null = 0;
  const paramElement = elementBytes(undefined, dtypeUnsure);
  for (const info of list) {
    if (info.leaf) {
      totalMacs = exactSum(totalMacs, info.macs);
      if (info.params === null) fwdBwd = null;
      else if (info.params > 0) {
        const b = outputBytes(info);
        fwdBwd = exactSum(fwdBwd, b === null ? null : exactProduct(b, 2));
      }
      if (info.recursive) continue;
      totalParams = exactSum(totalParams, positive(info.params));
      trainableParams = exactSum(trainableParams, positive(info.trainable));
      const pb = info.params === null || paramElement === null ? null : exactProduct(info.params, paramElement);
      paramBytes = exactSum(paramBytes, pb);
    } else {
      if (info.recursive) continue;
      totalParams = exactSum(totalParams, positive(leftover(info, "params", paramsMemo)));
      trainableParams = exactSum(trainableParams, positive(leftover(info, "trainable", trainableMemo)));
    }
  }

  // torchinfo 1.8.0 sums rows: where that differs from the model's parameters (a module first called inside
  // a repeated call, parameters shared between modules), its exact figure is not claimed.
  const modelParams = numParams(root);
  if (totalParams !== null && modelParams !== null && totalParams !== modelParams) {
    unknownBecause.push(`torchinfo's per-row sum differs from the model's ${modelParams.toLocaleString("en-US")} parameters here`);
    totalParams = null;
    trainableParams = null;
  }

  let inputBytes: number | null = 0;
  const overhead = STORAGE_OVERHEAD[torchVersion] ?? STORAGE_OVERHEAD["2"];
  for (const t of inputs) {
    const n = t.shape && !t.lead ? prodOf(t.shape.map((d) => (typeof d === "number" ? d : String(d)))) : null;
    // torchinfo makes the input itself (float32 unless the call gives dtypes): the model's code does not change it.
    const e = elementBytes(t.dtype, false);
    inputBytes = exactSum(inputBytes, n === null || e === null ? null : exactSum(exactProduct(n, e), overhead));
  }

  const rows: TorchinfoRow[] = list.map((info) => ({
    type: info.module.cls.name,
    path: info.path,
    depth: info.depth,
    index: info.index,
    inputSize: sizeOut(info.input),
    outputSize: sizeOut(info.output),
    kernelSize: kernelSizeText(info.module),
    params: info.params,
    trainableParams: info.trainable,
    leftoverParams: info.leaf ? info.params : leftover(info, "params", paramsMemo),
    macs: info.leaf ? info.macs : containerMacs(info),
    leaf: info.leaf,
    recursive: info.recursive,
  }));
  const sure = (n: number | null) => (complete ? n : null);
  const figures = [totalParams, trainableParams, totalMacs, inputBytes, fwdBwd, paramBytes];
  if (!unknownBecause.length && figures.some((f) => f === null))
    unknownBecause.push("a size is symbolic, or a layer's count is not modelled (its row shows ?)");
  return {
    rows,
    totalParams: sure(totalParams),
    trainableParams: sure(trainableParams),
    totalMacs: sure(totalMacs),
    inputBytes,
    forwardBackwardBytes: sure(fwdBwd),
    paramBytes: sure(paramBytes),
    unknownBecause,
  };
}
