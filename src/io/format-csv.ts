/**
 * Tables -> CSV text for spreadsheets: CRLF line ends (RFC 4180), UTF-8 with a BOM so Excel shows
 * "Nguyễn" and "José", and no cell a spreadsheet would run as a formula (OWASP "CSV Injection").
 */

/**
 * How cells a spreadsheet would run as formulas are neutralised (docs/ALGORITHM.md §6), fixed by a draw's edition
 * (core/edition.ts): 0 not at all (--no-formula-escape); 1 a "'" before a cell that starts with a trigger
 * (nest-draw/1 and /2); 2 a "'" before every fragment that starts with one, a fragment being the text at the start
 * of a cell or after a semicolon, tab, space or line break in it, where an import that splits on those starts a
 * cell (nest-draw/3); 3 as 2, with a comma inside a cell starting a fragment too, and "'''" before a fragment inside
 * a cell, for imports that do not take double quotes as quotes: one taking "'" as its text delimiter, which makes a
 * quoted cell from a "'", finds an escaped "'" first (nest-draw/4). 2 and 3 read back exactly (restoreFormula).
 */
export type FormulaGuard = 0 | 1 | 2 | 3;

export interface CsvFormatOptions {
  bom: boolean;
  guard: FormulaGuard;
}

// Characters that make Excel, LibreOffice or Google Sheets treat a cell as a formula, including
// the fullwidth forms some of them normalise, and the control characters OWASP lists; also after
// leading spaces, which an import that trims spaces removes.
const FORMULA_START = /^[\t\r\n]|^[ \u00a0]*[=+\-@\uFF1D\uFF0B\uFF0D\uFF20]/;
// Plain numbers such as "-5" or "+3.5" are not formulas; leaving them alone keeps them numbers.
const PLAIN_NUMBER = /^[+-]?\d+(\.\d+)?$/;

/** A cell as the guard writes it (before quoting): unchanged, or with a "'" put in where a formula could start. */
export function neutraliseFormula(cell: string, guard: FormulaGuard): string {
  if (guard === 0) return cell;
  // Fast path: most cells start with a letter or digit (a million rows, a dozen cells each) and hold no space.
  if (startsPlain(cell.charCodeAt(0)) && (guard === 1 || !(guard === 2 ? SEPARATOR_THEN_CAREFUL : SEPARATOR_THEN_CAREFUL_3).test(cell)))
    return cell;
  if (guard === 1) return FORMULA_START.test(cell) && !PLAIN_NUMBER.test(cell) ? `'${cell}` : cell;
  let out = "";
  let from = 0;
  for (let p = 0; p <= cell.length; p = nextFragment(cell, p, guard)) {
    if (guardsAt(cell, p, p, guard)) {
      out += cell.slice(from, p) + prefixAt(p, guard);
      from = p;
    }
  }
  return from === 0 && out === "" ? cell : out + cell.slice(from);
}

/** What guard 2 or 3 puts before a guarded fragment starting at p: "'", or for guard 3 inside a cell "'''". */
function prefixAt(p: number, guard: 2 | 3): string {
  return guard === 3 && p > 0 ? "'''" : "'";
}

/** The inverse of neutraliseFormula, for reading nest's own files back (nest verify --ledger). Exact for guards 2 and 3. */
export function restoreFormula(cell: string, guard: FormulaGuard): string {
  if (guard === 0 || !cell.includes("'")) return cell;
  if (guard === 1)
    return cell.startsWith("'") && FORMULA_START.test(cell.slice(1)) && !PLAIN_NUMBER.test(cell.slice(1)) ? cell.slice(1) : cell;
  let out = "";
  let from = 0;
  for (let p = 0; p < cell.length; p = nextFragment(cell, p, guard)) {
    const prefix = prefixAt(p, guard).length;
    if (cell.startsWith(prefixAt(p, guard), p) && guardsAt(cell, p, p + prefix, guard)) {
      out += cell.slice(from, p);
      from = p + prefix;
    }
  }
  return from === 0 ? cell : out + cell.slice(from);
}

const APOSTROPHE = 0x27;
const NBSP = 0xa0;
const SPACE = 0x20;
const HYPHEN = 0x2d;

/**
 * Where an import splitting on semicolons, tabs, spaces or line breaks can start a cell inside one of nest's; for
 * guard 3 also a comma, where an import that does not take double quotes as quotes (text delimiter "'" or none)
 * splits a quoted cell of nest's.
 */
function isSeparator(c: number, guard: 2 | 3): boolean {
  return c === SPACE || c === 0x3b || c === 0x09 || c === 0x0d || c === 0x0a || (guard === 3 && c === COMMA);
}

function isTrigger(c: number, guard: 2 | 3): boolean {
  if (c === 0x3d || c === 0x2b || c === HYPHEN || c === 0x40 || c === 0xff1d || c === 0xff0b || c === 0xff0d || c === 0xff20) return true;
  return guard === 3 && NFKC_TRIGGERS.has(c);
}

