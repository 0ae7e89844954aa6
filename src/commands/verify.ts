import { buildCommitmentBody } from "../core/commitment.js";
import { validateConfig } from "../core/config.js";
import { checkSeed } from "../core/draw.js";
import { auditedFiles, EDITIONS, editionOf, formulaGuardOf, KNOWN_ALGORITHMS, type Edition } from "../core/edition.js";
import { describeJsonDifferences } from "../core/json-diff.js";
import { checkLedger } from "../core/ledger.js";
import { ExitCode, NestError } from "../errors.js";
import { locateExport } from "../io/export-path.js";
import { readAuditFile, readDrawFile, type RecordedAudit } from "../io/read-audit.js";
import { hashCommitment } from "../io/commitment-file.js";
import { describeCsvDifference } from "../io/compare-csv.js";
import { formatCsv, streamCsv } from "../io/csv-stream.js";
import { compareResultsWorkbook, RESULTS_XLSX, resultsRows } from "../io/results-xlsx.js";
import { ENCODINGS, type Encoding } from "../io/decode.js";
import { restoreFormula } from "../io/format-csv.js";
import { sha256, sha256Of } from "../io/hash.js";
import { computeDraw } from "../pipeline/draw.js";
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
    escapeFormulas: flag.negatable("--no-formula-escape", "the ledger was written with --no-formula-escape"),
    json: flag.boolean("--json", "also write the verdict as JSON to standard output, for scripts"),
  },
  async run([target], options, given) {
    const ctx: VerifyContext = { ...given, json: options.json };
    if (options.ledger !== undefined) return verifyLedger(options.ledger, options.seed, options.escapeFormulas, ctx);
    const { audit, text, dir, path: auditPath } = await readAuditFile(target!);
    const edition = editionOfAudit(audit, auditPath, ctx.version);

    const differences: string[] = [];
    const recorded = audit.config.effective;
    const configResult = validateConfig(recorded);
    if (!configResult.ok) {
      return fail([`audit.json: the recorded config was altered: it is no longer valid (${configResult.issues[0]})`], ctx);
    }
    const config = configResult.config;
    // The hash is of the config as recorded, never as this version's schema would fill it in. A config edited after
    // the draw is the one difference: files recomputed from it would differ from the honest ones, which says nothing.
    if (sha256(JSON.stringify(recorded)) !== audit.config.sha256) {
      return fail(
        [
          "audit.json: the recorded config was edited after the draw (its SHA-256 does not match the one recorded); " +
            "the files were not compared, since they would be recomputed from the edited config",
        ],
        ctx,
      );
    }
    if (options.seed !== undefined && options.seed !== audit.seed) {
      differences.push(`the seed given, ${JSON.stringify(options.seed)}, is not the draw's seed, ${JSON.stringify(audit.seed)}`);
    }
    const encodingEdited = checkEncodings(audit);
    if (encodingEdited !== null) return fail([encodingEdited], ctx);
    const input = locateExport(options.input, edition.inputPath, audit.input.path, audit.input.file, dir, auditPath);
    const encoding = ENCODINGS.find((e) => e === audit.options.encoding) as Encoding | undefined;
    return usingExport({ input, encoding, sheet: audit.input.sheet, source: audit.input.source ?? "csv" }, ctx, async (read) => {
      // An export whose hash is not the recorded one is still drawn again: what comes out says whether applicants
      // changed, or only bytes that change no applicant (or the recorded hash itself).
      const changed = read.sha256 !== audit.input.sha256;
      const changedExport = `the export changed: ${read.label} has SHA-256 ${read.sha256}; the draw was made from ${audit.input.sha256}`;
      let pool;
      try {
        pool = await read.judge({ config, edition, seed: audit.seed, dateOrderChosen: true });
      } catch (error) {
        if (changed && error instanceof NestError)
          return fail([...differences, `${changedExport}, and it can no longer be read as then (${error.message})`], ctx);
        throw error;
      }
      if (audit.commitment !== null) {
        const body = buildCommitmentBody(edition.algorithm, pool.applicants, config, read.sha256, audit.config.sha256);
        if (hashCommitment(body) !== audit.commitment)
          differences.push(`the pool does not match the commitment ${audit.commitment} recorded in the audit`);
      }
      const result = computeDraw({
        read,
        pool,
        config,
        edition,
        seed: audit.seed,
        seedSource: audit.seedSource,
        version: audit.version,
        configRecord: audit.config,
        inputName: audit.input.file,
        inputPath: audit.input.path,
        inputRecorded: { sha256: audit.input.sha256, bytes: audit.input.bytes },
        options: audit.options,
        commitment: audit.commitment,
      });
      // Every file the draw's edition writes, whatever this version writes for new draws; an audit that leaves one
      // out, or lists another, was edited. Each is recomputed as a stream and compared by hash; only a file that
      // differs is held whole, to say where it differs.
      const listed = Object.keys(audit.outputs);
      const written = auditedFiles(edition);
      for (const name of written)
        if (!listed.includes(name)) differences.push(`audit.json does not list ${name}, which every ${edition.algorithm} draw writes`);
      for (const name of listed)
        if (!written.includes(name)) differences.push(`audit.json lists ${name}, which a ${edition.algorithm} draw does not write`);
      const hashes: Record<string, string> = {};
      for (const file of result.files) {
        const name = file.name;
        hashes[name] = streamCsv(file.lines(), result.csvOptions, () => {});
        const actual = await readDrawFile(dir, name);
        if (actual === null) differences.push(`${name} is missing from ${dir}`);
        else if (sha256(actual) !== hashes[name]) {
          const difference = describeCsvDifference(name, actual.toString("utf8"), formatCsv(file.lines(), result.csvOptions));
          if (difference !== null) differences.push(difference);
        }
      }
      if (result.report !== null) {
        const name = result.report.name;
        hashes[name] = sha256Of(result.report.pieces());
        const actual = await readDrawFile(dir, name);
        if (actual === null) differences.push(`${name} is missing from ${dir}`);
        else if (sha256(actual) !== hashes[name])
          differences.push(describeTextDifference(name, actual.toString("utf8"), result.report.pieces()));
      }
      // results.xlsx (draw --xlsx) is a copy no audit lists: when it is there, its cells must be the files'.
      const workbook = await readDrawFile(dir, RESULTS_XLSX);
      if (workbook !== null) differences.push(...(await compareResultsWorkbook(workbook, resultsRows(result.files))));
      const expected = result.audit.content(hashes);
      if (text.startsWith("\uFEFF")) {
        // Notepad and other editors add one on saving: the figures may be intact, the file is not the draw's.
        differences.push("audit.json was saved with a byte-order mark added (by a text editor?): its bytes are not the draw's");
      } else if (!Buffer.from(text, "utf8").equals(expected)) {
        const found = describeJsonDifferences(JSON.parse(text), JSON.parse(expected.toString("utf8")));
        differences.push(...(found.length > 0 ? found.map((d) => `audit.json: ${d}`) : ["audit.json was edited (its layout differs)"]));
      }
      if (changed) {
        differences.unshift(
          differences.length > 0
            ? changedExport
            : `the export's SHA-256 (${read.sha256}) is not the one the audit records (${audit.input.sha256}), yet every file and ` +
                "figure of the draw comes out the same from it: its bytes changed without changing any applicant, or the audit's input.sha256 was edited",
        );
      }
      if (differences.length > 0) return fail(differences, ctx);
      verdictJson(ctx, { verified: true, what: dir, algorithm: audit.algorithm, differences: [] });
      ctx.writeErr(
        `verified: ${audit.algorithm} draw of ${result.counts.records} applicants (${result.counts.seated} seated) with seed ${JSON.stringify(audit.seed)}; ` +
          `the export, config, ${[...written, "audit.json", ...(workbook === null ? [] : [RESULTS_XLSX])].join(", ")} all match\n`,
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

/**
 * Where a page (report.html) differs from the one the draw writes, given the audit's recorded fields (seed source,
 * version): its first differing line, around the first character that differs, as found and as recomputed.
 */
function describeTextDifference(name: string, actual: string, expected: Iterable<string>): string {
  const found = actual.split("\n");
  const wanted = linesOf(expected);
  const at = found.findIndex((line, i) => line !== wanted[i]);
  const line = at === -1 ? found.length : at;
  const a = found[line];
  const b = wanted[line];
  let from = 0;
  while (a !== undefined && b !== undefined && from < a.length && a[from] === b[from]) from++;
  const start = Math.max(0, from - 40);
  const clip = (s: string | undefined) =>
    s === undefined
      ? "(no such line)"
      : JSON.stringify(`${start > 0 ? "..." : ""}${s.slice(start, start + 100)}${s.length > start + 100 ? "..." : ""}`);
  return `${name} is not the page this draw writes: line ${line + 1} reads ${clip(a)}; the draw's reads ${clip(b)}`;
}

/** The lines of a text given in pieces, each piece ending a line or the page's data (one line, in many pieces). */
function linesOf(pieces: Iterable<string>): string[] {
  const lines: string[] = [];
  let line: string[] = [];
  for (const piece of pieces) {
    const parts = piece.split("\n");
    for (let i = 0; i < parts.length - 1; i++) {
      line.push(parts[i]!);
      lines.push(line.join(""));
      line = [];
    }
    line.push(parts[parts.length - 1]!);
  }
  lines.push(line.join(""));
  return lines;
}

/** The edition that made the draw, or exit 2 when this version does not know it. */
function editionOfAudit(audit: RecordedAudit, auditPath: string, version: string): Edition {
  const edition = editionOf(audit.algorithm);
  if (edition === null) {
    throw new NestError(
      `${auditPath}: the draw used algorithm "${audit.algorithm}", which this nest (${version}) does not know; ` +
        `it knows ${KNOWN_ALGORITHMS.join(", ")}. Verify it with nest ${audit.version}, which made it`,
      ExitCode.input,
    );
  }
  const format = audit.format ?? "nest-audit/1";
  if (format !== `nest-audit/${edition.auditFormat}`) {
    throw new NestError(
      `${auditPath}: the audit's format is "${format}", which this nest (${version}) does not know for ${edition.algorithm}. ` +
        `Verify it with nest ${audit.version}, which made it`,
      ExitCode.input,
    );
  }
  return edition;
}

async function verifyLedger(path: string, seed: string | undefined, escaped: boolean, ctx: VerifyContext): Promise<number> {
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
    verdictJson(ctx, { verified: true, what: read.label, algorithm: result.algorithm, differences: [] });
    ctx.writeErr(
      `verified: ${read.label}: ${result.applicants} lottery numbers (${result.algorithm}) and ${result.rows} outcomes recomputed from seed ${JSON.stringify(seed)}\n`,
    );
    return ExitCode.ok;
  });
}

/**
 * The encoding the draw was told to read the export in (options.encoding) must be the one it read it in
 * (input.encoding), unless a byte-order mark decided; otherwise the audit was edited, and every file recomputed
 * with the edited encoding would differ for nothing.
 */
function checkEncodings(audit: RecordedAudit): string | null {
  const read = audit.input.encoding;
  const told = audit.options.encoding;
  if (read === undefined || read.endsWith("with BOM")) return null;
  const agree = read === "utf-8" ? told === null || told === "utf-8" : told === read;
  return agree
    ? null
    : `audit.json: options.encoding (${JSON.stringify(told)}) does not agree with input.encoding (${JSON.stringify(read)}): one of them ` +
        "was edited after the draw; the files were not compared, since they would be recomputed from an edited encoding";
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
