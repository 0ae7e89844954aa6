/**
 * Tables -> CSV text for spreadsheets: CRLF line ends (RFC 4180), UTF-8 with a BOM so Excel shows
 * "Nguyễn" and "José", and no cell a spreadsheet would run as a formula (OWASP "CSV Injection").
 */

export interface CsvFormatOptions {
  bom: boolean;
  escapeFormulas: boolean;
}

// Characters that make Excel, LibreOffice or Google Sheets treat a cell as a formula, including
// the fullwidth forms some of them normalise, and the control characters OWASP lists; also after
// leading spaces, which an import that trims spaces removes.
const FORMULA_START = /^[\t\r\n]|^[ \u00a0]*[=+\-@\uFF1D\uFF0B\uFF0D\uFF20]/;
// Plain numbers such as "-5" or "+3.5" are not formulas; leaving them alone keeps them numbers.
const PLAIN_NUMBER = /^[+-]?\d+(\.\d+)?$/;

/** OWASP's advice: prefix a single quote, and quote the whole cell (the writer quotes every "'" cell). */
export function neutraliseFormula(cell: string): string {
  const first = cell.charCodeAt(0);
  // Fast path: most cells start with a letter or digit (a million rows, a dozen cells each).
  if ((first >= 48 && first <= 57) || (first >= 65 && first <= 90) || (first >= 97 && first <= 122)) return cell;
  return FORMULA_START.test(cell) && !PLAIN_NUMBER.test(cell) ? `'${cell}` : cell;
}

/**
 * Records as CSV lines, RFC 4180 (CRLF; the lines themselves are put together by csv-stream.ts): a cell is quoted when it holds a comma, quote or line break,
 * and, when escaping formulas, also when it was neutralised or holds ";" or a tab, so a spreadsheet that
 * splits on them (a semicolon locale) still sees one cell and no formula after the separator.
 * csv-stringify writes exactly the same bytes (test/io/format-csv.test.ts checks it on random tables);
 * nest writes its own because csv-stringify spends about 0.6 µs per cell, which at a million applicants
 * was most of a draw's time (bench/).
 */
const QUOTE_ALWAYS = /[",\r\n]/;
const QUOTE_ESCAPING = /[",\r\n;\t]|^'/;

/** Whether a cell that starts with this code unit (a letter or digit) is left as it is unless it holds a byte that needs quotes. */
export function startsPlain(first: number): boolean {
  return (first >= 48 && first <= 57) || (first >= 65 && first <= 90) || (first >= 97 && first <= 122);
}

/** One cell as the writer writes it: neutralised when escaping formulas, and quoted when it must be. */
export function formatCsvCell(cell: string, escapeFormulas: boolean): string {
  // Fast path (most cells: names, IDs, dates): starts with a letter or digit and holds nothing to quote.
  if (startsPlain(cell.charCodeAt(0))) {
    const quotes = needsQuotesTable(escapeFormulas);
    let i = 1;
    while (i < cell.length && !(cell.charCodeAt(i) < 256 && quotes[cell.charCodeAt(i)] === 1)) i++;
    if (i === cell.length) return cell;
  }
  const value = escapeFormulas ? neutraliseFormula(cell) : cell;
  return (escapeFormulas ? QUOTE_ESCAPING : QUOTE_ALWAYS).test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

// First bytes after which a cell may need neutralising: tab, line breaks, space, = + - @, ' (which the
// writer quotes), and the lead bytes of NBSP (C2) and of the fullwidth forms (EF). Erring on the side of
// caution only sends a row the slow way.
const CAREFUL_FIRST = new Uint8Array(256);
for (const b of [0x09, 0x0a, 0x0d, 0x20, 0x3d, 0x2b, 0x2d, 0x40, 0x27, 0xc2, 0xef]) CAREFUL_FIRST[b] = 1;

/**
 * Whether a comma-separated record, as UTF-8 bytes [start, end), is byte for byte what the writer
 * writes for its cells: every quoted cell needs its quotes, no unquoted cell does, and no cell is one
 * neutraliseFormula would change. Then a writer can copy the bytes instead of reading and formatting the
 * cells again (most rows of a form's export; bench/). test/io/format-csv.test.ts checks it against
 * the writer (csv-stream.ts formatCsv) on random records.
 */
export function isFormattedCsv(bytes: Uint8Array, start: number, end: number, escapeFormulas: boolean): boolean {
  const kinds = needsQuotesTable(escapeFormulas);
  let i = start;
  for (;;) {
    // A cell starts at i.
    if (i < end && bytes[i] !== COMMA) {
      const quoted = bytes[i] === QUOTE;
      if (escapeFormulas && CAREFUL_FIRST[quoted ? (i + 1 < end ? bytes[i + 1]! : 0) : bytes[i]!] === 1) return false;
      if (quoted) {
        // It must hold something that needs the quotes.
        let needed = false;
        for (i++; ; i++) {
          while (i < end && kinds[bytes[i]!] === PLAIN) i++;
          if (i >= end) return false; // never closed: not a record nest's reader accepts
          if (bytes[i] === QUOTE) {
            if (i + 1 >= end || bytes[i + 1] !== QUOTE) break;
            i++;
          }
          needed = true;
        }
        if (!needed) return false;
        i++; // past the closing quote
      } else {
        while (i < end && kinds[bytes[i]!] === PLAIN) i++;
        if (i < end && bytes[i] !== COMMA) return false; // a character that needs quotes
      }
    }
    if (i >= end) return true;
    if (bytes[i] !== COMMA) return false; // text after a closing quote
    i++;
    if (i === end) return true; // a last, empty cell
  }
}

const COMMA = 0x2c;
const QUOTE = 0x22;
const PLAIN = 0;
// Bytes that make a cell need quotes, as QUOTE_ALWAYS and QUOTE_ESCAPING say (1), the others 0 (PLAIN).
const NEEDS_QUOTES = new Uint8Array(256);
for (const b of [QUOTE, COMMA, 0x0a, 0x0d]) NEEDS_QUOTES[b] = 1;
const NEEDS_QUOTES_ESCAPING = NEEDS_QUOTES.slice();
for (const b of [0x3b, 0x09]) NEEDS_QUOTES_ESCAPING[b] = 1;

/** A table of the bytes (or UTF-16 code units below 256) that make a cell need quotes: 1, else 0. */
export function needsQuotesTable(escapeFormulas: boolean): Uint8Array {
  return escapeFormulas ? NEEDS_QUOTES_ESCAPING : NEEDS_QUOTES;
}

/** The inverse of neutraliseFormula, for reading nest's own files back (nest verify --ledger). */
export function restoreFormula(cell: string): string {
  return cell.startsWith("'") && FORMULA_START.test(cell.slice(1)) && !PLAIN_NUMBER.test(cell.slice(1)) ? cell.slice(1) : cell;
}
