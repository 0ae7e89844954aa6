import { inflateRawSync } from "node:zlib";
import { Unzip, type UnzipDecoder } from "fflate";
import readExcelFile from "read-excel-file/node";
import { civilFromDays, formatIsoDate } from "../../core/dates.js";
import type { Row } from "../../core/table.js";
import { inputError, NestError, ExitCode } from "../../errors.js";
import { finishTable, isBlank } from "../parse-export.js";
import { orderOf } from "../../core/date-order.js";
import { cleanCell } from "../../core/text.js";
import type { Source } from "./source.js";

/**
 * An Excel workbook (.xlsx), as Microsoft Forms, Excel, Google Sheets and LibreOffice save it, read with
 * read-excel-file (README "How applicants are read"). One sheet is read: the first, or the one --sheet names, which
 * the audit records (input.sheet) so that verify reads the same one. Every cell becomes the text a CSV export of
 * it would hold, the same on every machine:
 *
 * - text as it is; a number in JavaScript's shortest form (95817, 0.1); TRUE or FALSE;
 * - a date as ISO 8601 without a time zone, as the cell holds it: 2000-07-06, or 2018-05-09 18:07:15 when it has a
 *   time (to the nearest second, which the serial number's rounding would otherwise miss by a millisecond);
 * - a formula as the value the workbook saved with it; an error value (#N/A) as an empty cell.
 *
 * The header is the first row with text; blank rows are skipped as a CSV file's blank lines are, and every row keeps
 * the number the spreadsheet shows for it. An Excel 97-2003 (.xls), password-protected or OpenDocument file is
 * refused with what to save it as. The parts the reader unpacks are counted as they are unpacked first, and a
 * workbook that would unpack beyond MAX_UNPACKED (a "ZIP bomb") is refused before it is read (Node's zlib unpacks, and stops at the limit).
 */
export const xlsxSource: Source = {
  id: "xlsx",
  recognises: (bytes) => startsWith(bytes, ZIP) || startsWith(bytes, CFB),
  async read(bytes, { label, encoding, sheet, digest }) {
    const digested = digest(bytes, null);
    if (startsWith(bytes, CFB)) {
      throw inputError(
        { file: label },
        "is an Excel 97-2003 workbook (.xls) or a password-protected one, which nest does not read: open it in Excel and save it " +
          'as "Excel Workbook (.xlsx)" without a password, or as "CSV UTF-8"',
      );
    }
    if (encoding !== undefined) {
      throw inputError({ file: label }, "is an Excel workbook (.xlsx), which says its own encoding: --encoding is for CSV files");
    }
    const parts = unpackedParts(bytes, label);
    if (!parts.has("xl/workbook.xml")) {
      const what = parts.has("content.xml")
        ? "an OpenDocument spreadsheet (.ods): save it as .xlsx or as CSV"
        : "a ZIP archive, but not an Excel workbook (it has no xl/workbook.xml)";
      throw inputError({ file: label }, `is ${what}`);
    }
    let sheets: { sheet: string; data: unknown[][] }[];
    try {
      sheets = await readExcelFile(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length), { trim: false });
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw inputError(
        { file: label },
        `could not be read as an Excel workbook (${reason}); open it in Excel and save it again, or export it as CSV`,
        [],
        error,
      );
    }
    const names = sheets.map((s) => s.sheet);
    const chosen = sheet === undefined ? sheets[0] : sheets.find((s) => s.sheet === sheet);
    if (chosen === undefined) {
      const list = names.map((n) => JSON.stringify(n)).join(", ");
      throw inputError(
        { file: label },
        sheet === undefined
          ? "the workbook has no sheets"
          : `has no sheet named ${JSON.stringify(sheet)}; its sheets are: ${list} (--sheet NAME reads one)`,
      );
    }
    const others = names.filter((n) => n !== chosen.sheet);
    const hint =
      others.length === 0 ? "" : `; the workbook also has ${others.map((n) => JSON.stringify(n)).join(", ")}: --sheet NAME reads another`;
    const table = tableOfSheet(chosen.data, label, chosen.sheet, hint);
    return { table, sha256: (await digested()).sha256, record: { sheet: chosen.sheet }, sheets: names };
  },
};

const ZIP = [0x50, 0x4b, 0x03, 0x04];
/** The Compound File header: Excel 97-2003 workbooks, and .xlsx files encrypted with a password. */
const CFB = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

function startsWith(bytes: Uint8Array, magic: readonly number[]): boolean {
  return bytes.length >= magic.length && magic.every((b, i) => bytes[i] === b);
}

/**
 * The most the parts read-excel-file reads (.xml and .rels) may unpack to, in all and each: a sheet of a million
 * applicants is about 300 MB of XML; a JavaScript string (which the reader makes of a part) holds at most 512 MiB.
 */
export const MAX_UNPACKED = { total: 1024 * 1024 * 1024, part: 480 * 1024 * 1024 };

/** The names of the archive's parts, after unpacking the ones the reader reads, counting, to refuse a ZIP bomb. */
function unpackedParts(bytes: Uint8Array, label: string): Set<string> {
  const names = new Set<string>();
  let total = 0;
  let problem: string | null = null;
  const tooLarge = (limit: number) =>
    `unpacks to more than ${Math.round(limit / 2 ** 20)} MiB of XML, more than nest reads (a sheet of a million applicants ` +
    "is about 300 MB): export it as CSV instead";
  const unzip = new Unzip((file) => {
    names.add(file.name);
    if (!file.name.endsWith(".xml") && !file.name.endsWith(".rels")) return;
    file.ondata = (error, chunk) => {
      if (problem !== null) return;
      if (error !== null) {
        problem =
          error instanceof RangeError
            ? tooLarge(MAX_UNPACKED.part)
            : `is damaged: its part ${file.name} cannot be unpacked (${error.message})`;
        return;
      }
      total += chunk.length;
      if (total > MAX_UNPACKED.total) problem = tooLarge(MAX_UNPACKED.total);
    };
    file.start();
  });
  unzip.register(NativeInflate);
  try {
    unzip.push(bytes, true);
  } catch (error) {
    problem ??= `is not a readable ZIP archive, as an .xlsx workbook is (${error instanceof Error ? error.message : String(error)})`;
  }
  if (problem !== null) throw inputError({ file: label }, problem);
  return names;
}

