import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { isAbsolute, join } from "node:path";
import { buildCommitmentBody } from "../core/commitment.js";
import { validateConfig } from "../core/config.js";
import { checkSeed, KNOWN_ALGORITHMS } from "../core/draw.js";
import { evaluateExportWith } from "../core/eligibility.js";
import { judgeInParallel } from "../io/parallel-eligibility.js";
import { describeJsonDifferences } from "../core/json-diff.js";
import { checkLedger } from "../core/ledger.js";
import { ExitCode, NestError, inputError } from "../errors.js";
import { hashCommitment } from "../io/commitment-file.js";
import { describeCsvDifference } from "../io/compare-csv.js";
import { ENCODINGS, type Encoding } from "../io/decode.js";
import { restoreFormula } from "../io/format-csv.js";
import { formatCsv, streamCsv } from "../io/csv-stream.js";
import { sha256 } from "../io/hash.js";
import { readAuditFile } from "../io/read-audit.js";
import { readExport, type ExportFile } from "../io/read-export.js";
import type { Helper } from "../io/threads.js";
import { helperFor } from "./load.js";
import type { CommandContext } from "./context.js";
import { computeDraw } from "./draw.js";

export interface VerifyOptions {
  target: string;
  input?: string;
  ledger?: string;
  seed?: string;
  escapeFormulas: boolean;
}

/**
 * nest verify: redo the draw from the export, the recorded config and the seed, and compare every file.
 * Exit 0 "verified"; 1 with every difference named; 2 when the draw cannot be redone (unusable input).
 */
export async function runVerify(options: VerifyOptions, ctx: CommandContext): Promise<number> {
  if (options.ledger !== undefined) return verifyLedger(options.ledger, options, ctx);
  const { audit, text, dir, path: auditPath } = await readAuditFile(options.target);

  if (!KNOWN_ALGORITHMS.includes(audit.algorithm)) {
    throw new NestError(
      `${auditPath}: the draw used algorithm "${audit.algorithm}", which this nest (${ctx.version}) does not know; ` +
        `it knows ${KNOWN_ALGORITHMS.join(", ")}. Verify it with nest ${audit.version}, which made it`,
      ExitCode.input,
    );
  }
  const differences: string[] = [];
  const configResult = validateConfig(audit.config.effective);
  if (!configResult.ok) {
    return fail([`audit.json: the recorded config was altered: it is no longer valid (${configResult.issues[0]})`], ctx);
  }
  const config = configResult.config;
  if (sha256(JSON.stringify(config)) !== audit.config.sha256) {
    differences.push("audit.json: the recorded config differs from the one drawn with (its SHA-256 does not match)");
  }

  const inputPath = locateExport(options.input, audit.input.path, audit.input.file, dir, auditPath);
  const encoding = ENCODINGS.find((e) => e === audit.options.encoding) as Encoding | undefined;
  // A second thread for a big export (io/threads.ts), ended once the applicants are known.
  let helper = null as Helper | null;
  let file: ExportFile;
  let evaluated: Awaited<ReturnType<typeof evaluateExportWith>>;
  try {
    file = await readExport(inputPath, { encoding, readStdin: ctx.readStdin, helper: (bytes) => (helper = helperFor(ctx)(bytes)) });
    if (file.sha256 !== audit.input.sha256) {
      return fail(
        [...differences, `the export changed: ${file.label} has SHA-256 ${file.sha256}; the draw was made from ${audit.input.sha256}`],
        ctx,
      );
    }
    evaluated = await evaluateExportWith(file.headers, file.rows, config, judgeInParallel(file.headers, file.rows, config, helper));
  } finally {
    helper?.close();
  }
  if (!evaluated.ok) throw inputError({ file: file.label }, "the export cannot be read with the recorded config", evaluated.issues);

  if (audit.commitment !== null) {
    const body = buildCommitmentBody(evaluated.applicants, config, file.sha256, audit.config.sha256);
    if (hashCommitment(body) !== audit.commitment)
      differences.push(`the pool does not match the commitment ${audit.commitment} recorded in the audit`);
  }

  const result = computeDraw({
    file,
    inputName: audit.input.file,
    inputPath: audit.input.path,
    applicants: evaluated.applicants,
    config,
    configSource: audit.config.source,
    seed: audit.seed,
    seedSource: audit.seedSource,
    version: audit.version,
    options: audit.options,
    commitment: audit.commitment,
  });
  // Each CSV is recomputed as a stream and compared by hash; only a file that differs is held whole,
  // to say where it differs.
  const hashes: Record<string, string> = {};
  for (const csv of result.csvs) {
    hashes[csv.name] = streamCsv(csv.rows(), result.csvOptions, () => {});
    const path = join(dir, csv.name);
    if (!existsSync(path)) {
      differences.push(`${csv.name} is missing from ${dir}`);
      continue;
    }
    const actual = await readFile(path);
    if (sha256(actual) === hashes[csv.name]) continue;
    const difference = describeCsvDifference(csv.name, actual.toString("utf8"), formatCsv(csv.rows(), result.csvOptions));
    if (difference !== null) differences.push(difference);
  }
  const expectedAudit = result.audit(hashes);
  if (!Buffer.from(text, "utf8").equals(expectedAudit)) {
    const found = describeJsonDifferences(JSON.parse(text), JSON.parse(expectedAudit.toString("utf8")));
    differences.push(...(found.length > 0 ? found.map((d) => `audit.json: ${d}`) : ["audit.json was edited (its layout differs)"]));
  }
  if (differences.length > 0) return fail(differences, ctx);
  const counts = JSON.parse(text).counts as { records: number; seated: number };
  ctx.writeErr(
    `verified: ${audit.algorithm} draw of ${counts.records} applicants (${counts.seated} seated) with seed ${JSON.stringify(audit.seed)}; ` +
      `the export, config, ${[...result.csvs.map((c) => c.name), "audit.json"].join(", ")} all match\n`,
  );
  // These are recorded, not recomputed: say them, so a reader sees what they are taking on trust.
  ctx.writeErr(`  as recorded: made by nest ${audit.version}; seed source: ${audit.seedSource}; config: ${audit.config.source}\n`);
  return ExitCode.ok;
}

