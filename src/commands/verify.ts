import { existsSync } from "node:fs";
import { commitmentOf } from "../pipeline/commitment.js";
import { commitmentAdvice, compareCommitments, COMMITMENT_FORMAT, COMMITMENT_FORMAT_2, type Commitment } from "../core/commitment.js";
import { validateConfig, type Config } from "../core/config.js";
import { checkSeed } from "../core/draw.js";
import { auditedFiles, EDITIONS, editionOf, formulaGuardOf, KNOWN_ALGORITHMS } from "../core/edition.js";
import { checkLedger } from "../core/ledger.js";
import { checkChain, groupsFromLedger, ledgerRootText, REPLACE_RULE, replayReplacements, type Replacement } from "../core/replace.js";
import { ExitCode, NestError } from "../errors.js";
import { readCommitmentFile } from "../io/commitment-file.js";
import { ENCODINGS, type Encoding } from "../io/decode.js";
import { restoreFormula } from "../io/format-csv.js";
import { readVerifyTarget } from "../io/read-audit.js";
import { folderOfTarget, interruptedCopies, watchFolder } from "../io/draw-folder.js";
import { loadConfig, recordConfig } from "../pipeline/config.js";
import { sha256, sha256Of } from "../io/hash.js";
import { MAX_INPUT_BYTES, readUpTo } from "../io/read-input.js";
import { notCsv, parseReplacements, REPLACEMENT_NOTES, REPLACEMENTS_CSV } from "../io/replacements-file.js";
import { RESULTS_XLSX } from "../io/results-xlsx.js";
import { checkFolder, restoreAdvice } from "../pipeline/check-folder.js";
import { usingExport } from "../pipeline/pool.js";
import { defineCommand, flag } from "./command.js";
import type { CommandContext } from "./context.js";

/**
 * nest verify: redo the draw from the export, the recorded config and the seed, and compare every file the audit
 * lists. Exit 0 "verified"; 1 with every difference named; 2 when the draw cannot be redone (unusable input, or
 * a draw this version cannot redo). Every draw made by an earlier version verifies: the audit's algorithm picks
 * the edition to redo it with (core/edition.ts), and its recorded config is used as recorded.
 */
export const command = defineCommand({
  args: [
    { name: "dir", description: "the draw's output folder, or its audit.json; or a commitment.json (nest commit)", default: "nest-draw" },
  ],
  flags: {
    input: flag.string(
      "--input <file>",
      "the export, when it is no longer where the draw read it; with a commitment, the export committed",
    ),
    ledger: flag.string("--ledger <file>", "check a public ledger alone: recompute every lottery number and outcome (needs --seed)"),
    seed: flag.string("--seed <seed>", "the draw's seed: needed with --ledger; with a folder, checked against the recorded one"),
    replacements: flag.string(
      "--replacements <file>",
      "with --ledger: also replay the public record of replacements since the draw (replacements.csv)",
    ),
    escapeFormulas: flag.negatable("--no-formula-escape", "the ledger was written with --no-formula-escape"),
    json: flag.boolean("--json", "also write the verdict as JSON to standard output, for scripts"),
    chain: flag.string(
      "--chain <sha256>",
      "the last Chain of the replacements, as published: the record must end with it (an entry removed from the end, or a record re-chained, shows)",
    ),
    config: flag.string("--config <file>", "with a commitment: the config it was made with (needed when the config has an applicantIdKey)"),
    hash: flag.string("--hash <sha256>", "with a commitment: the hash that was published, checked against the file's"),
    encoding: flag.choice<Encoding>("--encoding <name>", "with a commitment: the export's encoding when it has no BOM", ENCODINGS),
    sheet: flag.string("--sheet <name>", "with a commitment: the sheet of an Excel workbook the pool was committed from"),
  },
  async run([target], options, given) {
    const ctx: VerifyContext = { ...given, json: options.json };
    if (options.chain !== undefined && options.ledger !== undefined && options.replacements === undefined)
      throw new NestError("--chain is the last Chain of replacements.csv: give the record too, --replacements FILE", ExitCode.input);
    if (options.ledger !== undefined)
      return verifyLedger(options.ledger, options.seed, options.replacements, options.chain, options.escapeFormulas, ctx);
    if (!existsSync(target!)) {
      const copies = await interruptedCopies(target!);
      if (copies.length > 0)
        throw new NestError(
          `${target}: is missing, and a nest run that was writing it was interrupted: the folder is kept beside it (${copies.join(", ")}). ` +
            `nest replace ${target} puts it back (it finishes the run first), or rename the copy to ${target}`,
          ExitCode.input,
        );
    }
    if (options.replacements !== undefined)
      throw new NestError(
        "--replacements goes with --ledger (an observer's check from public files); a draw's folder is checked with the replacements.csv in it",
        ExitCode.input,
      );
    // verify takes no lock (an observer may check a folder they cannot write): a folder another nest is writing
    // is refused, and a check that fails because a run swapped the folder meanwhile is said to be that.
    const folder = await folderOfTarget(target!);
    const watch = await watchFolder(folder);
    const busy = (writer: string) =>
      new NestError(
        `${folder}: another nest (${writer}) is writing this folder; run nest verify again once it has finished`,
        ExitCode.input,
      );
    if (watch.writer !== null) throw busy(watch.writer);
    return verifyFolder(target!, options, ctx, watch.changed).catch(async (error: unknown) => {
      if (error instanceof NestError && error.exitCode === ExitCode.input && (await watch.changed())) throw changedWhileRead(folder);
      throw error;
    });
  },
});

