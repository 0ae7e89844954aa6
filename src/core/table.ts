/**
 * What every input source gives (io/sources): a header and rows of cells, each row knowing where it is. Past
 * this seam nothing knows whether the rows came from a CSV file, standard input or a workbook.
 */

export interface Row {
  /** The line of the file on which the row starts (a row whose cells hold line breaks spans several). */
  readonly line: number;
  /** The row number a spreadsheet shows for it: the header is row 1. */
  readonly sheetRow: number;
  /** One cell per header. */
  readonly cells: readonly string[];
}

export interface Table {
  headers: readonly string[];
  rows: readonly Row[];
}
