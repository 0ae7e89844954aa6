import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { main } from "../../src/cli.js";

export const ROOT = resolve(import.meta.dirname, "../..");
export const FIXTURES = join(ROOT, "fixtures");

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** main() in-process, as the shell would call it, with captured streams. */
export async function run(
  argv: string[],
  options: {
    stdin?: string | Uint8Array;
    env?: Record<string, string>;
    seed?: string;
    key?: string;
    tty?: boolean;
    stdoutTty?: boolean;
    now?: () => number;
  } = {},
): Promise<RunResult> {
  let stdout = "";
  let stderr = "";
  const code = await main(argv, {
    stdout: (t) => void (stdout += t),
    stderr: (t) => void (stderr += t),
    readStdin: async () => (typeof options.stdin === "string" ? Buffer.from(options.stdin) : (options.stdin ?? new Uint8Array())),
    env: options.env ?? {},
    stderrIsTTY: options.tty ?? false,
    stdoutIsTTY: options.stdoutTty ?? false,
    now: options.now,
    randomSeed: options.seed === undefined ? undefined : () => options.seed!,
    randomKey: options.key === undefined ? undefined : () => options.key!,
  });
  return { code, stdout, stderr };
}

export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), "nest-test-"));
}

/** Every file in a folder, name -> content. */
export function readFolder(dir: string): Record<string, string> {
  return Object.fromEntries(
    readdirSync(dir)
      .sort()
      .map((name) => [name, readFileSync(join(dir, name), "utf8")]),
  );
}
