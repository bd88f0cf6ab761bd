// Jupyter notebooks over LSP 3.17 notebook sync: the Python cells of a notebook, in order, are one
// module (core/notebook.ts joins them) analysed as one virtual document keyed by the notebook's URI.
// Requests on a cell are answered from that analysis, their positions moved between cell and module.

import type {
  DidChangeNotebookDocumentParams,
  DidCloseNotebookDocumentParams,
  DidOpenNotebookDocumentParams,
  NotebookCell,
  Position,
  Range,
  TextDocumentItem,
} from "vscode-languageserver";
import { TextDocument } from "vscode-languageserver-textdocument";
import { JoinedNotebook, joinCells } from "./core/notebook";
import type { DocumentStore } from "./documents";

/** Cell kind "code" in the LSP notebook protocol. */
const CODE_CELL = 2;

interface NotebookModel {
  uri: string;
  version: number;
  /** The notebook's cells in order (markup cells included), by their document URI. */
  cells: { uri: string; kind: number }[];
  /** Text of the Python cells the client synchronises. */
  texts: Map<string, TextDocument>;
  joined: JoinedNotebook;
}

/** Where a cell sits in its notebook's joined module. */
export interface CellPlace {
  notebookUri: string;
  cellUri: string;
  startLine: number;
  lineCount: number;
}

export class NotebookSync {
  private readonly notebooks = new Map<string, NotebookModel>();
  private readonly owner = new Map<string, string>();

  constructor(private readonly store: DocumentStore) {}

  open(p: DidOpenNotebookDocumentParams): void {
    const nb: NotebookModel = {
      uri: p.notebookDocument.uri,
      version: p.notebookDocument.version,
      cells: p.notebookDocument.cells.map(cellRef),
      texts: new Map(),
      joined: { text: "", cells: [] },
    };
    for (const item of p.cellTextDocuments) this.openCell(nb, item);
    this.notebooks.set(nb.uri, nb);
    this.rejoin(nb);
    this.store.open(nb.uri, "python", nb.version, nb.joined.text);
  }

  change(p: DidChangeNotebookDocumentParams): void {
    const nb = this.notebooks.get(p.notebookDocument.uri);
    if (!nb) return;
    nb.version = p.notebookDocument.version;
    const cells = p.change.cells;
    const structure = cells?.structure;
    if (structure) {
      nb.cells.splice(structure.array.start, structure.array.deleteCount, ...(structure.array.cells ?? []).map(cellRef));
      for (const closed of structure.didClose ?? []) {
        nb.texts.delete(closed.uri);
        this.owner.delete(closed.uri);
      }
      for (const item of structure.didOpen ?? []) this.openCell(nb, item);
    }
    for (const data of cells?.data ?? []) {
      const at = nb.cells.findIndex((c) => c.uri === data.document);
      if (at >= 0) nb.cells[at] = cellRef(data);
    }
    for (const content of cells?.textContent ?? []) {
      const doc = nb.texts.get(content.document.uri);
      if (doc) TextDocument.update(doc, content.changes, content.document.version);
    }
    this.rejoin(nb);
    this.store.change(nb.uri, nb.version, [{ text: nb.joined.text }]);
  }

  close(p: DidCloseNotebookDocumentParams): void {
    const nb = this.notebooks.get(p.notebookDocument.uri);
    if (!nb) return;
    for (const uri of nb.texts.keys()) this.owner.delete(uri);
    this.notebooks.delete(nb.uri);
    this.store.close(nb.uri);
  }

  isNotebook(uri: string): boolean {
    return this.notebooks.has(uri);
  }

  /** The place of a cell, when `uri` is a synchronised notebook cell. */
  place(cellUri: string): CellPlace | undefined {
    const nb = this.notebooks.get(this.owner.get(cellUri) ?? "");
    if (!nb) return undefined;
    const index = nb.cells.findIndex((c) => c.uri === cellUri);
    const placed = nb.joined.cells.find((c) => c.index === index);
    return placed && { notebookUri: nb.uri, cellUri, startLine: placed.startLine, lineCount: placed.lineCount };
  }

  /** The places of every Python cell of a notebook, in order. */
  places(notebookUri: string): CellPlace[] {
    const nb = this.notebooks.get(notebookUri);
    if (!nb) return [];
    return nb.joined.cells.map((c) => ({ notebookUri, cellUri: nb.cells[c.index].uri, startLine: c.startLine, lineCount: c.lineCount }));
  }

  private openCell(nb: NotebookModel, item: TextDocumentItem): void {
    nb.texts.set(item.uri, TextDocument.create(item.uri, item.languageId, item.version, item.text));
    this.owner.set(item.uri, nb.uri);
  }

  private rejoin(nb: NotebookModel): void {
    const python = nb.cells
      .map((c, index) => ({ c, index }))
      .filter(({ c }) => c.kind === CODE_CELL && nb.texts.get(c.uri)?.languageId === "python");
    nb.joined = joinCells(python.map(({ c, index }) => ({ index, text: nb.texts.get(c.uri)!.getText() })));
  }
}

function cellRef(c: NotebookCell): { uri: string; kind: number } {
  return { uri: c.document, kind: c.kind };
}

/** Moves a position from the cell into the joined module, or back (`delta` negative). */
export function shiftPosition(p: Position, delta: number): Position {
  return { line: p.line + delta, character: p.character };
}

export function shiftRange(r: Range, delta: number): Range {
  return { start: shiftPosition(r.start, delta), end: shiftPosition(r.end, delta) };
}

/** True when a range of the joined module lies inside the cell. */
export function inCell(r: Range, place: CellPlace): boolean {
  return r.start.line >= place.startLine && r.end.line < place.startLine + place.lineCount;
}
