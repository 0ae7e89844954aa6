/**
 * A fast reader for CSV as spreadsheets and form services write it (RFC 4180: a quote opens only at the
 * start of a cell, "" inside quotes is a quote; CRLF, LF and CR each end a record), straight from UTF-8
 * bytes. Each record is handed over as where it is in the bytes, its cell count, whether it holds quoted cells
 * and the line it starts on; `recordCells` reads its cells from there when they are needed, so a million
 * applicants are not a million strings held for the whole run (bench/).
 *
 * It reads exactly what csv-parse reads with parseExport's options (test/io/csv-records.test.ts checks it
 * on random text, and on every file of the corpus), and gives up, returning false, on the input csv-parse
 * treats specially: a quote inside an unquoted cell, text after a closing quote, a quote never closed.
 * parseExport then reads the file with csv-parse, the reference, which also words the errors. nest has its
 * own reader because csv-parse spends about 10 s on a million applicants (bench/), four fifths of the floor
 * the issue measures nest against; this one spends under a second.
 */

import type { Row } from "../core/table.js";
import { isFormattedCsv, type FormulaGuard } from "./format-csv.js";

/** A record: bytes [start, end) without its line break; `next` is where the next record starts. */
export type RecordSink = (start: number, end: number, cells: number, quoted: boolean, line: number, next: number) => void;

const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;

export function readRecords(bytes: Buffer, delimiter: string, onRecord: RecordSink): boolean {
  const sep = delimiter.charCodeAt(0);
  const n = bytes.length;
  let line = 1;
  let i = 0;
  while (i < n) {
    const start = i;
    const startLine = line;
    let cells = 1;
    let quoted = false;
    let cellStart = i;
    let end = n;
    while (i < n) {
      const c = bytes[i]!;
      if (c === sep) {
        cells++;
        cellStart = ++i;
      } else if (c === LF || c === CR) {
        end = i;
        i += c === CR && bytes[i + 1] === LF ? 2 : 1;
        line++;
        break;
      } else if (c === QUOTE) {
        if (i !== cellStart) return false; // a quote inside an unquoted cell
        quoted = true;
        i = closingQuote(bytes, i + 1);
        if (i < 0) return false; // never closed
        for (let j = cellStart; j < i; j++) {
          const d = bytes[j]!;
          if (d === LF || (d === CR && bytes[j + 1] !== LF)) line++;
        }
        i++;
        const next = bytes[i];
        if (i < n && next !== sep && next !== LF && next !== CR) return false; // text after the closing quote
      } else i++;
    }
    onRecord(start, end, cells, quoted, startLine, i);
  }
  return true;
}

/** The index of the quote that closes a cell whose text starts at `from`, or -1. */
function closingQuote(bytes: Buffer, from: number): number {
  let i = from;
  for (;;) {
    i = bytes.indexOf(QUOTE, i);
    if (i < 0) return -1;
    if (bytes[i + 1] !== QUOTE) return i;
    i += 2;
  }
}

/** The cells of a record readRecords handed over. */
export function recordCells(bytes: Buffer, start: number, end: number, quoted: boolean, delimiter: string): string[] {
  const text = bytes.toString("utf8", start, end);
  if (!quoted) return text.split(delimiter);
  // Decoded once, then cut at the delimiters outside quotes: the record is known to be well formed.
  const cells: string[] = [];
  let i = 0;
  for (;;) {
    if (text.charCodeAt(i) === QUOTE) {
      let close = text.indexOf('"', i + 1);
      let doubled = false;
      while (text.charCodeAt(close + 1) === QUOTE) {
        doubled = true;
        close = text.indexOf('"', close + 2);
      }
      const cell = text.slice(i + 1, close);
      cells.push(doubled ? cell.replaceAll('""', '"') : cell);
      i = close + 1;
    } else {
      let j = text.indexOf(delimiter, i);
      if (j < 0) j = text.length;
      cells.push(text.slice(i, j));
      i = j;
    }
    if (i >= text.length) return cells;
    i++; // the delimiter (a last, empty cell follows when it ends the text)
  }
}

/**
 * SourceRow's knowledge of whether its bytes are what the writer writes for its cells, for each formula guard
 * (format-csv.ts FormulaGuard): whether it is known yet (asWrittenBits(g).known), and the answer (.yes).
 */
export function asWrittenBits(guard: FormulaGuard): { known: number; yes: number } {
  return { known: 1 << (2 * guard), yes: 2 << (2 * guard) };
}

/**
 * asWrittenBits' bits `written` of the record [start, end), with the answer for one guard worked out when it is not
 * known yet: only a comma-separated record can be what the writer writes.
 */
export function knowFormatted(
  written: number,
  source: { bytes: Uint8Array; delimiter: string },
  start: number,
  end: number,
  guard: FormulaGuard,
): number {
  const { known, yes } = asWrittenBits(guard);
  if ((written & known) !== 0) return written;
  const formatted = source.delimiter === "," && isFormattedCsv(source.bytes, start, end, guard);
  return written | known | (formatted ? yes : 0);
}

/** The export's bytes and delimiter, shared by every row read from them. */
export interface RecordSource {
  bytes: Buffer;
  delimiter: string;
}

/**
 * A row kept as its record's place in the export: its cells are read from the bytes each time they are
 * asked for. `formatted` says whether the bytes are already what nest's CSV writer would write for the
 * cells (io/format-csv.ts isFormattedCsv), worked out when first asked, or before: the second thread works
 * it out for every row in row order before it writes the waitlist, since the waitlist visits rows in
 * lottery order, where every look at the bytes is a cache miss (bench/).
 */
export class SourceRow implements Row {
  constructor(
    readonly line: number,
    readonly sheetRow: number,
    readonly source: RecordSource,
    readonly start: number,
    readonly end: number,
    readonly quoted: boolean,
    /** asWrittenBits' bits. */
    public written = 0,
  ) {}

  /** Whether the writer, with this formula guard, writes exactly these bytes for the cells. */
  formatted(guard: FormulaGuard): boolean {
    this.written = knowFormatted(this.written, this.source, this.start, this.end, guard);
    return (this.written & asWrittenBits(guard).yes) !== 0;
  }

  get cells(): string[] {
    return recordCells(this.source.bytes, this.start, this.end, this.quoted, this.source.delimiter);
  }

  /** cells[index], reading no further than that cell ("" past the last). */
  cell(index: number): string {
    const { bytes, delimiter } = this.source;
    const sep = delimiter.charCodeAt(0);
    const end = this.end;
    let i = this.start;
    for (let k = 0; ; k++) {
      if (i < end && bytes[i] === QUOTE) {
        const close = closingQuote(bytes, i + 1); // the record is well formed: it closes before `end`
        if (k === index) {
          const text = bytes.toString("utf8", i + 1, close);
          return text.includes('"') ? text.replaceAll('""', '"') : text;
        }
        i = close + 1;
      } else {
        let next = bytes.indexOf(sep, i);
        if (next < 0 || next > end) next = end;
        if (k === index) return bytes.toString("utf8", i, next);
        i = next;
      }
      if (i >= end) return "";
      i++; // the delimiter
    }
  }
}
