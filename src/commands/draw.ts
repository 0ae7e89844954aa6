import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { commitmentOf } from "../pipeline/commitment.js";
import { seedAdvice } from "../core/seed-form.js";
import { commitmentAdvice, commitmentHeadline, compareCommitments, COMMITMENT_FORMAT_2 } from "../core/commitment.js";
import { checkSeed } from "../core/draw.js";
import { CURRENT_EDITION, editionOf, formulaGuardOf, seedUsed } from "../core/edition.js";
import { ExitCode, NestError } from "../errors.js";
import { streamCsv } from "../io/csv-stream.js";
import { recordedPath } from "../io/export-path.js";
import { checkNotInput, findExistingOutputs } from "../io/write-outputs.js";
import { dateOrderChosen, loadConfig, recordConfig } from "../pipeline/config.js";
import { computeDraw, drawFiles, folderFiles } from "../pipeline/draw.js";
import { columnsRecord } from "../core/headers.js";
import { REPLACEMENTS_CSV } from "../io/replacements-file.js";
import { RESULTS_XLSX, resultsRows, resultsWorkbook } from "../io/results-xlsx.js";
import { usingExport } from "../pipeline/pool.js";
import { formatSummary } from "../render/summary.js";
import { defineCommand, flag } from "./command.js";
import { csvFlags, inputFlags } from "./flags.js";
import { checkIdKey } from "./id-key.js";
import { describeSheet, warnOfInput } from "./warnings.js";

const STDOUT_CHOICES = ["roster", "waitlist", "excluded", "ledger"] as const;

