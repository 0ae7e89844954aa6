import { parse, type Options } from "csv-parse/sync";
import fc from "fast-check";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { readRecords, recordCells, SourceRow } from "../../src/io/csv-records.js";
import { decodeExport } from "../../src/io/decode.js";
import { formatCsv } from "../../src/io/csv-stream.js";
import { detectDelimiter, scanRecords } from "../../src/io/parse-export.js";
import { ROOT } from "../helpers/run.js";

/**
 * nest's fast CSV reader against the reference, csv-parse with parseExport's options: wherever the fast
 * reader answers, it must give exactly csv-parse's records, and the lines scanRecords gives them; and a
 * cell read alone (SourceRow.cell) must be that record's cell.
 */

const OPTIONS = (delimiter: string): Options => ({
  delimiter,
  record_delimiter: ["\r\n", "\n", "\r"],
  relax_column_count: true,
  relax_quotes: true,
  skip_empty_lines: false,
});

type Read = { ok: false } | { ok: true; records: string[][]; lines: number[] };

function fastRead(text: string | Buffer, delimiter: string): Read {
  const records: string[][] = [];
  const lines: number[] = [];
  const bytes = typeof text === "string" ? Buffer.from(text, "utf8") : text;
  const ok = readRecords(bytes, delimiter, (start, end, cells, quoted, line) => {
    const record = recordCells(bytes, start, end, quoted, delimiter);
    expect(record.length).toBe(cells);
    // A single cell read alone is the same cell ("" past the last one).
    const row = new SourceRow(line, line, { bytes, delimiter }, start, end, quoted, 0);
    for (let k = 0; k <= cells; k++) expect(row.cell(k)).toBe(record[k] ?? "");
    records.push(record);
    lines.push(line);
  });
  return ok ? { ok, records, lines } : { ok };
}

function agreesWithCsvParse(text: string | Buffer, delimiter: string): boolean {
  const bytes = typeof text === "string" ? Buffer.from(text, "utf8") : text;
  const fast = fastRead(bytes, delimiter);
  if (!fast.ok) return false;
  expect(fast.records).toEqual(parse(bytes, OPTIONS(delimiter)));
  expect(fast.lines).toEqual(scanRecords(bytes, delimiter).starts);
  return true;
}

const DELIMITER = fc.constantFrom(",", ";", "\t");

describe("readRecords reads exactly what csv-parse reads", () => {
  it("on random text, wherever it does not hand over to csv-parse", () => {
    const piece = fc.constantFrom("a", "é", "😀", " ", ",", ";", "\t", '"', '""', "\r", "\n", "\r\n", "x y");
    let answered = 0;
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 40 }), DELIMITER, (pieces, delimiter) => {
        if (agreesWithCsvParse(pieces.join(""), delimiter)) answered++;
      }),
      { numRuns: 3000 },
    );
    expect(answered).toBeGreaterThan(300); // the comparison ran often, not only on hand-overs
  });

  it("on any table written as CSV, and never hands such a file over", () => {
    const cell = fc.oneof(
      fc.string({ maxLength: 10 }),
      fc.constantFrom("", "a,b", 'say "hi"', "a\nb", "a\r\nb", "\r", ";", "\t", "Nguyễn"),
    );
    const table = fc.array(fc.array(cell, { minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 8 });
    fc.assert(
      fc.property(table, fc.constantFrom(0 as const, 1 as const, 2 as const), (rows, guard) => {
        const text = formatCsv(rows, { bom: false, guard });
        expect(agreesWithCsvParse(text, ",")).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });

  it.each([
    ["a quote inside an unquoted cell", 'a,b"c\n'],
    ["text after a closing quote", '"a"b,c\n'],
    ["a space before a closing quote's delimiter", '"a" ,c\n'],
    ["a quote never closed", 'a,"b\nc\n'],
  ])("hands over %s", (_, text) => {
    expect(fastRead(text, ",").ok).toBe(false);
  });

  it.each([
    ["empty", "", []],
    ["one empty line", "\n", [[""]]],
    ["blank lines kept", "a\n\nb", [["a"], [""], ["b"]]],
    ["CR then CRLF", "a\r\r\nb", [["a"], [""], ["b"]]],
    ["quoted line breaks", '"x\r\ny",z\r\n', [["x\r\ny", "z"]]],
    ["doubled quotes", '"say ""hi""",""\n', [['say "hi"', ""]]],
    ["trailing delimiter", "a,\n", [["a", ""]]],
  ])("%s", (_, text, records) => {
    expect(fastRead(text, ",")).toMatchObject({ ok: true, records });
    expect(agreesWithCsvParse(text, ",")).toBe(true);
  });

  const CORPUS = join(ROOT, "test", "corpus");
  const files = (dir: string): string[] =>
    readdirSync(dir).flatMap((name) => (statSync(join(dir, name)).isDirectory() ? files(join(dir, name)) : [join(dir, name)]));
  const csvFiles = files(CORPUS).filter((f) => /\.(csv|tsv|psv|ssv)$/.test(f));

  it.each(csvFiles.map((f) => [relative(CORPUS, f), f]))("on the corpus: %s", (label, path) => {
    let utf8: Buffer;
    try {
      utf8 = decodeExport(readFileSync(path), label).utf8;
    } catch {
      return; // refused before parsing (encoding, NUL): the corpus test covers the message
    }
    const delimiter = detectDelimiter(utf8);
    let reference: unknown;
    try {
      reference = parse(utf8, OPTIONS(delimiter));
    } catch {
      expect(fastRead(utf8, delimiter).ok).toBe(false); // csv-parse refuses it: so must the fast reader
      return;
    }
    const fast = fastRead(utf8, delimiter);
    if (fast.ok) expect(fast.records).toEqual(reference);
  });
});
