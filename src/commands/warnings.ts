import type { Config } from "../core/config.js";
import type { Pool } from "../pipeline/pool.js";

/**
 * Applicant IDs keyed by nest's public key (a config without applicantIdKey, the embedded default) hide nobody:
 * anyone who knows an email address could find its ID in the ledger. Said before a draw or commitment is written.
 */
export function warnAboutIds(pool: Pool, config: Config, ctx: { writeErr: (text: string) => void; randomKey: () => string }): void {
  if (!pool.pseudonymous || config.applicantIdKey !== undefined) return;
  ctx.writeErr(
    "nest: warning: the config has no applicantIdKey, so the Applicant IDs are keyed with a key everyone knows: " +
      "anyone with an applicant's email address could find them in the ledger. Before publishing anything, add to the config\n" +
      `  "applicantIdKey": "${ctx.randomKey()}"\n` +
      "(a fresh secret key; nest init writes a config with one) and run this again.\n",
  );
}
