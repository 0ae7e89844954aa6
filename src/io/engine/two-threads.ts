import type { Duplicates } from "../../core/duplicates.js";
import type { Table } from "../../core/table.js";
import type { Digest } from "../digest.js";
import type { CsvFormatOptions, FormulaGuard } from "../format-csv.js";
import type { Engine, Judged, OutputFile, WriteHooks } from "./engine.js";
import { settleCollected } from "./settle-collected.js";
import { Helper } from "./helper.js";
import { Collected, type JudgePlan, type Packed } from "./judge-rows.js";
import { judgeHere, writeHere } from "./one-thread.js";
import { shareRows, type SharedRows } from "./shared-rows.js";
import { waitlistJob, type WaitlistJob } from "./waitlist-job.js";

/**
 * A big export's engine (engine.ts: issue #5, a million applicants on a 2-core machine): a second thread
 * (helper.ts, worker.ts) beside this one, reading the export's rows from its shared bytes (shared-rows.ts).
 * 1. While this thread parses the export, the second hashes it and checks its text.
 * 2. Each judges part of the rows (judge-rows.ts: the same loop); this one adds its own part's emails to the
 *    duplicate search while the second still judges, then takes the second's verdicts and settles them all.
 * 3. While this thread settles and draws, the second works out which rows it can copy as they are; then it
 *    writes waitlist.csv (the largest file) while this one writes the others.
 */
export class TwoThreads implements Engine {
  private readonly helper = new Helper();
  /** Whether the second thread holds the export's rows (sent with the judge job). */
  private rowsSent = false;

  digest(bytes: Uint8Array, utf8From: number | null): () => Promise<Digest> {
    this.helper.post({ kind: "digest", bytes, utf8From } satisfies DigestJob);
    let asked: Promise<Digest> | null = null;
    return () => (asked ??= this.helper.next<Digest>());
  }

  async judge(table: Table, plan: JudgePlan, write: CsvFormatOptions | null): Promise<Judged> {
    const { rows } = table;
    const n = rows.length;
    const mid = Math.ceil(n * OWN_SHARE);
    const shared = mid < n ? shareRows(rows, 0, n, true) : null;
    if (shared === null) return judgeHere(table, plan);
    this.helper.post({ kind: "judge", plan, rows: shared, from: mid, to: n } satisfies JudgeJob);
    this.rowsSent = true;
    const collected = new Collected(n, plan);
    // This thread's email verdicts go to the second thread part by part, as they are made: it adds them to its own
    // for the duplicate rule, and finds every row's earliest copy while this thread takes its verdicts.
    for (let from = 0; from < mid; from += EMAILS_CHUNK) {
      const to = Math.min(mid, from + EMAILS_CHUNK);
      collected.judge(rows, from, to);
      const [hasEmail, emailHash] = [collected.hasEmail.slice(from, to), collected.emailHash.slice(from, to)];
      this.helper.post({ kind: "emails", from, hasEmail, emailHash } satisfies EmailsJob, [hasEmail.buffer, emailHash.buffer]);
    }
    this.helper.post({ kind: "duplicates" } satisfies DuplicatesJob);
    // Then, for a draw, which rows can be copied as they are into the files, while this thread settles and draws.
    if (write !== null) this.helper.post({ kind: "format", guard: write.guard } satisfies FormatJob);
    const theirs = this.helper.next<Packed>();
    const duplicates = this.helper.next<Duplicates>();
    duplicates.catch(() => {}); // awaited below; a failure before then is not unhandled
    collected.receive(rows, await theirs);
    return settleCollected(table, plan, collected, await duplicates);
  }

  async writeCsvs(
    dir: string,
    files: readonly OutputFile[],
    options: CsvFormatOptions,
    hooks: WriteHooks,
  ): Promise<Record<string, string>> {
    const hashes: Record<string, string> = {};
    const elsewhere: Promise<unknown>[] = [];
    const here: OutputFile[] = [];
    for (const file of files) {
      const job = file.waitlist === undefined ? null : waitlistJob(file.waitlist, options, `${dir}/${file.name}`, this.rowsSent);
      if (job === null) here.push(file);
      else {
        this.helper.post(job);
        elsewhere.push(this.helper.next<string>().then((hash) => (hashes[file.name] = hash)));
      }
    }
    try {
      Object.assign(hashes, await writeHere(dir, here, options, hooks.onFile));
      if (elsewhere.length > 0) hooks.meanwhile();
      await Promise.all(elsewhere);
    } finally {
      await Promise.allSettled(elsewhere); // never leave a file to a thread still writing it
    }
    return Object.fromEntries(files.map((f) => [f.name, hashes[f.name]!]));
  }

  close(): void {
    this.helper.close();
  }
}

/**
 * The share of the rows this thread judges: about half (bench/: this thread makes the applicants of its part as it
 * judges, the second packs its verdicts for the journey and starts after it has loaded its modules).
 */
const OWN_SHARE = 0.55;

/** The jobs the second thread runs (worker.ts), in the order they are sent. */
export interface DigestJob {
  kind: "digest";
  bytes: Uint8Array;
  utf8From: number | null;
}

/** Rows [from, to) of `rows` (every row: it reads all of them for duplicates) judged with `plan`. */
export interface JudgeJob {
  kind: "judge";
  plan: JudgePlan;
  rows: SharedRows;
  from: number;
  to: number;
}

/** The email verdicts of rows [from, from + hasEmail.length), which this thread judged. */
export interface EmailsJob {
  kind: "emails";
  from: number;
  hasEmail: Uint8Array;
  emailHash: Int32Array;
}

/** Sent once every row's emails are: the worker answers each row's earliest copy (core/duplicates.ts). */
export interface DuplicatesJob {
  kind: "duplicates";
}

/** How many rows' email verdicts go to the second thread in one message. */
const EMAILS_CHUNK = 1 << 16;

/** Sent before a waitlist job: the thread works out, in row order, which rows it can copy as they are (formatRows). */
export interface FormatJob {
  kind: "format";
  guard: FormulaGuard;
}

export type Job = DigestJob | JudgeJob | EmailsJob | DuplicatesJob | FormatJob | WaitlistJob;
