import type { DateFormat } from "./dates.js";
import { parseTimestamp, parseTimestampWide } from "./dates.js";
import { FirstSeen } from "./first-seen.js";
import type { ColumnMap } from "./headers.js";
import { foldEmail, readEmail } from "./rules/email.js";
import { cleanCell } from "./text.js";

/**
 * Duplicate email addresses (README "Eligibility", DUPLICATE): the earliest submission with an address counts,
 * by the Timestamp column when every copy has a readable one, else by row order. Rows are compared by a 32-bit
 * hash of their folded address (fnv1a, worked out while the rows are judged, perhaps in another thread); only a
 * row whose hash another's equals is read again, once, for its address (to compare) and its timestamp. Rows can
 * be added in any order: the groups of rows with one address do not depend on it, nor does the earliest.
 */

/** What the duplicate rule reads of a row: its folded address and its timestamp cell. */
export interface DuplicateFacts {
  key: string;
  time: string | undefined;
}

/** A row's DuplicateFacts, given a way to read one of its cells by index. */
export function duplicateFacts(cell: (index: number) => string, columns: ColumnMap): DuplicateFacts {
  const read = (index: number | undefined) => (index === undefined ? undefined : cleanCell(cell(index) ?? ""));
  return { key: foldEmail(readEmail(read(columns.email) ?? "")), time: read(columns.timestamp) };
}

/** DuplicateFinder's answer, by row. */
export interface Duplicates {
  earliest: Int32Array;
  copy: Int32Array;
  /** The folded address of each later copy (read once already: its pseudonym is keyed by it, core/settle.ts). */
  address: Map<number, string>;
}

/** How a run reads timestamps: the edition's forms (core/edition.ts timestamps), in the order it decided. */
export function timestampReader(forms: "narrow" | "wide", order: DateFormat): (text: string) => number | null {
  return forms === "wide" ? (text) => parseTimestampWide(text, order) : (text) => parseTimestamp(text, order);
}

/**
 * For nest check: how many timestamps cannot be read, with the first, since copies of an address whose timestamps
 * are not all readable are taken in row order (README "Eligibility", DUPLICATE). Null when every one can be.
 */
export function unreadTimestamps(cells: Iterable<{ row: number; text: string }>, read: (text: string) => number | null): string | null {
  let unread = 0;
  let all = 0;
  let first: { row: number; text: string } | null = null;
  for (const cell of cells) {
    if (cleanCell(cell.text) === "") continue;
    all++;
    if (read(cell.text) !== null) continue;
    if (unread++ === 0) first = cell;
  }
  if (first === null) return null;
  return (
    `nest: ${unread} of ${all} timestamps cannot be read (row ${first.row}: ${JSON.stringify(first.text)}): ` +
    "where copies of one email address do not all have a readable timestamp, the first row counts as the earliest"
  );
}

export class DuplicateFinder {
  private readonly reread = new Map<number, DuplicateFacts>();
  private readonly seen: FirstSeen;
  private readonly groups = new Map<number, number[]>(); // a group per address seen twice, keyed by a row of it

  constructor(
    private readonly factsOf: (rowIndex: number) => DuplicateFacts,
    /** A timestamp as a sortable number of seconds, or null (core/dates.ts: the edition's reading, its order). */
    private readonly readTime: (text: string) => number | null,
    private readonly rows: number,
  ) {
    this.seen = new FirstSeen((rowIndex) => this.read(rowIndex).key, rows);
  }

  /** A row with a valid address, whose folded form hashes (fnv1a) to `hash`. */
  add(rowIndex: number, hash: number): void {
    const first = this.seen.addHashed(hash, rowIndex);
    if (first < 0) return;
    const group = this.groups.get(first);
    if (group) group.push(rowIndex);
    else this.groups.set(first, [first, rowIndex]);
  }

  /**
   * For each row, the row of the earliest submission with its address when it is a later one, else -1; and which
   * copy of the address it is (2 for the second, ...; 0 for the earliest and for rows seen once).
   */
  earliest(): Duplicates {
    const earliest = new Int32Array(this.rows).fill(-1);
    const copy = new Int32Array(this.rows);
    const address = new Map<number, string>();
    for (const group of this.groups.values()) {
      const times = group.map((rowIndex) => {
        const time = this.read(rowIndex).time;
        return time === undefined ? null : this.readTime(time);
      });
      const useTimes = times.every((t) => t !== null);
      const order = group
        .map((rowIndex, i) => ({ rowIndex, t: useTimes ? times[i]! : 0 }))
        .sort((x, y) => x.t - y.t || x.rowIndex - y.rowIndex);
      for (let i = 1; i < order.length; i++) {
        const rowIndex = order[i]!.rowIndex;
        earliest[rowIndex] = order[0]!.rowIndex;
        copy[rowIndex] = i + 1;
        address.set(rowIndex, this.read(rowIndex).key);
      }
    }
    return { earliest, copy, address };
  }

  private read(rowIndex: number): DuplicateFacts {
    let found = this.reread.get(rowIndex);
    if (found === undefined) this.reread.set(rowIndex, (found = this.factsOf(rowIndex)));
    return found;
  }
}
