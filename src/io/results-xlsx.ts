import { unzipSync, zipSync } from "fflate";
import writeExcelFile from "write-excel-file/node";
import { isRowLine, type OutputLine } from "../core/outputs.js";
import type { OutputFile } from "./engine/engine.js";
import { openWorkbook, type WorkbookRead } from "./workbook.js";
import { ExitCode, NestError } from "../errors.js";

/**
 * results.xlsx (nest draw --xlsx, issue #13.3): the draw's roster, waitlist, excluded and ledger as the sheets of one
 * Excel workbook, every cell a text cell. A text cell is never a formula, a number or a date, so what a CSV file
 * needs the formula guard and a byte-order mark for does not arise: no locale's separator, no lost leading zero, no
 * "=…" run, no lottery number rounded. The cells are exactly the CSV files' (before the guard).
 *
 * It is a copy for people, not part of the record: audit.json does not list it (a library's way of writing a
 * workbook may change from one version to the next, and a draw must verify whatever nest writes later). nest verify
 * reads it back (io/workbook.ts), when it is there, and compares every cell with the files it recomputes.
 */
export const RESULTS_XLSX = "results.xlsx";

/** The sheet of each file, in order. */
export const RESULTS_SHEETS: readonly (readonly [file: string, sheet: string])[] = [
  ["roster.csv", "Roster"],
  ["waitlist.csv", "Waitlist"],
  ["excluded.csv", "Excluded"],
  ["ledger.csv", "Ledger"],
];

/** Excel's most rows in one sheet. */
export const MAX_SHEET_ROWS = 1_048_576;

function cellsOf(line: OutputLine): readonly string[] {
  return isRowLine(line) ? [...line.lead, ...line.row.cells] : line;
}

/** The rows of each sheet, header first, from the draw's files. */
export function resultsRows(files: readonly OutputFile[]): { sheet: string; rows: string[][] }[] {
  return RESULTS_SHEETS.flatMap(([file, sheet]) => {
    const found = files.find((f) => f.name === file);
    if (found === undefined) return [];
    const rows: string[][] = [];
    for (const line of found.lines()) {
      if (rows.length === MAX_SHEET_ROWS)
        throw new NestError(
          `--xlsx: ${file} has more rows than a sheet of Excel holds (${MAX_SHEET_ROWS.toLocaleString("en-US")}); draw without --xlsx, and open the CSV files`,
          ExitCode.input,
        );
      rows.push([...cellsOf(line)]);
    }
    return [{ sheet, rows }];
  });
}

/**
 * The workbook's bytes: the same rows give the same bytes (its parts are stored with a fixed time, 2018-06-14).
 * Each cell is written as ECMA-376 escapes text (§22.9.2.19, which write-excel-file leaves to its caller): "_x"
 * followed by four hex digits and "_" gets its "_" escaped, and a character XML 1.0 cannot hold (or would read
 * back changed: a carriage return) becomes _xHHHH_.
 */
export async function resultsWorkbook(sheets: { sheet: string; rows: string[][] }[]): Promise<Buffer> {
  const written = await writeExcelFile(
    sheets.map(({ sheet, rows }) => ({
      sheet,
      data: rows.map((cells) => cells.map((value) => ({ value: escapeXstring(value), type: String }))),
      stickyRowsCount: 1,
      // Each column as wide as its longest cell in the first thousand rows, within 8 to 50 characters.
      columns: (rows[0] ?? []).map((_, c) => ({
        width: Math.min(50, Math.max(8, ...rows.slice(0, 1000).map((r) => (r[c] ?? "").length + 2))),
      })),
    })),
  ).toBuffer();
  // The same bytes every time: the archive again, each part with a fixed time (write-excel-file stamps the clock's).
  const parts = unzipSync(new Uint8Array(written.buffer, written.byteOffset, written.length));
  const names = Object.keys(parts).sort();
  const fixed = Object.fromEntries(names.map((name) => [name, parts[name]!]));
  return Buffer.from(zipSync(fixed, { mtime: new Date(Date.UTC(2018, 5, 14)), level: 6 }));
}

const XSTRING_ESCAPE = /_(?=x[0-9A-Fa-f]{4}_)/g;
// A carriage return too: XML turns CR and CR LF into LF when it is read, so a CR is written _x000D_, as Excel writes it.
const NOT_XML = /[\u0000-\u0008\u000B-\u001F\uFFFE\uFFFF]/g;

export function escapeXstring(text: string): string {
  return text
    .replace(XSTRING_ESCAPE, "_x005F_")
    .replace(NOT_XML, (c) => `_x${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")}_`);
}

/**
 * What differs between a results.xlsx and the draw's files (nest verify): each sheet's cells, read back, against the
 * recomputed files' rows. Empty when they agree.
 */
export async function compareResultsWorkbook(bytes: Uint8Array, sheets: { sheet: string; rows: string[][] }[]): Promise<string[]> {
  let book: ReturnType<typeof openWorkbook>;
  try {
    book = openWorkbook(bytes, RESULTS_XLSX);
  } catch (error) {
    return [error instanceof Error ? error.message : String(error)];
  }
  const differences: string[] = [];
  const names = book.sheets.map((s) => s.name);
  if (names.join("\u0000") !== sheets.map((s) => s.sheet).join("\u0000"))
    differences.push(`${RESULTS_XLSX}: its sheets are ${names.join(", ")}; a draw's are ${sheets.map((s) => s.sheet).join(", ")}`);
  for (const { sheet, rows } of sheets) {
    let read: WorkbookRead;
    try {
      read = book.read(sheet);
    } catch (error) {
      differences.push(error instanceof Error ? error.message : String(error));
      continue;
    }
    // Rows by the number the sheet gives them; trailing empty cells are no difference.
    const got = new Map(read.rows.map((r) => [r.row, r.cells]));
    const line = (cells: readonly (readonly [number, { text: string }])[] | undefined) => {
      const dense: string[] = [];
      for (const [c, v] of cells ?? []) dense[c] = v.text;
      return trimmed(Array.from(dense, (v) => v ?? ""));
    };
    const last = Math.max(rows.length, read.rows.length === 0 ? 0 : read.rows[read.rows.length - 1]!.row);
    for (let i = 0; i < last && differences.length < 20; i++) {
      if (line(got.get(i + 1)) !== trimmed(rows[i] ?? []))
        differences.push(`${RESULTS_XLSX}: sheet ${sheet} row ${i + 1} differs from the recomputed ${sheet.toLowerCase()}.csv`);
    }
  }
  return differences;
}

function trimmed(cells: readonly string[]): string {
  let n = cells.length;
  while (n > 0 && cells[n - 1] === "") n--;
  return cells.slice(0, n).join("\u001f");
}
