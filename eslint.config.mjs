// ESLint flat config: typescript-eslint's recommended rules for all TypeScript, and no console in
// the server/CLI code (everything goes through the logger or an explicit stdout/stderr write), and no
// require() in the core.
import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["node_modules/**", "dist/**", "out/**", ".cache/**", ".e2e-cache/**", "**/*.js", "**/*.mjs", "**/*.py"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/no-require-imports": "off",
      "@typescript-eslint/no-non-null-assertion": "off",
    },
  },
  {
    files: ["server/src/**/*.ts"],
    rules: { "no-console": "error" },
  },
  {
    // The engine's import graph must stay visible (and acyclic: npm run check:cycles): no inline require.
    files: ["server/src/core/**/*.ts"],
    rules: { "@typescript-eslint/no-require-imports": "error" },
  },
  {
    // In the interpreter, type-only edges are marked (`import type`, `import { type X }`): they are no
    // run-time dependency, and scripts/check-cycles.mjs ignores them.
    files: ["server/src/core/interp/**/*.ts"],
    rules: { "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }] },
  },
);
