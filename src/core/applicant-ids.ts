import type { Edition } from "./edition.js";

/**
 * Applicant IDs (docs/ALGORITHM.md §1–2). The export's own ID column when it has one. Without one, nest-draw/1
 * used "R" and the line the row starts on, which changes when other rows are deleted or the sheet is sorted;
 * nest-draw/2 gives a pseudonym keyed by the applicant's own email address (or, without a valid one, by their
 * own cells): it does not depend on any other row, and without the config's secret key nobody can tell from it
 * whether a given person applied. The keyed hash itself is given by the caller (docs/ALGORITHM.md §2), so that
 * core stays free of crypto.
 */

/** The keyed hash (under the config's applicantIdKey) of a pseudonym's material: docs/ALGORITHM.md §2. */
export type Keyed = (material: string) => Uint8Array;

/** How a table's applicants get their IDs. */
export interface IdPlan {
  edition: Edition;
  /** Required when the edition gives pseudonyms and the export has no ID column. */
  keyed: Keyed | null;
}

/** nest-draw/1: "R" and the line the applicant's row starts on. */
export function lineId(line: number): string {
  return `R${line}`;
}

const US = "\u001f";

/**
 * What an applicant with a valid email address is keyed by: the address, folded (rules/email.ts foldEmail); for a
 * later copy of an address (a duplicate), which copy it is too (2 for the second).
 */
export function emailMaterial(email: string, copy = 1): string {
  return copy === 1 ? `email${US}${email}` : `email${US}${email}${US}${copy}`;
}

/**
 * What an applicant without one is keyed by: their cells as JSON (line breaks in a cell as LF, however the file
 * wrote them), and how many earlier rows without an address have exactly these cells (0 for the first).
 */
export function rowMaterial(cells: readonly string[], occurrence: number): string {
  return `row${US}${cellsKey(cells)}${US}${occurrence}`;
}

/** A row's cells as JSON, each line break written LF: rows with the same key are the same rows to rowMaterial. */
export function cellsKey(cells: readonly string[]): string {
  return JSON.stringify(cells.some((c) => c.includes("\r")) ? cells.map((c) => c.replace(/\r\n?/g, "\n")) : cells);
}

const CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/** The characters of a pseudonym after its "N": 12 (60 bits of the hash); 26 (130 bits) for two that would be equal. */
export const SHORT_PSEUDONYM = 12;
export const LONG_PSEUDONYM = 26;

/** "N" and the first bits of the hash in Crockford's base 32, five bits a character, most significant first. */
export function formatPseudonym(hash: Uint8Array, length = SHORT_PSEUDONYM): string {
  const codes = new Array<number>(length + 1);
  codes[0] = 0x4e; // "N"
  let bits = 0; // how many of acc's low bits are not written yet
  let acc = 0;
  for (let i = 1, next = 0; i <= length; i++) {
    if (bits < 5) {
      acc = ((acc & ((1 << bits) - 1)) << 8) | hash[next++]!;
      bits += 8;
    }
    bits -= 5;
    codes[i] = CROCKFORD_CODES[(acc >>> bits) & 31]!;
  }
  return String.fromCharCode(...codes);
}

const CROCKFORD_CODES = Array.from(CROCKFORD, (c) => c.charCodeAt(0));

/**
 * A problem with an ID from the export's ID column (empty, a control character, used before), or null. `where`
 * says where an item is, for the message: only asked when there is a problem.
 */
export function checkColumnId(
  id: string,
  item: number,
  where: (item: number) => string,
  columnName: string,
  seen: Map<string, number>,
): string | null {
  if (id === "") return `${where(item)}: the "${columnName}" cell is empty; every applicant needs an ID`;
  if (/[\u0000-\u001f\u007f]/.test(id)) return `${where(item)}: the ID "${id}" holds a control character`;
  const before = seen.get(id);
  if (before !== undefined) return `${where(item)}: the ID "${id}" was already used on ${where(before)}`;
  seen.set(id, item);
  return null;
}

/**
 * The key of pseudonyms when the config has no applicantIdKey (the embedded default, a config from nest 0.1.0): a
 * key everyone knows, so such IDs hide nobody. nest says so when it draws with it.
 */
export const PUBLIC_ID_KEY = "nest: this config has no applicantIdKey";
