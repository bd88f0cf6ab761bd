// The server's layering: each LSP feature (server/src/features) depends on the core, the shared LSP
// conversions (lsp.ts) and the wiring modules, never on another feature, and nothing in the core
// depends on the server around it.

import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import * as path from "node:path";
import { ROOT } from "./lspClient";

function imports(file: string): string[] {
  const text = readFileSync(file, "utf8");
  return [...text.matchAll(/^import[^"]*"([^"]+)";/gm)].map((m) => m[1]);
}

describe("server layering", () => {
  const features = path.join(ROOT, "server", "src", "features");

  it("no feature imports another feature", () => {
    for (const f of readdirSync(features).filter((n) => n.endsWith(".ts"))) {
      const local = imports(path.join(features, f)).filter((i) => i.startsWith("./"));
      assert.deepEqual(local, [], f);
    }
  });

  it("features import only the core, lsp.ts, settings, documents, logger and view models", () => {
    const allowed = /^(\.\.\/core\/|\.\.\/(lsp|settings|documents|logger|shapesView|torchinfoTable)$|vscode-languageserver)/;
    for (const f of readdirSync(features).filter((n) => n.endsWith(".ts"))) {
      for (const i of imports(path.join(features, f))) assert.match(i, allowed, `${f} imports ${i}`);
    }
  });
});
