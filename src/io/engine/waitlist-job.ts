import type { Config } from "../../core/config.js";
import type { DistrictDraw } from "../../core/draw.js";
import type { Row } from "../../core/table.js";
import { knowFormatted } from "../csv-records.js";
import type { CsvFormatOptions, FormulaGuard } from "../format-csv.js";
import { shareRows, SPAN_FLAG, type SharedRows } from "./shared-rows.js";

/**
 * waitlist.csv written by a second thread while the first writes the other outputs (issue #5: a million
 * applicants, a 250 MB waitlist, on a 2-core machine). The worker gets what outputRows needs for the
 * waitlist, and nothing else: the export's rows as places in its shared bytes (shared-rows.ts), and the
 * waitlists as IDs and row numbers. It runs the same outputRows and streamCsv as the first thread, so the
 * bytes are the same (test/e2e.test.ts compares a draw written both ways).
 */

export interface WaitlistJob {
  kind: "waitlist";
  algorithm: string;
  headers: readonly string[];
  config: Config;
  options: CsvFormatOptions;
  path: string;
  /**
   * Every row (of those not kept as bytes, only the waitlisted ones carry their cells), or null for the
   * rows the thread was sent with the judge job (two-threads.ts), which it keeps.
   */
  rows: SharedRows | null;
  draws: { districtId: string; categories: { categoryId: string; ids: string; refs: Int32Array }[] }[];
}

/** SourceRow.formatted, for every shared row kept as bytes, into its flags. */
export function formatRows(shared: SharedRows, guard: FormulaGuard): void {
  const { start, end, flags } = shared;
  for (let k = 0; k < flags.length; k++) {
    if ((flags[k]! & SPAN_FLAG) !== 0) flags[k] = knowFormatted(flags[k]!, shared, start[k]!, end[k]!, guard);
  }
}

/** IDs are joined by a line feed: nest refuses IDs that hold control characters (core/applicant-ids.ts checkColumnId). */
export const ID_SEPARATOR = "\n";

/** What a draw gives for its waitlist.csv, for a second thread to write it. */
export interface WaitlistSpec {
  algorithm: string;
  headers: readonly string[];
  rows: readonly Row[];
  draws: readonly DistrictDraw[];
  config: Config;
}

/** The job, or null when the rows are not in shared memory (standard input, a converted encoding). */
export function waitlistJob(spec: WaitlistSpec, options: CsvFormatOptions, path: string, rowsSent: boolean): WaitlistJob | null {
  const { algorithm, headers, rows, draws, config } = spec;
  // Every row's place, in row order (one pass through memory in order; the waitlists visit rows at random),
  // unless the thread has them.
  const shared = rowsSent ? null : shareRows(rows, 0, rows.length, false);
  if (!rowsSent && shared === null) return null;
  const jobDraws = draws.map((draw) => ({
    districtId: draw.districtId,
    categories: draw.categories.map((c) => {
      const refs = new Int32Array(c.waitlist.length);
      const ids: string[] = new Array<string>(c.waitlist.length);
      for (let k = 0; k < refs.length; k++) {
        const t = c.waitlist[k]!;
        refs[k] = t.ref;
        ids[k] = t.id;
        if (shared !== null && (shared.flags[t.ref]! & SPAN_FLAG) === 0) shared.cellRows.push([t.ref, rows[t.ref]!.cells]);
      }
      return { categoryId: c.categoryId, ids: ids.join(ID_SEPARATOR), refs };
    }),
  }));
  return { kind: "waitlist", algorithm, headers, config, options, path, rows: shared, draws: jobDraws };
}
