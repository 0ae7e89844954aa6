import { describe, expect, it } from "vitest";
import { NestError } from "../../src/errors.js";
import { detectDelimiter, parseExport } from "../../src/io/parse-export.js";

function problem(fn: () => unknown): NestError {
  try {
    fn();
  } catch (error) {
    if (error instanceof NestError) return error;
    throw error;
  }
  throw new Error("expected a NestError");
}

describe("parseExport reads what spreadsheets write", () => {
  it.each([
    ["LF", "a,b\n1,2\n3,4\n"],
    ["CRLF", "a,b\r\n1,2\r\n3,4\r\n"],
    ["CR", "a,b\r1,2\r3,4\r"],
    ["mixed", "a,b\r\n1,2\n3,4\r"],
    ["no final newline", "a,b\n1,2\n3,4"],
    ["semicolon", "a;b\n1;2\n3;4\n"],
    ["tab", "a\tb\n1\t2\n3\t4\n"],
    ["sep hint", "sep=;\na;b\n1;2\n3;4\n"],
  ])("%s", (_, text) => {
    const parsed = parseExport(text, "f.csv");
    expect(parsed.headers).toEqual(["a", "b"]);
    expect(parsed.rows.map((r) => r.cells)).toEqual([
      ["1", "2"],
      ["3", "4"],
    ]);
  });

  it("gives each row the line it starts on, across quoted line breaks, blank lines and a sep= hint", () => {
    const text = 'sep=,\r\nname,note\r\n"Ann","two\r\nlines"\r\n\r\n,\r\nBo,"x\ny\rz"\r\nCy,ok\r\n';
    // lines: 1 sep, 2 header, 3-4 Ann, 5 blank, 6 comma-only, 7-9 Bo, 10 Cy
    const parsed = parseExport(text, "f.csv");
    expect(parsed.rows.map((r) => [r.line, r.cells[0]])).toEqual([
      [3, "Ann"],
      [7, "Bo"],
      [10, "Cy"],
    ]);
    expect(parsed.rows[0]!.cells[1]).toBe("two\r\nlines");
    expect(parsed.blankLines).toBe(2);
  });

  it("keeps quoted delimiters and doubled quotes", () => {
    const parsed = parseExport('a,b\n"x, y","say ""hi"""\n', "f.csv");
    expect(parsed.rows[0]!.cells).toEqual(["x, y", 'say "hi"']);
  });

  it("drops Excel's trailing empty columns and pads short rows", () => {
    const parsed = parseExport("a,b,,\n1,2,,\n3\n", "f.csv");
    expect(parsed.headers).toEqual(["a", "b"]);
    expect(parsed.rows.map((r) => r.cells)).toEqual([
      ["1", "2"],
      ["3", ""],
    ]);
  });

  it("names an unnamed column that holds data", () => {
    expect(parseExport("a,,c\n1,2,3\n", "f.csv").headers).toEqual(["a", "Column 2", "c"]);
  });

  it("trims spaces around header names", () => {
    expect(parseExport(" Email Address \u00a0,b\n1,2\n", "f.csv").headers).toEqual(["Email Address", "b"]);
  });
});

describe("parseExport reports structural problems", () => {
  it("an unclosed quote: the line and column where it opens", () => {
    const e = problem(() => parseExport('a,b\n1,2\n3,"four\n5,6\n7,8\n', "f.csv"));
    expect(e.message).toBe(
      'f.csv, line 3, column 2: a quoted cell opens here and is never closed (a " is missing), so the rest of the file would be one cell',
    );
  });

  it("every row with too many cells, at once", () => {
    const e = problem(() => parseExport("a,b\n1,2,3\n4,5\n6,7,8,9\n", "f.csv"));
    expect(e.message).toBe("f.csv: the file has 2 problems");
    expect(e.details).toEqual(["line 2: 3 cells, but the header has 2 columns", "line 4: 4 cells, but the header has 2 columns"]);
  });

  it("names every one of 20,000 rows with too many cells (no rescanning of the file per row)", () => {
    const text = "a,b\n" + "1,2,3\n".repeat(20000);
    const e = problem(() => parseExport(text, "f.csv"));
    expect(e.details).toHaveLength(20000);
    expect(e.details[19999]).toBe("line 20001: 3 cells, but the header has 2 columns");
  });

  it("a header used twice names both columns", () => {
    const e = problem(() => parseExport("Email,Name,email\n1,2,3\n", "f.csv"));
    expect(e.message).toBe('f.csv, line 1: columns 1 and 3 are both called "email"');
  });

  it.each([
    ["", "line 1: the first line should be the header row"],
    ["\n\n", "line 1: the first line should be the header row"],
    ["a,b\n", "the header row is there, but no applicants follow it"],
    ["a,b\n,\n\n", "the header row is there, but no applicants follow it"],
  ])("%j", (text, message) => {
    expect(problem(() => parseExport(text, "f.csv")).message).toContain(message);
  });

  it("keeps stray quotes as text, as spreadsheets do", () => {
    const parsed = parseExport('a,b\n1,2 "x"\n3,"4"x\n', "f.csv");
    expect(parsed.rows.map((r) => [r.line, ...r.cells])).toEqual([
      [2, "1", '2 "x"'],
      [3, "3", '"4"x'],
    ]);
  });
});

describe("detectDelimiter", () => {
  it.each([
    ["a,b;c\n", ","],
    ["a;b;c,d\n", ";"],
    ["a\tb\tc\n", "\t"],
    ['"x;y;z",b\n', ","],
    ["single\n1;2;3\n", ","],
  ])("%j -> %j", (text, delimiter) => {
    expect(detectDelimiter(text)).toBe(delimiter);
  });
});

describe("the row a spreadsheet shows", () => {
  // Row 2: a cell over two lines; row 3 blank; row 4; row 5 only commas; row 6.
  const text = 'Email,Name\r\na@x.org,"multi\nline"\r\n\r\nb@x.org,plain\r\n,\r\nc@x.org,C\r\n';
  it.each([
    ["read by nest's reader", text, ["2/2", "5/4", "7/6"]],
    ["read by csv-parse (a stray quote)", text.replace("plain", 'pla"in'), ["2/2", "5/4", "7/6"]],
    ["after Excel's sep= line, which a spreadsheet does not show", `sep=;\r\n${text.replaceAll(",", ";")}`, ["3/2", "6/4", "8/6"]],
  ])("counts every record, blank ones too, and a cell's line breaks not at all (%s)", (_, input, expected) => {
    expect(parseExport(Buffer.from(input), "x.csv").rows.map((r) => `${r.line}/${r.sheetRow}`)).toEqual(expected);
  });
});

describe("Excel's sep= line that names no separator (issue #11)", () => {
  it.each([
    ["sep= and a line feed", "sep=\nEmail,District\na@b.org,3\n"],
    ["sep= and a carriage return", "sep=\r\nEmail,District\r\na@b.org,3\r\n"],
    ["a quote", 'sep="\nEmail,District\na@b.org,3\n'],
    ["two characters", "sep=;;\nEmail;District\na@b.org;3\n"],
  ])("is refused at line 1 (%s), never read with a line break as the separator", (_, text) => {
    expect(() => parseExport(text, "x.csv")).toThrow(/^x\.csv, line 1: the first line should name one separator character after "sep="/);
  });
});
