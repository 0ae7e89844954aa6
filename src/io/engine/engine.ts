import type { Applicant } from "../../core/applicant.js";
import type { NumberSource } from "../../core/draw.js";
import type { OutputLine } from "../../core/outputs.js";
import type { Table } from "../../core/table.js";
import type { Digest } from "../digest.js";
import type { CsvFormatOptions } from "../format-csv.js";
import type { JudgePlan } from "./judge-rows.js";
import { OneThread } from "./one-thread.js";
import type { WaitlistSpec } from "./waitlist-job.js";

/**
 * The engine: how a run does its heavy work. Commands and the pipeline ask it to digest the export's bytes, judge
 * the rows and write the CSV files; one implementation does it all in this thread (one-thread.ts), the other
 * shares it with a second thread (two-threads.ts) for a big export. Which one is chosen once, when the export's
 * bytes are read (pipeline/pool.ts); both give the same results byte for byte (test/io/engine.property.test.ts,
 * test/e2e.test.ts), and nothing outside io/engine knows which it has.
 */
export interface Engine {
  /** The bytes' SHA-256 and text checks (digest.ts), when asked; worked out meanwhile in the second thread, if any. */
  digest(bytes: Uint8Array, utf8From: number | null): () => Promise<Digest>;
  /**
   * Every row judged (core/rules) and settled (core/settle.ts), with the lottery numbers when the plan has a seed;
   * `write` says how a draw's files will be written, if one follows, so that work on them can start meanwhile.
   */
  judge(table: Table, plan: JudgePlan, write: CsvFormatOptions | null): Promise<Judged>;
  /** Writes each file into `dir` and returns their SHA-256 by name; `meanwhile` runs while another thread writes. */
  writeCsvs(dir: string, files: readonly OutputFile[], options: CsvFormatOptions, hooks: WriteHooks): Promise<Record<string, string>>;
  close(): void;
}

export type Judged = { ok: true; applicants: Applicant[]; numbers: NumberSource | null } | { ok: false; issues: string[] };

/** A CSV file of a draw, as lines made on demand: a million-row file is never held whole. */
export interface OutputFile {
  name: string;
  lines: () => Iterable<OutputLine>;
  /** For waitlist.csv: what a second thread needs to write it instead (waitlist-job.ts). */
  waitlist?: WaitlistSpec;
}

export interface WriteHooks {
  onFile: (name: string) => void;
  meanwhile: () => void;
}

/**
 * The engine for an export of these bytes: two threads from `parallelBytes` on, when the bytes are in shared
 * memory. The two-thread engine's modules are loaded only when it is chosen (start-up time of small draws).
 */
export async function createEngine(bytes: Uint8Array, parallelBytes: number): Promise<Engine> {
  if (bytes.length < parallelBytes || !(bytes.buffer instanceof SharedArrayBuffer)) return new OneThread();
  const { TwoThreads } = await import("./two-threads.js");
  return new TwoThreads();
}
