// The values the evaluator computes with: a small model of Python objects (ints that may be symbolic,
// containers, functions, classes, nn.Module instances) plus tensors that carry only their shape.
// `unknown` is a first-class value: anything the evaluator cannot determine becomes unknown and
// stays unknown, so no shape is ever guessed.

import type { SyntaxNode } from "./parse";
import type { EvalContext } from "./interp/context";
import { Dim, formatDim } from "./dim";

export type Shape = Dim[];

export interface IntV {
  kind: "int";
  v: Dim;
}
export interface FloatV {
  kind: "float";
  v: number;
  /**
   * Computed with a function whose last bit may differ from CPython's (math.log/exp/pow, `**`):
   * conversions to int and comparisons that such a difference could flip give unknown.
   */
  approx?: boolean;
  /** Known only to lie in [lo, hi] (a tensor element with error bounds); arithmetic on it is unknown. */
  bounds?: [number, number];
}
export interface BoolV {
  kind: "bool";
  v: boolean;
}
export interface StrV {
  kind: "str";
  v: string;
}
export interface NoneV {
  kind: "none";
}
export interface EllipsisV {
  kind: "ellipsis";
}
export interface TupleV {
  kind: "tuple";
  items: Value[];
  /** torch.Size is a tuple subclass; printing and a few methods differ. */
  isSize?: boolean;
}
export interface ListV {
  kind: "list";
  items: Value[];
  /** Mutated on a path whose condition was unknown: its contents can no longer be trusted. */
  poisoned?: boolean;
}
export interface DictV {
  kind: "dict";
  /** Keyed by a canonical key string (see keyOf); keeps insertion order. */
  entries: Map<string, [Value, Value]>;
  poisoned?: boolean;
  /** Set on the dict that `module._modules` returns: writes to it register submodules on the module. */
  moduleOwner?: InstanceV;
  /** Set on the dict that `obj.__dict__` / `vars(obj)` returns: writes set plain attributes (no registration). */
  attrsOwner?: InstanceV;
}
export interface SetV {
  kind: "set";
  entries: Map<string, Value>;
}
export interface SliceV {
  kind: "slice";
  start: Value;
  stop: Value;
  step: Value;
}
export interface TensorV {
  kind: "tensor";
  /** null when even the rank is unknown. */
  shape: Shape | null;
  /** Name of a variadic leading group (`*batch` / `...`) standing before `shape`, if any. */
  lead?: string;
  dtype?: string;
  /** Created by nn.Parameter(...): counts as a parameter when assigned to a module. */
  isParam?: boolean;
  /** Possibly non-contiguous (after transpose/permute/expand/slicing): `view` gives up. */
  maybeNonContiguous?: boolean;
  /**
   * Every element's exact value, flat and row-major (bools as 0/1), for small tensors whose
   * elements are all known exactly; `dtype` is then known too. Read it through
   * ops/values/store (knownValues): a view's values go stale when its storage is modified in place.
   */
  data?: number[];
  /** Float elements known only to lie within [lo[i], hi[i]] (after log/exp/pow); never with `data`. */
  bounds?: { lo: number[]; hi: number[] };
  /** Shared by a tensor with values and its views; `alive` turns false on any in-place change. */
  storage?: { alive: boolean };
  /** Receptive field and effective stride per spatial axis, for hovers (conv/pool chains only). */
  rf?: { size: number[]; jump: number[] };
  /** Where this tensor was produced (a call in forward), for related information on errors. */
  origin?: { file: string; node: SyntaxNode; what: string };
}
export interface UnknownV {
  kind: "unknown";
  reason?: string;
  /** Known not to be one of the user's modules (a missing attribute of torch, math, numpy...). */
  notModule?: boolean;
}
/** Opaque named things we do not model but can pass around (dtypes, devices, loggers). */
export interface OpaqueV {
  kind: "opaque";
  name: string;
}

export interface Frame {
  /** Function-level variables. */
  vars: Map<string, Value>;
}

export interface FunctionV {
  kind: "function";
  name: string;
  node: SyntaxNode; // function_definition
  closure: Scope;
  defaults: Map<string, Value>;
  file: string;
  isStatic?: boolean;
  isClassMethod?: boolean;
  isProperty?: boolean;
  qualname: string;
  /** Class whose body defined this method (for zero-argument super()). */
  owner?: ClassV;
}

export interface CallArgs {
  args: Value[];
  kwargs: Map<string, Value>;
}

