import { checkSeed } from "../core/draw.js";
import { EDITIONS, editionOf, formulaGuardOf } from "../core/edition.js";
import { checkLedger } from "../core/ledger.js";
import { groupsFromLedger, ledgerRoot, REPLACE_RULE, replayReplacements } from "../core/replace.js";
import { ExitCode, NestError } from "../errors.js";
import { restoreFormula } from "../io/format-csv.js";
import { sha256, sha256Hasher } from "../io/hash.js";
import { MAX_INPUT_BYTES, readUpTo } from "../io/read-input.js";
import { parseReplacements, REPLACEMENT_NOTES, REPLACEMENTS_CSV } from "../io/replacements-file.js";
import { RESULTS_XLSX } from "../io/results-xlsx.js";
import { checkFolder } from "../pipeline/check-folder.js";
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
  args: [{ name: "dir", description: "the draw's output folder, or its audit.json", default: "nest-draw" }],
  flags: {
    input: flag.string("--input <file>", "the export, when it is no longer where the draw read it"),
    ledger: flag.string("--ledger <file>", "check a public ledger alone: recompute every lottery number and outcome (needs --seed)"),
    seed: flag.string("--seed <seed>", "the draw's seed: needed with --ledger; with a folder, checked against the recorded one"),
    replacements: flag.string(
      "--replacements <file>",
      "with --ledger: also replay the public record of replacements since the draw (replacements.csv)",
    ),
    escapeFormulas: flag.negatable("--no-formula-escape", "the ledger was written with --no-formula-escape"),
    json: flag.boolean("--json", "also write the verdict as JSON to standard output, for scripts"),
  },
  async run([target], options, given) {
    const ctx: VerifyContext = { ...given, json: options.json };
    if (options.ledger !== undefined) return verifyLedger(options.ledger, options.seed, options.replacements, options.escapeFormulas, ctx);
    if (options.replacements !== undefined)
      throw new NestError(
        "--replacements goes with --ledger (an observer's check from public files); a draw's folder is checked with the replacements.csv in it",
        ExitCode.input,
      );
    return checkFolder(target!, { input: options.input, seed: options.seed, version: ctx.version }, ctx, async (checked) => {
      const { audit, edition, dir, differences, redone } = checked;
      if (differences.length > 0 || redone === null) return fail(differences, ctx);
      const { result, replayed, workbook } = redone;
      const entries = replayed.entries;
      verdictJson(ctx, { verified: true, what: dir, algorithm: audit.algorithm, differences: [] });
      const record = entries.length === 0 ? [] : [REPLACEMENTS_CSV, ...(replayed.noteList.length === 0 ? [] : [REPLACEMENT_NOTES])];
      ctx.writeErr(
        `verified: ${audit.algorithm} draw of ${result.counts.records} applicants (${result.counts.seated} seated) with seed ${JSON.stringify(audit.seed)}; ` +
          `the export, config, ${[...edition.files, "audit.json", ...record, ...(workbook ? [RESULTS_XLSX] : [])].join(", ")} all match\n`,
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
  },
});

async function verifyLedger(
  path: string,
  seed: string | undefined,
  replacements: string | undefined,
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
    }));
    const result = checkLedger(read.table.headers, rows, seed, readings);
    if (!result.ok)
      return fail(
        result.differences.map((d) => `${read.label}: ${d}`),
        ctx,
      );
    let replayed = "";
    if (replacements !== undefined) {
      const edition = editionOf(result.algorithm)!;
      const guard = formulaGuardOf(edition, escaped);
      const parsed = parseReplacements(await readUpTo(replacements, MAX_INPUT_BYTES), replacements, { bom: true, guard });
      if (!parsed.ok) return fail(parsed.problems, ctx);
      // The record continues this ledger: entry 1's Chain starts from the SHA-256 of its cells, read back as nest wrote them.
      const readBack = (cell: string) => restoreFormula(cell, guard);
      const cells = [read.table.headers.map(readBack), ...read.table.rows.map((r) => r.cells.map(readBack))];
      const root = ledgerRoot(cells, sha256Hasher());
      const { state, differences } = replayReplacements(groupsFromLedger(result.lines), parsed.entries, root, sha256);
      if (differences.length > 0) {
        const hint = differences.some((d) => d.startsWith("replacements.csv entry 1: its Chain"))
          ? [`entry 1's Chain continues the ledger of another draw, or a ledger whose cells were changed (they hash to ${root})`]
          : [];
        return fail([...differences.map((d) => d.replace(/^replacements\.csv/, replacements)), ...hint], ctx);
      }
      const n = state.entries.length;
      replayed =
        n === 0
          ? ""
          : `; ${n === 1 ? "1 replacement" : `${n} replacements`} replayed (${REPLACE_RULE}, last Chain ${state.entries.at(-1)!.chain})`;
    }
    verdictJson(ctx, { verified: true, what: read.label, algorithm: result.algorithm, differences: [] });
    ctx.writeErr(
      `verified: ${read.label}: ${result.applicants} lottery numbers (${result.algorithm}) and ${result.rows} outcomes recomputed from seed ${JSON.stringify(seed)}${replayed}\n`,
    );
    return ExitCode.ok;
  });
}

/** verify's context: with --json, the verdict goes to standard output as JSON too (verified, what, differences). */
type VerifyContext = CommandContext & { json: boolean };

function verdictJson(ctx: VerifyContext, verdict: { verified: boolean; what?: string; algorithm?: string; differences: string[] }): void {
  if (ctx.json) ctx.writeOut(`${JSON.stringify(verdict, null, 2)}\n`);
}

function fail(differences: string[], ctx: VerifyContext): number {
  verdictJson(ctx, { verified: false, differences });
  ctx.writeErr(`nest: NOT verified: ${differences.length === 1 ? "1 difference" : `${differences.length} differences`}\n`);
  const shown = 20;
  for (const d of differences.slice(0, shown)) ctx.writeErr(`  - ${d}\n`);
  if (differences.length > shown) ctx.writeErr(`  ... and ${differences.length - shown} more\n`);
  return ExitCode.mismatch;
}
