import { basename } from "node:path";
import type { Applicant } from "../core/applicant.js";
import { PUBLIC_ID_KEY } from "../core/applicant-ids.js";
import type { Config } from "../core/config.js";
import type { NumberSource } from "../core/draw.js";
import type { DateFormat } from "../core/dates.js";
import { seedUsed, type Edition } from "../core/edition.js";
import { birthOrderProblem, gatherOrder, timestampFormatOf, unchosenOrderProblem } from "../core/date-order.js";
import { anonymousProblem, resolveColumns, type ColumnHow, type ColumnMap } from "../core/headers.js";
import type { Table } from "../core/table.js";
import { inputError, NestError, ExitCode } from "../errors.js";
import type { Encoding } from "../io/decode.js";
import { createEngine, type Engine, type OutputFile } from "../io/engine/engine.js";
import { columnCells } from "../io/engine/judge-rows.js";
import type { CsvFormatOptions } from "../io/format-csv.js";
import { readInputBytes } from "../io/read-input.js";
import { sourceFor } from "../io/sources/source.js";
import { writeDraw, type DrawFolderOptions, type LastFile } from "../io/draw-folder.js";
import type { Progress } from "../render/progress.js";

/**
 * The pipeline's first steps, shared by check, commit, draw and verify: an export read through its source
 * (io/sources) into a table, then judged by the run's engine (io/engine) into a pool of applicants. The engine
 * lives as long as the `use` callback: a draw's files are written by it too.
 */

export interface ReadRequest {
  input: string;
  encoding?: Encoding;
  /** The workbook's sheet to read (--sheet, or the one the audit recorded). */
  sheet?: string;
  /** The source the audit recorded (verify); else the one that recognises the bytes. */
  source?: string;
}

/** What a run is given besides its options (commands/context.ts). */
export interface RunContext {
  readStdin: () => Promise<Uint8Array>;
  progress: Progress;
  /** From an export of this many bytes, the engine has a second thread. */
  parallelBytes: number;
}

/** An export, read: its table, and what the audit records of it. */
export interface ExportRead {
  table: Table;
  /** How messages name it: its path as given, or "(standard input)". */
  label: string;
  /** The file's name without its folder ("-" for standard input), and its path as given (null for standard input). */
  name: string;
  path: string | null;
  source: string;
  sha256: string;
  bytes: number;
  /** What the source records of how it read the export (a CSV file's encoding and delimiter). */
  record: Record<string, string | number>;
  /** A workbook's: the sheet read, and all its sheets in order. */
  workbook?: { sheet: string; sheets: readonly string[] };
  /** The applicants of the export, judged with this config and edition; with a seed, their lottery numbers too. */
  judge(request: JudgeRequest): Promise<Pool>;
}

export interface JudgeRequest {
  config: Config;
  edition: Edition;
  seed: string | null;
  /** For a draw: how its files will be written, so the engine can start on them while the draw is made. */
  write?: CsvFormatOptions;
  /**
   * Whether the order of day and month was chosen (--date-format, or "dateFormat" in a config file); verify's is
   * always, the draw's own. When not, dates of birth that could all be read either way stop the run.
   */
  dateOrderChosen: boolean;
}

export interface Pool {
  columns: ColumnMap;
  /** How each column was found (core/headers.ts): what nest check shows. */
  how: ColumnHow;
  /** The order the timestamps were read in (core/date-order.ts timestampFormatOf). */
  timestampFormat: DateFormat;
  /** Whether the Applicant IDs are pseudonyms (no ID column, and the edition gives them). */
  pseudonymous: boolean;
  applicants: Applicant[];
  numbers: NumberSource | null;
  /** A draw's files, as a folder that takes `dir`'s place as a whole (io/draw-folder.ts writeDraw); answers warnings. */
  write(
    dir: string,
    files: readonly OutputFile[],
    options: CsvFormatOptions,
    last: LastFile,
    onFile: (name: string) => void,
    folder: DrawFolderOptions,
  ): Promise<string[]>;
}

