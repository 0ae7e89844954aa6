import { randomBytes } from "node:crypto";
import { closeSync, existsSync, openSync, realpathSync, writeSync } from "node:fs";
import { mkdir, rename, rm, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { ExitCode, NestError } from "../errors.js";
import { streamCsv, type CsvOutput } from "./csv-stream.js";
import type { CsvFormatOptions } from "./format-csv.js";
import type { Helper } from "./threads.js";
import { describeFsError } from "./read-input.js";

/**
 * Writing a draw's files safely: nothing is written until everything is computed; each file goes
 * to a temporary folder first and is renamed into place (audit.json last), so an interrupted run
 * never leaves half a roster; an earlier draw is replaced only with --force; never the input.
 */

export function findExistingOutputs(dir: string, names: readonly string[]): string[] {
  return names.filter((name) => existsSync(join(dir, name)));
}

export function checkNotInput(dir: string, names: readonly string[], inputPath: string | null): void {
  if (inputPath === null) return;
  let input: string;
  try {
    input = realpathSync(inputPath);
  } catch {
    return;
  }
  for (const name of names) {
    const target = resolve(dir, name);
    let real = target;
    try {
      real = realpathSync(target);
    } catch {
      // does not exist yet
    }
    if (real === input) {
      throw new NestError(
        `${target}: this is the input file; nest never writes over its input. Choose another --out folder`,
        ExitCode.input,
      );
    }
  }
}

/**
 * Writes the CSV outputs row by row into a temporary folder inside `dir`, hashing them as they go, then
 * the audit (which records those hashes), then renames each into place, the audit last.
 */
export async function writeOutputs(
  dir: string,
  csvs: readonly CsvOutput[],
  options: CsvFormatOptions,
  audit: { name: string; content: (hashes: Record<string, string>) => Uint8Array; prepare?: () => void },
  onFile: (name: string) => void = () => {},
  helper: Helper | null = null,
): Promise<void> {
  const tmp = join(dir, `.nest-tmp-${randomBytes(6).toString("hex")}`);
  const threads: Promise<unknown>[] = [];
  try {
    await mkdir(tmp, { recursive: true });
    const hashes: Record<string, string> = {};
    // A file that can be written by the second thread is started first, and written alongside the others.
    const inThread: CsvOutput[] = [];
    for (const csv of csvs) {
      const job = helper !== null && csv.job !== undefined ? csv.job(join(tmp, csv.name), helper.hasRows) : null;
      if (job === null) inThread.push(csv);
      else {
        helper!.post(job);
        threads.push(helper!.next<string>().then((hash) => (hashes[csv.name] = hash)));
      }
    }
    for (const csv of inThread) {
      onFile(csv.name);
      const fd = openSync(join(tmp, csv.name), "w");
      try {
        hashes[csv.name] = streamCsv(csv.rows(), options, (chunk) => writeSync(fd, chunk));
      } finally {
        closeSync(fd);
      }
    }
    if (threads.length > 0) audit.prepare?.(); // while the other thread finishes
    await Promise.all(threads);
    // The audit lists the hashes in the files' order, whichever thread finished first.
    const ordered = Object.fromEntries(csvs.map((csv) => [csv.name, hashes[csv.name]!]));
    await writeFile(join(tmp, audit.name), audit.content(ordered));
    for (const name of [...csvs.map((c) => c.name), audit.name]) await rename(join(tmp, name), join(dir, name));
  } catch (error) {
    throw new NestError(`${dir}: could not write the draw: ${describeFsError(error)}`, ExitCode.input, { cause: error });
  } finally {
    await Promise.allSettled(threads); // never remove the folder under a thread still writing
    await rm(tmp, { recursive: true, force: true });
  }
}
