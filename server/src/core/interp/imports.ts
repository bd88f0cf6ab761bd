// Import statements: the engine's own modules (torch, math, ...) and Python files of the same
// workspace, resolved on disk relative to the importing file and evaluated once (definitions only).
// Anything unresolvable binds unknown values, so the rest of the file still analyses.

import * as path from "path";
import type { SyntaxNode } from "../parse";
import { parseImported } from "../parseCache";
import { type PyModuleV, Scope, type Value, unknown } from "../values";
import type { EvalContext } from "./context";
import { builtinModule } from "./torchns";
import { PyRaiseSignal } from "./signals";
import { BudgetExceeded } from "./context";
import { isResourceError } from "../limits";
import { containingRoot, isInside } from "../fileAccess";

/** Evaluates a file's top level in definition mode and returns it as a module. */
export function loadFileModule(ctx: EvalContext, file: string, name: string): PyModuleV | undefined {
  const cached = ctx.loadedModules.get(file);
  if (cached) return cached;
  const text = ctx.options.readFile(file);
  if (text === undefined) return undefined;
  const scope = new Scope(undefined, "module", file);
  const mod: PyModuleV = { kind: "pymodule", name, attrs: scope.vars };
  ctx.loadedModules.set(file, mod);
  scope.vars.set("__name__", { kind: "str", v: name });
  const tree = parseImported(file, text);
  const savedRun = ctx.runForward;
  const savedSuppress = ctx.suppressRaiseDiagnostics;
  const savedRecorder = ctx.recorder;
  ctx.runForward = false;
  ctx.suppressRaiseDiagnostics = true;
  ctx.recorder = undefined;
  try {
    runTopLevel(ctx, scope, tree.rootNode);
  } finally {
    ctx.runForward = savedRun;
    ctx.suppressRaiseDiagnostics = savedSuppress;
    ctx.recorder = savedRecorder;
  }
  return mod;
}

/**
 * Runs module-level statements one by one; a failing statement does not stop the others, so that
 * definitions after it still load. A script run (`asScript`) stops at a Python exception, as Python
 * does: the lines after it never run and get no shapes.
 */
export function runTopLevel(ctx: EvalContext, scope: Scope, root: SyntaxNode, asScript = false): void {
  for (const stmt of root.namedChildren) {
    // A script's statement after one that raised runs afresh (as if each were in its own try/except).
    if (ctx.recorder) ctx.recorder.halted = false;
    try {
      execBlockOne(ctx, scope, stmt);
    } catch (e) {
      if (e instanceof PyRaiseSignal && !asScript) continue;
      if (e instanceof PyRaiseSignal) throw e;
      if (e instanceof BudgetExceeded) throw e;
      if (isResourceError(e)) {
        ctx.gap(scope.file, stmt, "this statement is nested too deeply or builds a value too large to analyse");
        continue;
      }
      if (
        e &&
        typeof e === "object" &&
        e.constructor &&
        ["ReturnSignal", "BreakSignal", "ContinueSignal", "UncertainControl"].includes(e.constructor.name)
      )
        continue;
      throw e;
    }
  }
}

/**
 * Imports made only in the file's `if __name__ == "__main__":` block are there when it runs as a
 * script, so functions called from it (forward) see them: they are bound at module level too, where
 * the name is not bound already.
 */
export function hoistMainImports(ctx: EvalContext, scope: Scope, root: SyntaxNode): void {
  for (const stmt of root.namedChildren) {
    if (stmt.type !== "if_statement" || !isMainGuard(stmt.childForFieldName("condition"))) continue;
    const block = stmt.childForFieldName("consequence");
    for (const s of block?.namedChildren ?? []) {
      if (s.type !== "import_statement" && s.type !== "import_from_statement") continue;
      const temp = new Scope(scope, "function", scope.file);
      try {
        execBlockOne(ctx, temp, s);
      } catch (e) {
        if (e instanceof BudgetExceeded) throw e;
        continue;
      }
      for (const [name, v] of temp.vars) if (!scope.vars.has(name)) scope.vars.set(name, v);
    }
  }
}

