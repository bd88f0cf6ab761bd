// Turns what a forward pass recorded into the public data: the per-model summary (modules in
// named_modules() order with outputs, own parameters and MACs) and the per-line shape hints.

import { exactSum, isExactInt } from "./exactness";
import type { LayerCall, LineValues, ModelReport, ModuleRow, Range, ShapeHint, ValueJson } from "./api";
import { InstanceV, TensorV, Value } from "./values";
import { LineRecord, Recorder, lineKey, rangeOf } from "./interp/context";
import { namedModules } from "./interp/nn";
import { builtinOf, hasBaseNamed } from "./interp/classes";
import { jsonKey, toJson } from "./interp/json";
import { formatHintValue } from "./format";
import { buildTorchinfo } from "./torchinfo";
import { torchVersion } from "./torchVersion";

function distinct(values: ValueJson[]): ValueJson[] {
  const seen = new Set<string>();
  const out: ValueJson[] = [];
  for (const v of values) {
    const k = jsonKey(v);
    if (!seen.has(k)) {
      seen.add(k);
      out.push(v);
    }
  }
  return out;
}

/** Own parameters (recurse=False): the layer rule's count plus nn.Parameter attributes. */
export function ownParams(m: InstanceV): number | null {
  let total = 0;
  if (m.layer) {
    if (m.layer.params === null) return null;
    total += m.layer.params;
  }
  for (const p of m.ownParams?.values() ?? []) {
    if (p === null) return null;
    total += p;
  }
  return isExactInt(total) ? total : null;
}

/** Containers without a forward (ModuleList, ModuleDict) are never called, whatever was lost. */
function isCallable(m: InstanceV): boolean {
  return !["ModuleList", "ModuleDict", "ParameterList", "ParameterDict"].some((n) => hasBaseNamed(m.cls, n));
}

function typeName(m: InstanceV): string {
  return m.cls.builtin?.typeName ?? m.cls.name ?? builtinOf(m.cls)?.name ?? "Module";
}

export function buildReport(
  root: InstanceV,
  model: string,
  inputs: TensorV[],
  output: Value,
  rec: Recorder,
  inputSource: string,
): ModelReport {
  const rows: ModuleRow[] = [];
  let totalParams: number | null = 0;
  let totalMacs: number | null = 0;
  for (const [path, m] of namedModules(root)) {
    const params = ownParams(m);
    const calls = rec.moduleCalls.get(m);
    let outputs: ValueJson[] = [];
    let macs: number | null = 0;
    if (calls) {
      const certain = distinct(calls.outputs);
      // Calls on undecided paths may or may not happen: a value only they produce is shown as unknown.
      const extra = calls.uncertainOutputs.some((o) => !certain.some((c) => jsonKey(c) === jsonKey(o)));
      outputs = certain.length ? (extra ? [...certain, null] : certain) : [null];
      macs = certain.length && !extra ? calls.macs : null;
      if (rec.incompleteModules.has(m) && !outputs.includes(null)) {
        outputs = [...outputs, null];
        macs = null;
      }
    } else if (rec.truncated || (rec.lostCalls && isCallable(m))) {
      outputs = [null];
      macs = null;
    }
    if (m.attrs.has("__uncertain_modules__") || m.attrs.has("__shared_params__")) totalParams = null;
    if (totalParams !== null) totalParams = exactSum(totalParams, params);
    if (totalMacs !== null) totalMacs = exactSum(totalMacs, macs);
    rows.push({
      path,
      type: typeName(m),
      file: m.origin?.file ?? "",
      line: m.origin ? m.origin.node.startPosition.row : -1,
      depth: path === "" ? 0 : path.split(".").length,
      outputs,
      params,
      macs,
    });
  }
  // The model's per-line values are the tensors its lines assign (as `hints`), not printed values or Sizes.
  const lines: LineValues[] = [...rec.lines.values()]
    .filter((l) => !l.size && !l.display)
    .map((l) => ({
      file: l.file,
      line: l.node.startPosition.row,
      values: lineValues(l, rec.incompleteLines.has(lineKey(l.file, l.node))),
    }))
    .filter((l) => l.values.length);
  return {
    model,
    className: root.cls.name,
    classFile: root.cls.file,
    classLine: root.cls.node?.startPosition.row,
    inputs: inputs.map(toJson),
    output: toJson(output),
    params: totalParams,
    macs: totalMacs,
    modules: rows,
    lines,
    inputSource,
    torchinfo: torchinfoOrNone(root, inputs, rec),
  };
}

/** torchinfo's summary of the pass; a failure there never costs the rest of the report. */
function torchinfoOrNone(root: InstanceV, inputs: TensorV[], rec: Recorder): ModelReport["torchinfo"] {
  try {
    return buildTorchinfo(root, inputs, rec, torchVersion());
  } catch {
    return undefined;
  }
}

