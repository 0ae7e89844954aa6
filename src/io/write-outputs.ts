import { randomBytes } from "node:crypto";
import { closeSync, existsSync, fsyncSync, openSync, statSync, writeSync } from "node:fs";
import { link, mkdir, rename, rm } from "node:fs/promises";
import { basename, dirname, join, resolve } from "node:path";
import { ExitCode, NestError } from "../errors.js";
import { streamCsv } from "./csv-stream.js";
import { syncFolder, writeSynced } from "./draw-folder.js";
import type { OutputFile } from "./engine/engine.js";
import type { CsvFormatOptions } from "./format-csv.js";
import { describeFsError } from "./read-input.js";

/**
 * Writing files safely: nothing is written until everything is computed; a file goes in place whole or not at all
 * (a draw's folder: draw-folder.ts); an earlier draw or file is replaced only with --force; never the input.
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

/** One CSV file written into `dir` line by line, never held whole, and synced to disk; answers its SHA-256. */
export async function streamCsvToFile(dir: string, file: OutputFile, options: CsvFormatOptions): Promise<string> {
  const fd = openSync(join(dir, file.name), "w");
  try {
    const hash = streamCsv(file.lines(), options, (chunk) => writeSync(fd, chunk));
    fsyncSync(fd);
    return hash;
  } finally {
    closeSync(fd);
  }
}

/**
 * A file that must not replace another unless `force` (a commitment, a config): written whole into a temporary file
 * beside it and synced, then put in place in one step, so that a full disk or a kill never leaves half a file.
 */
export async function writeNewFile(path: string, content: string, force: boolean, what: string): Promise<void> {
  const tmp = join(dirname(path), `.${basename(path)}.nest-${randomBytes(6).toString("hex")}`);
  try {
    await mkdir(dirname(path), { recursive: true });
    writeSynced(tmp, content, "wx");
    // link refuses to replace a file that exists; rename replaces it (--force).
    if (force) await rename(tmp, path);
    else
      await link(tmp, path).catch(async (error: { code?: string }) => {
        if (error.code === "EEXIST" || existsSync(path)) throw Object.assign(new Error(), { code: "EEXIST" });
        await rename(tmp, path); // a file system without hard links
      });
    syncFolder(dirname(path));
  } catch (error) {
    if ((error as { code?: string }).code === "EEXIST") {
      throw new NestError(`${path}: already exists; nest does not replace ${what} (remove it, or use --force)`, ExitCode.input);
    }
    throw new NestError(`${path}: ${describeFsError(error)}`, ExitCode.input, { cause: error });
  } finally {
    await rm(tmp, { force: true }).catch(() => {});
  }
}

/** Whether a path exists (a file nest is about to write, or an export beside a draw). */
export function exists(path: string): boolean {
  return existsSync(path);
}
