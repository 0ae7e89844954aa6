import type { Config } from "./config.js";
import type { Applicant } from "./applicant.js";
import type { DistrictDraw } from "./draw.js";
import type { Edition } from "./edition.js";
import type { Row } from "./table.js";
import { normalizeHeader } from "./text.js";

/** The three CSV outputs as rows of strings: nest's columns first, then the applicant's own. */

export const OUTPUT_COLUMNS = {
  roster: ["District", "District name", "Category", "Seat", "Applicant ID"],
  waitlist: ["District", "District name", "Category", "Position", "Applicant ID"],
  excluded: ["Applicant ID", "Reason code", "Reason"],
  /** excluded.csv from nest-draw/2 on: the row the spreadsheet shows, so the coordinator finds the person. */
  excludedWithRow: ["Applicant ID", "Row", "Reason code", "Reason"],
} as const;

/**
 * nest's own columns of the files that follow from a draw and its record of replacements, by file: who holds a seat,
 * waits or is out, and why (what nest restore compares, and what nest notify reads).
 */
export const OUTCOME_COLUMNS = {
  "roster.csv": ["District", "Category", "Seat", "Applicant ID"],
  "waitlist.csv": ["District", "Category", "Position", "Applicant ID"],
  "excluded.csv": ["Applicant ID", "Reason code", "Reason"],
} as const satisfies Record<string, readonly string[]>;

/** nest's own column names in an edition's files, compared as headers are. */
function nestColumns(edition: Edition): Set<string> {
  const excluded = edition.rowNumbers === "line" ? OUTPUT_COLUMNS.excluded : OUTPUT_COLUMNS.excludedWithRow;
  return new Set([...OUTPUT_COLUMNS.roster, ...OUTPUT_COLUMNS.waitlist, ...excluded].map(normalizeHeader));
}

/**
 * The applicant's own headers, with " (as submitted)" added where one clashes with a column of nest's; from
 * nest-draw/3 on, numbered too where that name is taken ("Seat" beside "Seat (as submitted)" comes out as
 * "Seat (as submitted 2)"), so that no two columns of a file have one name. An export's own headers are distinct
 * (io/parse-export.ts refuses a repeated one).
 */
export function ownHeaders(edition: Edition, headers: readonly string[]): string[] {
  const nest = nestColumns(edition);
  if (edition.ownColumns === "suffix") return headers.map((h) => (nest.has(normalizeHeader(h)) ? `${h} (as submitted)` : h));
  const taken = new Set([...nest, ...headers.map(normalizeHeader)]);
  return headers.map((h) => {
    if (!nest.has(normalizeHeader(h))) return h;
    let name = `${h} (as submitted)`;
    for (let n = 2; taken.has(normalizeHeader(name)); n++) name = `${h} (as submitted ${n})`;
    taken.add(normalizeHeader(name));
    return name;
  });
}

/**
 * An output line: cells, or nest's cells followed by an applicant's own row as it was read (so a writer
 * can copy a row it holds as CSV already; io/csv-stream.ts).
 */
export type OutputLine = readonly string[] | RowLine;
export interface RowLine {
  lead: readonly string[];
  row: Row;
}

export function isRowLine(line: OutputLine): line is RowLine {
  return !Array.isArray(line);
}

/** Each output as a function that yields its lines (header first) afresh: written line by line, never held whole. */
export interface OutputRows {
  roster: () => Iterable<OutputLine>;
  waitlist: () => Iterable<OutputLine>;
  excluded: () => Iterable<OutputLine>;
}

export function outputRows(
  edition: Edition,
  headers: readonly string[],
  rows: readonly Row[],
  applicants: readonly Applicant[],
  draws: readonly DistrictDraw[],
  config: Config,
): OutputRows {
  const own = ownHeaders(edition, headers);
  // parseExport gives every row exactly one cell per header; a ticket's ref is its applicant's row index.
  const districtName = new Map(config.districts.map((d) => [d.id, d.name]));
  const categoryName = new Map(config.categories.map((c) => [c.id, c.name]));

  function* placed(kind: "seated" | "waitlist", columns: readonly string[]): Generator<OutputLine> {
    yield [...columns, ...own];
    for (const draw of draws) {
      const dName = districtName.get(draw.districtId)!;
      for (const c of draw.categories) {
        const cName = categoryName.get(c.categoryId)!;
        const tickets = c[kind];
        for (let i = 0; i < tickets.length; i++) {
          const t = tickets[i]!;
          yield { lead: [draw.districtId, dName, cName, String(i + 1), t.id], row: rows[t.ref]! };
        }
      }
    }
  }
  function* excluded(): Generator<OutputLine> {
    if (edition.rowNumbers === "line") {
      yield [...OUTPUT_COLUMNS.excluded, ...own];
      for (const a of applicants) if (a.exclusion) yield { lead: [a.id, a.exclusion.code, a.exclusion.reason], row: rows[a.rowIndex]! };
      return;
    }
    yield [...OUTPUT_COLUMNS.excludedWithRow, ...own];
    for (const a of applicants)
      if (a.exclusion) yield { lead: [a.id, String(a.sheetRow), a.exclusion.code, a.exclusion.reason], row: rows[a.rowIndex]! };
  }
  return {
    roster: () => placed("seated", OUTPUT_COLUMNS.roster),
    waitlist: () => placed("waitlist", OUTPUT_COLUMNS.waitlist),
    excluded,
  };
}