/**
 * fflate's decoder for DEFLATE parts, done by Node's zlib (three times faster than fflate's own), which stops at
 * MAX_UNPACKED.part whatever size the archive claims: beyond it, the error is a RangeError.
 */
class NativeInflate implements UnzipDecoder {
  static readonly compression = 8;
  ondata: UnzipDecoder["ondata"] = () => {};
  private readonly chunks: Uint8Array[] = [];

  push(chunk: Uint8Array, final: boolean): void {
    this.chunks.push(chunk);
    if (!final) return;
    let out: Buffer;
    try {
      out = inflateRawSync(Buffer.concat(this.chunks), { maxOutputLength: MAX_UNPACKED.part });
    } catch (error) {
      const tooLarge = (error as NodeJS.ErrnoException).code === "ERR_BUFFER_TOO_LARGE";
      const failure = tooLarge ? new RangeError("too large") : new Error((error as Error).message);
      this.ondata(Object.assign(failure, { code: 0 }), new Uint8Array(0), true);
      return;
    }
    this.ondata(null, out as Uint8Array as Uint8Array<ArrayBuffer>, true);
  }
}

/** A sheet's cells (row i of `data` is the sheet's row i + 1) as a table of text, with the sheet's row numbers. */
function tableOfSheet(data: readonly (readonly unknown[])[], label: string, sheet: string, others: string) {
  let header: string[] | null = null;
  let headerRow = 1;
  let emptyHeaderData: boolean[] = [];
  const rows: Row[] = [];
  // Per column, the first date cell and the first date typed as text (6/7/2000), and how many of each.
  const dates: { cells: number; typed: number; firstCell: string; firstTyped: { cell: string; text: string } }[] = [];
  for (let r = 0; r < data.length; r++) {
    const sheetRow = r + 1;
    const cells = data[r]!.map((value, c) => {
      const cell = `${columnName(c)}${sheetRow}`;
      const text = cellText(value, { file: label, sheet, cell });
      if (header !== null) {
        const isDate = value instanceof Date;
        if (isDate || (typeof value === "string" && orderOf(value) !== null)) {
          const seen = (dates[c] ??= { cells: 0, typed: 0, firstCell: "", firstTyped: { cell: "", text: "" } });
          if (isDate && seen.cells++ === 0) seen.firstCell = cell;
          if (!isDate && seen.typed++ === 0) seen.firstTyped = { cell, text };
        }
      }
      return text;
    });
    if (cells.every(isBlank)) continue;
    if (header === null) {
      header = cells;
      headerRow = sheetRow;
      emptyHeaderData = header.map(() => false);
      continue;
    }
    while (cells.length < header.length) cells.push("");
    for (let i = 0; i < header.length; i++) if (isBlank(header[i]!) && !isBlank(cells[i]!)) emptyHeaderData[i] = true;
    rows.push({ line: sheetRow, sheetRow, cells: cells.slice(0, header.length) });
  }
  const where = { file: label, sheet };
  if (header === null) throw inputError(where, `is empty${others}`);
  if (rows.length === 0) throw inputError(where, `has a header row (row ${headerRow}) but no applicants under it${others}`);
  // Date cells and dates typed as text in one column: a file of day/month dates opened where dates are month/day (or
  // the other way round) gives that, with the dates that fitted made into the wrong ones (6/7/2000 into 7 June).
  const mixed = dates.flatMap((d, c) =>
    d !== undefined && d.cells > 0 && d.typed > 0 && c < header!.length
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

/** A cell's value as the text a CSV export of it would hold (see xlsxSource). */
export function cellText(value: unknown, at: { file: string; sheet: string; cell: string }): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "string") {
    // A NUL (Excel's _x0000_) is refused as in a CSV file: nest keeps rows' cells apart with it.
    if (value.includes("\u0000")) throw inputError(at, "holds a NUL character (code 0), which is never part of an answer; delete it");
    return value;
  }
  if (typeof value === "number") return Object.is(value, -0) ? "0" : String(value);
  if (typeof value === "boolean") return value ? "TRUE" : "FALSE";
  if (value instanceof Date) {
    const ms = value.getTime();
    if (Number.isNaN(ms)) throw inputError(at, "holds a date that is no real date");
    const seconds = Math.round(ms / 1000);
    const days = Math.floor(seconds / 86_400);
    const time = seconds - days * 86_400;
    const date = formatIsoDate(civilFromDays(days));
    if (time === 0) return date;
    const [h, m, s] = [Math.floor(time / 3600), Math.floor((time % 3600) / 60), time % 60];
    return `${date} ${pad(h)}:${pad(m)}:${pad(s)}`;
  }
  throw new NestError(`${at.file}: cell ${at.cell} holds a value nest does not know (${typeof value})`, ExitCode.bug);
}

function pad(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** A column's letters, from its index: 0 is A, 26 is AA. */
export function columnName(index: number): string {
  let name = "";
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  return name;
}
