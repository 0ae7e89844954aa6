import type { Category, Config } from "./config.js";
import { ageOn, formatIsoDate, parseDate, parseIsoDate, parseTimestamp, type CivilDate } from "./dates.js";
import { assignDistrict, buildDistrictIndex } from "./district.js";
import { FirstSeen } from "./first-seen.js";
import { resolveColumns, type ColumnMap } from "./headers.js";
import type { Exclusion } from "./reasons.js";
import { cleanCell, normalizeKey } from "./text.js";

/** One record of the export: the line its row starts on and its cells, one per header. */
export interface Row {
  line: number;
  cells: readonly string[];
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
  // Rows may read their cells from the export's bytes each time they are asked (io/parse-export.ts): one
  // pass takes each row's cells once, and decides every rule but duplicates, which need the whole file.
  const cell = (cells: readonly string[], role: keyof ColumnMap): string | undefined => {
    const index = columns[role];
    return index === undefined ? undefined : cleanCell(cells[index] ?? "");
  };

  const districtIndex = buildDistrictIndex(config);
  const categoryIndex = buildCategoryIndex(config.categories);
  const categoriesById = new Map(config.categories.map((c) => [c.id, c]));
  // The date ages are taken on, with a key for the cache of age readings.
  const asOfDate = (iso: string) => ({ ...parseIsoDate(iso)!, key: iso });
  const globalAsOf = config.ageAsOf === null ? null : asOfDate(config.ageAsOf);
  const sessionDates = new Map(config.districts.map((d) => [d.id, asOfDate(d.session.date)]));
  // Answers repeat (a form's drop-down options, common dates): each distinct one is worked out once.
  const placements = new Map<string, ReturnType<typeof assignDistrict>>();
  const choices = new Map<string, ReturnType<typeof parseCategories> & { ruled: boolean }>();
  const ages = new Map<string, AgeReading>();

  const idIssues: string[] = [];
  const idLines = new Map<string, number>();
  // Email duplicates: the folded address of each applicant with a valid one, remembered as the row that
  // had it first; a group is only made for an address seen twice, keyed by that first row.
  // Each copy keeps what the duplicate rule needs, so no row is read twice; the first row of a group keeps
  // its key, for FirstSeen to compare without reading the row again.
  const byEmail = new Map<number, Copy[]>();
  const firstKeys = new Map<number, string>();
  const emails = new FirstSeen(
    (rowIndex) => firstKeys.get(rowIndex) ?? foldEmail(readEmail(cell(rows[rowIndex]!.cells, "email") ?? "")),
    rows.length,
  );
  const copyOf = (a: Applicant, cells: readonly string[], damage: readonly string[]): Copy => ({
    a,
    time: cell(cells, "timestamp"),
    damage,
  });

