// The Python modules the engine provides itself: torch, torch.nn, torch.nn.functional, torch.nn.init,
// torch.jit, and the standard-library modules model code imports (math, functools, collections,
// typing, dataclasses, warnings, copy), and einops (ops/einops.ts). Anything else in them is unknown.

import { functionRule } from "../ops/registry";
import {
  type BuiltinFnV,
  type CallArgs,
  type ClassV,
  NONE,
  type PyModuleV,
  type Value,
  builtinFn,
  float,
  int,
  list,
  unknown,
  FALSE,
  TRUE,
  type InstanceV,
  nearEdge,
  isUnknown,
} from "../values";
import type { EvalContext } from "./context";
import { ruleAsBuiltin } from "./ruleBuiltin";
import { nnClass, initModule, layerClass } from "./nn";
import { preludeQuantClass } from "./prelude";
import { LEGACY_TENSOR_TYPES, withLegacyConstructor } from "./legacyTensors";
import { weightNorm } from "./weightNorm";
import { systemExit } from "./signals";
import { RearrangeLayer, ReduceLayer } from "../ops/einops";
import { binaryOp, truthy } from "./operators";
import { PyRaiseSignal } from "./signals";
import { iterate, rangeValues } from "./iteration";
import { lookupBuiltin } from "./builtins";
import { nn2Attr, torch2Attr, torch2Module } from "./torch2api";

function pymodule(name: string, attrs: Record<string, Value>, lookup?: (n: string, ctx: EvalContext) => Value | undefined): PyModuleV {
  return { kind: "pymodule", name, attrs: new Map(Object.entries(attrs)), lookup, library: true };
}

function opaqueClass(name: string): ClassV {
  return { kind: "class", name, qualname: name, bases: [], attrs: new Map() };
}

const identity = builtinFn("identity", (c) => c.args[0] ?? NONE);
const noop = builtinFn("noop", () => NONE);
/** Context managers / decorator factories that do nothing to shapes (torch.no_grad()). */
const contextFactory = builtinFn("context", (c) =>
  c.args[0] && (c.args[0].kind === "function" || c.args[0].kind === "builtin") ? c.args[0] : { kind: "opaque", name: "context" },
);

const dtypeNames = [
  "float",
  "float32",
  "float64",
  "double",
  "float16",
  "half",
  "bfloat16",
  "int",
  "int32",
  "int64",
  "long",
  "int8",
  "uint8",
  "int16",
  "short",
  "bool",
  "complex64",
  "cfloat",
];

export const TensorClass = withLegacyConstructor(opaqueClass("Tensor"), "Tensor");
/** torch.FloatTensor, torch.LongTensor, ...: legacy constructors of one dtype. */
const legacyTensorClasses: Record<string, Value> = Object.fromEntries(
  Object.keys(LEGACY_TENSOR_TYPES)
    .filter((n) => n !== "Tensor")
    .map((n) => [n, withLegacyConstructor(opaqueClass(n), n)]),
);
const SizeClass: ClassV = {
  kind: "class",
  name: "Size",
  qualname: "torch.Size",
  bases: [],
  attrs: new Map(),
  builtin: {
    typeName: "Size",
    construct: (c, ctx) => {
      const items = c.args[0] ? iterate(ctx, c.args[0]) : [];
      return items ? { kind: "tuple", items: [...items], isSize: true } : unknown();
    },
  },
};

let torchModule: PyModuleV | undefined;
let nnModule: PyModuleV | undefined;
let functionalModule: PyModuleV | undefined;

export function functional(): PyModuleV {
  if (!functionalModule) {
    functionalModule = pymodule("torch.nn.functional", {}, (n) => {
      const rule = functionRule(`F.${n}`);
      return rule ? ruleAsBuiltin(`F.${n}`, rule) : undefined;
    });
  }
  return functionalModule;
}

let quantizationModule: PyModuleV | undefined;
let quantizedNnModule: PyModuleV | undefined;

/** torch.ao.quantization (also torch.quantization): the eager-mode stubs, from the prelude. */
function quantization(): PyModuleV {
  quantizationModule ??= pymodule("torch.ao.quantization", {}, (n, ctx) =>
    n === "QuantStub" || n === "DeQuantStub" || n === "QuantWrapper" ? preludeQuantClass(n, ctx.interp) : undefined,
  );
  return quantizationModule;
}

