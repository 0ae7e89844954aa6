import type { Table } from "../../core/table.js";
import type { Digest } from "../digest.js";
import type { CsvFormatOptions } from "../format-csv.js";
import { streamCsvToFile } from "../write-outputs.js";
import type { Engine, Judged, OutputFile, WriteHooks } from "./engine.js";
import { settleCollected } from "./settle-collected.js";
import { Helper } from "./helper.js";
import { Collected, type JudgePlan, type Packed } from "./judge-rows.js";
import { judgeHere } from "./one-thread.js";
import { shareRows, type SharedRows } from "./shared-rows.js";
import { waitlistJob, type WaitlistJob } from "./waitlist-job.js";

/**
 * A big export's engine (engine.ts: issue #5, a million applicants on a 2-core machine): a second thread
 * (helper.ts, worker.ts) beside this one, reading the export's rows from its shared bytes (shared-rows.ts).
 * 1. While this thread parses the export, the second hashes it and checks its text.
 * 2. Each judges part of the rows (judge-rows.ts: the same loop); the second then finds the duplicate emails of
 *    the whole file (its own part first) while this one takes the second's verdicts.
 * 3. While this thread draws, the second works out which rows it can copy as they are; then it writes
 *    waitlist.csv (the largest file) while this one writes the others.
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

  async judge(table: Table, plan: JudgePlan): Promise<Judged> {
    const { rows } = table;
    const n = rows.length;
    const mid = Math.ceil(n * OWN_SHARE);
    const shared = mid < n ? shareRows(rows, 0, n, true) : null;
    if (shared === null) return judgeHere(table, plan);
    this.helper.post({ kind: "judge", plan, rows: shared, from: mid, to: n } satisfies JudgeJob);
    this.rowsSent = true;
    const collected = new Collected(n, plan.seed !== null);
    collected.judge(rows, 0, mid, plan);
    this.helper.post({
      kind: "duplicates",
      hasEmail: collected.hasEmail.subarray(0, mid),
      emailHash: collected.emailHash.subarray(0, mid),
    } satisfies DuplicatesJob);
    const theirs = await this.helper.next<Packed>();
    const duplicates = this.helper.next<Int32Array>();
    duplicates.catch(() => {}); // awaited below; a failure before then is not unhandled
    collected.receive(rows, theirs, plan.config);
    return settleCollected(table, plan, collected, await duplicates);
  }

  prepare(options: CsvFormatOptions): void {
    if (this.rowsSent) this.helper.post({ kind: "format", escapeFormulas: options.escapeFormulas } satisfies FormatJob);
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
      for (const file of here) {
        hooks.onFile(file.name);
        hashes[file.name] = await streamCsvToFile(dir, file, options);
      }
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
 * The share of the rows this thread judges: more than half, since the second starts later (it loads its modules
 * first) and then finds the duplicates, while this thread takes its verdicts (bench/).
 */
const OWN_SHARE = 0.6;

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

/** The email verdicts of the rows this thread judged, [0, hasEmail.length): the worker then answers every row's earliest copy. */
export interface DuplicatesJob {
  kind: "duplicates";
  hasEmail: Uint8Array;
  emailHash: Int32Array;
}

/** Sent before a waitlist job: the thread works out, in row order, which rows it can copy as they are (formatRows). */
export interface FormatJob {
  kind: "format";
  escapeFormulas: boolean;
}

export type Job = DigestJob | JudgeJob | DuplicatesJob | FormatJob | WaitlistJob;
