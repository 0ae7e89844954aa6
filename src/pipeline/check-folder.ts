import { commitmentOf } from "./commitment.js";
import { validateConfig, type Config } from "../core/config.js";
import { auditedFiles, editionOf, KNOWN_ALGORITHMS, seedUsed, type Edition } from "../core/edition.js";
import { seedDifference, seedForm } from "../core/seed-form.js";
import { describeJsonDifferences } from "../core/json-diff.js";
import {
  ledgerRootText,
  replayReplacements,
  REPLACEMENT_REASONS,
  startState,
  type Replacement,
  type ReplaceState,
} from "../core/replace.js";
import { drawnGroups, replacedOutputRows } from "../core/replace-outputs.js";
import { ExitCode, NestError } from "../errors.js";
import { hashCommitment } from "../io/commitment-file.js";
import { describeCsvDifference, describeOutcomeDifferences } from "../io/compare-csv.js";
import { recordTraces } from "../io/record-traces.js";
import { formatCsv, streamCsv } from "../io/csv-stream.js";
import { restoreFormula, type FormulaGuard } from "../io/format-csv.js";
import { ENCODINGS, type Encoding } from "../io/decode.js";
import type { OutputFile } from "../io/engine/engine.js";
import { locateExport } from "../io/export-path.js";
import { sha256, sha256Of } from "../io/hash.js";
import { readDrawFile, readVerifyTarget, type AuditFile, type RecordedAudit } from "../io/read-audit.js";
import {
  formatReplacements,
  parseNotes,
  parseReplacements,
  REPLACEMENT_NOTES,
  REPLACEMENTS_CSV,
  type Note,
} from "../io/replacements-file.js";
import { compareResultsWorkbook, RESULTS_XLSX, resultsRows } from "../io/results-xlsx.js";
import { computeDraw, type DrawResult } from "./draw.js";
import { usingExport, type ExportRead, type Pool, type RunContext } from "./pool.js";

/**
 * A draw's folder checked (nest verify DIR; nest replace checks it before it adds to it): the draw redone from the
 * export, the recorded config and the seed, every file the audit lists compared; then the record of replacements
 * beside it replayed (docs/ALGORITHM.md §9), and roster, waitlist and excluded compared with the state after it.
 * Every draw made by an earlier version is redone by its own edition (core/edition.ts), its config used as recorded.
 */

export interface Replayed {
  entries: Replacement[];
  state: ReplaceState;
  notes: Map<number, string>;
  noteList: Note[];
}

export interface CheckedFolder {
  audit: RecordedAudit;
  edition: Edition;
  dir: string;
  /** Every difference found; none when the folder is the draw's, with its replacements. */
  differences: string[];
  /**
   * The files whose bytes are not nest's (or that are missing), when that is every difference: the draw redone
   * matches audit.json, the record replays, and nest can write each of them again as it wrote them (nest restore).
   * Empty when there is no difference; null when some difference is of another kind (nothing to restore from).
   */
  restorable: string[] | null;
  /**
   * Where roster, waitlist or excluded say otherwise than the draw and its record who is where, or why (not only
   * how the file is written): then either the file or the record was changed, and nest cannot tell which.
   */
  outcomes: string[];
  /** A seed given (--seed) that is the draw's spaced otherwise, which nest-draw/6 does not count: said, not a difference. */
  seedNote: string;
  /** What was redone, when the draw could be (not after an edit that stops it being redone). */
  redone: {
    read: ExportRead;
    pool: Pool;
    config: Config;
    result: DrawResult;
    /** The files as they are now: the drawn ones, with roster, waitlist and excluded after the replacements. */
    files: OutputFile[];
    replayed: Replayed;
    /** The chain's root: the drawn ledger's cells' SHA-256 (core/replace.ts ledgerRootText). */
    root: string;
    /** The drawn files' SHA-256, recomputed (what audit.outputs records). */
    hashes: Record<string, string>;
    workbook: boolean;
  } | null;
}