async function verifyFolder(
  target: string,
  options: CommitmentOptions & { chain?: string },
  ctx: VerifyContext,
  changed: () => Promise<boolean>,
): Promise<number> {
  const found = await readVerifyTarget(target);
  if (found.kind === "commitment") return verifyCommitment(found.path, options, ctx);
  for (const [name, value] of [
    ["--config", options.config],
    ["--hash", options.hash],
    ["--encoding", options.encoding],
    ["--sheet", options.sheet],
  ])
    if (value !== undefined)
      throw new NestError(
        `${name} is for checking a commitment (nest verify commitment.json); a draw is verified with what its audit records`,
        ExitCode.input,
      );
  return checkFolder(found, { input: options.input, seed: options.seed, version: ctx.version }, ctx, async (checked) => {
    const { audit, edition, dir, differences, redone } = checked;
    if (differences.length > 0 || redone === null) {
      if (await changed()) throw changedWhileRead(found.dir);
      return fail(differences, ctx, restoreAdvice(dir, checked));
    }
    const { result, replayed, workbook } = redone;
    const entries = replayed.entries;
    const chained = checkChain(options.chain, entries);
    if (chained !== null) return fail([chained], ctx);
    verdictJson(ctx, { verified: true, what: dir, algorithm: audit.algorithm, differences: [], ...replacementsJson(entries) });
    const record = entries.length === 0 ? [] : [REPLACEMENTS_CSV, ...(replayed.noteList.length === 0 ? [] : [REPLACEMENT_NOTES])];
    ctx.writeErr(
      `verified: ${audit.algorithm} draw of ${result.counts.records} applicants (${result.counts.seated} seated) with seed ${JSON.stringify(audit.seed)}; ` +
        `the export, config, ${[...auditedFiles(edition), "audit.json", ...record, ...(workbook ? [RESULTS_XLSX] : [])].join(", ")} all match${checked.seedNote}\n`,
    );
    if (entries.length > 0)
      ctx.writeErr(
        `  ${entries.length === 1 ? "1 replacement" : `${entries.length} replacements`} since the draw replayed by ${REPLACE_RULE} (last Chain ${entries.at(-1)!.chain}); ` +
          "roster, waitlist and excluded are the state after them\n",
      );
    // These are recorded, not recomputed: say them, so a reader sees what they are taking on trust.
    ctx.writeErr(
      `  as recorded: made by nest ${audit.version}; export ${audit.input.file}, read from ${audit.input.path}` +
        `${audit.options.encoding === null ? "" : ` as ${audit.options.encoding}`}; seed source: ${audit.seedSource}; config: ${audit.config.source}\n`,
    );
    return ExitCode.ok;
  });
}

/** A folder check that failed while another nest swapped the folder: said as such (exit 2), not "NOT verified". */
function changedWhileRead(folder: string): NestError {
  return new NestError(`${folder}: another nest changed this folder while nest verify read it; run nest verify again`, ExitCode.input);
}