  const applicants: Applicant[] = new Array<Applicant>(rows.length);
  for (let rowIndex = 0; rowIndex < rows.length; rowIndex++) {
    const row = rows[rowIndex]!;
    const cells = row.cells;
    let id = `R${row.line}`;
    if (columns.id !== undefined) {
      id = cell(cells, "id")!;
      const issue = checkId(id, row.line, idColumnName, idLines);
      if (issue !== null) idIssues.push(issue);
    }
    const a: Applicant = {
      id,
      line: row.line,
      rowIndex,
      districtId: null,
      // Shared empty lists: most applicants have no notes, and a million empty arrays weigh 50 MB.
      categories: NONE,
      named: NONE,
      notes: NONE,
      exclusion: null,
    };
    applicants[rowIndex] = a;
    const damage = findSpreadsheetDamage(headers, cells);
    if (damage.length > 0) a.notes = damage;

    // Email: required, and shaped like one.
    const email = readEmail(cell(cells, "email") ?? "");
    if (email === "") a.exclusion = { code: "MISSING_EMAIL", reason: "No email address was given" };
    else if (!EMAIL.test(email)) a.exclusion = { code: "INVALID_EMAIL", reason: `"${email}" is not an email address` };
    else {
      const key = foldEmail(email);
      const first = emails.add(key, rowIndex);
      if (first >= 0) {
        const copy = copyOf(a, cells, damage);
        const group = byEmail.get(first);
        if (group) group.push(copy);
        else {
          const firstCells = rows[first]!.cells;
          firstKeys.set(first, key);
          byEmail.set(first, [copyOf(applicants[first]!, firstCells, findSpreadsheetDamage(headers, firstCells)), copy]);
        }
      }
    }
    if (a.exclusion) continue;

    const answers = { district: cell(cells, "district"), neighborhood: cell(cells, "neighborhood"), zip: cell(cells, "zip") };
    const placementKey = `${answers.district}\u0000${answers.neighborhood}\u0000${answers.zip}`;
    let placement = placements.get(placementKey);
    if (placement === undefined) placements.set(placementKey, (placement = assignDistrict(answers, districtIndex)));
    if (!placement.ok) {
      a.exclusion = placement.exclusion;
      continue;
    }
    a.districtId = placement.districtId;
    if (placement.notes.length > 0) a.notes = [...a.notes, ...placement.notes];

    const categoriesText = cell(cells, "categories") ?? "";
    let choice = choices.get(categoriesText);
    if (choice === undefined) {
      const parsed = parseCategories(categoriesText, categoryIndex);
      choice = { ...parsed, ruled: parsed.ids.some((id) => hasAgeRule(categoriesById.get(id)!)) };
      choices.set(categoriesText, choice);
    }
    a.named = choice.ids;
    if (choice.unknown.length > 0) {
      const known = config.categories.map((c) => `"${c.name}"`).join(", ");
      const sentence = `${choice.unknown.map((u) => `"${u}"`).join(", ")} ${choice.unknown.length === 1 ? "is not a category" : "are not categories"}; the categories are ${known}`;
      if (choice.ids.length === 0) {
        a.exclusion = { code: "UNKNOWN_CATEGORY", reason: sentence };
        continue;
      }
      a.notes = [...a.notes, sentence];
    }
    if (choice.ids.length === 0) {
      a.exclusion = { code: "NO_CATEGORY", reason: "No group (category) was chosen" };
      continue;
    }

    if (!choice.ruled) {
      a.categories = choice.ids; // no age rule to check
      continue;
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
    // The cached list itself when nothing was dropped (most applicants): one array per distinct answer.
    a.categories = failures.length === 0 ? choice.ids : eligible;
    if (eligible.length === 0) a.exclusion = failures[0]!;
    else if (failures.length > 0) a.notes = [...a.notes, ...failures.map((f) => f.reason)];
  }
  if (idIssues.length > 0) return { ok: false, issues: idIssues };

  // Duplicates: the earliest submission counts (by timestamp when every copy has one, else by line). The
  // others are excluded as duplicates whatever the pass above found: only their spreadsheet notes stay.
  for (const group of byEmail.values()) {
    const times = group.map((copy) => (copy.time === undefined ? null : parseTimestamp(copy.time, config.dateFormat)));
    const useTimes = times.every((t) => t !== null);
    const order = group
      .map((copy, i) => ({ copy, t: useTimes ? times[i]! : 0 }))
      .sort((x, y) => x.t - y.t || x.copy.a.line - y.copy.a.line);
    const first = order[0]!.copy.a;
    for (const { copy } of order.slice(1)) {
      Object.assign(copy.a, {
        districtId: null,
        categories: NONE,
        named: NONE,
        notes: copy.damage.length > 0 ? copy.damage : NONE,
        exclusion: {
          code: "DUPLICATE",
          reason: `Duplicate of row ${first.line} (${first.id}), the earliest submission with this email address`,
        },
      });
    }
  }
  return { ok: true, applicants };
}

/** An applicant whose email address another also gave: what the duplicate rule needs of their row. */
interface Copy {
  a: Applicant;
  time: string | undefined;
  /** Their spreadsheet-damage notes: all a duplicate keeps. */
  damage: readonly string[];
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
  const idIndex = columns.columns.id;
  const result = evaluateApplicants(headers, rows, columns.columns, config, idIndex === undefined ? "ID" : headers[idIndex]);
  return result.ok ? { ...result, columns: columns.columns } : result;
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
