import { CsvError, parse, type Options } from "csv-parse/sync";
import type { Row } from "../core/table.js";
import { cleanCell } from "../core/text.js";
import { readRecords, recordCells, SourceRow, type RecordSource } from "./csv-records.js";
import { formatLocation, inputError, type Location } from "../errors.js";

/**
 * CSV text -> header and rows, as Google Forms/Sheets, Microsoft Forms/Excel and LibreOffice write it:
 * CRLF, LF or CR line endings (mixed too); comma, semicolon or tab (detected, or Excel's "sep=;" hint);
 * quoted cells holding delimiters and line breaks. Structural problems are reported together.
 */

export interface ParsedExport {
  headers: string[];
  rows: Row[];
  delimiter: string;
  /** Blank and delimiter-only lines: not applicants, not errors. */
  blankLines: number;
}

const DELIMITERS = [",", ";", "\t"] as const;

/** Called every few thousand records while reading: records so far, and the share of the text read. */
export type ReadProgress = (records: number, share: number) => void;

export function parseExport(input: Uint8Array | string, file: string, onProgress?: ReadProgress): ParsedExport {
  let body = typeof input === "string" ? Buffer.from(input, "utf8") : Buffer.from(input.buffer, input.byteOffset, input.length);
  let lineOffset = 0;
  let delimiter: string | null = null;
  // Excel's separator hint: "sep=;" alone on the first line.
  if (body.length >= 4 && body.subarray(0, 4).toString("latin1").toLowerCase() === "sep=") {
    const hint = body[4];
    const after = body[5];
    const separator = hint !== undefined && hint >= 0x20 && hint < 0x7f && hint !== 0x22;
    if (!separator || (after !== undefined && after !== 0x0d && after !== 0x0a)) {
      throw inputError(
        { file, line: 1 },
        'the first line should name one separator character after "sep=" (as Excel writes it: sep=;), or be the header row',
      );
    }
    delimiter = String.fromCharCode(hint);
    let end = 5;
    if (body[end] === 0x0d) end++;
    if (body[end] === 0x0a) end++;
    body = body.subarray(end);
    lineOffset = 1;
  }
  delimiter ??= detectDelimiter(body);

  // Each record is checked as it is read. A record of the header's width (nearly all) is kept as where it
  // is in the export's bytes, and its cells are read again when asked for; only the others are packed into
  // one string (cells joined by NUL, which decodeExport has ruled out of the text). A million applicants
  // are then no million strings for the garbage collector to carry for the whole run (bench/).
  let header = null as string[] | null;
  let blankHeaderColumns = false;
  let emptyHeaderData: boolean[] = [];
  const wide: [line: number, cells: number][] = []; // records with more non-blank cells than the header
  const rows: Row[] = [];
  let blankLines = 0;
  let headerLine = 1;
  const source: RecordSource = { bytes: body, delimiter };
  // Every record, blank ones too, is a row of the spreadsheet that opens the file: the header is row 1.
  let sheetRow = 0;
  const accept = (cells: number, line: number, read: () => string[], span: ((line: number, sheetRow: number) => Row) | null): void => {
    sheetRow++;
    if (header === null) {
      header = read();
      headerLine = line;
      blankHeaderColumns = header.some(isBlank);
      emptyHeaderData = header.map(() => false);
      return;
    }
    const width = header.length;
    if (span !== null && cells === width && !blankHeaderColumns) {
      rows.push(span(line + lineOffset, sheetRow));
      return;
    }
    let record = read();
    if (record.every(isBlank)) {
      blankLines++;
      return;
    }
    if (cells > width) {
      if (record.slice(width).some((c) => !isBlank(c))) wide.push([line, cells]);
      record = record.slice(0, width);
    } else while (record.length < width) record.push("");
    if (blankHeaderColumns) for (let i = 0; i < width; i++) if (isBlank(header[i]!) && !isBlank(record[i]!)) emptyHeaderData[i] = true;
    rows.push(new PackedRow(line + lineOffset, sheetRow, record.join(SEP)));
  };

  let records = 0;
  const fast = readRecords(body, delimiter, (start, end, cells, quoted, line, next) => {
    if (onProgress !== undefined && ++records % 8192 === 0) onProgress(records, next / Math.max(1, body.length));
    const read = () => recordCells(body, start, end, quoted, delimiter);
    // A record with visible text in its first cell is not blank: most are kept without reading them.
    const visible = start < end && isVisible(body[start]!, delimiter);
    accept(cells, line, read, visible ? (at, sheetRow) => new SourceRow(at, sheetRow, source, start, end, quoted) : null);
  });
  if (!fast) {
    // Input the fast reader leaves to csv-parse (io/csv-records.ts): start again with the reference.
    header = null;
    sheetRow = 0;
    rows.length = 0;
    wide.length = 0;
    blankLines = 0;
    const { starts } = scanRecords(body, delimiter);
    let count = 0;
    try {
      // csv-parse reads the bytes directly (no whole-file string); the sync API accepts a Buffer.
      const options: Options = {
        delimiter,
        record_delimiter: ["\r\n", "\n", "\r"],
        relax_column_count: true,
        relax_quotes: true,
        skip_empty_lines: false,
        on_record: (record: string[], context) => {
          if (onProgress !== undefined && context.records % 8192 === 0)
            onProgress(context.records, context.bytes / Math.max(1, body.length));
          // csv-parse counts a CRLF inside a quoted cell as two lines, so lines come from scanRecords.
          accept(record.length, starts[count++] ?? 0, () => record, null);
          return null;
        },
      };
      parse(body, options);
    } catch (error) {
      if (error instanceof CsvError) throw csvProblem(error, body, delimiter, file, lineOffset);
      throw error;
    }
    if (starts.length !== count) throw new Error(`record count mismatch: csv-parse ${count}, scan ${starts.length}`);
  }

  const wideIssues = wide.map(([line, cells]): TableIssue => ({
    at: { line: line + lineOffset },
    text: `${cells} cells, but the header has ${header?.length ?? 0} columns`,
  }));
  const table = finishTable({
    file,
    header,
    headerAt: { line: headerLine + lineOffset },
    rows,
    emptyHeaderData,
    issues: wideIssues,
    firstRow: "the first line",
  });
  return { ...table, delimiter, blankLines };
}

