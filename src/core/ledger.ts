import type { Config } from "./config.js";
import { latin1Hint } from "./text.js";
import type { Applicant } from "./applicant.js";
import { drawDistrict, lotteryNumber, ticketNumber, type DistrictDraw, type Entrant, type Stratum, type Ticket } from "./draw.js";
import { seedUsed, writtenLotteryNumber, type Edition } from "./edition.js";
import { seedForm } from "./seed-form.js";

/**
 * The public ledger: no personal data, and enough to recompute every lottery number and every outcome
 * with the seed and docs/ALGORITHM.md alone. One row per eligible applicant and category they are in
 * the lottery for (in their order of preference), one row per excluded applicant.
 */

export const LEDGER_COLUMNS = ["Applicant ID", "District", "Category", "Preference", "Places", "Lottery number", "Outcome"] as const;

/** The ledger's rows, header first, yielded one by one; lottery numbers written as the edition writes them. */
export function* ledgerRows(
  applicants: readonly Applicant[],
  draws: readonly DistrictDraw[],
  config: Config,
  edition: Pick<Edition, "lotteryNumbers">,
): Generator<string[]> {
  const categoryName = new Map(config.categories.map((c) => [c.id, c.name]));
  const preference = (i: number) => PREFERENCES[i] ?? String(i + 1);
  yield [...LEDGER_COLUMNS];
  for (const draw of draws) {
    // A category's name and places, as the ledger writes them: worked out once per district.
    const cells = new Map(draw.categories.map((c) => [c.categoryId, { name: categoryName.get(c.categoryId)!, places: String(c.places) }]));
    for (const ticket of draw.tickets) {
      const number = writtenLotteryNumber(edition, ticketNumber(ticket));
      for (let i = 0; i < ticket.categories.length; i++) {
        const category = cells.get(ticket.categories[i]!)!;
        yield [ticket.id, draw.districtId, category.name, preference(i), category.places, number, outcomeOf(ticket, i)];
      }
    }
  }
  for (const a of applicants) {
    if (a.exclusion) yield [a.id, a.districtId ?? "", "", "", "", "", `excluded ${a.exclusion.code}`];
  }
}

const PREFERENCES = Array.from({ length: 16 }, (_, i) => String(i + 1));

/** The Outcome cell for a ticket's i-th category: "seated 2", "seated elsewhere", "waitlist 7". */
function outcomeOf(ticket: Ticket, i: number): string {
  if (ticket.seatedIn === null) return `waitlist ${ticket.positions[i]!}`;
  return ticket.seatedIn === ticket.categories[i] ? `seated ${ticket.seat}` : "seated elsewhere";
}

export type LedgerCheck =
  | {
      ok: true;
      algorithm: string;
      applicants: number;
      rows: number;
      /** The entrants' lines as read back: what nest verify --replacements replays from (core/replace.ts groupsFromLedger). */
      lines: { id: string; district: string; category: string; places: number; outcome: string }[];
    }
  | { ok: false; algorithm: string; differences: string[] };

/** A ledger's row: where a spreadsheet shows it (the header is row 1), and its cells. */
export interface LedgerLine {
  row: number;
  cells: readonly string[];
}

/**
 * An algorithm a ledger may have been drawn with, how its file's cells read back as written (the edition's
 * formula guard undone: io/format-csv.ts restoreFormula), and how it writes a lottery number.
 */
export interface LedgerReading {
  algorithm: string;
  readBack: (cell: string) => string;
  lotteryNumbers: Edition["lotteryNumbers"];
  /** How the edition keys its lottery numbers with the seed (as given, or without white space). */
  seeds: Edition["seeds"];
}

/**
 * Recompute a ledger from its own rows and the seed: lottery numbers, then the draw per district with the
 * places the ledger states, then every outcome. The ledger does not name its algorithm: it is the one of
 * `readings` under which the first entrant's lottery number is the one written (else the newest that writes numbers
 * as the ledger does).
 */
