import { NONE, type Applicant } from "./applicant.js";
import type { IdPlan } from "./applicant-ids.js";
import type { Config } from "./config.js";
import { gatherOrder, timestampFormatOf } from "./date-order.js";
import { DuplicateFinder, duplicateFacts, timestampReader } from "./duplicates.js";
import { fnv1a } from "./first-seen.js";
import { resolveColumns, type ColumnMap } from "./headers.js";
import { compileRules, type RowVerdict } from "./rules/index.js";
import { provisionalIdOf, settle } from "./settle.js";
import type { Row, Table } from "./table.js";

/**
 * Eligibility and district for every row of a table, as plainly as it can be written: the reference that any
 * faster way of judging rows must agree with (the tests hold io/engine to it).
 */

export type Evaluation = { ok: true; applicants: Applicant[]; columns: ColumnMap } | { ok: false; issues: string[] };

export function evaluateTable(table: Table, config: Config, ids: IdPlan): Evaluation {
  const { headers, rows } = table;
  const resolved = resolveColumns(headers, config, ids.edition.headers === "meaning");
  if (!resolved.ok) return resolved;
  const columns = resolved.columns;
  const judge = compileRules({ config, columns, headers }, ids.edition.rules);
  const idOf = provisionalIdOf(columns, ids);
  const stamps = columns.timestamp;
  const evidence = stamps === undefined ? null : () => gatherOrder(rows.map((r) => ({ row: r.sheetRow, text: r.cells[stamps] ?? "" })));
  const timestampFormat = timestampFormatOf(ids.edition.dateOrder, evidence, config.dateFormat);
  const finder = new DuplicateFinder(
    (i) => duplicateFacts((c) => rows[i]!.cells[c] ?? "", columns),
    timestampReader(ids.edition.timestamps, timestampFormat),
    rows.length,
  );
  const damage = new Int32Array(rows.length);
  const hasAddress = new Uint8Array(rows.length);
  const applicants = rows.map((row, i) => {
    const cells = row.cells;
    const verdict = judge(cells);
    damage[i] = verdict.damage;
    if (verdict.email !== null) {
      hasAddress[i] = 1;
      finder.add(i, fnv1a(verdict.email));
    }
    return applicantOf(verdict, row, i, idOf(row, cells, verdict));
  });
  const settled = settle({
    applicants,
    rows,
    headers,
    columns,
    ids,
    duplicates: finder.earliest(),
    damageOf: (i) => damage[i]!,
    hasAddress: (i) => hasAddress[i] === 1,
  });
  return settled.ok ? { ok: true, applicants, columns } : settled;
}

/** A row's applicant, from its verdict. */
export function applicantOf(verdict: RowVerdict, row: Row, rowIndex: number, id: string): Applicant {
  return {
    id,
    line: row.line,
    sheetRow: row.sheetRow,
    rowIndex,
    districtId: verdict.districtId,
    categories: verdict.categories,
    named: verdict.named,
    notes: verdict.notes.length === 0 ? NONE : verdict.notes.slice(),
    exclusion: verdict.exclusion,
  };
}