function isMainGuard(cond: SyntaxNode | null): boolean {
  const text = cond?.text.replace(/\s+/g, "").replace(/'/g, '"');
  return text === '__name__=="__main__"' || text === '"__main__"==__name__';
}

function execBlockOne(ctx: EvalContext, scope: Scope, stmt: SyntaxNode): void {
  // execBlock takes a block; wrap a single statement by running it through the same dispatcher.
  ctx.interp.execStmt(ctx, scope, stmt);
}

function candidates(base: string, dotted: string): string[] {
  const rel = dotted.split(".").filter((p) => p);
  const p = path.join(base, ...rel);
  return [`${p}.py`, path.join(p, "__init__.py")];
}

/**
 * Finds a module's file: relative imports inside the importing file's package, absolute ones in its
 * folder and the parents up to its workspace root, then the host's search paths. Nothing outside
 * the roots is ever asked for, so no import can read above the workspace or probe system folders.
 */
function resolveFile(ctx: EvalContext, fromFile: string, dotted: string, level: number): string | undefined {
  const search = ctx.options.search;
  if (!fromFile || !search || !path.isAbsolute(fromFile)) return undefined;
  const root = containingRoot(search, fromFile);
  const exists = (f: string) => ctx.options.fileExists(f);
  let dir = path.dirname(fromFile);
  if (level > 0) {
    if (!root) return undefined;
    for (let i = 1; i < level; i++) dir = path.dirname(dir);
    if (!isInside(root, dir)) return undefined;
    if (!dotted) {
      const init = path.join(dir, "__init__.py");
      return exists(init) ? init : undefined;
    }
    return candidates(dir, dotted).find(exists);
  }
  // torch itself is the engine's to model; heavy libraries and the standard library are never
  // read from disk. Inside an installed package only the model libraries we read on purpose resolve.
  const top = dotted.split(".")[0];
  if (NEVER_READ.has(top) || STANDARD_LIBRARY.has(top)) return undefined;
  const inLibrary = search.libraryPaths.some((d) => isInside(d, fromFile)) || /[\\/](dist|site)-packages[\\/]/.test(fromFile);
  if (inLibrary && !LIBRARY_PACKAGES.has(top)) return undefined;
  // Absolute import of a workspace module: the file's folder and up to 6 parents, never above its root.
  for (let i = 0; root && i < 7 && isInside(root, dir); i++) {
    const found = candidates(dir, dotted).find(exists);
    if (found) return found;
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  // Installed pure-Python model libraries (e.g. Debian's python3-torchvision), read like workspace code.
  const bases = [...search.searchPaths, ...(LIBRARY_PACKAGES.has(top) ? search.libraryPaths : [])];
  for (const base of bases) {
    const found = candidates(base, dotted).find(exists);
    if (found) return found;
  }
  return undefined;
}

/** Packages never read from disk: torch is modelled by the engine; the others are large and shape-irrelevant. */
const NEVER_READ = new Set(["torch", "numpy", "PIL", "scipy", "pandas", "matplotlib", "sklearn", "cv2", "tensorflow", "jax", "tqdm"]);

/** Standard-library modules the engine does not model: unknown, and never looked for on disk. */
const STANDARD_LIBRARY = new Set(
  (
    "abc argparse ast asyncio base64 bisect builtins collections contextlib copy csv ctypes dataclasses datetime " +
    "decimal enum fnmatch fractions functools gc glob gzip hashlib heapq importlib inspect io itertools json " +
    "logging multiprocessing numbers operator os pathlib pickle platform pprint queue random re shutil signal " +
    "socket sqlite3 statistics string struct subprocess sys tempfile threading time timeit traceback types " +
    "typing unittest urllib uuid warnings weakref zipfile"
  ).split(" "),
);

/** Libraries whose model code is worth reading from the system's Python when present. */
const LIBRARY_PACKAGES = new Set(["torchvision"]);

function importModule(ctx: EvalContext, fromFile: string, dotted: string, level: number): PyModuleV | undefined {
  if (level === 0) {
    const b = builtinModule(dotted);
    if (b) return b;
  }
  const file = resolveFile(ctx, fromFile, dotted, level);
  if (!file) return undefined;
  return loadFileModule(ctx, file, dotted || path.basename(path.dirname(file)));
}

/**
 * `import pkg` of a workspace package binds a module that loads its file on first attribute access,
 * and falls back to the submodule `pkg.name`: a package's __init__ (torchvision's imports every model)
 * is only evaluated when something is read from it.
 */
function lazyModule(ctx: EvalContext, fromFile: string, dotted: string): PyModuleV | undefined {
  const builtin = builtinModule(dotted);
  if (builtin) return builtin;
  const file = resolveFile(ctx, fromFile, dotted, 0);
  if (!file) return undefined;
  let loaded: PyModuleV | undefined;
  return {
    kind: "pymodule",
    name: dotted,
    attrs: new Map(),
    lookup: (name) => {
      loaded ??= loadFileModule(ctx, file, dotted);
      const v = loaded?.attrs.get(name) ?? loaded?.lookup?.(name, ctx);
      if (v !== undefined) return v;
      return resolveFile(ctx, file, `${dotted}.${name}`, 0) ? lazyModule(ctx, file, `${dotted}.${name}`) : undefined;
    },
  };
}

export function execImport(ctx: EvalContext, scope: Scope, node: SyntaxNode): void {
  for (const item of node.namedChildren) {
    if (item.type === "aliased_import") {
      const dotted = item.childForFieldName("name")!.text;
      const alias = item.childForFieldName("alias")!.text;
      scope.vars.set(alias, lazyModule(ctx, scope.file, dotted) ?? unknown(`module ${dotted} is not available`));
    } else if (item.type === "dotted_name") {
      const dotted = item.text;
      const top = dotted.split(".")[0];
      // `import a.b` binds `a`; a.b resolves through the lazy module's submodule fallback.
      const mod = lazyModule(ctx, scope.file, top);
      scope.vars.set(top, mod ?? unknown(`module ${top} is not available`));
    }
  }
}

export function execImportFrom(ctx: EvalContext, scope: Scope, node: SyntaxNode): void {
  const moduleNode = node.childForFieldName("module_name")!;
  let level = 0;
  let dotted = moduleNode.text;
  if (moduleNode.type === "relative_import") {
    const prefix = moduleNode.namedChildren.find((c) => c.type === "import_prefix");
    level = prefix ? prefix.text.length : 0;
    dotted = moduleNode.namedChildren.find((c) => c.type === "dotted_name")?.text ?? "";
  }
  const mod = importModule(ctx, scope.file, dotted, level);
  if (node.namedChildren.some((c) => c.type === "wildcard_import")) {
    if (mod) for (const [k, v] of mod.attrs) if (!k.startsWith("_")) scope.vars.set(k, v);
    return;
  }
  for (const item of node.childrenForFieldName("name")) {
    let name: string;
    let alias: string;
    if (item.type === "aliased_import") {
      name = item.childForFieldName("name")!.text;
      alias = item.childForFieldName("alias")!.text;
    } else {
      name = item.text;
      alias = name;
    }
    let v: Value | undefined = mod ? (mod.attrs.get(name) ?? mod.lookup?.(name, ctx)) : undefined;
    if (v === undefined) {
      // `from pkg import submodule`
      const sub = importModule(ctx, scope.file, dotted ? `${dotted}.${name}` : name, level);
      v = sub;
    }
    scope.vars.set(alias, v ?? unknown(`${dotted}.${name} is not available`));
  }
}