export function checkLedger(
  header: readonly string[],
  rows: readonly LedgerLine[],
  seed: string,
  readings: readonly LedgerReading[],
): LedgerCheck {
  const reading = ledgerReading(rows, seed, readings);
  const { algorithm, readBack } = reading;
  if (header.join(",") !== LEDGER_COLUMNS.join(",")) {
    const hint = latin1Hint(header[0] ?? "");
    return { ok: false, algorithm, differences: [`the header should be ${LEDGER_COLUMNS.join(",")}; it is ${header.join(",")}${hint}`] };
  }
  const differences: string[] = [];
  interface Line {
    row: number;
    id: string;
    district: string;
    category: string;
    preference: number;
    places: number;
    number: string;
    outcome: string;
  }
  const lines: Line[] = [];
  rows.forEach(({ row, cells }) => {
    const [id = "", district = "", category = "", preference = "", places = "", number = "", outcome = ""] = cells.map(readBack);
    if (outcome.startsWith("excluded ")) return;
    if (!/^\d+$/.test(preference) || !/^\d+$/.test(places)) {
      differences.push(`row ${row}: Preference and Places must be whole numbers`);
      return;
    }
    lines.push({ row, id, district, category, preference: Number(preference), places: Number(places), number, outcome });
  });

  const districts = new Map<string, Line[]>();
  for (const l of lines) {
    const list = districts.get(l.district);
    if (list === undefined) districts.set(l.district, [l]);
    else list.push(l);
  }
  let applicants = 0;
  for (const [districtId, list] of districts) {
    const entrants = new Map<string, Line[]>();
    const places = new Map<string, number>();
    for (const l of list) {
      const own = entrants.get(l.id);
      if (own === undefined) entrants.set(l.id, [l]);
      else own.push(l);
      const before = places.get(l.category);
      if (before !== undefined && before !== l.places)
        differences.push(`row ${l.row}: ${l.category} in district ${districtId} has ${l.places} places here, ${before} above`);
      places.set(l.category, l.places);
    }
    applicants += entrants.size;
    const people: Entrant[] = [...entrants].map(([id, ls]) => ({
      id,
      categories: [...ls].sort((a, b) => a.preference - b.preference).map((l) => l.category),
    }));
    const strata: Stratum[] = [...places].map(([categoryId, n]) => ({ categoryId, places: n }));
    const draw = drawDistrict(algorithm, districtId, people, strata, seedUsed(reading, seed));
    const misplaced = outOfOrder(list, draw.tickets);
    if (misplaced !== null)
      differences.push(`row ${misplaced.row} (${misplaced.id}): district ${districtId}'s rows are not in call order here`);
    const tickets = new Map(draw.tickets.map((t) => [t.id, t]));
    for (const l of list) {
      const ticket = tickets.get(l.id)!;
      const number = writtenLotteryNumber(reading, ticketNumber(ticket));
      if (l.number !== number) differences.push(`row ${l.row} (${l.id}): lottery number ${l.number || "(empty)"}, recomputed ${number}`);
      const outcome = outcomeOf(ticket, ticket.categories.indexOf(l.category));
      if (l.outcome !== outcome) differences.push(`row ${l.row} (${l.id}, ${l.category}): outcome "${l.outcome}", recomputed "${outcome}"`);
    }
  }
  // Not one number right: the seed is another, or written otherwise (spacing), far likelier than every number wrong.
  const wrongNumbers = differences.filter((d) => d.includes(": lottery number ")).length;
  if (lines.length > 1 && wrongNumbers === lines.length) {
    const rewritten = lines.find((l) => SPREADSHEET_NUMBER.test(l.id));
    return { ok: false, algorithm, differences: [noNumberRight(seed, applicants, rewritten?.id)] };
  }
  return differences.length > 0 ? { ok: false, algorithm, differences } : { ok: true, algorithm, applicants, rows: rows.length, lines };
}

/** An Applicant ID as a spreadsheet writes a number it read from one (5.51234567890572E+018). */
const SPREADSHEET_NUMBER = /^-?\d(\.\d+)?E[+-]\d+$/i;

/**
 * What to say when no lottery number of a ledger is the one the seed gives: the seed, as it was typed; and when an
 * Applicant ID looks rewritten by a spreadsheet (the export's own ID column, all digits), that first.
 */
function noNumberRight(seed: string, entrants: number, rewrittenId?: string): string {
  const ids =
    rewrittenId === undefined
      ? ""
      : `; but first, Applicant IDs such as ${rewrittenId} look rewritten by a spreadsheet that read them as numbers, which ` +
        "changes every lottery number: check the ledger.csv nest wrote, not a copy a spreadsheet saved";
  return (
    `no lottery number matches: none of the ${entrants} is the one the seed ${JSON.stringify(seed)} gives, so the seed is probably ` +
    `another one, or written differently from the one used (the seed given: ${seedForm(seed)}). Compare it character by ` +
    "character with the seed recorded in the draw's audit.json or as published (nest verify DIR --seed S shows where they " +
    `differ); spaces and commas count, except in a nest-draw/6 draw, which takes white space out${ids}`
  );
}

/**
 * The first of a district's lines that breaks the ledger's order (docs/ALGORITHM.md §6): entrants in call order,
 * each one's lines together and in their order of preference. Null when there is none.
 */
function outOfOrder<L extends { row: number; id: string; preference: number }>(lines: readonly L[], tickets: readonly Ticket[]): L | null {
  let k = -1; // the entrant whose lines these are, by call order
  let preference = 0;
  for (const l of lines) {
    if (k >= 0 && tickets[k]!.id === l.id) {
      if (l.preference !== ++preference) return l;
      continue;
    }
    k++;
    preference = 1;
    if (tickets[k]?.id !== l.id || l.preference !== 1) return l;
  }
  return null;
}

function ledgerReading(rows: readonly LedgerLine[], seed: string, readings: readonly LedgerReading[]): LedgerReading {
  const first = rows.find(({ cells }) => !(cells[6] ?? "").startsWith("excluded "));
  const fits = (reading: LedgerReading) => {
    const [id = "", district = "", , , , number = ""] = (first?.cells ?? []).map(reading.readBack);
    return writtenLotteryNumber(reading, lotteryNumber(reading.algorithm, seedUsed(reading, seed), district, id)) === number;
  };
  // None fits (another seed, an edited ledger): the newest whose numbers are written as this ledger writes them.
  const written = (first?.cells[5] ?? "").startsWith("L") ? "L" : "hex";
  return readings.find(fits) ?? readings.findLast((r) => r.lotteryNumbers === written) ?? readings[readings.length - 1]!;
}
