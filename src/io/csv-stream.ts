import { createHash } from "node:crypto";
import { isRowLine, type OutputLine } from "../core/outputs.js";
import { AS_WRITTEN, SourceRow } from "./csv-records.js";
import { formatCsvCells, formatCsvLine, type CsvFormatOptions } from "./format-csv.js";

/** A CSV output as lines made on demand, so a million-row file is never held whole in memory. */
export interface CsvOutput {
  name: string;
  rows: () => Iterable<OutputLine>;
}

const CHUNK_BYTES = 1 << 20;

/**
 * Writes lines as CSV in chunks of about a megabyte, hands each chunk to `sink` (which may keep it), and
 * returns the SHA-256 of all of them: the same bytes that are written are the ones hashed. An applicant's
 * row that stands in a comma-separated export exactly as nest would write it is copied from the export's
 * bytes (SourceRow.written); every other row is formatted from its cells.
 */
export function streamCsv(lines: Iterable<OutputLine>, options: CsvFormatOptions, sink: (chunk: Buffer) => void): string {
  const hash = createHash("sha256");
  let chunk = Buffer.allocUnsafe(CHUNK_BYTES);
  let used = 0;
  const flush = () => {
    if (used === 0) return;
    const bytes = chunk.subarray(0, used);
    hash.update(bytes);
    sink(bytes);
    chunk = Buffer.allocUnsafe(CHUNK_BYTES);
    used = 0;
  };
  const text = (s: string) => {
    // A UTF-16 code unit is at most three UTF-8 bytes.
    if (used + 3 * s.length > CHUNK_BYTES) flush();
    if (3 * s.length > CHUNK_BYTES) {
      const bytes = Buffer.from(s, "utf8");
      hash.update(bytes);
      sink(bytes);
    } else used += chunk.write(s, used, "utf8");
  };
  const copy = (from: Buffer, start: number, end: number) => {
    if (used + (end - start) > CHUNK_BYTES) flush();
    if (end - start > CHUNK_BYTES) {
      const bytes = Buffer.from(from.subarray(start, end));
      hash.update(bytes);
      sink(bytes);
    } else used += from.copy(chunk, used, start, end);
  };

  const escape = options.escapeFormulas;
  const asWritten = escape ? AS_WRITTEN.escaping : AS_WRITTEN.plain;
  if (options.bom) text("\uFEFF");
  for (const line of lines) {
    if (!isRowLine(line)) {
      text(formatCsvLine(line, escape));
      continue;
    }
    const { row } = line;
    if (row instanceof SourceRow && (row.written & asWritten) !== 0) {
      text(`${formatCsvCells(line.lead, escape)},`);
      copy(row.source.bytes, row.start, row.end);
      text("\r\n");
    } else text(`${formatCsvCells(line.lead, escape)},${formatCsvCells(row.cells, escape)}\r\n`);
  }
  flush();
  return hash.digest("hex");
}

/** A whole CSV as a string (small outputs: `nest check`, and verify's description of a difference). */
export function formatCsv(lines: Iterable<OutputLine>, options: CsvFormatOptions): string {
  const chunks: Buffer[] = [];
  streamCsv(lines, options, (chunk) => chunks.push(chunk));
  return Buffer.concat(chunks).toString("utf8");
}
