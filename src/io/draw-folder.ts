import { randomBytes } from "node:crypto";
import { closeSync, fsyncSync, openSync, writeSync } from "node:fs";
import { link, mkdir, readdir, readFile, rename, rm, stat, unlink, writeFile } from "node:fs/promises";
import { basename, dirname, join, resolve } from "node:path";
import { ExitCode, NestError } from "../errors.js";
import type { Engine, OutputFile } from "./engine/engine.js";
import type { CsvFormatOptions } from "./format-csv.js";
import { describeFsError } from "./read-input.js";

/**
 * A draw's folder changes as one unit: at every moment it holds the whole earlier draw, the whole new one, or (for
 * the instant between two renames, and after a crash there until the next run) nothing. The new draw is written
 * into a hidden folder beside it, each file synced to disk, then the two folders are swapped by renaming; one run
 * at a time holds a lock beside the folder; a run finds what a killed one left (README "What nest promises under
 * faults") and finishes or undoes it. Only a folder that holds nothing but a draw is replaced: nest never moves or
 * deletes files of anyone else's.
 */

/** The last file of a draw: its content depends on the others' hashes; `prepare` works out the rest meanwhile. */
export interface LastFile {
  name: string;
  content: (hashes: Record<string, string>) => Buffer;
  prepare: () => void;
}

/** Where a draw folder's companions live: hidden, beside it, so that a rename moves a whole folder at once. */
function beside(out: string) {
  const path = resolve(out);
  const parent = dirname(path);
  const hidden = `.${basename(path)}.nest`;
  return {
    path,
    parent,
    lock: join(parent, `${hidden}-lock`),
    fresh: () => join(parent, `${hidden}-new-${randomBytes(6).toString("hex")}`),
    old: () => join(parent, `${hidden}-old-${randomBytes(6).toString("hex")}`),
    isNew: (name: string) => name.startsWith(`${hidden}-new-`),
    isOld: (name: string) => name.startsWith(`${hidden}-old-`),
  };
}

export interface DrawFolderOptions {
  /** The files a draw writes: a folder that holds one of them holds an earlier draw. */
  names: readonly string[];
  /** Replace an earlier draw (--force). */
  force: boolean;
}

/**
 * Writes a draw: the CSV files (by the engine, perhaps partly in a second thread), then the last file (the audit,
 * which records their hashes), all into a hidden folder beside `out`, synced; then that folder takes `out`'s place.
 */
export async function writeDraw(
  out: string,
  engine: Engine,
  files: readonly OutputFile[],
  options: CsvFormatOptions,
  last: LastFile,
  onFile: (name: string) => void,
  folder: DrawFolderOptions,
): Promise<void> {
  const place = beside(out);
  const fresh = place.fresh();
  await mkdir(place.parent, { recursive: true }).catch((error: unknown) => {
    throw new NestError(`${out}: could not make its folder: ${describeFsError(error)}`, ExitCode.input, { cause: error });
  });
  const release = await lock(place.lock, out);
  try {
    await recover(out);
    const existing = await checkReplaceable(out, folder);
    try {
      await mkdir(fresh);
      const hashes = await engine.writeCsvs(fresh, files, options, { onFile, meanwhile: last.prepare });
      writeSynced(join(fresh, last.name), last.content(hashes));
      syncFolder(fresh);
      if (existing === "draw") {
        const old = place.old();
        await rename(place.path, old);
        await rename(fresh, place.path);
        syncFolder(place.parent);
        await rm(old, { recursive: true, force: true });
      } else {
        if (existing === "empty") await rm(place.path, { recursive: true, force: true });
        await rename(fresh, place.path);
        syncFolder(place.parent);
      }
    } catch (error) {
      await rm(fresh, { recursive: true, force: true }).catch(() => {});
      if (error instanceof NestError) throw error;
      throw new NestError(`${out}: could not write the draw: ${describeFsError(error)}`, ExitCode.input, { cause: error });
    }
  } finally {
    await release();
  }
}

