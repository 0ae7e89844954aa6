import { ExitCode, NestError, inputError } from "../errors.js";
import { describeFsError, readUpTo } from "./read-input.js";

/** The largest JSON file nest reads: a million applicants' audit is about 60 MB; /dev/zero is endless. */
const MAX_JSON_BYTES = 256 * 1024 * 1024;

/**
 * A JSON file nest reads (config, commitment, audit): its text and parsed value. An unreadable file or
 * invalid JSON is a NestError naming the file, and the line and column where the JSON breaks.
 * `what` names the kind of file for the message: "the config", "a commitment file".
 */
export async function readJsonFile(path: string, what: string): Promise<{ text: string; json: unknown }> {
  let text: string;
  try {
    text = Buffer.from(await readUpTo(path, MAX_JSON_BYTES, "configs, commitments and audits")).toString("utf8");
  } catch (error) {
    if (error instanceof NestError) throw error;
    throw new NestError(`${path}: ${describeFsError(error)}`, ExitCode.input, { cause: error });
  }
  try {
    return { text, json: JSON.parse(text.replace(/^\uFEFF/, "")) };
  } catch (error) {
    const position = /position (\d+)/.exec(String(error))?.[1];
    const loc = position === undefined ? {} : lineAndColumn(text, Number(position));
    const reason = (error as Error).message.replace(/ in JSON at position \d+.*$/, "");
    throw inputError({ file: path, ...loc }, `not valid JSON, so not ${what} (${reason})`, [], error);
  }
}

/** zod's issues as "path: message" lines. */
export function formatIssues(issues: readonly { path: readonly PropertyKey[]; message: string }[]): string[] {
  return issues.map((i) => `${i.path.map(String).join(".") || "(top level)"}: ${i.message}`);
}

function lineAndColumn(text: string, position: number): { line: number; column: number } {
  const before = text.slice(0, position).split("\n");
  return { line: before.length, column: before[before.length - 1]!.length + 1 };
}
