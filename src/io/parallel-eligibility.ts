import type { Config } from "../core/config.js";
import { judgeHere, judgeRows, type Judge, type Row, type Verdicts } from "../core/eligibility.js";
import type { ColumnMap } from "../core/headers.js";
import { shareRows, type SharedRows } from "./shared-rows.js";
import type { Helper } from "./threads.js";

/**
 * Eligibility in two threads (issue #5: a million applicants on a 2-core machine). The run's second thread
 * (io/threads.ts) judges the last part of the rows, reading them from the export's shared bytes, while this
 * thread judges the first; this thread then sends its email verdicts, and while the second thread finds the
 * duplicate emails of the whole file (core/eligibility.ts DuplicateFinder, its own rows added first) this
 * thread makes the applicants. Both threads run the same functions, so the applicants are those of one
 * thread (test/core/eligibility-parts.property.test.ts; test/e2e.test.ts draws both ways).
 */

export interface JudgeJob {
  kind: "judge";
  headers: readonly string[];
  columns: ColumnMap;
  config: Config;
  /** Every row: the worker judges [from, to), and reads all of them for duplicates. */
  rows: SharedRows;
  from: number;
  to: number;
  /** The draw's seed, when there is one: the worker works out its rows' lottery numbers too. */
  seed: string | null;
}

export interface DuplicatesJob {
  kind: "duplicates";
  /** The email verdicts of the rows this thread judged, [0, from). */
  emails: Pick<Verdicts, "from" | "to" | "hasEmail" | "emailHash">;
}

/**
 * The share of the rows this thread judges: more than half, since the worker starts later (it loads its
 * modules first) and then finds the duplicates, while this thread makes the applicants (bench/).
 */
const OWN_SHARE = 0.6;

/** A Judge that splits the rows with `helper`, the second thread, when there is one and the rows are in shared memory. */
export function judgeInParallel(
  headers: readonly string[],
  rows: readonly Row[],
  config: Config,
  helper: Helper | null,
  seed: string | null = null,
): Judge {
  return async (columns) => {
    const n = rows.length;
    const mid = Math.ceil(n * OWN_SHARE);
    const shared = helper !== null && mid < n ? shareRows(rows, 0, n, true) : null;
    if (helper === null || shared === null) return judgeHere(headers, rows, config, seed)(columns);
    helper.post({ kind: "judge", headers, columns, config, rows: shared, from: mid, to: n, seed } satisfies JudgeJob);
    helper.hasRows = true;
    const mine = judgeRows(headers, rows, columns, config, 0, mid, seed);
    const { from, to, hasEmail, emailHash } = mine;
    helper.post({ kind: "duplicates", emails: { from, to, hasEmail, emailHash } } satisfies DuplicatesJob);
    const theirs = await helper.next<Verdicts>();
    const duplicates = helper.next<Int32Array>();
    duplicates.catch(() => {}); // awaited by the caller; a failure before then is not unhandled
    return { parts: [mine, theirs], duplicates: () => duplicates };
  };
}