/** What `out` holds now: nothing, an empty folder, or a draw (refused unless --force, and only if nothing else is there). */
async function checkReplaceable(out: string, { names, force }: DrawFolderOptions): Promise<"none" | "empty" | "draw"> {
  let entries: string[];
  try {
    if (!(await stat(out)).isDirectory()) throw Object.assign(new Error(), { code: "ENOTDIR" });
    entries = (await readdir(out)).filter((e) => !e.startsWith(".nest-tmp-")); // left by nest 0.2.0 and before
  } catch (error) {
    if ((error as { code?: string }).code === "ENOENT") return "none";
    throw new NestError(`${out}: could not write the draw: ${describeFsError(error)}`, ExitCode.input, { cause: error });
  }
  const draw = entries.filter((e) => names.includes(e));
  const others = entries.filter((e) => !names.includes(e));
  if (draw.length > 0 && !force) {
    throw new NestError(
      `${out}: holds an earlier draw (${draw.join(", ")}); use --force to replace it, or --out to choose another folder`,
      ExitCode.input,
    );
  }
  if (others.length > 0) {
    throw new NestError(
      `${out}: holds files that are not a draw's (${others.slice(0, 5).join(", ")}${others.length > 5 ? ", ..." : ""}); ` +
        "nest replaces a draw's folder as a whole, so it only writes into a new or empty folder, or one that holds a draw: " +
        "move them elsewhere, or choose another folder with --out",
      ExitCode.input,
    );
  }
  // An empty folder, or one with only the temporary folders of an earlier nest (0.2.0 and before), is replaced.
  return draw.length > 0 ? "draw" : "empty";
}

/**
 * What a killed run left beside `out`, made whole: a complete new draw whose swap was cut short takes `out`'s place
 * if `out` is missing, else it is removed; an earlier draw set aside goes back if nothing took its place; anything
 * half written (names, emails: personal data) is removed. Called with the lock held.
 */
export async function recover(out: string): Promise<void> {
  const place = beside(out);
  const siblings = await readdir(place.parent).catch(() => [] as string[]);
  const fresh = siblings.filter(place.isNew).map((n) => join(place.parent, n));
  const old = siblings.filter(place.isOld).map((n) => join(place.parent, n));
  if (fresh.length + old.length === 0) return;
  const exists = async (p: string) =>
    stat(p).then(
      () => true,
      () => false,
    );
  if (!(await exists(place.path))) {
    const complete = [];
    for (const f of fresh) if (await exists(join(f, "audit.json"))) complete.push(f);
    const back = complete[0] ?? old[0];
    if (back !== undefined) await rename(back, place.path);
  }
  for (const p of [...fresh, ...old]) await rm(p, { recursive: true, force: true });
  syncFolder(place.parent);
}

/**
 * One run at a time per folder: a lock file beside it, holding the run's process id, made whole before it exists
 * (written aside, then linked into place, which fails if a lock is there). A lock whose process has ended (a run
 * that was killed) is taken over: renamed aside first, so that of two runs taking it over only one can. Returns the
 * release.
 */
async function lock(path: string, out: string): Promise<() => Promise<void>> {
  const mine = `${path}-${process.pid}-${randomBytes(4).toString("hex")}`;
  await writeFile(mine, `${process.pid}\n`);
  try {
    for (let attempt = 0; attempt < 5; attempt++) {
      try {
        await link(mine, path);
        return () => unlink(path).catch(() => {});
      } catch (error) {
        if ((error as { code?: string }).code !== "EEXIST") {
          throw new NestError(`${out}: could not lock the folder: ${describeFsError(error)}`, ExitCode.input, { cause: error });
        }
      }
      const holder = await pidIn(path);
      if (holder === null) continue; // released meanwhile
      if (alive(holder))
        throw new NestError(`${out}: another nest (process ${holder}) is writing this folder; wait for it to finish`, ExitCode.input);
      const claimed = `${path}-stale-${randomBytes(4).toString("hex")}`;
      if (
        !(await rename(path, claimed).then(
          () => true,
          () => false,
        ))
      )
        continue; // another run took it over first
      if ((await pidIn(claimed)) !== holder) {
        // Not the stale lock any more: a live run's, made meanwhile. Back in place, and that run goes on.
        await link(claimed, path).catch(() => {});
        await unlink(claimed).catch(() => {});
        throw new NestError(`${out}: another nest is writing this folder; wait for it to finish`, ExitCode.input);
      }
      await unlink(claimed).catch(() => {});
    }
    throw new NestError(`${out}: could not lock the folder: another nest keeps taking it`, ExitCode.input);
  } finally {
    await unlink(mine).catch(() => {});
  }
}

async function pidIn(path: string): Promise<number | null> {
  const pid = Number((await readFile(path, "utf8").catch(() => "")).trim());
  return Number.isInteger(pid) && pid > 0 ? pid : null;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as { code?: string }).code === "EPERM";
  }
}

/** A file written and synced to disk before anything is renamed. */
export function writeSynced(path: string, content: Uint8Array | string, flag = "w"): void {
  const fd = openSync(path, flag);
  try {
    writeSync(fd, typeof content === "string" ? Buffer.from(content, "utf8") : content);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** A folder's entries synced to disk (a rename is only durable once its folder is). */
export function syncFolder(path: string): void {
  try {
    const fd = openSync(path, "r");
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // Some file systems cannot sync a folder; the files themselves are synced.
  }
}
