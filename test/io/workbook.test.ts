import { describe, expect, it } from "vitest";
import { NestError } from "../../src/errors.js";
import { isDateFormat, readWorkbook } from "../../src/io/workbook.js";
import { rawWorkbook, serialOf, workbook } from "../helpers/xlsx.js";

/** The cells of each row the sheet has, as text (the table nest makes of them is test/io/xlsx.test.ts's). */
function texts(bytes: Uint8Array, sheet?: string): string[][] {
  return readWorkbook(bytes, "w.xlsx", sheet).rows.map((r) => {
    const dense: string[] = [];
    for (const [c, v] of r.cells) dense[c] = v.text;
    return Array.from(dense, (v) => v ?? "");
  });
}

function refused(bytes: Uint8Array, sheet?: string): string {
  try {
    readWorkbook(bytes, "w.xlsx", sheet);
  } catch (error) {
    expect(error).toBeInstanceOf(NestError);
    expect((error as NestError).exitCode).toBe(2);
    return (error as NestError).message;
  }
  throw new Error("read, where it should have been refused");
}

const row = (r: number, cells: string) => `<row r="${r}">${cells}</row>`;
const sheet = (...rows: string[]) => `<sheetData>${rows.join("")}</sheetData>`;

describe("readWorkbook on files no spreadsheet program writes (review of 0.5.0)", () => {
  it("reads text in CDATA, around comments and in several <t>, where a reader that takes the last piece loses it", () => {
    const bytes = rawWorkbook(
      sheet(
        row(1, `<c r="A1" t="inlineStr"><is><t>Email</t></is></c><c r="B1" t="inlineStr"><is><t>ZIP</t></is></c>`),
        row(2, `<c r="A2" t="inlineStr"><is><t><![CDATA[e@example.org]]></t></is></c><c r="B2"><v>95<!--x-->817</v></c>`),
        row(3, `<c r="A3" t="s"><v>0</v></c>`),
      ),
      { sharedStrings: "<si><t>first</t><t>second</t></si>" },
    );
    expect(texts(bytes)).toEqual([["Email", "ZIP"], ["e@example.org", "95817"], ["firstsecond"]]);
  });

  it("refuses, quickly and in little memory, a cell far down or far right (a 2 KB file that would fill memory)", () => {
    expect(refused(rawWorkbook(sheet(row(1, `<c r="A1"><v>1</v></c>`), row(50_000_000, `<c r="A50000000"><v>1</v></c>`))))).toContain(
      "is damaged: a row numbered 50000000 comes after row 1",
    );
    const wide = Array.from({ length: 2000 }, (_, i) => row(i + 1, `<c r="A${i + 1}"><v>1</v></c>`)).join("");
    const far = refused(
      rawWorkbook(sheet(row(1, `<c r="XFD1"><v>1</v></c>`).replace("<row", "<row") + wide.replace(/^<row r="1">.*?<\/row>/, ""))),
    );
    expect(far).toContain("more than nest reads: export it as CSV instead");
    // A row far down with little in between is no problem: only the rows that hold cells are kept.
    expect(texts(rawWorkbook(sheet(row(1, `<c r="A1"><v>1</v></c>`), row(1_000_000, `<c r="A1000000"><v>2</v></c>`))))).toHaveLength(2);
  });

  it("refuses two tables of cells, cells out of order or outside their row, and lower-case references", () => {
    expect(refused(rawWorkbook(`${sheet(row(1, `<c r="A1"><v>1</v></c>`))}${sheet(row(2, `<c r="A2"><v>2</v></c>`))}`))).toContain(
      "two tables of cells",
    );
    expect(refused(rawWorkbook(sheet(row(1, `<c r="B1"><v>1</v></c><c r="A1"><v>2</v></c>`))))).toContain(
      "is damaged: the cell comes after",
    );
    expect(refused(rawWorkbook(sheet(row(2, `<c r="A1"><v>1</v></c>`))))).toContain('the cell "A1" is not in row 2');
    expect(refused(rawWorkbook(sheet(row(1, `<c r="a1"><v>1</v></c>`))))).toContain('the cell "a1" is not in row 1');
    // Cells and rows without references follow the one before, as the format allows.
    expect(texts(rawWorkbook(sheet(`<row><c><v>1</v></c><c><v>2</v></c></row><row><c t="b"><v>1</v></c></row>`)))).toEqual([
      ["1", "2"],
      ["TRUE"],
    ]);
  });

  it("refuses values that are no values, naming the cell", () => {
    const one = (c: string) => refused(rawWorkbook(sheet(row(1, c))));
    expect(one(`<c r="A1"><v>0x1A</v></c>`)).toBe('w.xlsx, sheet "Sheet1", cell A1: is damaged: it holds "0x1A" as a number');
    expect(one(`<c r="A1"><v>1e400</v></c>`)).toContain('holds "1e400" as a number');
    expect(one(`<c r="A1" t="s"><v>0x0</v></c>`)).toContain("shared string");
    expect(one(`<c r="A1" t="s"><v>5</v></c>`)).toContain("shared string");
    expect(one(`<c r="A1" t="d"><v>2018-02-30</v></c>`)).toContain('holds "2018-02-30" as a date');
    expect(one(`<c r="A1" t="d"><v>May 9, 2018</v></c>`)).toContain("as a date");
    expect(one(`<c r="A1" t="inlineStr"><is><t>_xD800_</t></is></c>`)).toContain("half of a character");
    expect(one(`<c r="A1" t="zz"><v>1</v></c>`)).toContain('its type "zz"');
  });

  it("reads ISO date cells as written, in no machine's time zone, and serial dates at the edges of Excel's calendar", () => {
    const iso = `<c r="A1" t="d"><v>2000-06-15T00:30:00</v></c><c r="B1" t="d"><v>2000-06-15</v></c><c r="C1" t="d"><v>2018-05-09T23:30:00-05:00</v></c>`;
    expect(texts(rawWorkbook(sheet(row(1, iso))))).toEqual([["2000-06-15 00:30:00", "2000-06-15", "2018-05-09 23:30:00-05:00"]]);
    const styled = (serial: number) => workbook([{ name: "S", rows: [[{ serial, format: "date" }]] }]);
    expect(texts(styled(1))).toEqual([["1900-01-01"]]);
    expect(texts(styled(59))).toEqual([["1900-02-28"]]);
    expect(refused(styled(60))).toContain("29 February 1900");
    expect(texts(styled(61))).toEqual([["1900-03-01"]]);
    expect(texts(styled(serialOf(2018, 5, 9, 23, 59, 59) + 0.6 / 86400))).toEqual([["2018-05-10"]]);
    expect(refused(styled(-1))).toContain("before 1900 or after 9999");
    expect(refused(styled(2958466))).toContain("before 1900 or after 9999");
    expect(texts(styled(0.5))).toEqual([["12:00:00"]]);
  });

  it("tells date formats from other number formats", () => {
    for (const code of ["m/d/yy h:mm:ss", "dd/mm/yyyy", "yyyy-mm-dd", "[h]:mm:ss", "[$-409]mmmm d, yyyy;@", "h:mm AM/PM"])
      expect(isDateFormat(code), code).toBe(true);
    for (const code of ["General", "0.00", "#,##0", '"Day "0', "0.00E+00", "[Red]0.00", "@"]) expect(isDateFormat(code), code).toBe(false);
  });

  it("reads the first visible sheet, refuses two sheets of one name, and says a workbook without sheets has none", () => {
    const sheets = '<sheet name="Old" sheetId="1" state="hidden" r:id="rId2"/><sheet name="Form1" sheetId="2" r:id="rId1"/>';
    const bytes = rawWorkbook(sheet(row(1, `<c r="A1" t="inlineStr"><is><t>visible</t></is></c>`)), {
      sheets,
      extraParts: {
        "xl/worksheets/sheet2.xml": `<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">${sheet(row(1, `<c r="A1" t="inlineStr"><is><t>hidden</t></is></c>`))}</worksheet>`,
      },
    });
    expect(readWorkbook(bytes, "w.xlsx").sheet).toBe("Form1");
    expect(texts(bytes, "Old")).toEqual([["hidden"]]);
    expect(
      refused(rawWorkbook(sheet(), { sheets: '<sheet name="A" sheetId="1" r:id="rId1"/><sheet name="a" sheetId="2" r:id="rId2"/>' })),
    ).toContain('has two sheets named "a"');
    expect(refused(rawWorkbook(sheet(), { sheets: "" }))).toBe("w.xlsx: the workbook has no sheets");
    expect(refused(rawWorkbook(sheet(), { sheets: '<sheet name="A" sheetId="1" r:id="rId9"/>' }))).toContain(
      'its sheet "A" has no part in the archive',
    );
  });

  it("expands no entity a document type declares (billion laughs, external entities)", () => {
    const laughs = `<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>`;
    const bytes = rawWorkbook("", {
      extraParts: {
        "xl/worksheets/sheet1.xml": `${laughs}<worksheet>${sheet(row(1, `<c r="A1" t="inlineStr"><is><t>&b;</t></is></c>`))}</worksheet>`,
      },
    });
    expect(refused(bytes)).toContain("is not well-formed XML");
  });
});

