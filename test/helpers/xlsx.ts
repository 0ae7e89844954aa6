import { strToU8, zipSync } from "fflate";
import { columnName } from "../../src/io/workbook.js";

/**
 * Excel workbooks (.xlsx) written part by part, as the programs that make them write them (SpreadsheetML,
 * ECMA-376): shared or inline strings, rich text runs, date cells as serial numbers with a date format, the 1904
 * epoch, formulas with their saved value, error values, ISO date cells. Tests build the workbooks they read from
 * this, so each shows what it holds; the one real program's workbook is test/fixtures/exports/libreoffice.xlsx.
 */

export type Cell =
  | string
  | number
  | boolean
  | null
  /** A serial date (days since 1899-12-30, or since 1904-01-01 with date1904), shown as a date or a date and time. */
  | { serial: number; format: "date" | "datetime" | "custom" }
  /** Text in runs of formatting, as Excel writes a cell with bold words. */
  | { runs: string[] }
  | { formula: string; value: string }
  | { error: string }
  /** A cell of type "d": an ISO 8601 date and time, as Excel's strict format writes it. */
  | { iso: string }
  /** A string written inline in the cell, not in the shared strings. */
  | { inline: string }
  /** A number cell's text as a program wrote it (Excel writes 17 digits: 0.10000000000000001). */
  | { number: string };

export interface SheetSpec {
  name: string;
  /** Row by row; null is a row left out of the XML (an empty row). */
  rows: (Cell[] | null)[];
  /** The sheet row of rows[0] (1 by default), and the column of each row's first cell (0 is A). */
  firstRow?: number;
  firstColumn?: number;
}

export interface WorkbookOptions {
  date1904?: boolean;
  /** The custom number format of "custom" date cells (Microsoft Forms writes "m/d/yy h:mm:ss"). */
  customFormat?: string;
}

const MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
const REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

