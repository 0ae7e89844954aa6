import { describe, expect, it } from "vitest";
import { drawDistrict, type Entrant } from "../../src/core/draw.js";
import { CURRENT_EDITION } from "../../src/core/edition.js";

/**
 * docs/ALGORITHM.md §4, measured: many draws with different seeds, chi-square goodness-of-fit tests at
 * significance 0.001. The seeds are fixed, so the test gives the same answer every run.
 */

const DRAWS = 6000;

/** Upper 0.1% point of chi-square with df degrees of freedom (Wilson–Hilferty; within 1% for df >= 1). */
function chiSquareCritical(df: number): number {
  const z = 3.0902; // standard normal upper 0.001
  const a = 2 / (9 * df);
  return df * (1 - a + z * Math.sqrt(a)) ** 3;
}

function chiSquare(counts: number[]): number {
  const total = counts.reduce((s, n) => s + n, 0);
  const expected = total / counts.length;
  return counts.reduce((s, n) => s + (n - expected) ** 2 / expected, 0);
}

function expectUniform(counts: number[], what: string) {
  const statistic = chiSquare(counts);
  const critical = chiSquareCritical(counts.length - 1);
  expect(statistic, `${what}: chi-square ${statistic.toFixed(2)} >= ${critical.toFixed(2)} (counts ${counts.join(", ")})`).toBeLessThan(
    critical,
  );
}

// A district where some named several categories: six youth-only, two who prefer community then youth,
// three community-only, two youth then community.
const ENTRANTS: Entrant[] = [
  ...["Y1", "Y2", "Y3", "Y4", "Y5", "Y6"].map((id) => ({ id, categories: ["youth"] })),
  ...["M1", "M2"].map((id) => ({ id, categories: ["community", "youth"] })),
  ...["C1", "C2", "C3"].map((id) => ({ id, categories: ["community"] })),
  ...["N1", "N2"].map((id) => ({ id, categories: ["youth", "community"] })),
];
const STRATA = [
  { categoryId: "youth", places: 2 },
  { categoryId: "community", places: 1 },
];

const results = Array.from({ length: DRAWS }, (_, i) => drawDistrict(CURRENT_EDITION.algorithm, "3", ENTRANTS, STRATA, `fairness-${i}`));

describe("fairness (chi-square, significance 0.001)", () => {
  it("the chi-square critical values are right", () => {
    expect(chiSquareCritical(1)).toBeCloseTo(10.83, 0);
    expect(chiSquareCritical(5)).toBeCloseTo(20.52, 0);
    expect(chiSquareCritical(12)).toBeCloseTo(32.91, 0);
  });

  it("a biased sample fails the test (the test has power)", () => {
    expect(chiSquare([1150, 1000, 1000, 1000, 1000, 850])).toBeGreaterThan(chiSquareCritical(5));
  });

  it("every entrant is equally likely to be called first, and at each position", () => {
    const ids = ENTRANTS.map((e) => e.id);
    const first = ids.map((id) => results.filter((r) => r.tickets[0]!.id === id).length);
    expectUniform(first, "called first");
    for (const id of ["Y1", "M1", "C1", "N1"]) {
      const positions = ids.map((_, p) => results.filter((r) => r.tickets[p]!.id === id).length);
      expectUniform(positions, `call position of ${id}`);
    }
  });

  it.each([
    ["youth-only applicants in youth", ["Y1", "Y2", "Y3", "Y4", "Y5", "Y6"], "youth"],
    ["community-then-youth applicants in community", ["M1", "M2"], "community"],
    ["community-then-youth applicants in youth", ["M1", "M2"], "youth"],
    ["community-only applicants in community", ["C1", "C2", "C3"], "community"],
    ["youth-then-community applicants in youth", ["N1", "N2"], "youth"],
  ])("%s are seated equally often", (_, ids, category) => {
    const counts = ids.map(
      (id) => results.filter((r) => r.categories.find((c) => c.categoryId === category)!.seated.some((t) => t.id === id)).length,
    );
    expect(Math.min(...counts)).toBeGreaterThan(0);
    expectUniform(counts, `${ids.join(",")} seated in ${category}`);
  });

  it("a single-category pool seats each person with chance places / n", () => {
    const pool: Entrant[] = Array.from({ length: 8 }, (_, i) => ({ id: `P${i}`, categories: ["a"] }));
    const draws = Array.from({ length: DRAWS }, (_, i) =>
      drawDistrict(CURRENT_EDITION.algorithm, "1", pool, [{ categoryId: "a", places: 2 }], `single-${i}`),
    );
    const counts = pool.map((p) => draws.filter((d) => d.categories[0]!.seated.some((t) => t.id === p.id)).length);
    expectUniform(counts, "single pool");
    const share = counts.reduce((s, n) => s + n, 0) / (DRAWS * pool.length);
    expect(share).toBeCloseTo(2 / 8, 10); // exactly two places each draw
  });
});
