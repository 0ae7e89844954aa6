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
 * One record as a CSV line, RFC 4180 (CRLF): a cell is quoted when it holds a comma, quote or line break,
 * and, when escaping formulas, also when it was neutralised or holds ";" or a tab, so a spreadsheet that
 * splits on them (a semicolon locale) still sees one cell and no formula after the separator.
 * csv-stringify writes exactly the same bytes (test/io/format-csv.test.ts checks it on random tables);
 * nest writes its own because csv-stringify spends about 0.6 µs per cell, which at a million applicants
 * was most of a draw's time (bench/).
 */
const QUOTE_ALWAYS = /[",\r\n]/;
const QUOTE_ESCAPING = /[",\r\n;\t]|^'/;

export function formatCsvLine(cells: readonly string[], escapeFormulas: boolean): string {
  const needsQuotes = escapeFormulas ? QUOTE_ESCAPING : QUOTE_ALWAYS;
  let line = "";
  for (let i = 0; i < cells.length; i++) {
    let cell = escapeFormulas ? neutraliseFormula(cells[i]!) : cells[i]!;
    if (needsQuotes.test(cell)) cell = `"${cell.replace(/"/g, '""')}"`;
    line += i === 0 ? cell : `,${cell}`;
  }
  return `${line}\r\n`;
}

export function formatCsv(table: Iterable<readonly string[]>, options: CsvFormatOptions): string {
  let text = options.bom ? "\uFEFF" : "";
  for (const row of table) text += formatCsvLine(row, options.escapeFormulas);
  return text;
}

/** The inverse of neutraliseFormula, for reading nest's own files back (nest verify --ledger). */
export function restoreFormula(cell: string): string {
  return cell.startsWith("'") && FORMULA_START.test(cell.slice(1)) && !PLAIN_NUMBER.test(cell.slice(1)) ? cell.slice(1) : cell;
}
