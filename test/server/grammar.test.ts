// The TextMate injection grammar for shape declarations, tokenized with VS Code's own vscode-textmate and
// MagicPython grammar (taken from the code-server copy the editor tests download; skipped without it).

import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { ROOT } from "./lspClient";

const VSCODE = path.join(ROOT, ".e2e-cache", "code-server", "node_modules", "code-server", "lib", "vscode");
const GRAMMAR = path.join(ROOT, "syntaxes", "shape-declarations.tmLanguage.json");
const PYTHON = path.join(VSCODE, "extensions", "python", "syntaxes", "MagicPython.tmLanguage.json");

interface Token {
  startIndex: number;
  endIndex: number;
  scopes: string[];
}
interface Grammar {
  tokenizeLine(line: string, stack: unknown): { tokens: Token[]; ruleStack: unknown };
}

async function loadPython(): Promise<{ grammar: Grammar; initial: unknown }> {
  const tm = require(path.join(VSCODE, "node_modules", "vscode-textmate"));
  const onig = require(path.join(VSCODE, "node_modules", "vscode-oniguruma"));
  const wasm = readFileSync(path.join(VSCODE, "node_modules", "vscode-oniguruma", "release", "onig.wasm"));
  await onig.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  const files: Record<string, string> = { "source.python": PYTHON, "shape-declarations.injection": GRAMMAR };
  const registry = new tm.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (p: string[]) => new onig.OnigScanner(p),
      createOnigString: (s: string) => new onig.OnigString(s),
    }),
    loadGrammar: async (scope: string) => (files[scope] ? tm.parseRawGrammar(readFileSync(files[scope], "utf8"), files[scope]) : null),
    getInjections: (scope: string) => (scope === "source.python" ? ["shape-declarations.injection"] : []),
  });
  return { grammar: await registry.loadGrammar("source.python"), initial: tm.INITIAL };
}

/** [text, last scope] for the tokens of a line that carry one of the grammar's scopes. */
function shapeTokens(grammar: Grammar, initial: unknown, line: string): [string, string][] {
  return grammar
    .tokenizeLine(line, initial)
    .tokens.filter((t) => t.scopes.some((s) => s.endsWith(".shape-lens")) && line.slice(t.startIndex, t.endIndex).trim() !== "")
    .map((t) => [line.slice(t.startIndex, t.endIndex), t.scopes[t.scopes.length - 1].replace(/\.shape-declaration\.shape-lens$/, "")]);
}

describe("shape declaration grammar (TextMate injection)", function () {
  let python: { grammar: Grammar; initial: unknown };
  before(async function () {
    if (!existsSync(PYTHON)) this.skip();
    python = await loadPython();
  });

  it("declares itself as an injection into Python in package.json", () => {
    const pkg = JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8"));
    assert.deepEqual(pkg.contributes.grammars, [
      { scopeName: "shape-declarations.injection", path: "./syntaxes/shape-declarations.tmLanguage.json", injectTo: ["source.python"] },
    ]);
  });

  it("highlights the comment directive, on its own line or after def forward", () => {
    assert.deepEqual(shapeTokens(python.grammar, python.initial, "    # shape: x = (N, 3, H//2)"), [
      ["#", "punctuation.definition.comment.python"],
      ["shape", "keyword.other"],
      [":", "punctuation.separator"],
      ["x", "variable.parameter"],
      ["=", "keyword.operator.assignment"],
      ["(", "punctuation.separator"],
      ["N", "variable.other.constant.dimension"],
      [",", "punctuation.separator"],
      ["3", "constant.numeric.integer"],
      [",", "punctuation.separator"],
      ["H", "variable.other.constant.dimension"],
      ["//", "keyword.operator.arithmetic"],
      ["2", "constant.numeric.integer"],
      [")", "punctuation.separator"],
    ]);
    const trailing = shapeTokens(python.grammar, python.initial, "    def forward(self, x):  # shape: (B, 3)");
    assert.deepEqual(trailing.slice(1, 2), [["shape", "keyword.other"]]);
  });

  it("leaves ordinary comments and strings alone", () => {
    assert.deepEqual(shapeTokens(python.grammar, python.initial, "    # an ordinary comment about shape: x = 3"), []);
    assert.deepEqual(shapeTokens(python.grammar, python.initial, '    s = "# shape: x = (1, 2)"'), []);
  });

  it("highlights jaxtyping and torchtyping shape strings", () => {
    const line = '    def forward(self, x: Float[Tensor, "*batch 3 H W"], y: TensorType["batch", 224]):';
    assert.deepEqual(shapeTokens(python.grammar, python.initial, line), [
      ["*", "keyword.operator.variadic"],
      ["batch", "variable.other.constant.dimension"],
      ["3", "constant.numeric.integer"],
      ["H", "variable.other.constant.dimension"],
      ["W", "variable.other.constant.dimension"],
      ["batch", "variable.other.constant.dimension"],
      ["224", "constant.numeric.integer"],
    ]);
  });
});