/** A problem found while reading a table, and where: a CSV file's line, or a workbook's row. */
export interface TableIssue {
  at: Location;
  text: string;
}

/**
 * What every source does with a header and rows once read (io/sources): the header's cells cleaned; Excel's
 * trailing empty columns (no header and no data) dropped, an unnamed column with data named as a spreadsheet names
 * it ("Column 3"); two columns of one name, rows wider than the header and a table of no rows refused, every
 * problem at once.
 */
export function finishTable(read: {
  file: string;
  header: string[] | null;
  headerAt: Location;
  rows: Row[];
  /** Per column: whether a row has data under a blank header cell. */
  emptyHeaderData: boolean[];
  issues: TableIssue[];
  /** How a message names the header's place: "the first line", "the first row with text". */
  firstRow: string;
}): { headers: string[]; rows: Row[] } {
  const { file, header: first, headerAt, rows } = read;
  if (first === null || first.every(isBlank)) {
    throw inputError({ file, ...headerAt }, `${read.firstRow} should be the header row (the questions), but it is empty`);
  }
  const rawHeaders = first.map(cleanCell);
  const issues = [...read.issues];
  // Excel's trailing empty columns: no header and no data. An unnamed column with data gets a name.
  const keep = rawHeaders.map((h, i) => h !== "" || read.emptyHeaderData[i] === true);
  const headers = rawHeaders.map((h, i) => (h === "" ? `Column ${i + 1}` : h)).filter((_, i) => keep[i]);
  const named = new Map<string, number>();
  rawHeaders.forEach((h, i) => {
    if (!keep[i] || h === "") return;
    const key = h.toLowerCase();
    const before = named.get(key);
    if (before !== undefined) issues.push({ at: headerAt, text: `columns ${before + 1} and ${i + 1} are both called "${h}"` });
    else named.set(key, i);
  });
  if (issues.length === 1) throw inputError({ file, ...issues[0]!.at }, issues[0]!.text);
  if (issues.length > 1) {
    throw inputError(
      { file },
      `the file has ${issues.length} problems`,
      issues.map((i) => `${formatLocation(i.at)}: ${i.text}`),
    );
  }
  if (rows.length === 0) throw inputError({ file }, "the header row is there, but no applicants follow it");
  if (keep.every(Boolean)) return { headers, rows };
  // Drop the empty columns from every row (rare: only exports with unnamed, empty columns).
  const kept = rawHeaders.map((_, i) => i).filter((i) => keep[i]);
  const trimmed = rows.map((row) => {
    const cells = row.cells;
    return new PackedRow(row.line, row.sheetRow, kept.map((i) => cells[i] ?? "").join(SEP));
  });
  return { headers, rows: trimmed };
}

