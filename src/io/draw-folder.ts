import { createHash, randomBytes } from "node:crypto";
import { closeSync, fsyncSync, openSync, writeSync } from "node:fs";
import { cp, link, mkdir, readdir, readFile, realpath, rename, rm, rmdir, stat, unlink, writeFile } from "node:fs/promises";
import { hostname } from "node:os";
import { basename, dirname, join, resolve } from "node:path";
import { ExitCode, NestError } from "../errors.js";
import type { Engine, OutputFile } from "./engine/engine.js";
import type { CsvFormatOptions } from "./format-csv.js";
import { describeFsError } from "./read-input.js";

/**
 * A draw's folder changes as one unit: at every moment it holds the whole earlier draw, the whole new one, or (for
 * the instant between two renames, and after a crash there until the next run) nothing. The new draw is written
 * into a hidden folder beside it, every file synced, marked ready by a rename, then the two folders are swapped by
 * renaming. One run at a time holds a lock beside the folder; a run finds what a killed one left and finishes or
 * undoes it (README "What nest promises under faults"). nest deletes only what it wrote: a draw's own files, by
 * name, and the folders it made; a folder holding anything else is never replaced, and files that appear in it
 * while a draw is written are kept.
 */

/** The last file of a draw: its content depends on the others' hashes; `prepare` works out the rest meanwhile. */
export interface LastFile {
  name: string;
  content: (hashes: Record<string, string>) => Buffer;
  prepare: () => void;
}

export interface DrawFolderOptions {
  /** The files a draw writes: a folder that holds one of them holds an earlier draw. */
  names: readonly string[];
  /**
   * Files written with the draw's before audit.json: made from them (results.xlsx, the record), each name one of
   * `names`, or the coordinator's kept along (nest restore's copies, "edited/roster.csv": a sub-folder is made).
   */
  extra?: () => Promise<{ name: string; bytes: Buffer }[]>;
  /** Replace an earlier draw (--force). */
  force: boolean;
  /** Pages listed in the audit (report.html), as pieces of text: written after the CSV files, their hashes with theirs. */
  listed?: readonly { name: string; pieces: () => Iterable<string> }[];
  /**
   * The same draw, continued (nest replace): whatever else the folder holds (notify/, the coordinator's own files) is
   * copied into the new folder, and removed from the earlier one once the new one is in place, instead of refused.
   */
  carry?: boolean;
  /** The caller holds the folder's lock already (holdingFolder): a run that reads the folder, then writes it. */
  held?: boolean;
}

/** Whether a path is a folder (false for a file, or nothing there). */
export async function isFolder(path: string): Promise<boolean> {
  return stat(path).then(
    (s) => s.isDirectory(),
    () => false,
  );
}

/** The draw folder a command's target names: the folder itself, or the one holding the audit.json named. */
export async function folderOfTarget(target: string): Promise<string> {
  return (await stat(target).then(
    (s) => s.isDirectory(),
    () => true,
  ))
    ? target
    : dirname(target);
}

/** Copies of a draw a killed run left beside its folder (being written, ready, or set aside): their names. */
export async function interruptedCopies(out: string): Promise<string[]> {
  const place = await locate(out);
  const siblings = await readdir(place.parent).catch(() => [] as string[]);
  return siblings.filter((n) => ["ready", "old"].includes(place.kindOf(n) ?? ""));
}

/**
 * `work` run with the folder's lock held, after what a killed run left beside the folder is made whole: for a run
 * that reads the folder and then writes it (nest replace, nest restore, nest notify), so that no other nest changes it between
 * the two. `work` writes with `held: true`. A folder whose parent does not exist is not locked (there is nothing
 * to read; `work` says so).
 */
export async function holdingFolder<T>(out: string, names: readonly string[], work: (recovered: Recovered) => Promise<T>): Promise<T> {
  const place = await locate(out);
  if (!(await isFolder(place.parent))) return work(null);
  const release = await lock(place, out).catch((error: unknown) => {
    throw wrap(error, out);
  });
  try {
    const recovered = await recover(place, out, names, true).catch((error: unknown) => {
      throw wrap(error, out);
    });
    return await work(recovered);
  } finally {
    await release();
  }
}

