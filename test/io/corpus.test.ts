import { parse } from "csv-parse/sync";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { NestError } from "../../src/errors.js";
import { decodeExport, type Encoding } from "../../src/io/decode.js";
import { formatCsv } from "../../src/io/csv-stream.js";
import { restoreFormula } from "../../src/io/format-csv.js";
import { parseExport, type ParsedExport } from "../../src/io/parse-export.js";
import { ROOT } from "../helpers/run.js";

/** Public CSV test suites (test/corpus, see NOTICE.md and SOURCES.md there) through nest's reader and writer. */

const CORPUS = join(ROOT, "test", "corpus");

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
}

type Outcome = { ok: true; parsed: ParsedExport } | { ok: false; error: NestError };

function read(path: string, encoding?: Encoding): Outcome {
  const label = relative(CORPUS, path);
  try {
    const decoded = decodeExport(readFileSync(path), label, encoding);
    return { ok: true, parsed: parseExport(decoded.utf8, label) };
  } catch (error) {
    if (error instanceof NestError) return { ok: false, error };
    throw error; // anything else is a crash: the test fails
  }
}

function rowsAsObjects(parsed: ParsedExport): Record<string, string>[] {
  return parsed.rows.map((r) => Object.fromEntries(parsed.headers.map((h, i) => [h, r.cells[i] ?? ""])));
}

const CSV_FILES = files(CORPUS).filter((f) => /\.(csv|tsv|psv|ssv)$/.test(f));

describe("every file in the corpus", () => {
  it("there are files to read", () => {
    expect(CSV_FILES.length).toBeGreaterThan(60);
  });

  it.each(CSV_FILES.map((f) => [relative(CORPUS, f), f]))(
    "%s parses, or is rejected with a message naming file and line",
    (label, path) => {
      const outcome = read(path);
      if (outcome.ok) {
        for (const row of outcome.parsed.rows) {
          expect(row.line).toBeGreaterThan(1);
          for (const cell of row.cells) expect(cell).not.toMatch(/[\u0000\uFFFD]/);
        }
      } else {
        expect(outcome.error.exitCode).toBe(2);
        expect(outcome.error.message.startsWith(label)).toBe(true);
        const fileLevel = /the file is empty|no applicants follow/.test(outcome.error.message);
        if (!fileLevel) expect(`${outcome.error.message}\n${outcome.error.details.join("\n")}`).toMatch(/line \d+/);
      }
    },
  );
});

describe("csv-spectrum: the expected parses", () => {
  const names = readdirSync(join(CORPUS, "csv-spectrum", "csvs")).map((f) => f.replace(/\.csv$/, ""));
  it.each(names.filter((n) => n !== "location_coordinates"))("%s", (name) => {
    const expected = JSON.parse(readFileSync(join(CORPUS, "csv-spectrum", "json", `${name}.json`), "utf8"));
    const outcome = read(join(CORPUS, "csv-spectrum", "csvs", `${name}.csv`));
    if (!outcome.ok) throw outcome.error;
    expect(rowsAsObjects(outcome.parsed)).toEqual(expected);
  });

  it("location_coordinates already holds U+FFFD (its degree signs were lost upstream): rejected at line 2", () => {
    const outcome = read(join(CORPUS, "csv-spectrum", "csvs", "location_coordinates.csv"));
    expect(outcome.ok).toBe(false);
    if (!outcome.ok) expect(outcome.error.message).toContain("location_coordinates.csv, line 2: holds characters that are not valid");
  });
});