const SEP = "\u0000";

export function isBlank(cell: string): boolean {
  return cell.length === 0 || cleanCell(cell) === "";
}

/** A row held as one string; its cells are split out each time they are asked for, and not kept. */
export class PackedRow implements Row {
  constructor(
    readonly line: number,
    readonly sheetRow: number,
    private readonly packed: string,
  ) {}

  get cells(): string[] {
    return this.packed.split(SEP);
  }
}

/** A first byte that cannot start a blank cell: printable ASCII other than the delimiter and a quote. */
function isVisible(byte: number, delimiter: string): boolean {
  return byte > 0x20 && byte < 0x7f && byte !== 0x22 && byte !== delimiter.charCodeAt(0);
}

/** The delimiter that occurs most often in the header line, outside quotes; a comma when none does. */
export function detectDelimiter(input: Uint8Array | string): string {
  const bytes = typeof input === "string" ? Buffer.from(input, "utf8") : input;
  const counts = new Map<number, number>(DELIMITERS.map((d) => [d.charCodeAt(0), 0]));
  let quoted = false;
  for (let i = 0; i < bytes.length; i++) {
    const c = bytes[i]!;
    if (c === 0x22) quoted = !quoted;
    else if (!quoted && (c === 0x0a || c === 0x0d)) break;
    else if (!quoted && counts.has(c)) counts.set(c, counts.get(c)! + 1);
  }
  let best = ",";
  for (const d of DELIMITERS) if (counts.get(d.charCodeAt(0))! > counts.get(best.charCodeAt(0))!) best = d;
  return best;
}

function csvProblem(error: CsvError, body: Uint8Array, delimiter: string, file: string, lineOffset: number) {
  const e = error as CsvError & { lines?: number; column?: number | string };
  if (e.code === "CSV_QUOTE_NOT_CLOSED") {
    const opened = scanRecords(body, delimiter).unclosedQuote ?? { line: e.lines ?? 0, column: 1 };
    return inputError(
      { file, line: opened.line + lineOffset, column: opened.column },
      'a quoted cell opens here and is never closed (a " is missing), so the rest of the file would be one cell',
      [],
      error,
    );
  }
  const column = typeof e.column === "number" ? e.column + 1 : undefined;
  const message = error.message.replace(/ at line \d+/, "").replace(/^[^:]+: /, "");
  return inputError({ file, line: (e.lines ?? 0) + lineOffset, column }, `not a valid CSV here (${message})`, [], error);
}

/**
 * Where each record starts (its line, from 1), and where a quote that never closes was opened
 * (line and cell number). The same rules as csv-parse with relax_quotes: a quote is special only at
 * the start of a cell; inside quotes "" is a quote; CRLF, LF and CR each end a line.
 */
export function scanRecords(
  bytes: Uint8Array,
  delimiter: string,
): { starts: number[]; unclosedQuote: { line: number; column: number } | null } {
  const starts: number[] = [];
  let line = 1;
  let column = 1;
  let atCellStart = true;
  let atRecordStart = true;
  let open: { line: number; column: number } | null = null;
  const QUOTE = 34;
  const LF = 10;
  const CR = 13;
  const sep = delimiter.charCodeAt(0);
  for (let i = 0; i < bytes.length; i++) {
    const c = bytes[i]!;
    if (atRecordStart) {
      starts.push(line);
      atRecordStart = false;
    }
    if (open) {
      if (c === QUOTE) {
        if (bytes[i + 1] === QUOTE) i++;
        else open = null;
      } else if (c === LF || c === CR) {
        if (c === CR && bytes[i + 1] === LF) i++;
        line++;
      }
      continue;
    }
    if (c === QUOTE && atCellStart) {
      open = { line, column };
      atCellStart = false;
    } else if (c === sep) {
      column++;
      atCellStart = true;
    } else if (c === LF || c === CR) {
      if (c === CR && bytes[i + 1] === LF) i++;
      line++;
      column = 1;
      atCellStart = true;
      atRecordStart = true;
    } else atCellStart = false;
  }
  return { starts, unclosedQuote: open };
}
