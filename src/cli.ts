import { randomInt } from "node:crypto";
import { readFileSync } from "node:fs";
import type { CommanderError as CommanderErrorType } from "commander";
import type { CommandContext } from "./commands/context.js";
import type { DateFormat } from "./core/dates.js";
import { ExitCode, NestError } from "./errors.js";
import { ENCODINGS, type Encoding } from "./io/decode.js";
import { MAX_INPUT_BYTES } from "./io/read-input.js";
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
  /** Tests pass a fixed seed source; the default is the OS's secure random source. */
  randomSeed?: () => string;
  /** Milliseconds, for the progress line; tests pass a fake clock. */
  now?: () => number;
}

// Commands are imported when they run, so `--help` loads commander and nothing else, and a lone
// `--version` not even commander (start-up time, issue #5).
const STDOUT_CHOICES = ["roster", "waitlist", "excluded", "ledger"] as const;

export const VERSION: string = (JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version: string })
  .version;

/** 20 decimal digits from the OS's secure random source, like 20 ten-sided dice. */
export function secureRandomSeed(): string {
  return Array.from({ length: 20 }, () => randomInt(10)).join("");
}

export function useColor(flag: boolean, env: Record<string, string | undefined>, isTTY: boolean): boolean {
  if (!flag) return false;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== "") return false;
  if (env.FORCE_COLOR !== undefined) return env.FORCE_COLOR !== "0" && env.FORCE_COLOR !== "false";
  return isTTY;
}

