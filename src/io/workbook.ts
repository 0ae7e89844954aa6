import { crc32, inflateRawSync } from "node:zlib";
import { SaxesParser, type SaxesAttributeNS } from "saxes";
import { civilFromDays, daysFromCivil, formatIsoDate, isValidDate } from "../core/dates.js";
import { inputError, type Location } from "../errors.js";

/**
 * An Excel workbook (.xlsx, SpreadsheetML: ECMA-376 Part 1 §18) read into rows of cell values, the same on every
 * machine. Built on Node's zlib (the archive's parts, found from its central directory as Excel finds them) and saxes
 * (a conformant XML parser, also jsdom's); what a cell means is SpreadsheetML's own, written out here because the
 * reader tried first (read-excel-file 9) failed nest's guarantees on hostile files (review of 0.5.0: it sized its
 * XML chunks by the clock, so a loaded machine read a sheet differently; it dropped CDATA text, and an applicant
 * with it; it filled every gap up to a cell's row and column, so a 2 KB file filled memory; and it unpacked the
 * archive with another ZIP parser than the one that counted it).
 *
 * Bounded: the parts read unpack to at most MAX_UNPACKED (each to exactly the size the index gives, no further); a sheet
 * has at most Excel's 1,048,576 rows and 16,384 columns, and the table at most MAX_CELLS cells. Nothing here reads
 * the clock or the machine's time zone.
 */

export type CellValue =
  | { kind: "text"; text: string }
  | { kind: "number"; text: string }
  | { kind: "boolean"; text: "TRUE" | "FALSE" }
  /** A date cell, as ISO 8601 without a zone: 2000-07-06, or 2018-05-09 18:07:15 (or a time alone: 18:07:15). */
  | { kind: "date"; text: string }
  /** An error value (#N/A, #VALUE!), as the cell shows it. */
  | { kind: "error"; text: string };

export interface SheetRow {
  /** The row number the spreadsheet shows. */
  row: number;
  /** [column index (0 is A), value], in column order. */
  cells: [number, CellValue][];
}

export interface WorkbookRead {
  /** The sheets, in the order of their tabs. */
  sheets: { name: string; hidden: boolean }[];
  /** The sheet read. */
  sheet: string;
  rows: SheetRow[];
  /** One past the last column that holds a cell. */
  width: number;
}

export const MAX_UNPACKED = { total: 1024 * 1024 * 1024, part: 480 * 1024 * 1024 };
/** Excel's limits, which the file format states. */
export const MAX_ROWS = 1_048_576;
export const MAX_COLUMNS = 16_384;
/**
 * The most cells (rows × columns, blank ones too) a sheet may make: 250,000 applicants of 24 questions, in about a
 * gigabyte (nest holds a workbook's cells as text; a CSV export of any size is read from its bytes instead).
 */
export const MAX_CELLS = 6_000_000;

const ZIP = [0x50, 0x4b, 0x03, 0x04];
const CFB = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

function startsWith(bytes: Uint8Array, magic: readonly number[]): boolean {
  return bytes.length >= magic.length && magic.every((b, i) => bytes[i] === b);
}

/** Whether these bytes are a Compound File: an Excel 97-2003 workbook, or an encrypted .xlsx. */
export function isCompoundFile(bytes: Uint8Array): boolean {
  return startsWith(bytes, CFB);
}

/** Whether these bytes are a workbook's: a ZIP archive, or a Compound File (.xls, or an encrypted .xlsx). */
export function looksLikeWorkbook(bytes: Uint8Array): boolean {
  return startsWith(bytes, ZIP) || startsWith(bytes, CFB);
}

/** The workbook's sheet named `wanted` (else its first visible sheet), read. */
export function readWorkbook(bytes: Uint8Array, label: string, wanted?: string): WorkbookRead {
  return openWorkbook(bytes, label).read(wanted);
}

/**
 * A workbook opened once (its archive unpacked, its workbook, shared strings and styles parsed): its sheets, and
 * `read` for each one wanted (results.xlsx's four, nest verify).
 */
