import { existsSync } from "node:fs";
import { copyFile, mkdir, stat } from "node:fs/promises";
import { join } from "node:path";
import { CURRENT_EDITION } from "../core/edition.js";
import { ExitCode, NestError } from "../errors.js";
import { holdingFolder } from "../io/draw-folder.js";
import { sayRecovered } from "./warnings.js";
import { checkFolder } from "../pipeline/check-folder.js";
import { writeContinued } from "../pipeline/continue-draw.js";
import { folderFiles } from "../pipeline/draw.js";
import { defineCommand, flag } from "./command.js";

/**
 * nest restore: a draw's folder whose files a spreadsheet or an editor saved again (a roster opened in Excel and
 * saved; a record whose byte-order mark was dropped), or deleted, written again as nest wrote them. Only when that is
 * every difference nest verify finds: the draw redone from the export, the config and the seed matches audit.json,
 * and the record of replacements replays; so what is written is what the draw and its record already say, and
 * nothing else. The copies found are kept in the folder, in edited/.
 */
export const command = defineCommand({
  args: [{ name: "dir", description: "the draw's output folder", default: "nest-draw" }],
  flags: {
    input: flag.string("--input <file>", "the export, when it is no longer where the draw read it"),
    json: flag.boolean("--json", "write a JSON summary to standard output, for scripts"),
  },
  async run([dir], options, ctx) {
    return holdingFolder(dir!, folderFiles(CURRENT_EDITION), async (recovered) => {
      sayRecovered(recovered, ctx);
      const isFolder = await stat(dir!).then(
        (s) => s.isDirectory(),
        () => false,
      );
      if (!isFolder)
        throw new NestError(
          `${dir}: is not a draw's folder: nest restore takes the folder nest draw wrote (nest restore DIR)`,
          ExitCode.input,
        );
      return checkFolder(dir!, { input: options.input, version: ctx.version }, ctx, async (checked) => {
        const { differences, redone, restorable, edition } = checked;
        const summary = (restored: string[], kept: string | null) => {
          if (options.json) ctx.writeOut(`${JSON.stringify({ dir, restored, kept }, null, 2)}\n`);
        };
        if (differences.length === 0) {
          summary([], null);
          ctx.writeErr(`${dir}: nothing to restore: the folder verifies as it is.\n`);
          return ExitCode.ok;
        }
        if (restorable === null || redone === null)
          throw new NestError(
            `${dir}: cannot be restored: not every difference is in the bytes of nest's own files, so nest cannot tell what ` +
              `they should be (nest verify ${dir} lists them); nothing was changed`,
            ExitCode.input,
            { details: differences.slice(0, 10) },
          );
        // The copies found, kept beside nest's in the folder (edited/, edited-2/, ...), which goes along with it.
        let kept = join(dir!, "edited");
        for (let n = 2; existsSync(kept); n++) kept = join(dir!, `edited-${n}`);
        const found = restorable.filter((name) => existsSync(join(dir!, name)));
        if (found.length > 0) {
          await mkdir(kept);
          for (const name of found) await copyFile(join(dir!, name), join(kept, name));
        }
        const { state, notes, noteList } = redone.replayed;
        const { warnings } = await writeContinued(dir!, redone, edition, { state, notes, noteList }, (name) =>
          ctx.progress.phase(`writing ${name}`),
        );
        ctx.progress.finish();
        for (const warning of warnings) ctx.writeErr(`nest: ${warning}\n`);
        summary(restorable, found.length > 0 ? kept : null);
        const entries = state.entries.length;
        const them = restorable.length === 1 ? "it" : "them";
        const record = entries === 0 ? "" : `, with the ${entries === 1 ? "replacement" : `${entries} replacements`} in replacements.csv`;
        ctx.writeErr(
          `Restored ${restorable.join(", ")} in ${dir} as nest wrote ${them}: from the draw redone with the export, the config and ` +
            `the seed that audit.json records${record}.\n` +
            (found.length > 0 ? `The copies that were there are in ${kept}.\n` : ""),
        );
        return ExitCode.ok;
      });
    });
  },
});
