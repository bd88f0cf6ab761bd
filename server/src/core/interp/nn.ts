// torch.nn's module classes as engine builtins: nn.Module (registration, modules(), apply, ...),
// the containers Sequential / ModuleList / ModuleDict, nn.Parameter, and one class per registered
// layer rule (nn.Conv2d, ...), whose construction and forward run the rule. Modules with submodules
// (nn.MultiheadAttention, nn.Transformer*) are Python classes of the engine's prelude (prelude.ts).

import { bind } from "../ops/args";
import { type LayerRule, allLayerNames, layerRule } from "../ops/registry";
import { giveUp } from "../errors";
import { invalidateValues } from "../ops/values/store";
import {
  type BuiltinClassImpl,
  type CallArgs,
  type ClassV,
  type InstanceV,
  NONE,
  type NoneV,
  type Value,
  builtinFn,
  list,
  str,
  tuple,
  unknown,
} from "../values";
import type { EvalContext, Interpreter } from "./context";
import { iterate } from "./iteration";
import { isModule } from "./classes";
import { setAttr } from "./attributes";
import { preludeClass } from "./prelude";
import { moduleCompile } from "./torch2api";
import { containsModuleCycle, raiseModuleCycle } from "../moduleGraph";

function makeClass(name: string, impl: BuiltinClassImpl, bases: ClassV[] = []): ClassV {
  return { kind: "class", name, qualname: `torch.nn.${name}`, bases, attrs: new Map(), builtin: impl };
}

function register(self: InstanceV, name: string, m: Value, ctx: EvalContext): void {
  if (!self.modules) return;
  if (ctx.uncertain > 0) {
    self.attrs.set("__uncertain_modules__", str("yes"));
  }
  if (isModule(m) || m.kind === "none") self.modules.set(name, m as InstanceV | NoneV);
  // A member we could not evaluate must not silently vanish: the container's contents (and so its
  // forward and the parameter total) are no longer known.
  else self.attrs.set("__uncertain_modules__", str("yes"));
}

/** All submodules in named_modules() order (self first, depth-first, each instance once). */
export function namedModules(root: InstanceV): [string, InstanceV][] {
  const out: [string, InstanceV][] = [];
  const seen = new Set<InstanceV>();
  const visit = (m: InstanceV, prefix: string) => {
    if (seen.has(m)) return;
    seen.add(m);
    out.push([prefix, m]);
    for (const [name, child] of m.modules ?? []) {
      if (child.kind === "instance") visit(child, prefix ? `${prefix}.${name}` : name);
    }
  };
  visit(root, "");
  return out;
}

/**
 * train(), eval(), apply(), _apply() (to, float, ...) and state_dict() recurse over the children
 * without a memo: on a module that contains itself they raise as PyTorch does. Returns the module.
 */
function recursiveWalk(self: InstanceV, _c: CallArgs, ctx: EvalContext): InstanceV {
  if (containsModuleCycle(self)) raiseModuleCycle(ctx);
  return self;
}

/**
 * train(mode=True) / eval(): PyTorch sets `training` on the module and every submodule. (A module the
 * engine builds itself starts in eval mode, the convention of its analyses; an explicit call sets the mode.)
 */
function setTraining(self: InstanceV, c: CallArgs, ctx: EvalContext, eval_: boolean): InstanceV {
  recursiveWalk(self, c, ctx);
  const arg = eval_ ? undefined : (c.args[0] ?? c.kwargs.get("mode"));
  const mode: Value = eval_
    ? { kind: "bool", v: false }
    : arg === undefined
      ? { kind: "bool", v: true }
      : arg.kind === "bool"
        ? arg
        : unknown("the training mode is not known");
  for (const [, m] of namedModules(self)) m.attrs.set("training", mode);
  return self;
}