/** torch.ao.nn.quantized (also torch.nn.quantized): FloatFunctional, from the prelude. */
function quantizedNn(): PyModuleV {
  quantizedNnModule ??= pymodule("torch.ao.nn.quantized", {}, (n, ctx) =>
    n === "modules" ? quantizedNn() : n === "FloatFunctional" || n === "FXFloatFunctional" ? preludeQuantClass(n, ctx.interp) : undefined,
  );
  return quantizedNnModule;
}

export function nn(): PyModuleV {
  if (!nnModule) {
    const init = pymodule("torch.nn.init", {}, (n) => (n === "calculate_gain" ? builtinFn("calculate_gain", () => unknown()) : initModule));
    nnModule = pymodule("torch.nn", { functional: functional(), init }, (n, ctx) => {
      const cls = nnClass(n, ctx.interp);
      if (cls) return cls;
      if (n === "modules" || n === "utils" || n === "parameter") return nn();
      if (n === "quantized") return quantizedNn();
      // nn.utils resolves to nn itself (above): its weight_norm.
      if (n === "weight_norm") return weightNorm;
      return nn2Attr(n);
    });
  }
  return nnModule;
}

function torchAssert(c: CallArgs, ctx: EvalContext): Value {
  const t = c.args[0] ? truthy(c.args[0]) : undefined;
  if (t === false) {
    if (ctx.uncertain === 0) {
      const msg = c.args[1]?.kind === "str" ? c.args[1].v : "assertion failed";
      ctx.report(ctx.currentFile, ctx.currentCall!, "error", "raise", `torch._assert fails: ${msg}`);
      throw new PyRaiseSignal(`AssertionError: ${msg}`);
    }
  }
  return NONE;
}

function checkpoint(c: CallArgs, ctx: EvalContext): Value {
  const [fn, ...rest] = c.args;
  if (!fn) return unknown();
  const kwargs = new Map([...c.kwargs].filter(([k]) => !["use_reentrant", "preserve_rng_state"].includes(k)));
  return ctx.interp.callValue(ctx, fn, { args: rest, kwargs }, ctx.currentCall!, ctx.currentFile);
}

export function torch(): PyModuleV {
  if (!torchModule) {
    const dtypes: Record<string, Value> = {};
    for (const d of dtypeNames) dtypes[d] = { kind: "opaque", name: `torch.${d}` };
    const jit = pymodule("torch.jit", {
      is_scripting: builtinFn("is_scripting", () => FALSE),
      is_tracing: builtinFn("is_tracing", () => FALSE),
      annotate: builtinFn("annotate", (c) => c.args[1] ?? NONE),
      script: identity,
      trace: identity,
      ignore: identity,
      unused: identity,
      export: identity,
      _overload_method: identity,
      Final: { kind: "opaque", name: "Final" },
    });
    const utils = pymodule("torch.utils", {
      checkpoint: pymodule("torch.utils.checkpoint", { checkpoint: builtinFn("checkpoint", checkpoint) }),
    });
    torchModule = pymodule(
      "torch",
      {
        ...dtypes,
        nn: nn(),
        Tensor: TensorClass,
        ...legacyTensorClasses,
        Size: SizeClass,
        jit,
        utils,
        fx: pymodule("torch.fx", { wrap: identity }),
        ao: pymodule("torch.ao", { quantization: quantization(), nn: pymodule("torch.ao.nn", { quantized: quantizedNn() }) }),
        quantization: quantization(),
        cuda: pymodule("torch.cuda", { is_available: builtinFn("is_available", () => unknown()) }),
        no_grad: contextFactory,
        enable_grad: contextFactory,
        inference_mode: contextFactory,
        set_grad_enabled: contextFactory,
        manual_seed: noop,
        device: builtinFn("device", () => ({ kind: "opaque", name: "device" })),
        _assert: builtinFn("_assert", torchAssert),
        is_tensor: builtinFn("is_tensor", (c) =>
          c.args[0]?.kind === "tensor" ? TRUE : c.args[0] && !isUnknown(c.args[0]) ? FALSE : unknown(),
        ),
        overrides: pymodule("torch.overrides", {}),
      },
      (n) => {
        const rule = functionRule(`torch.${n}`);
        return rule ? ruleAsBuiltin(`torch.${n}`, rule) : torch2Attr(n);
      },
    );
  }
  return torchModule;
}

// ---- standard library -------------------------------------------------------------------------

