import type { Config } from "./config.js";
import { placesFor } from "./places.js";
import { arc4Into } from "./arc4.js";
import type { Applicant } from "./applicant.js";
import { compareCodeUnits } from "./text.js";

/**
 * The lottery, specified in docs/ALGORITHM.md §3–4.
 *
 * 1. Every eligible applicant gets a lottery number from seedrandom's ARC4 generator (arc4.ts) keyed by the
 *    algorithm identifier, U+001F, the seed, U+001F, the district id, U+001F and the applicant id: the first 8
 *    bytes of its output, as 16 hex digits. A number depends on nothing but those strings, so removing or
 *    adding an applicant never changes the order of the others.
 * 2. Within a district, applicants are called in ascending lottery number (ties: applicant id in code-unit
 *    order). Each takes a place in the first category they named that still has one free (random serial
 *    dictatorship).
 * 3. Those left without a place go on the waitlist of every category they named, in call order.
 */

const SEPARATOR = "\u001f";

export function checkSeed(seed: string): string | null {
  if (seed.length === 0) return "the seed is empty";
  if (/[\u0000-\u001f\u007f]/.test(seed)) return "the seed contains a control character (tab, newline or similar)";
  // What the shell gave as bytes that are not UTF-8 arrives as U+FFFD: two different seeds would read the same.
  if (seed.includes("\uFFFD")) return "the seed holds bytes that are not UTF-8 text (shown as \uFFFD); type it again";
  return null;
}

/** An applicant's lottery number: 16 hex digits, the first 8 bytes of the ARC4 stream for its key. */
export function lotteryNumber(algorithm: string, seed: string, districtId: string, applicantId: string): string {
  const halves = new Uint32Array(2);
  numberer(algorithm, seed, districtId)(applicantId, halves, 0);
  return ticketNumber({ high: halves[0]!, low: halves[1]! });
}

/** A ticket's lottery number as 16 hex digits (tickets hold it as two numbers: the ledger spells it out). */
export function ticketNumber(ticket: Pick<Ticket, "high" | "low">): string {
  const { high: h, low: l } = ticket;
  return (
    HEX[h >>> 24]! +
    HEX[(h >>> 16) & 255]! +
    HEX[(h >>> 8) & 255]! +
    HEX[h & 255]! +
    HEX[l >>> 24]! +
    HEX[(l >>> 16) & 255]! +
    HEX[(l >>> 8) & 255]! +
    HEX[l & 255]!
  );
}

const HEX = Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, "0"));

function uint32(b: Uint8Array, at: number): number {
  return ((b[at]! << 24) | (b[at + 1]! << 16) | (b[at + 2]! << 8) | b[at + 3]!) >>> 0;
}

/** Puts an applicant's lottery number into halves[at] (its high 32 bits) and halves[at + 1] (its low 32 bits). */
export type Numberer = (applicantId: string, halves: Uint32Array, at: number) => void;

/** A district's lottery numbers: the ARC4 key is the same for everyone but for the applicant id at its end. */
export function numberer(algorithm: string, seed: string, districtId: string): Numberer {
  const prefix = algorithm + SEPARATOR + seed + SEPARATOR + districtId + SEPARATOR;
  const b = new Uint8Array(8);
  return (applicantId, halves, at) => {
    arc4Into(prefix + applicantId, b);
    halves[at] = uint32(b, 0);
    halves[at + 1] = uint32(b, 4);
  };
}

/**
 * Where the draw gets an entrant's lottery number: numberer's answer, worked out here, unless the caller worked
 * it out before (while it judged the rows, say) and looks it up; it must be numberer's answer either way.
 */
export type NumberSource = (entrant: Entrant, halves: Uint32Array, at: number, own: Numberer) => void;

const WORK_IT_OUT: NumberSource = (entrant, halves, at, own) => own(entrant.id, halves, at);

export interface Ticket {
  id: string;
  /** The lottery number (ticketNumber) as two unsigned 32-bit halves, high first: the call order. */
  high: number;
  low: number;
  categories: readonly string[];
  /** The entrant's `ref` (the applicant's row index), so outputs find their row without a lookup. */
  ref: number;
  /** The category they were seated in, and the seat; null and 0 when waitlisted. */
  seatedIn: string | null;
  seat: number;
  /** When waitlisted: their position on the waitlist of each of their categories, in the same order. */
  positions: readonly number[];
}

export interface CategoryDraw {
  categoryId: string;
  places: number;
  /** Everyone eligible in this district who named this category, in call order. */
  pool: Ticket[];
  /** Seat 1 first. */
  seated: Ticket[];
  /** Position 1 first. */
  waitlist: Ticket[];
}

/** The applicant ids of a list of tickets, in order. */
export function idsOf(tickets: readonly Ticket[]): string[] {
  return tickets.map((t) => t.id);
}

export interface DistrictDraw {
  districtId: string;
  /** Call order: every eligible applicant of the district with their lottery number. */
  tickets: Ticket[];
  categories: CategoryDraw[];
}

export function compareTickets(a: Ticket, b: Ticket): number {
  return a.high - b.high || a.low - b.low || compareCodeUnits(a.id, b.id);
}

