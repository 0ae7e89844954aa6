import { strToU8, zipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { digest } from "../../src/io/digest.js";
import { xlsxSource } from "../../src/io/sources/xlsx.js";
import { MAX_UNPACKED } from "../../src/io/workbook.js";
import { NestError } from "../../src/errors.js";
import { serialOf, workbook, type Cell } from "../helpers/xlsx.js";

/** The xlsx source alone: a workbook's bytes in, the table nest reads out (what check and draw then judge). */
async function read(bytes: Uint8Array, options: { sheet?: string; encoding?: "utf-8" } = {}) {
  return xlsxSource.read(bytes, { label: "form.xlsx", ...options, digest: (b, from) => async () => digest(b, from) });
}

async function refusal(bytes: Uint8Array, options: { sheet?: string; encoding?: "utf-8" } = {}): Promise<NestError> {
  const error = await read(bytes, options).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(NestError);
  expect((error as NestError).exitCode).toBe(2);
  return error as NestError;
}

const one = (rows: (Cell[] | null)[], extra: Partial<Parameters<typeof workbook>[0][0]> = {}) =>
  workbook([{ name: "Sheet1", rows, ...extra }]);

describe("the xlsx source", () => {
  it("reads each kind of cell as the text a CSV export of it would hold", async () => {
    const bytes = one([
      ["Text", "Number", "Flag", "Date", "Stamp", "Custom", "Formula", "Error", "Rich", "Inline"],
      [
        "  Ana  López ",
        95817,
        true,
        { serial: serialOf(2000, 7, 6), format: "date" },
        // A time as spreadsheets save it: a serial number a little under the second (18:07:14.99997).
        { serial: serialOf(2018, 5, 9, 18, 7, 15) - 3e-10, format: "datetime" },
        { serial: serialOf(2018, 5, 10, 9, 1, 0), format: "custom" },
        { formula: 'A2&"!"', value: "=not run" },
        { error: "#N/A" },
        { runs: ["Faith ", "community"] },
        { inline: "a@x.org" },
      ],
      ["x", { number: "0.10000000000000001" }, false, null, null, null, null, null, null, null],
      ["y", { number: "1.2345678901234568E+18" }, null, null, null, null, null, null, null, null],
    ]);
    const { table, record } = await read(bytes);
    expect(record).toEqual({ sheet: "Sheet1" });
    expect(table.headers).toEqual(["Text", "Number", "Flag", "Date", "Stamp", "Custom", "Formula", "Error", "Rich", "Inline"]);
    expect(table.rows.map((r) => [...r.cells])).toEqual([
      [
        "  Ana  López ",
        "95817",
        "TRUE",
        "2000-07-06",
        "2018-05-09 18:07:15",
        "2018-05-10 09:01:00",
        "=not run",
        // An error value reads as the cell shows it, which nest notes as spreadsheet damage, as in a CSV file.
        "#N/A",
        "Faith community",
        "a@x.org",
      ],
      ["x", "0.1", "FALSE", "", "", "", "", "", "", ""],
      ["y", "1234567890123456800", "", "", "", "", "", "", "", ""],
    ]);
  });

  it("reads dates in a workbook of the 1904 date system (old Excel for Mac)", async () => {
    const bytes = workbook([{ name: "S", rows: [["Date of birth"], [{ serial: serialOf(2000, 7, 6) - 1462, format: "date" }]] }], {
      date1904: true,
    });
    expect((await read(bytes)).table.rows[0]!.cells).toEqual(["2000-07-06"]);
  });

  it("takes the first row with text as the header, skips blank rows and keeps the row numbers the spreadsheet shows", async () => {
    // A title row's space above, a blank column A, a blank row 5: row numbers are the sheet's, for every message.
    const bytes = one([[], ["Email", "Name"], ["a@x.org", "Ann"], null, ["b@x.org", "Bo"], [null, null]], { firstRow: 2, firstColumn: 1 });
    const { table } = await read(bytes);
    expect(table.headers).toEqual(["Email", "Name"]);
    expect(table.rows.map((r) => [r.sheetRow, r.line, ...r.cells])).toEqual([
      [4, 4, "a@x.org", "Ann"],
      [6, 6, "b@x.org", "Bo"],
    ]);
  });

  it("names a column with data and no header as a spreadsheet does, and refuses two columns of one name", async () => {
    const named = await read(
      one([
        ["Email", null, "Name"],
        ["a@x.org", "note", "Ann"],
      ]),
    );
    expect(named.table.headers).toEqual(["Email", "Column 2", "Name"]);
    const twice = await refusal(
      one([
        ["Email", "email"],
        ["a@x.org", "b@x.org"],
      ]),
    );
    expect(twice.message).toBe('form.xlsx, sheet "Sheet1", row 1: columns 1 and 2 are both called "email"');
  });

  it("reads the first sheet, or the one --sheet names, and lists the sheets when that one is not there", async () => {
    const bytes = workbook([
      { name: "Form1", rows: [["Email"], ["a@x.org"]] },
      { name: "Notes", rows: [["Email"], ["n@x.org"]] },
    ]);
    expect((await read(bytes)).table.rows[0]!.cells).toEqual(["a@x.org"]);
    const notes = await read(bytes, { sheet: "Notes" });
    expect(notes.table.rows[0]!.cells).toEqual(["n@x.org"]);
    expect(notes.record).toEqual({ sheet: "Notes" });
    expect(notes.sheets).toEqual(["Form1", "Notes"]);
    const missing = await refusal(bytes, { sheet: "notes" });
    expect(missing.message).toBe('form.xlsx: has no sheet named "notes"; its sheets are: "Form1", "Notes" (--sheet NAME reads one)');
  });

  it("refuses what it cannot read with what to save it as, never with a stack trace", async () => {
    const xls = new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0]);
    expect(xlsxSource.recognises(xls, "old.xls")).toBe(true);
    expect((await refusal(xls)).message).toContain("is an Excel 97-2003 workbook (.xls) or a password-protected one");
    const ods = zipSync({ mimetype: strToU8("application/vnd.oasis.opendocument.spreadsheet"), "content.xml": strToU8("<x/>") });
    expect((await refusal(ods)).message).toBe("form.xlsx: is an OpenDocument spreadsheet (.ods): save it as .xlsx or as CSV");
    const zip = zipSync({ "readme.txt": strToU8("hello") });
    expect((await refusal(zip)).message).toContain("is a ZIP archive, but not an Excel workbook");
    const good = one([["Email"], ["a@x.org"]]);
    // Cut short by 40 bytes: every part is whole, but the index at the end is not, and Excel refuses it too.
    const cut = await refusal(good.subarray(0, good.length - 40));
    expect(cut.message).toBe(
      "form.xlsx: is not a readable ZIP archive, as an .xlsx workbook is (its index, at the end of the file, is missing: the file was cut short or is no ZIP archive)",
    );
    expect((await refusal(good, { encoding: "utf-8" })).message).toContain("--encoding is for CSV files");
  });

  it("refuses a workbook that would unpack to more than nest reads, counting what is unpacked, not what the archive says", async () => {
    const saved = { ...MAX_UNPACKED };
    try {
      MAX_UNPACKED.part = 1024 * 1024;
      const big = one([["Email"], ["a".repeat(2 * 1024 * 1024)]]);
      expect(big.length).toBeLessThan(64 * 1024); // compressed: the archive is small, what it unpacks to is not
      expect((await refusal(big)).message).toMatch(/unpacks to more than 1 MiB of XML, more than nest reads .* export it as CSV instead/);
    } finally {
      Object.assign(MAX_UNPACKED, saved);
    }
  });

  it("refuses a NUL in a cell, naming the cell", async () => {
    const error = await refusal(
      one([
        ["Email", "Name"],
        ["a@x.org", { inline: "A_x0000_nn" }],
      ]),
    );
    expect(error.message).toBe(
      'form.xlsx, sheet "Sheet1", cell B2: holds a NUL character (code 0), which is never part of an answer; delete it',
    );
  });

  it("says a sheet is empty, and which other sheets there are", async () => {
    const bytes = workbook([
      { name: "Sheet1", rows: [] },
      { name: "Form1", rows: [["Email"], ["a@x.org"]] },
    ]);
    expect((await refusal(bytes)).message).toBe(
      'form.xlsx, sheet "Sheet1": is empty; the workbook also has "Form1": --sheet NAME reads another',
    );
  });

  it("refuses a column of date cells and dates typed as text: a file of the other order, opened in a spreadsheet", async () => {
    // A UK CSV opened where dates are month/day: 6/7/2000 became a date cell for 7 June; 14/3/1996 fitted no date, and
    // stayed text. Read as it is, the first would be the wrong date, silently.
    const bytes = one([
      ["Email", "Date of birth"],
      ["a@x.org", { serial: serialOf(2000, 6, 7), format: "date" }],
      ["b@x.org", "14/3/1996"],
      ["c@x.org", { serial: serialOf(1990, 2, 3), format: "date" }],
    ]);
    const error = await refusal(bytes);
    expect(error.message).toBe(
      'form.xlsx, sheet "Sheet1": column "Date of birth" holds 2 date cells (the first in B2) and 1 date typed as text ' +
        '(B3: "14/3/1996"): a spreadsheet that opened a file of dates written the other way round makes the dates it can ' +
        "read into the wrong ones (6/7/2000 into 7 June) and leaves the others as text. Give nest the form's own CSV " +
        "export, or make every date in the column a date cell, or every one text",
    );
    // Dates all of one kind read: all date cells, or all text (ISO text is no date typed the other way).
    expect(
      (await read(one([["Date of birth"], [{ serial: serialOf(2000, 6, 7), format: "date" }], ["2000-07-06"]]))).table.rows,
    ).toHaveLength(2);
    expect((await read(one([["Date of birth"], ["6/7/2000"], ["14/3/1996"]]))).table.rows).toHaveLength(2);
  });
});
