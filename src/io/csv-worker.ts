import { closeSync, openSync, writeSync } from "node:fs";
import { parentPort, workerData } from "node:worker_threads";
import type { CategoryDraw, DistrictDraw, Ticket } from "../core/draw.js";
import type { Row } from "../core/eligibility.js";
import { outputRows } from "../core/outputs.js";
import { SourceRow } from "./csv-records.js";
import { streamCsv } from "./csv-stream.js";
import { ID_SEPARATOR, QUOTED_FLAG, SPAN_FLAG, type WaitlistJob } from "./parallel-csv.js";

/** The second thread of io/parallel-csv.ts: writes waitlist.csv from a WaitlistJob, posts its SHA-256. */

function run(job: WaitlistJob): string {
  const source = { bytes: Buffer.from(job.bytes.buffer, job.bytes.byteOffset, job.bytes.length), delimiter: job.delimiter };
  const { start, end, flags } = job.rows;
  const rows: Row[] = new Array<Row>(flags.length);
  for (let i = 0; i < flags.length; i++) {
    const f = flags[i]!;
    if ((f & SPAN_FLAG) !== 0)
      rows[i] = new SourceRow(0, source, start[i]!, end[i]!, (f & QUOTED_FLAG) !== 0, f & ~(QUOTED_FLAG | SPAN_FLAG));
  }
  for (const [i, cells] of job.cellRows) rows[i] = { line: 0, cells };
  // Only what the waitlist's lines read: ticket IDs and rows, per district and category in order.
  const draws: DistrictDraw[] = job.draws.map((d) => ({
    districtId: d.districtId,
    tickets: [],
    categories: d.categories.map((c): CategoryDraw => {
      const ids = c.refs.length === 0 ? [] : c.ids.split(ID_SEPARATOR);
      const waitlist = ids.map((id, k) => ({ id, ref: c.refs[k]! }) as Ticket);
      return { categoryId: c.categoryId, places: 0, pool: [], seated: [], waitlist };
    }),
  }));
  const lines = outputRows(job.headers, rows, [], draws, job.config).waitlist();
  const fd = openSync(job.path, "w");
  try {
    return streamCsv(lines, job.options, (chunk) => writeSync(fd, chunk));
  } finally {
    closeSync(fd);
  }
}

try {
  parentPort!.postMessage({ hash: run(workerData as WaitlistJob) });
} catch (error) {
  const code = (error as { code?: string }).code;
  parentPort!.postMessage({ error: error instanceof Error ? error.message : String(error), code });
}
