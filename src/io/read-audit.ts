import { existsSync } from "node:fs";
import { readFile, stat } from "node:fs/promises";
import { dirname, join } from "node:path";
import { z } from "zod";
import { ExitCode, NestError, inputError } from "../errors.js";
import { describeFsError } from "./read-input.js";
import { jsonKind } from "./json-kind.js";
import { readJsonFile } from "./read-json.js";

/**
 * The parts of audit.json that verify needs to redo a draw, in every format nest has written (docs/ALGORITHM.md
 * §6): the rest is compared as recomputed. Fields a later format adds are not required here; a format this
 * version does not know is refused by verify, saying which version made it.
 */
export const AuditSchema = z.object({
  tool: z.literal("nest"),
  format: z.string().optional(),
  version: z.string(),
  algorithm: z.string(),
  seed: z.string(),
  seedSource: z.string(),
  input: z.object({
    file: z.string(),
    path: z.string(),
    source: z.string().optional(),
    sha256: z.string(),
    bytes: z.number(),
    encoding: z.string().optional(),
    sheet: z.string().optional(),
  }),
  config: z.object({ source: z.string(), sha256: z.string(), effective: z.unknown() }),
  options: z.object({ encoding: z.string().nullable(), bom: z.boolean(), escapeFormulas: z.boolean() }),
  commitment: z.string().nullable(),
  outputs: z.record(z.string(), z.string()),
});
export type RecordedAudit = z.infer<typeof AuditSchema>;

export interface AuditFile {
  audit: RecordedAudit;
  text: string;
  path: string;
  /** The draw's folder: where roster.csv and the others are. */
  dir: string;
}

/** What nest verify was given: a draw (its folder or audit.json), or a commitment file (nest commit). */
export type VerifyTarget = ({ kind: "audit" } & AuditFile) | { kind: "commitment"; path: string };

/** A draw's folder or its audit.json; or a commitment, which verify checks against the export instead. */
export async function readVerifyTarget(target: string): Promise<VerifyTarget> {
  let path = target;
  try {
    if ((await stat(target)).isDirectory()) path = join(target, "audit.json");
  } catch (error) {
    const hint =
      (error as { code?: string }).code === "ENOENT"
        ? "; nest verify takes a draw's folder, its audit.json, or a commitment.json (nest verify DIR)"
        : "";
    throw new NestError(`${target}: ${describeFsError(error)}${hint}`, ExitCode.input, { cause: error });
  }
  const { text, json } = await readJsonFile(path, "a nest audit");
  const kind = jsonKind(json);
  if (kind.kind === "commitment" && path === target) return { kind: "commitment", path };
  if (kind.kind !== "audit") {
    throw new NestError(
      `${path}: is ${kind.description}, not an audit nest can verify: nest verify takes a draw's folder, its audit.json, or a commitment.json`,
      ExitCode.input,
    );
  }
  const parsed = AuditSchema.safeParse(json);
  if (!parsed.success) {
    const where = [...new Set(parsed.error.issues.map((i) => i.path.map(String).join(".") || "(top level)"))].slice(0, 3).join(", ");
    throw inputError({ file: path }, `is not an audit nest can verify: it is damaged or was edited (see ${where})`);
  }
  return { kind: "audit", audit: parsed.data, text, path, dir: dirname(path) };
}

/** One of a draw's files, as bytes, or null when it is not there. */
export async function readDrawFile(dir: string, name: string): Promise<Buffer | null> {
  const path = join(dir, name);
  if (!existsSync(path)) return null;
  try {
    return await readFile(path);
  } catch (error) {
    throw new NestError(`${path}: ${describeFsError(error)}`, ExitCode.input, { cause: error });
  }
}
