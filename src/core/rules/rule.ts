import type { ColumnRole, Config } from "../config.js";
import type { ColumnMap } from "../headers.js";
import type { Exclusion } from "../reasons.js";

/** What a rule is prepared with, once per config and export. */
export interface RuleSetup {
  config: Config;
  columns: ColumnMap;
  headers: readonly string[];
}

/** A row as the rules read it: a column's cell by role, trimmed; undefined when the export has no such column. */
export interface RowCells {
  cell(role: ColumnRole): string | undefined;
}

/** What the rules have found about a row so far: each rule reads what those before it found, and adds its own. */
export interface Verdict {
  /** The email address, folded for comparing, once the email rule found a valid one; else null. */
  email: string | null;
  districtId: string | null;
  /** Category ids named and recognised, in order of preference; and those the applicant is eligible for. */
  named: readonly string[];
  categories: readonly string[];
  notes: string[];
}

/**
 * One eligibility rule (README "Eligibility"): prepared once for a config and export (its tables, its memory of
 * answers already worked out), then asked about each row in turn. It returns the exclusion it finds, or null.
 */
export interface Rule {
  name: string;
  prepare(setup: RuleSetup): (row: RowCells, verdict: Verdict) => Exclusion | null;
}