// Guard 3 also takes every other character that Unicode's compatibility normalisation (NFKC) makes "=", "+", "-" or
// "@" (small forms, superscripts, subscripts), which a spreadsheet may fold into them as it does the fullwidth ones.
const NFKC_TRIGGERS: ReadonlySet<number> = new Set([0x207a, 0x207c, 0x208a, 0x208c, 0xfb29, 0xfe62, 0xfe63, 0xfe66, 0xfe6b]);

function isControlStart(c: number): boolean {
  return c === 0x09 || c === 0x0d || c === 0x0a;
}

/** The start of the fragment after the one starting at p (cell.length + 1 when there is none). */
function nextFragment(cell: string, p: number, guard: 2 | 3): number {
  for (let i = p; i < cell.length; i++) if (isSeparator(cell.charCodeAt(i), guard)) return i + 1;
  return cell.length + 1;
}

/**
 * Guards 2 and 3's rule: whether the fragment of `cell` that starts at p gets a "'", judged on its text from q (p itself
 * when guarding; p + 1, past a "'", when restoring: q is past the prefix). It does when that text is any number of "'" and no-break
 * spaces, then a trigger, or, at the start of the cell, any number of "'", then a tab or line break; except a whole cell that is a plain number ("-5" stays a number) and a hyphen standing
 * alone between spaces after text ("Smith - Jones": only a space import makes a cell there, "-", which is text). Neither exception
 * starts with "'", and a "'" before a guarded text leaves it guarded: so restoring reads back exactly.
 */
function guardsAt(cell: string, p: number, q: number, guard: 2 | 3): boolean {
  let i = q;
  while (i < cell.length && cell.charCodeAt(i) === APOSTROPHE) i++;
  // OWASP's list: a cell that starts with a tab or line break (which some imports trim) is prefixed too.
  if (p === 0 && i < cell.length && isControlStart(cell.charCodeAt(i))) return true;
  while (i < cell.length && (cell.charCodeAt(i) === APOSTROPHE || cell.charCodeAt(i) === NBSP)) i++;
  if (i >= cell.length || !isTrigger(cell.charCodeAt(i), guard)) return false;
  if (p === 0 && PLAIN_NUMBER.test(q === 0 ? cell : cell.slice(q))) return false;
  if (p > 0 && cell.charCodeAt(q) === HYPHEN && cell.charCodeAt(q + 1) === SPACE && cell.charCodeAt(p - 1) === SPACE) {
    // Only a space import starts a cell there: the spaces before it follow text, not the cell's start or another separator.
    let j = p - 1;
    while (j >= 0 && (cell.charCodeAt(j) === SPACE || cell.charCodeAt(j) === NBSP)) j--;
    // Guard 3: not after a "'" either, which an import taking "'" as its text delimiter may open quotes with.
    if (j >= 0 && !isSeparator(cell.charCodeAt(j), guard) && !(guard === 3 && cell.charCodeAt(j) === APOSTROPHE)) return false;
  }
  return true;
}