/**
 * For a run that reads a draw's folder without locking it (nest verify, which must also work where it cannot write):
 * who holds the folder's lock now, if a live run does ("process 123", "a run on another machine"), and, later,
 * whether the folder was swapped (it is another directory then) or a run took its lock meanwhile, so that a check
 * that failed while another nest was writing is said to be that, not a folder that does not verify.
 */
export async function watchFolder(out: string): Promise<{ writer: string | null; changed: () => Promise<boolean> }> {
  const place = await locate(out);
  const identity = () =>
    stat(place.path).then(
      (s) => `${s.dev}:${s.ino}`,
      () => "-",
    );
  const writer = async () => {
    const holder = await holderOf(place.lock);
    return typeof holder === "number" ? `process ${holder}` : holder === "running" ? "a run on another machine" : null;
  };
  const first = await identity();
  return { writer: await writer(), changed: async () => (await identity()) !== first || (await writer()) !== null };
}

/** Files an operating system leaves in folders it shows (nobody's work): they go with the draw's own. */
const LITTER: ReadonlySet<string> = new Set([".DS_Store", "Thumbs.db", "desktop.ini"]);
/** Temporary folders inside a draw's folder, of nest 0.2.0 and before. */
const OLD_TEMPORARY = /^\.nest-tmp-/;

/** A draw folder and its companions: hidden, beside it (the real folder, when `out` is a link to one). */
async function locate(out: string) {
  let path = resolve(out);
  path = await realpath(path).catch(() => path);
  const parent = dirname(path);
  const hidden = `.${basename(path)}.nest`;
  const named = (kind: string) => () => join(parent, `${hidden}-${kind}-${randomBytes(6).toString("hex")}`);
  return {
    path,
    parent,
    lock: join(parent, `${hidden}-lock`),
    /** A draw being written; ready once complete and synced; an earlier draw set aside during a swap. */
    fresh: named("new"),
    ready: named("ready"),
    old: named("old"),
    kindOf: (name: string) => (name.startsWith(`${hidden}-`) ? name.slice(hidden.length + 1).split("-")[0]! : null),
  };
}
type Place = Awaited<ReturnType<typeof locate>>;

/**
 * Writes a draw: the CSV files (by the engine, perhaps partly in a second thread), then the last file (the audit,
 * which records their hashes), into a hidden folder beside `out`, synced and marked ready; then that folder takes
 * `out`'s place. Answers warnings for the user (files kept that appeared while the draw was written).
 */
export async function writeDraw(
  out: string,
  engine: Engine,
  files: readonly OutputFile[],
  options: CsvFormatOptions,
  last: LastFile,
  onFile: (name: string) => void,
  folder: DrawFolderOptions,
): Promise<string[]> {
  const place = await locate(out);
  await mkdir(place.parent, { recursive: true }).catch((error: unknown) => {
    throw new NestError(`${out}: could not make its folder: ${describeFsError(error)}`, ExitCode.input, { cause: error });
  });
  // Any failure of the file system on the way (a read-only or unwritable parent: EROFS, EACCES) is exit 2 with a message.
  const release =
    folder.held === true
      ? async () => {}
      : await lock(place, out).catch((error: unknown) => {
          throw wrap(error, out);
        });
  try {
    const { existing, others } = await Promise.resolve()
      .then(() => recover(place, out, folder.names, folder.carry === true))
      .then(() => checkReplaceable(place.path, out, folder))
      .catch((error: unknown) => {
        throw wrap(error, out);
      });
    const fresh = place.fresh();
    let ready: string;
    try {
      await mkdir(fresh);
      const hashes = await engine.writeCsvs(fresh, files, options, { onFile, meanwhile: last.prepare });
      for (const page of folder.listed ?? []) {
        onFile(page.name);
        hashes[page.name] = writeTextSynced(join(fresh, page.name), page.pieces());
      }
      for (const extra of (await folder.extra?.()) ?? []) {
        const inside = extra.name.includes("/") ? dirname(join(fresh, extra.name)) : null;
        if (inside !== null) await mkdir(inside, { recursive: true });
        writeSynced(join(fresh, extra.name), extra.bytes);
        if (inside !== null) syncFolder(inside);
      }
      for (const other of others)
        await cp(join(place.path, other), join(fresh, other), {
          recursive: true,
          errorOnExist: true,
          force: false,
          verbatimSymlinks: true,
          preserveTimestamps: true,
        });
      writeSynced(join(fresh, last.name), last.content(hashes));
      syncFolder(fresh);
      ready = place.ready();
      await rename(fresh, ready);
      syncFolder(place.parent);
    } catch (error) {
      await rm(fresh, { recursive: true, force: true }).catch(() => {});
      throw wrap(error, out);
    }
    try {
      return await swap(place, ready, existing, out, [...folder.names, ...others]);
    } catch (error) {
      await rm(ready, { recursive: true, force: true }).catch(() => {});
      throw wrap(error, out);
    }
  } finally {
    await release();
  }
}