describe("readWorkbook on archives and markup made to mislead (second review of 0.5.0)", () => {
  const good = () => workbook([{ name: "S", rows: [["Email"], ["real@example.org"]] }]);

  it("reads the parts the archive's index names, as Excel does, not other local entries put before them", () => {
    // A local entry for the sheet, with other applicants, put in front of the archive; the index (central directory)
    // still names the real one, further on. A reader that walks local headers would read the first.
    const real = good();
    const fake = workbook([{ name: "S", rows: [["Email"], ["fake@example.org"]] }]);
    const fakeSheet = localEntry(fake, "xl/worksheets/sheet1.xml");
    const shifted = new Uint8Array(fakeSheet.length + real.length);
    shifted.set(fakeSheet, 0);
    shifted.set(real, fakeSheet.length);
    const view = new DataView(shifted.buffer);
    const end = shifted.length - 22;
    expect(view.getUint32(end, true)).toBe(0x06054b50);
    const directory = view.getUint32(end + 16, true) + fakeSheet.length;
    view.setUint32(end + 16, directory, true);
    for (let at = directory, i = 0; i < view.getUint16(end + 10, true); i++) {
      view.setUint32(at + 42, view.getUint32(at + 42, true) + fakeSheet.length, true);
      at += 46 + view.getUint16(at + 28, true) + view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
    }
    expect(texts(shifted)).toEqual([["Email"], ["real@example.org"]]);
  });

  it("refuses an archive cut short (its index gone), and a part that is not what its index says", () => {
    const bytes = good();
    expect(refused(bytes.subarray(0, bytes.length - 300))).toContain("its index, at the end of the file, is missing");
    const flipped = Uint8Array.from(bytes);
    const sheetAt = Buffer.from(flipped).indexOf("xl/worksheets/sheet1.xml") + "xl/worksheets/sheet1.xml".length;
    flipped[sheetAt + 3] = flipped[sheetAt + 3]! ^ 0xff; // a byte of the sheet's packed data
    expect(refused(flipped)).toMatch(
      /the part xl\/worksheets\/sheet1\.xml (cannot be unpacked|is not what its index says|unpacks to more)/,
    );
  });

  it("refuses a row in a row, a cell in a cell, a value in a value, and markup of another namespace among the cells", () => {
    const c = (r: string, t: string) => `<c r="${r}" t="inlineStr"><is><t>${t}</t></is></c>`;
    expect(refused(rawWorkbook(sheet(`<row r="2">${c("A2", "alice")}<row r="3">${c("A3", "bob")}</row></row>`)))).toContain(
      "a <row> inside a <row>",
    );
    expect(refused(rawWorkbook(sheet(row(2, `<c r="A2" t="inlineStr"><is><t>alice</t></is><c r="B2"><v>1</v></c></c>`))))).toContain(
      "a <c> inside a <c>",
    );
    expect(refused(rawWorkbook(sheet(row(1, `<c r="A1"><v>2<v>3</v></v></c>`))))).toContain("a <v> inside a <v>");
    const ghost = `<mc:AlternateContent xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"><mc:Choice Requires="zz"><row r="2">${c("A2", "ghost")}</row></mc:Choice></mc:AlternateContent>`;
    expect(refused(rawWorkbook(sheet(row(1, c("A1", "Email")), ghost)))).toContain("holds markup nest does not read (<AlternateContent>");
    // Outside the cells, an extension is skipped.
    const extended = rawWorkbook(`<extLst><ext uri="x"><zz:row xmlns:zz="urn:zz" r="9"/></ext></extLst>${sheet(row(1, c("A1", "Email")))}`);
    expect(texts(extended)).toEqual([["Email"]]);
  });

  it("refuses a part nested deeper than any spreadsheet writes, without holding it", () => {
    const deep = `${"<a>".repeat(100_000)}${"</a>".repeat(100_000)}`;
    expect(refused(rawWorkbook(`${deep}${sheet(row(1, `<c r="A1"><v>1</v></c>`))}`))).toContain("nests elements more than 64 deep");
  });
});

