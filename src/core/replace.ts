/**
 * Replacements after a draw (nest replace; docs/ALGORITHM.md §9): a seated person who declines, does not reply or is
 * found not eligible gives up their seat, and the seat goes to the first person on that district and category's
 * waitlist who is still free. The rule reads only the draw's public outcome (who holds which seat, the waitlists in
 * order, by Applicant ID: what ledger.csv publishes) and the entries before, so an observer replays it from the
 * ledger and the seed. Pure: the hash the record's chain is made with is given (core stays free of crypto).
 */

/** The rule's identifier, written in every entry: a later rule is a new identifier, as editions are. */
export const REPLACE_RULE = "nest-replace/1";

export const REPLACEMENT_REASONS = {
  DECLINED: "Declined the place after the draw.",
  NO_REPLY: "Did not reply to the offer of a place after the draw.",
  INELIGIBLE: "Found not eligible after the draw.",
} as const;
export type ReplacementReason = keyof typeof REPLACEMENT_REASONS;

export function isReplacementReason(code: string): code is ReplacementReason {
  return Object.hasOwn(REPLACEMENT_REASONS, code);
}

/** replacements.csv's columns, in order. */
export const REPLACEMENT_COLUMNS = ["Entry", "Rule", "Reason code", "Vacated", "District", "Category", "Seat", "Seated", "Chain"] as const;

/** One district and category as drawn: seat holders (seat 1 first) and the waitlist (position 1 first). */
export interface DrawnGroup {
  district: string;
  /** The category's name, as the ledger and replacements.csv write it. */
  category: string;
  places: number;
  seated: readonly string[];
  waitlist: readonly string[];
}

export interface Replacement {
  entry: number;
  rule: string;
  reason: ReplacementReason;
  vacated: string;
  district: string;
  category: string;
  seat: number;
  /** Who took the seat; null when nobody on the waitlist was free (a place to recruit). */
  seated: string | null;
  /** SHA-256 chain (§9): of the previous entry's chain (the ledger's SHA-256 for entry 1) and this entry's cells. */
  chain: string;
}

/** Where a person is now: a seat, or out (replaced by an entry), or neither (waitlisted, or never in the lottery). */
export interface Seat {
  group: number;
  seat: number;
}

/** The state after some entries: who holds each seat, and who is out. */
export interface ReplaceState {
  groups: readonly DrawnGroup[];
  /** Per group, seat k - 1 -> its holder, or null when it stayed unfilled. */
  seats: (string | null)[][];
  holders: Map<string, Seat>;
  /** People replaced out, with the entry that did it. */
  out: Map<string, Replacement>;
  entries: Replacement[];
}

export function startState(groups: readonly DrawnGroup[]): ReplaceState {
  const holders = new Map<string, Seat>();
  groups.forEach((g, group) => g.seated.forEach((id, k) => holders.set(id, { group, seat: k + 1 })));
  return { groups, seats: groups.map((g) => [...g.seated]), holders, out: new Map(), entries: [] };
}

/** Free: holds no seat and was not replaced out. */
function isFree(state: ReplaceState, id: string): boolean {
  return !state.holders.has(id) && !state.out.has(id);
}

/** A group's waitlist now: the drawn waitlist in order, without the people who are no longer free. */
export function waitlistNow(state: ReplaceState, group: number): string[] {
  return state.groups[group]!.waitlist.filter((id) => isFree(state, id));
}

/**
 * What the chain's root (§9) is the SHA-256 of, in pieces: the ledger's cells, header first, each row's cells joined
 * by U+001F and ended by a line feed; cells as nest means them (before the formula guard). Not the file's bytes: a
 * ledger opened and saved again by a spreadsheet (other quoting, no byte-order mark) keeps its cells, its root, and
 * its replacements. The caller hashes it (io/hash.ts sha256Of): core stays free of crypto.
 */