/** nest draw: read -> check -> draw -> write. Nothing is written unless every step succeeded. */
export const command = defineCommand({
  args: [{ name: "applicants.csv", description: "the form's export (CSV, or an Excel .xlsx workbook), or - for standard input" }],
  flags: {
    seed: flag.string("--seed <seed>", "any string: a number, dice rolls, a beacon value (default: a fresh secure random seed)"),
    seedSource: flag.string("--seed-source <text>", 'where the seed came from, for the audit ("dice rolled at the June 14 meeting")'),
    commitment: flag.string("--commitment <file>", "refuse to draw unless the pool is the one committed in this file (nest commit)"),
    out: flag.stringOr("--out <dir>", "output folder", "nest-draw"),
    force: flag.boolean("--force", "replace an earlier draw in the output folder"),
    stdout: flag.choice("--stdout <file>", "also write this CSV to standard output", STDOUT_CHOICES),
    json: flag.boolean("--json", "write a JSON summary of the draw to standard output, for scripts"),
    xlsx: flag.boolean("--xlsx", "also write results.xlsx: roster, waitlist, excluded and ledger as sheets of text cells"),
    ...inputFlags,
    ...csvFlags,
  },
  async run([input], options, ctx) {
    const loaded = await loadConfig(options.config, options.dateFormat);
    const config = loaded.config;
    // Read only when there is one (start-up time, issue #5).
    const readCommitmentFile = async (path: string) => (await import("../io/commitment-file.js")).readCommitmentFile(path);
    const committed = options.commitment === undefined ? null : await readCommitmentFile(options.commitment);
    if (committed?.edited) {
      // Its hash is of its bytes: an edited file (if only re-indented) is not the one whose hash was published.
      throw new NestError(
        `${options.commitment}: was changed after nest commit wrote it: ${committed.edited}; so its SHA-256 (${committed.hash}) is not ` +
          "the hash that was published. Draw with the commitment file exactly as nest commit wrote it; no draw was made",
        ExitCode.mismatch,
      );
    }
    // A ceremony committed by an earlier version is finished with the algorithm it committed to.
    const edition = committed === null ? CURRENT_EDITION : (editionOf(committed.commitment.algorithm) ?? CURRENT_EDITION);
    if (committed !== null && committed.commitment.format !== `nest-commitment/${edition.commitment}`) {
      throw new NestError(
        `${options.commitment}: a ${committed.commitment.format} file cannot be for algorithm ${committed.commitment.algorithm}, ` +
          "whose commitments nest writes otherwise: it was not written by nest commit",
        ExitCode.input,
      );
    }

    if (options.json && options.stdout !== undefined) {
      throw new NestError("--json and --stdout both write to standard output: choose one", ExitCode.input);
    }
    if (options.seed === undefined && options.seedSource !== undefined) {
      // A source with no seed would record, say, "dice" for a seed nest drew itself.
      throw new NestError(`--seed-source says where a seed came from: give the seed too (--seed "…")`, ExitCode.input);
    }
    let seed = options.seed;
    let seedSource = options.seedSource ?? "given with --seed";
    if (seed === undefined) {
      seed = ctx.randomSeed();
      seedSource = "drawn by nest from the operating system's secure random source";
      ctx.writeErr(`No --seed given: drew seed ${seed} from the operating system's secure random source (recorded in audit.json).\n`);
    }
    const seedProblem = checkSeed(seed) ?? (seedUsed(edition, seed) === "" ? "the seed is only white space" : null);
    if (seedProblem !== null) throw new NestError(`--seed: ${seedProblem}`, ExitCode.input);

    const written = { encoding: options.encoding ?? null, bom: options.bom, escapeFormulas: options.escapeFormulas };
    return usingExport({ input: input!, encoding: options.encoding, sheet: options.sheet }, ctx, async (read) => {
      // After the export is read: a missing export is the problem to report, not the folder of an earlier draw.
      const existing = findExistingOutputs(options.out, folderFiles(edition));
      if (existing.includes(REPLACEMENTS_CSV)) {
        // --force replaces a trial draw; a draw with replacements since is a public record being acted on.
        throw new NestError(
          `${options.out}: holds a draw with replacements since it (${REPLACEMENTS_CSV}), a public record that a new draw would ` +
            "discard: choose another folder with --out (or move this one away first if a new draw is really meant)",
          ExitCode.input,
        );
      }
      if (existing.length > 0 && !options.force) {
        throw new NestError(
          `${options.out}: holds an earlier draw (${existing.join(", ")}); use --force to replace it, or --out to choose another folder`,
          ExitCode.input,
        );
      }
      const pool = await read.judge({
        config,
        edition,
        seed,
        dateOrderChosen: dateOrderChosen(loaded, options.dateFormat),
        write: { bom: written.bom, guard: formulaGuardOf(edition, written.escapeFormulas) },
      });
      checkIdKey(pool, loaded, "draw", ctx);
      // A workbook of several sheets: which one was read, so that a draw from the wrong one is seen before it is used.
      if (read.workbook !== undefined && read.workbook.sheets.length > 1) ctx.writeErr(`nest: ${describeSheet(read.workbook)}\n`);
      warnOfInput(loaded, read.table, pool, ctx);
      const configRecord = recordConfig(loaded, edition, options.out);
      if (committed !== null) {
        const now = commitmentOf(read, pool, config, edition, configRecord);
        const differences = compareCommitments(committed.commitment, now, pool.applicants);
        if (differences.length > 0) {
          throw new NestError(`${options.commitment}: ${commitmentHeadline(differences)}; no draw was made`, ExitCode.mismatch, {
            details: [...differences.map((d) => d.text), `what to do: ${commitmentAdvice(differences, committed.commitment)}`],
          });
        }
        ctx.writeErr(
          committed.commitment.format === COMMITMENT_FORMAT_2
            ? `The pool is the one committed in ${options.commitment}, whose SHA-256 is ${committed.hash}: check that it is the hash published.\n`
            : `The pool is the one committed in ${options.commitment} (${committed.hash}).\n`,
        );
      }
      ctx.progress.phase("drawing");
      const result = computeDraw({
        read,
        pool,
        config,
        edition,
        seed,
        seedSource,
        version: ctx.version,
        configRecord,
        inputName: read.name,
        inputPath: recordedPath(edition.inputPath, options.out, read.path),
        options: written,
        commitment: committed?.hash ?? null,
      });
      checkNotInput(options.out, folderFiles(edition), read.path, read.path === null ? ctx.stdinFile() : null);
      const warnings = await pool.write(
        options.out,
        result.files,
        result.csvOptions,
        result.audit,
        (name) => ctx.progress.phase(`writing ${name}`),
        {
          names: folderFiles(edition),
          force: options.force,
          listed: result.report === null ? [] : [{ name: result.report.name, pieces: () => result.report!.pieces() }],
          ...(options.xlsx ? { extra: async () => [{ name: RESULTS_XLSX, bytes: await resultsWorkbook(resultsRows(result.files)) }] } : {}),
        },
      );
      ctx.progress.finish();
      for (const warning of warnings) ctx.writeErr(`nest: ${warning}\n`);

      if (options.stdout !== undefined) {
        // For tools (issue #13): no byte-order mark, which a program reading the stream would take as part of the
        // first header. The formula guard stays: a stream can still end up in a spreadsheet (> roster.csv).
        const file = result.files.find((f) => f.name === `${options.stdout}.csv`)!;
        streamCsv(file.lines(), { ...result.csvOptions, bom: false }, (chunk) => ctx.writeOut(chunk.toString("utf8")));
      }
      const wrote = [...drawFiles(edition), ...(options.xlsx ? [RESULTS_XLSX] : [])];
      if (options.json) {
        const summary = {
          out: options.out,
          files: wrote.map((f) => join(options.out, f)),
          algorithm: edition.algorithm,
          seed,
          seedSource,
          export: { file: read.name, ...(read.workbook === undefined ? {} : { sheet: read.workbook.sheet }), sha256: read.sha256 },
          columns: columnsRecord(read.table.headers, pool.columns, pool.how),
          commitment: committed?.hash ?? null,
          counts: result.counts,
        };
        ctx.writeOut(`${JSON.stringify(summary, null, 2)}\n`);
      }
      ctx.writeErr(formatSummary(result.counts, { color: ctx.color, drawn: true }));
      const used = seedUsed(edition, seed);
      const form = used === seed ? "" : ` (used as ${JSON.stringify(used)}: ${edition.algorithm} takes white space out of the seed)`;
      ctx.writeErr(`Seed ${JSON.stringify(seed)}${form}. Wrote ${wrote.map((f) => join(options.out, f)).join(", ")}.\n`);
      const advice = seedAdvice(seed);
      if (advice !== null) ctx.writeErr(`nest: note: ${advice}\n`);
      if (committed === null) {
        // nest commit's file, left unused: a committed draw is drawn with it, so that the audit records it.
        const near = [...new Set(["commitment.json", ...(input === "-" ? [] : [join(dirname(input!), "commitment.json")])])];
        const found = near.find((path) => existsSync(path));
        // Only a commitment of this very export: one of another (last year's, a test's) is none of this draw's business.
        const ours =
          found !== undefined &&
          (await readCommitmentFile(found).then(
            (c) => c.commitment.input.sha256 === read.sha256,
            () => false,
          ));
        if (ours)
          ctx.writeErr(
            `nest: note: ${found} is there, but this draw was made without --commitment: if the pool was committed (nest commit), ` +
              `draw again with --force --commitment ${found} so that the audit records the ` +
              "commitment and observers can check the pool against it\n",
          );
      }
      return ExitCode.ok;
    });
  },
});
