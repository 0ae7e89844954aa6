import { basename, dirname } from "node:path";
import { commitmentOf } from "../pipeline/commitment.js";
import { COMMITMENT_FORMAT_2 } from "../core/commitment.js";
import { CURRENT_EDITION } from "../core/edition.js";
import { ExitCode, NestError } from "../errors.js";
import { formatCommitment, hashCommitment } from "../io/commitment-file.js";
import { checkNotInput, exists, writeNewFile } from "../io/write-outputs.js";
import { dateOrderChosen, loadConfig, recordConfig } from "../pipeline/config.js";
import { usingExport } from "../pipeline/pool.js";
import { defineCommand, flag } from "./command.js";
import { inputFlags } from "./flags.js";
import { checkIdKey } from "./id-key.js";
import { describeSheet, warnOfInput } from "./warnings.js";

/**
 * nest commit: fix the pool before the seed exists. Writes the commitment file and prints its hash on standard
 * output, to publish (website, meeting minutes) before the seed is chosen.
 */
export const command = defineCommand({
  args: [{ name: "applicants.csv", description: "the form's export (CSV, or an Excel .xlsx workbook), or - for standard input" }],
  flags: {
    out: flag.stringOr("--out <file>", "where to write the commitment", "commitment.json"),
    force: flag.boolean("--force", "replace an existing commitment file"),
    ...inputFlags,
  },
  async run([input], options, ctx) {
    const loaded = await loadConfig(options.config, options.dateFormat);
    const config = loaded.config;
    const edition = CURRENT_EDITION;
    const body = await usingExport({ input: input!, encoding: options.encoding, sheet: options.sheet }, ctx, async (read) => {
      const pool = await read.judge({ config, edition, seed: null, dateOrderChosen: dateOrderChosen(loaded, options.dateFormat) });
      checkNotInput(dirname(options.out), [basename(options.out)], read.path, read.path === null ? ctx.stdinFile() : null);
      checkIdKey(pool, loaded, "commit", ctx);
      // A workbook of several sheets: which one was read, so that a draw from the wrong one is seen before it is used.
      if (read.workbook !== undefined && read.workbook.sheets.length > 1) ctx.writeErr(`nest: ${describeSheet(read.workbook)}\n`);
      warnOfInput(loaded, read.table, pool, ctx);
      // After the pool is judged: what is wrong with the export or the config comes before a commitment in the way.
      if (exists(options.out) && !options.force) {
        throw new NestError(`${options.out}: already exists; use --force to replace it`, ExitCode.input);
      }
      return commitmentOf(read, pool, config, edition, recordConfig(loaded, edition));
    });
    await writeNewFile(options.out, formatCommitment(body), options.force, "a commitment");
    const eligible = body.pool.reduce((n, p) => n + p.applicants.length, 0);
    ctx.writeOut(`${hashCommitment(body)}\n`);
    const checked =
      body.format === COMMITMENT_FORMAT_2
        ? `\nThe hash is the SHA-256 of ${options.out} as written (sha256sum ${options.out} prints it): publish the file unchanged, ` +
          "not re-saved or re-indented."
        : "";
    ctx.writeErr(
      `Committed ${eligible} eligible applicants in ${body.pool.length} districts to ${options.out}.\n` +
        `Publish the hash above before the seed is chosen; then draw with --commitment ${options.out}.${checked}\n`,
    );
    return ExitCode.ok;
  },
});