/** From an export of this many bytes (8 MiB, about 40,000 applicants), a run has a second thread (io/threads.ts). */
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

  const context = (): CommandContext => ({
    writeOut: io.stdout,
    writeErr: io.stderr,
    readStdin: io.readStdin,
    color: useColor(program.opts<{ color: boolean }>().color, io.env, io.stderrIsTTY),
    randomSeed: io.randomSeed ?? secureRandomSeed,
    version: VERSION,
    progress: io.stderrIsTTY ? createProgress(io.stderr, io.now ?? (() => performance.now())) : SILENT,
    parallelBytes: parallelBytes(io.env.NEST_PARALLEL_BYTES),
  });
  // Options several commands share, added and read in one place each.
  const withInputOptions = (command: InstanceType<typeof Command>) =>
    command
      .addOption(new Option("--config <file>", "a config file (nest init writes one); default: NEST 2018"))
      .addOption(new Option("--encoding <name>", "the export's encoding when it has no BOM").choices(ENCODINGS))
      .addOption(
        new Option("--date-format <order>", "how dates with slashes are written: mdy (6/14/2000, the default) or dmy (14/6/2000)").choices([
          "mdy",
          "dmy",
        ]),
      );
  const inputOptions = (o: Record<string, unknown>) => ({
    config: o.config as string | undefined,
    encoding: o.encoding as Encoding | undefined,
    dateFormat: o.dateFormat as DateFormat | undefined,
  });
  const withCsvOptions = (command: InstanceType<typeof Command>) =>
    command
      .option("--no-bom", "write CSV without the UTF-8 byte-order mark")
      .option("--no-formula-escape", "do not neutralise cells a spreadsheet would run as formulas (for tools that are not spreadsheets)");
  const csvOptions = (o: Record<string, unknown>) => ({ bom: o.bom !== false, escapeFormulas: o.formulaEscape !== false });

  const draw = program
    .command("draw")
    .description("check the applicants and draw the lottery; write roster, waitlist, excluded list, ledger and audit")
    .argument("<applicants.csv>", "the form's CSV export, or - for standard input")
    .option("--seed <seed>", "any string: a number, dice rolls, a beacon value (default: a fresh secure random seed)")
    .option("--seed-source <text>", 'where the seed came from, for the audit ("dice rolled at the June 14 meeting")')
    .option("--commitment <file>", "refuse to draw unless the pool is the one committed in this file (nest commit)")
    .option("--out <dir>", "output folder", "nest-draw")
    .option("--force", "replace an earlier draw in the output folder", false)
    .addOption(new Option("--stdout <file>", "also write this CSV to standard output").choices(STDOUT_CHOICES));
  withCsvOptions(withInputOptions(draw)).action(async (input: string, o: Record<string, unknown>) => {
    exitCode = await (
      await import("./commands/draw.js")
    ).runDraw(
      {
        input,
        seed: o.seed as string | undefined,
        seedSource: o.seedSource as string | undefined,
        commitment: o.commitment as string | undefined,
        out: o.out as string,
        force: o.force === true,
        stdout: o.stdout as (typeof STDOUT_CHOICES)[number] | undefined,
        ...inputOptions(o),
        ...csvOptions(o),
      },
      context(),
    );
  });

  const check = program
    .command("check")
    .description("check the applicants without a draw: problems to standard output, counts to standard error")
    .argument("<applicants.csv>", "the form's CSV export, or - for standard input")
    .option("--json", "write the report as JSON instead of CSV", false);
  withCsvOptions(withInputOptions(check)).action(async (input: string, o: Record<string, unknown>) => {
    exitCode = await (
      await import("./commands/check.js")
    ).runCheck(
      {
        input,
        json: o.json === true,
        ...inputOptions(o),
        ...csvOptions(o),
      },
      context(),
    );
  });

  const commit = program
    .command("commit")
    .description("fix the pool before the seed exists: write a commitment and print its hash to publish")
    .argument("<applicants.csv>", "the form's CSV export, or - for standard input")
    .option("--out <file>", "where to write the commitment", "commitment.json")
    .option("--force", "replace an existing commitment file", false);
  withInputOptions(commit).action(async (input: string, o: Record<string, unknown>) => {
    exitCode = await (
      await import("./commands/commit.js")
    ).runCommit(
      {
        input,
        out: o.out as string,
        force: o.force === true,
        ...inputOptions(o),
      },
      context(),
    );
  });

  program
    .command("verify")
    .description("redo a draw from its export, config and seed, and check every file; or check a public ledger with --ledger")
    .argument("[dir]", "the draw's output folder, or its audit.json", "nest-draw")
    .option("--input <file>", "the export, when it is no longer where the draw read it")
    .option("--ledger <file>", "check a public ledger alone: recompute every lottery number and outcome (needs --seed)")
    .option("--seed <seed>", "the draw's seed, with --ledger")
    .option("--no-formula-escape", "the ledger was written with --no-formula-escape")
    .action(async (target: string, o: Record<string, unknown>) => {
      exitCode = await (
        await import("./commands/verify.js")
      ).runVerify(
        {
          target,
          input: o.input as string | undefined,
          ledger: o.ledger as string | undefined,
          seed: o.seed as string | undefined,
          escapeFormulas: o.formulaEscape !== false,
        },
        context(),
      );
    });

  program
    .command("init")
    .description("write the default config (NEST 2018) to a file for editing")
    .argument("[file]", "where to write it", "nest.config.json")
    .option("--force", "overwrite the file", false)
    .action(async (file: string, o: { force: boolean }) => {
      exitCode = await (await import("./commands/init.js")).runInit({ path: file, force: o.force }, context());
    });

  try {
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
    io.stderr(`nest: ${error.message}\n`);
    for (const detail of error.details) io.stderr(`  - ${detail}\n`);
    return error.exitCode;
  }
  const stack = error instanceof Error ? (error.stack ?? error.message) : String(error);
  io.stderr(`nest: internal error. This is a bug in nest; please report it with the command you ran.\n${stack}\n`);
  return ExitCode.bug;
}

/** bin/nest.js: wire main() to the real process. Sets exitCode, never calls process.exit(). */
export async function runFromProcess(): Promise<void> {
  process.stdout.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code === "EPIPE") process.exitCode ??= 0; // the reader went away (| head): not our error
  });
  process.exitCode = await main(process.argv.slice(2), {
    stdout: (text) => void process.stdout.write(text),
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
  });
}
