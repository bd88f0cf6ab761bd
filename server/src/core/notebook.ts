// Jupyter notebooks as one Python module: the code cells in order, joined, with IPython magics
// (`%time`, `!pip ...`, `%%bash` cells) blanked so that line numbers stay those of the cells.
// Positions in the joined text map back to (cell, line in cell).

export interface NotebookCell {
  /** Index of the cell among all cells of the notebook (0-based), markdown cells included. */
  index: number;
  text: string;
}

export interface JoinedNotebook {
  text: string;
  /** For each code cell, in order: its notebook index and the first line it occupies in `text`. */
  cells: { index: number; startLine: number; lineCount: number }[];
}

/** Cell magics whose cell is still Python (`%%time` times the cell, `%%capture` hides its output). */
const PYTHON_CELL_MAGICS = new Set(["time", "timeit", "capture"]);

/** The cell's lines with magics, shell escapes and `obj?` help requests blanked. */
function pythonLines(text: string): string[] {
  const lines = text.split(/\r\n|\r|\n/);
  const first = lines[0]?.trim() ?? "";
  if (first.startsWith("%%")) {
    const magic = first.slice(2).split(/\s+/)[0];
    if (!PYTHON_CELL_MAGICS.has(magic)) return lines.map(() => "");
    lines[0] = "";
  }
  return lines.map((line) => {
    const t = line.trim();
    if (t.startsWith("%") || t.startsWith("!") || (/^[\w.]+\?{1,2}$/.test(t) && !t.startsWith("#"))) return "";
    return line;
  });
}

export function joinCells(cells: NotebookCell[]): JoinedNotebook {
  const out: string[] = [];
  const placed: JoinedNotebook["cells"] = [];
  for (const cell of cells) {
    const lines = pythonLines(cell.text);
    placed.push({ index: cell.index, startLine: out.length, lineCount: lines.length });
    out.push(...lines);
  }
  return { text: out.join("\n") + "\n", cells: placed };
}

/** The cell (notebook index) holding a 0-based line of the joined text, and the line within it. */
export function cellOfLine(nb: JoinedNotebook, line: number): { cell: number; line: number } | undefined {
  for (const c of nb.cells) {
    if (line >= c.startLine && line < c.startLine + c.lineCount) return { cell: c.index, line: line - c.startLine };
  }
  return undefined;
}

/** Reads the code cells of an .ipynb file's JSON; throws with the reason when it is not a notebook. */
export function parseIpynb(json: string): NotebookCell[] {
  let doc: unknown;
  try {
    doc = JSON.parse(json);
  } catch (e) {
    throw new Error(`not a notebook: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
  }
  const cells = typeof doc === "object" && doc !== null && "cells" in doc ? doc.cells : undefined;
  if (!Array.isArray(cells)) throw new Error('not a notebook: no "cells" list');
  const out: NotebookCell[] = [];
  cells.forEach((cell: unknown, index: number) => {
    if (typeof cell !== "object" || cell === null) return;
    if (!("cell_type" in cell) || cell.cell_type !== "code") return;
    const source = "source" in cell ? cell.source : "";
    const text = Array.isArray(source)
      ? source.filter((s): s is string => typeof s === "string").join("")
      : typeof source === "string"
        ? source
        : "";
    out.push({ index, text });
  });
  return out;
}
