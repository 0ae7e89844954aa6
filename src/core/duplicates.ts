import type { DateFormat } from "./dates.js";
import { parseTimestamp } from "./dates.js";
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

export class DuplicateFinder {
  private readonly reread = new Map<number, DuplicateFacts>();
  private readonly seen: FirstSeen;
  private readonly groups = new Map<number, number[]>(); // a group per address seen twice, keyed by a row of it

  constructor(
    private readonly factsOf: (rowIndex: number) => DuplicateFacts,
    private readonly dateFormat: DateFormat,
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
        return time === undefined ? null : parseTimestamp(time, this.dateFormat);
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
