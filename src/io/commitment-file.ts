import { z } from "zod";
import {
  COMMITMENT_FORMAT,
  COMMITMENT_FORMAT_2,
  commitmentText,
  type Commitment,
  type CommitmentBody,
  type CommitmentBody2,
} from "../core/commitment.js";
import { ExitCode, NestError } from "../errors.js";
import { sha256 } from "./hash.js";
import { jsonKind } from "./json-kind.js";
import { readJsonFile } from "./read-json.js";

const Pool = z.array(
  z.object({ district: z.string(), applicants: z.array(z.object({ id: z.string(), categories: z.array(z.string()) })) }),
);

export const CommitmentSchema = z.object({
  format: z.literal(COMMITMENT_FORMAT),
  algorithm: z.string(),
  input: z.object({ sha256: z.string() }),
  config: z.object({ sha256: z.string() }),
  pool: Pool,
  hash: z.string(),
});

export const CommitmentSchema2 = z.object({
  format: z.literal(COMMITMENT_FORMAT_2),
  algorithm: z.string(),
  input: z.object({ sha256: z.string(), rows: z.number() }),
  config: z.object({ sha256: z.string(), settings: z.unknown() }),
  pool: Pool,
});

/**
 * The hash that is published (docs/ALGORITHM.md §7): for nest-commitment/1, the SHA-256 of the JSON of the body; for
 * nest-commitment/2, the SHA-256 of the file's bytes as nest commit writes them (sha256sum prints the same).
 */
export function hashCommitment(body: Commitment): string {
  return body.format === COMMITMENT_FORMAT_2 ? sha256(commitmentText(body)) : sha256(JSON.stringify(body));
}

/** The file nest commit writes. */
export function formatCommitment(body: Commitment): string {
  return body.format === COMMITMENT_FORMAT_2
    ? commitmentText(body)
    : `${JSON.stringify({ ...body, hash: hashCommitment(body) }, null, 2)}\n`;
}

export interface CommitmentFile {
  commitment: Commitment;
  /** The commitment's hash: for nest-commitment/2, the SHA-256 of the file's bytes as they are. */
  hash: string;
  /**
   * Why the file is not as nest commit wrote it (a nest-commitment/2 file edited, if only in its spacing, or saved
   * with a byte-order mark), so that its hash is not the one published; null when it is as written.
   */
  edited: string | null;
}

/**
 * A commitment file: either format, any other JSON refused with one sentence that says what it is instead. A
 * nest-commitment/1 file whose content does not match its stored hash is refused (exit 1: it was altered).
 */
export async function readCommitmentFile(path: string): Promise<CommitmentFile> {
  const { text, json } = await readJsonFile(path, "a commitment file");
  const kind = jsonKind(json);
  if (kind.kind !== "commitment") {
    throw new NestError(
      `${path}: ${kind.description}, not a commitment: --commitment takes the commitment.json nest commit wrote`,
      ExitCode.input,
    );
  }
  const format = (json as { format: string }).format;
  if (format === COMMITMENT_FORMAT) {
    const parsed = CommitmentSchema.safeParse(json);
    if (!parsed.success) throw damaged(path, format, parsed.error.issues);
    const { hash, ...rest } = parsed.data;
    const body: CommitmentBody = {
      format: rest.format,
      algorithm: rest.algorithm,
      input: rest.input,
      config: rest.config,
      pool: rest.pool,
    };
    if (hashCommitment(body) !== hash) {
      throw new NestError(`${path}: the commitment was altered: its content does not match its hash ${hash}`, ExitCode.mismatch);
    }
    return { commitment: body, hash, edited: null };
  }
  if (format === COMMITMENT_FORMAT_2) {
    const parsed = CommitmentSchema2.safeParse(json);
    if (!parsed.success) throw damaged(path, format, parsed.error.issues);
    const d = parsed.data;
    const body: CommitmentBody2 = {
      format: d.format,
      algorithm: d.algorithm,
      input: { sha256: d.input.sha256, rows: d.input.rows },
      config: { sha256: d.config.sha256, settings: d.config.settings },
      pool: d.pool,
    };
    return { commitment: body, hash: sha256(text), edited: editedHow(text, commitmentText(body)) };
  }
  throw new NestError(
    `${path}: a commitment in the format "${format}", which this nest does not know (it knows ${COMMITMENT_FORMAT} and ${COMMITMENT_FORMAT_2}): ` +
      "use the version of nest that wrote it",
    ExitCode.input,
  );
}

function damaged(path: string, format: string, issues: readonly { path: readonly PropertyKey[] }[]): NestError {
  const where = [...new Set(issues.map((i) => i.path.map(String).join(".") || "(top level)"))].slice(0, 3).join(", ");
  return new NestError(
    `${path}: a ${format} file, but not as nest commit writes one (see ${where}): use the file as published`,
    ExitCode.input,
  );
}

/** How the text differs from what nest commit writes for the same content: the first line that differs. */
function editedHow(text: string, written: string): string | null {
  if (text === written) return null;
  if (text.startsWith("\uFEFF")) return "it was saved with a byte-order mark added (by a text editor?)";
  if (text.replace(/\r\n/g, "\n") === written) return "its lines end in CR LF (saved on Windows?), where nest writes LF";
  const lines = text.split("\n");
  const expected = written.split("\n");
  const i = lines.findIndex((l, n) => l !== expected[n]);
  const line = i === -1 ? expected.length : i + 1;
  return lines.join("").replace(/\s/g, "") === expected.join("").replace(/\s/g, "")
    ? `its spacing was changed (line ${line} is not as nest commit writes it)`
    : `line ${line} is not as nest commit writes it`;
}
