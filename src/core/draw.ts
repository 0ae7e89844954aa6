import seedrandom from "seedrandom";
import { placesFor, type Config } from "./config.js";
import type { Applicant } from "./eligibility.js";
import { compareCodeUnits } from "./text.js";

/**
 * The lottery, specified in README "The draw" (and, in full, docs/ALGORITHM.md once published).
 *
 * 1. Every eligible applicant gets a lottery number from seedrandom's ARC4 generator keyed by
 *    "nest-draw/1" U+001F seed U+001F district id U+001F applicant id: the first 8 bytes of its output,
 *    as 16 hex digits. A number depends on nothing but those four strings, so removing or adding an
 *    applicant never changes the order of the others.
 * 2. Within a district, applicants are called in ascending lottery number (ties: applicant id in
 *    code-unit order). Each takes a place in the first category they named that still has one free
 *    (random serial dictatorship).
 * 3. Those left without a place go on the waitlist of every category they named, in call order.
 */

export const ALGORITHM_ID = "nest-draw/1";

const SEPARATOR = "\u001f";

export function checkSeed(seed: string): string | null {
  if (seed.length === 0) return "the seed is empty";
  if (/[\u0000-\u001f\u007f]/.test(seed)) return "the seed contains a control character (tab, newline or similar)";
  return null;
}

export function lotteryNumber(seed: string, districtId: string, applicantId: string): string {
  const rng = seedrandom([ALGORITHM_ID, seed, districtId, applicantId].join(SEPARATOR));
  const high = rng.int32() >>> 0;
  const low = rng.int32() >>> 0;
  return high.toString(16).padStart(8, "0") + low.toString(16).padStart(8, "0");
}

export interface Ticket {
  id: string;
  number: string;
  categories: readonly string[];
}

export interface CategoryDraw {
  categoryId: string;
  places: number;
  /** Everyone eligible in this district who named this category, in call order. */
  pool: string[];
  /** Seated applicant ids, seat 1 first. */
  seated: string[];
  /** Waitlisted applicant ids, position 1 first. */
  waitlist: string[];
}

export interface DistrictDraw {
  districtId: string;
  /** Call order: every eligible applicant of the district with their lottery number. */
  tickets: Ticket[];
  categories: CategoryDraw[];
}

export function compareTickets(a: Ticket, b: Ticket): number {
  return compareCodeUnits(a.number, b.number) || compareCodeUnits(a.id, b.id);
}

/** The draw for one district: its result depends on its own applicants, the config and the seed only. */
export function drawDistrict(districtId: string, applicants: readonly Applicant[], config: Config, seed: string): DistrictDraw {
  const tickets: Ticket[] = applicants
    .filter((a) => a.exclusion === null && a.districtId === districtId)
    .map((a) => ({ id: a.id, number: lotteryNumber(seed, districtId, a.id), categories: a.categories }))
    .sort(compareTickets);

  const categories = new Map<string, CategoryDraw>(
    config.categories.map((c) => [
      c.id,
      { categoryId: c.id, places: placesFor(config, districtId, c.id), pool: [], seated: [], waitlist: [] },
    ]),
  );
  for (const ticket of tickets) {
    for (const id of ticket.categories) categories.get(id)!.pool.push(ticket.id);
    const seat = ticket.categories.map((id) => categories.get(id)!).find((c) => c.seated.length < c.places);
    if (seat) seat.seated.push(ticket.id);
    else for (const id of ticket.categories) categories.get(id)!.waitlist.push(ticket.id);
  }
  return { districtId, tickets, categories: [...categories.values()] };
}

export function drawAll(applicants: readonly Applicant[], config: Config, seed: string): DistrictDraw[] {
  return config.districts.map((d) => drawDistrict(d.id, applicants, config, seed));
}
