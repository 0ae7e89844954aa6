import { closeSync, fsyncSync, openSync, writeSync } from "node:fs";
import { parentPort, type TransferListItem } from "node:worker_threads";
import type { CategoryDraw, DistrictDraw, Ticket } from "../../core/draw.js";
import { editionOf } from "../../core/edition.js";
import { outputRows } from "../../core/outputs.js";
import type { Row } from "../../core/table.js";
import { streamCsv } from "../csv-stream.js";
import { digest } from "../digest.js";
import type { DuplicateFinder } from "../../core/duplicates.js";
import { duplicateFinder, judgePacked } from "./judge-rows.js";
import { receiveRows, rowReader, type SharedRows } from "./shared-rows.js";
import type { Job } from "./two-threads.js";
import { formatRows, ID_SEPARATOR, type WaitlistJob } from "./waitlist-job.js";

/** The second thread (helper.ts, two-threads.ts): runs the jobs it is sent, in order, until it is ended. */

/** The rows a judge job sent, kept for the jobs after it; as rows once formatted. */
let kept: SharedRows | null = null;
let keptRows: Row[] | null = null;

/** What a judge job leaves for the jobs after it: its rows' emails, already added to the duplicate search. */
let duplicates: DuplicateFinder | null = null;

/** waitlist.csv, written; answers with its SHA-256. */
function writeWaitlist(job: WaitlistJob): string {
  const rows = job.rows !== null ? receiveRows(job.rows) : (keptRows ?? (kept !== null ? receiveRows(kept) : null));
  if (rows === null) throw new Error("a waitlist job came without rows");
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
  const lines = outputRows(editionOf(job.algorithm)!, job.headers, rows, [], draws, job.config).waitlist();
  const fd = openSync(job.path, "w");
  try {
    const hash = streamCsv(lines, job.options, (chunk) => writeSync(fd, chunk));
    fsyncSync(fd);
    return hash;
  } finally {
    closeSync(fd);
  }
}

/** The job's answer, or null when the job has posted it itself. */
function run(job: Job): { value: unknown; transfer?: TransferListItem[] } | null {
  switch (job.kind) {
    case "digest":
      // The export's SHA-256 and text checks, while the first thread parses it.
      return { value: digest(job.bytes, job.utf8From) };
    case "judge": {
      // The verdicts on rows [from, to).
      kept = job.rows;
      keptRows = null;
      const rows = receiveRows(job.rows, job.from, job.to);
      const packed = judgePacked(rows, job.from, job.to, job.plan);
      parentPort!.postMessage({ value: packed });
      // Then this part's emails, for the duplicates job, while the first thread still judges its own part.
      const all = job.rows.flags.length;
      duplicates = duplicateFinder(job.plan, rowReader(job.rows), all);
      for (let k = 0; k < packed.hasEmail.length; k++) if (packed.hasEmail[k] === 1) duplicates.add(job.from + k, packed.emailHash[k]!);
      return null;
    }
    case "emails":
      // The first thread's email verdicts, part by part, added to this thread's own. No answer: a failure would be
      // the duplicates job's.
      if (duplicates !== null)
        for (let k = 0; k < job.hasEmail.length; k++) if (job.hasEmail[k] === 1) duplicates.add(job.from + k, job.emailHash[k]!);
      return null;
    case "duplicates": {
      // Every row's earliest copy of its address.
      if (duplicates === null) throw new Error("a duplicates job came before a judge job");
      const found = duplicates.earliest();
      duplicates = null;
      return { value: found, transfer: [found.earliest.buffer as ArrayBuffer, found.copy.buffer as ArrayBuffer] };
    }
    case "format":
      // Whether each kept row's bytes are what the writer writes, in row order, before the waitlist visits them
      // in lottery order. No answer: a failure would be the waitlist job's.
      if (kept !== null) {
        formatRows(kept, job.guard);
        keptRows = receiveRows(kept);
      }
      return null;
    case "waitlist":
      return { value: writeWaitlist(job) };
  }
}

parentPort!.on("message", (job: Job) => {
  try {
    const answer = run(job);
    if (answer !== null) parentPort!.postMessage({ value: answer.value }, answer.transfer ?? []);
  } catch (error) {
    const code = (error as { code?: string }).code;
    parentPort!.postMessage({ error: error instanceof Error ? error.message : String(error), code });
  }
});
