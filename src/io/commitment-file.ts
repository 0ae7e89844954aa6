import { z } from "zod";
import { COMMITMENT_FORMAT, type CommitmentBody } from "../core/commitment.js";
import { ExitCode, NestError, inputError } from "../errors.js";
import { sha256 } from "./hash.js";
import { formatIssues, readJsonFile } from "./read-json.js";

export const CommitmentSchema = z.object({
  format: z.literal(COMMITMENT_FORMAT),
  algorithm: z.string(),
  input: z.object({ sha256: z.string() }),
  config: z.object({ sha256: z.string() }),
  pool: z.array(z.object({ district: z.string(), applicants: z.array(z.object({ id: z.string(), categories: z.array(z.string()) })) })),
  hash: z.string(),
});

/** The hash that is published: SHA-256 of the JSON of the body (docs/ALGORITHM.md §7). */
export function hashCommitment(body: CommitmentBody): string {
  return sha256(JSON.stringify(body));
}

export function formatCommitment(body: CommitmentBody): string {
  return `${JSON.stringify({ ...body, hash: hashCommitment(body) }, null, 2)}\n`;
}

export async function readCommitmentFile(path: string): Promise<{ body: CommitmentBody; hash: string }> {
  const { json } = await readJsonFile(path, "a commitment file");
  const parsed = CommitmentSchema.safeParse(json);
  if (!parsed.success) throw inputError({ file: path }, "not a nest commitment file", formatIssues(parsed.error.issues));
  const { hash, ...rest } = parsed.data;
  const body: CommitmentBody = { format: rest.format, algorithm: rest.algorithm, input: rest.input, config: rest.config, pool: rest.pool };
  if (hashCommitment(body) !== hash) {
    throw new NestError(`${path}: the commitment was altered: its content does not match its hash ${hash}`, ExitCode.mismatch);
  }
  return { body, hash };
}
