import { randomBytes, randomInt } from "node:crypto";
import { fstatSync, readFileSync } from "node:fs";
import type { CommanderError as CommanderErrorType } from "commander";
import type { CommandContext } from "./commands/context.js";
import { COMMANDS } from "./commands/index.js";
import { ExitCode, NestError } from "./errors.js";
import { MAX_INPUT_BYTES } from "./io/read-input.js";
import type { FileIdentity } from "./io/write-outputs.js";
import { createProgress, SILENT } from "./render/progress.js";

/**
 * The shell: flags -> options, errors -> exit codes. The only module that reads argv, the
 * environment and the process's streams (through runFromProcess); main() runs in-process in tests.
 */

export interface CliIO {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  readStdin: () => Promise<Uint8Array>;
  env: Record<string, string | undefined>;
  stderrIsTTY: boolean;
  /** Whether standard output is a terminal: data shown there is made safe for it (never what is piped). */
  stdoutIsTTY?: boolean;
  /** Tests pass a fixed seed source; the default is the OS's secure random source. */
  randomSeed?: () => string;
  /** Tests pass a fixed key source (nest init's applicantIdKey); the default is the OS's secure random source. */
  randomKey?: () => string;
  /** The file standard input comes from, when it is one (so that nest never writes over it). */
  stdinFile?: () => FileIdentity | null;
  /** Milliseconds, for the progress line; tests pass a fake clock. */
  now?: () => number;
}

// Commands are imported when they run, so `--help` loads commander and nothing else, and a lone
// `--version` not even commander (start-up time, issue #5).

export const VERSION: string = (JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version: string })
  .version;

/** 20 decimal digits from the OS's secure random source, like 20 ten-sided dice. */
export function secureRandomSeed(): string {
  return Array.from({ length: 20 }, () => randomInt(10)).join("");
}

/** 32 hexadecimal digits (128 bits) from the OS's secure random source: a config's applicantIdKey. */
export function secureRandomKey(): string {
  return randomBytes(16).toString("hex");
}

/**
 * Text for people, safe for a terminal: control characters from the data (a name, an ID, a cell, a file name could
 * hold an escape sequence that moves the cursor, rewrites a line or sets the window's title) are shown as \u001b
 * and the like; only line breaks (LF, and CR LF as the CSV files end their lines) and tabs stay, and with colour
 * on, nest's own colour codes (SGR).
 */
export function forTerminal(text: string, colour: boolean): string {
  return text.replace(
    colour ? /\r\n|\u001b\[[0-9;]*m|[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g : /\r\n|[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g,
    (found) => (found.length > 1 ? found : `\\u${found.charCodeAt(0).toString(16).padStart(4, "0")}`),
  );
}

export function useColor(flag: boolean, env: Record<string, string | undefined>, isTTY: boolean): boolean {
  if (!flag) return false;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== "") return false;
  if (env.FORCE_COLOR !== undefined) return env.FORCE_COLOR !== "0" && env.FORCE_COLOR !== "false";
  return isTTY;
}

/** From an export of this many bytes (8 MiB, about 40,000 applicants), a run has a second thread (io/engine). */
export const PARALLEL_BYTES = 8 * 1024 * 1024;

/**
 * NEST_PARALLEL_BYTES: from how big an export a run has a second thread (default PARALLEL_BYTES, where the
 * thread's start-up is small beside the work). For tests and benchmarks; a positive integer.
 */
export function parallelBytes(value: string | undefined): number {
  return value !== undefined && /^[1-9]\d*$/.test(value) ? Number(value) : PARALLEL_BYTES;
}

export async function main(argv: readonly string[], io: CliIO): Promise<number> {
  if (argv.length === 1 && (argv[0] === "--version" || argv[0] === "-V")) {
    io.stdout(`${VERSION}\n`);
    return ExitCode.ok;
  }
  const { Command, CommanderError, Option } = await import("commander");
  let exitCode: number = ExitCode.ok;
  const program = new Command("nest")
    .description("Reproducible, auditable civic lotteries: from a form export to a roster, a waitlist and an audit log.")
    .version(VERSION, "-V, --version")
    .option("--no-color", "no colour on standard error")
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr, outputError: (text, write) => write(text) })
    .showHelpAfterError("(run nest --help for usage)");

  const context = (): CommandContext => {
    const color = useColor(program.opts<{ color: boolean }>().color, io.env, io.stderrIsTTY);
    return {
      writeOut: io.stdoutIsTTY === true ? (text) => io.stdout(forTerminal(text, false)) : io.stdout,
      writeErr: (text) => io.stderr(forTerminal(text, color)),
      readStdin: io.readStdin,
      color,
      randomSeed: io.randomSeed ?? secureRandomSeed,
      randomKey: io.randomKey ?? secureRandomKey,
      stdinFile: io.stdinFile ?? (() => null),
      version: VERSION,
      progress: io.stderrIsTTY ? createProgress(io.stderr, io.now ?? (() => performance.now())) : SILENT,
      parallelBytes: parallelBytes(io.env.NEST_PARALLEL_BYTES),
    };
  };

  try {
    // Only the command that runs is loaded, with its flags (commands/index.ts); the others are listed for help.
    const named = argv.find((a) => !a.startsWith("-"));
    const wanted = named === "help" ? argv[argv.indexOf("help") + 1] : named;
    for (const entry of COMMANDS) {
      const command = program.command(entry.name).description(entry.summary);
      if (entry.name !== wanted) continue;
      const spec = (await entry.load()).command;
      for (const arg of spec.args)
        command.argument(arg.default === undefined ? `<${arg.name}>` : `[${arg.name}]`, arg.description, arg.default);
      const options = Object.entries(spec.flags).map(([key, flag]) => {
        const option = new Option(flag.flags, flag.description);
        if (flag.choices !== undefined) option.choices(flag.choices);
        if (flag.parse !== undefined) option.argParser(flag.parse);
        if (flag.default !== undefined) option.default(flag.default);
        command.addOption(option);
        return { key, flag, attribute: option.attributeName() };
      });
      command.action(async (...given: unknown[]) => {
        const args = given.slice(0, spec.args.length) as string[];
        const parsed = given[spec.args.length] as Record<string, unknown>;
        const values = Object.fromEntries(options.map(({ key, flag, attribute }) => [key, flag.read(parsed[attribute])]));
        exitCode = await spec.run(args, values, context());
      });
    }
    await program.parseAsync([...argv], { from: "user" });
    return exitCode;
  } catch (error) {
    return reportError(error, io, CommanderError);
  }
}

