import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { drawAll as drawAllWith } from "../../src/core/draw.js";
import { CURRENT_EDITION } from "../../src/core/edition.js";
import { isRowLine, outputRows, type OutputLine } from "../../src/core/outputs.js";
import type { Row } from "../../src/core/table.js";
import { applicantRow, HEADERS } from "../helpers/applicant-rows.js";
import { makeConfig } from "../helpers/config.js";
import { evaluateRows } from "../helpers/evaluate.js";

const config = makeConfig();
const edition = CURRENT_EDITION;
const evaluateExport = (headers: readonly string[], rows: readonly Row[], c: typeof config) => evaluateRows(headers, rows, c, edition);
const drawAll = (...args: [Parameters<typeof drawAllWith>[1], typeof config, string]) => drawAllWith(edition.algorithm, ...args);

/** Every output as a whole table. */
function tablesOf(...args: Parameters<typeof outputRows> extends [unknown, ...infer Rest] ? Rest : never) {
  const out = outputRows(edition, ...args);
  const table = (lines: Iterable<OutputLine>) =>
    [...lines].map((line) => (isRowLine(line) ? [...line.lead, ...line.row.cells] : [...line]));
  return { roster: table(out.roster()), waitlist: table(out.waitlist()), excluded: table(out.excluded()) };
}
describe("the whole pipeline (property)", () => {
  it("every record lands in exactly one output, seats respect places and eligibility, and the result is repeatable", () => {
    fc.assert(
      fc.property(fc.array(applicantRow, { minLength: 1, maxLength: 60 }), fc.string({ minLength: 1, maxLength: 6 }), (cells, seed) => {
        fc.pre(!/[\u0000-\u001f\u007f]/.test(seed));
        const rows: Row[] = cells.map((c, i) => ({ line: i + 2, sheetRow: i + 2, cells: c }));
        const result = evaluateExport(HEADERS, rows, config);
        expect(result.ok).toBe(true);
        if (!result.ok) return;
        const draws = drawAll(result.applicants, config, seed);
        const tables = tablesOf(HEADERS, rows, result.applicants, draws, config);
        const idsOf = (t: string[][], col: number) => t.slice(1).map((r) => r[col]!);
        const seated = idsOf(tables.roster, 4);
        const waiting = new Set(idsOf(tables.waitlist, 4));
        const excluded = idsOf(tables.excluded, 0);
        const all = [...seated, ...waiting, ...excluded];
        expect(new Set(all).size).toBe(all.length);
        expect(all.length).toBe(rows.length);
        const byId = new Map(result.applicants.map((a) => [a.id, a]));
        for (const row of tables.roster.slice(1)) {
          const a = byId.get(row[4]!)!;
          expect(a.exclusion).toBeNull();
          expect(a.districtId).toBe(row[0]);
          expect(a.categories.map((id) => config.categories.find((c) => c.id === id)!.name)).toContain(row[2]);
        }
        for (const d of draws) for (const c of d.categories) expect(c.seated.length).toBeLessThanOrEqual(c.places);
        const again = evaluateExport(HEADERS, rows, config);
        if (!again.ok) throw new Error("second evaluation failed");
        expect(tablesOf(HEADERS, rows, again.applicants, drawAll(again.applicants, config, seed), config)).toEqual(tables);
      }),
      { numRuns: 300 },
    );
  });
});
