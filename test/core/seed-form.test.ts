import { describe, expect, it } from "vitest";
import { seedAdvice, seedDifference, seedForm } from "../../src/core/seed-form.js";

describe("seedForm: what a seed looks like, to compare a copy typed from the minutes with the one recorded", () => {
  it.each([
    ["70391448", "8 characters: 8 digits, no spaces"],
    ["7 0 3 9 1 4 4 8", "15 characters: 8 digits in 8 groups of 1, separated by single spaces"],
    ["7039 1448", "9 characters: 8 digits in 2 groups of 4, separated by a single space"],
    ["70 391 448", "10 characters: 8 digits in 3 groups of 2, 3, 3 characters, separated by single spaces"],
    ["7 0  3", "6 characters: 3 digits in 3 groups of 1, separated by irregular spacing (1 to 2 characters)"],
    [
      "7\u00a00 3",
      "5 characters: 3 digits in 3 groups of 1, separated by white space other than plain spaces (one character each; a no-break space?)",
    ],
    [" 12", "3 characters: 2 digits, no spaces, with white space before it"],
    ["dice: 3,1", "9 characters: 8 non-space characters in 2 groups of 5, 3 characters, separated by a single space"],
    ["🎲", "1 character: 1 non-space character, no spaces between"],
  ])("%j: %s", (seed, form) => {
    expect(seedForm(seed)).toBe(form);
  });
});

describe("seedDifference", () => {
  it.each([
    ["7 0 3 9", "7039", "they are the same characters, spaced otherwise"],
    ["7093", "7039", 'leaving spaces aside, 2 characters differ: the 3rd ("9" given, "3" recorded), the 4th ("3" given, "9" recorded)'],
    [
      "70391",
      "7039",
      'leaving spaces aside, the seed given has 5 characters and the recorded one 4; they part at the 5th ("1" given, nothing recorded)',
    ],
    ["1111111111112", "1111111111113", 'leaving spaces aside, one character differs: the 13th ("2" given, "3" recorded)'],
  ])("%j against %j: %s", (given, recorded, text) => {
    expect(seedDifference(given, recorded)).toBe(text);
  });
});

describe("seedAdvice: a number written with separators, whose signs are part of the seed", () => {
  it.each([
    ["3,1,4,1,5", '"," between its digits', '("31415" is another seed)'],
    ["6-14-2018", '"-" between its digits', '("6142018" is another seed)'],
    ["3, 1. 4", '"," and "." between its digits', '("314" is another seed)'],
  ])("%j", (seed, signs, other) => {
    const advice = seedAdvice(seed)!;
    expect(advice).toContain(signs);
    expect(advice).toContain(other);
  });
  it.each(["70391448", "7039 1448", "heads tails heads", "dice: 3", "2018,", "-5", ""])("%j: none", (seed) =>
    expect(seedAdvice(seed)).toBeNull(),
  );
});
