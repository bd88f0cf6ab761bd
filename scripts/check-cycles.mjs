// Reports every import cycle among the server's TypeScript files and exits 1 if there is any.
// Type-only edges (`import type`, `export type`, imports whose every name is `type`) are ignored: they
// vanish at compile time. Inline `require("./x")` calls count as edges, since they only hide one.
// It also checks one layering rule: the interpreter's runtime library (every file of core/interp that
// is not in KERNEL) reaches the evaluator kernel only through the context's `interp`, never by import.
// Usage: node scripts/check-cycles.mjs [root ...]   (default root: server/src; roots are folders)
import fs from "node:fs";
import path from "node:path";
import ts from "typescript";

const roots = process.argv.slice(2).filter((a) => !a.startsWith("-"));
if (roots.length === 0) roots.push("server/src");

function listTs(dir) {
  const out = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...listTs(p));
    else if (entry.name.endsWith(".ts") && !entry.name.endsWith(".d.ts")) out.push(p);
  }
  return out;
}

/** Whether an import or export declaration is erased at compile time. */
function typeOnly(node) {
  if (ts.isImportDeclaration(node)) {
    const clause = node.importClause;
    if (!clause) return false; // `import "./x"` runs the module
    if (clause.isTypeOnly) return true;
    if (clause.name) return false;
    const bindings = clause.namedBindings;
    if (!bindings || !ts.isNamedImports(bindings)) return false;
    return bindings.elements.length > 0 && bindings.elements.every((e) => e.isTypeOnly);
  }
  if (ts.isExportDeclaration(node)) {
    if (node.isTypeOnly) return true;
    const clause = node.exportClause;
    return !!clause && ts.isNamedExports(clause) && clause.elements.length > 0 && clause.elements.every((e) => e.isTypeOnly);
  }
  return false;
}

/** The relative module specifiers a file depends on at run time. */
function runtimeSpecifiers(file) {
  const source = ts.createSourceFile(file, fs.readFileSync(file, "utf8"), ts.ScriptTarget.Latest, true);
  const specs = [];
  const visit = (node) => {
    if (
      (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) &&
      node.moduleSpecifier &&
      ts.isStringLiteral(node.moduleSpecifier)
    ) {
      if (!typeOnly(node)) specs.push(node.moduleSpecifier.text);
    } else if (ts.isImportEqualsDeclaration(node) && !node.isTypeOnly && ts.isExternalModuleReference(node.moduleReference)) {
      const expr = node.moduleReference.expression;
      if (ts.isStringLiteral(expr)) specs.push(expr.text);
    } else if (ts.isCallExpression(node) && node.arguments.length === 1 && ts.isStringLiteral(node.arguments[0])) {
      const callee = node.expression;
      if ((ts.isIdentifier(callee) && callee.text === "require") || callee.kind === ts.SyntaxKind.ImportKeyword)
        specs.push(node.arguments[0].text);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return specs.filter((s) => s.startsWith("."));
}

function resolve(from, spec) {
  const base = path.resolve(path.dirname(from), spec);
  for (const candidate of [base, `${base}.ts`, path.join(base, "index.ts")]) {
    if (candidate.endsWith(".ts") && fs.existsSync(candidate)) return candidate;
  }
  return undefined;
}

const files = [...new Set(roots.flatMap((r) => listTs(path.resolve(r))))].sort();
const inScope = new Set(files);
const graph = new Map();
for (const f of files) {
  const deps = new Set();
  for (const spec of runtimeSpecifiers(f)) {
    const target = resolve(f, spec);
    if (target && inScope.has(target)) deps.add(target);
  }
  graph.set(f, [...deps].sort());
}

// Tarjan's strongly connected components: every component of more than one file (or a file importing
// itself) is a knot of cycles.
let index = 0;
const indices = new Map();
const low = new Map();
const stack = [];
const onStack = new Set();
const components = [];
function strongConnect(v) {
  indices.set(v, index);
  low.set(v, index);
  index++;
  stack.push(v);
  onStack.add(v);
  for (const w of graph.get(v)) {
    if (!indices.has(w)) {
      strongConnect(w);
      low.set(v, Math.min(low.get(v), low.get(w)));
    } else if (onStack.has(w)) low.set(v, Math.min(low.get(v), indices.get(w)));
  }
  if (low.get(v) === indices.get(v)) {
    const comp = [];
    let w;
    do {
      w = stack.pop();
      onStack.delete(w);
      comp.push(w);
    } while (w !== v);
    if (comp.length > 1 || graph.get(v).includes(v)) components.push(comp.sort());
  }
}
for (const f of files) if (!indices.has(f)) strongConnect(f);

/** The shortest cycle through `start` inside its component (breadth-first). */
function shortestCycle(start, comp) {
  const members = new Set(comp);
  const prev = new Map([[start, undefined]]);
  const queue = [start];
  while (queue.length) {
    const v = queue.shift();
    for (const w of graph.get(v)) {
      if (!members.has(w)) continue;
      if (w === start) {
        const cycle = [v];
        for (let p = prev.get(v); p !== undefined; p = prev.get(p)) cycle.unshift(p);
        return [...cycle, start];
      }
      if (!prev.has(w)) {
        prev.set(w, v);
        queue.push(w);
      }
    }
  }
  return [start];
}

const rel = (f) => path.relative(process.cwd(), f).split(path.sep).join("/");

const INTERP = path.resolve("server/src/core/interp");
const KERNEL = new Set(
  ["assign.ts", "calls.ts", "expressions.ts", "imports.ts", "kernel.ts", "statements.ts"].map((f) => path.join(INTERP, f)),
);
const layerViolations = files
  .filter((f) => path.dirname(f) === INTERP && !KERNEL.has(f))
  .flatMap((f) =>
    graph
      .get(f)
      .filter((g) => KERNEL.has(g))
      .map((g) => `${rel(f)} -> ${rel(g)}`),
  );
for (const v of layerViolations) console.log(`check-cycles: the runtime library imports the kernel (use ctx.interp): ${v}`);

if (components.length === 0) {
  console.log(`check-cycles: no import cycles among ${files.length} files (${roots.join(", ")}).`);
  process.exit(layerViolations.length ? 1 : 0);
}
console.log(`check-cycles: ${components.length} import cycle group(s) among ${files.length} files (${roots.join(", ")}):`);
for (const comp of components) {
  const members = new Set(comp);
  const edges = comp.flatMap((f) =>
    graph
      .get(f)
      .filter((g) => members.has(g))
      .map((g) => `${rel(f)} -> ${rel(g)}`),
  );
  console.log(`\n  ${comp.length} files, ${edges.length} edges inside: ${comp.map(rel).join(", ")}`);
  const seen = new Set();
  for (const f of comp) {
    const cycle = shortestCycle(f, comp);
    const key = [...cycle.slice(0, -1)].sort().join("|");
    if (seen.has(key)) continue;
    seen.add(key);
    console.log(`    cycle: ${cycle.map(rel).join(" -> ")}`);
  }
}
process.exit(1);
