import { buildAudit, countResults, type Counts } from "../core/audit.js";
import type { Config } from "../core/config.js";
import { drawAll, type DistrictDraw } from "../core/draw.js";
import { auditedFiles, EDITIONS, formulaGuardOf, REPORT_HTML, seedUsed, type Edition } from "../core/edition.js";
import { columnsRecord } from "../core/headers.js";
import { ledgerRows } from "../core/ledger.js";
import { outputRows } from "../core/outputs.js";
import { auditWriter } from "../io/audit-file.js";
import { REPLACEMENT_NOTES, REPLACEMENTS_CSV } from "../io/replacements-file.js";
import { formatReport, type Replacement } from "../render/report.js";
import { RESULTS_XLSX } from "../io/results-xlsx.js";
import type { OutputFile } from "../io/engine/engine.js";
import type { CsvFormatOptions } from "../io/format-csv.js";
import type { LastFile } from "../io/draw-folder.js";
import type { ConfigRecord } from "./config.js";
import type { ExportRead, Pool } from "./pool.js";

/**
 * A draw, from a judged pool to every file it writes: nest draw writes them, nest verify recomputes and compares
 * them. What the audit records but cannot recompute (the export's name and path, the config's source, the seed's
 * origin, the version) is given: the draw's own, or, for verify, the recorded ones.
 */
export interface DrawRequest {
  read: ExportRead;
  pool: Pool;
  config: Config;
  edition: Edition;
  seed: string;
  seedSource: string;
  version: string;
  /** The config as recorded in the audit (pipeline/config.ts recordConfig; verify passes the recorded one). */
  configRecord: ConfigRecord;
  /** The export as the audit names it: its name and its path as given (verify passes the recorded ones). */
  inputName: string;
  inputPath: string;
  /** Verify passes the recorded hash and size of the export, which it compares with the export's itself. */
  inputRecorded?: { sha256: string; bytes: number };
  options: { encoding: string | null; bom: boolean; escapeFormulas: boolean };
  commitment: string | null;
}

export interface DrawResult {
  draws: DistrictDraw[];
  counts: Counts;
  csvOptions: CsvFormatOptions;
  /** The CSV files the edition writes, in writing order, each made line by line when written. */
  files: OutputFile[];
  /** report.html (nest-draw/6 on), written after the CSV files and listed in the audit; null when the edition has none. */
  report: PageFile | null;
  /** audit.json, given the SHA-256 of each CSV file. */
  audit: LastFile;
}

/** A page of a draw (report.html), listed in the audit like the CSV files. */
export interface PageFile {
  name: string;
  /** Its text, in pieces to write one after the other, made when asked for; `replacements` (nest replace) are shown on it. */
  pieces: (replacements?: readonly Replacement[]) => Iterable<string>;
}

export function computeDraw(request: DrawRequest): DrawResult {
  const { read, pool, config, edition, seed } = request;
  const { table } = read;
  // The lottery is keyed with the seed as the edition uses it (nest-draw/6: no white space); the audit records it as given.
  const draws = drawAll(edition.algorithm, pool.applicants, config, seedUsed(edition, seed), pool.numbers ?? undefined);
  const rows = outputRows(edition, table.headers, table.rows, pool.applicants, draws, config);
  const counts = countResults(pool.applicants, draws, config);
  const csvOptions = { bom: request.options.bom, guard: formulaGuardOf(edition, request.options.escapeFormulas) };
  // Everything in the audit but the output hashes, worked out when first asked for (while a second thread writes).
  const rest = () => {
    const { outputs: _outputs, ...head } = buildAudit({
      edition,
      version: request.version,
      seed,
      seedSource: request.seedSource,
      input: {
        file: request.inputName,
        path: request.inputPath,
        source: read.source,
        sha256: request.inputRecorded?.sha256 ?? read.sha256,
        bytes: request.inputRecorded?.bytes ?? read.bytes,
        record: read.record,
      },
      columns: columnsRecord(read.table.headers, pool.columns, pool.how),
      config: request.configRecord,
      options: request.options,
      commitment: request.commitment,
      applicants: pool.applicants,
      draws,
      counts,
      outputs: {},
    });
    return head;
  };
  const report = (replacements?: readonly Replacement[]) => {
    const text = formatReport(edition, {
      program: config.program,
      algorithm: edition.algorithm,
      version: request.version,
      seed,
      seedSource: request.seedSource,
      commitment: request.commitment,
      counts,
      ledger: () => ledgerRows(pool.applicants, draws, config, edition),
      guard: csvOptions.guard,
      ...(replacements === undefined ? {} : { replacements }),
    });
    return text ?? [];
  };
  const waitlist = { algorithm: edition.algorithm, headers: table.headers, rows: table.rows, draws, config };
  return {
    draws,
    counts,
    csvOptions,
    files: edition.files.map((name) => {
      const file = [
        { name: "roster.csv", lines: rows.roster },
        { name: "waitlist.csv", lines: rows.waitlist, waitlist },
        { name: "excluded.csv", lines: rows.excluded },
        { name: "ledger.csv", lines: () => ledgerRows(pool.applicants, draws, config, edition) },
      ].find((f) => f.name === name);
      if (file === undefined) throw new Error(`${edition.algorithm} writes ${name}, which nest cannot make`);
      return file;
    }),
    report: edition.report === "none" ? null : { name: REPORT_HTML, pieces: report },
    audit: { name: "audit.json", ...auditWriter(rest) },
  };
}

/** The files a draw of this edition writes, in writing order: audit.json last. */
export function drawFiles(edition: Edition): string[] {
  return [...auditedFiles(edition), "audit.json"];
}

/**
 * Every file a draw's folder may hold: its files, results.xlsx (--xlsx), a copy that no audit lists, the record of
 * replacements since the draw (nest replace), which a new draw in the folder replaces with the rest, and the files of
 * every other edition (a ceremony committed with nest-draw/5 drawn with --force where a nest-draw/6 draw with its
 * report.html was: that folder holds a draw, and nothing else).
 */
export function folderFiles(edition: Edition): string[] {
  return [...new Set([...drawFiles(edition), ...EDITIONS.flatMap(drawFiles), RESULTS_XLSX, REPLACEMENTS_CSV, REPLACEMENT_NOTES])];
}