export async function usingExport<T>(request: ReadRequest, ctx: RunContext, use: (read: ExportRead) => Promise<T>): Promise<T> {
  const { input } = request;
  const label = input === "-" ? "(standard input)" : input;
  ctx.progress.phase("reading");
  const bytes = await readInputBytes(input, ctx.readStdin);
  const engine = await createEngine(bytes, ctx.parallelBytes);
  try {
    const name = input === "-" ? "-" : basename(input);
    const source = sourceFor(bytes, name, request.source);
    if (source === null)
      throw new NestError(`${label}: the draw read it as "${request.source}", which this nest cannot read`, ExitCode.input);
    const onProgress = ctx.progress.live ? (n: number, share: number) => ctx.progress.rows(n, share) : undefined;
    const read = await source.read(bytes, {
      label,
      encoding: request.encoding,
      sheet: request.sheet,
      onProgress,
      digest: (b, from) => engine.digest(b, from),
    });
    return await use({
      table: read.table,
      label,
      name,
      path: input === "-" ? null : input,
      source: source.id,
      sha256: read.sha256,
      bytes: bytes.length,
      record: read.record,
      ...(read.sheets === undefined ? {} : { workbook: { sheet: String(read.record.sheet), sheets: read.sheets } }),
      judge: (judgeRequest) =>
        judge(read.table, label, judgeRequest, engine, ctx).catch((error: unknown) => {
          throw withOtherSheets(error, read.sheets === undefined ? undefined : { sheet: String(read.record.sheet), sheets: read.sheets });
        }),
    });
  } finally {
    engine.close();
  }
}

async function judge(table: Table, label: string, request: JudgeRequest, engine: Engine, ctx: RunContext): Promise<Pool> {
  const { config, edition, seed } = request;
  // toLocaleString loads the locale data (15 ms): only for a progress line someone sees.
  if (ctx.progress.live) ctx.progress.phase(`checking ${table.rows.length.toLocaleString("en-US")} applicants`);
  const resolved = resolveColumns(table.headers, config, edition.headers === "meaning");
  // An email column of "anonymous" is said with the columns' other problems, in one pass.
  const email = resolved.ok ? resolved.columns.email : resolved.found?.email;
  const anonymous =
    edition.headers === "meaning" && email !== undefined ? anonymousProblem(table.headers[email]!, columnCells(table.rows, email)) : null;
  if (!resolved.ok) throw problems(label, anonymous === null ? resolved.issues : [anonymous, ...resolved.issues]);
  if (anonymous !== null) throw problems(label, [anonymous]);
  const columns = resolved.columns;
  const { dateOfBirth, timestamp } = columns;
  const byColumn = edition.dateOrder === "column";
  // The timestamps' order, read once: it decides how they are read, and speaks for dates of birth that do not say.
  const stamps =
    byColumn && timestamp !== undefined
      ? { column: table.headers[timestamp]!, evidence: gatherOrder(columnCells(table.rows, timestamp)) }
      : null;
  // Dates of birth only where a rule reads them: a category with an age rule.
  const ageRuled = config.categories.some((c) => c.rules.minAge !== undefined || c.rules.maxAge !== undefined);
  if (byColumn && dateOfBirth !== undefined && ageRuled) {
    const births = { column: table.headers[dateOfBirth]!, evidence: gatherOrder(columnCells(table.rows, dateOfBirth)) };
    const problem =
      birthOrderProblem(births, stamps, config.dateFormat) ?? (request.dateOrderChosen ? null : unchosenOrderProblem(births, stamps));
    if (problem !== null) throw problems(label, [problem]);
  }
  const timestampFormat = timestampFormatOf(edition.dateOrder, stamps === null ? null : () => stamps.evidence, config.dateFormat);
  const pseudonyms = edition.ids === "pseudonym" && columns.id === undefined;
  const judged = await engine.judge(
    table,
    {
      config,
      headers: table.headers,
      columns,
      algorithm: edition.algorithm,
      idKey: pseudonyms ? (config.applicantIdKey ?? PUBLIC_ID_KEY) : null,
      seed: seed === null ? null : seedUsed(edition, seed),
      timestampFormat,
    },
    request.write ?? null,
  );
  if (!judged.ok) throw problems(label, judged.issues);
  return {
    columns,
    how: resolved.how,
    timestampFormat,
    pseudonymous: pseudonyms,
    applicants: judged.applicants,
    numbers: judged.numbers,
    write: (dir, files, options, last, onFile, folder) => writeDraw(dir, engine, files, options, last, onFile, folder),
  };
}

/**
 * A problem with the columns or rows of one sheet of a workbook that has others: it may be the wrong sheet (a "Read
 * me" tab first), so the message says which was read and which others there are.
 */
function withOtherSheets(error: unknown, workbook: ExportRead["workbook"]): unknown {
  if (!(error instanceof NestError) || error.exitCode !== ExitCode.input || workbook === undefined || workbook.sheets.length < 2)
    return error;
  const others = workbook.sheets.filter((s) => s !== workbook.sheet).map((s) => JSON.stringify(s));
  const hint = `nest read the sheet ${JSON.stringify(workbook.sheet)}; the workbook also has ${others.join(", ")}: --sheet NAME reads another`;
  return new NestError(error.message, error.exitCode, { details: [...error.details, hint], cause: error });
}

function problems(label: string, issues: readonly string[]): NestError {
  const n = issues.length;
  return inputError({ file: label }, n === 1 ? issues[0]! : `the export has ${n} problems`, n === 1 ? [] : issues);
}