export function openWorkbook(bytes: Uint8Array, label: string): { sheets: WorkbookRead["sheets"]; read(wanted?: string): WorkbookRead } {
  const at: Location = { file: label };
  if (startsWith(bytes, CFB)) {
    throw inputError(
      at,
      "is an Excel 97-2003 workbook (.xls) or a password-protected one, which nest does not read: open it in Excel and save it " +
        'as "Excel Workbook (.xlsx)" without a password, or as "CSV UTF-8"',
    );
  }
  const parts = unpack(bytes, label);
  const rootRels = parts.get("_rels/.rels");
  const officeDocument =
    rootRels === undefined ? undefined : relationships(rootRels, "", label, "_rels/.rels").find((r) => r.type.endsWith("/officeDocument"));
  const workbookPath = officeDocument?.target ?? "xl/workbook.xml";
  const workbookXml = parts.get(workbookPath);
  if (workbookXml === undefined) {
    const what = parts.has("content.xml")
      ? "an OpenDocument spreadsheet (.ods): save it as .xlsx or as CSV"
      : `a ZIP archive, but not an Excel workbook (it has no ${workbookPath})`;
    throw inputError(at, `is ${what}`);
  }
  const base = workbookPath.slice(0, workbookPath.lastIndexOf("/") + 1);
  const relsPath = `${base}_rels/${workbookPath.slice(base.length)}.rels`;
  const rels = parts.has(relsPath) ? relationships(parts.get(relsPath)!, base, label, relsPath) : [];
  const book = workbookInfo(workbookXml, label, workbookPath);
  if (book.sheets.length === 0) throw inputError(at, "the workbook has no sheets");
  const seen = new Set<string>();
  for (const s of book.sheets) {
    if (seen.has(s.name.toLowerCase()))
      throw inputError(at, `has two sheets named ${JSON.stringify(s.name)}, which Excel does not allow: rename one`);
    seen.add(s.name.toLowerCase());
  }
  const sheets = book.sheets.map((s) => ({ name: s.name, hidden: s.hidden }));
  const stringsPath = rels.find((r) => r.type.endsWith("/sharedStrings"))?.target;
  const stylesPath = rels.find((r) => r.type.endsWith("/styles"))?.target;
  let context: SheetContext | null = null; // parsed when a sheet is first read, after the sheet is known to be there
  const read = (wanted?: string): WorkbookRead => {
    const chosen =
      wanted === undefined ? (book.sheets.find((s) => !s.hidden) ?? book.sheets[0]!) : book.sheets.find((s) => s.name === wanted);
    if (chosen === undefined) {
      const list = sheets.map((s) => JSON.stringify(s.name)).join(", ");
      throw inputError(at, `has no sheet named ${JSON.stringify(wanted)}; its sheets are: ${list} (--sheet NAME reads one)`);
    }
    const target = rels.find((r) => r.id === chosen.rid)?.target;
    const sheetXml = target === undefined ? undefined : parts.get(target);
    if (sheetXml === undefined) throw inputError(at, `is damaged: its sheet ${JSON.stringify(chosen.name)} has no part in the archive`);
    context ??= {
      strings: stringsPath !== undefined && parts.has(stringsPath) ? sharedStrings(parts.get(stringsPath)!, label, stringsPath) : [],
      dateStyles: stylesPath !== undefined && parts.has(stylesPath) ? dateStylesOf(parts.get(stylesPath)!, label, stylesPath) : [],
      date1904: book.date1904,
    };
    const { rows, width } = sheetRows(sheetXml, { file: label, sheet: chosen.name }, context, target!);
    return { sheets, sheet: chosen.name, rows, width };
  };
  return { sheets, read };
}

// ---- The archive ----------------------------------------------------------------------------------------------

/**
 * The archive's .xml and .rels parts, read as Excel and LibreOffice read an archive: from its central directory (the
 * index at its end), each part unpacked by Node's zlib to exactly the size the index gives (and no further), its
 * CRC-32 checked. An archive cut short, with a part twice, a part whose local header does not match the index, or
 * parts that unpack beyond MAX_UNPACKED is refused before anything is parsed. (A reader that walks the local headers
 * instead, as fflate's streaming Unzip does, can be shown other parts than Excel is: review of 0.5.0.)
 */