export function workbook(sheets: SheetSpec[], options: WorkbookOptions = {}): Uint8Array {
  const shared: string[] = [];
  const sharedIndex = new Map<string, number>();
  const share = (text: string) => {
    let i = sharedIndex.get(text);
    if (i === undefined) {
      i = shared.length;
      shared.push(text);
      sharedIndex.set(text, i);
    }
    return i;
  };
  const parts: Record<string, Uint8Array> = {};
  const put = (path: string, xml: string) => (parts[path] = strToU8(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n${xml}`));

  sheets.forEach((sheet, s) => {
    const rows = sheet.rows
      .map((cells, r) => {
        if (cells === null) return "";
        const rowNumber = (sheet.firstRow ?? 1) + r;
        const xml = cells
          .map((cell, c) => {
            if (cell === null) return "";
            const ref = `${columnName((sheet.firstColumn ?? 0) + c)}${rowNumber}`;
            return cellXml(ref, cell, share);
          })
          .join("");
        return `<row r="${rowNumber}">${xml}</row>`;
      })
      .join("");
    put(`xl/worksheets/sheet${s + 1}.xml`, `<worksheet xmlns="${MAIN}" xmlns:r="${REL}"><sheetData>${rows}</sheetData></worksheet>`);
  });

  const sheetList = sheets.map((s, i) => `<sheet name="${escape(s.name)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`).join("");
  put(
    "xl/workbook.xml",
    `<workbook xmlns="${MAIN}" xmlns:r="${REL}"><workbookPr${options.date1904 ? ' date1904="1"' : ""}/><sheets>${sheetList}</sheets></workbook>`,
  );
  const sheetRels = sheets
    .map((_, i) => `<Relationship Id="rId${i + 1}" Type="${REL}/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`)
    .join("");
  const n = sheets.length;
  put(
    "xl/_rels/workbook.xml.rels",
    `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${sheetRels}` +
      `<Relationship Id="rId${n + 1}" Type="${REL}/styles" Target="styles.xml"/>` +
      `<Relationship Id="rId${n + 2}" Type="${REL}/sharedStrings" Target="sharedStrings.xml"/></Relationships>`,
  );
  // Styles: 0 General, 1 a date (built-in format 14), 2 a date and time (built-in 22), 3 the custom format.
  put(
    "xl/styles.xml",
    `<styleSheet xmlns="${MAIN}"><numFmts count="1"><numFmt numFmtId="164" formatCode="${escape(options.customFormat ?? "m/d/yy h:mm:ss")}"/></numFmts>` +
      `<cellXfs count="4"><xf numFmtId="0"/><xf numFmtId="14" applyNumberFormat="1"/><xf numFmtId="22" applyNumberFormat="1"/><xf numFmtId="164" applyNumberFormat="1"/></cellXfs></styleSheet>`,
  );
  put(
    "xl/sharedStrings.xml",
    `<sst xmlns="${MAIN}" count="${shared.length}" uniqueCount="${shared.length}">${shared.map((t) => `<si>${t}</si>`).join("")}</sst>`,
  );
  const overrides = sheets
    .map(
      (_, i) =>
        `<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`,
    )
    .join("");
  put(
    "[Content_Types].xml",
    `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>` +
      `<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>${overrides}` +
      `<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>` +
      `<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>`,
  );
  put(
    "_rels/.rels",
    `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
  );
  // Fixed times, so that the same workbook is the same bytes.
  return zipSync(parts, { mtime: new Date(Date.UTC(2018, 5, 14)) });
}

function cellXml(ref: string, cell: Exclude<Cell, null>, share: (t: string) => number): string {
  if (typeof cell === "string") return `<c r="${ref}" t="s"><v>${share(text(cell))}</v></c>`;
  if (typeof cell === "number") return `<c r="${ref}"><v>${cell}</v></c>`;
  if (typeof cell === "boolean") return `<c r="${ref}" t="b"><v>${cell ? 1 : 0}</v></c>`;
  if ("serial" in cell) return `<c r="${ref}" s="${{ date: 1, datetime: 2, custom: 3 }[cell.format]}"><v>${cell.serial}</v></c>`;
  if ("runs" in cell) return `<c r="${ref}" t="s"><v>${share(cell.runs.map((r) => `<r><rPr><b/></rPr>${text(r)}</r>`).join(""))}</v></c>`;
  if ("formula" in cell) return `<c r="${ref}" t="str"><f>${escape(cell.formula)}</f><v>${escape(cell.value)}</v></c>`;
  if ("error" in cell) return `<c r="${ref}" t="e"><v>${escape(cell.error)}</v></c>`;
  if ("number" in cell) return `<c r="${ref}"><v>${cell.number}</v></c>`;
  if ("iso" in cell) return `<c r="${ref}" t="d"><v>${cell.iso}</v></c>`;
  return `<c r="${ref}" t="inlineStr"><is>${text(cell.inline)}</is></c>`;
}

/** A <t> element keeping its spaces. */
function text(value: string): string {
  return `<t xml:space="preserve">${escape(value)}</t>`;
}

function escape(value: string): string {
  return value.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/** The Excel serial number of a date and time (UTC figures), in the 1900 date system. */
export function serialOf(y: number, m: number, d: number, h = 0, min = 0, s = 0): number {
  return (Date.UTC(y, m - 1, d, h, min, s) - Date.UTC(1899, 11, 30)) / 86_400_000;
}

/**
 * A workbook of one sheet whose XML is given as it is (for files no spreadsheet program writes: hostile or damaged
 * ones), with optional shared strings and sheets of the workbook.
 */
export function rawWorkbook(
  sheetData: string,
  options: { sharedStrings?: string; sheets?: string; extraParts?: Record<string, string> } = {},
): Uint8Array {
  const parts: Record<string, Uint8Array> = {
    "[Content_Types].xml": strToU8(`<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>`),
    "_rels/.rels": strToU8(
      `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    ),
    "xl/workbook.xml": strToU8(
      `<workbook xmlns="${MAIN}" xmlns:r="${REL}"><sheets>${options.sheets ?? '<sheet name="Sheet1" sheetId="1" r:id="rId1"/>'}</sheets></workbook>`,
    ),
    "xl/_rels/workbook.xml.rels": strToU8(
      `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="${REL}/worksheet" Target="worksheets/sheet2.xml"/><Relationship Id="rId3" Type="${REL}/sharedStrings" Target="sharedStrings.xml"/></Relationships>`,
    ),
    "xl/worksheets/sheet1.xml": strToU8(`<worksheet xmlns="${MAIN}">${sheetData}</worksheet>`),
    "xl/sharedStrings.xml": strToU8(`<sst xmlns="${MAIN}">${options.sharedStrings ?? ""}</sst>`),
  };
  for (const [name, xml] of Object.entries(options.extraParts ?? {})) parts[name] = strToU8(xml);
  return zipSync(parts, { mtime: new Date(Date.UTC(2018, 5, 14)) });
}
