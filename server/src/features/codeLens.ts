// Code lenses for the engine's notes: on `def forward` of a model analysed on an assumed input,
// "assumed x: [N, 3, H, W] — declare" (running it inserts the `# shape:` directive); on a class or
// function that got no shapes, the reason. Nothing is ever silently dark.

import type { CodeLens } from "vscode-languageserver";
import type { FileAnalysis } from "../core/api";

/** Server command behind the "declare" lens: inserts the directive text above a line. */
export const DECLARE_INPUT_COMMAND = "shapeLens.server.declareInput";

export interface DeclareInputArgs {
  uri: string;
  line: number;
  text: string;
}

export function codeLenses(analysis: FileAnalysis, uri: string): CodeLens[] {
  return analysis.notes
    .filter((n) => n.file === analysis.file)
    .map((n): CodeLens => {
      if (n.status === "assumed" && n.declaration) {
        const args: DeclareInputArgs = { uri, line: n.declaration.line, text: n.declaration.text };
        return {
          range: n.range,
          command: { title: `Shape Lens: assumed ${n.message} — declare`, command: DECLARE_INPUT_COMMAND, arguments: [args] },
        };
      }
      return { range: n.range, command: { title: `Shape Lens: no shapes — ${n.message}`, command: "" } };
    });
}

/** Reads the lens's argument back, rejecting anything malformed. */
export function declareInputArgs(arg: unknown): DeclareInputArgs | undefined {
  if (typeof arg !== "object" || arg === null) return undefined;
  const uri = "uri" in arg ? arg.uri : undefined;
  const line = "line" in arg ? arg.line : undefined;
  const text = "text" in arg ? arg.text : undefined;
  if (typeof uri !== "string" || typeof line !== "number" || !Number.isInteger(line) || line < 0 || typeof text !== "string")
    return undefined;
  return { uri, line, text };
}