function unpack(bytes: Uint8Array, label: string): Map<string, Uint8Array> {
  const damaged = (why: string) => inputError({ file: label }, `is not a readable ZIP archive, as an .xlsx workbook is (${why})`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const u16 = (at: number) => view.getUint16(at, true);
  const u32 = (at: number) => view.getUint32(at, true);
  // The end of central directory record: 22 bytes and a comment, the last thing in the file.
  // Every place that could be it: a second one (inside the comment of the first) could show nest other parts than
  // another reader, so two are refused.
  const ends: number[] = [];
  for (let at = bytes.length - 22; at >= Math.max(0, bytes.length - 22 - 65_535); at--) {
    if (u32(at) === 0x06054b50 && at + 22 + u16(at + 20) === bytes.length) ends.push(at);
  }
  if (ends.length === 0) throw damaged("its index, at the end of the file, is missing: the file was cut short or is no ZIP archive");
  if (ends.length > 1) throw damaged("it has two indexes, one inside the other's comment");
  const end = ends[0]!;
  let count = u16(end + 10);
  let size = u32(end + 12);
  let offset = u32(end + 16);
  if (count === 0xffff || size === 0xffffffff || offset === 0xffffffff) {
    // ZIP64: the end record's locator, 20 bytes before it, points at the ZIP64 end record.
    const locator = end - 20;
    if (locator < 0 || u32(locator) !== 0x07064b50) throw damaged("its ZIP64 index cannot be found");
    const record = Number(view.getBigUint64(locator + 8, true));
    if (record < 0 || record + 56 > locator || u32(record) !== 0x06064b50) throw damaged("its ZIP64 index cannot be found");
    count = Number(view.getBigUint64(record + 32, true));
    size = Number(view.getBigUint64(record + 40, true));
    offset = Number(view.getBigUint64(record + 48, true));
  }
  if (offset + size > end) throw damaged("its index points past its end");
  const parts = new Map<string, Uint8Array>();
  const names = new Set<string>();
  let total = 0;
  let at = offset;
  for (let i = 0; i < count; i++) {
    if (at + 46 > offset + size || u32(at) !== 0x02014b50) throw damaged("its index is damaged");
    const flags = u16(at + 8);
    const method = u16(at + 10);
    const crc = u32(at + 16);
    let packed = u32(at + 20);
    let unpacked = u32(at + 24);
    const nameLength = u16(at + 28);
    const extraLength = u16(at + 30);
    const entryEnd = at + 46 + nameLength + extraLength + u16(at + 32);
    if (entryEnd > offset + size) throw damaged("its index is damaged");
    let local = u32(at + 42);
    const name = Buffer.from(bytes.buffer, bytes.byteOffset + at + 46, nameLength).toString("utf8");
    // ZIP64 sizes and offset, in that order, for the fields that say 0xffffffff.
    const extraEnd = at + 46 + nameLength + extraLength;
    for (let x = at + 46 + nameLength; x + 4 <= extraEnd; x += 4 + u16(x + 2)) {
      if (u16(x) !== 0x0001) continue;
      const fieldEnd = Math.min(extraEnd, x + 4 + u16(x + 2));
      let y = x + 4;
      const read64 = () => {
        if (y + 8 > fieldEnd) throw damaged("its index is damaged");
        const n = Number(view.getBigUint64(y, true));
        y += 8;
        return n;
      };
      if (unpacked === 0xffffffff) unpacked = read64();
      if (packed === 0xffffffff) packed = read64();
      if (local === 0xffffffff) local = read64();
    }
    at = entryEnd;
    if (names.has(name)) throw inputError({ file: label }, `is damaged: it holds the part ${name} twice`);
    names.add(name);
    if (!name.endsWith(".xml") && !name.endsWith(".rels")) continue;
    if ((flags & 1) !== 0) throw inputError({ file: label }, "is encrypted: save it again in Excel without a password");
    if (unpacked > MAX_UNPACKED.part) throw inputError({ file: label }, tooLarge(MAX_UNPACKED.part));
    if ((total += unpacked) > MAX_UNPACKED.total) throw inputError({ file: label }, tooLarge(MAX_UNPACKED.total));
    if (local + 30 > offset || u32(local) !== 0x04034b50) throw damaged(`the part ${name} is not where its index says`);
    const start = local + 30 + u16(local + 26) + u16(local + 28);
    if (start + packed > offset) throw damaged(`the part ${name} is not where its index says`);
    const localName = Buffer.from(bytes.buffer, bytes.byteOffset + local + 30, u16(local + 26)).toString("utf8");
    if (localName !== name) throw damaged(`the part ${name} is not where its index says`);
    const data = bytes.subarray(start, start + packed);
    let content: Uint8Array;
    if (method === 0) content = data;
    else if (method === 8) {
      try {
        content = inflateRawSync(data, { maxOutputLength: Math.max(1, unpacked) });
      } catch (error) {
        const beyond = (error as NodeJS.ErrnoException).code === "ERR_BUFFER_TOO_LARGE";
        throw damaged(beyond ? `the part ${name} unpacks to more than its index says` : `the part ${name} cannot be unpacked`);
      }
    } else throw damaged(`the part ${name} is packed a way nest does not read (method ${method})`);
    if (content.length !== unpacked || crc32(content) !== crc)
      throw damaged(`the part ${name} is not what its index says (size or CRC-32)`);
    parts.set(name, content);
  }
  return parts;
}

function tooLarge(limit: number): string {
  return (
    `unpacks to more than ${Math.round(limit / 2 ** 20)} MiB of XML, more than nest reads (a sheet of a million ` +
    "applicants is about 300 MB): export it as CSV instead"
  );
}

// ---- XML ----------------------------------------------------------------------------------------------------------

/** The namespaces of the parts read: SpreadsheetML (transitional and strict) and package relationships. */
const MAIN = new Set(["http://schemas.openxmlformats.org/spreadsheetml/2006/main", "http://purl.oclc.org/ooxml/spreadsheetml/main", ""]);
const PACKAGE_RELATIONSHIPS = new Set(["http://schemas.openxmlformats.org/package/2006/relationships"]);
/** Deeper than any SpreadsheetML a program writes (about 8): a part nested deeper is refused, not held. */
const MAX_DEPTH = 64;

interface XmlHandlers {
  /** An element of the part's namespace, by its local name, with its attributes (by qualified name: attr(a, "r")). */
  open(name: string, attributes: Attributes): void;
  close(name: string): void;
  text(text: string): void;
  /** An element of another namespace, which is skipped with all it holds (MC's AlternateContent, an extension). */
  foreign?(name: string): void;
}

/**
 * Parses a part with saxes, namespaces resolved: an element of another namespace than `namespaces` is skipped with
 * everything in it (so that no handler takes an extension's element for one of its own). A part that is no
 * well-formed XML, or nests deeper than MAX_DEPTH, is refused.
 */
function parseXml(bytes: Uint8Array, handlers: XmlHandlers, label: string, part: string, namespaces: ReadonlySet<string> = MAIN): void {
  let xml: string;
  try {
    const utf16 = bytes[0] === 0xff && bytes[1] === 0xfe ? "utf-16le" : bytes[0] === 0xfe && bytes[1] === 0xff ? "utf-16be" : "utf-8";
    xml = new TextDecoder(utf16, { fatal: true }).decode(bytes);
  } catch {
    throw inputError({ file: label }, `is damaged: its part ${part} is not UTF-8 or UTF-16 text`);
  }
  const parser = new SaxesParser({ xmlns: true });
  let depth = 0;
  let foreign = 0; // the depth inside an element of another namespace
  parser.on("opentag", (tag) => {
    if (++depth > MAX_DEPTH) throw inputError({ file: label }, `is damaged: its part ${part} nests elements more than ${MAX_DEPTH} deep`);
    if (foreign > 0) foreign++;
    else if (!namespaces.has(tag.uri)) {
      foreign = 1;
      handlers.foreign?.(tag.local);
    } else handlers.open(tag.local, tag.attributes as Attributes);
  });
  parser.on("closetag", (tag) => {
    depth--;
    if (foreign > 0) foreign--;
    else handlers.close(tag.local);
  });
  parser.on("text", (text) => foreign === 0 && handlers.text(text));
  parser.on("cdata", (text) => foreign === 0 && handlers.text(text));
  try {
    parser.write(xml).close();
  } catch (error) {
    if (error instanceof Error && error.name === "NestError") throw error;
    const reason = error instanceof Error ? error.message.replace(/^(?:[^:\s]*:)?\d+:\d+: /, "") : String(error);
    throw inputError({ file: label }, `is damaged: its part ${part} is not well-formed XML (${reason})`);
  }
}

type Attributes = Record<string, SaxesAttributeNS>;

/** An attribute's value, by its qualified name ("r", "numFmtId"). */
function attr(attributes: Attributes, name: string): string | undefined {
  return attributes[name]?.value;
}

/** An attribute by its local name, whatever its prefix (r:id, relationships:id). */
function attribute(attributes: Attributes, name: string): string | undefined {
  for (const a of Object.values(attributes)) if (a.local === name) return a.value;
  return undefined;
}

function relationships(bytes: Uint8Array, base: string, label: string, part: string): { id: string; type: string; target: string }[] {
  const found: { id: string; type: string; target: string }[] = [];
  parseXml(
    bytes,
    {
      open(name, a) {
        const [id, target] = [attr(a, "Id"), attr(a, "Target")];
        if (name !== "Relationship" || id === undefined || target === undefined || attr(a, "TargetMode") === "External") return;
        found.push({ id, type: attr(a, "Type") ?? "", target: resolvePart(base, target) });
      },
      close() {},
      text() {},
    },
    label,
    part,
    PACKAGE_RELATIONSHIPS,
  );
  return found;
}

/** A relationship's target as a path in the archive: relative to the part's folder, or from the root with "/". */
function resolvePart(base: string, target: string): string {
  const path = target.startsWith("/") ? target.slice(1) : base + target;
  const out: string[] = [];
  for (const piece of path.split("/")) {
    if (piece === "..") out.pop();
    else if (piece !== "." && piece !== "") out.push(piece);
  }
  return out.join("/");
}

function workbookInfo(bytes: Uint8Array, label: string, part: string) {
  const sheets: { name: string; rid: string; hidden: boolean }[] = [];
  let date1904 = false;
  parseXml(
    bytes,
    {
      open(name, a) {
        if (name === "workbookPr") date1904 = attr(a, "date1904") === "1" || attr(a, "date1904") === "true";
        else if (name === "sheet" && attr(a, "name") !== undefined) {
          sheets.push({
            name: attr(a, "name")!,
            rid: attribute(a, "id") ?? "",
            hidden: attr(a, "state") === "hidden" || attr(a, "state") === "veryHidden",
          });
        }
      },
      close() {},
      text() {},
    },
    label,
    part,
  );
  return { sheets, date1904 };
}

/** The shared strings: each <si>'s text, its runs joined, phonetic guides (<rPh>) left out. */
function sharedStrings(bytes: Uint8Array, label: string, part: string): string[] {
  const strings: string[] = [];
  let current: string[] | null = null;
  let inText = false;
  let phonetic = 0;
  parseXml(
    bytes,
    {
      open(name) {
        if (name === "si" && current !== null)
          throw inputError({ file: label }, `is damaged: its part ${part} has a string inside a string`);
        if (name === "si") current = [];
        else if (name === "rPh" && current !== null) phonetic++;
        else if (name === "t" && inText) throw inputError({ file: label }, `is damaged: its part ${part} has a <t> inside a <t>`);
        else if (name === "t" && current !== null && phonetic === 0) inText = true;
      },
      close(name) {
        if (name === "si" && current !== null) {
          strings.push(current.join(""));
          current = null;
          phonetic = 0;
        } else if (name === "rPh") phonetic = Math.max(0, phonetic - 1);
        else if (name === "t") inText = false;
      },
      text(text) {
        if (inText && current !== null) current.push(text);
      },
    },
    label,
    part,
  );
  return strings;
}

// The built-in number formats that show a date or a time (ECMA-376 §18.8.30; 27–36 and 50–58 are East Asian dates).
const DATE_FORMAT_IDS = new Set([
  14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 45, 46, 47, 50, 51, 52, 53, 54, 55, 56, 57, 58,
]);

/** Per cell style (cellXfs, by index): whether its number format shows a date or a time. */
function dateStylesOf(bytes: Uint8Array, label: string, part: string): boolean[] {
  const custom = new Map<number, string>();
  const styles: number[] = [];
  let inCellXfs = false;
  parseXml(
    bytes,
    {
      open(name, a) {
        if (name === "numFmt" && attr(a, "numFmtId") !== undefined) custom.set(Number(attr(a, "numFmtId")), attr(a, "formatCode") ?? "");
        else if (name === "cellXfs") inCellXfs = true;
        else if (name === "xf" && inCellXfs) styles.push(Number(attr(a, "numFmtId") ?? 0));
      },
      close(name) {
        if (name === "cellXfs") inCellXfs = false;
      },
      text() {},
    },
    label,
    part,
  );
  return styles.map((id) => (custom.has(id) ? isDateFormat(custom.get(id)!) : DATE_FORMAT_IDS.has(id)));
}

/** Whether a number format code shows a date or a time: y, m, d, h or s outside quotes, escapes and [colour] tags. */
export function isDateFormat(code: string): boolean {
  const first = code.split(";")[0]!;
  const bare = first
    .replace(/"[^"]*"/g, "")
    .replace(/\\./g, "")
    .replace(/_./g, "")
    .replace(/\*./g, "")
    .replace(/\[(?![hms]+\])[^\]]*\]/gi, "");
  return /[ymdhs]/i.test(bare) && !/^general$/i.test(bare.trim());
}