export function* ledgerRootText(rows: Iterable<readonly string[]>): Generator<string> {
  for (const cells of rows) yield `${cells.join("\u001f")}\n`;
}

/** The cells an entry's chain covers, in replacements.csv's order (all but Chain). */
export function entryCells(r: Omit<Replacement, "chain">): string[] {
  return [String(r.entry), r.rule, r.reason, r.vacated, r.district, r.category, String(r.seat), r.seated ?? ""];
}

/** Entry i's chain: SHA-256 of the previous one, a line feed, and its cells joined by U+001F (§9). */
export function chainOf(previous: string, cells: readonly string[], sha256: (text: string) => string): string {
  return sha256(`${previous}\n${cells.join("\u001f")}`);
}

export type ReplaceStep = { ok: true; replacement: Replacement } | { ok: false; problem: string };

/**
 * One replacement under the rule: `id` must hold a seat now; the seat goes to the first free person on its
 * group's drawn waitlist, who leaves every other waitlist (they are no longer free). Applied to `state` in place
 * when it succeeds; a problem leaves it unchanged.
 */
export function replace(
  state: ReplaceState,
  reason: ReplacementReason,
  id: string,
  root: string,
  sha256: (text: string) => string,
): ReplaceStep {
  const seat = state.holders.get(id);
  if (seat === undefined) return { ok: false, problem: notSeated(state, id) };
  const group = state.groups[seat.group]!;
  const next = group.waitlist.find((w) => isFree(state, w)) ?? null;
  const head = {
    entry: state.entries.length + 1,
    rule: REPLACE_RULE,
    reason,
    vacated: id,
    district: group.district,
    category: group.category,
    seat: seat.seat,
    seated: next,
  };
  const previous = state.entries.at(-1)?.chain ?? root;
  const replacement: Replacement = { ...head, chain: chainOf(previous, entryCells(head), sha256) };
  state.holders.delete(id);
  state.out.set(id, replacement);
  state.seats[seat.group]![seat.seat - 1] = next;
  if (next !== null) state.holders.set(next, seat);
  state.entries.push(replacement);
  return { ok: true, replacement };
}

/** Why a replacement of someone who holds no seat is refused, in words a coordinator acts on. */
function notSeated(state: ReplaceState, id: string): string {
  const out = state.out.get(id);
  if (out !== undefined) return `${id} no longer holds a seat: entry ${out.entry} replaced them (${out.reason})`;
  const waiting = state.groups.flatMap((g, i) => {
    const position = waitlistNow(state, i).indexOf(id);
    return position < 0 ? [] : [`${g.category} in district ${g.district} (#${position + 1})`];
  });
  if (waiting.length > 0)
    return `${id} holds no seat: they are on the waitlist for ${waiting.join(", ")}; only a seated person can be replaced`;
  const like = [...state.holders.keys()].find((held) => held.toUpperCase() === id.toUpperCase());
  if (like !== undefined)
    return `${id} holds no seat and is on no waitlist; ${like}, written with other capitals, holds one: did you mean ${like}?`;
  return `${id} holds no seat and is on no waitlist: check the Applicant ID in roster.csv`;
}

/**
 * Replays recorded entries from the drawn state: each must be the rule's own (the person seated is the one the rule
 * seats, the seat and group are the vacated person's) and carry the right chain. Stops at the first entry that is
 * not, naming it: every later one depends on it.
 */
