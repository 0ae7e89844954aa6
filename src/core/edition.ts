import type { Rule } from "./rules/rule.js";
import { RULES, RULES_3, RULES_4, RULES_5 } from "./rules/index.js";

/**
 * What a draw's algorithm identifier fixes besides the draw itself: which eligibility rules judge the rows, how
 * applicants without an ID column are named, which row numbers the files give, which files a draw writes and
 * audit.json's layout. nest redoes every edition it has known (nest verify), so a draw made by any earlier version
 * verifies byte for byte. An edition is frozen once a release has drawn with it: a change to any of this, or to
 * what a rule decides or says, is a new edition with a new identifier (README "What stays verifiable"), and the
 * old editions keep their own rules and settings. A table, not branches: the code reads its knobs.
 */
export interface Edition {
  /** Recorded in audits and commitments, and the first part of every lottery number's key (docs/ALGORITHM.md §3). */
  algorithm: string;
  /** audit.json's "format": 1 has no such field (nest 0.1.0); 3 records the columns read ("columns"). */
  auditFormat: 1 | 2 | 3;
  /** The eligibility rules, in order (core/rules). */
  rules: readonly Rule[];
  /** Applicant IDs without an ID column: "R" and the line the row starts on, or a keyed pseudonym (§2). */
  ids: "line" | "pseudonym";
  /**
   * The row number written where a file points at a row (a duplicate's reason, the audit's notes): the file line
   * the row starts on, or the row a spreadsheet shows, which excluded.csv then also gives in a Row column.
   */
  rowNumbers: "line" | "sheetRow";
  /** The CSV files a draw writes, in writing order (audit.json comes last): nest verify checks every one. */
  files: readonly string[];
  /**
   * What config a draw records and hashes (audit, commitment): the config as the schema read it, defaults filled
   * in (nest 0.1.0), or as given (the file's JSON), which a later version's new settings leave unchanged.
   */
  config: "parsed" | "given";
  /**
   * How output cells a spreadsheet would run as formulas are neutralised, unless the draw was told not to
   * (io/format-csv.ts FormulaGuard, docs/ALGORITHM.md §6): 1, a cell that starts with a trigger; 2, every
   * fragment a semicolon, tab or space import would make a cell of, and it reads back exactly; 3, as 2 with "'''"
   * inside a cell, which an import taking "'" as its text delimiter reads as text too.
   */
  formulaGuard: 1 | 2 | 3;
  /**
   * How the ledger writes a lottery number: 16 hex digits, or "L" and the 16 digits, which no spreadsheet reads as a
   * number (all digits lose the last ones; "742e3513" is 742 × 10^3513), so the ledger survives a round trip.
   */
  lotteryNumbers: "hex" | "L";
  /**
   * How a date such as 6/7/2000 is read: each cell as the config's dateFormat says ("cell"), or, besides, each column
   * (date of birth, timestamp) checked whole first, and a column whose dates only fit the other order, or fit both
   * orders, stops the run with what to do ("column"; core/date-order.ts).
   */
  dateOrder: "cell" | "column";
  /**
   * How the export's columns are found (core/headers.ts): by the aliases only, or, when none fits a role, also by what
   * a header says, with Microsoft Forms' own columns giving way to the form's questions and a column of "anonymous"
   * refused as the email address ("meaning").
   */
  headers: "aliases" | "meaning";
  /**
   * Which timestamps are read (core/dates.ts): "narrow", parseTimestamp's; "wide", also the year first with slashes, a
   * two-digit year (20xx) and a time zone after the time (parseTimestampWide).
   */
  timestamps: "narrow" | "wide";
  /**
   * An applicant's own column named as one of nest's gets " (as submitted)" added: "suffix" leaves a clash that
   * makes (nest-draw/1 and /2); "unique" numbers the name until it is unlike every other column.
   */
  ownColumns: "suffix" | "unique";
  /**
   * audit.json's input.path: as typed on the command line, or the export's path from the draw's folder, with "/"
   * (the same whatever the working folder, and no home folder in it when the two are near).
   */
  inputPath: "typed" | "fromFolder";
  /**
   * A duplicate's reason names the row kept and its Applicant ID: "(NX4G…)", or "(Applicant ID NX4G…)", which an ID of
   * the export's own ("(1)") cannot be mistaken for something else.
   */
  duplicateOf: "rowAndId" | "rowAndApplicantId";
  /**
   * The page a draw writes beside its CSV files, listed in the audit like them: none, or report.html as its first
   * frozen rendering ("html-1": render/report/, with the edition's own bundled checking script, docs/ALGORITHM.md §6).
   */
  report: "none" | "html-1";
  /**
   * What `nest commit` writes and the audit's "commitment" is the hash of (docs/ALGORITHM.md §7): 1,
   * "nest-commitment/1", whose hash is of the JSON of its content and is stored in the file; 2, "nest-commitment/2",
   * whose hash is the SHA-256 of the file's bytes (what sha256sum prints), with the config's settings in it.
   */
  commitment: 1 | 2;
  /**
   * The seed the lottery numbers are keyed with (§3): the seed as given ("asGiven"), or with every white space taken
   * out ("noSpaces": "3 1 4" and "314" are one seed), so that dice rolls copied with other spacing give the same draw.
   */
  seeds: "asGiven" | "noSpaces";
}

