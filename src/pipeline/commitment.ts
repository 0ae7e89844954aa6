import { buildCommitment, type Commitment } from "../core/commitment.js";
import type { Config } from "../core/config.js";
import type { Edition } from "../core/edition.js";
import type { ExportRead, Pool } from "./pool.js";

/**
 * The commitment of a judged pool: what nest commit writes, and what draw --commitment, verify commitment.json and
 * verify DIR compare with the one committed (core/commitment.ts). One place, so the four read the export alike.
 */
export function commitmentOf(
  read: ExportRead,
  pool: Pool,
  config: Config,
  edition: Edition,
  configRecord: { sha256: string; effective: unknown },
): Commitment {
  return buildCommitment({
    edition,
    applicants: pool.applicants,
    config,
    input: { sha256: read.sha256, rows: read.table.rows.length },
    configRecord,
  });
}