const moduleMethods: NonNullable<BuiltinClassImpl["methods"]> = {
  add_module: (self, c, ctx) => {
    const [n, m] = c.args;
    if (n?.kind === "str" && m) register(self, n.v, m, ctx);
    else if (self.modules) self.attrs.set("__uncertain_modules__", str("yes"));
    return NONE;
  },
  register_module: (self, c, ctx) => moduleMethods.add_module(self, c, ctx),
  // `self.__setattr__(name, m)`, `super().__setattr__(...)`, `nn.Module.__setattr__(self, ...)`.
  __setattr__: (self, c, ctx) => {
    const [n, v] = c.args;
    if (n?.kind === "str" && v) setAttr(ctx, self, n.v, v, ctx.currentCall!, ctx.currentFile);
    else if (self.modules) self.attrs.set("__uncertain_modules__", str("yes"));
    return NONE;
  },
  register_buffer: (self, c) => {
    const [n, t] = c.args;
    if (n?.kind === "str") self.attrs.set(n.v, t ?? NONE);
    return NONE;
  },
  register_parameter: (self, c) => {
    const [n, t] = c.args;
    if (n?.kind === "str" && t) {
      self.attrs.set(n.v, t);
      if (t.kind === "tensor" && t.shape && !t.lead) {
        const count = t.shape.reduce<number | null>((a, d) => (a !== null && typeof d === "number" ? a * d : null), 1);
        self.ownParams?.set(n.v, count);
      } else if (t.kind === "none") self.ownParams?.set(n.v, 0);
      else self.ownParams?.set(n.v, null);
    }
    return NONE;
  },
  modules: (self) => list(namedModules(self).map(([, m]) => m)),
  named_modules: (self) => list(namedModules(self).map(([n, m]) => tuple([str(n), m]))),
  children: (self) => list([...(self.modules?.values() ?? [])].filter((m) => m.kind === "instance")),
  named_children: (self) =>
    list([...(self.modules?.entries() ?? [])].filter(([, m]) => m.kind === "instance").map(([n, m]) => tuple([str(n), m]))),
  parameters: () => unknown("parameters() is not modelled"),
  named_parameters: () => unknown("named_parameters() is not modelled"),
  buffers: () => unknown(),
  state_dict: (self, c, ctx) => {
    recursiveWalk(self, c, ctx);
    return unknown();
  },
  load_state_dict: (self, c, ctx) => {
    recursiveWalk(self, c, ctx);
    return unknown();
  },
  apply: (self, c, ctx) => {
    recursiveWalk(self, c, ctx);
    const fn = c.args[0];
    if (!fn) return self;
    const order = namedModules(self)
      .map(([, m]) => m)
      .reverse();
    for (const m of order) ctx.interp.callValue(ctx, fn, { args: [m], kwargs: new Map() }, ctx.currentCall!, ctx.currentFile);
    return self;
  },
  eval: (self, c, ctx) => setTraining(self, c, ctx, true),
  compile: () => moduleCompile(),
  train: (self, c, ctx) => setTraining(self, c, ctx, false),
  to: recursiveWalk,
  cuda: recursiveWalk,
  cpu: recursiveWalk,
  float: recursiveWalk,
  double: recursiveWalk,
  half: recursiveWalk,
  type: recursiveWalk,
  requires_grad_: (self) => self,
  zero_grad: () => NONE,
  extra_repr: () => str(""),
  get_submodule: (self, c) => {
    const t = c.args[0];
    if (t?.kind !== "str") return unknown();
    let cur: Value = self;
    for (const part of t.v.split(".").filter((p) => p)) {
      cur = cur.kind === "instance" ? (cur.modules?.get(part) ?? unknown()) : unknown();
    }
    return cur;
  },
};

export const ModuleClass = makeClass("Module", { typeName: "Module", isModule: true, init: () => undefined, methods: moduleMethods });

function addAll(self: InstanceV, items: Value[], ctx: EvalContext, start = self.modules?.size ?? 0): void {
  items.forEach((m, i) => register(self, String(start + i), m, ctx));
}

function childList(self: InstanceV): Value[] {
  return [...(self.modules?.values() ?? [])];
}

type Method = NonNullable<BuiltinClassImpl["methods"]>[string];

/** Sequential/ModuleList.append. */
const appendModule: Method = (self, c, ctx) => {
  addAll(self, c.args.slice(0, 1), ctx);
  return self;
};

/** Sequential/ModuleList.extend (and ModuleList's `+=`): an unknown iterable makes the members unknown. */
const extendModules: Method = (self, c, ctx) => {
  const items = c.args[0] ? iterate(ctx, c.args[0]) : undefined;
  if (!items) self.attrs.set("__uncertain_modules__", str("yes"));
  else addAll(self, items, ctx);
  return self;
};

export const SequentialClass = makeClass(
  "Sequential",
  {
    typeName: "Sequential",
    isModule: true,
    init: (self, c, ctx) => {
      if (c.args.length === 1 && c.args[0].kind === "dict") {
        for (const [, [k, m]] of c.args[0].entries) if (k.kind === "str") register(self, k.v, m, ctx);
        if (c.args[0].poisoned) giveUp("Sequential built from an OrderedDict that is not known");
        return;
      }
      addAll(self, c.args, ctx, 0);
    },
    forward: (self, c, ctx) => {
      let x: Value = c.args[0] ?? unknown();
      if (self.attrs.has("__uncertain_modules__")) giveUp("the members of this Sequential are not known");
      const node = ctx.currentCall!;
      const file = ctx.currentFile;
      for (const m of childList(self)) {
        if (m.kind !== "instance") continue;
        x = ctx.interp.callValue(ctx, m, { args: [x], kwargs: new Map() }, node, file);
      }
      return x;
    },
    methods: {
      append: appendModule,
      extend: extendModules,
      insert: (self) => {
        self.attrs.set("__uncertain_modules__", str("yes"));
        return NONE;
      },
    },
  },
  [ModuleClass],
);

