import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { CURRENT_EDITION } from "../core/edition.js";
import { checkChain } from "../core/replace.js";
import { ExitCode, NestError } from "../errors.js";
import { holdingFolder, isFolder } from "../io/draw-folder.js";
import { checkFolder } from "../pipeline/check-folder.js";
import { writeContinued } from "../pipeline/continue-draw.js";
import { folderFiles } from "../pipeline/draw.js";
import { defineCommand, flag } from "./command.js";
import { sayRecovered } from "./warnings.js";

/**
 * nest restore: a draw's folder whose files a spreadsheet or an editor saved again (a roster opened in Excel and
 * saved; a record whose byte-order mark was dropped), or deleted, written again as nest wrote them. Only when that is
 * every difference nest verify finds: the draw redone from the export, the config and the seed matches audit.json,
 * and the record of replacements replays, with as many entries as excluded.csv lists people replaced; so what is
 * written is what the draw and its record say, and nothing else. Where roster, waitlist or excluded also say
 * otherwise who is where (a seat changed by hand, or a record that lost entries: nest cannot tell which), only with
 * --undo-edits, each change said. The copies found are kept in the folder, in edited/.
 */
export const command = defineCommand({
  args: [{ name: "dir", description: "the draw's output folder", default: "nest-draw" }],
  flags: {
    undoEdits: flag.boolean(
      "--undo-edits",
      "also when roster, waitlist or excluded say otherwise who is where or why: put back what the draw and its record say",
    ),
    chain: flag.string("--chain <sha256>", "the last Chain of replacements.csv as published: restore only from a record that ends with it"),
    input: flag.string("--input <file>", "the export, when it is no longer where the draw read it"),
    json: flag.boolean("--json", "write a JSON summary to standard output, for scripts"),
  },
  async run([dir], options, ctx) {
    return holdingFolder(dir!, folderFiles(CURRENT_EDITION), async (recovered) => {
      sayRecovered(recovered, ctx);
      const folder = await isFolder(dir!);
      if (!folder || !existsSync(join(dir!, "audit.json")))
        throw new NestError(
          `${dir}: is not a draw's folder${folder ? " (it holds no audit.json)" : ""}: nest restore takes the folder nest draw wrote (nest restore DIR)`,
          ExitCode.input,
        );
      return checkFolder(dir!, { input: options.input, version: ctx.version }, ctx, async (checked) => {
        const { differences, redone, restorable, outcomes, edition } = checked;
        const summary = (restored: string[], kept: string | null, undone: string[]) => {
          if (options.json) ctx.writeOut(`${JSON.stringify({ dir, restored, kept, undone }, null, 2)}\n`);
        };
        const chained = redone === null ? null : checkChain(options.chain, redone.replayed.entries);
        if (chained !== null) throw new NestError(`${dir}: ${chained}; nothing was changed`, ExitCode.input);
        if (differences.length === 0) {
          summary([], null, []);
          ctx.writeErr(`${dir}: nothing to restore: the folder verifies as it is.\n`);
          return ExitCode.ok;
        }
        if (restorable === null || redone === null)
          throw new NestError(
            `${dir}: cannot be restored: nest restore writes again only what the draw and its record say, and here the draw ` +
              "or the record differs too (nest verify lists it). Put back what was changed: the export the draw read (or name " +
              "it with --input), audit.json, replacements.csv and replacements-notes.json as nest wrote them (the copies you " +
              "published or kept); nothing was changed",
            ExitCode.input,
            { details: differences.slice(0, 10) },
          );
        if (outcomes.length > 0 && !options.undoEdits)
          throw new NestError(
            `${dir}: not restored: ${restorable.join(", ")} ${restorable.length === 1 ? "says" : "say"} otherwise than the draw and ` +
              "its record who is where, or why: someone changed that, or the record lost or changed entries, and nest cannot " +
              "tell which. If the draw and its record are right (for the record: nest restore --chain with the last Chain you " +
              `published), nest restore ${dir} --undo-edits puts back what they say; nothing was changed`,
            ExitCode.input,
            { details: listed(outcomes) },
          );
        // The copies found, kept in the folder (edited/, edited-2/, ...): written with the folder that takes its place,
        // so that a run killed before it leaves none behind.
        let kept = "edited";
        for (let n = 2; existsSync(join(dir!, kept)); n++) kept = `edited-${n}`;
        const found = restorable.filter((name) => existsSync(join(dir!, name)));
        const copies = await Promise.all(found.map(async (name) => ({ name: `${kept}/${name}`, bytes: await readFile(join(dir!, name)) })));
        const { state, notes, noteList } = redone.replayed;
        const { warnings } = await writeContinued(
          dir!,
          redone,
          edition,
          { state, notes, noteList },
          (name) => ctx.progress.phase(`writing ${name}`),
          copies,
        );
        ctx.progress.finish();
        for (const warning of warnings) ctx.writeErr(`nest: ${warning}\n`);
        const keptPath = found.length > 0 ? join(dir!, kept) : null;
        summary(restorable, keptPath, outcomes);
        const entries = state.entries.length;
        const them = restorable.length === 1 ? "it" : "them";
        const record = entries === 0 ? "" : `, with the ${entries === 1 ? "replacement" : `${entries} replacements`} in replacements.csv`;
        for (const outcome of listed(outcomes)) ctx.writeErr(`Undone: ${outcome}.\n`);
        ctx.writeErr(
          `Restored ${restorable.join(", ")} in ${dir} as nest wrote ${them}: from the draw redone with the export, the config and ` +
            `the seed that audit.json records${record}.\n` +
            (keptPath !== null ? `The copies that were there are in ${keptPath}.\n` : ""),
        );
        return ExitCode.ok;
      });
    });
  },
});

/** Outcome differences as shown: every one up to a screenful, then how many more (--json has them all). */
function listed(outcomes: readonly string[]): string[] {
  const shown = 40;
  return outcomes.length <= shown
    ? [...outcomes]
    : [...outcomes.slice(0, shown), `and ${outcomes.length - shown} more (--json lists them all)`];
}
