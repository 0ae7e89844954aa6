import type { Category, Config } from "./config.js";
import { ageOn, formatIsoDate, parseDate, parseIsoDate, parseTimestamp, type CivilDate } from "./dates.js";
import { assignDistrict, buildDistrictIndex } from "./district.js";
import { numberer, type KnownNumbers } from "./draw.js";
import { FirstSeen, fnv1a } from "./first-seen.js";
import { resolveColumns, type ColumnMap } from "./headers.js";
import { REASONS, type Exclusion, type ReasonCode } from "./reasons.js";
import { cleanCell, normalizeKey } from "./text.js";

/** One record of the export: the line its row starts on and its cells, one per header. */
export interface Row {
  line: number;
  cells: readonly string[];
  /** cells[index], where a row can read one cell for less than all of them (io/csv-records.ts SourceRow). */
  cell?(index: number): string;
}

export interface Applicant {
  /** The export's own ID, else "R" and the line the row starts on. */
  id: string;
  line: number;
  /** Index into the table's rows: the applicant's own cells are carried to every output. */
  rowIndex: number;
  districtId: string | null;
  /** Category ids the applicant is eligible for, in their order of preference. */
  categories: readonly string[];
  /** Category ids the applicant named and nest recognised, in order, eligible or not. */
  named: readonly string[];
  /** Things the coordinator should know that did not exclude the applicant. */
  notes: readonly string[];
  exclusion: Exclusion | null;
}

export type EvaluationResult = { ok: true; applicants: Applicant[] } | { ok: false; issues: string[] };

const NONE: readonly string[] = Object.freeze([]);