/** The local entry (header and data) of one part of an archive fflate wrote: the bytes before the next entry. */
function localEntry(zip: Uint8Array, name: string): Uint8Array {
  const at = findLocal(Buffer.from(zip), name);
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  const size = view.getUint32(at + 18, true);
  const length = 30 + view.getUint16(at + 26, true) + view.getUint16(at + 28, true) + size;
  return zip.slice(at, at + length);
}

function findLocal(bytes: Buffer, name: string): number {
  for (let at = 0; at < bytes.length - 30; at++) {
    if (bytes.readUInt32LE(at) !== 0x04034b50) continue;
    const n = bytes.readUInt16LE(at + 26);
    if (bytes.subarray(at + 30, at + 30 + n).toString("utf8") === name) return at;
  }
  throw new Error(`no local entry ${name}`);
}

describe("readWorkbook beside another reader", () => {
  it("reads a real program's workbook cell for cell as read-excel-file does (fixtures/applicants.xlsx, LibreOffice Calc)", async () => {
    const { readFileSync } = await import("node:fs");
    const { join } = await import("node:path");
    const { default: readExcelFile } = await import("read-excel-file/node");
    const { ROOT } = await import("../helpers/run.js");
    const bytes = readFileSync(join(ROOT, "fixtures", "applicants.xlsx"));
    const theirs = (await readExcelFile(bytes, { trim: false }))[0]!.data.map((row) =>
      row.map((v) => {
        if (v === null) return "";
        if (!(v instanceof Date)) return String(v);
        // Their dates are UTC instants a millisecond short at times: to the second, as ISO without a zone.
        const iso = new Date(Math.round(v.getTime() / 1000) * 1000).toISOString();
        return iso.endsWith("T00:00:00.000Z") ? iso.slice(0, 10) : `${iso.slice(0, 10)} ${iso.slice(11, 19)}`;
      }),
    );
    const ours = texts(new Uint8Array(bytes));
    expect(ours.length).toBe(601);
    expect(ours.map((r) => r.join("\u001f").replace(/\u001f+$/, ""))).toEqual(theirs.map((r) => r.join("\u001f").replace(/\u001f+$/, "")));
  });
});