// ---- The sheet --------------------------------------------------------------------------------------------------

interface SheetContext {
  strings: string[];
  dateStyles: boolean[];
  date1904: boolean;
}

function sheetRows(bytes: Uint8Array, where: { file: string; sheet: string }, ctx: SheetContext, part: string) {
  const rows: SheetRow[] = [];
  let sheetData = 0;
  let inSheetData = false;
  let row: SheetRow | null = null;
  let lastRow = 0;
  let lastColumn = -1;
  let width = 0;
  let cells = 0;
  // The cell being read.
  let cell: { ref: string; column: number; t: string; s: number } | null = null;
  let value: string[] | null = null; // <v>'s text
  let inline: string[] | null = null; // <is>'s text
  let inValue = false;
  let inText = false;
  let phonetic = 0;
  const refuse = (ref: string | undefined, message: string) => inputError(ref === undefined ? where : { ...where, cell: ref }, message);
  parseXml(
    bytes,
    {
      open(name, a) {
        if (name === "sheetData") {
          if (++sheetData > 1) throw refuse(undefined, "is damaged: it holds two tables of cells (<sheetData>)");
          inSheetData = true;
          return;
        }
        if (!inSheetData) {
          if (name === "row" || name === "c")
            throw refuse(undefined, `is damaged: it has a <${name}> outside its table of cells (<sheetData>)`);
          return;
        }
        if (name === "c" && row === null) throw refuse(undefined, "is damaged: it has a cell (<c>) outside any row");
        if ((name === "row" && row !== null) || (name === "c" && cell !== null) || (name === "v" && inValue) || (name === "t" && inText))
          throw refuse(cell?.ref, `is damaged: it has a <${name}> inside a <${name}>`);
        if (name === "is" && inline !== null) throw refuse(cell?.ref, "is damaged: it has two inline strings (<is>) in one cell");
        if (name === "row") {
          const number = attr(a, "r") === undefined ? lastRow + 1 : Number(attr(a, "r"));
          if (!Number.isInteger(number) || number <= lastRow || number > MAX_ROWS)
            throw refuse(
              undefined,
              `is damaged: a row numbered ${attr(a, "r") ?? number} comes after row ${lastRow} (rows go from 1 to ${MAX_ROWS.toLocaleString("en-US")}, in order)`,
            );
          lastRow = number;
          lastColumn = -1;
          row = { row: number, cells: [] };
        } else if (name === "c" && row !== null) {
          let column = lastColumn + 1;
          const ref = attr(a, "r");
          if (ref !== undefined) {
            const match = /^([A-Z]{1,3})(\d+)$/.exec(ref);
            if (match === null || Number(match[2]) !== row.row)
              throw refuse(undefined, `is damaged: the cell ${JSON.stringify(ref)} is not in row ${row.row}`);
            column = columnIndex(match[1]!);
          }
          if (column <= lastColumn || column >= MAX_COLUMNS)
            throw refuse(
              ref,
              `is damaged: the cell comes after column ${columnName(Math.max(lastColumn, 0))} of its row, or past Excel's last column`,
            );
          lastColumn = column;
          cell = { ref: `${columnName(column)}${row.row}`, column, t: attr(a, "t") ?? "n", s: Number(attr(a, "s") ?? 0) };
          value = null;
          inline = null;
        } else if (cell !== null) {
          if (name === "v") {
            inValue = true;
            value = [];
          } else if (name === "is") inline = [];
          else if (name === "rPh") phonetic++;
          else if (name === "t" && inline !== null && phonetic === 0) inText = true;
        } else if (name === "v" || name === "is" || name === "t" || name === "rPh") {
          throw refuse(undefined, `is damaged: it has a <${name}> outside any cell`);
        }
      },
      close(name) {
        if (name === "sheetData") inSheetData = false;
        else if (name === "row" && row !== null) {
          if (row.cells.length > 0) {
            rows.push(row);
            width = Math.max(width, row.cells[row.cells.length - 1]![0] + 1);
            if (rows.length * width > MAX_CELLS || (cells += row.cells.length) > MAX_CELLS)
              throw refuse(
                undefined,
                `makes more than ${MAX_CELLS.toLocaleString("en-US")} cells (${rows.length.toLocaleString("en-US")} rows of ${width.toLocaleString("en-US")} columns), more than nest reads: export it as CSV instead`,
              );
          }
          row = null;
        } else if (name === "c" && cell !== null && row !== null) {
          const read = cellValue(cell, value?.join("") ?? null, inline?.join("") ?? null, ctx, (message) => refuse(cell!.ref, message));
          if (read !== null) row.cells.push([cell.column, read]);
          cell = null;
          value = null;
          inline = null;
          inValue = false;
          inText = false;
          phonetic = 0;
        } else if (name === "v") inValue = false;
        else if (name === "rPh") phonetic = Math.max(0, phonetic - 1);
        else if (name === "t") inText = false;
      },
      text(text) {
        if (inValue && value !== null) value.push(text);
        else if (inText && inline !== null) inline.push(text);
      },
      foreign(name) {
        if (inSheetData) throw refuse(cell?.ref, `holds markup nest does not read (<${name}>, of another namespace) among its cells`);
      },
    },
    where.file,
    part,
  );
  return { rows, width };
}

