import type { Config } from "../core/config.js";
import type { DateFormat } from "../core/dates.js";
import type { KnownNumbers } from "../core/draw.js";
import { evaluateExportWith, type Applicant } from "../core/eligibility.js";
import { inputError } from "../errors.js";
import { defaultConfig, readConfigFile, type LoadedConfig } from "../io/config-file.js";
import type { Encoding } from "../io/decode.js";
import { judgeInParallel } from "../io/parallel-eligibility.js";
import { Helper } from "../io/threads.js";
import { readExport, type ExportFile } from "../io/read-export.js";
import type { CommandContext } from "./context.js";

/** Shared first steps of check, draw: config, export, columns, eligibility and district. */

/** The config file (or the default), with --date-format applied: the result is the effective config the audit records. */
export async function loadConfig(path: string | undefined, dateFormat?: DateFormat): Promise<LoadedConfig> {
  const loaded = path === undefined ? defaultConfig() : await readConfigFile(path);
  if (dateFormat === undefined || dateFormat === loaded.config.dateFormat) return loaded;
  return { config: { ...loaded.config, dateFormat }, source: `${loaded.source}, with --date-format ${dateFormat}` };
}

export interface Evaluated {
  file: ExportFile;
  applicants: Applicant[];
  /** For a draw, the run's second thread, when the export is big enough for one (closed by the caller). */
  helper: Helper | null;
  /** For a draw, the lottery numbers worked out while the rows were read (core/draw.ts KnownNumbers). */
  numbers: KnownNumbers | null;
}

/** A second thread for an export of ctx.parallelBytes or more (io/threads.ts), else null. */
export function helperFor(ctx: CommandContext): (bytes: Uint8Array) => Helper | null {
  return (bytes) => (bytes.length >= ctx.parallelBytes ? new Helper() : null);
}

export async function loadApplicants(
  input: string,
  config: Config,
  encoding: Encoding | undefined,
  ctx: CommandContext,
  draw: { seed: string } | null = null,
): Promise<Evaluated> {
  ctx.progress.phase("reading");
  let helper = null as Helper | null;
  try {
    const file = await readExport(input, {
      encoding,
      readStdin: ctx.readStdin,
      onProgress: ctx.progress.live ? (n, share) => ctx.progress.rows(n, share) : undefined,
      helper: (bytes) => (helper = helperFor(ctx)(bytes)),
    });
    ctx.progress.phase(`checking ${file.rows.length.toLocaleString("en-US")} applicants`);
    const judge = judgeInParallel(file.headers, file.rows, config, helper, draw?.seed ?? null);
    const result = await evaluateExportWith(file.headers, file.rows, config, judge);
    if (!result.ok) {
      const n = result.issues.length;
      throw inputError({ file: file.label }, n === 1 ? result.issues[0]! : `the export has ${n} problems`, n === 1 ? [] : result.issues);
    }
    // The thread goes on to write for a draw; otherwise its work is done.
    if (draw === null) helper?.close();
    return { file, applicants: result.applicants, helper: draw === null ? null : helper, numbers: result.numbers ?? null };
  } catch (error) {
    helper?.close();
    throw error;
  }
}