export interface BuiltinFnV {
  kind: "builtin";
  name: string;
  call: (call: CallArgs, ctx: EvalContext) => Value;
}

export interface BoundMethodV {
  kind: "bound";
  self: Value;
  fn: Value;
}

export interface PartialV {
  kind: "partial";
  fn: Value;
  args: Value[];
  kwargs: Map<string, Value>;
}

export interface ClassV {
  kind: "class";
  name: string;
  qualname: string;
  bases: ClassV[];
  attrs: Map<string, Value>;
  /** Set for classes implemented by the engine (nn.Conv2d, nn.Module, ...). */
  builtin?: BuiltinClassImpl;
  node?: SyntaxNode;
  file?: string;
  isDataclass?: boolean;
  dataclassFields?: { name: string; default?: Value }[];
}

/** Engine-side behaviour of a builtin class; `self` is the instance being built or called. */
export interface BuiltinClassImpl {
  /** Torch's class name as shown in summaries (Conv2d, Sequential). */
  typeName: string;
  init?: (self: InstanceV, call: CallArgs, ctx: EvalContext) => void;
  forward?: (self: InstanceV, call: CallArgs, ctx: EvalContext) => Value;
  methods?: Record<string, (self: InstanceV, call: CallArgs, ctx: EvalContext) => Value>;
  /** Creates a value of a non-module builtin class (e.g. OrderedDict, torch.Size). */
  construct?: (call: CallArgs, ctx: EvalContext) => Value;
  isModule?: boolean;
}

/** State of an engine-implemented layer (set by its class's init). */
export interface LayerState {
  /** Own parameter count (recurse=False), null when not known. */
  params: number | null;
  /** Rule-specific validated configuration. */
  config: unknown;
}

export interface InstanceV {
  kind: "instance";
  cls: ClassV;
  attrs: Map<string, Value>;
  /** Submodules in registration order (nn.Module._modules). */
  modules?: Map<string, InstanceV | NoneV>;
  /** Parameter counts of own nn.Parameter attributes (nn.Module._parameters). */
  ownParams?: Map<string, number | null>;
  layer?: LayerState;
  /** Where the instance was constructed. */
  origin?: { file: string; node: SyntaxNode };
  id: number;
}

/** `super()` bound to the class whose method is running and the instance. */
export interface SuperV {
  kind: "super";
  cls: ClassV;
  self: Value;
}

export interface PyModuleV {
  kind: "pymodule";
  name: string;
  attrs: Map<string, Value>;
  /** A library the engine models (torch, math, numpy): none of its attributes is a user module. */
  library?: boolean;
  /** For lazily resolved modules (torch.nn.functional): looks a missing attribute up in the reading context. */
  lookup?: (name: string, ctx: EvalContext) => Value | undefined;
}

export type Value =
  | IntV
  | FloatV
  | BoolV
  | StrV
  | NoneV
  | EllipsisV
  | TupleV
  | ListV
  | DictV
  | SetV
  | SliceV
  | TensorV
  | UnknownV
  | OpaqueV
  | FunctionV
  | BuiltinFnV
  | BoundMethodV
  | PartialV
  | ClassV
  | InstanceV
  | SuperV
  | PyModuleV;

/** A lexical scope: function locals chained to their enclosing scopes, ending at module globals. */
export class Scope {
  readonly vars = new Map<string, Value>();
  /** Values returned on paths whose condition was unknown (joined with the final result). */
  pendingReturns?: Value[];
  /** Levels of uncertainty the rest of this function runs under (code after a possible return). */
  uncertainRest?: number;
  /** The function's body mentions super or __class__: CPython's locals() then holds `__class__`. */
  hasClassCell?: boolean;
  /** Names a `global` or `nonlocal` statement of this function declared: assignments go to that scope. */
  outerNames?: Map<string, "global" | "nonlocal">;
  constructor(
    readonly parent: Scope | undefined,
    readonly kind: "module" | "function" | "class",
    readonly file: string,
  ) {}

  lookup(name: string, innermost = true): Value | undefined {
    // Class bodies are not visible from functions nested inside them (Python's rule).
    if (innermost || this.kind !== "class") {
      const v = this.vars.get(name);
      if (v !== undefined) return v;
    }
    return this.parent?.lookup(name, false);
  }

  get globals(): Scope {
    return this.parent ? this.parent.globals : this;
  }