function num(v: Value | undefined): number | undefined {
  if (!v) return undefined;
  if (v.kind === "float") return v.v;
  if (v.kind === "int" && typeof v.v === "number") return v.v;
  if (v.kind === "bool") return v.v ? 1 : 0;
  return undefined;
}

/**
 * A math function. `inexact` ones (log, exp, pow, trig) may differ from CPython's libm in the last
 * bit: their results are approximate floats. Rounding functions of an approximate float next to an
 * integer give unknown.
 */
function mathFn(name: string, f: (...xs: number[]) => number, kind: "int" | "exact" | "inexact" = "exact"): BuiltinFnV {
  return builtinFn(`math.${name}`, (c) => {
    const xs = c.args.map(num);
    if (xs.some((x) => x === undefined)) return unknown();
    if (c.args.some((a) => a.kind === "float" && a.bounds)) return unknown(`math.${name} of a float known only within bounds`);
    const approx = c.args.some((a) => a.kind === "float" && a.approx);
    if (kind === "int" && approx && nearEdge(xs[0]!, Math.round(xs[0]!)))
      return unknown(`math.${name} of an approximate float next to an integer`);
    const r = f(...(xs as number[]));
    return kind === "int" ? int(r) : float(r, approx || kind === "inexact");
  });
}

const inexactLog2 = mathFn("log2", Math.log2, "inexact");

function gcd(a: number, b: number): number {
  a = Math.abs(a);
  b = Math.abs(b);
  while (b) [a, b] = [b, a % b];
  return a;
}

const partialFn = builtinFn("functools.partial", (c) => {
  const [fn, ...args] = c.args;
  if (!fn) return unknown();
  return { kind: "partial", fn, args, kwargs: new Map(c.kwargs) };
});

function reduceFn(c: CallArgs, ctx: EvalContext): Value {
  const [fn, seq, init] = c.args;
  const items = seq ? iterate(ctx, seq) : undefined;
  if (!fn || !items) return unknown();
  let acc = init ?? items[0];
  for (const x of init ? items : items.slice(1))
    acc = ctx.interp.callValue(ctx, fn, { args: [acc, x], kwargs: new Map() }, ctx.currentCall!, ctx.currentFile);
  return acc ?? unknown();
}

function deepcopy(v: Value, memo = new Map<Value, Value>()): Value {
  const seen = memo.get(v);
  if (seen) return seen;
  switch (v.kind) {
    case "list": {
      const out = { ...v, items: [] as Value[] };
      memo.set(v, out);
      out.items = v.items.map((x) => deepcopy(x, memo));
      return out;
    }
    case "tuple":
      return { ...v, items: v.items.map((x) => deepcopy(x, memo)) };
    case "dict": {
      const out = { ...v, entries: new Map<string, [Value, Value]>() };
      memo.set(v, out);
      for (const [k, [kv, vv]] of v.entries) out.entries.set(k, [kv, deepcopy(vv, memo)]);
      return out;
    }
    case "instance": {
      const out: InstanceV = { ...v, attrs: new Map(), id: v.id * 1000 + memo.size + 1 };
      memo.set(v, out);
      for (const [k, x] of v.attrs) out.attrs.set(k, deepcopy(x, memo));
      if (v.modules) {
        out.modules = new Map();
        for (const [k, m] of v.modules) out.modules.set(k, deepcopy(m, memo) as InstanceV);
      }
      if (v.ownParams) out.ownParams = new Map(v.ownParams);
      return out;
    }
    default:
      return v;
  }
}

const dataclassField = builtinFn("dataclasses.field", (c, ctx) => {
  const d = c.kwargs.get("default");
  if (d) return d;
  const f = c.kwargs.get("default_factory");
  if (f) {
    return ctx.interp.callValue(ctx, f, { args: [], kwargs: new Map() }, ctx.currentCall!, ctx.currentFile);
  }
  return unknown();
});

const NamedTupleClass = opaqueClass("NamedTuple");