describe("readWorkbook on a third review's files (0.5.0)", () => {
  const good = () => workbook([{ name: "S", rows: [["Email"], ["real@example.org"]] }]);
  /** The offset of the central directory's last entry, and the end record's. */
  function directory(zip: Uint8Array) {
    const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
    const end = zip.length - 22;
    let at = view.getUint32(end + 16, true);
    let last = at;
    for (let i = 0; i < view.getUint16(end + 10, true); i++) {
      last = at;
      at += 46 + view.getUint16(at + 28, true) + view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
    }
    return { view, last, end };
  }

  it("refuses lengths in the index or a local header that run past where they may, with exit 2, never reading beyond", () => {
    for (const [field, value] of [
      [28, 0xffff], // the last entry's name length
      [28, 0x0100],
      [30, 0xfff0], // its extra field's length
    ] as const) {
      const bytes = Uint8Array.from(good());
      const { view, last } = directory(bytes);
      view.setUint16(last + field, value, true);
      expect(refused(bytes), `field ${field}`).toMatch(/is not a readable ZIP archive/);
    }
    const bytes = Uint8Array.from(good());
    new DataView(bytes.buffer).setUint16(26, 0xffff, true); // the first local header's name length
    expect(refused(bytes)).toMatch(/is not a readable ZIP archive/);
  });

  it("refuses a second end record hidden in the first one's comment", () => {
    const bytes = good();
    const { end } = directory(Uint8Array.from(bytes));
    const record = Uint8Array.from(bytes.subarray(end, end + 22));
    const withComment = new Uint8Array(bytes.length + 22);
    withComment.set(bytes);
    new DataView(withComment.buffer).setUint16(end + 20, 22, true); // a 22-byte comment ...
    withComment.set(record, bytes.length); // ... that is an end record itself
    expect(refused(withComment)).toContain("two indexes");
  });

  it("refuses cells outside a row, rows outside the table, nested text, and a phonetic guide outside a cell", () => {
    const c = (r: string, t: string) => `<c r="${r}" t="inlineStr"><is><t>${t}</t></is></c>`;
    expect(refused(rawWorkbook(sheet(row(1, c("A1", "Email")), c("A2", "lost@x.org"))))).toContain("a cell (<c>) outside any row");
    expect(refused(rawWorkbook(`${sheet(row(1, c("A1", "Email")))}${row(2, c("A2", "lost@x.org"))}`))).toContain(
      "a <row> outside its table of cells",
    );
    expect(refused(rawWorkbook(sheet(row(1, `<c r="A1" t="inlineStr"><is><t>Ol<t></t>ga</t></is></c>`))))).toContain("a <t> inside a <t>");
    expect(refused(rawWorkbook(sheet(`<row r="1"><rPh/>${c("A1", "Email")}</row>`)))).toContain("a <rPh> outside any cell");
  });
});
