import { randomBytes } from "node:crypto";
import { mkdir, readdir, rename, rm, stat } from "node:fs/promises";
import { join } from "node:path";
import { z } from "zod";
import { ExitCode, NestError, inputError } from "../errors.js";
import { syncFolder, writeSynced } from "./draw-folder.js";
import { describeFsError } from "./read-input.js";
import { formatIssues, readJsonFile } from "./read-json.js";

/**
 * nest notify's folder, DIR/notify/: the mail merge, the invitations and the record of what the last runs wrote
 * (sent.json). It changes as one unit, as a draw's folder does (io/draw-folder.ts): the new files are written and
 * synced in a hidden folder beside it, which then takes its place by renaming, so a reader (or a crash) finds
 * the whole earlier set or the whole new one. The draw's own files are never touched.
 */

export const NOTIFY_FOLDER = "notify";
export const RECORD_FILE = "sent.json";
/** What nest notify writes there: anything else in the folder is someone else's, and stops a run. */
const OURS = /^(mail-merge\.csv|cannot-email\.csv|sent\.json|district-.+\.ics)$/;
const LITTER: ReadonlySet<string> = new Set([".DS_Store", "Thumbs.db", "desktop.ini"]);
const HIDDEN = `.${NOTIFY_FOLDER}.nest-`;

export const NotifyRecordSchema = z.object({
  tool: z.literal("nest"),
  format: z.literal("nest-notify/1"),
  /** Applicant ID -> the fingerprint of the mail-merge row last written for them. */
  people: z.record(z.string(), z.string()),
  /** District id -> the fingerprint of its invitation last written, and that invitation's SEQUENCE. */
  invitations: z.record(z.string(), z.object({ fingerprint: z.string(), sequence: z.number().int().min(0) })),
});
export type NotifyRecord = z.infer<typeof NotifyRecordSchema>;

/** The record of the earlier runs, or null before the first. */
export async function readNotifyRecord(dir: string): Promise<NotifyRecord | null> {
  const path = join(dir, NOTIFY_FOLDER, RECORD_FILE);
  const exists = await stat(path).then(
    () => true,
    () => false,
  );
  if (!exists) return null;
  const { json } = await readJsonFile(path, "nest notify's record");
  const parsed = NotifyRecordSchema.safeParse(json);
  if (!parsed.success)
    throw inputError(
      { file: path },
      "is not the record nest notify writes (move it away to start afresh)",
      formatIssues(parsed.error.issues),
    );
  return parsed.data;
}

/** DIR/notify/ replaced by these files, as one unit. */
export async function writeNotifyFolder(dir: string, files: readonly { name: string; bytes: Buffer | string }[]): Promise<string> {
  const target = join(dir, NOTIFY_FOLDER);
  try {
    await recover(dir, target);
    const entries = await readdir(target).catch((error: { code?: string }) => {
      if (error.code === "ENOENT") return null;
      throw error;
    });
    const others = (entries ?? []).filter((e) => !OURS.test(e) && !LITTER.has(e));
    if (others.length > 0) {
      throw new NestError(
        `${target}: holds files nest notify did not write (${others.slice(0, 5).join(", ")}${others.length > 5 ? ", ..." : ""}); ` +
          "nest notify replaces the folder as a whole: move them elsewhere (a file open in a spreadsheet leaves a lock file there: close it)",
        ExitCode.input,
      );
    }
    const fresh = join(dir, `${HIDDEN}new-${randomBytes(6).toString("hex")}`);
    try {
      await mkdir(fresh);
      for (const file of files) writeSynced(join(fresh, file.name), file.bytes);
      syncFolder(fresh);
      if (entries === null) await rename(fresh, target);
      else {
        const old = join(dir, `${HIDDEN}old-${randomBytes(6).toString("hex")}`);
        await rename(target, old);
        try {
          await rename(fresh, target);
        } catch (error) {
          await rename(old, target).catch(() => {});
          throw error;
        }
        await rm(old, { recursive: true, force: true }).catch(() => {});
      }
      syncFolder(dir);
    } catch (error) {
      await rm(fresh, { recursive: true, force: true }).catch(() => {});
      throw error;
    }
  } catch (error) {
    if (error instanceof NestError) throw error;
    throw new NestError(`${target}: could not write the notifications: ${describeFsError(error)}`, ExitCode.input, { cause: error });
  }
  return target;
}

/** What a killed run left: a half-written folder is removed; the earlier folder set aside goes back if none replaced it. */
async function recover(dir: string, target: string): Promise<void> {
  const siblings = (await readdir(dir)).filter((n) => n.startsWith(HIDDEN));
  for (const name of siblings.filter((n) => n.startsWith(`${HIDDEN}new-`))) await rm(join(dir, name), { recursive: true, force: true });
  const old = siblings.filter((n) => n.startsWith(`${HIDDEN}old-`));
  const present = await stat(target).then(
    () => true,
    () => false,
  );
  if (!present && old.length === 1) await rename(join(dir, old[0]!), target);
  else if (present) for (const name of old) await rm(join(dir, name), { recursive: true, force: true });
}