export const ModuleListClass = makeClass(
  "ModuleList",
  {
    typeName: "ModuleList",
    isModule: true,
    init: (self, c, ctx) => {
      const src = c.args[0] ?? c.kwargs.get("modules");
      if (!src || src.kind === "none") return;
      const items = iterate(ctx, src);
      if (!items) {
        self.attrs.set("__uncertain_modules__", str("yes"));
        giveUp("ModuleList built from a sequence that is not known");
      }
      addAll(self, items, ctx, 0);
    },
    methods: {
      append: appendModule,
      extend: extendModules,
      // `module_list += [...]` is ModuleList.extend.
      __iadd__: extendModules,
      insert: (self, c, ctx) => {
        const i = c.args[0];
        const entries = childList(self);
        if (i?.kind !== "int" || typeof i.v !== "number" || !c.args[1]) return NONE;
        entries.splice(i.v < 0 ? entries.length + i.v : i.v, 0, c.args[1]);
        self.modules!.clear();
        addAll(self, entries, ctx, 0);
        return NONE;
      },
    },
  },
  [ModuleClass],
);

export const ModuleDictClass = makeClass(
  "ModuleDict",
  {
    typeName: "ModuleDict",
    isModule: true,
    init: (self, c, ctx) => {
      const src = c.args[0] ?? c.kwargs.get("modules");
      if (!src || src.kind === "none") return;
      moduleDictUpdate(self, src, ctx);
    },
    methods: {
      keys: (self) => list([...(self.modules?.keys() ?? [])].map((k) => str(k))),
      values: (self) => list(childList(self)),
      items: (self) => list([...(self.modules?.entries() ?? [])].map(([k, m]) => tuple([str(k), m]))),
      update: (self, c, ctx) => {
        if (c.args[0]) moduleDictUpdate(self, c.args[0], ctx);
        return NONE;
      },
    },
  },
  [ModuleClass],
);

function moduleDictUpdate(self: InstanceV, src: Value, ctx: EvalContext): void {
  if (src.kind === "dict") {
    for (const [, [k, m]] of src.entries) if (k.kind === "str") register(self, k.v, m, ctx);
    return;
  }
  const items = iterate(ctx, src);
  if (!items) giveUp("ModuleDict built from a sequence that is not known");
  for (const it of items) {
    const kv = iterate(ctx, it);
    if (kv && kv.length === 2 && kv[0].kind === "str") register(self, kv[0].v, kv[1], ctx);
  }
}

export const ParameterClass: ClassV = {
  kind: "class",
  name: "Parameter",
  qualname: "torch.nn.Parameter",
  bases: [],
  attrs: new Map(),
  builtin: {
    typeName: "Parameter",
    construct: (c: CallArgs) => {
      const t = c.args[0] ?? c.kwargs.get("data");
      if (!t || t.kind !== "tensor") return { kind: "tensor", shape: null, isParam: true };
      return { ...t, isParam: true };
    },
  },
};

const BROKEN = Symbol("broken layer");

export function layerClass(rule: LayerRule): ClassV {
  return makeClass(
    rule.name,
    {
      typeName: rule.name,
      isModule: true,
      // RNN layers' flatten_parameters() only re-lays their weights in memory.
      methods: ["RNN", "LSTM", "GRU"].includes(rule.name) ? { flatten_parameters: () => NONE } : undefined,
      init: (self, c) => {
        self.layer = { params: null, config: BROKEN };
        const built = rule.construct(bind(rule.name, rule.signature, c));
        self.layer = { params: built.params, config: built.config };
        for (const [k, v] of Object.entries(built.attrs)) self.attrs.set(k, v);
      },
      forward: (self, c) => {
        if (!self.layer || self.layer.config === BROKEN) giveUp(`${rule.name} could not be constructed`);
        return rule.forward(self.layer.config, c);
      },
    },
    [ModuleClass],
  );
}

const layerClasses = new Map<string, ClassV>();

export function nnClass(name: string, interp: Interpreter): ClassV | undefined {
  switch (name) {
    case "Module":
      return ModuleClass;
    case "Sequential":
      return SequentialClass;
    case "ModuleList":
      return ModuleListClass;
    case "ModuleDict":
      return ModuleDictClass;
    case "Parameter":
      return ParameterClass;
  }
  const prelude = preludeClass(name, interp);
  if (prelude) return prelude;
  // Looked up every time: whether the rule exists depends on the followed PyTorch version.
  const rule = layerRule(name);
  if (!rule) return undefined;
  let cls = layerClasses.get(name);
  if (!cls) {
    cls = layerClass(rule);
    layerClasses.set(name, cls);
  }
  return cls;
}

export function allNnNames(): string[] {
  return ["Module", "Sequential", "ModuleList", "ModuleDict", "Parameter", ...allLayerNames()];
}

// nn.init functions fill their tensor in place: its element values are no longer known.
export const initModule = builtinFn("nn.init", (c) => {
  if (c.args[0]) invalidateValues(c.args[0]);
  return c.args[0] ?? NONE;
});