const stdlib: Record<string, () => PyModuleV> = {
  // Only what changes which lines run; every other attribute of sys is unknown.
  sys: () => pymodule("sys", { exit: builtinFn("sys.exit", systemExit) }),
  math: () =>
    pymodule("math", {
      pi: float(Math.PI),
      e: float(Math.E),
      inf: float(Infinity),
      nan: float(NaN),
      ceil: mathFn("ceil", Math.ceil, "int"),
      floor: mathFn("floor", Math.floor, "int"),
      trunc: mathFn("trunc", Math.trunc, "int"),
      sqrt: mathFn("sqrt", Math.sqrt),
      exp: mathFn("exp", Math.exp, "inexact"),
      log: mathFn("log", (x, b) => (b === undefined ? Math.log(x) : Math.log(x) / Math.log(b)), "inexact"),
      // Exact for a power of two (CPython's libm too); otherwise approximate.
      log2: builtinFn("math.log2", (c, ctx) => {
        const x = num(c.args[0]);
        const exact =
          c.args.length === 1 &&
          c.args[0].kind !== "float" &&
          x !== undefined &&
          x > 0 &&
          Number.isInteger(Math.log2(x)) &&
          2 ** Math.log2(x) === x;
        return exact ? float(Math.log2(x)) : inexactLog2.call(c, ctx);
      }),
      log10: mathFn("log10", Math.log10, "inexact"),
      pow: mathFn("pow", Math.pow, "inexact"),
      gcd: mathFn("gcd", gcd, "int"),
      fabs: mathFn("fabs", Math.abs),
      cos: mathFn("cos", Math.cos, "inexact"),
      sin: mathFn("sin", Math.sin, "inexact"),
      isfinite: builtinFn("math.isfinite", (c) => {
        const x = num(c.args[0]);
        return x === undefined ? unknown() : x === Infinity || x === -Infinity || Number.isNaN(x) ? FALSE : TRUE;
      }),
      prod: builtinFn("math.prod", (c, ctx) => {
        const items = c.args[0] ? iterate(ctx, c.args[0]) : undefined;
        if (!items) return unknown();
        return items.reduce<Value>((a, x) => binaryOp("*", a, x), int(1));
      }),
    }),
  functools: () =>
    pymodule("functools", {
      partial: partialFn,
      reduce: builtinFn("functools.reduce", reduceFn),
      wraps: builtinFn("functools.wraps", () => identity),
      lru_cache: builtinFn("functools.lru_cache", (c) => (c.args[0]?.kind === "function" ? c.args[0] : identity)),
      cache: identity,
    }),
  collections: () =>
    pymodule("collections", {
      OrderedDict: lookupBuiltin("dict")!,
      defaultdict: builtinFn("defaultdict", () => unknown("defaultdict is not modelled")),
      namedtuple: builtinFn("namedtuple", () => unknown("namedtuple is not modelled")),
    }),
  typing: () =>
    pymodule(
      "typing",
      {
        TYPE_CHECKING: FALSE,
        NamedTuple: NamedTupleClass,
        // typing.OrderedDict is callable like collections.OrderedDict.
        OrderedDict: lookupBuiltin("dict")!,
        cast: builtinFn("cast", (c) => c.args[1] ?? NONE),
        overload: identity,
        final: identity,
      },
      (n) => opaqueClass(n),
    ),
  dataclasses: () => pymodule("dataclasses", { dataclass: identity, field: dataclassField }),
  numpy: () => pymodule("numpy", { linspace: builtinFn("numpy.linspace", numpyLinspace), arange: builtinFn("numpy.arange", numpyArange) }),
  warnings: () => pymodule("warnings", { warn: noop, filterwarnings: noop, simplefilter: noop }),
  copy: () =>
    pymodule("copy", {
      deepcopy: builtinFn("deepcopy", (c) => (c.args[0] ? deepcopy(c.args[0]) : unknown())),
      copy: builtinFn("copy", (c) => c.args[0] ?? unknown()),
    }),
  abc: () => pymodule("abc", { ABC: opaqueClass("ABC"), abstractmethod: identity }),
  enum: () => pymodule("enum", { Enum: opaqueClass("Enum") }),
  typing_extensions: () => stdlib.typing(),
  "collections.abc": () => pymodule("collections.abc", {}, (n) => opaqueClass(n)),
};

// numpy arrays only as far as model code uses them to make Python lists: np.linspace(...).tolist().
const NdarrayClass: ClassV = {
  kind: "class",
  name: "ndarray",
  qualname: "numpy.ndarray",
  bases: [],
  attrs: new Map(),
  builtin: { typeName: "ndarray", methods: { tolist: (self) => self.attrs.get("__items__") ?? unknown() } },
};

