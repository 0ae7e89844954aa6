import { describe, expect, it } from "vitest";
import type { Counts } from "../../src/core/audit.js";
import { formatSummary } from "../../src/render/summary.js";

function counts(categories: { eligible: number; places: number; seated: number; waitlisted: number }[]): Counts {
  return {
    records: 9,
    eligible: 9,
    seated: 0,
    waitlisted: 0,
    excluded: 0,
    excludedByReason: {},
    unplaced: 0,
    districts: [
      {
        id: "5",
        name: "South Sacramento",
        applicants: 9,
        eligible: 9,
        excludedByReason: {},
        categories: categories.map((c, i) => ({
          id: `c${i}`,
          name: `Category ${i}`,
          applicants: c.eligible,
          lottery: c.eligible > c.places,
          ...c,
        })),
      },
    ],
  } as Counts;
}

describe("the summary's Chance column (issue #13)", () => {
  it("says everyone where places are as many as eligible applicants, else the share of places, and – for none", () => {
    const text = formatSummary(
      counts([
        { eligible: 1, places: 3, seated: 0, waitlisted: 0 }, // seated in a category they put first
        { eligible: 6, places: 2, seated: 2, waitlisted: 4 },
        { eligible: 0, places: 2, seated: 0, waitlisted: 0 },
        // 3 named it for 2 places, but one was seated in a category they put first: nobody is left waiting.
        { eligible: 3, places: 2, seated: 2, waitlisted: 0 },
      ]),
      { color: false, drawn: true },
    );
    const lines = text.split("\n");
    expect(lines[1]).toMatch(/Category 0 +1 +1 +3 +0 +0 +everyone +3 unfilled: recruit$/);
    expect(lines[2]).toMatch(/Category 1 +6 +6 +2 +2 +4 +33%$/);
    expect(lines[3]).toMatch(/Category 2 +0 +0 +2 +0 +0 +– +2 unfilled: recruit$/);
    expect(lines[4]).toMatch(/Category 3 +3 +3 +2 +2 +0 +everyone$/);
  });
});
