import { ExitCode, NestError } from "../errors.js";
import type { LoadedConfig } from "../io/config-file.js";
import type { Pool } from "../pipeline/pool.js";

/**
 * Pseudonymous Applicant IDs hide who applied only under a secret key (docs/ALGORITHM.md §2). Without one in the
 * config, they are keyed with a key everyone knows: anyone with an applicant's email address could find them in
 * the ledger or the commitment. So nest refuses to publish such IDs from a config of the coordinator's own (it
 * prints a fresh key to add), or any commitment; a trial draw with the embedded config only says so. Said before
 * anything is written.
 */
export function checkIdKey(
  pool: Pool,
  loaded: LoadedConfig,
  what: "check" | "draw" | "commit",
  ctx: { writeErr: (text: string) => void; randomKey: () => string },
): void {
  if (!pool.pseudonymous || loaded.config.applicantIdKey !== undefined) return;
  const everyone =
    "the Applicant IDs would be keyed with a key everyone knows, and anyone with an applicant's email address could find them in the public files";
  if (loaded.path !== null && what !== "check") {
    throw new NestError(
      `${loaded.path}: has no "applicantIdKey", so ${everyone}. Add this line, a fresh secret key, to ${loaded.path}, ` +
        `keep it from then on, and run this again:\n  "applicantIdKey": "${ctx.randomKey()}",`,
      ExitCode.input,
    );
  }
  if (what === "commit") {
    throw new NestError(
      `a commitment is published, and with the embedded config ${everyone}. Write a config with a secret key of its own ` +
        "(nest init), set its places, and commit with --config nest.config.json",
      ExitCode.input,
    );
  }
  ctx.writeErr(
    what === "draw"
      ? "nest: a trial draw: with the embedded config (placeholder places) the Applicant IDs are keyed with a key everyone " +
          "knows, so do not publish its ledger. For a real draw, write a config with nest init and draw with --config.\n"
      : "nest: the Applicant IDs below are keyed with a key everyone knows (the config has no applicantIdKey); they change " +
          "once it has one (nest init writes a config with one).\n",
  );
}
