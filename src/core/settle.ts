import { NONE, type Applicant } from "./applicant.js";
import { checkColumnId, emailMaterial, formatPseudonym, lineId, LONG_PSEUDONYM, rowMaterial, type IdPlan } from "./applicant-ids.js";
import { duplicateFacts, type Duplicates } from "./duplicates.js";
import { findRepeats } from "./first-seen.js";
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
}

/** `renamed`: the rows whose ID changed after their lottery number may have been worked out (to work it out again). */
export type Settled = { ok: true; renamed: number[] } | { ok: false; issues: string[] };

export function settle(input: SettleInput): Settled {
  const { applicants, columns } = input;
  const { earliest, copy } = input.duplicates;
  if (columns.id !== undefined) {
    const issues = checkIdColumn(input);
    if (issues.length > 0) return { ok: false, issues };
  }
  const pseudonyms = columns.id === undefined && input.ids.edition.ids === "pseudonym";
  const renamed = pseudonyms ? tellApart(input) : [];
  const rowNumber = input.ids.edition.rowNumbers;
  for (let i = 0; i < earliest.length; i++) {
    const firstIndex = earliest[i]!;
    if (firstIndex < 0) continue;
    const a = applicants[i]!;
    const first = applicants[firstIndex]!;
    const damage = input.damageOf(i);
    // A later copy of an address is that address's applicant again: their ID, and which copy this is.
    if (pseudonyms) a.id = `${first.id}-${copy[i]}`;
    a.districtId = null;
    a.categories = NONE;
    a.named = NONE;
    a.notes = damage === 0 ? NONE : a.notes.slice(0, damage);
    a.exclusion = {
      code: "DUPLICATE",
      reason: `Duplicate of row ${rowNumber === "line" ? first.line : first.sheetRow} (${first.id}), the earliest submission with this email address`,
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

/** The exclusions of rows without a valid email address (the first rule, rules/email.ts): their pseudonym is keyed by their cells. */
const NO_ADDRESS: ReadonlySet<string> = new Set(["MISSING_EMAIL", "INVALID_EMAIL"]);

/**
 * Pseudonyms that the whole file decides: a row identical to earlier ones is told apart by how many came before it;
 * then the longer form for any two IDs that are equal (one pair in about 400,000 at a million applicants). Later
 * copies of an address are left to settle (their address's ID and their copy number).
 */
function tellApart({ applicants, rows, columns, ids, duplicates }: SettleInput): number[] {
  const keyed = ids.keyed!;
  const renamed: number[] = [];
  const material = new Map<number, string>(); // rows keyed by their cells, when not the first of their kind
  const before = new Map<string, number>(); // provisional ID of a row keyed by its cells -> how many had it
  for (const a of applicants) {
    if (a.exclusion === null || !NO_ADDRESS.has(a.exclusion.code)) continue;
    const occurrence = before.get(a.id) ?? 0;
    before.set(a.id, occurrence + 1);
    if (occurrence === 0) continue;
    const m = rowMaterial(rows[a.rowIndex]!.cells, occurrence);
    material.set(a.rowIndex, m);
    a.id = formatPseudonym(keyed(m));
    renamed.push(a.rowIndex);
  }
  const clashing = findRepeats(applicants.length, (i) => (duplicates.earliest[i]! >= 0 ? null : applicants[i]!.id));
  for (const i of clashing) {
    const a = applicants[i]!;
    const cells = rows[i]!.cells;
    const m =
      material.get(i) ??
      (a.exclusion !== null && NO_ADDRESS.has(a.exclusion.code)
        ? rowMaterial(cells, 0)
        : emailMaterial(duplicateFacts((c) => cells[c] ?? "", columns).key));
    a.id = formatPseudonym(keyed(m), LONG_PSEUDONYM);
    renamed.push(i);
  }
  return renamed;
}
