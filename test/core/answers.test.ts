import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CategoryMatcher, splitAnswer } from "../../src/core/answers.js";
import { DEFAULT_CONFIG } from "../../src/core/default-config.js";
import { buildCategoryIndex, parseCategories } from "../../src/core/rules/categories.js";

const matcher = new CategoryMatcher(DEFAULT_CONFIG.categories);

describe("category answers read by meaning (nest-draw/4, issue #12)", () => {
  it.each([
    // The answers, in a coordinator's own words
    ["Social services / nonprofit", ["social-services"]],
    ["Business owner or manager", ["business"]],
    ["Community member at large", ["community"]],
    ["Faith community rep.", ["faith"]],
    ["Non profit", ["social-services"]],
    ["EDUCATORS", ["educator"]],
    // An option with commas inside brackets is one answer
    ["Educator (teacher, professor, school staff)", ["educator"]],
    ["Educator (teacher, professor, school staff), Youth (18-25)", ["educator", "youth"]],
    // Several answers, in order of preference
    ["Business leader, Faith community representative", ["business", "faith"]],
    ["Business;Faith", ["business", "faith"]],
  ])("%j -> %j", (answer, ids) => {
    expect(matcher.read(answer).ids).toEqual(ids);
    expect(matcher.read(answer).unknown).toEqual([]);
  });

  it("says which answers it read by their words", () => {
    expect(matcher.read("Faith community rep., Youth").byWords).toEqual([{ answer: "Faith community rep.", id: "faith" }]);
    expect(matcher.read("Youth").byWords).toEqual([]);
  });

  it.each([
    ["Youth pastor"],
    ["Church youth group"],
    ["Not a youth"],
    ["Adult"],
    ["Community college instructor"],
    ["Pro"],
    ["Leader"],
    ["Large business"],
    ["Member"],
  ])("%j is not read by its words (review of 0.4.0: one word says too little)", (answer) => {
    expect(matcher.read(answer).ids).toEqual([]);
  });

  it.each([
    ["Volunteer"], // no category's words
    ["Community"], // an alias of one, but also a word of Faith community: the alias, as written, decides
  ])("%j is read by name first", (answer) => {
    const read = matcher.read(answer);
    if (answer === "Community") expect(read.ids).toEqual(["community"]);
    else expect(read.unknown).toEqual(["Volunteer"]);
  });

  it("leaves an answer two categories fit as well unrecognised: the coordinator says which", () => {
    // "Faith community" and "Business owner" are aliases of two categories, and each shares two words with it.
    const read = matcher.read("Faith community business owner");
    expect(read.ids).toEqual([]);
    expect(read.unknown).toEqual(["Faith community business owner"]);
  });

  it("reads an alias that holds ', ' as one answer", () => {
    const categories = DEFAULT_CONFIG.categories.map((c) =>
      c.id === "educator" ? { ...c, aliases: [...c.aliases, "Teacher, professor or school staff"] } : c,
    );
    const withAlias = new CategoryMatcher(categories);
    expect(withAlias.read("Teacher, professor or school staff, Youth").ids).toEqual(["educator", "youth"]);
  });

  it("reads every answer the earlier rule read, the same way", () => {
    const index = buildCategoryIndex(DEFAULT_CONFIG.categories);
    const names = DEFAULT_CONFIG.categories.flatMap((c) => [c.id, c.name, ...c.aliases]);
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...names), { minLength: 1, maxLength: 4 }), fc.constantFrom(", ", ";", " ; "), (parts, sep) => {
        const answer = parts.join(sep);
        const before = parseCategories(answer, index);
        if (before.unknown.length === 0) expect(matcher.read(answer).ids).toEqual(before.ids);
      }),
      { numRuns: 2000 },
    );
  });
});

describe("splitAnswer", () => {
  it("splits on ; and ', ' but not inside brackets, nor on a comma without a space", () => {
    const text = "A (b, c), D;E, F,G";
    expect(splitAnswer(text).map((p) => text.slice(p.start, p.end).trim())).toEqual(["A (b, c)", "D", "E", "F,G"]);
  });
});
