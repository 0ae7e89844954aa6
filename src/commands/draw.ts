import { join } from "node:path";
import { buildAudit, countResults, formatAuditHead, formatAuditTail, type Counts } from "../core/audit.js";
import { buildCommitmentBody, compareCommitments, type CommitmentBody } from "../core/commitment.js";
import type { Config } from "../core/config.js";
import { checkSeed, drawAll, type DistrictDraw, type KnownNumbers } from "../core/draw.js";
import type { Applicant } from "../core/eligibility.js";
import { ledgerRows } from "../core/ledger.js";
import { outputRows } from "../core/outputs.js";
import { ExitCode, NestError } from "../errors.js";
import type { DateFormat } from "../core/dates.js";
import type { Encoding } from "../io/decode.js";
import { streamCsv, type CsvOutput } from "../io/csv-stream.js";
import type { CsvFormatOptions } from "../io/format-csv.js";
import { sha256 } from "../io/hash.js";
import { waitlistJob, type FormatJob } from "../io/parallel-csv.js";
import type { ExportFile } from "../io/read-export.js";
import { checkNotInput, findExistingOutputs, writeOutputs } from "../io/write-outputs.js";
import { formatSummary } from "../render/summary.js";
import type { CommandContext } from "./context.js";
import { loadApplicants, loadConfig, type Evaluated } from "./load.js";

export const DRAW_FILES = ["roster.csv", "waitlist.csv", "excluded.csv", "ledger.csv", "audit.json"] as const;

export interface DrawOptions {
  input: string;
  seed?: string;
  seedSource?: string;
  config?: string;
  commitment?: string;
  out: string;
  force: boolean;
  stdout?: "roster" | "waitlist" | "excluded" | "ledger";
  encoding?: Encoding;
  dateFormat?: DateFormat;
  bom: boolean;
  escapeFormulas: boolean;
}

/** nest draw: read -> check -> draw -> write. Nothing is written unless every step succeeded. */
export async function runDraw(options: DrawOptions, ctx: CommandContext): Promise<number> {
  const { config, source } = await loadConfig(options.config, options.dateFormat);
  const committed =
    options.commitment === undefined ? null : await (await import("../io/commitment-file.js")).readCommitmentFile(options.commitment);

  let seed = options.seed;
  let seedSource = options.seedSource ?? "given with --seed";
  if (seed === undefined) {
    seed = ctx.randomSeed();
    seedSource = options.seedSource ?? "drawn by nest from the operating system's secure random source";
    ctx.writeErr(`No --seed given: drew seed ${seed} from the operating system's secure random source (recorded in audit.json).\n`);
  }
  const seedProblem = checkSeed(seed);
  if (seedProblem !== null) throw new NestError(`--seed: ${seedProblem}`, ExitCode.input);

  const existing = findExistingOutputs(options.out, DRAW_FILES);
  if (existing.length > 0 && !options.force) {
    throw new NestError(
      `${options.out}: holds an earlier draw (${existing.join(", ")}); use --force to replace it, or --out to choose another folder`,
      ExitCode.input,
    );
  }

  const loaded = await loadApplicants(options.input, config, options.encoding, ctx, { seed });
  const { helper } = loaded;
  try {
    return await drawAndWrite(options, ctx, { ...loaded, config, source, committed, seed, seedSource });
  } finally {
    helper?.close();
  }
}

