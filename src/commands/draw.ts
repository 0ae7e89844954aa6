import { join } from "node:path";
import { buildAudit, countResults } from "../core/audit.js";
import { checkSeed, drawAll } from "../core/draw.js";
import { buildOutputTables } from "../core/outputs.js";
import { ExitCode, NestError } from "../errors.js";
import type { Encoding } from "../io/decode.js";
import { formatCsv } from "../io/format-csv.js";
import { sha256 } from "../io/hash.js";
import { checkNotInput, findExistingOutputs, writeOutputs } from "../io/write-outputs.js";
import { formatSummary } from "../render/summary.js";
import type { CommandContext } from "./context.js";
import { loadApplicants, loadConfig } from "./load.js";

export const DRAW_FILES = ["roster.csv", "waitlist.csv", "excluded.csv", "audit.json"] as const;
export const STDOUT_CHOICES = ["roster", "waitlist", "excluded"] as const;

export interface DrawOptions {
  input: string;
  seed?: string;
  seedSource?: string;
  config?: string;
  out: string;
  force: boolean;
  stdout?: (typeof STDOUT_CHOICES)[number];
  encoding?: Encoding;
  bom: boolean;
  escapeFormulas: boolean;
}

/** nest draw: read -> check -> draw -> write. Nothing is written unless every step succeeded. */
export async function runDraw(options: DrawOptions, ctx: CommandContext): Promise<number> {
  const { config, source } = await loadConfig(options.config);

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

  const { file, applicants } = await loadApplicants(options.input, config, options.encoding, ctx);
  const draws = drawAll(applicants, config, seed);
  const tables = buildOutputTables(file.headers, file.rows, applicants, draws, config);
  const csvOptions = { bom: options.bom, escapeFormulas: options.escapeFormulas };
  const csv = {
    roster: formatCsv(tables.roster, csvOptions),
    waitlist: formatCsv(tables.waitlist, csvOptions),
    excluded: formatCsv(tables.excluded, csvOptions),
  };
  const configJson = JSON.stringify(config);
  const audit = buildAudit({
    version: ctx.version,
    seed,
    seedSource,
    input: { file: file.name, sha256: file.sha256, bytes: file.bytes, encoding: file.encoding, delimiter: file.delimiter },
    config: { source, sha256: sha256(configJson), effective: config },
    applicants,
    draws,
    outputs: {
      "roster.csv": sha256(csv.roster),
      "waitlist.csv": sha256(csv.waitlist),
      "excluded.csv": sha256(csv.excluded),
    },
  });

  checkNotInput(options.out, DRAW_FILES, file.path);
  await writeOutputs(options.out, [
    ["roster.csv", csv.roster],
    ["waitlist.csv", csv.waitlist],
    ["excluded.csv", csv.excluded],
    ["audit.json", `${JSON.stringify(audit, null, 2)}\n`],
  ]);

  if (options.stdout !== undefined) ctx.writeOut(csv[options.stdout]);
  ctx.writeErr(formatSummary(countResults(applicants, draws, config), { color: ctx.color, drawn: true }));
  ctx.writeErr(`Seed ${JSON.stringify(seed)}. Wrote ${DRAW_FILES.map((f) => join(options.out, f)).join(", ")}.\n`);
  return ExitCode.ok;
}
