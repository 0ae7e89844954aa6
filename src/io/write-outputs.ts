import { randomBytes } from "node:crypto";
import { closeSync, existsSync, openSync, statSync, writeSync } from "node:fs";
import { mkdir, rename, rm, writeFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { ExitCode, NestError } from "../errors.js";
import { streamCsv } from "./csv-stream.js";
import type { Engine, OutputFile } from "./engine/engine.js";
import type { CsvFormatOptions } from "./format-csv.js";
import { describeFsError } from "./read-input.js";

/**
 * Writing files safely: nothing is written until everything is computed; a draw's files go to a temporary
 * folder first and are renamed into place (audit.json last), so an interrupted run never leaves half a
 * roster; an earlier draw or file is replaced only with --force; never the input.
 */

export function findExistingOutputs(dir: string, names: readonly string[]): string[] {
  return names.filter((name) => existsSync(join(dir, name)));
}

/** Which file a descriptor or path is: its device and inode. */
export interface FileIdentity {
  dev: number;
  ino: number;
}

/**
 * Refuses to write over the input: a file read by path (through any link), or the file standard input was
 * redirected from (`nest draw - --out s --force < s/roster.csv`), known by its device and inode.
 */
export function checkNotInput(dir: string, names: readonly string[], inputPath: string | null, stdin: FileIdentity | null = null): void {
  const input = inputPath === null ? null : identityOf(inputPath);
  const read = inputPath === null ? stdin : input;
  if (read === null) return;
  for (const name of names) {
    const target = resolve(dir, name);
    const written = identityOf(target); // null when it does not exist yet
    if (written !== null && written.dev === read.dev && written.ino === read.ino) {
      throw new NestError(
        `${target}: this is the input file; nest never writes over its input. Choose another --out folder`,
        ExitCode.input,
      );
    }
  }
}

function identityOf(path: string): FileIdentity | null {
  try {
    const { dev, ino } = statSync(path);
    return { dev, ino };
  } catch {
    return null;
  }
}

/** One CSV file written into `dir` line by line, never held whole; answers its SHA-256. */
export async function streamCsvToFile(dir: string, file: OutputFile, options: CsvFormatOptions): Promise<string> {
  const fd = openSync(join(dir, file.name), "w");
  try {
    return streamCsv(file.lines(), options, (chunk) => writeSync(fd, chunk));
  } finally {
    closeSync(fd);
  }
}

/** The last file of a draw: its content depends on the others' hashes; `prepare` works out the rest meanwhile. */
export interface LastFile {
  name: string;
  content: (hashes: Record<string, string>) => Buffer;
  prepare: () => void;
}

/**
 * A draw's files: the CSV files (by the engine, perhaps partly in a second thread) into a temporary folder inside
 * `dir`, hashed as they are written, then the last file (the audit, which records those hashes), then each
 * renamed into place, the last file last.
 */
export async function writeDraw(
  dir: string,
  engine: Engine,
  files: readonly OutputFile[],
  options: CsvFormatOptions,
  last: LastFile,
  onFile: (name: string) => void,
): Promise<void> {
  const tmp = join(dir, `.nest-tmp-${randomBytes(6).toString("hex")}`);
  try {
    await mkdir(tmp, { recursive: true });
    const hashes = await engine.writeCsvs(tmp, files, options, { onFile, meanwhile: last.prepare });
    await writeFile(join(tmp, last.name), last.content(hashes));
    for (const name of [...files.map((f) => f.name), last.name]) await rename(join(tmp, name), join(dir, name));
  } catch (error) {
    throw new NestError(`${dir}: could not write the draw: ${describeFsError(error)}`, ExitCode.input, { cause: error });
  } finally {
    // The folder may never have been made (--out names a file): the error above is the one to report.
    await rm(tmp, { recursive: true, force: true }).catch(() => {});
  }
}

/** A file that must not replace another unless `force` (a commitment, a config). */
export async function writeNewFile(path: string, content: string, force: boolean, what: string): Promise<void> {
  try {
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, content, { encoding: "utf8", flag: force ? "w" : "wx" });
  } catch (error) {
    if ((error as { code?: string }).code === "EEXIST") {
      throw new NestError(`${path}: already exists; nest does not replace ${what} (remove it, or use --force)`, ExitCode.input);
    }
    throw new NestError(`${path}: ${describeFsError(error)}`, ExitCode.input, { cause: error });
  }
}

/** Whether a path exists (a file nest is about to write, or an export beside a draw). */
export function exists(path: string): boolean {
  return existsSync(path);
}