function reportError(error: unknown, io: CliIO, commanderError: typeof CommanderErrorType): number {
  if (error instanceof commanderError) {
    // Help and --version are not errors; everything else commander rejects is a usage error.
    if (error.code === "commander.helpDisplayed" || error.code === "commander.version" || error.exitCode === 0) return ExitCode.ok;
    return ExitCode.input;
  }
  if (error instanceof NestError) {
    io.stderr(forTerminal(`nest: ${error.message}\n`, false));
    for (const detail of error.details) io.stderr(forTerminal(`  - ${detail}\n`, false));
    return error.exitCode;
  }
  const stack = error instanceof Error ? (error.stack ?? error.message) : String(error);
  io.stderr(`nest: internal error. This is a bug in nest; please report it with the command you ran.\n${stack}\n`);
  return ExitCode.bug;
}

/** bin/nest.js: wire main() to the real process. Sets exitCode, never calls process.exit(). */
export async function runFromProcess(): Promise<void> {
  // nest reads no clock and no local time, and its own readers never use `new Date(string)`; should a library ever
  // read a date in the machine's zone, in UTC it reads the same on every machine (test/commands/xlsx.test.ts).
  process.env.TZ = "UTC";
  // A reader that went away (| head) is not our error; any other failure to write standard output (a full disk, a
  // closed descriptor) is: what the user pipes on would be cut short.
  let unwritten: NodeJS.ErrnoException | null = null;
  const failed = (error: NodeJS.ErrnoException | null | undefined) => {
    if (error && error.code !== "EPIPE") unwritten ??= error;
  };
  process.stdout.on("error", failed);
  const code = await main(process.argv.slice(2), {
    stdout: (text) => void process.stdout.write(text, failed),
    stderr: (text) => void process.stderr.write(text),
    readStdin: async () => {
      // Stop reading once past the limit: the caller refuses it with a message, memory stays bounded.
      const chunks: Buffer[] = [];
      let size = 0;
      for await (const chunk of process.stdin) {
        chunks.push(chunk as Buffer);
        size += (chunk as Buffer).length;
        if (size > MAX_INPUT_BYTES) break;
      }
      return Buffer.concat(chunks);
    },
    env: process.env,
    stderrIsTTY: process.stderr.isTTY === true,
    stdoutIsTTY: process.stdout.isTTY === true,
    stdinFile: () => {
      try {
        const { dev, ino } = fstatSync(0);
        return { dev, ino };
      } catch {
        return null;
      }
    },
  });
  await new Promise<void>((resolve) => process.stdout.write("", (error) => (failed(error), resolve())));
  if (unwritten !== null) {
    const { describeFsError } = await import("./io/read-input.js");
    process.stderr.write(`nest: could not write to standard output: ${describeFsError(unwritten)}; what was written there is cut short\n`);
    process.exitCode = code === ExitCode.ok ? ExitCode.input : code;
  } else process.exitCode = code;
}
