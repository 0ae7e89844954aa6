import { parse } from "csv-parse/sync";
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

  it("can leave formulas and the BOM out, for tools that are not spreadsheets", () => {
    expect(formatCsv([["=1+2"]], { bom: false, escapeFormulas: false })).toBe("=1+2\r\n");
  });
});
