import type { Config } from "./config.js";
import type { Applicant } from "./applicant.js";
import { compareCodeUnits } from "./text.js";

/**
 * What is published before the seed exists: the export's and the config's hashes and the pool, each
 * district's eligible Applicant IDs (pseudonymous) with their categories in order of preference.
 * Its hash (SHA-256 of the JSON of everything but the hash, see docs/ALGORITHM.md §7) is computed by
 * the caller, so core stays free of crypto.
 */

export const COMMITMENT_FORMAT = "nest-commitment/1";

export interface CommitmentBody {
  format: typeof COMMITMENT_FORMAT;
  algorithm: string;
  input: { sha256: string };
  config: { sha256: string };
  pool: { district: string; applicants: { id: string; categories: string[] }[] }[];
}

export function buildCommitmentBody(
  algorithm: string,
  applicants: readonly Applicant[],
  config: Config,
  inputSha256: string,
  configSha256: string,
): CommitmentBody {
  return {
    format: COMMITMENT_FORMAT,
    algorithm,
    input: { sha256: inputSha256 },
    config: { sha256: configSha256 },
    pool: config.districts.map((d) => ({
      district: d.id,
      applicants: applicants
        .filter((a) => a.exclusion === null && a.districtId === d.id)
        .map((a) => ({ id: a.id, categories: [...a.categories] }))
        .sort((x, y) => compareCodeUnits(x.id, y.id)),
    })),
  };
}

/**
 * What differs between a committed pool and the pool now, in sentences; none only when the two are the same, key
 * for key and in the same order (what the commitment's hash is of: nest verify checks the same).
 */
export function compareCommitments(committed: CommitmentBody, now: CommitmentBody): string[] {
  const differences: string[] = [];
  if (committed.algorithm !== now.algorithm)
    differences.push(`the commitment is for algorithm ${committed.algorithm}, this draw uses ${now.algorithm}`);
  if (committed.input.sha256 !== now.input.sha256)
    differences.push(`the export changed since the commitment (SHA-256 ${now.input.sha256}, committed ${committed.input.sha256})`);
  if (committed.config.sha256 !== now.config.sha256)
    differences.push(
      `the config changed since the commitment (SHA-256 ${now.config.sha256}, committed ${committed.config.sha256}): ` +
        "draw with the config file the pool was committed with (the same --config)",
    );
  const districts = new Set([...committed.pool, ...now.pool].map((p) => p.district));
  for (const district of districts) {
    const before = new Map(
      (committed.pool.find((p) => p.district === district)?.applicants ?? []).map((a) => [a.id, a.categories.join(" > ")]),
    );
    const after = new Map((now.pool.find((p) => p.district === district)?.applicants ?? []).map((a) => [a.id, a.categories.join(" > ")]));
    const added = [...after.keys()].filter((id) => !before.has(id));
    const removed = [...before.keys()].filter((id) => !after.has(id));
    const changed = [...after.keys()].filter((id) => before.has(id) && before.get(id) !== after.get(id));
    if (added.length) differences.push(`district ${district}: not in the committed pool: ${added.join(", ")}`);
    if (removed.length) differences.push(`district ${district}: committed but no longer in the pool: ${removed.join(", ")}`);
    if (changed.length) differences.push(`district ${district}: categories changed for ${changed.join(", ")}`);
  }
  // The same people, written otherwise: nest commit never writes a pool so, and the hash is of what is written.
  if (differences.length === 0 && JSON.stringify(committed) !== JSON.stringify(now)) {
    differences.push("the committed pool lists the same applicants otherwise than nest commit writes them (order, repeats or districts)");
  }
  return differences;
}
