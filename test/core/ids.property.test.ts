import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Applicant } from "../../src/core/applicant.js";
import { drawAll, ticketNumber, type DistrictDraw } from "../../src/core/draw.js";
import { CURRENT_EDITION } from "../../src/core/edition.js";
import type { Row } from "../../src/core/table.js";
import { applicantRow, HEADERS } from "../helpers/applicant-rows.js";
import { makeConfig } from "../helpers/config.js";
import { evaluateRows, idPlan } from "../helpers/evaluate.js";
import { evaluateTable } from "../../src/core/evaluate.js";

/**
 * Issue #10: without an ID column, an applicant's ID, and so their lottery number, depends on their own row
 * only. Sorting the sheet changes nobody's outcome; deleting rows changes nobody else's lottery number or
 * place in the call order, and no district's result unless one of its entrants was deleted.
 */
const config = makeConfig({ places: { default: 1, overrides: {} } });
const ALGORITHM = CURRENT_EDITION.algorithm;

/** Exports with no ID column, each row with its own readable timestamp (so the earliest of two copies is known). */
const exports = fc
  .array(applicantRow, { minLength: 1, maxLength: 50 })
  .map((rows) =>
    rows.map((cells, i) => [
      `6/${1 + (i % 28)}/2018 ${String(i % 24).padStart(2, "0")}:${String(i % 60).padStart(2, "0")}:00`,
      ...cells.slice(1),
    ]),
  );

/** Some exports with identical rows that have no email address (told apart by their order). */
const withTwins = exports.chain((cells) =>
  fc.tuple(fc.constant(cells), fc.nat(cells.length - 1), fc.integer({ min: 0, max: 3 })).map(([rows, pick, twins]) => {
    const twin = [...rows[pick]!];
    twin[1] = "";
    return [...rows, ...Array.from({ length: twins }, () => twin)];
  }),
);

/** Whether the applicant had a valid email address (the email rule excludes those who have none). */
function hasAddress(a: Applicant): boolean {
  return a.exclusion?.code !== "MISSING_EMAIL" && a.exclusion?.code !== "INVALID_EMAIL";
}

function judge(cells: readonly (readonly string[])[]) {
  const rows = cells.map((c, i): Row => ({ line: i + 2, sheetRow: i + 2, cells: c }));
  const result = evaluateRows(HEADERS, rows, config);
  if (!result.ok) throw new Error(result.issues.join("\n"));
  return { applicants: result.applicants, draws: drawAll(ALGORITHM, result.applicants, config, "seed") };
}

/** Everything the lottery decided about each applicant, by ID. */
function outcomes(applicants: readonly Applicant[], draws: readonly DistrictDraw[]) {
  const byId = new Map<string, unknown>();
  for (const a of applicants) byId.set(a.id, { excluded: a.exclusion?.code ?? null, district: a.districtId, categories: a.categories });
  for (const d of draws)
    for (const t of d.tickets)
      byId.set(t.id, {
        ...(byId.get(t.id) as object),
        number: ticketNumber(t),
        seatedIn: t.seatedIn,
        seat: t.seat,
        positions: t.positions,
      });
  return byId;
}

describe("Applicant IDs that survive the sheet (property)", () => {
  it("sorting the sheet in any order changes no one's ID, lottery number, seat or waitlist positions", () => {
    fc.assert(
      fc.property(
        exports.chain((cells) => fc.tuple(fc.constant(cells), fc.shuffledSubarray(cells, { minLength: cells.length }))),
        ([cells, sorted]) => {
          const before = judge(cells);
          const after = judge(sorted);
          expect(outcomes(after.applicants, after.draws)).toEqual(outcomes(before.applicants, before.draws));
        },
      ),
      { numRuns: 200 },
    );
  });

  it("deleting rows changes no other row's ID, nor any entrant's lottery number or call order, nor any district none of whose entrants was deleted", () => {
    fc.assert(
      fc.property(
        withTwins.chain((cells) => fc.tuple(fc.constant(cells), fc.subarray(cells.map((_, i) => i)))),
        ([cells, kept]) => {
          const before = judge(cells);
          const after = judge(kept.map((i) => cells[i]!));
          const deleted = cells.filter((_, i) => !kept.includes(i)).map((c) => JSON.stringify(c));
          kept.forEach((i, j) => {
            const [a, b] = [before.applicants[i]!, after.applicants[j]!];
            // Exceptions the spec states (docs/ALGORITHM.md §2): a later copy of an address is numbered among its
            // copies; a row without an address among the identical rows before it.
            const copy = a.exclusion?.code === "DUPLICATE" || b.exclusion?.code === "DUPLICATE";
            const twinDeleted = !hasAddress(a) && deleted.includes(JSON.stringify(cells[i]));
            if (!copy && !twinDeleted) expect(b.id).toBe(a.id);
          });
          const keptRows = new Set(kept);
          for (const d of before.draws) {
            const now = after.draws.find((x) => x.districtId === d.districtId)!;
            const [then, nowIds] = [new Set(d.tickets.map((t) => t.id)), new Set(now.tickets.map((t) => t.id))];
            const numbered = (list: DistrictDraw["tickets"], also: Set<string>) =>
              list.filter((t) => also.has(t.id)).map((t) => `${t.id} ${ticketNumber(t)}`);
            // Entrants then and now keep their numbers and their order.
            expect(numbered(now.tickets, then)).toEqual(numbered(d.tickets, nowIds));
            // A district that lost none of its entrants (and gained none: a later copy of a deleted row) is drawn the same.
            const lost = d.tickets.some((t) => !keptRows.has(t.ref));
            const gained = now.tickets.some((t) => !then.has(t.id));
            if (!lost && !gained) expect(outcomes([], [now])).toEqual(outcomes([], [d]));
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it("an ID says nothing without the config's key: another key gives other IDs, and no ID holds the address", () => {
    const rows = [["6/1/2018 10:00:00", "maria.garcia@example.org", "1/1/1990", "3", "", "", "Educator", "Maria"]].map((c, i): Row => ({
      line: i + 2,
      sheetRow: i + 2,
      cells: c,
    }));
    const ids = ["0".repeat(32), "1".repeat(32)].map((key) => {
      const result = evaluateTable({ headers: HEADERS, rows }, config, idPlan(CURRENT_EDITION, key));
      if (!result.ok) throw new Error("not ok");
      return result.applicants[0]!.id;
    });
    expect(ids[0]).toMatch(/^N[0-9A-HJKMNP-TV-Z]{12}$/);
    expect(ids[1]).not.toBe(ids[0]);
    expect(ids[0]!.toLowerCase()).not.toContain("maria");
  });
});