describe("W3C CSVW tests", () => {
  const expectedRows = (name: string) =>
    (
      JSON.parse(readFileSync(join(CORPUS, "w3c-csvw", `${name}.json`), "utf8")) as {
        tables: { row: { describes: Record<string, string>[] }[] }[];
      }
    ).tables[0]!.row.map((r) => r.describes[0]!);
  it.each(["test001", "test002"])("%s gives the expected rows", (name) => {
    const outcome = read(join(CORPUS, "w3c-csvw", `${name}.csv`));
    if (!outcome.ok) throw outcome.error;
    expect(rowsAsObjects(outcome.parsed)).toEqual(expectedRows(name));
  });

  it("test003 (spaces around every field): the same values once trimmed, as nest trims before comparing", () => {
    const outcome = read(join(CORPUS, "w3c-csvw", "test003.csv"));
    if (!outcome.ok) throw outcome.error;
    const trimmed = rowsAsObjects(outcome.parsed).map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, v.trim()])));
    expect(trimmed).toEqual(
      expectedRows("test003").map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, String(v).trim()]))),
    );
  });

  it("test055 (comma-only rows) skips the blank rows: the values are the expected ones", () => {
    const outcome = read(join(CORPUS, "w3c-csvw", "test055.csv"));
    if (!outcome.ok) throw outcome.error;
    expect(outcome.parsed.blankLines).toBeGreaterThan(0);
    // The metadata renames columns and converts dates; the other values are as written.
    expect(outcome.parsed.rows.map((r) => r.cells.slice(0, 4))).toEqual(
      expectedRows("test055").map((r) => [r.GID, r.on_street, r.species, r.trim_cycle]),
    );
  });

  it("test091 (short rows) pads them with empty cells, as spreadsheets do", () => {
    const outcome = read(join(CORPUS, "w3c-csvw", "test091.csv"));
    if (!outcome.ok) throw outcome.error;
    expect(outcome.parsed.rows.map((r) => r.cells)).toEqual([
      ["1", "2", "3"],
      ["1", "2", ""],
      ["1", "", ""],
    ]);
  });

  it("manifest.csv, a CR-only file with quoted commas, parses with every row on its own line", () => {
    const outcome = read(join(CORPUS, "w3c-csvw", "manifest.csv"));
    if (!outcome.ok) throw outcome.error;
    const text = readFileSync(join(CORPUS, "w3c-csvw", "manifest.csv"), "utf8");
    expect(outcome.parsed.rows.length).toBe(parse(text, { relax_column_count: true, skip_empty_lines: true }).length - 1);
    expect(new Set(outcome.parsed.rows.map((r) => r.line)).size).toBe(outcome.parsed.rows.length);
  });
});

describe("encodings from real exports", () => {
  it.each([
    ["node-csv/365-utf16le-bom-windows.csv", "utf-16le with BOM"],
    ["node-csv/365-utf8-bom-windows.csv", "utf-8 with BOM"],
  ])("%s reads as a,b,c / 1,2,3", (file, encoding) => {
    const bytes = readFileSync(join(CORPUS, file));
    expect(decodeExport(bytes, file).encoding).toBe(encoding);
    const outcome = read(join(CORPUS, file));
    if (!outcome.ok) throw outcome.error;
    expect(outcome.parsed.headers).toEqual(["a", "b", "c"]);
    expect(outcome.parsed.rows.map((r) => r.cells)).toEqual([["1", "2", "3"]]);
  });

  it.each(["csvkit/test_utf16_big.csv", "csvkit/test_utf16_little.csv"])("%s (UTF-16 with BOM) reads its non-ASCII letter", (file) => {
    const utf16 = read(join(CORPUS, file));
    if (!utf16.ok) throw utf16.error;
    expect(utf16.parsed.headers).toEqual(["a", "b", "c"]);
    expect(utf16.parsed.rows.map((r) => r.cells)).toEqual([
      ["1", "2", "3"],
      ["4", "5", "ʤ"],
    ]);
  });

  it.each([
    ["csvkit/test_latin1.csv", "©"],
    ["node-csv/327.cws.csv", "Acentuação"],
    ["messytables-horror/spanish_chars.csv", "ñ"],
  ])("%s (Windows-1252) is refused naming its first bad line, and read with --encoding windows-1252", (file, text) => {
    const outcome = read(join(CORPUS, file));
    expect(outcome.ok).toBe(false);
    if (!outcome.ok) expect(outcome.error.message).toMatch(/line \d+: is not valid UTF-8.*--encoding windows-1252/);
    const decoded = read(join(CORPUS, file), "windows-1252");
    if (!decoded.ok) throw decoded.error;
    expect(JSON.stringify(decoded.parsed.rows.map((r) => r.cells))).toContain(text);
  });

  it("a NUL byte is refused as not text", () => {
    const outcome = read(join(CORPUS, "csvkit", "null_byte.csv"));
    expect(outcome.ok).toBe(false);
    if (!outcome.ok) expect(outcome.error.message).toMatch(/null_byte\.csv, line \d+: holds a NUL byte/);
  });
});