/**
 * Values on known paths. A line reached only on undecided paths may never run: it shows nothing.
 * A line that also gave values the engine lost ends with an explicit unknown (null).
 */
function lineValues(l: LineRecord | FrozenLine, incomplete: boolean): ValueJson[] {
  const shown = distinct(l.values);
  return shown.length && (incomplete || l.sawUnknown) ? [...shown, null] : shown;
}

export function hintLabel(values: ValueJson[], kind?: "size"): string {
  const first = formatHintValue(values[0], kind);
  return values.length > 1 ? `${first} (+${values.length - 1} more)` : first;
}

/** A tensor assigned on the line (the CLI JSON's `hints`), as opposed to a printed value or a torch.Size. */
export function isTensorAssignment(h: ShapeHint): boolean {
  return !h.display && !h.kind;
}

/** A recorded line as plain data (no syntax node), so that it can outlive its tree. */
export interface FrozenLine {
  file: string;
  range: Range;
  values: ValueJson[];
  uncertainValues: ValueJson[];
  size?: boolean;
  display?: boolean;
  sawUnknown?: boolean;
}

/** What a pass recorded that the hints and layer calls need, keyed by line position. */
export interface Recording {
  lines: Map<string, FrozenLine>;
  incompleteLines: Set<string>;
  layerCalls: LayerCall[];
}

/** The recorder's lines and layer calls as plain data (the incremental cache keeps them between analyses). */
export function freezeRecorder(recorder: Recorder): Recording {
  const lines = new Map<string, FrozenLine>();
  const incompleteLines = new Set<string>();
  for (const [key, rec] of recorder.lines) {
    const range = rangeOf(rec.node);
    const at = `${rec.file}:${range.start.line}:${range.start.character}`;
    const line: FrozenLine = { file: rec.file, range, values: rec.values, uncertainValues: rec.uncertainValues };
    if (rec.size) line.size = true;
    if (rec.display) line.display = true;
    if (rec.sawUnknown) line.sawUnknown = true;
    lines.set(at, line);
    if (recorder.incompleteLines.has(key)) incompleteLines.add(at);
  }
  return { lines, incompleteLines, layerCalls: recorder.layerCalls.map((c) => c.record) };
}

/** One analysis pass's recordings; `assumed` when it ran on an inferred input. */
export interface Recorded {
  recorder: Recorder | Recording;
  assumed: boolean;
}

/** Hints and layer calls merged over every analysed model (and the module-level run) of a file. */
export function collectHints(recorded: Recorded[]): { hints: ShapeHint[]; calls: LayerCall[] } {
  const byLine = new Map<string, { rec: FrozenLine; assumed: boolean }>();
  const incomplete = new Set<string>();
  const frozen = recorded.map((r) => ({
    recorder: r.recorder instanceof Recorder ? freezeRecorder(r.recorder) : r.recorder,
    assumed: r.assumed,
  }));
  for (const { recorder, assumed } of frozen) {
    for (const k of recorder.incompleteLines) incomplete.add(k);
    for (const [key, rec] of recorder.lines) {
      const cur = byLine.get(key);
      if (!cur) {
        byLine.set(key, { rec, assumed });
        continue;
      }
      const merged: FrozenLine = {
        ...cur.rec,
        values: [...cur.rec.values, ...rec.values],
        uncertainValues: [...cur.rec.uncertainValues, ...rec.uncertainValues],
        sawUnknown: cur.rec.sawUnknown || rec.sawUnknown,
      };
      // Sizes and tensors on one line never mix: such a line shows nothing certain.
      if (!!cur.rec.size !== !!rec.size) merged.values.push(null);
      byLine.set(key, { rec: merged, assumed: cur.assumed && assumed });
    }
  }
  const hints: ShapeHint[] = [];
  for (const [key, { rec, assumed }] of byLine) {
    const d = lineValues(rec, incomplete.has(key));
    if (!d.length) continue;
    const kind = rec.size ? "size" : undefined;
    const hint: ShapeHint = { file: rec.file, range: rec.range, values: d, label: hintLabel(d, kind) };
    if (kind) hint.kind = kind;
    if (rec.display) hint.display = true;
    if (assumed) hint.assumed = true;
    hints.push(hint);
  }
  hints.sort((a, b) => (a.file === b.file ? a.range.start.line - b.range.start.line : a.file < b.file ? -1 : 1));
  const calls: LayerCall[] = [];
  const seenCalls = new Set<string>();
  for (const { recorder } of frozen) {
    for (const record of recorder.layerCalls) {
      const key = `${record.file}:${record.callRange.start.line}:${record.callRange.start.character}:${record.constructRange?.start.line}:${jsonKey(record.output)}`;
      if (seenCalls.has(key)) continue;
      seenCalls.add(key);
      calls.push(record);
    }
  }
  return { hints, calls };
}
