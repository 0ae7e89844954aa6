import { NONE, type Applicant } from "./applicant.js";
import {
  cellsKey,
  checkColumnId,
  emailMaterial,
  formatPseudonym,
  lineId,
  LONG_PSEUDONYM,
  rowMaterial,
  type IdPlan,
} from "./applicant-ids.js";
import { duplicateFacts, type Duplicates } from "./duplicates.js";
import { findRepeats } from "./first-seen.js";
import type { ColumnMap } from "./headers.js";
import type { RowVerdict } from "./rules/index.js";
import type { Row } from "./table.js";
import { cleanCell } from "./text.js";
import { pointAt } from "./who.js";

/**
 * The rules that need the whole file, once every row is judged (core/rules): IDs (an ID column's IDs must be
 * different; pseudonyms the whole file decides) and duplicate emails. However the rows were judged, they are
 * settled here, the same way.
 */

/**
 * A row's ID before the whole file is known: the ID column's cell, "R" and its line, or its pseudonym (keyed by its
 * email address, or without a valid one by its cells, as if no identical row came before it).
 */
export function provisionalIdOf(columns: ColumnMap, ids: IdPlan): (row: Row, cells: readonly string[], verdict: RowVerdict) => string {
  const idColumn = columns.id;
  if (idColumn !== undefined) return (_row, cells) => cleanCell(cells[idColumn] ?? "");
  if (ids.edition.ids === "line") return (row) => lineId(row.line);
  const keyed = ids.keyed;
  if (keyed === null) throw new Error("pseudonymous IDs need the config's key");
  return (_row, cells, verdict) => formatPseudonym(keyed(verdict.email === null ? rowMaterial(cells, 0) : emailMaterial(verdict.email)));
}

export interface SettleInput {
  /** Every row's applicant, with its provisional ID. */
  applicants: Applicant[];
  rows: readonly Row[];
  headers: readonly string[];
  columns: ColumnMap;
  ids: IdPlan;
  /** Each row's earliest copy of its address, and which copy it is (DuplicateFinder). */
  duplicates: Duplicates;
  /** How many of a row's notes (the first ones) are spreadsheet damage. */
  damageOf: (rowIndex: number) => number;
  /** Whether a row has a valid email address (the email rule's verdict): its pseudonym is then keyed by it. */
  hasAddress: (rowIndex: number) => boolean;
}

/** `renamed`: the rows whose ID changed after their lottery number may have been worked out (to work it out again). */
export type Settled = { ok: true; renamed: number[] } | { ok: false; issues: string[] };

export function settle(input: SettleInput): Settled {
  const { applicants, columns } = input;
  const { earliest } = input.duplicates;
  if (columns.id !== undefined) {
    const issues = checkIdColumn(input);
    if (issues.length > 0) return { ok: false, issues };
  }
  const renamed = columns.id === undefined && input.ids.edition.ids === "pseudonym" ? namePseudonymously(input) : [];
  const rowNumber = input.ids.edition.rowNumbers;
  const named = input.ids.edition.duplicateOf === "rowAndApplicantId";
  for (let i = 0; i < earliest.length; i++) {
    const firstIndex = earliest[i]!;
    if (firstIndex < 0) continue;
    const a = applicants[i]!;
    const first = applicants[firstIndex]!;
    const damage = input.damageOf(i);
    a.districtId = null;
    a.categories = NONE;
    a.named = NONE;
    a.notes = damage === 0 ? NONE : a.notes.slice(0, damage);
    a.exclusion = {
      code: "DUPLICATE",
      reason: `Duplicate of row ${rowNumber === "line" ? first.line : first.sheetRow} (${named ? "Applicant ID " : ""}${first.id}), the earliest submission with this email address`,
    };
  }
  return { ok: true, renamed };
}

function checkIdColumn({ applicants, rows, headers, columns }: SettleInput): string[] {
  const name = headers[columns.id!]!;
  const seen = new Map<string, number>();
  const issues: string[] = [];
  const where = (i: number) => pointAt(rows[i]!, columns);
  for (const a of applicants) {
    const issue = checkColumnId(a.id, a.rowIndex, where, name, seen);
    if (issue !== null) issues.push(issue);
  }
  return issues;
}

/**
 * Pseudonyms that the whole file decides (docs/ALGORITHM.md §2): a later copy of an address is keyed by the address
 * and which copy it is; a row without a valid address that is identical to earlier ones, by how many came before
 * it; then the longer form for any two IDs that are equal (about once in 2.3 million draws of a million applicants).
 */
function namePseudonymously({ applicants, rows, columns, ids, duplicates, hasAddress }: SettleInput): number[] {
  const keyed = ids.keyed!;
  const renamed: number[] = [];
  const material = new Map<number, string>(); // rows not keyed by their provisional material
  const addressOf = (i: number) => duplicateFacts((c) => rows[i]!.cells[c] ?? "", columns).key;
  const before = new Map<string, number>(); // the cells of rows without an address -> how many had them
  const rename = (i: number, m: string) => {
    material.set(i, m);
    applicants[i]!.id = formatPseudonym(keyed(m));
    renamed.push(i);
  };
  for (const [i, address] of duplicates.address) rename(i, emailMaterial(address, duplicates.copy[i]!));
  for (let i = 0; i < applicants.length; i++) {
    if (hasAddress(i) || duplicates.earliest[i]! >= 0) continue;
    const cells = cellsKey(rows[i]!.cells);
    const occurrence = before.get(cells) ?? 0;
    before.set(cells, occurrence + 1);
    if (occurrence > 0) rename(i, rowMaterial(rows[i]!.cells, occurrence));
  }
  for (const i of findRepeats(applicants.length, (item) => applicants[item]!.id)) {
    const m = material.get(i) ?? (hasAddress(i) ? emailMaterial(addressOf(i)) : rowMaterial(rows[i]!.cells, 0));
    applicants[i]!.id = formatPseudonym(keyed(m), LONG_PSEUDONYM);
    renamed.push(i);
  }
  return renamed;
}