describe("structure", () => {
  it("csvkit/bad.csv: every row with too many cells is named", () => {
    const outcome = read(join(CORPUS, "csvkit", "bad.csv"));
    expect(outcome.ok).toBe(false);
    if (!outcome.ok) expect(outcome.error.message).toBe("csvkit/bad.csv, line 2: 4 cells, but the header has 3 columns");
  });

  it("csvkit/mac_newlines.csv: CR-only line ends with a CR inside quotes", () => {
    const outcome = read(join(CORPUS, "csvkit", "mac_newlines.csv"));
    if (!outcome.ok) throw outcome.error;
    expect(outcome.parsed.rows.length).toBeGreaterThan(0);
  });

  it("node-csv/411.csv: Excel's trailing extra comma is not an error", () => {
    const outcome = read(join(CORPUS, "node-csv", "411.csv"));
    if (!outcome.ok) throw outcome.error;
  });

  it("csv-parse's unclosed quote opened on line 4 (csv-parse says 5): nest names line 4", () => {
    const outcome = read(join(CORPUS, "csv-parse-inline", "quote_not_closed_line4.csv"));
    expect(outcome.ok).toBe(false);
    if (!outcome.ok) expect(outcome.error.message).toMatch(/quote_not_closed_line4\.csv, line 4, column 5: a quoted cell opens here/);
  });

  it("a BOM before a quoted header is not an invalid opening quote", () => {
    const outcome = read(join(CORPUS, "csv-parse-inline", "bom_then_quoted_header.csv"));
    if (!outcome.ok) throw outcome.error;
    expect(outcome.parsed.headers).toEqual(["a", "b", "c"]);
  });

  it("CPython's cases: nest accepts what Python accepts, except an unclosed quote, which it never silently accepts", () => {
    const cases = JSON.parse(readFileSync(join(CORPUS, "python-csv", "cases.json"), "utf8")) as {
      input: string;
      strict: boolean;
      expect: unknown;
    }[];
    for (const c of cases.filter((x) => !x.strict)) {
      let outcome: Outcome;
      try {
        outcome = { ok: true, parsed: parseExport(`h1,h2,h3\n${c.input}`, "case.csv") };
      } catch (error) {
        if (!(error instanceof NestError)) throw error;
        outcome = { ok: false, error };
      }
      if (!outcome.ok) expect(outcome.error.message).toMatch(/line \d+|no applicants follow/);
    }
  });
});

describe("formula payloads (PayloadsAllTheThings, OWASP)", () => {
  const payloads = JSON.parse(readFileSync(join(CORPUS, "formula-injection", "payloads.json"), "utf8")) as string[];
  const TRIGGER = /^[\u00a0]*[=+\-@＝＋－＠]/;
  // What a spreadsheet would run, importing on commas: a trigger first, or after leading spaces; plain numbers are numbers.
  const runnable = (cell: string) => /^[\t\r\n]|^[ \u00a0]*[=+\-@＝＋－＠]/.test(cell) && !/^[+-]?\d+(\.\d+)?$/.test(cell);
  // Guard 2: what an import splitting on semicolons, tabs, spaces or line breaks would make a cell of, anywhere.
  const fragments = (cell: string) => cell.split(/[;\t \r\n]/);

  it.each(payloads.map((p) => [JSON.stringify(p), p]))("%s is written as text, and reads back to the same value", (_, payload) => {
    for (const guard of [1, 2] as const) {
      const text = formatCsv([["Name"], [payload]], { bom: true, guard });
      const [, [cell]] = parse(text, { bom: true }) as [string[], string[]];
      expect(runnable(cell!)).toBe(false);
      if (runnable(payload)) {
        expect(cell).not.toBe(payload);
        if (guard === 1) expect(text).toContain(`"'`); // prefixed and quoted as a whole
      } else if (guard === 1) expect(cell).toBe(payload); // legitimate look-alikes ("-5", "@" inside text) are left alone
      if (/[;\t]/.test(payload)) expect(text).toMatch(/\r\n"/); // a semicolon-locale spreadsheet keeps it one cell
      if (guard === 1)
        expect(restoreFormula(cell!, 1)).toBe(payload === "'=1+1" ? "=1+1" : payload); // guard 1 is not invertible
      else {
        expect(restoreFormula(cell!, 2)).toBe(payload);
        const split = fragments(cell!);
        split.forEach((f, k) => expect(TRIGGER.test(f) && !(k === 0 && split.length === 1 && !runnable(f))).toBe(false));
      }
    }
  });

  it("OWASP's examples come out exactly as OWASP escapes them with guard 1, and guard 2 also guards after the semicolon", () => {
    const examples = JSON.parse(readFileSync(join(CORPUS, "formula-injection", "owasp_examples.json"), "utf8")) as {
      input: string;
      escaped_output: string;
    }[];
    for (const { input, escaped_output } of examples) {
      expect(formatCsv([[input]], { bom: false, guard: 1 })).toBe(`${escaped_output}\r\n`);
    }
    expect(examples.map(({ input }) => formatCsv([[input]], { bom: false, guard: 2 }))).toEqual([
      `"'=1+2"";'=1+2"\r\n`,
      `"'=1+2'"" ;,=1+2"\r\n`,
    ]);
  });
});
