import { NONE, type Applicant } from "./applicant.js";
import { checkColumnId, emailMaterial, formatPseudonym, lineId, LONG_PSEUDONYM, rowMaterial, type IdPlan } from "./applicant-ids.js";
import { duplicateFacts } from "./duplicates.js";
import { FirstSeen } from "./first-seen.js";
import type { ColumnMap } from "./headers.js";
import type { RowVerdict } from "./rules/index.js";
import type { Row } from "./table.js";
import { cleanCell } from "./text.js";
import { pointAt } from "./who.js";

/**
 * The rules that need the whole file, once every row is judged (core/rules): IDs (an ID column's IDs must be
 * different; pseudonyms for the rows the email cannot key) and duplicate emails. One thread or two judge the
 * rows (io/engine); this settles them the same way for both.
 */

/** A row's ID before the whole file is known: the ID column's cell, "R" and its line, or its email's pseudonym ("" without one). */
export function provisionalIdOf(columns: ColumnMap, ids: IdPlan): (row: Row, cells: readonly string[], verdict: RowVerdict) => string {
  const idColumn = columns.id;
  if (idColumn !== undefined) return (_row, cells) => cleanCell(cells[idColumn] ?? "");
  if (ids.edition.ids === "line") return (row) => lineId(row.line);
  const keyed = ids.keyed;
  if (keyed === null) throw new Error("pseudonymous IDs need the config's key");
  return (_row, _cells, verdict) => (verdict.email === null ? "" : formatPseudonym(keyed(emailMaterial(verdict.email))));
}

export interface SettleInput {
  /** Every row's applicant, with its provisional ID. */
  applicants: Applicant[];
  rows: readonly Row[];
  headers: readonly string[];
  columns: ColumnMap;
  ids: IdPlan;
  /** For each row, the row of the earliest submission with its address when it is a later one, else -1 (DuplicateFinder). */
  earliest: Int32Array;
  /** How many of a row's notes (the first ones) are spreadsheet damage. */
  damageOf: (rowIndex: number) => number;
}

/** `renamed`: the rows whose ID changed after their lottery number may have been worked out (to work it out again). */
export type Settled = { ok: true; renamed: number[] } | { ok: false; issues: string[] };

export function settle(input: SettleInput): Settled {
  const { applicants, columns, earliest } = input;
  if (columns.id !== undefined) {
    const issues = checkIdColumn(input);
    if (issues.length > 0) return { ok: false, issues };
  }
  const renamed = columns.id === undefined && input.ids.edition.ids === "pseudonym" ? namePseudonymously(input) : [];
  const rowNumber = input.ids.edition.rowNumbers;
  for (let i = 0; i < earliest.length; i++) {
    const firstIndex = earliest[i]!;
    if (firstIndex < 0) continue;
    const a = applicants[i]!;
    const first = applicants[firstIndex]!;
    const damage = input.damageOf(i);
    Object.assign(a, {
      districtId: null,
      categories: NONE,
      named: NONE,
      notes: damage === 0 ? NONE : a.notes.slice(0, damage),
      exclusion: {
        code: "DUPLICATE",
        reason: `Duplicate of row ${rowNumber === "line" ? first.line : first.sheetRow} (${first.id}), the earliest submission with this email address`,
      },
    });
  }
  return { ok: true, renamed };
}

function checkIdColumn({ applicants, rows, headers, columns }: SettleInput): string[] {
  const name = headers[columns.id!]!;
  const seen = new Map<string, string>();
  const issues: string[] = [];
  for (const a of applicants) {
    const issue = checkColumnId(a.id, pointAt(rows[a.rowIndex]!, columns), name, seen);
    if (issue !== null) issues.push(issue);
  }
  return issues;
}

/**
 * Pseudonyms for the rows their email cannot key (none valid, or a later copy of an address: keyed by their own
 * cells), then the longer form for any two that are equal (one pair in about 400,000 at a million applicants).
 */
function namePseudonymously({ applicants, rows, columns, ids, earliest }: SettleInput): number[] {
  const keyed = ids.keyed!;
  const occurrences = new Map<string, number>();
  const rowKeyed = new Map<number, string>(); // row -> its material, for the longer form
  for (const a of applicants) {
    if (a.id !== "" && earliest[a.rowIndex]! < 0) continue;
    const cells = rows[a.rowIndex]!.cells;
    const same = JSON.stringify(cells);
    const occurrence = occurrences.get(same) ?? 0;
    occurrences.set(same, occurrence + 1);
    const material = rowMaterial(cells, occurrence);
    rowKeyed.set(a.rowIndex, material);
    a.id = formatPseudonym(keyed(material));
  }
  const seen = new FirstSeen((i) => applicants[i]!.id, applicants.length);
  const clashing = new Set<number>();
  for (const a of applicants) {
    const first = seen.add(a.id, a.rowIndex);
    if (first >= 0) clashing.add(first).add(a.rowIndex);
  }
  for (const i of clashing) {
    const material = rowKeyed.get(i) ?? emailMaterial(duplicateFacts((c) => rows[i]!.cells[c] ?? "", columns).key);
    applicants[i]!.id = formatPseudonym(keyed(material), LONG_PSEUDONYM);
  }
  return [...clashing];
}