const FILES_1 = ["roster.csv", "waitlist.csv", "excluded.csv", "ledger.csv"] as const;

export const EDITIONS: readonly Edition[] = [
  {
    algorithm: "nest-draw/1",
    auditFormat: 1,
    rules: RULES,
    ids: "line",
    rowNumbers: "line",
    files: FILES_1,
    config: "parsed",
    formulaGuard: 1,
    ownColumns: "suffix",
    inputPath: "typed",
    lotteryNumbers: "hex",
    dateOrder: "cell",
    headers: "aliases",
    timestamps: "narrow",
    duplicateOf: "rowAndId",
    report: "none",
    commitment: 1,
    seeds: "asGiven",
  },
  {
    algorithm: "nest-draw/2",
    auditFormat: 2,
    rules: RULES,
    ids: "pseudonym",
    rowNumbers: "sheetRow",
    files: FILES_1,
    config: "given",
    formulaGuard: 1,
    ownColumns: "suffix",
    inputPath: "typed",
    lotteryNumbers: "hex",
    dateOrder: "cell",
    headers: "aliases",
    timestamps: "narrow",
    duplicateOf: "rowAndId",
    report: "none",
    commitment: 1,
    seeds: "asGiven",
  },
  {
    algorithm: "nest-draw/3",
    auditFormat: 2,
    rules: RULES_3,
    ids: "pseudonym",
    rowNumbers: "sheetRow",
    files: FILES_1,
    config: "given",
    formulaGuard: 2,
    ownColumns: "unique",
    inputPath: "fromFolder",
    lotteryNumbers: "hex",
    dateOrder: "cell",
    headers: "aliases",
    timestamps: "narrow",
    duplicateOf: "rowAndId",
    report: "none",
    commitment: 1,
    seeds: "asGiven",
  },
  {
    algorithm: "nest-draw/4",
    auditFormat: 2,
    rules: RULES_4,
    ids: "pseudonym",
    rowNumbers: "sheetRow",
    files: FILES_1,
    config: "given",
    formulaGuard: 3,
    ownColumns: "unique",
    inputPath: "fromFolder",
    lotteryNumbers: "L",
    dateOrder: "column",
    headers: "meaning",
    timestamps: "wide",
    duplicateOf: "rowAndId",
    report: "none",
    commitment: 1,
    seeds: "asGiven",
  },
  {
    algorithm: "nest-draw/5",
    auditFormat: 3,
    rules: RULES_5,
    ids: "pseudonym",
    rowNumbers: "sheetRow",
    files: FILES_1,
    config: "given",
    formulaGuard: 3,
    ownColumns: "unique",
    inputPath: "fromFolder",
    lotteryNumbers: "L",
    dateOrder: "column",
    headers: "meaning",
    timestamps: "wide",
    duplicateOf: "rowAndApplicantId",
    report: "none",
    commitment: 1,
    seeds: "asGiven",
  },
  {
    algorithm: "nest-draw/6",
    auditFormat: 3,
    rules: RULES_5,
    ids: "pseudonym",
    rowNumbers: "sheetRow",
    files: FILES_1,
    config: "given",
    formulaGuard: 3,
    ownColumns: "unique",
    inputPath: "fromFolder",
    lotteryNumbers: "L",
    dateOrder: "column",
    headers: "meaning",
    timestamps: "wide",
    duplicateOf: "rowAndApplicantId",
    report: "html-1",
    commitment: 2,
    seeds: "noSpaces",
  },
];

/** The edition new draws use. */
export const CURRENT_EDITION: Edition = EDITIONS[EDITIONS.length - 1]!;

export function editionOf(algorithm: string): Edition | null {
  return EDITIONS.find((e) => e.algorithm === algorithm) ?? null;
}

/** The formula guard a file of this edition is written with: none when the draw was told not to escape formulas. */
export function formulaGuardOf(edition: Edition, escapeFormulas: boolean): 0 | 1 | 2 | 3 {
  return escapeFormulas ? edition.formulaGuard : 0;
}

/** A lottery number (16 hex digits) as the edition's ledger writes it. */
export function writtenLotteryNumber(edition: Pick<Edition, "lotteryNumbers">, hex: string): string {
  return edition.lotteryNumbers === "L" ? `L${hex}` : hex;
}

/** The page a draw of this edition writes, listed in its audit after the CSV files, if any. */
export const REPORT_HTML = "report.html";

/** Every file a draw of this edition lists in its audit, in writing order: the CSV files, then its page, if any. */
export function auditedFiles(edition: Pick<Edition, "files" | "report">): string[] {
  return edition.report === "none" ? [...edition.files] : [...edition.files, REPORT_HTML];
}

/**
 * The seed a draw of this edition keys its lottery numbers with (docs/ALGORITHM.md §3): from nest-draw/6, the seed
 * given with every white space (JavaScript's \s: spaces, no-break spaces and the like) taken out.
 */
export function seedUsed(edition: Pick<Edition, "seeds">, seed: string): string {
  return edition.seeds === "noSpaces" ? seed.replace(/\s+/g, "") : seed;
}

export const KNOWN_ALGORITHMS: readonly string[] = EDITIONS.map((e) => e.algorithm);
