// `shapelens check` output for CI: SARIF 2.1.0 (code scanning) and GitHub workflow-command
// annotations, from the diagnostics of the checked files. Paths are relative to the working folder,
// with "/" separators; in a notebook, lines count within the cell and the cell is named.

import * as path from "path";
import type { CoreDiagnostic, Severity } from "./core/api";
import type { JoinedNotebook } from "./core/notebook";
import { cellOfLine } from "./core/notebook";
import { RULE_HELP, ruleHelp } from "./ruleHelp";

export interface CheckedFile {
  path: string;
  diagnostics: CoreDiagnostic[];
  notebook?: JoinedNotebook;
}

const SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";
const INFO_URI = "https://github.com/shape-lens/shape-lens";

function relativeUri(file: string): string {
  const rel = path.relative(process.cwd(), path.resolve(file));
  const shown = rel && !rel.startsWith("..") && !path.isAbsolute(rel) ? rel : path.resolve(file);
  return shown.split(path.sep).join("/");
}

interface Place {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  cell?: number;
}

/** 1-based place of a diagnostic; in a notebook, within its cell. */
function placeOf(d: CoreDiagnostic, notebook?: JoinedNotebook): Place {
  const r = d.range;
  const place: Place = { line: r.start.line + 1, column: r.start.character + 1, endLine: r.end.line + 1, endColumn: r.end.character + 1 };
  const at = notebook ? cellOfLine(notebook, r.start.line) : undefined;
  if (at) {
    place.cell = at.cell;
    place.endLine = r.end.line - r.start.line + at.line + 1;
    place.line = at.line + 1;
  }
  if (place.endLine < place.line || (place.endLine === place.line && place.endColumn < place.column)) {
    place.endLine = place.line;
    place.endColumn = place.column;
  }
  return place;
}

function sarifLevel(s: Severity): "error" | "warning" | "note" {
  return s === "info" ? "note" : s;
}

/** One SARIF 2.1.0 log with a run of Shape Lens: a rule per diagnostic code, a result per diagnostic. */
export function sarifLog(files: CheckedFile[], version: string): unknown {
  const codes = Object.keys(RULE_HELP);
  for (const f of files) for (const d of f.diagnostics) if (!codes.includes(d.code)) codes.push(d.code);
  const rules = codes.map((id) => {
    const h = ruleHelp(id);
    return {
      id,
      name: h.name,
      shortDescription: { text: h.short },
      fullDescription: { text: h.help },
      help: { text: h.help, markdown: `**${h.short}**\n\n${h.help}` },
      defaultConfiguration: { level: id === "inference-gap" ? "note" : "error" },
    };
  });
  const results = files.flatMap((f) =>
    f.diagnostics.map((d) => {
      const p = placeOf(d, f.notebook);
      const result: Record<string, unknown> = {
        ruleId: d.code,
        ruleIndex: codes.indexOf(d.code),
        level: sarifLevel(d.severity),
        message: { text: d.message },
        locations: [
          {
            physicalLocation: {
              artifactLocation: { uri: relativeUri(d.file) },
              region: { startLine: p.line, startColumn: p.column, endLine: p.endLine, endColumn: p.endColumn },
            },
          },
        ],
      };
      if (p.cell !== undefined) result.properties = { cell: p.cell };
      if (d.related?.length)
        result.relatedLocations = d.related.map((r, i) => ({
          id: i,
          message: { text: r.message },
          physicalLocation: {
            artifactLocation: { uri: relativeUri(r.file) },
            region: { startLine: r.range.start.line + 1, startColumn: r.range.start.character + 1 },
          },
        }));
      return result;
    }),
  );
  return {
    $schema: SARIF_SCHEMA,
    version: "2.1.0",
    runs: [{ tool: { driver: { name: "Shape Lens", version, informationUri: INFO_URI, rules } }, results }],
  };
}

function escapeData(s: string): string {
  return s.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}

function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, "%3A").replace(/,/g, "%2C");
}

/** GitHub Actions workflow commands: `::error file=…,line=…,col=…,endLine=…,endColumn=…,title=…::message`. */
export function githubAnnotations(files: CheckedFile[]): string[] {
  return files.flatMap((f) =>
    f.diagnostics.map((d) => {
      const p = placeOf(d, f.notebook);
      const level = d.severity === "info" ? "notice" : d.severity;
      const where = p.cell !== undefined ? ` (cell ${p.cell})` : "";
      const props = [
        `file=${escapeProperty(relativeUri(d.file))}`,
        `line=${p.line}`,
        `endLine=${p.endLine}`,
        `col=${p.column}`,
        `endColumn=${p.endColumn}`,
        `title=${escapeProperty(`Shape Lens ${d.code}${where}`)}`,
      ];
      return `::${level} ${props.join(",")}::${escapeData(d.message)}`;
    }),
  );
}