const EMAIL = /^[^\s@",;<>()[\]]+@[^\s@",;<>()[\]]+\.[^\s@",;<>()[\].]{2,}$/;

/** Exclusion codes as small numbers in Verdicts: 0 is none, n is REASON_CODES[n - 1]. */
const REASON_CODES = Object.keys(REASONS) as ReasonCode[];
const REASON_NUMBERS = new Map(REASON_CODES.map((code, i) => [code, i + 1]));

/**
 * What every rule but the whole-file ones (IDs used twice, duplicate emails) decided for rows [from, to),
 * as typed arrays and lists of strings: two threads can each judge part of a big export, and the parts are
 * put together (applicantsFrom, DuplicateFinder, markDuplicates) exactly as if one had judged it all
 * (test/core/eligibility-parts.property.test.ts).
 */
export interface Verdicts {
  from: number;
  to: number;
  /** Each row's ID cell, when the export has an ID column. */
  ids: string[] | null;
  /** Index into config.districts, or -1. */
  district: Int16Array;
  /** Indexes into `lists`: the categories named and recognised, and those the applicant is eligible for. */
  named: Int32Array;
  categories: Int32Array;
  /** Distinct lists of category ids; lists[0] is the empty list. */
  lists: (readonly string[])[];
  /** 0, or 1 + the exclusion's index in REASON_CODES; `reasons` holds the sentences of excluded rows in order. */
  exclusion: Uint8Array;
  reasons: string[];
  /** How many notes each row has, the first `damageCount` of them spreadsheet damage; `notes` holds them all, in row order. */
  noteCount: Int32Array;
  damageCount: Int32Array;
  notes: string[];
  /** 1 when the row has a valid email address, whose folded form hashes (fnv1a) to `emailHash`. */
  hasEmail: Uint8Array;
  emailHash: Int32Array;
  /** Given a seed: the lottery number of each row not excluded (core/draw.ts KnownNumbers, by k). */
  numbers: KnownNumbers | null;
}

/**
 * Eligibility and district for every row, each failure a reason code and a sentence.
 * Order: ID, email, duplicates, district, categories, age rules. See README "Eligibility".
 */
export function evaluateApplicants(
  headers: readonly string[],
  rows: readonly Row[],
  columns: ColumnMap,
  config: Config,
  idColumnName = "ID",
): EvaluationResult {
  const parts = [judgeRows(headers, rows, columns, config, 0, rows.length)];
  const result = applicantsFrom(rows, config, idColumnName, parts);
  if (result.ok)
    markDuplicates(
      result.applicants,
      parts,
      findDuplicates((i) => rows[i]!, columns, config, emailsOf(parts)),
    );
  return result;
}

/** The ID of an applicant whose export has no ID column: "R" and the line their row starts on. */
function rowId(line: number): string {
  return `R${line}`;
}

/** A row's cell for a column role, trimmed; undefined when the export has no such column. */
function cellOf(cells: readonly string[], columns: ColumnMap, role: keyof ColumnMap): string | undefined {
  const index = columns[role];
  return index === undefined ? undefined : cleanCell(cells[index] ?? "");
}

/**
 * Every rule that needs only the row itself, for rows [from, to). Rows may read their cells from the
 * export's bytes each time they are asked (io/parse-export.ts): each row's cells are taken once.
 */
export function judgeRows(
  headers: readonly string[],
  rows: readonly Row[],
  columns: ColumnMap,
  config: Config,
  from: number,
  to: number,
  seed: string | null = null,
): Verdicts {
  const cell = (cells: readonly string[], role: keyof ColumnMap) => cellOf(cells, columns, role);
  const districtIndex = buildDistrictIndex(config);
  const districtNumbers = new Map(config.districts.map((d, i) => [d.id, i]));
  const categoryIndex = buildCategoryIndex(config.categories);
  const categoriesById = new Map(config.categories.map((c) => [c.id, c]));
  // The date ages are taken on, with a key for the cache of age readings.
  const asOfDate = (iso: string) => ({ ...parseIsoDate(iso)!, key: iso });
  const globalAsOf = config.ageAsOf === null ? null : asOfDate(config.ageAsOf);
  const sessionDates = new Map(config.districts.map((d) => [d.id, asOfDate(d.session.date)]));
  // Answers repeat (a form's drop-down options, common dates): each distinct one is worked out once.
  const placements = new Map<string, ReturnType<typeof assignDistrict>>();
  const choices = new Map<string, ReturnType<typeof parseCategories> & { ruled: boolean; list: number }>();
  const ages = new Map<string, AgeReading>();
  // Lists of category ids, each distinct one numbered once (by its ids joined with a separator no id holds).
  const lists: (readonly string[])[] = [NONE];
  const listNumbers = new Map<string, number>([["", 0]]);
  const listNumber = (ids: readonly string[]): number => {
    const key = ids.join("\u0000");
    let n = listNumbers.get(key);
    if (n === undefined) listNumbers.set(key, (n = lists.push(ids) - 1));
    return n;
  };

  const n = to - from;
  const v: Verdicts = {
    from,
    to,
    ids: columns.id === undefined ? null : new Array<string>(n),
    district: new Int16Array(n).fill(-1),
    named: new Int32Array(n),
    categories: new Int32Array(n),
    lists,
    exclusion: new Uint8Array(n),
    reasons: [],
    noteCount: new Int32Array(n),
    damageCount: new Int32Array(n),
    notes: [],
    hasEmail: new Uint8Array(n),
    emailHash: new Int32Array(n),
    numbers: seed === null ? null : { known: new Uint8Array(n), halves: new Uint32Array(2 * n) },
  };
  // With a seed, each row left in the draw gets its lottery number here, where its ID and district are at hand.
  const numberers = seed === null ? [] : config.districts.map((d) => numberer(seed, d.id));
  const exclude = (k: number, exclusion: Exclusion): void => {
    v.exclusion[k] = REASON_NUMBERS.get(exclusion.code)!;
    v.reasons.push(exclusion.reason);
  };

  for (let rowIndex = from; rowIndex < to; rowIndex++) {
    const k = rowIndex - from;
    const row = rows[rowIndex]!;
    const cells = row.cells;
    if (v.ids !== null) v.ids[k] = cell(cells, "id")!;
    // Notes are pushed as they are found, so `notes` stays in row order.
    const notesBefore = v.notes.length;
    const damage = findSpreadsheetDamage(headers, cells);
    for (const note of damage) v.notes.push(note);
    v.damageCount[k] = damage.length;
    judgeRow(k, cells);
    v.noteCount[k] = v.notes.length - notesBefore;
    if (v.numbers !== null && v.exclusion[k] === 0) {
      numberers[v.district[k]!]!(v.ids === null ? rowId(row.line) : v.ids[k]!, v.numbers.halves, 2 * k);
      v.numbers.known[k] = 1;
    }
  }
  return v;

  function judgeRow(k: number, cells: readonly string[]): void {
    // Email: required, and shaped like one.
    const email = readEmail(cell(cells, "email") ?? "");
    if (email === "") return exclude(k, { code: "MISSING_EMAIL", reason: "No email address was given" });
    if (!EMAIL.test(email)) return exclude(k, { code: "INVALID_EMAIL", reason: `"${email}" is not an email address` });
    v.hasEmail[k] = 1;
    v.emailHash[k] = fnv1a(foldEmail(email));

    const answers = { district: cell(cells, "district"), neighborhood: cell(cells, "neighborhood"), zip: cell(cells, "zip") };
    const placementKey = `${answers.district}\u0000${answers.neighborhood}\u0000${answers.zip}`;
    let placement = placements.get(placementKey);
    if (placement === undefined) placements.set(placementKey, (placement = assignDistrict(answers, districtIndex)));
    if (!placement.ok) return exclude(k, placement.exclusion);
    v.district[k] = districtNumbers.get(placement.districtId)!;
    for (const note of placement.notes) v.notes.push(note);

    const categoriesText = cell(cells, "categories") ?? "";
    let choice = choices.get(categoriesText);
    if (choice === undefined) {
      const parsed = parseCategories(categoriesText, categoryIndex);
      choice = { ...parsed, ruled: parsed.ids.some((id) => hasAgeRule(categoriesById.get(id)!)), list: listNumber(parsed.ids) };
      choices.set(categoriesText, choice);
    }
    v.named[k] = choice.list;
    if (choice.unknown.length > 0) {
      const known = config.categories.map((c) => `"${c.name}"`).join(", ");
      const sentence = `${choice.unknown.map((u) => `"${u}"`).join(", ")} ${choice.unknown.length === 1 ? "is not a category" : "are not categories"}; the categories are ${known}`;
      if (choice.ids.length === 0) return exclude(k, { code: "UNKNOWN_CATEGORY", reason: sentence });
      v.notes.push(sentence);
    }
    if (choice.ids.length === 0) return exclude(k, { code: "NO_CATEGORY", reason: "No group (category) was chosen" });

    if (!choice.ruled) {
      v.categories[k] = choice.list; // no age rule to check
      return;
    }
    const asOf = globalAsOf ?? sessionDates.get(placement.districtId)!;
    const dob = cell(cells, "dateOfBirth");
    const stated = cell(cells, "age");
    const ageKey = `${dob}\u0000${stated}\u0000${asOf.key}`;
    let age = ages.get(ageKey);
    if (age === undefined) ages.set(ageKey, (age = readAge(dob, stated, asOf, config.dateFormat)));

    const failures: Exclusion[] = [];
    const eligible: string[] = [];
    for (const id of choice.ids) {
      const category = categoriesById.get(id)!;
      const failure = hasAgeRule(category) ? checkAge(category, age, asOf) : null;
      if (failure === null) eligible.push(id);
      else failures.push(failure);
    }
    v.categories[k] = failures.length === 0 ? choice.list : listNumber(eligible);
    if (eligible.length === 0) return exclude(k, failures[0]!);
    for (const f of failures) v.notes.push(f.reason);
  }
}

/**
 * Applicants from the verdicts on every row (parts in row order, together covering all rows), with the
 * rule on IDs that needs the whole file: an ID used twice. Duplicate emails are marked by markDuplicates.
 */
export function applicantsFrom(rows: readonly Row[], config: Config, idColumnName: string, parts: readonly Verdicts[]): EvaluationResult {
  const idIssues: string[] = [];
  const idLines = new Map<string, number>();
  const applicants: Applicant[] = new Array<Applicant>(rows.length);
  let covered = 0;
  for (const v of parts) {
    if (v.from !== covered) throw new Error(`verdicts for rows from ${v.from}, expected ${covered}`);
    covered = v.to;
    let reason = 0;
    let note = 0;
    for (let rowIndex = v.from; rowIndex < v.to; rowIndex++) {
      const k = rowIndex - v.from;
      const line = rows[rowIndex]!.line;
      let id = rowId(line);
      if (v.ids !== null) {
        id = v.ids[k]!;
        const issue = checkId(id, line, idColumnName, idLines);
        if (issue !== null) idIssues.push(issue);
      }
      const code = v.exclusion[k]!;
      const count = v.noteCount[k]!;
      const district = v.district[k]!;
      applicants[rowIndex] = {
        id,
        line,
        rowIndex,
        districtId: district < 0 ? null : config.districts[district]!.id,
        // Shared empty lists: most applicants have no notes, and a million empty arrays weigh 50 MB.
        categories: v.lists[v.categories[k]!]!,
        named: v.lists[v.named[k]!]!,
        notes: count === 0 ? NONE : v.notes.slice(note, (note += count)),
        exclusion: code === 0 ? null : { code: REASON_CODES[code - 1]!, reason: v.reasons[reason++]! },
      };
    }
  }
  if (covered !== rows.length) throw new Error(`verdicts for ${covered} of ${rows.length} rows`);
  return idIssues.length > 0 ? { ok: false, issues: idIssues } : { ok: true, applicants };
}

/** Every row's email verdict, the parts joined: what findDuplicates needs. */
export function emailsOf(parts: readonly Pick<Verdicts, "from" | "to" | "hasEmail" | "emailHash">[]): {
  hasEmail: Uint8Array;
  emailHash: Int32Array;
} {
  const n = parts.length === 0 ? 0 : parts[parts.length - 1]!.to;
  const hasEmail = new Uint8Array(n);
  const emailHash = new Int32Array(n);
  for (const v of parts) {
    hasEmail.set(v.hasEmail, v.from);
    emailHash.set(v.emailHash, v.from);
  }
  return { hasEmail, emailHash };
}

/** The lottery numbers the parts worked out, by row (null when they were judged without a seed). */
export function knownNumbers(parts: readonly Verdicts[]): KnownNumbers | null {
  if (parts.some((v) => v.numbers === null)) return null;
  const n = parts.length === 0 ? 0 : parts[parts.length - 1]!.to;
  const all: KnownNumbers = { known: new Uint8Array(n), halves: new Uint32Array(2 * n) };
  for (const v of parts) {
    all.known.set(v.numbers!.known, v.from);
    all.halves.set(v.numbers!.halves, 2 * v.from);
  }
  return all;
}

/**
 * Duplicate email addresses: for each row, the row of the earliest submission with its address when it is
 * a later one, else -1. The earliest is by timestamp when every copy has one, else by line.
 */
export function findDuplicates(
  rowAt: (index: number) => Row,
  columns: ColumnMap,
  config: Config,
  emails: { hasEmail: Uint8Array; emailHash: Int32Array },
): Int32Array {
  const finder = new DuplicateFinder(rowAt, columns, config, emails.hasEmail.length);
  finder.add(0, emails);
  return finder.earliest();
}

/**
 * findDuplicates, given the rows' email verdicts part by part, in any order (a thread adds its own part
 * while it waits for the other's). Rows are compared by the hash of their folded address (judgeRows); a
 * row whose hash another's equals is read again, once, for its address (to compare) and its timestamp.
 * The groups of rows with one address do not depend on the order the parts come in, nor does the earliest.
 */
export class DuplicateFinder {
  private readonly reread = new Map<number, { key: string; time: string | undefined; line: number }>();
  private readonly seen: FirstSeen;
  private readonly groups = new Map<number, number[]>(); // a group per address seen twice, keyed by a row of it

  constructor(
    private readonly rowAt: (index: number) => Row,
    private readonly columns: ColumnMap,
    private readonly config: Config,
    private readonly rows: number,
  ) {
    this.seen = new FirstSeen((rowIndex) => this.read(rowIndex).key, rows);
  }

  /** Rows [from, from + hasEmail.length). */
  add(from: number, emails: { hasEmail: Uint8Array; emailHash: Int32Array }): void {
    const { hasEmail, emailHash } = emails;
    for (let k = 0; k < hasEmail.length; k++) {
      if (hasEmail[k] === 0) continue;
      const rowIndex = from + k;
      const first = this.seen.addHashed(emailHash[k]!, rowIndex);
      if (first < 0) continue;
      const group = this.groups.get(first);
      if (group) group.push(rowIndex);
      else this.groups.set(first, [first, rowIndex]);
    }
  }

  earliest(): Int32Array {
    const earliest = new Int32Array(this.rows).fill(-1);
    for (const group of this.groups.values()) {
      const times = group.map((rowIndex) => {
        const time = this.read(rowIndex).time;
        return time === undefined ? null : parseTimestamp(time, this.config.dateFormat);
      });
      const useTimes = times.every((t) => t !== null);
      const order = group
        .map((rowIndex, i) => ({ rowIndex, t: useTimes ? times[i]! : 0, line: this.read(rowIndex).line }))
        .sort((x, y) => x.t - y.t || x.line - y.line);
      for (let i = 1; i < order.length; i++) earliest[order[i]!.rowIndex] = order[0]!.rowIndex;
    }
    return earliest;
  }

  /** What the duplicate rule reads of a row: its folded address, its timestamp and its line. */
  private read(rowIndex: number): { key: string; time: string | undefined; line: number } {
    let found = this.reread.get(rowIndex);
    if (found === undefined) {
      const row = this.rowAt(rowIndex);
      const cell = (role: keyof ColumnMap) => {
        const index = this.columns[role];
        return index === undefined ? undefined : cleanCell((row.cell ? row.cell(index) : row.cells[index]) ?? "");
      };
      found = { key: foldEmail(readEmail(cell("email") ?? "")), time: cell("timestamp"), line: row.line };
      this.reread.set(rowIndex, found);
    }
    return found;
  }
}

/**
 * Marks the later copies findDuplicates found: excluded as duplicates whatever the other rules found,
 * keeping only their spreadsheet notes.
 */
export function markDuplicates(applicants: Applicant[], parts: readonly Verdicts[], earliest: Int32Array): void {
  for (const v of parts) {
    for (let rowIndex = v.from; rowIndex < v.to; rowIndex++) {
      const firstIndex = earliest[rowIndex]!;
      if (firstIndex < 0) continue;
      const a = applicants[rowIndex]!;
      const first = applicants[firstIndex]!;
      const damage = v.damageCount[rowIndex - v.from]!;
      Object.assign(a, {
        districtId: null,
        categories: NONE,
        named: NONE,
        notes: damage === 0 ? NONE : a.notes.slice(0, damage),
        exclusion: {
          code: "DUPLICATE",
          reason: `Duplicate of row ${first.line} (${first.id}), the earliest submission with this email address`,
        },
      });
    }
  }
}

/** The email cell without zero-width characters: pasted from web pages, invisible, never part of an address. */
function readEmail(cell: string): string {
  return /[\u200B-\u200D\u2060\uFEFF]/.test(cell) ? cell.replace(/[\u200B-\u200D\u2060\uFEFF]/g, "") : cell;
}

/** An address folded for comparing (EMAIL admits no whitespace); most are lower-case ASCII already. */
function foldEmail(email: string): string {
  return /[A-Z\u0080-\uffff]/.test(email) ? email.toLowerCase() : email;
}

/** A problem with an applicant's ID (empty, a control character, used before), or null. */
function checkId(id: string, line: number, columnName: string, seen: Map<string, number>): string | null {
  if (id === "") return `line ${line}: the "${columnName}" cell is empty; every applicant needs an ID`;
  if (/[\u0000-\u001f\u007f]/.test(id)) return `line ${line}: the ID "${id}" holds a control character`;
  const before = seen.get(id);
  if (before !== undefined) return `line ${line}: the ID "${id}" was already used on line ${before}`;
  seen.set(id, line);
  return null;
}

export type CategoryIndex = Map<string, string>;

export function buildCategoryIndex(categories: readonly Category[]): CategoryIndex {
  const index = new Map<string, string>();
  for (const c of categories) for (const name of [c.id, c.name, ...c.aliases]) index.set(normalizeKey(name), c.id);
  return index;
}

/** A multi-select answer ("Educator, Youth (18-25)" or "Educator;Youth") in order of preference. */
export function parseCategories(text: string, index: CategoryIndex): { ids: string[]; unknown: string[] } {
  const ids: string[] = [];
  const unknown: string[] = [];
  for (const part of text.split(/\s*;\s*|,\s+/)) {
    const piece = cleanCell(part);
    if (piece === "") continue;
    const id = index.get(normalizeKey(piece));
    if (id === undefined) unknown.push(piece);
    else if (!ids.includes(id)) ids.push(id);
  }
  return { ids, unknown };
}

function hasAgeRule(c: Category): boolean {
  return c.rules.minAge !== undefined || c.rules.maxAge !== undefined;
}

type AgeReading = { ok: true; age: number; source: string } | { ok: false; exclusion: Exclusion };

/**
 * Age on the as-of date, from the date of birth when there is one, else from the age column.
 * A stated age may be one year behind the date of birth (forms are filled in before the session).
 */
function readAge(dobText: string | undefined, ageText: string | undefined, asOf: CivilDate, format: "mdy" | "dmy"): AgeReading {
  const stated = ageText === undefined || ageText === "" ? null : /^\d{1,3}$/.test(ageText) ? Number(ageText) : NaN;
  if (dobText !== undefined && dobText !== "") {
    const dob = parseDate(dobText, format);
    if (dob.ok) {
      const age = ageOn(dob.date, asOf);
      if (age < 0)
        return {
          ok: false,
          exclusion: { code: "AGE_UNKNOWN", reason: `The date of birth ${formatIsoDate(dob.date)} is after ${formatIsoDate(asOf)}` },
        };
      if (stated !== null && !Number.isNaN(stated) && stated !== age && stated !== age - 1) {
        return {
          ok: false,
          exclusion: {
            code: "AGE_CONFLICT",
            reason: `The date of birth ${formatIsoDate(dob.date)} gives age ${age} on ${formatIsoDate(asOf)}, but the age given is ${stated}`,
          },
        };
      }
      return { ok: true, age, source: `born ${formatIsoDate(dob.date)}` };
    }
    if (stated === null || Number.isNaN(stated))
      return { ok: false, exclusion: { code: "AGE_UNKNOWN", reason: `The date of birth ${dob.problem}` } };
  }
  if (stated === null) return { ok: false, exclusion: { code: "AGE_UNKNOWN", reason: "No date of birth or age was given" } };
  if (Number.isNaN(stated)) return { ok: false, exclusion: { code: "AGE_UNKNOWN", reason: `The age "${ageText}" is not a whole number` } };
  return { ok: true, age: stated, source: "age as given" };
}

function checkAge(category: Category, age: AgeReading, asOf: CivilDate): Exclusion | null {
  if (!age.ok) return age.exclusion;
  const { minAge, maxAge } = category.rules;
  if ((minAge === undefined || age.age >= minAge) && (maxAge === undefined || age.age <= maxAge)) return null;
  const range =
    minAge !== undefined && maxAge !== undefined
      ? `${minAge}–${maxAge}`
      : minAge !== undefined
        ? `${minAge} or over`
        : `${maxAge} or under`;
  return {
    code: "AGE_NOT_ELIGIBLE",
    reason: `Aged ${age.age} on ${formatIsoDate(asOf)} (${age.source}); ${category.name} requires ages ${range}`,
  };
}

/** Columns, then every row: what `nest check` and `nest draw` both start from. */
export function evaluateExport(
  headers: readonly string[],
  rows: readonly Row[],
  config: Config,
): EvaluationResult & { columns?: ColumnMap } {
  const columns = resolveColumns(headers, config);
  if (!columns.ok) return columns;
  const result = evaluateApplicants(headers, rows, columns.columns, config, idColumnName(headers, columns.columns));
  return result.ok ? { ...result, columns: columns.columns } : result;
}

/**
 * Judges every row, in parts that together cover them in order, and finds their duplicate emails, perhaps
 * in another thread (io/parallel-eligibility.ts).
 */
export type Judge = (columns: ColumnMap) => Promise<Judged>;

export interface Judged {
  parts: Verdicts[];
  duplicates: () => Promise<Int32Array>;
}

/** A Judge in this thread (with a seed, it works out the lottery numbers too: judgeRows). */
export function judgeHere(headers: readonly string[], rows: readonly Row[], config: Config, seed: string | null = null): Judge {
  return (columns) => {
    const parts = [judgeRows(headers, rows, columns, config, 0, rows.length, seed)];
    const duplicates = () => Promise.resolve(findDuplicates((i) => rows[i]!, columns, config, emailsOf(parts)));
    return Promise.resolve({ parts, duplicates });
  };
}

/** evaluateExport, with the rows judged by `judge`. */
export async function evaluateExportWith(
  headers: readonly string[],
  rows: readonly Row[],
  config: Config,
  judge: Judge,
): Promise<EvaluationResult & { columns?: ColumnMap; numbers?: KnownNumbers | null }> {
  const columns = resolveColumns(headers, config);
  if (!columns.ok) return columns;
  const judged = await judge(columns.columns);
  const result = applicantsFrom(rows, config, idColumnName(headers, columns.columns), judged.parts);
  // Taken even when the IDs have problems: another thread's answers are then all taken, in order.
  const earliest = await judged.duplicates();
  if (!result.ok) return result;
  markDuplicates(result.applicants, judged.parts, earliest);
  return { ...result, columns: columns.columns, numbers: knownNumbers(judged.parts) };
}

/** The ID column's header, for messages about IDs. */
function idColumnName(headers: readonly string[], columns: ColumnMap): string {
  return columns.id === undefined ? "ID" : headers[columns.id]!;
}

const SPREADSHEET_ERROR = /^#(N\/A|VALUE!|REF!|DIV\/0!|NAME\?|NUM!|NULL!|SPILL!|CALC!|FIELD!|BLOCKED!|GETTING_DATA)$/i;
const SCIENTIFIC = /^[+-]?\d+(\.\d+)?E[+-]?\d+$/i;

/**
 * Spreadsheet damage in any of the row's cells, as notes: an error value (#N/A) where a value was, or a
 * long number (a phone number) turned into scientific notation, which has lost digits for good.
 */
export function findSpreadsheetDamage(headers: readonly string[], cells: readonly string[]): readonly string[] {
  let notes: string[] | null = null;
  for (let i = 0; i < cells.length; i++) {
    const raw = cells[i]!;
    // Only cells that start with "#", a digit, a sign or a space can be either kind of damage.
    const first = raw.charCodeAt(0);
    const candidate = first === 35 || (first >= 48 && first <= 57) || first === 43 || first === 45 || first === 32 || first === 160;
    if (!candidate || raw.length > 40) continue;
    const value = cleanCell(raw);
    let note: string | null = null;
    if (value.charCodeAt(0) === 35) {
      if (SPREADSHEET_ERROR.test(value)) note = `Column "${headers[i]}" holds the spreadsheet error ${value}, not a value`;
    } else if ((value.includes("E") || value.includes("e")) && SCIENTIFIC.test(value)) {
      note = `Column "${headers[i]}" holds ${value}: a spreadsheet turned a long number into scientific notation, and its digits are lost`;
    }
    if (note !== null) (notes ??= []).push(note);
  }
  return notes ?? NONE;
}
