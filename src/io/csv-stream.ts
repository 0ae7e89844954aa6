import { createHash } from "node:crypto";
import { formatCsvLine, type CsvFormatOptions } from "./format-csv.js";

/** A CSV output as rows made on demand, so a million-row file is never held whole in memory. */
export interface CsvOutput {
  name: string;
  rows: () => Iterable<readonly string[]>;
}

const CHUNK_CHARS = 1 << 20;

/**
 * Formats rows as CSV in chunks of about a megabyte, hands each chunk's UTF-8 bytes to `sink`, and
 * returns the SHA-256 of all of them: the same bytes that are written are the ones hashed.
 */
export function streamCsv(rows: Iterable<readonly string[]>, options: CsvFormatOptions, sink: (chunk: Buffer) => void): string {
  const hash = createHash("sha256");
  let text = options.bom ? "\uFEFF" : "";
  const flush = () => {
    const bytes = Buffer.from(text, "utf8");
    hash.update(bytes);
    sink(bytes);
    text = "";
  };
  for (const row of rows) {
    text += formatCsvLine(row, options.escapeFormulas);
    if (text.length >= CHUNK_CHARS) flush();
  }
  flush();
  return hash.digest("hex");
}
