import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { findRepeats, FirstSeen, fnv1a } from "../../src/core/first-seen.js";

/** What FirstSeen must answer: a Map from key to the first item that had it. */
function reference(keys: readonly string[]): number[] {
  const first = new Map<string, number>();
  return keys.map((key, item) => {
    const before = first.get(key);
    if (before !== undefined) return before;
    first.set(key, item);
    return -1;
  });
}

function answers(keys: readonly string[], hashOf?: (key: string) => number): number[] {
  const seen = new FirstSeen((item) => keys[item]!, 1, hashOf);
  return keys.map((key, item) => seen.add(key, item));
}

/** The same through addHashed, the hashes worked out beforehand (as another thread does). */
function answersHashed(keys: readonly string[], hashOf: (key: string) => number = fnv1a): number[] {
  const seen = new FirstSeen((item) => keys[item]!, 1, hashOf);
  return keys.map((key, item) => seen.addHashed(hashOf(key), item));
}

describe("FirstSeen finds the first item with the same key, as a Map would", () => {
  const keys = fc.array(fc.oneof(fc.constantFrom("a@b.org", "A@b.org", "x", ""), fc.string({ maxLength: 6 })), { maxLength: 300 });

  it("with its own hash (the table grows many times from its smallest size)", () => {
    fc.assert(
      fc.property(keys, (k) => {
        expect(answers(k)).toEqual(reference(k));
        expect(answersHashed(k)).toEqual(reference(k));
      }),
    );
  });

  it("when every key has the same hash, or one of two: keys are compared, not hashes", () => {
    fc.assert(
      fc.property(keys, (k) => {
        expect(answers(k, () => 7)).toEqual(reference(k));
        expect(answersHashed(k, () => 7)).toEqual(reference(k));
      }),
    );
    fc.assert(
      fc.property(keys, (k) => {
        expect(answers(k, (key) => key.length % 2)).toEqual(reference(k));
        expect(answersHashed(k, (key) => key.length % 2)).toEqual(reference(k));
      }),
    );
  });

  it("over 5,000 distinct keys and their repeats", () => {
    const k = Array.from({ length: 10_000 }, (_, i) => `applicant${i % 5000}@example.org`);
    expect(answers(k)).toEqual(reference(k));
  });

  it("hashes with FNV-1a", () => {
    expect(fnv1a("") >>> 0).toBe(0x811c9dc5);
    expect(fnv1a("a") >>> 0).toBe(0xe40c292c);
  });
});

describe("findRepeats", () => {
  it("finds exactly the items whose key another item has, whatever the hashes do", () => {
    fc.assert(
      fc.property(
        fc.array(fc.option(fc.constantFrom("a", "b", "c", "d", "e", "f", "NABC", "NABD"), { nil: null }), { maxLength: 60 }),
        (keys) => {
          const naive = keys.flatMap((k, i) => (k !== null && keys.filter((x) => x === k).length > 1 ? [i] : []));
          expect(findRepeats(keys.length, (i) => keys[i]!)).toEqual(naive);
        },
      ),
    );
  });

  it("a million different keys have no repeats; one key given twice is found", () => {
    const keys = Array.from({ length: 1_000_000 }, (_, i) => `N${i.toString(32).padStart(12, "0")}`);
    expect(findRepeats(keys.length, (i) => keys[i]!)).toEqual([]);
    keys[999_999] = keys[3]!;
    expect(findRepeats(keys.length, (i) => keys[i]!)).toEqual([3, 999_999]);
  });
});