// A separator followed by something guardsAt may look at: "'", a trigger, or any character past ASCII (NBSP, the
// fullwidth triggers). Erring on the side of caution only sends a cell the slow way.
const SEPARATOR_THEN_CAREFUL = /[ ;\t\r\n]['=+\-@\u0080-\uffff]/;
const SEPARATOR_THEN_CAREFUL_3 = /[ ;,\t\r\n]['=+\-@\u0080-\uffff]/;

/**
 * Records as CSV lines, RFC 4180 (CRLF; the lines themselves are put together by csv-stream.ts): a cell is quoted
 * when it holds a comma, quote or line break, and, with a guard, also when it starts with "'" or holds ";" or a
 * tab, so a spreadsheet that splits on them (a semicolon locale) still sees one cell when it honours quotes.
 * csv-stringify writes exactly the same bytes (test/io/format-csv.test.ts checks it on random tables);
 * nest writes its own because csv-stringify spends about 0.6 µs per cell, which at a million applicants
 * was most of a draw's time (bench/).
 */
const QUOTE_ALWAYS = /[",\r\n]/;
const QUOTE_ESCAPING = /[",\r\n;\t]|^'/;

/** Whether a cell that starts with this code unit (a letter or digit) is left as it is unless it holds a byte that needs quotes. */
export function startsPlain(first: number): boolean {
  return (first >= 48 && first <= 57) || (first >= 65 && first <= 90) || (first >= 97 && first <= 122);
}

/** What may follow a separator without guard 2 looking twice: not "'", a trigger, or a character past ASCII. */
export function carefulAfterSeparator(c: number): boolean {
  return c === APOSTROPHE || c === 0x3d || c === 0x2b || c === HYPHEN || c === 0x40 || c >= 0x80;
}

/** One cell as the writer writes it: neutralised as the guard says, and quoted when it must be. */
export function formatCsvCell(cell: string, guard: FormulaGuard): string {
  // Fast path (most cells: names, IDs, dates): starts with a letter or digit and holds nothing to quote or guard.
  if (startsPlain(cell.charCodeAt(0))) {
    const kinds = cellKinds(guard);
    let i = 1;
    for (; i < cell.length; i++) {
      const c = cell.charCodeAt(i);
      if (c >= 256) break;
      const kind = kinds[c]!;
      if (kind !== PLAIN && ((kind & NEEDS_QUOTES) !== 0 || carefulAfterSeparator(cell.charCodeAt(i + 1)))) break;
    }
    if (i === cell.length) return cell;
  }
  const value = neutraliseFormula(cell, guard);
  return (guard === 0 ? QUOTE_ALWAYS : QUOTE_ESCAPING).test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

// First bytes after which a cell may need neutralising: tab, line breaks, space, = + - @, ' (which the
// writer quotes), and the lead bytes of NBSP (C2), of the superscripts and subscripts (E2) and of the fullwidth and small forms (EF). Erring on the side of
// caution only sends a row the slow way.
const CAREFUL_FIRST = new Uint8Array(256);
for (const b of [0x09, 0x0a, 0x0d, 0x20, 0x3d, 0x2b, 0x2d, 0x40, 0x27, 0xc2, 0xe2, 0xef]) CAREFUL_FIRST[b] = 1;

/**
 * Whether a comma-separated record, as UTF-8 bytes [start, end), is byte for byte what the writer
 * writes for its cells: every quoted cell needs its quotes, no unquoted cell does, and no cell is one
 * neutraliseFormula would change. Then a writer can copy the bytes instead of reading and formatting the
 * cells again (most rows of a form's export; bench/). test/io/format-csv.test.ts checks it against
 * the writer (csv-stream.ts formatCsv) on random records.
 */
export function isFormattedCsv(bytes: Uint8Array, start: number, end: number, guard: FormulaGuard): boolean {
  const kinds = cellKinds(guard);
  let i = start;
  for (;;) {
    // A cell starts at i.
    if (i < end && bytes[i] !== COMMA) {
      const quoted = bytes[i] === QUOTE;
      if (guard !== 0 && CAREFUL_FIRST[quoted ? (i + 1 < end ? bytes[i + 1]! : 0) : bytes[i]!] === 1) return false;
      if (quoted) {
        // It must hold something that needs the quotes.
        let needed = false;
        for (i++; ; i++) {
          while (i < end && kinds[bytes[i]!] === PLAIN) i++;
          if (i >= end) return false; // never closed: not a record nest's reader accepts
          const kind = kinds[bytes[i]!]!;
          if ((kind & SEPARATOR) !== 0 && i + 1 < end && carefulAfterSeparator(bytes[i + 1]!)) return false;
          if ((kind & NEEDS_QUOTES) === 0) continue; // a space
          if (bytes[i] === QUOTE) {
            if (i + 1 >= end || bytes[i + 1] !== QUOTE) break;
            i++;
          }
          needed = true;
        }
        if (!needed) return false;
        i++; // past the closing quote
      } else {
        for (;;) {
          while (i < end && kinds[bytes[i]!] === PLAIN) i++;
          if (i >= end || kinds[bytes[i]!] !== SEPARATOR) break;
          if (i + 1 < end && carefulAfterSeparator(bytes[i + 1]!)) return false; // a space, then a fragment to judge
          i++;
        }
        if (i < end && bytes[i] !== COMMA) return false; // a character that needs quotes
      }
    }
    if (i >= end) return true;
    if (bytes[i] !== COMMA) return false; // text after a closing quote
    i++;
    if (i === end) return true; // a last, empty cell
  }
}

const COMMA = 0x2c;
const QUOTE = 0x22;
// A byte's (or a UTF-16 code unit's below 256) kind in a cell: PLAIN, or bits: it makes the cell need quotes, and
// (guard 2) a fragment starts after it.
const PLAIN = 0;
const NEEDS_QUOTES = 1;
const SEPARATOR = 2;
const KINDS_UNGUARDED = new Uint8Array(256);
for (const b of [QUOTE, COMMA, 0x0a, 0x0d]) KINDS_UNGUARDED[b] = NEEDS_QUOTES;
const KINDS_GUARD_1 = KINDS_UNGUARDED.slice();
for (const b of [0x3b, 0x09]) KINDS_GUARD_1[b] = NEEDS_QUOTES;
const KINDS_GUARD_2 = KINDS_GUARD_1.slice();
for (const b of [0x3b, 0x09, 0x0a, 0x0d]) KINDS_GUARD_2[b] = NEEDS_QUOTES | SEPARATOR;
KINDS_GUARD_2[SPACE] = SEPARATOR;
const KINDS_GUARD_3 = KINDS_GUARD_2.slice();
KINDS_GUARD_3[COMMA] = NEEDS_QUOTES | SEPARATOR;

/**
 * Each byte's (or UTF-16 code unit's below 256) kind in a cell, for a guard: PLAIN (0) for most, else bits:
 * NEEDS_QUOTES (1), and SEPARATOR (2) where guard 2 must look at what follows.
 */
export function cellKinds(guard: FormulaGuard): Uint8Array {
  return [KINDS_UNGUARDED, KINDS_GUARD_1, KINDS_GUARD_2, KINDS_GUARD_3][guard]!;
}
