import { stringify } from "csv-stringify/sync";

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
  return FORMULA_START.test(cell) && !PLAIN_NUMBER.test(cell) ? `'${cell}` : cell;
}

export function formatCsv(table: readonly (readonly string[])[], options: CsvFormatOptions): string {
  const rows = options.escapeFormulas ? table.map((row) => row.map(neutraliseFormula)) : table;
  const body = stringify(rows as string[][], {
    record_delimiter: "windows",
    // Quote neutralised cells (OWASP), and cells holding ";" or a tab, so a spreadsheet that splits on
    // them (a semicolon locale) still sees one cell and no formula after the separator.
    quoted_match: options.escapeFormulas ? /^'|[;\t]/ : undefined,
  });
  return (options.bom ? "\uFEFF" : "") + body;
}

/** The inverse of neutraliseFormula, for reading nest's own files back (nest verify --ledger). */
export function restoreFormula(cell: string): string {
  return cell.startsWith("'") && FORMULA_START.test(cell.slice(1)) && !PLAIN_NUMBER.test(cell.slice(1)) ? cell.slice(1) : cell;
}