export async function checkFolder(
  target: string | AuditFile,
  options: { input?: string; seed?: string; version: string },
  ctx: RunContext,
  then: (checked: CheckedFolder) => Promise<number>,
): Promise<number> {
  const found = typeof target === "string" ? await readVerifyTarget(target) : { kind: "audit" as const, ...target };
  if (found.kind === "commitment")
    throw new NestError(`${found.path}: is a commitment (nest commit), not a draw: name the draw's folder`, ExitCode.input);
  const { audit, text, dir, path: auditPath } = found;
  const edition = editionOfAudit(audit, auditPath, options.version);
  let seedNote = "";
  const stop = (differences: string[]) =>
    then({ audit, edition, dir, differences, seedNote, restorable: null, outcomes: [], redone: null });

  const differences: string[] = [];
  const recorded = audit.config.effective;
  const configResult = validateConfig(recorded);
  if (!configResult.ok) return stop([`audit.json: the recorded config was altered: it is no longer valid (${configResult.issues[0]})`]);
  const config = configResult.config;
  // The hash is of the config as recorded, never as this version's schema would fill it in. A config edited after
  // the draw is the one difference: files recomputed from it would differ from the honest ones, which says nothing.
  if (sha256(JSON.stringify(recorded)) !== audit.config.sha256) {
    return stop([
      "audit.json: the recorded config was edited after the draw (its SHA-256 does not match the one recorded); " +
        "the files were not compared, since they would be recomputed from the edited config",
    ]);
  }
  if (options.seed !== undefined && options.seed !== audit.seed) {
    const difference = seedDifference(options.seed, audit.seed);
    if (seedUsed(edition, options.seed) === seedUsed(edition, audit.seed)) {
      // nest-draw/6 takes white space out: the seed given is the one drawn with, written with other spacing.
      seedNote = ` (the seed given, ${JSON.stringify(options.seed)}, is the same spaced otherwise, which ${edition.algorithm} does not count)`;
    } else
      differences.push(
        `the seed given is not the draw's: given ${JSON.stringify(options.seed)} (${seedForm(options.seed)}), recorded ` +
          `${JSON.stringify(audit.seed)} (${seedForm(audit.seed)}); ${difference}` +
          (options.seed.replace(/\s+/g, "") === audit.seed.replace(/\s+/g, "")
            ? `. In a ${edition.algorithm} draw spaces count: a seed is checked as recorded, character for character`
            : ""),
      );
  }
  const encodingEdited = checkEncodings(audit);
  if (encodingEdited !== null) return stop([encodingEdited]);
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
        return stop([...differences, `${changedExport}, and it can no longer be read as then (${error.message})`]);
      throw error;
    }
    if (audit.commitment !== null) {
      const body = commitmentOf(read, pool, config, edition, audit.config);
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
    // Differences that are a file's bytes alone (nest writes it again from the draw and its record), by file.
    const restorable: string[] = [];
    let restorableDifferences = 0;
    const outcomes: string[] = [];
    const undo = (cell: string) => restoreFormula(cell, result.csvOptions.guard);
    const notNests = (name: string, difference: string) => {
      differences.push(difference);
      restorable.push(name);
      restorableDifferences++;
    };
    for (const file of result.files) hashes[file.name] = streamCsv(file.lines(), result.csvOptions, () => {});
    // ledger.csv is the very ledger audit.json lists, and the draw redone from what audit.json records gives another,
    // from the recorded export and config: then audit.json itself was changed (its seed, most likely). Said alone:
    // everything else would differ only because of it.
    const ledgerNow = await readDrawFile(dir, "ledger.csv");
    const listedLedger = audit.outputs["ledger.csv"];
    if (!changed && ledgerNow !== null && sha256(ledgerNow) === listedLedger && hashes["ledger.csv"] !== listedLedger)
      return stop([
        `audit.json was edited after the draw: ledger.csv is the ledger it lists (by SHA-256), but the draw redone from what ` +
          `it records (seed ${JSON.stringify(audit.seed)}, algorithm ${audit.algorithm}) gives another; its seed, or another recorded ` +
          "field that decides the draw, was changed. Put back audit.json as the draw wrote it (a copy you published or kept)",
      ]);

    // The replacements since the draw, replayed from the drawn state; the files on disk are the state after them.
    const root = sha256Of(ledgerRootText(result.files.find((f) => f.name === "ledger.csv")!.lines() as Iterable<readonly string[]>));
    const replayed = await replay(dir, result, config, root, differences, notNests);
    // A record that does not replay leaves no state to hold roster, waitlist and excluded against: each would differ
    // only because of it, so they are left out (and said to be), not listed as further differences.
    const unreplayed = replayed.failed;
    if (unreplayed)
      differences.push(
        `roster.csv, waitlist.csv${result.report === null ? " and excluded.csv" : `, excluded.csv and ${result.report.name}`} were not compared: ` +
          "they follow from the record, which does not replay",
      );
    // (A record that does not replay is said as such: its count of entries says nothing then.)
    const lost = replayed.failed
      ? null
      : await lostEntries(dir, replayed.entries.length, result.csvOptions.guard, result.report?.name ?? null);
    if (lost !== null) differences.push(lost);
    const files = replayed.entries.length === 0 ? result.files : replacedFiles(result, replayed, read, pool, config, edition);
    for (const file of files) {
      const name = file.name;
      if (unreplayed && ["roster.csv", "waitlist.csv", "excluded.csv"].includes(name)) continue;
      const expected =
        file === result.files.find((f) => f.name === name) ? hashes[name] : streamCsv(file.lines(), result.csvOptions, () => {});
      const actual = await readDrawFile(dir, name);
      if (actual === null) {
        notNests(name, `${name} is missing from ${dir}`);
        outcomes.push(...describeOutcomeDifferences(name, null, "", undo));
      } else if (sha256(actual) !== expected) {
        const text = formatCsv(file.lines(), result.csvOptions);
        const difference = describeCsvDifference(name, actual.toString("utf8"), text);
        if (difference !== null) notNests(name, difference);
        outcomes.push(...describeOutcomeDifferences(name, actual.toString("utf8"), text, undo));
      }
    }
    // report.html (nest-draw/6 on): the audit lists the drawn page; the page in the folder shows the replacements since.
    if (result.report !== null) {
      const name = result.report.name;
      hashes[name] = sha256Of(result.report.pieces());
      const now = replayed.entries.length === 0 ? undefined : replayed.entries;
      const expected = now === undefined ? hashes[name] : sha256Of(result.report.pieces(now));
      const actual = await readDrawFile(dir, name);
      if (actual === null) notNests(name, `${name} is missing from ${dir}`);
      else if (!unreplayed && sha256(actual) !== expected) {
        notNests(name, describeTextDifference(name, actual.toString("utf8"), result.report.pieces(now)));
        // The public page, changed: what it shows may be another outcome, which a restore would overturn unasked.
        outcomes.push(`${name} is not the page the draw and its record give (edited? saved again by a browser?)`);
      }
    }
    // results.xlsx (draw --xlsx) is a copy no audit lists: when it is there, its cells must be the files'.
    const workbook = await readDrawFile(dir, RESULTS_XLSX);
    if (workbook !== null && !unreplayed) {
      const cells = await compareResultsWorkbook(workbook, resultsRows(files));
      for (const difference of cells) notNests(RESULTS_XLSX, difference);
      // A workbook saved again keeps its cells: one that differs has other cells, perhaps other outcomes.
      if (cells.length > 0) outcomes.push(`${RESULTS_XLSX} holds other cells than the draw and its record give (${cells[0]})`);
    }
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
    return then({
      audit,
      edition,
      dir,
      differences,
      seedNote,
      restorable: differences.length === restorableDifferences && !unreplayed ? inFolderOrder(restorable, edition) : null,
      outcomes,
      redone: { read, pool, config, result, files, replayed, root, hashes, workbook: workbook !== null },
    });
  });
}