export function replayReplacements(
  groups: readonly DrawnGroup[],
  recorded: readonly Replacement[],
  root: string,
  sha256: (text: string) => string,
): { state: ReplaceState; differences: string[] } {
  const state = startState(groups);
  for (let i = 0; i < recorded.length; i++) {
    const r = recorded[i]!;
    const at = `replacements.csv entry ${i + 1}`;
    if (r.entry !== i + 1)
      return { state, differences: [`${at}: numbered ${r.entry}; entries are numbered 1, 2, … in order (one removed or moved?)`] };
    if (r.rule !== REPLACE_RULE)
      return { state, differences: [`${at}: rule "${r.rule}", which this nest does not know (it knows ${REPLACE_RULE})`] };
    // Whether the entry's own Chain follows from the one before and its own cells: when not, and the rule fails too,
    // both are said (entry 1 of another draw's record fails both).
    const previous = i === 0 ? root : recorded[i - 1]!.chain;
    const unchained = r.chain !== chainOf(previous, entryCells(r), sha256);
    const chainProblem = `${at}: its Chain is not the hash of the entry before and its own cells (an entry edited, moved or removed before it?)`;
    const step = replace(state, r.reason, r.vacated, root, sha256);
    if (!step.ok) return { state, differences: [`${at}: ${step.problem}`, ...(unchained ? [chainProblem] : [])] };
    const mine = step.replacement;
    const found: string[] = [];
    const compare = (what: string, theirs: string, ours: string) => {
      if (theirs !== ours) found.push(`${at}: ${what} is ${JSON.stringify(theirs)}; by the rule it is ${JSON.stringify(ours)}`);
    };
    compare("District", r.district, mine.district);
    compare("Category", r.category, mine.category);
    compare("Seat", String(r.seat), String(mine.seat));
    compare("Seated", r.seated ?? "", mine.seated ?? "");
    if ((found.length === 0 || unchained) && r.chain !== mine.chain) found.push(chainProblem);
    if (found.length > 0) return { state, differences: found };
  }
  return { state, differences: [] };
}

/** Places with nobody in them now, for the coordinator to recruit: unfilled at the draw, or vacated with no one free. */
export function openPlaces(state: ReplaceState): { district: string; category: string; open: number }[] {
  return state.groups.flatMap((g, i) => {
    const open = g.places - state.seats[i]!.filter((holder) => holder !== null).length;
    return open > 0 ? [{ district: g.district, category: g.category, open }] : [];
  });
}

/** The drawn groups from the ledger's rows (already checked against the seed): outcomes "seated k" and "waitlist n". */
export function groupsFromLedger(
  lines: readonly { id: string; district: string; category: string; places: number; outcome: string }[],
): DrawnGroup[] {
  const groups = new Map<string, { district: string; category: string; places: number; seated: string[]; waitlist: string[] }>();
  for (const l of lines) {
    const key = `${l.district}\u001f${l.category}`;
    let g = groups.get(key);
    if (g === undefined) groups.set(key, (g = { district: l.district, category: l.category, places: l.places, seated: [], waitlist: [] }));
    const seated = /^seated (\d+)$/.exec(l.outcome);
    const waiting = /^waitlist (\d+)$/.exec(l.outcome);
    if (seated !== null) g.seated[Number(seated[1]) - 1] = l.id;
    else if (waiting !== null) g.waitlist[Number(waiting[1]) - 1] = l.id;
  }
  return [...groups.values()];
}

/** --chain: the record must end with the Chain published; null when it does (or none was given). */
export function checkChain(published: string | undefined, entries: readonly Replacement[]): string | null {
  if (published === undefined) return null;
  const wanted = published.trim().toLowerCase();
  if (!/^[0-9a-f]{64}$/.test(wanted))
    return `the Chain given, ${JSON.stringify(published)}, is not a SHA-256 (64 hexadecimal digits): copy it whole from where it was published`;
  const last = entries.at(-1)?.chain;
  if (last === wanted) return null;
  const at = entries.findIndex((e) => e.chain === wanted);
  if (at >= 0)
    return `the record goes on after the Chain given: it is entry ${at + 1}'s, and ${entries.length - at - 1} later entries follow (added since it was published?)`;
  return last === undefined
    ? `the Chain given, ${wanted}, was published for a record of replacements, and there is none`
    : `the record does not end with the Chain given, ${wanted}: its last entry's is ${last}; an entry was removed, or the record was edited and chained again`;
}
