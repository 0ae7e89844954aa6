import { existsSync } from "node:fs";
import { basename, dirname } from "node:path";
import { writeFile } from "node:fs/promises";
import { buildCommitmentBody } from "../core/commitment.js";
import { ExitCode, NestError } from "../errors.js";
import { formatCommitment, hashCommitment } from "../io/commitment-file.js";
import type { DateFormat } from "../core/dates.js";
import type { Encoding } from "../io/decode.js";
import { sha256 } from "../io/hash.js";
import { describeFsError } from "../io/read-input.js";
import { checkNotInput } from "../io/write-outputs.js";
import type { CommandContext } from "./context.js";
import { loadApplicants, loadConfig } from "./load.js";

export interface CommitOptions {
  input: string;
  config?: string;
  encoding?: Encoding;
  dateFormat?: DateFormat;
  out: string;
  force: boolean;
}

/**
 * nest commit: fix the pool before the seed exists. Writes the commitment file and prints its hash on
 * standard output, to publish (website, meeting minutes) before the seed is chosen.
 */
export async function runCommit(options: CommitOptions, ctx: CommandContext): Promise<number> {
  const { config } = await loadConfig(options.config, options.dateFormat);
  if (existsSync(options.out) && !options.force) {
    throw new NestError(`${options.out}: already exists; use --force to replace it`, ExitCode.input);
  }
  const { file, applicants } = await loadApplicants(options.input, config, options.encoding, ctx);
  checkNotInput(dirname(options.out), [basename(options.out)], file.path);
  const body = buildCommitmentBody(applicants, config, file.sha256, sha256(JSON.stringify(config)));
  try {
    await writeFile(options.out, formatCommitment(body), "utf8");
  } catch (error) {
    throw new NestError(`${options.out}: ${describeFsError(error)}`, ExitCode.input, { cause: error });
  }
  const hash = hashCommitment(body);
  const eligible = body.pool.reduce((n, p) => n + p.applicants.length, 0);
  ctx.writeOut(`${hash}\n`);
  ctx.writeErr(
    `Committed ${eligible} eligible applicants in ${body.pool.length} districts to ${options.out}.\n` +
      `Publish the hash above before the seed is chosen; then draw with --commitment ${options.out}.\n`,
  );
  return ExitCode.ok;
}
