import type { Row } from "../../core/table.js";
import { orderOf } from "../../core/date-order.js";
import { cleanCell } from "../../core/text.js";
import { inputError } from "../../errors.js";
import { finishTable, isBlank } from "../parse-export.js";
import { columnName, isCompoundFile, looksLikeWorkbook, readWorkbook, type WorkbookRead } from "../workbook.js";
import type { Source } from "./source.js";

/**
 * An Excel workbook (.xlsx), as Microsoft Forms, Excel, Google Sheets and LibreOffice save it, read by io/workbook.ts
 * (README "How applicants are read"). One sheet is read: the first visible one, or the one --sheet names, which the
 * audit records (input.sheet) so that verify reads the same one. Every cell becomes the text a CSV export of it
 * would hold, the same on every machine:
 *
 * - text as it is; a number in JavaScript's shortest form (95817, 0.1); TRUE or FALSE; an error value as it shows
 *   (#N/A, which nest notes as spreadsheet damage, as in a CSV file);
 * - a date as ISO 8601 without a time zone, as the cell holds it: 2000-07-06, or 2018-05-09 18:07:15 when it has a
 *   time (to the nearest second, which the serial number's rounding would otherwise miss by a millisecond);
 * - a formula as the value the workbook saved with it (never run).
 *
 * The header is the first row with text; blank rows are skipped as a CSV file's blank lines are, and every row keeps
 * the number the spreadsheet shows for it. A column of date cells and dates typed as text is refused (the mark of a
 * file of the other order opened in a spreadsheet).
 */
export const xlsxSource: Source = {
  id: "xlsx",
  recognises: (bytes) => looksLikeWorkbook(bytes),
  async read(bytes, { label, encoding, sheet, digest }) {
    const digested = digest(bytes, null);
    if (encoding !== undefined && !isCompoundFile(bytes)) {
      throw inputError({ file: label }, "is an Excel workbook (.xlsx), which says its own encoding: --encoding is for CSV files");
    }
    const book = readWorkbook(bytes, label, sheet);
    const names = book.sheets.map((s) => s.name);
    const others = names.filter((n) => n !== book.sheet);
    const hint =
      others.length === 0 ? "" : `; the workbook also has ${others.map((n) => JSON.stringify(n)).join(", ")}: --sheet NAME reads another`;
    const table = tableOfSheet(book, label, hint);
    return { table, sha256: (await digested()).sha256, record: { sheet: book.sheet }, sheets: names };
  },
};

/** The sheet read as a table of text, with the sheet's row numbers (see xlsxSource). */
function tableOfSheet(book: WorkbookRead, label: string, others: string) {
  const sheet = book.sheet;
  let header: string[] | null = null;
  let headerRow = 1;
  let emptyHeaderData: boolean[] = [];
  const rows: Row[] = [];
  // Per column, the first date cell and the first date typed as text (6/7/2000), and how many of each.
  const dates: { cells: number; typed: number; firstCell: string; firstTyped: { cell: string; text: string } }[] = [];
  for (const sheetRow of book.rows) {
    const cells = new Array<string>(book.width).fill("");
    for (const [c, value] of sheetRow.cells) {
      cells[c] = value.text;
      if (header === null) continue;
      const isDate = value.kind === "date";
      if (isDate || (value.kind === "text" && orderOf(value.text) !== null)) {
        const seen = (dates[c] ??= { cells: 0, typed: 0, firstCell: "", firstTyped: { cell: "", text: "" } });
        const cell = `${columnName(c)}${sheetRow.row}`;
        if (isDate && seen.cells++ === 0) seen.firstCell = cell;
        if (!isDate && seen.typed++ === 0) seen.firstTyped = { cell, text: value.text };
      }
    }
    if (cells.every(isBlank)) continue;
    if (header === null) {
      header = cells;
      headerRow = sheetRow.row;
      emptyHeaderData = header.map(() => false);
      continue;
    }
    for (let i = 0; i < header.length; i++) if (isBlank(header[i]!) && !isBlank(cells[i]!)) emptyHeaderData[i] = true;
    rows.push({ line: sheetRow.row, sheetRow: sheetRow.row, cells });
  }
  const where = { file: label, sheet };
  if (header === null) throw inputError(where, `is empty${others}`);
  if (rows.length === 0) throw inputError(where, `has a header row (row ${headerRow}) but no applicants under it${others}`);
  // Date cells and dates typed as text in one column: a file of day/month dates opened where dates are month/day (or
  // the other way round) gives that, with the dates that fitted made into the wrong ones (6/7/2000 into 7 June).
  const mixed = dates.flatMap((d, c) =>
    d !== undefined && d.cells > 0 && d.typed > 0
      ? [
          `column "${cleanCell(header![c]!) || columnName(c)}" holds ${d.cells} date ${d.cells === 1 ? "cell" : "cells"} (the first in ` +
            `${d.firstCell}) and ${d.typed} ${d.typed === 1 ? "date" : "dates"} typed as text (${d.firstTyped.cell}: "${d.firstTyped.text}"): ` +
            "a spreadsheet that opened a file of dates written the other way round makes the dates it can read into the " +
            "wrong ones (6/7/2000 into 7 June) and leaves the others as text. Give nest the form's own CSV export, or " +
            "make every date in the column a date cell, or every one text",
        ]
      : [],
  );
  if (mixed.length === 1) throw inputError(where, mixed[0]!);
  if (mixed.length > 1) throw inputError(where, `has ${mixed.length} columns of mixed dates`, mixed);
  return finishTable({
    file: `${label}, sheet ${JSON.stringify(sheet)}`,
    header,
    headerAt: { row: headerRow },
    rows,
    emptyHeaderData,
    issues: [],
    firstRow: "the first row with text",
  });
}
