import { closeSync, openSync, writeSync } from "node:fs";
import { parentPort, workerData, type TransferListItem } from "node:worker_threads";
import type { CategoryDraw, DistrictDraw, Ticket } from "../core/draw.js";
import { emailsOf, findDuplicates, judgeRows, type Row, type Verdicts } from "../core/eligibility.js";
import { outputRows } from "../core/outputs.js";
import { streamCsv } from "./csv-stream.js";
import { ID_SEPARATOR, type WaitlistJob } from "./parallel-csv.js";
import type { DuplicatesJob, JudgeJob } from "./parallel-eligibility.js";
import { receiveRows } from "./shared-rows.js";

/**
 * The second thread (io/threads.ts): runs the job it was started with and ends, or, started without one,
 * runs the jobs it is sent, in order, until it is ended.
 */

/** io/parallel-csv.ts: writes waitlist.csv, answers with its SHA-256. */
function writeWaitlist(job: WaitlistJob): string {
  const rows = receiveRows(job.rows);
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

/** What a judge job leaves for the duplicates job that follows it. */
let judged: { job: JudgeJob; rows: Row[]; verdicts: Verdicts } | null = null;

type Job = WaitlistJob | JudgeJob | DuplicatesJob;

function run(job: Job): { value: unknown; transfer: TransferListItem[] } {
  switch (job.kind) {
    case "waitlist":
      return { value: writeWaitlist(job), transfer: [] };
    case "judge": {
      // io/parallel-eligibility.ts: the verdicts on rows [from, to), their typed arrays copied (the
      // duplicates job needs the email ones again).
      const rows = receiveRows(job.rows);
      const verdicts = judgeRows(job.headers, rows, job.columns, job.config, job.from, job.to);
      judged = { job, rows, verdicts };
      return { value: verdicts, transfer: [] };
    }
    case "duplicates": {
      // Every row's duplicate, the first thread's email verdicts given, this thread's own kept.
      if (judged === null) throw new Error("a duplicates job came before a judge job");
      const { job: judge, rows, verdicts } = judged;
      const earliest = findDuplicates(rows, judge.columns, judge.config, emailsOf([job.emails, verdicts]));
      return { value: earliest, transfer: [earliest.buffer as ArrayBuffer] };
    }
  }
}

function answer(job: Job): void {
  try {
    const { value, transfer } = run(job);
    parentPort!.postMessage({ value }, transfer);
  } catch (error) {
    const code = (error as { code?: string }).code;
    parentPort!.postMessage({ error: error instanceof Error ? error.message : String(error), code });
  }
}

if (workerData !== null) answer(workerData as Job);
else parentPort!.on("message", answer);
