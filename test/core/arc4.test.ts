import fc from "fast-check";
import seedrandom from "seedrandom";
import { describe, expect, it } from "vitest";
import { arc4Bytes } from "../../src/core/arc4.js";

/** nest's ARC4 must be seedrandom's, byte for byte: the draw is defined by seedrandom 3.0.5. */
function seedrandomBytes(key: string, count: number): number[] {
  const rng = seedrandom(key);
  const out: number[] = [];
  while (out.length < count) {
    const word = rng.int32() >>> 0; // 4 bytes, big-endian
    out.push(word >>> 24, (word >>> 16) & 255, (word >>> 8) & 255, word & 255);
  }
  return out.slice(0, count);
}

describe("arc4Bytes is seedrandom's ARC4", () => {
  it.each([["a"], ["nest-draw/1\u001f2018\u001f3\u001fR2"], ["x".repeat(256)], ["y".repeat(257)], ["😀é\u0100\uffff".repeat(100)]])(
    "key %#",
    (key) => {
      expect([...arc4Bytes(key, 16)]).toEqual(seedrandomBytes(key, 16));
    },
  );

  it("for any key and length", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", minLength: 1, maxLength: 700 }), fc.integer({ min: 1, max: 40 }), (key, count) => {
        expect([...arc4Bytes(key, count)]).toEqual(seedrandomBytes(key, count));
      }),
      { numRuns: 500 },
    );
  });
});