function numpyLinspace(c: CallArgs, ctx: EvalContext): Value {
  const [start, stop, n] = [c.args[0], c.args[1], c.args[2] ?? c.kwargs.get("num") ?? int(50)];
  const num = (v: Value | undefined) => (v?.kind === "int" && typeof v.v === "number" ? v.v : v?.kind === "float" ? v.v : undefined);
  const a = num(start);
  const b = num(stop);
  const count = n?.kind === "int" && typeof n.v === "number" ? n.v : undefined;
  if (
    a === undefined ||
    b === undefined ||
    count === undefined ||
    count < 0 ||
    count > 100000 ||
    c.args.length > 3 ||
    [...c.kwargs.keys()].some((k) => k !== "num")
  ) {
    return unknown("numpy.linspace arguments are not known");
  }
  const step = count > 1 ? (b - a) / (count - 1) : 0;
  const items: Value[] = [];
  for (let i = 0; i < count; i++) items.push(float(i === count - 1 && count > 1 ? b : i * step + a));
  return { kind: "instance", cls: NdarrayClass, attrs: new Map([["__items__", list(items)]]), id: ctx.nextId++ };
}

/** `np.arange` over integers (`list(np.arange(1, 11))` in notebooks); anything else is unknown. */
function numpyArange(c: CallArgs, ctx: EvalContext): Value {
  const ints = c.args.map((v) => (v.kind === "int" && typeof v.v === "number" ? v.v : undefined));
  if (!ints.length || ints.length > 3 || c.kwargs.size || ints.some((v) => v === undefined))
    return unknown("numpy.arange arguments are not known integers");
  const [start, stop, step] = ints.length === 1 ? [0, ints[0]!, 1] : [ints[0]!, ints[1]!, ints[2] ?? 1];
  const items = rangeValues(start, stop, step);
  if (!items) return unknown("numpy.arange: too many elements or a zero step");
  return { kind: "instance", cls: NdarrayClass, attrs: new Map([["__items__", list(items)]]), id: ctx.nextId++ };
}

/** The engine's own modules by dotted name; undefined when the engine does not provide it. */
export function builtinModule(name: string): PyModuleV | undefined {
  switch (name) {
    case "torch":
      return torch();
    case "torch.nn":
      return nn();
    case "torch.nn.functional":
      return functional();
    case "torch.nn.init":
      return nn().attrs.get("init") as PyModuleV;
    case "torch.jit":
    case "torch.utils":
    case "torch.fx":
    case "torch.cuda":
      return torch().attrs.get(name.slice(6)) as PyModuleV;
    case "torch.utils.checkpoint":
      return (torch().attrs.get("utils") as PyModuleV).attrs.get("checkpoint") as PyModuleV;
    case "torch.nn.modules":
    case "torch.nn.modules.activation":
    case "torch.nn.modules.transformer":
    case "torch.nn.parameter":
    case "torch.nn.utils":
      return nn();
    case "torch.ao":
      return torch().attrs.get("ao") as PyModuleV;
    case "torch.ao.quantization":
    case "torch.quantization":
      return quantization();
    case "torch.ao.nn":
      return (torch().attrs.get("ao") as PyModuleV).attrs.get("nn") as PyModuleV;
    case "torch.ao.nn.quantized":
    case "torch.ao.nn.quantized.modules":
    case "torch.nn.quantized":
    case "torch.nn.quantized.modules":
      return quantizedNn();
  }
  const added = torch2Module(name);
  if (added) return added;
  if (name === "einops" || name.startsWith("einops.")) return einopsModule(name);
  const make = stdlib[name];
  if (make) return make();
  return undefined;
}

let einopsLayers: Map<string, ClassV> | undefined;

/** einops' functions (rules "einops.X") and its torch layers; anything else in einops is unknown. */
function einopsModule(name: string): PyModuleV | undefined {
  einopsLayers ??= new Map([RearrangeLayer, ReduceLayer].map((r) => [r.name, layerClass(r)]));
  const layers = pymodule("einops.layers.torch", {}, (n) => einopsLayers!.get(n));
  if (name === "einops.layers.torch") return layers;
  if (name === "einops.layers") return pymodule("einops.layers", { torch: layers });
  if (name !== "einops") return undefined;
  return pymodule("einops", { layers: pymodule("einops.layers", { torch: layers }) }, (n) => {
    const rule = functionRule(`einops.${n}`);
    return rule ? ruleAsBuiltin(`einops.${n}`, rule) : undefined;
  });
}
