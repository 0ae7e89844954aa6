import type { Table } from "../../core/table.js";
import { streamCsvToFile } from "../write-outputs.js";
import { digest } from "../digest.js";
import type { CsvFormatOptions } from "../format-csv.js";
import type { Engine, Judged, OutputFile, WriteHooks } from "./engine.js";
import { settleCollected } from "./settle-collected.js";
import { Collected, duplicateFinder, type JudgePlan } from "./judge-rows.js";

/** Everything in this thread: the engine of every run but a big export's (engine.ts). */
export class OneThread implements Engine {
  digest(bytes: Uint8Array, utf8From: number | null) {
    return () => Promise.resolve(digest(bytes, utf8From));
  }

  judge(table: Table, plan: JudgePlan): Promise<Judged> {
    return Promise.resolve(judgeHere(table, plan));
  }

  writeCsvs(dir: string, files: readonly OutputFile[], options: CsvFormatOptions, hooks: WriteHooks): Promise<Record<string, string>> {
    return writeHere(dir, files, options, hooks.onFile);
  }

  close(): void {}
}

/** Files written in this thread, one after another; their SHA-256 by name. */
export async function writeHere(
  dir: string,
  files: readonly OutputFile[],
  options: CsvFormatOptions,
  onFile: (name: string) => void,
): Promise<Record<string, string>> {
  const hashes: Record<string, string> = {};
  for (const file of files) {
    onFile(file.name);
    hashes[file.name] = await streamCsvToFile(dir, file, options);
  }
  return hashes;
}

/** Every row judged in this thread, its duplicates found, settled. */
export function judgeHere(table: Table, plan: JudgePlan): Judged {
  const n = table.rows.length;
  const collected = new Collected(n, plan);
  collected.judge(table.rows, 0, n);
  const finder = duplicateFinder(plan, (i) => table.rows[i]!, n);
  for (let i = 0; i < n; i++) if (collected.hasEmail[i] === 1) finder.add(i, collected.emailHash[i]!);
  return settleCollected(table, plan, collected, finder.earliest());
}
