import { Worker } from "node:worker_threads";
import type { Config } from "../core/config.js";
import type { DistrictDraw } from "../core/draw.js";
import type { Row } from "../core/eligibility.js";
import { SourceRow } from "./csv-records.js";
import type { CsvFormatOptions } from "./format-csv.js";

/**
 * waitlist.csv written by a second thread while the first writes the other outputs (issue #5: a million
 * applicants, a 250 MB waitlist, on a 2-core machine). The worker gets what outputRows needs for the
 * waitlist, and nothing else: the export's bytes (shared, not copied), each waitlisted row's place in
 * them, and the waitlists as IDs and row numbers. It runs the same outputRows and streamCsv as the first
 * thread, so the bytes are the same (test/e2e.test.ts compares a draw written both ways).
 */

export interface WaitlistJob {
  headers: readonly string[];
  config: Config;
  options: CsvFormatOptions;
  path: string;
  /** The export's UTF-8 bytes, in shared memory, and its delimiter. */
  bytes: Uint8Array;
  delimiter: string;
  /** Each row's place in the bytes, and its flags (SPAN_FLAG when it has one, QUOTED_FLAG, AS_WRITTEN bits). */
  rows: { start: Int32Array; end: Int32Array; flags: Uint8Array };
  /** Waitlisted rows not kept as bytes (another width, or read by csv-parse): their cells (a row may repeat). */
  cellRows: [index: number, cells: readonly string[]][];
  draws: { districtId: string; categories: { categoryId: string; ids: string; refs: Int32Array }[] }[];
}

/** Row flags: SourceRow.written's bits (AS_WRITTEN), and these. */
export const QUOTED_FLAG = 4;
export const SPAN_FLAG = 8;

/** IDs are joined by a line feed: nest refuses IDs that hold control characters (eligibility.ts checkId). */
export const ID_SEPARATOR = "\n";

/** The job, or null when the rows are not in shared memory (standard input, a converted encoding). */
export function waitlistJob(
  headers: readonly string[],
  rows: readonly Row[],
  draws: readonly DistrictDraw[],
  config: Config,
  options: CsvFormatOptions,
  path: string,
): WaitlistJob | null {
  // Every row's place, in row order (one pass through memory in order; the waitlists visit rows at random).
  const start = new Int32Array(rows.length);
  const end = new Int32Array(rows.length);
  const flags = new Uint8Array(rows.length);
  const cellRows: [number, readonly string[]][] = [];
  let bytes: Uint8Array | null = null;
  let delimiter = ",";
  let shared: SourceRow["source"] | null = null; // the rows' source, once its bytes are known to be shared
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i]!;
    if (!(row instanceof SourceRow)) continue;
    if (row.source !== shared) {
      if (!(row.source.bytes.buffer instanceof SharedArrayBuffer)) continue;
      shared = row.source;
      bytes = shared.bytes;
      delimiter = shared.delimiter;
    }
    start[i] = row.start;
    end[i] = row.end;
    flags[i] = row.written | (row.quoted ? QUOTED_FLAG : 0) | SPAN_FLAG;
  }
  if (bytes === null) return null;
  const jobDraws = draws.map((draw) => ({
    districtId: draw.districtId,
    categories: draw.categories.map((c) => {
      const refs = new Int32Array(c.waitlist.length);
      const ids: string[] = new Array<string>(c.waitlist.length);
      for (let k = 0; k < refs.length; k++) {
        const t = c.waitlist[k]!;
        refs[k] = t.ref;
        ids[k] = t.id;
        if ((flags[t.ref]! & SPAN_FLAG) === 0) cellRows.push([t.ref, rows[t.ref]!.cells]);
      }
      return { categoryId: c.categoryId, ids: ids.join(ID_SEPARATOR), refs };
    }),
  }));
  return { headers, config, options, path, bytes, delimiter, rows: { start, end, flags }, cellRows, draws: jobDraws };
}

/** Runs the job in a worker thread: resolves to the SHA-256 of the file it wrote. */
export function runWaitlistJob(job: WaitlistJob): Promise<string> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL("./csv-worker.js", import.meta.url), { workerData: job });
    worker.once("message", (message: { hash?: string; error?: string; code?: string }) => {
      if (message.hash !== undefined) resolve(message.hash);
      else reject(Object.assign(new Error(message.error ?? "the waitlist thread failed"), { code: message.code }));
    });
    worker.once("error", reject);
    // After an answer this does nothing (a promise settles once); without one, it is the failure.
    worker.once("exit", (code) => reject(new Error(`the waitlist thread stopped without an answer (exit code ${code})`)));
  });
}
