import { join } from "node:path";
import { CURRENT_EDITION } from "../core/edition.js";
import type { Applicant } from "../core/applicant.js";
import { whoIs } from "../core/who.js";
import { openPlaces, replace, type Replacement, type ReplacementReason } from "../core/replace.js";
import { ExitCode, NestError } from "../errors.js";
import { holdingFolder, isFolder } from "../io/draw-folder.js";
import { sayRecovered } from "./warnings.js";
import { sha256 } from "../io/hash.js";
import { REPLACEMENT_NOTES, REPLACEMENTS_CSV, type Note } from "../io/replacements-file.js";
import { RESULTS_XLSX } from "../io/results-xlsx.js";
import { checkFolder, restoreAdvice } from "../pipeline/check-folder.js";
import { writeContinued } from "../pipeline/continue-draw.js";
import { folderFiles } from "../pipeline/draw.js";
import { defineCommand, flag } from "./command.js";
import type { CommandContext } from "./context.js";

/**
 * nest replace: a seated person gives up their seat and the next free person on that district and category's
 * waitlist takes it (docs/ALGORITHM.md §9). The folder is checked as nest verify checks it first (nest adds to a
 * record only when it holds), every replacement asked for is worked out before anything is written, and the folder
 * changes as one unit: roster, waitlist and excluded after the replacements, and the record with its new entries.
 */
export const command = defineCommand({
  args: [{ name: "dir", description: "the draw's output folder", default: "nest-draw" }],
  flags: {
    declined: flag.list("--declined <id>", "a seated person (Applicant ID) who declined their place; may be given several times"),
    noReply: flag.list("--no-reply <id>", "a seated person who did not reply in time; may be given several times"),
    ineligible: flag.list("--ineligible <id>", "a seated person found not eligible after the draw; may be given several times"),
    reason: flag.string("--reason <text>", "a private note kept with this run's replacements (not published; shown in excluded.csv)"),
    input: flag.string("--input <file>", "the export, when it is no longer where the draw read it"),
    json: flag.boolean("--json", "write a JSON summary of the replacements to standard output, for scripts"),
    dryRun: flag.boolean("--dry-run", "say who would take each seat, and write nothing"),
  },
  async run([dir], options, ctx) {
    const asked: { id: string; reason: ReplacementReason; at: number }[] = [
      ...options.declined.map((v) => ({ id: v.value.trim(), reason: "DECLINED" as const, at: v.at })),
      ...options.noReply.map((v) => ({ id: v.value.trim(), reason: "NO_REPLY" as const, at: v.at })),
      ...options.ineligible.map((v) => ({ id: v.value.trim(), reason: "INELIGIBLE" as const, at: v.at })),
    ].sort((a, b) => a.at - b.at);
    if (asked.length === 0)
      throw new NestError(
        "name who gives up a seat: --declined ID, --no-reply ID or --ineligible ID (the Applicant ID in roster.csv)",
        ExitCode.input,
      );
    const note = options.reason?.trim();
    if (note !== undefined && /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/.test(note))
      throw new NestError("--reason: a note is one line of text: no tabs, line breaks or other control characters", ExitCode.input);
    const empty = asked.find((a) => a.id === "");
    if (empty !== undefined)
      throw new NestError("an empty Applicant ID was given: name each person by their Applicant ID in roster.csv", ExitCode.input);
    const twice = asked.find((a, i) => asked.findIndex((b) => b.id === a.id) !== i);
    if (twice !== undefined) throw new NestError(`${twice.id} is named twice; nothing was changed`, ExitCode.input);

    // The folder is locked from before it is read until it is written: no other nest changes it in between (a
    // second nest replace is refused until this one has finished). A run killed mid-write is finished first.
    return holdingFolder(dir!, folderFiles(CURRENT_EDITION), (recovered) => {
      sayRecovered(recovered, ctx);
      return replaceHolding(dir!, asked, note, options, ctx);
    });
  },
});