/** Someone in the lottery: an applicant id and their eligible categories in order of preference. */
export interface Entrant {
  id: string;
  categories: readonly string[];
  /** Carried to the ticket untouched: nest passes the applicant's row index. */
  rowIndex?: number;
}

/** A category's places in one district. */
export interface Stratum {
  categoryId: string;
  places: number;
}

/**
 * The draw for one district. It depends on the algorithm, the district's own entrants, its places and the seed only:
 * the ledger check (nest verify --ledger) calls it with what the ledger holds, without the export.
 */
export function drawDistrict(
  algorithm: string,
  districtId: string,
  entrants: readonly Entrant[],
  strata: readonly Stratum[],
  seed: string,
  numbers: NumberSource = WORK_IT_OUT,
): DistrictDraw {
  const own = numberer(algorithm, seed, districtId);
  const tickets: Ticket[] = new Array<Ticket>(entrants.length);
  const halves = new Uint32Array(2);
  for (let i = 0; i < entrants.length; i++) {
    const a = entrants[i]!;
    const ref = a.rowIndex ?? -1;
    numbers(a, halves, 0, own);
    tickets[i] = {
      id: a.id,
      high: halves[0]!,
      low: halves[1]!,
      categories: a.categories,
      ref,
      seatedIn: null,
      seat: 0,
      positions: NO_POSITIONS,
    };
  }
  sortTickets(tickets);
  const categories = new Map<string, CategoryDraw>(
    strata.map((s) => [s.categoryId, { categoryId: s.categoryId, places: s.places, pool: [], seated: [], waitlist: [] }]),
  );
  // Each distinct list of categories (applicants share them: core/rules) looked up once.
  const lists = new Map<readonly string[], CategoryDraw[]>();
  const categoriesOf = (named: readonly string[]): CategoryDraw[] => {
    let found = lists.get(named);
    if (found === undefined) {
      found = named.map((id) => {
        const c = categories.get(id);
        if (c === undefined) throw new Error(`no places are set for category ${id} in district ${districtId}`);
        return c;
      });
      lists.set(named, found);
    }
    return found;
  };
  for (let i = 0; i < tickets.length; i++) {
    const ticket = tickets[i]!;
    const named = categoriesOf(ticket.categories);
    let seat: CategoryDraw | undefined;
    for (let k = 0; k < named.length; k++) {
      const c = named[k]!;
      c.pool.push(ticket);
      if (seat === undefined && c.seated.length < c.places) seat = c;
    }
    if (seat) {
      seat.seated.push(ticket);
      ticket.seatedIn = seat.categoryId;
      ticket.seat = seat.seated.length;
    } else {
      const positions = new Array<number>(named.length);
      for (let k = 0; k < named.length; k++) {
        const c = named[k]!;
        c.waitlist.push(ticket);
        positions[k] = c.waitlist.length;
      }
      ticket.positions = positions;
    }
  }
  return { districtId, tickets, categories: [...categories.values()] };
}

const NO_POSITIONS: readonly number[] = Object.freeze([]);

const INDEX_BITS = 21;

/**
 * Sorts tickets by compareTickets. A comparator sort of 700,000 objects took about a second (bench/), so
 * each ticket becomes one number, high half * 2^21 + its index (exact below 2^53), sorted natively; then
 * the rare runs with equal high halves are put in order by compareTickets itself. A district with 2^21
 * entrants or more is sorted with the comparator.
 */
export function sortTickets(tickets: Ticket[], indexBits = INDEX_BITS): void {
  const n = tickets.length;
  if (n >= 2 ** indexBits) {
    tickets.sort(compareTickets);
    return;
  }
  const keys = new Float64Array(n);
  for (let i = 0; i < n; i++) keys[i] = tickets[i]!.high * 2 ** indexBits + i;
  keys.sort();
  const original = tickets.slice();
  for (let i = 0; i < n; i++) tickets[i] = original[keys[i]! % 2 ** indexBits]!;
  for (let start = 0; start < n;) {
    let end = start + 1;
    while (end < n && tickets[end]!.high === tickets[start]!.high) end++;
    if (end - start > 1) {
      const run = tickets.slice(start, end).sort(compareTickets);
      for (let k = 0; k < run.length; k++) tickets[start + k] = run[k]!;
    }
    start = end;
  }
}

export function strataFor(config: Config, districtId: string): Stratum[] {
  return config.categories.map((c) => ({ categoryId: c.id, places: placesFor(config, districtId, c.id) }));
}

/** Every district's draw, in config order, from the eligible applicants (their numbers perhaps worked out before). */
export function drawAll(
  algorithm: string,
  applicants: readonly Applicant[],
  config: Config,
  seed: string,
  numbers?: NumberSource,
): DistrictDraw[] {
  const byDistrict = new Map<string, Applicant[]>(config.districts.map((d) => [d.id, []]));
  for (const a of applicants) if (a.exclusion === null && a.districtId !== null) byDistrict.get(a.districtId)?.push(a);
  return config.districts.map((d) => drawDistrict(algorithm, d.id, byDistrict.get(d.id)!, strataFor(config, d.id), seed, numbers));
}
