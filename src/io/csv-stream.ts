import { createHash } from "node:crypto";
import { isRowLine, type OutputLine } from "../core/outputs.js";
import { SourceRow } from "./csv-records.js";
import { carefulAfterSeparator, cellKinds, formatCsvCell, startsPlain, type CsvFormatOptions, type FormulaGuard } from "./format-csv.js";

const CHUNK_BYTES = 1 << 20;

/**
 * Writes lines as CSV in chunks of about a megabyte, hands each chunk to `sink`, and returns the SHA-256 of
 * all of them: the same bytes that are written are the ones hashed. An applicant's row that stands in a
 * comma-separated export exactly as nest would write it is copied from the export's bytes
 * (SourceRow.formatted); every other row is formatted from its cells. A sink that keeps the chunks it is
 * given says so (`sinkKeeps`); otherwise one chunk is filled again and again (a fresh megabyte each time
 * costs its pages' first touch: 250 of them).
 */
export function streamCsv(
  lines: Iterable<OutputLine>,
  options: CsvFormatOptions,
  sink: (chunk: Buffer) => void,
  sinkKeeps = false,
): string {
  const out = new ChunkWriter(options.guard, sink, sinkKeeps);
  if (options.bom) out.text("\uFEFF");
  for (const line of lines) {
    if (!isRowLine(line)) out.cells(line);
    else {
      out.cells(line.lead);
      out.byte(COMMA);
      const { row } = line;
      if (row instanceof SourceRow && row.formatted(options.guard)) out.copy(row.source.bytes, row.start, row.end);
      else out.cells(row.cells);
    }
    out.byte(CR);
    out.byte(LF);
  }
  return out.finish();
}

const COMMA = 0x2c;
const CR = 0x0d;
const LF = 0x0a;
/** A kind (format-csv.ts cellKinds) that needs no quotes but starts a fragment for guard 2: a space. */
const SEPARATOR_ONLY = 2;

/** Bytes into megabyte chunks, hashed and handed on as each fills (a fresh chunk each time only for a sink that keeps them). */
class ChunkWriter {
  private chunk = Buffer.allocUnsafe(CHUNK_BYTES);
  private used = 0;
  private readonly hash = createHash("sha256");
  private readonly kinds: Uint8Array;

  constructor(
    private readonly guard: FormulaGuard,
    private readonly sink: (chunk: Buffer) => void,
    private readonly sinkKeeps: boolean,
  ) {
    this.kinds = cellKinds(guard);
  }

  /** Cells, comma-separated, as formatCsvCell writes each (test/io/format-csv.test.ts checks the bytes against csv-stringify). */
  cells(cells: readonly string[]): void {
    for (let i = 0; i < cells.length; i++) {
      if (i > 0) this.byte(COMMA);
      this.cell(cells[i]!);
    }
  }

  private cell(cell: string): void {
    const n = cell.length;
    if (n === 0) return;
    // Fast path (names, IDs, numbers, dates): ASCII that starts with a letter or digit and needs no quotes nor a
    // guard is its own bytes. Anything else is formatted as a string.
    if (startsPlain(cell.charCodeAt(0)) && n <= 256) {
      if (this.used + n > CHUNK_BYTES) this.flush();
      const { chunk, kinds } = this;
      const at = this.used;
      let i = 0;
      for (; i < n; i++) {
        const c = cell.charCodeAt(i);
        if (c >= 0x80) break;
        const kind = kinds[c]!;
        if (kind !== 0 && (kind !== SEPARATOR_ONLY || carefulAfterSeparator(cell.charCodeAt(i + 1)))) break;
        chunk[at + i] = c;
      }
      if (i === n) {
        this.used += n;
        return;
      }
    }
    this.text(formatCsvCell(cell, this.guard));
  }

  byte(b: number): void {
    if (this.used === CHUNK_BYTES) this.flush();
    this.chunk[this.used++] = b;
  }

  text(s: string): void {
    // A UTF-16 code unit is at most three UTF-8 bytes.
    if (this.used + 3 * s.length > CHUNK_BYTES) this.flush();
    if (3 * s.length > CHUNK_BYTES) this.emit(Buffer.from(s, "utf8"));
    else this.used += this.chunk.write(s, this.used, "utf8");
  }

  copy(from: Buffer, start: number, end: number): void {
    if (this.used + (end - start) > CHUNK_BYTES) this.flush();
    if (end - start > CHUNK_BYTES) this.emit(Buffer.from(from.subarray(start, end)));
    else this.used += from.copy(this.chunk, this.used, start, end);
  }

  finish(): string {
    this.flush();
    return this.hash.digest("hex");
  }

  private flush(): void {
    if (this.used === 0) return;
    this.emit(this.chunk.subarray(0, this.used));
    if (this.sinkKeeps) this.chunk = Buffer.allocUnsafe(CHUNK_BYTES);
    this.used = 0;
  }

  private emit(bytes: Buffer): void {
    this.hash.update(bytes);
    this.sink(bytes);
  }
}

/** A whole CSV as a string (small outputs: `nest check`, and verify's description of a difference). */
export function formatCsv(lines: Iterable<OutputLine>, options: CsvFormatOptions): string {
  const chunks: Buffer[] = [];
  streamCsv(lines, options, (chunk) => chunks.push(chunk), true);
  return Buffer.concat(chunks).toString("utf8");
}