async function replaceHolding(
  dir: string,
  asked: readonly { id: string; reason: ReplacementReason }[],
  note: string | undefined,
  options: { input?: string; json: boolean; dryRun: boolean },
  ctx: CommandContext,
): Promise<number> {
  if (!(await isFolder(dir)))
    throw new NestError(`${dir}: is not a draw's folder: nest replace takes the folder nest draw wrote (nest replace DIR)`, ExitCode.input);
  return checkFolder(dir, { input: options.input, version: ctx.version }, ctx, async (checked) => {
    const { differences, redone, edition, audit } = checked;
    if (differences.length > 0 || redone === null) {
      const advice = restoreAdvice(dir, checked);
      throw new NestError(
        `${dir}: the folder does not verify, so nest will not add to its record; nothing was changed (nest verify ${dir} says more)`,
        ExitCode.input,
        { details: [...differences.slice(0, 10), ...(advice === undefined ? [] : [`what to do: ${advice}`])] },
      );
    }
    const { state, notes, noteList } = redone.replayed;
    const root = redone.root;
    const added: Replacement[] = [];
    for (const { id, reason } of asked) {
      const step = replace(state, reason, id, root, sha256);
      if (!step.ok) throw new NestError(`${whyNot(id, redone.pool.applicants) ?? step.problem}; nothing was changed`, ExitCode.input);
      added.push(step.replacement);
    }
    const newNotes: Note[] = note === undefined || note === "" ? [] : added.map((r) => ({ entry: r.entry, chain: r.chain, note }));
    for (const n of newNotes) notes.set(n.entry, n.note);
    const notesNow = [...noteList, ...newNotes];

    // Who is who, for the coordinator who calls them (standard error stays on their screen; files name IDs alone).
    const rowOf = new Map(redone.pool.applicants.map((a) => [a.id, redone.read.table.rows[a.rowIndex]!]));
    const who = (id: string) => {
      const row = rowOf.get(id);
      const said = row === undefined ? "" : whoIs(row.cells, redone.pool.columns);
      return said === "" ? id : `${id} (${said})`;
    };
    if (options.dryRun) {
      for (const r of added) ctx.writeErr(`${describeEntry(r, who)}\n`);
      ctx.writeErr("Nothing was written (--dry-run).\n");
      return ExitCode.ok;
    }
    const { files, warnings } = await writeContinued(dir, redone, edition, { state, notes, noteList: notesNow }, (name) =>
      ctx.progress.phase(`writing ${name}`),
    );
    ctx.progress.finish();
    for (const warning of warnings) ctx.writeErr(`nest: ${warning}\n`);

    const open = openPlaces(state);
    if (options.json) {
      const summary = {
        out: dir,
        algorithm: audit.algorithm,
        added: added.map((r) => ({ ...r, note: notes.get(r.entry) ?? null })),
        entries: state.entries.length,
        chain: state.entries.at(-1)!.chain,
        openPlaces: open,
        files: [
          ...files.map((f) => f.name).filter((name) => name !== "ledger.csv"),
          REPLACEMENTS_CSV,
          ...(notesNow.length === 0 ? [] : [REPLACEMENT_NOTES]),
          ...(redone.workbook ? [RESULTS_XLSX] : []),
        ].map((f) => join(dir, f)),
      };
      ctx.writeOut(`${JSON.stringify(summary, null, 2)}\n`);
    }
    for (const r of added) ctx.writeErr(`${describeEntry(r, who)}\n`);
    if (open.length > 0) {
      const total = open.reduce((n, p) => n + p.open, 0);
      ctx.writeErr(
        `${total === 1 ? "1 place" : `${total} places`} to recruit for: ${open.map((p) => `district ${p.district}, ${p.category}${p.open > 1 ? ` (${p.open})` : ""}`).join("; ")}\n`,
      );
    }
    ctx.writeErr(
      `Wrote ${join(dir, REPLACEMENTS_CSV)} (${state.entries.length === 1 ? "1 entry" : `${state.entries.length} entries`}; last Chain ${state.entries.at(-1)!.chain}: ` +
        `publish the file, or at least this hash, so that a later edit of the record shows) and the roster, waitlist and excluded list after it.\n`,
    );
    return ExitCode.ok;
  });
}

/**
 * What the draw knows of an ID that neither holds a seat nor waits: an applicant it excluded, or one written with
 * other capitals than the draw's (the rule itself knows only the seated and the waitlists).
 */
function whyNot(id: string, applicants: readonly Applicant[]): string | null {
  const same = applicants.find((a) => a.id === id);
  if (same?.exclusion) return `${id} was not in the lottery: excluded (${same.exclusion.code}); only a seated person can be replaced`;
  if (same !== undefined) return null;
  const like = applicants.find((a) => a.id.toUpperCase() === id.toUpperCase());
  return like === undefined ? null : `${id} is not an Applicant ID of this draw; did you mean ${like.id} (with its capitals)?`;
}

const SAID: Record<ReplacementReason, string> = { DECLINED: "declined", NO_REPLY: "did not reply", INELIGIBLE: "was found not eligible" };

function describeEntry(r: Replacement, who: (id: string) => string): string {
  const seat = `seat ${r.seat} of ${r.category} in district ${r.district}`;
  return r.seated === null
    ? `Entry ${r.entry}: ${who(r.vacated)} ${SAID[r.reason]}; ${seat} is unfilled: nobody on its waitlist is free`
    : `Entry ${r.entry}: ${who(r.vacated)} ${SAID[r.reason]}; ${seat} goes to ${who(r.seated)}, the first free person on its waitlist`;
}