/** A cell's value from its type (t), style (s), <v> and <is>; null for an empty cell. */
function cellValue(
  cell: { t: string; s: number },
  v: string | null,
  inline: string | null,
  ctx: SheetContext,
  refuse: (message: string) => Error,
): CellValue | null {
  switch (cell.t) {
    case "s": {
      if (v === null || !/^\d+$/.test(v.trim()) || ctx.strings[Number(v)] === undefined)
        throw refuse(`is damaged: it points at shared string ${JSON.stringify(v)}, which the workbook does not have`);
      return text(ctx.strings[Number(v)]!, refuse);
    }
    case "inlineStr":
      return inline === null ? null : text(inline, refuse);
    case "str":
      return v === null ? null : text(v, refuse);
    case "b":
      if (v === null) return null;
      if (v.trim() === "1" || v.trim() === "true") return { kind: "boolean", text: "TRUE" };
      if (v.trim() === "0" || v.trim() === "false") return { kind: "boolean", text: "FALSE" };
      throw refuse(`is damaged: it holds ${JSON.stringify(v)} as a TRUE or FALSE value`);
    case "e":
      return v === null || v === "" ? null : { kind: "error", text: v };
    case "d":
      return v === null || v === "" ? null : { kind: "date", text: isoDate(v, refuse) };
    case "n": {
      if (v === null || v.trim() === "") return null;
      const number = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(v.trim()) ? Number(v) : NaN;
      if (!Number.isFinite(number)) throw refuse(`is damaged: it holds ${JSON.stringify(v)} as a number`);
      if (ctx.dateStyles[cell.s] === true) return { kind: "date", text: serialDate(number, ctx.date1904, refuse) };
      return { kind: "number", text: Object.is(number, -0) ? "0" : String(number) };
    }
    default:
      throw refuse(`is damaged: its type ${JSON.stringify(cell.t)} is none that SpreadsheetML has`);
  }
}

