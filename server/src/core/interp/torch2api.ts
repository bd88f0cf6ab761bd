// The version-dependent parts of the API that are not shape rules: torch.__version__, torch.compile
// (and @torch.compile, Module.compile()), torch.autocast, nn.Buffer, torch.nn.attention (sdpa_kernel,
// SDPBackend, flex_attention), torch.backends.cuda.sdp_kernel and torch.nn.utils.parametrizations. Each 2.x addition
// exists only when the followed version has it; under 1.13 `hasattr` on them is known to be False.

import { functionRule, missingInVersion } from "../ops/registry";
import { ruleAsBuiltin } from "./ruleBuiltin";
import { FOLLOWED_RELEASE, isTorch2, torchVersion } from "../torchVersion";
import { type CallArgs, type InstanceV, NONE, type PyModuleV, type Value, builtinFn, str, unknown } from "../values";

function pymodule(name: string, attrs: Record<string, Value>): PyModuleV {
  return { kind: "pymodule", name, attrs: new Map(Object.entries(attrs)) };
}

/** torch.compile(model) is the model for shapes; torch.compile(**options) is a decorator. */
const compileFn = builtinFn("torch.compile", (c: CallArgs) => {
  const target = c.args[0] ?? c.kwargs.get("model");
  if (target) return target;
  return builtinFn("torch.compile.decorator", (d) => d.args[0] ?? unknown());
});

/** nn.Buffer(data) is its tensor once assigned to a module; it is no parameter. */
const bufferFn = builtinFn("nn.Buffer", (c: CallArgs) => c.args[0] ?? c.kwargs.get("data") ?? unknown());

const contextManager = builtinFn("context", () => ({ kind: "opaque", name: "context" }));

const SDP_BACKENDS = ["ERROR", "MATH", "FLASH_ATTENTION", "EFFICIENT_ATTENTION", "CUDNN_ATTENTION", "OVERRIDEABLE"];

let attentionModule: PyModuleV | undefined;

/** torch.nn.attention.flex_attention: the attention rule; block masks are opaque values. */
function flexAttention(): PyModuleV {
  const attrs: Record<string, Value> = {
    create_block_mask: builtinFn("create_block_mask", () => ({ kind: "opaque", name: "BlockMask" })),
  };
  const rule = functionRule("flex_attention.flex_attention");
  if (rule) attrs.flex_attention = ruleAsBuiltin("flex_attention.flex_attention", rule);
  return pymodule("torch.nn.attention.flex_attention", attrs);
}

function attention(): PyModuleV {
  attentionModule ??= pymodule("torch.nn.attention", {
    flex_attention: flexAttention(),
    sdpa_kernel: contextManager,
    SDPBackend: pymodule(
      "torch.nn.attention.SDPBackend",
      Object.fromEntries(SDP_BACKENDS.map((b) => [b, { kind: "opaque", name: `SDPBackend.${b}` }])),
    ),
  });
  return attentionModule;
}

/**
 * weight_norm / spectral_norm register the module's weight as a parametrization: shapes stay, but the
 * module's own parameters and submodules change in ways the engine does not model, so they become unknown.
 */
function parametrize(name: string): Value {
  return builtinFn(name, (c: CallArgs) => {
    const m = c.args[0] ?? c.kwargs.get("module");
    if (!m || m.kind !== "instance") return unknown(`${name} of a value that is not a known module`);
    markParametrized(m);
    return m;
  });
}

function markParametrized(m: InstanceV): void {
  if (m.layer) m.layer = { ...m.layer, params: null };
  m.attrs.set("__uncertain_modules__", str("yes"));
}

function parametrizations(): PyModuleV {
  const attrs: Record<string, Value> = {
    spectral_norm: parametrize("spectral_norm"),
    orthogonal: parametrize("orthogonal"),
  };
  if (isTorch2()) attrs.weight_norm = parametrize("weight_norm");
  return pymodule("torch.nn.utils.parametrizations", attrs);
}

/** Context managers that double as decorators (torch.autocast(...) around a function). */
const contextOrDecorator = builtinFn("context", (c: CallArgs) => {
  const first = c.args[0];
  if (first && (first.kind === "function" || first.kind === "bound")) return first;
  return { kind: "opaque", name: "context" };
});

/** torch.backends.cuda: sdp_kernel (2.x) is a context manager; what is built is unknown. */
function cudaBackends(): PyModuleV {
  const attrs: Record<string, Value> = { is_built: builtinFn("is_built", () => unknown()) };
  if (isTorch2()) attrs.sdp_kernel = contextManager;
  return pymodule("torch.backends.cuda", attrs);
}

/** torch.backends: the CUDA, cuDNN and MPS namespaces; their availability is unknown. */
function backends(): PyModuleV {
  const available = { is_available: builtinFn("is_available", () => unknown()) };
  return pymodule("torch.backends", {
    cuda: cudaBackends(),
    cudnn: pymodule("torch.backends.cudnn", available),
    mps: pymodule("torch.backends.mps", available),
  });
}

/** torch.<name> for the version-dependent attributes that are not shape rules. */
export function torch2Attr(name: string): Value | undefined {
  if (name === "__version__") return str(FOLLOWED_RELEASE[torchVersion()]);
  if (name === "autocast") return contextOrDecorator;
  if (name === "backends") return backends();
  if (!isTorch2()) return undefined;
  return name === "compile" ? compileFn : undefined;
}

/** torch.nn.<name> (and torch.nn.utils.<name>) for 2.x additions and parametrizations. */
export function nn2Attr(name: string): Value | undefined {
  if (name === "parametrizations") return parametrizations();
  if (!isTorch2()) return undefined;
  if (name === "Buffer") return bufferFn;
  if (name === "attention") return attention();
  return undefined;
}

/** The engine's modules added here, by dotted name. */
export function torch2Module(name: string): PyModuleV | undefined {
  if (name === "torch.backends") return backends();
  if (name === "torch.backends.cuda") return cudaBackends();
  if (name === "torch.nn.utils.parametrizations") return parametrizations();
  if (name === "torch.nn.attention" && isTorch2()) return attention();
  if (name === "torch.nn.attention.flex_attention" && isTorch2()) return flexAttention();
  return undefined;
}

/** Module.compile(): compiles in place and returns None (PyTorch 2 only). */
export function moduleCompile(): Value {
  return isTorch2() ? NONE : unknown("Module.compile does not exist in PyTorch 1.13");
}

const TORCH2_ONLY: Record<string, string[]> = {
  torch: ["compile"],
  "torch.nn": ["Buffer", "attention"],
};

/** Whether `module.attr` is known not to exist under the followed version (for hasattr/getattr). */
export function knownAbsent(module: PyModuleV, attr: string): boolean {
  if (isTorch2()) return false;
  if (TORCH2_ONLY[module.name]?.includes(attr)) return true;
  if (module.name === "torch.nn.functional") return missingInVersion(`F.${attr}`);
  if (module.name === "torch.nn") return missingInVersion(attr);
  if (module.name === "torch") return missingInVersion(`torch.${attr}`);
  return false;
}
