import type { Row } from "../../core/table.js";
import { SourceRow } from "../csv-records.js";

/**
 * Rows handed to a second thread without copying the export: the export's bytes are in shared memory
 * (io/read-input.ts reads regular files into a SharedArrayBuffer), so a row read from them (SourceRow)
 * travels as its line and its place in the bytes. Rows kept otherwise (another width, read by csv-parse)
 * travel as their cells, when asked for.
 */
export interface SharedRows {
  /** The export's UTF-8 bytes, in shared memory, and its delimiter. */
  bytes: Uint8Array;
  delimiter: string;
  /** Rows [from, to): index i of the arrays is row from + i. */
  from: number;
  line: Int32Array;
  sheetRow: Int32Array;
  start: Int32Array;
  end: Int32Array;
  /** SourceRow.written's bits (csv-records.ts asWrittenBits, the low eight), QUOTED_FLAG, and SPAN_FLAG when the row is kept as bytes. */
  flags: Uint16Array;
  /** Rows in [from, to) not kept as bytes, with their cells: all of them, or none (`withCells`). */
  cellRows: [index: number, cells: readonly string[]][];
}

export const QUOTED_FLAG = 256;
export const SPAN_FLAG = 512;

/** Rows [from, to) as SharedRows, or null when none of them is in shared memory (standard input, a converted encoding). */
export function shareRows(rows: readonly Row[], from: number, to: number, withCells: boolean): SharedRows | null {
  const n = to - from;
  const line = new Int32Array(n);
  const sheetRow = new Int32Array(n);
  const start = new Int32Array(n);
  const end = new Int32Array(n);
  const flags = new Uint16Array(n);
  const cellRows: [number, readonly string[]][] = [];
  let shared: SourceRow["source"] | null = null; // the rows' source, once its bytes are known to be shared
  for (let i = from; i < to; i++) {
    const row = rows[i]!;
    const k = i - from;
    line[k] = row.line;
    sheetRow[k] = row.sheetRow;
    const own =
      row instanceof SourceRow && (row.source === shared || (shared === null && row.source.bytes.buffer instanceof SharedArrayBuffer));
    if (own) {
      shared = (row as SourceRow).source;
      const r = row as SourceRow;
      start[k] = r.start;
      end[k] = r.end;
      flags[k] = r.written | (r.quoted ? QUOTED_FLAG : 0) | SPAN_FLAG;
    } else if (withCells) cellRows.push([i, row.cells]);
  }
  if (shared === null) return null;
  return { bytes: shared.bytes, delimiter: shared.delimiter, from, line, sheetRow, start, end, flags, cellRows };
}

/** One of the rows again, in the thread that received them (a new object each time it is asked for). */
export function rowReader(shared: SharedRows): (index: number) => Row {
  const source = {
    bytes: Buffer.from(shared.bytes.buffer, shared.bytes.byteOffset, shared.bytes.length),
    delimiter: shared.delimiter,
  };
  const { from, line, sheetRow, start, end, flags } = shared;
  const cells = new Map(shared.cellRows);
  return (index) => {
    const k = index - from;
    const f = flags[k]!;
    if ((f & SPAN_FLAG) !== 0)
      return new SourceRow(line[k]!, sheetRow[k]!, source, start[k]!, end[k]!, (f & QUOTED_FLAG) !== 0, f & ~(QUOTED_FLAG | SPAN_FLAG));
    const found = cells.get(index);
    if (found === undefined) throw new Error(`row ${index} was not shared`);
    return { line: line[k]!, sheetRow: sheetRow[k]!, cells: found };
  };
}

/**
 * Rows [from, to) of the shared ones (all by default), in an array whose other places are empty, as are
 * those of rows not kept as bytes whose cells were not sent.
 */
export function receiveRows(shared: SharedRows, from = shared.from, to = shared.from + shared.flags.length): Row[] {
  const read = rowReader(shared);
  const rows: Row[] = new Array<Row>(to);
  for (let i = from; i < to; i++) if ((shared.flags[i - shared.from]! & SPAN_FLAG) !== 0) rows[i] = read(i);
  for (const [i, cells] of shared.cellRows)
    if (i >= from && i < to) rows[i] = { line: shared.line[i - shared.from]!, sheetRow: shared.sheetRow[i - shared.from]!, cells };
  return rows;
}