  /** The scope an assignment to `name` writes to: this one, or the one `global`/`nonlocal` named. */
  bindingScope(name: string): Scope {
    const outer = this.outerNames?.get(name);
    if (outer === "global") return this.globals;
    if (outer === "nonlocal") {
      for (let s = this.parent; s && s.kind !== "module"; s = s.parent) if (s.kind === "function" && s.vars.has(name)) return s;
      return this.globals;
    }
    return this;
  }
}

/** Attributes set on a module by register_forward_pre_hook / register_forward_hook. */
export const PRE_HOOKED = "__forward_pre_hooked__";
export const HOOKED = "__forward_hooked__";
/** Set on a layer whose settings or weights were changed after construction (its rule would read the old ones). */
export const RESHAPED_PARAMS = "__reshaped_params__";

export const NONE: NoneV = { kind: "none" };
export const TRUE: BoolV = { kind: "bool", v: true };
export const FALSE: BoolV = { kind: "bool", v: false };
export const ELLIPSIS: EllipsisV = { kind: "ellipsis" };

export function int(v: Dim): IntV {
  return { kind: "int", v };
}
export function float(v: number, approx?: boolean): FloatV {
  return approx ? { kind: "float", v, approx } : { kind: "float", v };
}

/** True when a last-bit difference in an approximate float could change which side of `edge` it is on. */
export function nearEdge(x: number, edge: number): boolean {
  return Math.abs(x - edge) <= 1e-9 * Math.max(1, Math.abs(x), Math.abs(edge));
}
export function bool(v: boolean): BoolV {
  return v ? TRUE : FALSE;
}
export function str(v: string): StrV {
  return { kind: "str", v };
}
export function tuple(items: Value[]): TupleV {
  return { kind: "tuple", items };
}
export function list(items: Value[]): ListV {
  return { kind: "list", items };
}
export function unknown(reason?: string): UnknownV {
  return { kind: "unknown", reason };
}
export function tensor(shape: Shape | null, extra?: { lead?: string; dtype?: string }): TensorV {
  // A size past 2^53 is not exact as a JavaScript number: such a shape is unknown, never rounded.
  if (shape?.some((d) => typeof d === "number" && !Number.isSafeInteger(d))) shape = null;
  const t: TensorV = { kind: "tensor", shape };
  if (extra?.lead) t.lead = extra.lead;
  if (extra?.dtype) t.dtype = extra.dtype;
  return t;
}
export function builtinFn(name: string, call: (c: CallArgs, ctx: EvalContext) => Value): BuiltinFnV {
  return { kind: "builtin", name, call };
}

export function isUnknown(v: Value): v is UnknownV {
  return v.kind === "unknown";
}

/** A canonical string for dict/set keys and structural equality of plain values. */
export function keyOf(v: Value): string {
  switch (v.kind) {
    case "int":
      return `i:${formatDim(v.v)}`;
    case "float":
      return Number.isInteger(v.v) ? `i:${v.v}` : `f:${v.v}`;
    case "bool":
      return `i:${v.v ? 1 : 0}`;
    case "str":
      return `s:${v.v}`;
    case "none":
      return "None";
    case "tuple":
      return `(${v.items.map(keyOf).join(",")})`;
    case "class":
      return `c:${v.qualname}`;
    case "instance":
      return `o:${v.id}`;
    case "opaque":
      return `x:${v.name}`;
    case "function":
      return `fn:${v.qualname}`;
    default:
      return `?:${v.kind}`;
  }
}

/** Short description for messages: `int 3`, `tuple (1, 2)`, `Tensor[1, 3]`. */
export function describe(v: Value): string {
  switch (v.kind) {
    case "int":
      return formatDim(v.v);
    case "float":
      // Python's repr: 44.0, not 44.
      return Number.isInteger(v.v) && Math.abs(v.v) < 1e16 ? `${v.v}.0` : String(v.v);
    case "bool":
      return v.v ? "True" : "False";
    case "str":
      return JSON.stringify(v.v);
    case "none":
      return "None";
    case "tuple":
      return `(${v.items.map(describe).join(", ")}${v.items.length === 1 ? "," : ""})`;
    case "list":
      return `[${v.items.map(describe).join(", ")}]`;
    case "tensor":
      return v.shape ? `Tensor[${v.shape.map(formatDim).join(", ")}]` : "Tensor[?]";
    case "unknown":
      return "<unknown>";
    case "class":
      return `<class ${v.name}>`;
    case "instance":
      return `<${v.cls.name} object>`;
    case "function":
      return `<function ${v.name}>`;
    case "builtin":
      return `<built-in ${v.name}>`;
    default:
      return `<${v.kind}>`;
  }
}