async function verifyLedger(
  path: string,
  seed: string | undefined,
  replacements: string | undefined,
  chain: string | undefined,
  escaped: boolean,
  ctx: VerifyContext,
): Promise<number> {
  if (seed === undefined) throw new NestError("--ledger needs the draw's seed: --seed S", ExitCode.input);
  const seedProblem = checkSeed(seed);
  if (seedProblem !== null) throw new NestError(`--seed: ${seedProblem}`, ExitCode.input);
  if (/\.json$/i.test(path)) {
    throw new NestError(
      `${path}: --ledger takes the public ledger (ledger.csv); to check a draw's folder or its audit.json, leave out --ledger`,
      ExitCode.input,
    );
  }
  return usingExport({ input: path }, ctx, async (read) => {
    const rows = read.table.rows.map((r) => ({ row: r.sheetRow, cells: r.cells }));
    const readings = EDITIONS.map((e) => ({
      algorithm: e.algorithm,
      readBack: (cell: string) => restoreFormula(cell, formulaGuardOf(e, escaped)),
      lotteryNumbers: e.lotteryNumbers,
      seeds: e.seeds,
    }));
    const result = checkLedger(read.table.headers, rows, seed, readings);
    if (!result.ok)
      return fail(
        result.differences.map((d) => `${read.label}: ${d}`),
        ctx,
      );
    let replayed = "";
    let entries: readonly Replacement[] = [];
    if (replacements !== undefined) {
      const edition = editionOf(result.algorithm)!;
      const guard = formulaGuardOf(edition, escaped);
      const bytes = await readUpTo(replacements, MAX_INPUT_BYTES);
      const unusable = notCsv(bytes, replacements);
      if (unusable !== null) throw unusable;
      const parsed = parseReplacements(bytes, replacements, { bom: true, guard });
      if (!parsed.ok) return fail(parsed.problems, ctx);
      // The record continues this ledger: entry 1's Chain starts from the SHA-256 of its cells, read back as nest wrote them.
      const readBack = (cell: string) => restoreFormula(cell, guard);
      const cells = [read.table.headers.map(readBack), ...read.table.rows.map((r) => r.cells.map(readBack))];
      const root = sha256Of(ledgerRootText(cells));
      const { state, differences } = replayReplacements(groupsFromLedger(result.lines), parsed.entries, root, sha256);
      if (differences.length > 0) {
        const hint = differences.some((d) => d.startsWith("replacements.csv entry 1: its Chain"))
          ? [`entry 1's Chain continues the ledger of another draw, or a ledger whose cells were changed (they hash to ${root})`]
          : [];
        return fail([...differences.map((d) => d.replace(/^replacements\.csv/, replacements)), ...hint], ctx);
      }
      const chained = checkChain(chain, state.entries);
      if (chained !== null) return fail([chained], ctx);
      entries = state.entries;
      const n = state.entries.length;
      replayed =
        n === 0
          ? ""
          : `; ${n === 1 ? "1 replacement" : `${n} replacements`} replayed (${REPLACE_RULE}, last Chain ${state.entries.at(-1)!.chain}` +
            `${chain === undefined ? ": compare it with the one published, or give that with --chain" : ", the one given"})`;
    }
    verdictJson(ctx, {
      verified: true,
      what: read.label,
      algorithm: result.algorithm,
      differences: [],
      ...(replacements === undefined ? {} : replacementsJson(entries)),
    });
    ctx.writeErr(
      `verified: ${read.label}: ${result.applicants} lottery numbers (${result.algorithm}) and ${result.rows} outcomes recomputed from seed ${JSON.stringify(seed)}${replayed}\n`,
    );
    return ExitCode.ok;
  });
}

/** verify's context: with --json, the verdict goes to standard output as JSON too (verified, what, differences). */
type VerifyContext = CommandContext & { json: boolean };

/** The record's length and last Chain, for --json: what a script compares with the published Chain. */
function replacementsJson(entries: readonly Replacement[]): { replacements?: { entries: number; chain: string | null } } {
  return { replacements: { entries: entries.length, chain: entries.at(-1)?.chain ?? null } };
}

function verdictJson(
  ctx: VerifyContext,
  verdict: {
    verified: boolean;
    what?: string;
    algorithm?: string;
    differences: string[];
    replacements?: { entries: number; chain: string | null };
  },
): void {
  if (ctx.json) ctx.writeOut(`${JSON.stringify(verdict, null, 2)}\n`);
}

/** NOT verified, each difference listed; `advice`, what to do, after them (not counted as one). */
function fail(differences: string[], ctx: VerifyContext, advice?: string): number {
  verdictJson(ctx, { verified: false, differences });
  ctx.writeErr(`nest: NOT verified: ${differences.length === 1 ? "1 difference" : `${differences.length} differences`}\n`);
  const shown = 20;
  for (const d of differences.slice(0, shown)) ctx.writeErr(`  - ${d}\n`);
  if (differences.length > shown) ctx.writeErr(`  ... and ${differences.length - shown} more\n`);
  if (advice !== undefined) ctx.writeErr(`  what to do: ${advice}\n`);
  return ExitCode.mismatch;
}

interface CommitmentOptions {
  input?: string;
  config?: string;
  hash?: string;
  encoding?: Encoding;
  sheet?: string;
  seed?: string;
}

/**
 * nest verify commitment.json --input EXPORT: is this the pool nest commit gives for the export (and the config)?
 * The file's own hash first (edited, if only in its spacing: not the one published), then the pool rebuilt from the
 * export and compared, each difference said with what changed and what to do. Exit 0, 1, or 2 when the export or
 * the config cannot be had.
 */
