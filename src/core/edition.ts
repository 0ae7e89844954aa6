/**
 * What a draw's algorithm identifier fixes besides the draw itself: how applicants without an ID column are
 * named, which row numbers the files give, and audit.json's layout. nest re-runs every edition it has known
 * (nest verify), so a draw made by any earlier version verifies byte for byte; a change to any of this is a
 * new edition with a new identifier (docs/ALGORITHM.md). A table, not branches: the code reads its knobs.
 */
export interface Edition {
  /** Recorded in audits and commitments, and the first part of every lottery number's key (docs/ALGORITHM.md §2). */
  algorithm: string;
  /** audit.json's "format": 1 has no such field (nest 0.1.0). */
  auditFormat: 1 | 2;
  /** Applicant IDs without an ID column: "R" and the line the row starts on, or a keyed pseudonym (§1). */
  ids: "line" | "pseudonym";
  /**
   * The row number written where a file points at a row (a duplicate's reason, the audit's notes): the file line
   * the row starts on, or the row a spreadsheet shows, which excluded.csv then also gives in a Row column.
   */
  rowNumbers: "line" | "sheetRow";
}

export const EDITIONS: readonly Edition[] = [
  { algorithm: "nest-draw/1", auditFormat: 1, ids: "line", rowNumbers: "line" },
  { algorithm: "nest-draw/2", auditFormat: 2, ids: "pseudonym", rowNumbers: "sheetRow" },
];

/** The edition new draws use. */
export const CURRENT_EDITION: Edition = EDITIONS[EDITIONS.length - 1]!;

export function editionOf(algorithm: string): Edition | null {
  return EDITIONS.find((e) => e.algorithm === algorithm) ?? null;
}

export const KNOWN_ALGORITHMS: readonly string[] = EDITIONS.map((e) => e.algorithm);
