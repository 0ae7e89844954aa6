import type { Config } from "./config.js";
import { placesFor } from "./places.js";
import { arc4Bytes } from "./arc4.js";
import type { Applicant } from "./eligibility.js";
import { compareCodeUnits } from "./text.js";

/**
 * The lottery, specified in README "The draw" (and, in full, docs/ALGORITHM.md once published).
 *
 * 1. Every eligible applicant gets a lottery number from seedrandom's ARC4 generator (arc4.ts) keyed by
 *    "nest-draw/1" U+001F seed U+001F district id U+001F applicant id: the first 8 bytes of its output,
 *    as 16 hex digits. A number depends on nothing but those four strings, so removing or adding an
 *    applicant never changes the order of the others.
 * 2. Within a district, applicants are called in ascending lottery number (ties: applicant id in
 *    code-unit order). Each takes a place in the first category they named that still has one free
 *    (random serial dictatorship).
 * 3. Those left without a place go on the waitlist of every category they named, in call order.
 */

export const ALGORITHM_ID = "nest-draw/1";

/** Every algorithm this version can re-run. A change to the draw gets a new identifier; old ones stay here. */
export const KNOWN_ALGORITHMS: readonly string[] = [ALGORITHM_ID];

const SEPARATOR = "\u001f";

export function checkSeed(seed: string): string | null {
  if (seed.length === 0) return "the seed is empty";
  if (/[\u0000-\u001f\u007f]/.test(seed)) return "the seed contains a control character (tab, newline or similar)";
  return null;
}

const HEX = Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, "0"));

/** An applicant's lottery number: 16 hex digits. Tickets also carry it as two 32-bit halves, to sort on. */
export function lotteryNumber(seed: string, districtId: string, applicantId: string): string {
  return hexOf(arc4Bytes(ALGORITHM_ID + SEPARATOR + seed + SEPARATOR + districtId + SEPARATOR + applicantId, 8));
}

function hexOf(b: Uint8Array): string {
  return HEX[b[0]!]! + HEX[b[1]!]! + HEX[b[2]!]! + HEX[b[3]!]! + HEX[b[4]!]! + HEX[b[5]!]! + HEX[b[6]!]! + HEX[b[7]!]!;
}

export interface Ticket {
  id: string;
  number: string;
  /** `number` as two unsigned 32-bit halves, for sorting. */
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
 * The draw for one district. It depends on the district's own entrants, its places and the seed only:
 * the ledger check (nest verify --ledger) calls it with what the ledger holds, without the export.
 */
export function drawDistrict(districtId: string, entrants: readonly Entrant[], strata: readonly Stratum[], seed: string): DistrictDraw {
  const prefix = ALGORITHM_ID + SEPARATOR + seed + SEPARATOR + districtId + SEPARATOR;
  const tickets: Ticket[] = new Array<Ticket>(entrants.length);
  for (let i = 0; i < entrants.length; i++) {
    const a = entrants[i]!;
    const b = arc4Bytes(prefix + a.id, 8); // the same key as lotteryNumber
    tickets[i] = {
      id: a.id,
      number: hexOf(b),
      high: ((b[0]! << 24) | (b[1]! << 16) | (b[2]! << 8) | b[3]!) >>> 0,
      low: ((b[4]! << 24) | (b[5]! << 16) | (b[6]! << 8) | b[7]!) >>> 0,
      categories: a.categories,
      ref: a.rowIndex ?? -1,
      seatedIn: null,
      seat: 0,
      positions: NO_POSITIONS,
    };
  }
  tickets.sort(compareTickets);
  const categories = new Map<string, CategoryDraw>(
    strata.map((s) => [s.categoryId, { categoryId: s.categoryId, places: s.places, pool: [], seated: [], waitlist: [] }]),
  );
  const category = (id: string) => {
    const found = categories.get(id);
    if (found === undefined) throw new Error(`no places are set for category ${id} in district ${districtId}`);
    return found;
  };
  for (const ticket of tickets) {
    const named = ticket.categories;
    let seat: CategoryDraw | undefined;
    for (let k = 0; k < named.length; k++) {
      const c = category(named[k]!);
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
        const c = category(named[k]!);
        c.waitlist.push(ticket);
        positions[k] = c.waitlist.length;
      }
      ticket.positions = positions;
    }
  }
  return { districtId, tickets, categories: [...categories.values()] };
}

const NO_POSITIONS: readonly number[] = Object.freeze([]);

export function strataFor(config: Config, districtId: string): Stratum[] {
  return config.categories.map((c) => ({ categoryId: c.id, places: placesFor(config, districtId, c.id) }));
}

/** Every district's draw, in config order, from the eligible applicants. */
export function drawAll(applicants: readonly Applicant[], config: Config, seed: string): DistrictDraw[] {
  const byDistrict = new Map<string, Applicant[]>(config.districts.map((d) => [d.id, []]));
  for (const a of applicants) if (a.exclusion === null && a.districtId !== null) byDistrict.get(a.districtId)?.push(a);
  return config.districts.map((d) => drawDistrict(d.id, byDistrict.get(d.id)!, strataFor(config, d.id), seed));
}
