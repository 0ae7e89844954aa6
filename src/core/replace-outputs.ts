import type { Applicant } from "./applicant.js";
import type { Config } from "./config.js";
import type { DistrictDraw } from "./draw.js";
import type { Edition } from "./edition.js";
import { outputRows, type OutputLine, type OutputRows } from "./outputs.js";
import { REPLACEMENT_REASONS, waitlistNow, type DrawnGroup, type Replacement, type ReplaceState } from "./replace.js";
import type { Row } from "./table.js";

/**
 * roster.csv, waitlist.csv and excluded.csv after replacements (docs/ALGORITHM.md §9), in the drawn files' layout:
 * a seat keeps its number and goes to the person the rule seated; a waitlist is the drawn one without the people
 * no longer free, numbered again from 1 (its #1 is the next to be offered a seat); everyone replaced out is added to
 * excluded.csv, in entry order, with the reason, so every applicant is still in exactly one of the three files.
 */

/** The drawn groups, in the files' order (district, then the config's categories), with category names. */
export function drawnGroups(draws: readonly DistrictDraw[], config: Config): DrawnGroup[] {
  const categoryName = new Map(config.categories.map((c) => [c.id, c.name]));
  return draws.flatMap((draw) =>
    draw.categories.map((c) => ({
      district: draw.districtId,
      category: categoryName.get(c.categoryId)!,
      places: c.places,
      seated: c.seated.map((t) => t.id),
      waitlist: c.waitlist.map((t) => t.id),
    })),
  );
}

/** A replaced person's reason in excluded.csv: what happened, the entry, and the coordinator's note if any. */
export function replacedReason(r: Replacement, note: string | undefined): string {
  const seat = `seat ${r.seat} of ${r.category} in district ${r.district}`;
  const then = r.seated === null ? `${seat} is unfilled` : `${seat} went to ${r.seated}`;
  const base = REPLACEMENT_REASONS[r.reason].replace(/\.$/, "");
  return `${base} (replacements.csv entry ${r.entry}: ${then})${note === undefined || note === "" ? "" : `: ${note}`}`;
}

export function replacedOutputRows(
  edition: Edition,
  headers: readonly string[],
  rows: readonly Row[],
  applicants: readonly Applicant[],
  draws: readonly DistrictDraw[],
  config: Config,
  state: ReplaceState,
  notes: ReadonlyMap<number, string>,
): OutputRows {
  const drawn = outputRows(edition, headers, rows, applicants, draws, config);
  const districtName = new Map(config.districts.map((d) => [d.id, d.name]));
  const refOf = new Map<string, number>();
  for (const draw of draws) for (const t of draw.tickets) refOf.set(t.id, t.ref);
  const applicantOf = new Map(applicants.map((a) => [a.id, a]));

  function* placed(kind: "roster" | "waitlist"): Generator<OutputLine> {
    const lines = drawn[kind]();
    yield lines[Symbol.iterator]().next().value!; // the header, as drawn
    for (let g = 0; g < state.groups.length; g++) {
      const group = state.groups[g]!;
      const lead = [group.district, districtName.get(group.district)!, group.category];
      const ids = kind === "roster" ? state.seats[g]! : waitlistNow(state, g);
      for (let k = 0; k < ids.length; k++) {
        const id = ids[k];
        if (id === null || id === undefined) continue; // a seat left unfilled
        yield { lead: [...lead, String(k + 1), id], row: rows[refOf.get(id)!]! };
      }
    }
  }
  function* excluded(): Generator<OutputLine> {
    yield* drawn.excluded();
    for (const r of state.entries) {
      const a = applicantOf.get(r.vacated)!;
      const reason = replacedReason(r, notes.get(r.entry));
      const lead = edition.rowNumbers === "line" ? [a.id, r.reason, reason] : [a.id, String(a.sheetRow), r.reason, reason];
      yield { lead, row: rows[a.rowIndex]! };
    }
  }
  return { roster: () => placed("roster"), waitlist: () => placed("waitlist"), excluded };
}