/** Text as the cell holds it: ECMA-376's _xHHHH_ escapes undone (§22.9.2.19); a NUL or half a character refused. */
function text(raw: string, refuse: (message: string) => Error): CellValue {
  const value = raw.includes("_x") ? raw.replace(/_x([0-9A-Fa-f]{4})_/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))) : raw;
  if (value.includes("\u0000")) throw refuse("holds a NUL character (code 0), which is never part of an answer; delete it");
  if (/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(value))
    throw refuse("holds half of a character (a lone UTF-16 surrogate), which no text has; type the cell again");
  return { kind: "text", text: value };
}

/** A type-d cell's ISO 8601 text, read as written: 2000-06-15, 2018-05-09 18:07:15, 2018-05-09 23:30:00-05:00. */
function isoDate(v: string, refuse: (message: string) => Error): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/.exec(v.trim());
  const date = m === null ? null : { y: Number(m[1]), m: Number(m[2]), d: Number(m[3]) };
  if (m === null || date === null || !isValidDate(date)) throw refuse(`is damaged: it holds ${JSON.stringify(v)} as a date`);
  const [h, min, s] = [Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0)];
  if (h > 23 || min > 59 || s > 59) throw refuse(`is damaged: it holds ${JSON.stringify(v)} as a date`);
  const day = formatIsoDate(date);
  // A zone, when the cell gives one, stays with the time (nest's timestamps read it); no local time comes in.
  if (m[7] !== undefined) return `${day} ${pad(h)}:${pad(min)}:${pad(s)}${m[7]}`;
  return m[4] === undefined || h + min + s === 0 ? day : `${day} ${pad(h)}:${pad(min)}:${pad(s)}`;
}

