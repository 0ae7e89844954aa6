import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  applicantsFrom,
  DuplicateFinder,
  evaluateExport,
  judgeRows,
  knownNumbers,
  markDuplicates,
  type EvaluationResult,
  type Row,
} from "../../src/core/eligibility.js";
import { drawAll, lotteryNumber, ticketNumber } from "../../src/core/draw.js";
import { resolveColumns } from "../../src/core/headers.js";
import { applicantRow, HEADERS } from "../helpers/applicant-rows.js";
import { makeConfig } from "../helpers/config.js";

const config = makeConfig();

/**
 * What io/parallel-eligibility.ts does with two threads: rows [0, split) and [split, n) judged apart, the
 * verdicts copied as a thread's message would be, then settled, and their duplicates found over the whole
 * with the parts added in the second thread's order.
 */
function inTwoParts(headers: readonly string[], rows: readonly Row[], split: number): EvaluationResult {
  const columns = resolveColumns(headers, config);
  if (!columns.ok) throw new Error(columns.issues.join("\n"));
  const idName = columns.columns.id === undefined ? "ID" : headers[columns.columns.id]!;
  const parts = [0, split].map((from, i) =>
    structuredClone(judgeRows(headers, rows, columns.columns, config, from, i === 0 ? split : rows.length)),
  );
  const result = applicantsFrom(rows, config, idName, parts);
  // The second thread adds its own part's emails first, then the first thread's.
  const finder = new DuplicateFinder((i) => rows[i]!, columns.columns, config, rows.length);
  for (const part of [...parts].reverse()) finder.add(part.from, part);
  if (result.ok) markDuplicates(result.applicants, parts, finder.earliest());
  return result;
}

/** evaluateExport's answer without the columns it resolved (inTwoParts resolves them itself). */
function whole(headers: readonly string[], rows: readonly Row[]): EvaluationResult {
  const { columns: _columns, ...result } = evaluateExport(headers, rows, config);
  return result as EvaluationResult;
}

describe("eligibility judged in two parts (two threads) settles as if judged whole (property)", () => {
  const table = fc
    .array(applicantRow, { minLength: 1, maxLength: 40 })
    .chain((cells) => fc.tuple(fc.constant(cells), fc.nat(cells.length)));

  it("the same applicants, for any split point (duplicate emails, notes and exclusions included)", () => {
    fc.assert(
      fc.property(table, ([cells, split]) => {
        const rows: Row[] = cells.map((c, i) => ({ line: i + 2, cells: c }));
        expect(inTwoParts(HEADERS, rows, split)).toEqual(whole(HEADERS, rows));
      }),
      { numRuns: 300 },
    );
  });

  it("with an ID column: the same applicants, or the same problems with IDs", () => {
    const headers = ["Response ID", ...HEADERS];
    const ids = fc.array(fc.constantFrom("x-1", "x-2", "x-3", "", "a\tb", "y"), { minLength: 40, maxLength: 40 });
    fc.assert(
      fc.property(table, ids, ([cells, split], idCells) => {
        const rows: Row[] = cells.map((c, i) => ({ line: i + 2, cells: [idCells[i]!, ...c] }));
        expect(inTwoParts(headers, rows, split)).toEqual(whole(headers, rows));
      }),
      { numRuns: 200 },
    );
  });

  it("finds duplicates across the split: the earliest submission by timestamp wins, wherever it is", () => {
    const row = (time: string, email: string) => [time, email, "1/1/1960", "3", "", "", "Educator", "n"];
    const rows: Row[] = [row("6/2/2018 9:00:00", "a@example.org"), row("6/1/2018 9:00:00", " A@Example.org")].map((cells, i) => ({
      line: i + 2,
      cells,
    }));
    for (const split of [0, 1, 2]) {
      const result = inTwoParts(HEADERS, rows, split);
      if (!result.ok) throw new Error("not ok");
      expect(result.applicants.map((a) => a.exclusion?.code ?? null)).toEqual(["DUPLICATE", null]);
      expect(result.applicants[0]!.exclusion!.reason).toContain("row 3 (R3)");
    }
  });

  it("a later copy keeps exactly its spreadsheet notes, however many, and no others", () => {
    const first = ["6/1/2018 9:00:00", "a@example.org", "1/1/1960", "3", "", "", "Educator", "n"];
    // Two damaged cells, and an unknown category beside a known one (a note of its own).
    const copy = ["6/2/2018 9:00:00", "a@example.org", "#VALUE!", "3", "", "", "Educator, Clergy", "#N/A"];
    const rows: Row[] = [first, copy].map((cells, i) => ({ line: i + 2, cells }));
    for (const split of [0, 1, 2]) {
      const result = inTwoParts(HEADERS, rows, split);
      if (!result.ok) throw new Error("not ok");
      expect(result.applicants[1]!.exclusion?.code).toBe("DUPLICATE");
      expect(result.applicants[1]!.notes).toEqual([
        'Column "Date of birth" holds the spreadsheet error #VALUE!, not a value',
        'Column "Name" holds the spreadsheet error #N/A, not a value',
      ]);
      expect(result).toEqual(whole(HEADERS, rows));
    }
  });

  it("lottery numbers worked out while judging, in one part or two, draw exactly what the draw works out itself", () => {
    fc.assert(
      fc.property(table, fc.constantFrom("1", "seed", "2018-06-14 dice"), ([cells, split], seed) => {
        const rows: Row[] = cells.map((c, i) => ({ line: i + 2, cells: c }));
        const columns = resolveColumns(HEADERS, config);
        if (!columns.ok) throw new Error("columns");
        const parts = [0, split].map((from, i) =>
          judgeRows(HEADERS, rows, columns.columns, config, from, i === 0 ? split : rows.length, seed),
        );
        const numbers = knownNumbers(parts)!;
        const result = whole(HEADERS, rows);
        if (!result.ok) throw new Error("not ok");
        // Every applicant left in the draw has a known number.
        for (const a of result.applicants) if (a.exclusion === null) expect(numbers.known[a.rowIndex]).toBe(1);
        const draws = drawAll(result.applicants, config, seed, numbers);
        expect(draws).toEqual(drawAll(result.applicants, config, seed));
        // And each is the number the algorithm gives for its key, worked out on its own (arc4Bytes).
        for (const d of draws) for (const t of d.tickets) expect(ticketNumber(t)).toBe(lotteryNumber(seed, d.districtId, t.id));
      }),
      { numRuns: 200 },
    );
  });
});
