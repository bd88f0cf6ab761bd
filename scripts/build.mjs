// Bundles the CLI, the language server and the VS Code client with esbuild into dist/.
// tree-sitter's native addons stay external: they are loaded from node_modules at run time.
// Flags: --watch (rebuild on change), --only=server,client (a subset of the entries, by name).
import { context, build } from "esbuild";
import { chmodSync, copyFileSync, existsSync, mkdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";

const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8"));
const watch = process.argv.includes("--watch");
const onlyArg = process.argv.find((a) => a.startsWith("--only="));
const only = onlyArg ? onlyArg.slice("--only=".length).split(",") : undefined;

/**
 * The syntax tree of the engine's Python prelude, serialized (server/src/core/syntax.ts): the bundles
 * deserialize it instead of parsing the prelude when it is first needed (server/src/core/interp/prelude.ts,
 * which parses after all when the prelude source no longer matches, as after a watch rebuild).
 */
async function preludeTree() {
  const result = await build({
    stdin: {
      contents: [
        'import { parsePython } from "./server/src/core/parse";',
        'import { serializeTree } from "./server/src/core/syntax";',
        'import { PRELUDE_SOURCE } from "./server/src/core/interp/preludeSource";',
        "export const tree = JSON.stringify(serializeTree(parsePython(PRELUDE_SOURCE)));",
      ].join("\n"),
      resolveDir: process.cwd(),
      loader: "ts",
    },
    bundle: true,
    platform: "node",
    format: "cjs",
    write: false,
    external: ["tree-sitter", "tree-sitter-python"],
    logLevel: "warning",
  });
  const module = { exports: {} };
  const load = new Function("module", "exports", "require", result.outputFiles[0].text);
  load(module, module.exports, createRequire(new URL("../package.json", import.meta.url)));
  return module.exports.tree;
}

const common = {
  bundle: true,
  platform: "node",
  target: "node20",
  format: "cjs",
  sourcemap: true,
  external: ["tree-sitter", "tree-sitter-python", "vscode"],
  define: { SHAPELENS_VERSION: JSON.stringify(pkg.version), SHAPELENS_PRELUDE_TREE: JSON.stringify(await preludeTree()) },
  logLevel: "warning",
};

const entries = [
  { name: "cli", in: "server/src/cli.ts", out: "dist/cli.js", bin: true },
  { name: "server", in: "server/src/server.ts", out: "dist/server.js", bin: true, optional: true },
  { name: "client", in: "client/src/extension.ts", out: "dist/extension.js", optional: true },
];

// The bins must stay executable after every (re)build, including watch rebuilds.
const chmodPlugin = (file) => ({
  name: "chmod",
  setup(b) {
    b.onEnd((result) => {
      if (result.errors.length === 0 && existsSync(file)) chmodSync(file, 0o755);
    });
  },
});

for (const e of entries) {
  if (only && !only.includes(e.name)) continue;
  if (!existsSync(e.in)) {
    if (e.optional) continue;
    throw new Error(`build: missing entry ${e.in}`);
  }
  const options = {
    ...common,
    entryPoints: [e.in],
    outfile: e.out,
    banner: e.bin ? { js: "#!/usr/bin/env node" } : undefined,
    plugins: e.bin ? [chmodPlugin(e.out)] : [],
  };
  if (watch) {
    const ctx = await context({ ...options, logLevel: "info" });
    await ctx.watch();
  } else {
    await build(options);
  }
}

// tree-sitter compiled on this machine (npm compiles it when the upstream prebuild does not load, e.g. an
// older libstdc++): shipped next to the server as a fallback for such systems (see server/src/native.ts).
const localBuild = "node_modules/tree-sitter/build/Release/tree_sitter_runtime_binding.node";
if (existsSync(localBuild)) {
  const dir = `dist/native/tree-sitter-${process.platform}-${process.arch}/build/Release`;
  mkdirSync(dir, { recursive: true });
  copyFileSync(localBuild, `${dir}/tree_sitter_runtime_binding.node`);
}
