import fc from "fast-check";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { drawDistrict, idsOf, lotteryNumber } from "../../src/core/draw.js";
import { ROOT } from "../helpers/run.js";

/**
 * docs/ALGORITHM.md, implemented again from the text alone, without seedrandom: if the document and nest
 * ever disagree, these tests fail.
 */
function referenceNumber(seed: string, district: string, id: string): string {
  const keyString = ["nest-draw/1", seed, district, id].join("\u001f");
  const k: number[] = [];
  let smear = 0;
  for (let j = 0; j < keyString.length; j++) {
    if (j >= 256) smear = smear ^ (k[j % 256]! * 19);
    k[j % 256] = (smear + keyString.charCodeAt(j)) % 256;
  }
  const S = Array.from({ length: 256 }, (_, i) => i);
  for (let i = 0, j = 0; i < 256; i++) {
    j = (j + S[i]! + k[i % k.length]!) % 256;
    [S[i], S[j]] = [S[j]!, S[i]!];
  }
  let i = 0;
  let j = 0;
  const next = () => {
    i = (i + 1) % 256;
    j = (j + S[i]!) % 256;
    [S[i], S[j]] = [S[j]!, S[i]!];
    return S[(S[i]! + S[j]!) % 256]!;
  };
  for (let n = 0; n < 256; n++) next();
  return Array.from({ length: 8 }, () => next().toString(16).padStart(2, "0")).join("");
}

function referenceDraw(seed: string, district: string, entrants: { id: string; categories: string[] }[], places: Record<string, number>) {
  const numbered = entrants.map((e) => ({ ...e, number: referenceNumber(seed, district, e.id) }));
  numbered.sort((a, b) => (a.number < b.number ? -1 : a.number > b.number ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const seated: Record<string, string[]> = Object.fromEntries(Object.keys(places).map((c) => [c, []]));
  const waitlists: Record<string, string[]> = Object.fromEntries(Object.keys(places).map((c) => [c, []]));
  for (const e of numbered) {
    const free = e.categories.find((c) => seated[c]!.length < places[c]!);
    if (free !== undefined) seated[free]!.push(e.id);
    else for (const c of e.categories) waitlists[c]!.push(e.id);
  }
  return { callOrder: numbered.map((e) => e.id), seated, waitlists };
}

interface Vector {
  seed: string;
  district: string;
  places: Record<string, number>;
  applicants: { id: string; categories: string[] }[];
  expected: { numbers: Record<string, string>; callOrder: string[]; seated: Record<string, string[]>; waitlists: Record<string, string[]> };
}

const doc = readFileSync(join(ROOT, "docs", "ALGORITHM.md"), "utf8");
const vectors = JSON.parse(/## 7\. Test vectors[\s\S]*?```json\n([\s\S]*?)```/.exec(doc)![1]!) as Vector[];

describe("docs/ALGORITHM.md test vectors", () => {
  it("the document has vectors, including a key longer than 256 code units and non-ASCII text", () => {
    expect(vectors.length).toBeGreaterThanOrEqual(3);
    expect(vectors.some((v) => v.seed.length > 256)).toBe(true);
    expect(vectors.some((v) => /[^\x00-\x7f]/.test(v.seed))).toBe(true);
  });

  it.each(vectors.map((v) => [v.seed.slice(0, 24), v] as const))(
    "seed %j: nest and the reference give the expected numbers, order, seats and waitlists",
    (_, v) => {
      for (const a of v.applicants) {
        expect(lotteryNumber(v.seed, v.district, a.id)).toBe(v.expected.numbers[a.id]);
        expect(referenceNumber(v.seed, v.district, a.id)).toBe(v.expected.numbers[a.id]);
      }
      const strata = Object.entries(v.places).map(([categoryId, places]) => ({ categoryId, places }));
      const draw = drawDistrict(v.district, v.applicants, strata, v.seed);
      expect(draw.tickets.map((t) => t.id)).toEqual(v.expected.callOrder);
      expect(Object.fromEntries(draw.categories.map((c) => [c.categoryId, idsOf(c.seated)]))).toEqual(v.expected.seated);
      expect(Object.fromEntries(draw.categories.map((c) => [c.categoryId, idsOf(c.waitlist)]))).toEqual(v.expected.waitlists);
      expect(referenceDraw(v.seed, v.district, v.applicants, v.places)).toEqual({
        callOrder: v.expected.callOrder,
        seated: v.expected.seated,
        waitlists: v.expected.waitlists,
      });
    },
  );
});

describe("the reference implementation agrees with nest on any input", () => {
  const text = fc.string({ unit: "binary", minLength: 1, maxLength: 400 }).filter((s) => !/[\u0000-\u001f\u007f]/.test(s));
  it("lottery numbers", () => {
    fc.assert(
      fc.property(text, fc.string({ minLength: 1, maxLength: 5 }), text, (seed, district, id) => {
        expect(lotteryNumber(seed, district, id)).toBe(referenceNumber(seed, district, id));
      }),
      { numRuns: 300 },
    );
  });
});