function wrap(error: unknown, out: string): NestError {
  return error instanceof NestError
    ? error
    : new NestError(`${out}: could not write the draw: ${describeFsError(error)}`, ExitCode.input, { cause: error });
}

/** The ready draw takes the folder's place; an earlier draw is set aside first, and put back if that fails. */
async function swap(place: Place, ready: string, existing: Existing, out: string, names: readonly string[]): Promise<string[]> {
  if (existing === "none") {
    await rename(ready, place.path);
    syncFolder(place.parent);
    return [];
  }
  if (existing === "empty") {
    await clearByName(place.path, names);
    await rmdir(place.path).catch((error: { code?: string }) => {
      if (error.code !== "ENOTEMPTY" && error.code !== "EEXIST") throw error;
      throw new NestError(`${out}: files were put in it while the draw was written; nothing was replaced`, ExitCode.input);
    });
    await rename(ready, place.path);
    syncFolder(place.parent);
    return [];
  }
  const old = place.old();
  await rename(place.path, old);
  try {
    await rename(ready, place.path);
  } catch (error) {
    await rename(old, place.path).catch(() => {}); // the earlier draw back in place
    throw error;
  }
  syncFolder(place.parent);
  // The earlier draw's files, by name; the folder itself only if nothing else appeared in it meanwhile.
  await clearByName(old, names).catch(() => {});
  if (
    await rmdir(old).then(
      () => true,
      () => false,
    )
  )
    return [];
  return [`${out}: files were put in it while the draw was written; they were kept in ${old}`];
}

/**
 * A draw's own files in a folder, by name, and what nest or the operating system left there; nothing else. (Folders
 * among the names are ones nest copied into the new folder: nest replace carries them.)
 */
async function clearByName(folder: string, names: readonly string[]): Promise<void> {
  for (const entry of await readdir(folder)) {
    if (names.includes(entry) || LITTER.has(entry)) await rm(join(folder, entry), { recursive: true, force: true });
    else if (OLD_TEMPORARY.test(entry)) await rm(join(folder, entry), { recursive: true, force: true });
  }
}

type Existing = "none" | "empty" | "draw";

/**
 * What the folder holds now: nothing, no draw, or a draw (refused unless --force); anything else is refused, or, for
 * a draw continued (carry), answered to be copied along.
 */
async function checkReplaceable(
  path: string,
  out: string,
  { names, force, carry }: DrawFolderOptions,
): Promise<{ existing: Existing; others: string[] }> {
  const entries = await entriesOf(path, out);
  if (entries === null) return { existing: "none", others: [] };
  const draw = entries.filter((e) => names.includes(e));
  const others = entries.filter((e) => !names.includes(e) && !LITTER.has(e) && !OLD_TEMPORARY.test(e));
  if (carry === true) return { existing: draw.length > 0 ? "draw" : "empty", others };
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
  return { existing: draw.length > 0 ? "draw" : "empty", others: [] };
}

/** A folder's entries, or null when there is no such folder. */
async function entriesOf(path: string, out: string): Promise<string[] | null> {
  try {
    if (!(await stat(path)).isDirectory()) throw Object.assign(new Error(), { code: "ENOTDIR" });
    return await readdir(path);
  } catch (error) {
    if ((error as { code?: string }).code === "ENOENT") return null;
    throw new NestError(`${out}: could not write the draw: ${describeFsError(error)}`, ExitCode.input, { cause: error });
  }
}

