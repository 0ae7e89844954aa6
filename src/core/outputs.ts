import type { Config } from "./config.js";
import type { DistrictDraw } from "./draw.js";
import type { Applicant, Row } from "./eligibility.js";
import { normalizeHeader } from "./text.js";

/** The three CSV outputs as tables of strings: nest's columns first, then the applicant's own. */

export type Table = string[][];

export interface OutputTables {
  roster: Table;
  waitlist: Table;
  excluded: Table;
}

export const OUTPUT_COLUMNS = {
  roster: ["District", "District name", "Category", "Seat", "Applicant ID"],
  waitlist: ["District", "District name", "Category", "Position", "Applicant ID"],
  excluded: ["Applicant ID", "Reason code", "Reason"],
} as const;

const NEST_COLUMNS = new Set(Object.values(OUTPUT_COLUMNS).flat().map(normalizeHeader));

/** The applicant's own headers, with " (as submitted)" added where one clashes with a column of nest's. */
export function ownHeaders(headers: readonly string[]): string[] {
  return headers.map((h) => (NEST_COLUMNS.has(normalizeHeader(h)) ? `${h} (as submitted)` : h));
}

export function buildOutputTables(
  headers: readonly string[],
  rows: readonly Row[],
  applicants: readonly Applicant[],
  draws: readonly DistrictDraw[],
  config: Config,
): OutputTables {
  const own = ownHeaders(headers);
  const byId = new Map(applicants.map((a) => [a.id, a]));
  const cellsOf = (id: string): string[] => {
    const cells = rows[byId.get(id)!.rowIndex]!.cells;
    return headers.map((_, i) => cells[i] ?? "");
  };
  const districtName = new Map(config.districts.map((d) => [d.id, d.name]));
  const categoryName = new Map(config.categories.map((c) => [c.id, c.name]));

  const roster: Table = [[...OUTPUT_COLUMNS.roster, ...own]];
  const waitlist: Table = [[...OUTPUT_COLUMNS.waitlist, ...own]];
  for (const draw of draws) {
    const dName = districtName.get(draw.districtId)!;
    for (const c of draw.categories) {
      const cName = categoryName.get(c.categoryId)!;
      c.seated.forEach((id, i) => roster.push([draw.districtId, dName, cName, String(i + 1), id, ...cellsOf(id)]));
      c.waitlist.forEach((id, i) => waitlist.push([draw.districtId, dName, cName, String(i + 1), id, ...cellsOf(id)]));
    }
  }
  const excluded: Table = [[...OUTPUT_COLUMNS.excluded, ...own]];
  for (const a of applicants) {
    if (a.exclusion) excluded.push([a.id, a.exclusion.code, a.exclusion.reason, ...cellsOf(a.id)]);
  }
  return { roster, waitlist, excluded };
}