function locateExport(given: string | undefined, recordedPath: string, recordedName: string, dir: string, auditPath: string): string {
  if (given !== undefined) return given;
  if (recordedPath === "-") {
    throw new NestError(`${auditPath}: the draw read its export from standard input; name it with --input FILE`, ExitCode.input);
  }
  const candidates = [
    recordedPath,
    ...(isAbsolute(recordedPath) ? [] : [join(dir, "..", recordedPath)]),
    join(dir, recordedName),
    join(dir, "..", recordedName),
  ];
  const found = candidates.find((c) => existsSync(c));
  if (found === undefined) {
    throw new NestError(
      `cannot find the export ${recordedName} (looked at ${[...new Set(candidates)].join(", ")}); name it with --input FILE`,
      ExitCode.input,
    );
  }
  return found;
}

async function verifyLedger(path: string, options: VerifyOptions, ctx: CommandContext): Promise<number> {
  if (options.seed === undefined) throw new NestError("--ledger needs the draw's seed: --seed S", ExitCode.input);
  const seedProblem = checkSeed(options.seed);
  if (seedProblem !== null) throw new NestError(`--seed: ${seedProblem}`, ExitCode.input);
  const ledger = await readExport(path, { readStdin: ctx.readStdin });
  const restore = options.escapeFormulas ? restoreFormula : (cell: string) => cell;
  const rows = ledger.rows.map((r) => ({ line: r.line, cells: r.cells.map(restore) }));
  const result = checkLedger(ledger.headers, rows, options.seed);
  if (!result.ok)
    return fail(
      result.differences.map((d) => `${ledger.label}: ${d}`),
      ctx,
    );
  ctx.writeErr(
    `verified: ${ledger.label}: ${result.applicants} lottery numbers and ${result.rows} outcomes recomputed from seed ${JSON.stringify(options.seed)}\n`,
  );
  return ExitCode.ok;
}

function fail(differences: string[], ctx: CommandContext): number {
  ctx.writeErr(`nest: NOT verified: ${differences.length === 1 ? "1 difference" : `${differences.length} differences`}\n`);
  const shown = 20;
  for (const d of differences.slice(0, shown)) ctx.writeErr(`  - ${d}\n`);
  if (differences.length > shown) ctx.writeErr(`  ... and ${differences.length - shown} more\n`);
  return ExitCode.mismatch;
}