/**
 * What a killed run left beside the folder, made whole (called with the lock held). A draw half written is
 * removed (it holds names and emails). If the folder is missing, a ready draw takes its place, else an earlier
 * draw set aside goes back. If the folder holds a whole draw, what is left beside it is removed. If it holds
 * anything else (it was made again meanwhile), nothing is touched, and the user is told what to move.
 */
export async function recover(place: Place, out: string, names: readonly string[], carry = false): Promise<Recovered> {
  const siblings = await readdir(place.parent).catch(() => [] as string[]);
  const beside = (kind: string) => siblings.filter((n) => place.kindOf(n) === kind).map((n) => join(place.parent, n));
  const halves = beside("new");
  for (const half of halves) await rm(half, { recursive: true, force: true });
  const [ready, old] = [beside("ready"), beside("old")];
  if (ready.length + old.length === 0) return halves.length > 0 ? "undone" : null;
  let entries = await entriesOf(place.path, out);
  const leftover = (e: string) => LITTER.has(e) || OLD_TEMPORARY.test(e);
  if (entries !== null && entries.every(leftover)) {
    // Made again empty meanwhile (by hand, or by a tool that syncs folders): the draw beside it goes back.
    await clearByName(place.path, names);
    await rmdir(place.path);
    entries = null;
  }
  let kept: string | null = null;
  let removedOld = false;
  if (entries === null) {
    kept = ready.length === 1 ? ready[0]! : ready.length === 0 && old.length === 1 ? old[0]! : null;
    if (kept === null) throw interrupted(place, out, [...ready, ...old], "more than one copy of a draw is kept beside it");
    await rename(kept, place.path);
  } else if (!(entries.includes("audit.json") && (carry || entries.every((e) => names.includes(e) || leftover(e))))) {
    throw interrupted(place, out, [...ready, ...old], "the folder was made again meanwhile, and the draw is kept beside it");
  }
  for (const r of ready) if (r !== kept) await rm(r, { recursive: true, force: true });
  for (const o of old) {
    if (o === kept) continue;
    // A draw continued (carry): what it copied along is in the folder now; the copy set aside goes.
    const copied = carry && entries !== null ? entries.filter((e) => !names.includes(e)) : [];
    await clearByName(o, [...names, ...copied]).catch(() => {});
    // Anything else in it is kept: a copy kept so (files of someone's were put in it) is no run of today's to report.
    if (
      await rmdir(o).then(
        () => true,
        () => false,
      )
    )
      removedOld = true;
  }
  syncFolder(place.parent);
  // The killed run's folder in place (its ready copy, or the swap done and only the earlier one left beside), or not.
  if (kept !== null) return ready.includes(kept) ? "finished" : "undone";
  if (ready.length > 0) return "undone";
  return removedOld ? "finished" : null;
}

/** What became of a run that was killed on a folder: its changes put in place, or undone; null when there was none. */
export type Recovered = "finished" | "undone" | null;

/** The words for a Recovered run, for the user of the run that found it. */
export function recoveredNote(recovered: Recovered): string | null {
  if (recovered === null) return null;
  return recovered === "finished"
    ? "an earlier nest run on this folder was stopped before it had cleaned up; what it wrote was complete, and is in place"
    : "an earlier nest run on this folder was stopped before it had finished; it was undone, and the folder is as it was before that run";
}

function interrupted(place: Place, out: string, kept: readonly string[], what: string): NestError {
  return new NestError(
    `${out}: a draw was interrupted here; ${what} (${kept.map((p) => basename(p)).join(", ")}). Move the folder away, or ` +
      `rename the copy to keep to ${basename(place.path)}, and run again`,
    ExitCode.input,
  );
}

/**
 * One run at a time per folder: a lock file beside it naming the run (process id and machine), made whole before it
 * exists (written aside and linked into place, which fails if a lock is there). The lock of a run that is no longer
 * running (killed; or a lock from before a restart with this very process id) is taken over, renamed aside first so
 * that of two runs taking it over only one can. Returns the release, which removes only its own lock.
 */
