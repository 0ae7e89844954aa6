import type { Counts } from "../core/audit.js";
import type { Edition } from "../core/edition.js";
import type { FormulaGuard } from "../io/format-csv.js";
import { formatReport6 } from "./report/report-6.js";

/**
 * report.html: a draw's public page, one self-contained file (docs/ALGORITHM.md §6 Files). Each edition's rendering is
 * frozen (render/report/report-<n>.ts, with its frozen checking script): a later nest writes the same bytes for the
 * same draw, which nest verify compares.
 */

/**
 * A seat given again after the draw (nest replace): who left it, why, and who took it from the waitlist. The fields
 * the page shows of a replacements.csv entry (core/replace.ts on main: its Replacement, whose rule and chain the page
 * leaves out, fits this as it is).
 */
export interface Replacement {
  /** The entry's number in replacements.csv. */
  entry: number;
  reason: "DECLINED" | "NO_REPLY" | "INELIGIBLE";
  /** The Applicant ID who left the seat. */
  vacated: string;
  district: string;
  /** The category's name, as the ledger writes it. */
  category: string;
  seat: number;
  /** The Applicant ID now seated, or null when nobody on the waitlist was free. */
  seated: string | null;
}

/** What the page shows: all of it public (Applicant IDs, never a name, email or date of birth). */
export interface ReportInput {
  /** The config's program name. */
  program: string;
  algorithm: string;
  /** The nest version that made the draw (the audit's). */
  version: string;
  seed: string;
  seedSource: string;
  /** The hash of the commitment the pool was checked against, or null. */
  commitment: string | null;
  counts: Counts;
  /**
   * ledger.csv's rows as values (before the formula guard), header first, made afresh at each call (core/ledger.ts
   * ledgerRows): the page goes over them a few times rather than hold a million of them.
   */
  ledger: () => Iterable<readonly string[]>;
  /** The formula guard ledger.csv was written with, for the page to read a ledger.csv it is given. */
  guard: FormulaGuard;
  /** Seats given again after the draw, in order; absent or empty when none. */
  replacements?: readonly Replacement[];
}

/**
 * report.html for a draw of this edition, as pieces of text to write one after the other (their concatenation is the
 * page), or null when the edition writes none. nest draw writes it, nest verify compares it, and nest replace writes
 * it again with the replacements.
 */
export function formatReport(edition: Pick<Edition, "report">, input: ReportInput): Iterable<string> | null {
  switch (edition.report) {
    case "none":
      return null;
    case "html-1":
      return formatReport6(input);
  }
}

/** report.html as one string (a small draw's; a page of a million applicants is written piece by piece instead). */
export function formatReportText(edition: Pick<Edition, "report">, input: ReportInput): string | null {
  const pieces = formatReport(edition, input);
  return pieces === null ? null : [...pieces].join("");
}
