import { parse } from "csv-parse/sync";
import { stringify } from "csv-stringify/sync";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatCsv, neutraliseFormula } from "../../src/io/format-csv.js";

describe("neutraliseFormula", () => {
  it.each([
    ["=1+2", "'=1+2"],
    ['=HYPERLINK("http://evil.example","Click")', `'=HYPERLINK("http://evil.example","Click")`],
    ["+1+1", "'+1+1"],
    ["-2+3", "'-2+3"],
    ["@SUM(1,2)", "'@SUM(1,2)"],
    ["\t=1", "'\t=1"],
    ["\r=1", "'\r=1"],
    ["\n=1", "'\n=1"],
    ["＝1+2", "'＝1+2"],
    ["+1 (555) 010-0000", "'+1 (555) 010-0000"],
    ["@username", "'@username"],
    [" =1+1", "' =1+1"],
    ["\u00a0@SUM(1)", "'\u00a0@SUM(1)"],
    // Not formulas: left alone
    ["-5", "-5"],
    ["+3.5", "+3.5"],
    ["José", "José"],
    ["a=b", "a=b"],
    ["", ""],
  ])("%j -> %j", (cell, expected) => {
    expect(neutraliseFormula(cell)).toBe(expected);
  });
});

describe("formatCsv", () => {
  it("writes CRLF, a BOM, quotes neutralised cells, and round-trips", () => {
    const table = [
      ["Name", "Note"],
      ["Nguyễn", "=1+2"],
      ["José", "line\nbreak, comma"],
    ];
    const text = formatCsv(table, { bom: true, escapeFormulas: true });
    expect(text).toBe('\uFEFFName,Note\r\nNguyễn,"\'=1+2"\r\nJosé,"line\nbreak, comma"\r\n');
    expect(parse(text, { bom: true })).toEqual([
      ["Name", "Note"],
      ["Nguyễn", "'=1+2"],
      ["José", "line\nbreak, comma"],
    ]);
  });

  it("quotes cells holding a semicolon or tab, so a semicolon-locale spreadsheet keeps them whole", () => {
    expect(formatCsv([["a;=1+2", "b\tc", "ok"]], { bom: false, escapeFormulas: true })).toBe('"a;=1+2","b\tc",ok\r\n');
  });

  it("quotes a lone line feed or carriage return, which csv-stringify leaves bare with CRLF records", () => {
    expect(formatCsv([["a\nb", "c\rd"]], { bom: false, escapeFormulas: false })).toBe('"a\nb","c\rd"\r\n');
    expect(parse(formatCsv([["a\nb", "x"]], { bom: false, escapeFormulas: false }))).toEqual([["a\nb", "x"]]);
  });

  it("can leave formulas and the BOM out, for tools that are not spreadsheets", () => {
    expect(formatCsv([["=1+2"]], { bom: false, escapeFormulas: false })).toBe("=1+2\r\n");
  });
});

describe("nest's CSV writer is byte for byte csv-stringify (told to quote every line break)", () => {
  // csv-stringify with CRLF record delimiters quotes a cell holding "\r\n" but not a lone "\n" or "\r",
  // which strict readers then split: nest quotes both, so the oracle is told to as well.
  const cell = fc.oneof(
    fc.string({ maxLength: 12 }),
    fc.constantFrom(
      "",
      " ",
      "a,b",
      'say "hi"',
      "a\nb",
      "a\r\nb",
      "\r",
      ";",
      "\t",
      "=1+2",
      "-5",
      "+1 (555)",
      "@x",
      " =1",
      "'=1",
      "Nguyễn",
      "x;y",
    ),
  );
  const table = fc.array(fc.array(cell, { minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 8 });

  it.each([true, false])("escapeFormulas %s", (escapeFormulas) => {
    fc.assert(
      fc.property(table, (rows) => {
        const oracle = stringify(escapeFormulas ? rows.map((r) => r.map(neutraliseFormula)) : rows, {
          record_delimiter: "windows",
          quoted_match: escapeFormulas ? /^'|[;\t\r\n]/ : /[\r\n]/,
        });
        expect(formatCsv(rows, { bom: false, escapeFormulas })).toBe(oracle);
      }),
      { numRuns: 500 },
    );
  });
});