/** The draw itself, and its files, once the applicants are known. */
async function drawAndWrite(
  options: DrawOptions,
  ctx: CommandContext,
  loaded: Evaluated & {
    config: Config;
    source: string;
    committed: { body: CommitmentBody; hash: string } | null;
    seed: string;
    seedSource: string;
  },
): Promise<number> {
  const { config, source, committed, seed, seedSource, file, applicants, helper, numbers } = loaded;
  if (committed !== null) {
    const now = buildCommitmentBody(applicants, config, file.sha256, sha256(JSON.stringify(config)));
    const differences = compareCommitments(committed.body, now);
    if (differences.length > 0) {
      throw new NestError(`${options.commitment}: the pool differs from the committed one; no draw was made`, ExitCode.mismatch, {
        details: differences,
      });
    }
  }
  ctx.progress.phase("drawing");
  // The second thread, which holds the rows, works out which it can copy as they are while this one draws.
  if (helper?.hasRows) helper.post({ kind: "format", escapeFormulas: options.escapeFormulas } satisfies FormatJob);
  const result = computeDraw({
    file,
    inputName: file.name,
    inputPath: file.path ?? "-",
    applicants,
    config,
    configSource: source,
    seed,
    seedSource,
    version: ctx.version,
    options: { encoding: options.encoding ?? null, bom: options.bom, escapeFormulas: options.escapeFormulas },
    commitment: committed?.hash ?? null,
    numbers,
  });

  checkNotInput(options.out, DRAW_FILES, file.path);
  await writeOutputs(
    options.out,
    result.csvs,
    result.csvOptions,
    { name: "audit.json", content: result.audit, prepare: result.prepareAudit },
    (name) => ctx.progress.phase(`writing ${name}`),
    helper,
  );
  ctx.progress.finish();

  if (options.stdout !== undefined) {
    const csv = result.csvs.find((c) => c.name === `${options.stdout}.csv`)!;
    streamCsv(csv.rows(), result.csvOptions, (chunk) => ctx.writeOut(chunk.toString("utf8")));
  }
  ctx.writeErr(formatSummary(result.counts, { color: ctx.color, drawn: true }));
  ctx.writeErr(`Seed ${JSON.stringify(seed)}. Wrote ${DRAW_FILES.map((f) => join(options.out, f)).join(", ")}.\n`);
  return ExitCode.ok;
}

export interface DrawInputs {
  file: ExportFile;
  /** What the audit records as the export's name and path (verify passes the recorded ones). */
  inputName: string;
  inputPath: string;
  applicants: Applicant[];
  config: Config;
  configSource: string;
  seed: string;
  seedSource: string;
  version: string;
  options: { encoding: string | null; bom: boolean; escapeFormulas: boolean };
  commitment: string | null;
  /** Lottery numbers already worked out (loadApplicants), or null. */
  numbers?: KnownNumbers | null;
}

export interface DrawResult {
  draws: DistrictDraw[];
  counts: Counts;
  csvOptions: CsvFormatOptions;
  /** The CSV outputs in writing order, each made row by row when written. */
  csvs: CsvOutput[];
  /** audit.json, given the SHA-256 of each CSV output. */
  audit: (hashes: Record<string, string>) => Buffer;
  /** Works out all of audit.json but the hashes, as bytes (audit() does it when not done before). */
  prepareAudit: () => void;
}

/** Everything a draw writes. `nest verify` calls this too, and compares instead of writing. */
export function computeDraw(inputs: DrawInputs): DrawResult {
  const { file, applicants, config, seed } = inputs;
  const draws = drawAll(applicants, config, seed, inputs.numbers ?? null);
  const rows = outputRows(file.headers, file.rows, applicants, draws, config);
  const configSha256 = sha256(JSON.stringify(config));
  const counts = countResults(applicants, draws, config);
  const csvOptions = { bom: inputs.options.bom, escapeFormulas: inputs.options.escapeFormulas };
  // Everything in the audit but the output hashes, worked out once, when first asked for.
  let head: Buffer | null = null;
  const auditHead = (): Buffer => {
    if (head !== null) return head;
    const { outputs: _outputs, ...rest } = buildAudit({
      version: inputs.version,
      seed,
      seedSource: inputs.seedSource,
      input: {
        file: inputs.inputName,
        path: inputs.inputPath,
        sha256: file.sha256,
        bytes: file.bytes,
        encoding: file.encoding,
        delimiter: file.delimiter,
      },
      config: { source: inputs.configSource, sha256: configSha256, effective: config },
      options: inputs.options,
      commitment: inputs.commitment,
      applicants,
      draws,
      counts,
      outputs: {},
    });
    return (head = Buffer.from(formatAuditHead(rest), "utf8"));
  };
  return {
    draws,
    counts,
    csvOptions,
    csvs: [
      { name: "roster.csv", rows: rows.roster },
      {
        name: "waitlist.csv",
        rows: rows.waitlist,
        job: (path, rowsSent) => waitlistJob(file.headers, file.rows, draws, config, csvOptions, path, rowsSent),
      },
      { name: "excluded.csv", rows: rows.excluded },
      { name: "ledger.csv", rows: () => ledgerRows(applicants, draws, config) },
    ],
    prepareAudit: () => void auditHead(),
    audit: (hashes) => Buffer.concat([auditHead(), Buffer.from(formatAuditTail(hashes), "utf8")]),
  };
}