/**
 * replacements.csv and its notes read and replayed; what does not hold is added to `differences`. The chain's root is
 * the drawn ledger's cells' SHA-256, recomputed: the record continues this draw and no other.
 */
async function replay(
  dir: string,
  result: DrawResult,
  config: Config,
  root: string,
  differences: string[],
  notNests: (name: string, difference: string) => void,
): Promise<Replayed & { failed: boolean }> {
  const groups = drawnGroups(result.draws, config);
  const none = { entries: [], state: startState(groups), notes: new Map(), noteList: [], failed: false };
  const bytes = await readDrawFile(dir, REPLACEMENTS_CSV);
  const notesBytes = await readDrawFile(dir, REPLACEMENT_NOTES);
  if (bytes === null) {
    if (notesBytes !== null)
      differences.push(`${REPLACEMENT_NOTES} is there, but ${REPLACEMENTS_CSV}, the record it belongs to, is missing`);
    return none;
  }
  const parsed = parseReplacements(bytes, REPLACEMENTS_CSV, result.csvOptions);
  if (!parsed.ok) {
    differences.push(...parsed.problems);
    return { ...none, failed: true };
  }
  const { state, differences: found } = replayReplacements(groups, parsed.entries, root, sha256);
  if (found.length > 0) {
    differences.push(...found);
    return { entries: state.entries, state, notes: new Map(), noteList: [], failed: true };
  }
  const ours = formatReplacements(state.entries, result.csvOptions);
  if (!ours.equals(bytes))
    notNests(
      REPLACEMENTS_CSV,
      `${REPLACEMENTS_CSV} was edited: its entries replay, but its bytes are not the ones nest wrote (${bytesChange(bytes, ours)})`,
    );
  let notes = new Map<number, string>();
  let noteList: Note[] = [];
  if (notesBytes !== null) {
    const read = parseNotes(notesBytes.toString("utf8"), REPLACEMENT_NOTES, state.entries);
    if (read.ok) ({ notes, list: noteList } = read);
    else differences.push(...read.problems);
  }
  return { entries: state.entries, state, notes, noteList, failed: false };
}