async function lock(place: Place, out: string): Promise<() => Promise<void>> {
  const path = place.lock;
  const me = `${process.pid} ${hostname()} ${randomBytes(4).toString("hex")}\n`;
  const mine = `${path}-${process.pid}-${randomBytes(4).toString("hex")}`;
  await writeFile(mine, me);
  const release = async () => {
    if ((await readFile(path, "utf8").catch(() => "")) === me) await unlink(path).catch(() => {});
  };
  try {
    for (let attempt = 0; attempt < 5; attempt++) {
      if (await claim(mine, path, me)) return release;
      const holder = await holderOf(path);
      if (holder === "gone") continue;
      if (holder === "running") {
        throw new NestError(`${out}: another nest is writing this folder (its lock: ${path}); wait for it to finish`, ExitCode.input);
      }
      if (typeof holder === "number") {
        throw new NestError(
          `${out}: another nest (process ${holder}) is writing this folder (its lock: ${path}); wait for it to finish`,
          ExitCode.input,
        );
      }
      // No longer running: renamed aside, then checked to be the lock just judged, before it is removed.
      const claimed = `${path}-stale-${randomBytes(4).toString("hex")}`;
      if (
        !(await rename(path, claimed).then(
          () => true,
          () => false,
        ))
      )
        continue; // another run took it over first
      if ((await readFile(claimed, "utf8").catch(() => "")) !== holder.text) {
        await link(claimed, path).catch(() => {}); // a live run's lock, made meanwhile: back in place
        await unlink(claimed).catch(() => {});
        throw new NestError(`${out}: another nest is writing this folder (its lock: ${path}); wait for it to finish`, ExitCode.input);
      }
      await unlink(claimed).catch(() => {});
    }
    throw new NestError(`${out}: could not lock the folder (${path}): other runs keep taking it`, ExitCode.input);
  } finally {
    await unlink(mine).catch(() => {});
  }
}

/** The lock made ours, if no other is there: by a hard link, or where a file system has none, by an exclusive create. */
async function claim(mine: string, path: string, me: string): Promise<boolean> {
  try {
    await link(mine, path);
    return true;
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === "EEXIST") return false;
    if (code !== "EPERM" && code !== "ENOTSUP" && code !== "EXDEV" && code !== "ENOSYS") throw error;
  }
  try {
    await writeFile(path, me, { flag: "wx" });
    return true;
  } catch (error) {
    if ((error as { code?: string }).code === "EEXIST") return false;
    throw error;
  }
}

/**
 * Who holds the lock: "gone" (released meanwhile), a process id still running (here), "running" (on another
 * machine, or a lock still being written: unreadable and new), or the text of a lock whose run is over.
 */
async function holderOf(path: string): Promise<"gone" | "running" | number | { text: string }> {
  const text = await readFile(path, "utf8").catch(() => null);
  if (text === null) return "gone";
  const [pid, host] = text.trim().split(" ");
  const id = Number(pid);
  if (!Number.isInteger(id) || id <= 0) {
    const age = await stat(path).then(
      (s) => Date.now() - s.mtimeMs,
      () => 0,
    );
    return age > 10_000 ? { text } : "running";
  }
  if (host !== undefined && host !== hostname()) return "running";
  return id !== process.pid && alive(id) ? id : { text };
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

/** A text written from its pieces, in UTF-8, a megabyte at a time, and synced to disk; answers its SHA-256. */
export function writeTextSynced(path: string, pieces: Iterable<string>): string {
  const hash = createHash("sha256");
  const fd = openSync(path, "w");
  try {
    let batch: string[] = [];
    let length = 0;
    const flush = () => {
      const bytes = Buffer.from(batch.join(""), "utf8");
      hash.update(bytes);
      writeSync(fd, bytes);
      batch = [];
      length = 0;
    };
    for (const piece of pieces) {
      batch.push(piece);
      length += piece.length;
      if (length >= 1 << 20) flush();
    }
    flush();
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  return hash.digest("hex");
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