async function verifyCommitment(path: string, options: CommitmentOptions, ctx: VerifyContext): Promise<number> {
  if (options.seed !== undefined)
    throw new NestError(`${path}: a commitment is made before the seed exists: check it without --seed`, ExitCode.input);
  let file;
  try {
    file = await readCommitmentFile(path);
  } catch (error) {
    // A nest-commitment/1 file whose content is not its stored hash: altered, a difference like any other.
    if (error instanceof NestError && error.exitCode === ExitCode.mismatch) return fail([error.message], ctx);
    throw error;
  }
  const { commitment, hash } = file;
  const edition = editionOf(commitment.algorithm);
  if (edition === null) {
    throw new NestError(
      `${path}: the commitment is for algorithm "${commitment.algorithm}", which this nest (${ctx.version}) does not know; ` +
        `it knows ${KNOWN_ALGORITHMS.join(", ")}`,
      ExitCode.input,
    );
  }
  const differences: string[] = [];
  if (file.edited !== null)
    differences.push(
      `${path} was changed after nest commit wrote it: ${file.edited}; so its SHA-256, ${hash}, is not the hash nest commit ` +
        "printed: check the file as it was published",
    );
  if (options.hash !== undefined && options.hash.trim().toLowerCase() !== hash)
    differences.push(`the hash given, ${options.hash.trim()}, is not ${path}'s, ${hash}: this is not the commitment that was published`);
  if (options.input === undefined) {
    throw new NestError(
      `${path}: a commitment records the export's SHA-256, not where it is: name the export the pool was committed from with --input FILE`,
      ExitCode.input,
    );
  }
  const { configRecord, config, named } = await commitmentConfig(path, commitment, options.config);
  return usingExport({ input: options.input, encoding: options.encoding, sheet: options.sheet }, ctx, async (read) => {
    const pool = await read.judge({ config, edition, seed: null, dateOrderChosen: true });
    const now = commitmentOf(read, pool, config, edition, configRecord);
    const found = compareCommitments(commitment, now, pool.applicants);
    if (found.some((d) => d.what === "config") && !named && commitment.format === COMMITMENT_FORMAT)
      found.push({ what: "config", text: "the config was taken to be nest's embedded default: name the one committed with --config FILE" });
    differences.push(...found.map((d) => d.text));
    if (differences.length > 0) return fail(differences, ctx, found.length > 0 ? commitmentAdvice(found, commitment) : undefined);
    const eligible = commitment.pool.reduce((n, p) => n + p.applicants.length, 0);
    verdictJson(ctx, { verified: true, what: path, algorithm: commitment.algorithm, differences: [] });
    ctx.writeErr(
      `verified: ${path} (${commitment.format}, ${commitment.algorithm}) is the pool of ${read.label}: ${eligible} eligible applicants in ` +
        `${commitment.pool.length} districts, judged with ${named ? `the config ${options.config}` : "the config it records"}\n` +
        (options.hash === undefined
          ? `  its hash is ${hash}: check that it is the one published before the seed was chosen (or give it with --hash)\n`
          : `  its hash is ${hash}, the one given\n`),
    );
    return ExitCode.ok;
  });
}

/**
 * The config a commitment is checked with: the file named with --config; else, for nest-commitment/2, the settings it
 * records, when they are the whole config (no applicantIdKey, which is never published); else the embedded default.
 */
async function commitmentConfig(
  path: string,
  commitment: Commitment,
  configPath: string | undefined,
): Promise<{ configRecord: { sha256: string; effective: unknown }; config: Config; named: boolean }> {
  const edition = editionOf(commitment.algorithm)!;
  if (configPath !== undefined) {
    const loaded = await loadConfig(configPath);
    return { configRecord: recordConfig(loaded, edition), config: loaded.config, named: true };
  }
  if (commitment.format === COMMITMENT_FORMAT_2) {
    const settings = commitment.config.settings;
    if (sha256(JSON.stringify(settings)) !== commitment.config.sha256) {
      throw new NestError(
        `${path}: the commitment was made with a config that holds an applicantIdKey, which a commitment never publishes: ` +
          "name that config file with --config FILE",
        ExitCode.input,
      );
    }
    const result = validateConfig(settings);
    if (!result.ok)
      throw new NestError(`${path}: the config settings it records are not a config nest can use (${result.issues[0]})`, ExitCode.input);
    return { configRecord: { sha256: commitment.config.sha256, effective: settings }, config: result.config, named: false };
  }
  const loaded = await loadConfig(undefined);
  return { configRecord: recordConfig(loaded, edition), config: loaded.config, named: false };
}
