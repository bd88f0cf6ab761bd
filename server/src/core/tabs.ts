// Python's TabError: indentation that mixes tabs and spaces so that its meaning depends on the tab
// width. CPython compares every logical line's indentation twice, with tabs to multiples of 8 and
// with tabs as 1 column; when the two comparisons disagree the file does not compile.

interface Indent {
  col: number;
  alt: number;
}

function measure(line: string): Indent {
  let col = 0;
  let alt = 0;
  for (const ch of line) {
    if (ch === " ") {
      col++;
      alt++;
    } else if (ch === "\t") {
      col = (Math.floor(col / 8) + 1) * 8;
      alt++;
    } else if (ch === "\f") {
      col = 0;
      alt = 0;
    } else break;
  }
  return { col, alt };
}

/**
 * The 0-based rows that start a logical line (not blank, not a comment, not inside brackets, a
 * string or after a backslash), found by a small scanner that follows Python's tokenizer.
 */
function logicalLineStarts(lines: readonly string[]): number[] {
  const out: number[] = [];
  let depth = 0;
  let quote = ""; // the open string's delimiter (', ", ''' or """), "" outside strings
  let continued = false;
  for (let row = 0; row < lines.length; row++) {
    const line = lines[row];
    if (!quote && depth === 0 && !continued && /^[ \t\f]*[^ \t\f#]/.test(line)) out.push(row);
    continued = false;
    for (let i = 0; i < line.length; i++) {
      const ch = line[i];
      if (quote) {
        if (ch === "\\") i++;
        else if (line.startsWith(quote, i)) {
          i += quote.length - 1;
          quote = "";
        }
        continue;
      }
      if (ch === "#") break;
      if (ch === "'" || ch === '"') {
        const triple = ch.repeat(3);
        quote = line.startsWith(triple, i) ? triple : ch;
        i += quote.length - 1;
      } else if ("([{".includes(ch)) depth++;
      else if (")]}".includes(ch)) depth = Math.max(0, depth - 1);
      else if (ch === "\\" && i === line.length - 1) continued = true;
    }
    // A one-quote string cannot span lines (unless continued with a backslash).
    if (quote.length === 1 && !line.endsWith("\\")) quote = "";
  }
  return out;
}

/** The 0-based line of the first TabError, if any. */
export function firstTabError(lines: readonly string[]): number | undefined {
  if (!lines.some((l) => /^[ \f]*\t|^\t*[ \f]/.test(l))) return undefined;
  const indents: Indent[] = [{ col: 0, alt: 0 }];
  for (const row of logicalLineStarts(lines)) {
    const here = measure(lines[row]);
    let top = indents[indents.length - 1];
    if (here.col === top.col) {
      if (here.alt !== top.alt) return row;
    } else if (here.col > top.col) {
      if (here.alt <= top.alt) return row;
      indents.push(here);
    } else {
      while (indents.length > 1 && here.col < top.col) {
        indents.pop();
        top = indents[indents.length - 1];
      }
      // A dedent to no enclosing level is an IndentationError: no TabError can follow it.
      if (here.col !== top.col) return undefined;
      if (here.alt !== top.alt) return row;
    }
  }
  return undefined;
}