const EPOCH_1900 = daysFromCivil({ y: 1899, m: 12, d: 30 });
const EPOCH_1904 = daysFromCivil({ y: 1904, m: 1, d: 1 });

/**
 * A serial date as ISO 8601, to the nearest second: in the 1900 system, day 1 is 1900-01-01 and day 60 the
 * 29 February 1900 that Excel has and the calendar does not (refused); up to 9999-12-31. A time alone (under a
 * day) is the time.
 */
function serialDate(serial: number, date1904: boolean, refuse: (message: string) => Error): string {
  const seconds = Math.round(serial * 86_400);
  let days = Math.floor(seconds / 86_400);
  const time = seconds - days * 86_400;
  const clock = `${pad(Math.floor(time / 3600))}:${pad(Math.floor((time % 3600) / 60))}:${pad(time % 60)}`;
  if (serial < 0 || serial >= 2_958_466) throw refuse(`is damaged: its date ${serial} is before 1900 or after 9999`);
  if (days === 0 && !date1904) return clock;
  if (!date1904 && days === 60) throw refuse("holds 29 February 1900, a day Excel counts and the calendar does not have");
  if (!date1904 && days < 60) days += 1; // before Excel's phantom day, its serials are one day ahead of 1899-12-30
  const day = formatIsoDate(civilFromDays((date1904 ? EPOCH_1904 : EPOCH_1900) + days));
  return time === 0 ? day : `${day} ${clock}`;
}

function pad(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** A column's letters, from its index: 0 is A, 26 is AA. */
export function columnName(index: number): string {
  let name = "";
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  return name;
}

function columnIndex(letters: string): number {
  let n = 0;
  for (const c of letters) n = n * 26 + (c.charCodeAt(0) - 64);
  return n - 1;
}