/**
 * What to do about a folder whose only differences are in nest's own files (CheckedFolder.restorable): nest restore
 * writes them again from the draw and its record; with --undo-edits when they also say otherwise who is where.
 * Undefined when restoring cannot help.
 */
export function restoreAdvice(dir: string, checked: Pick<CheckedFolder, "restorable" | "outcomes" | "redone">): string | undefined {
  const { restorable, outcomes } = checked;
  if (restorable === null || restorable.length === 0) return undefined;
  const it = restorable.length === 1 ? "it" : "them";
  const them = restorable.length === 1 ? `${restorable[0]} is` : `${restorable.join(", ")} are`;
  if (outcomes.length === 0)
    return (
      `${them} not as nest wrote ${it}, and nothing else differs (saved again by a spreadsheet?): ` +
      `nest restore ${dir} writes ${it} again from the draw and its record, keeping the copies found in ${dir}/edited`
    );
  const entries = checked.redone?.replayed.entries.length ?? 0;
  const record =
    entries === 0
      ? ""
      : `, or ${REPLACEMENTS_CSV} lost or changed entries (nest verify ${dir} --chain LAST-CHAIN, with the last Chain you published, checks it)`;
  return (
    `${outcomes[0]}${outcomes.length > 1 ? ` (and ${outcomes.length - 1} more)` : ""}: someone changed who is where, or why, in that file${record}. ` +
    `If ${entries === 0 ? "the draw is" : "the draw and its record are"} right, nest restore ${dir} --undo-edits puts back what ${entries === 0 ? "it says" : "they say"}, ` +
    `keeping the copies found in ${dir}/edited`
  );
}

/**
 * The files nest wrote after each entry of the record hold traces of it: excluded.csv a row for everyone replaced out
 * (DECLINED, NO_REPLY, INELIGIBLE), report.html (nest-draw/6 on) a row per entry. More of them than the record has
 * entries is a record that lost entries (deleted, or cut short), said as such: the files are then right and the
 * record is not, which nothing but its copy can put back (nest restore never restores from it).
 */
async function lostEntries(dir: string, entries: number, guard: FormulaGuard, page: string | null): Promise<string | null> {
  const traces = await recordTraces(dir, guard, page);
  const found: string[] = [];
  if (traces.excluded > entries)
    found.push(
      `excluded.csv lists ${traces.excluded === 1 ? "1 person" : `${traces.excluded} people`} replaced after the draw (${Object.keys(REPLACEMENT_REASONS).join(", ")})`,
    );
  if (traces.page > entries) found.push(`${page} shows ${traces.page === 1 ? "1 replacement" : `${traces.page} replacements`}`);
  if (found.length === 0) return null;
  return entries === 0
    ? `${REPLACEMENTS_CSV} is missing, but ${found.join(", and ")}: put back the record nest replace wrote (the copy you published)`
    : `${REPLACEMENTS_CSV} has ${entries === 1 ? "1 entry" : `${entries} entries`}, but ${found.join(", and ")}: entries were removed from the record; put back the record nest replace wrote (the copy you published)`;
}

/** File names once each, in the order a draw's folder lists them (the audited files, the record, the workbook). */
function inFolderOrder(names: readonly string[], edition: Edition): string[] {
  const order = [...auditedFiles(edition), REPLACEMENTS_CSV, RESULTS_XLSX];
  const rank = (name: string) => (order.includes(name) ? order.indexOf(name) : order.length);
  return [...new Set(names)].sort((a, b) => rank(a) - rank(b));
}

/** What a program that saved a CSV file again is likely to have changed in it. */
function bytesChange(bytes: Buffer, ours: Buffer): string {
  const mark = (b: Buffer) => b.subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf]));
  return mark(ours) && !mark(bytes) ? "its byte-order mark was dropped: saved again by a spreadsheet?" : "line ends, quoting";
}

/** The draw's files with roster, waitlist and excluded as they are after the replacements. */
export function replacedFiles(
  result: DrawResult,
  replayed: Pick<Replayed, "state" | "notes">,
  read: ExportRead,
  pool: Pool,
  config: Config,
  edition: Edition,
): OutputFile[] {
  const rows = replacedOutputRows(
    edition,
    read.table.headers,
    read.table.rows,
    pool.applicants,
    result.draws,
    config,
    replayed.state,
    replayed.notes,
  );
  const lines = { "roster.csv": rows.roster, "waitlist.csv": rows.waitlist, "excluded.csv": rows.excluded } as Record<
    string,
    () => Iterable<never>
  >;
  return result.files.map((f) => (lines[f.name] === undefined ? f : { name: f.name, lines: lines[f.name]! }));
}

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
export function editionOfAudit(audit: RecordedAudit, auditPath: string, version: string): Edition {
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
