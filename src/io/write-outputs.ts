import { randomBytes } from "node:crypto";
import { existsSync, realpathSync } from "node:fs";
import { mkdir, rename, rm, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { ExitCode, NestError } from "../errors.js";
import { describeFsError } from "./read-input.js";

/**
 * Writing a draw's files safely: nothing is written until everything is computed; each file goes
 * to a temporary folder first and is renamed into place (audit.json last), so an interrupted run
 * never leaves half a roster; an earlier draw is replaced only with --force; never the input.
 */

export function findExistingOutputs(dir: string, names: readonly string[]): string[] {
  return names.filter((name) => existsSync(join(dir, name)));
}

export function checkNotInput(dir: string, names: readonly string[], inputPath: string | null): void {
  if (inputPath === null) return;
  let input: string;
  try {
    input = realpathSync(inputPath);
  } catch {
    return;
  }
  for (const name of names) {
    const target = resolve(dir, name);
    let real = target;
    try {
      real = realpathSync(target);
    } catch {
      // does not exist yet
    }
    if (real === input) {
      throw new NestError(
        `${target}: this is the input file; nest never writes over its input. Choose another --out folder`,
        ExitCode.input,
      );
    }
  }
}

/** Files are written in the order given; put the audit last. */
export async function writeOutputs(dir: string, files: readonly (readonly [name: string, content: string])[]): Promise<void> {
  const tmp = join(dir, `.nest-tmp-${randomBytes(6).toString("hex")}`);
  try {
    await mkdir(tmp, { recursive: true });
    for (const [name, content] of files) await writeFile(join(tmp, name), content, "utf8");
    for (const [name] of files) await rename(join(tmp, name), join(dir, name));
  } catch (error) {
    throw new NestError(`${dir}: could not write the draw: ${describeFsError(error)}`, ExitCode.input, { cause: error });
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}
