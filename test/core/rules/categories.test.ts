import { describe, expect, it } from "vitest";
import { buildCategoryIndex, categoriesRule, parseCategories } from "../../../src/core/rules/categories.js";
import { makeConfig } from "../../helpers/config.js";
import { judgeOne } from "../../helpers/rules.js";

describe("the categories rule", () => {
  it.each([
    ["Educator", null, ["educator"]],
    ["Youth (18-25), Community at large", null, ["youth", "community"]],
    ["Educator;Youth", null, ["educator", "youth"]],
    ["", "NO_CATEGORY", []],
    ["Clergy", "UNKNOWN_CATEGORY", []],
    ["Clergy, Educator", null, ["educator"]],
  ])("%j -> %s", (categories, code, ids) => {
    const { exclusion, verdict } = judgeOne(categoriesRule, { categories });
    expect(exclusion?.code ?? null).toBe(code);
    expect(code === null ? verdict.categories : verdict.named).toEqual(ids);
  });

  it("notes a name it does not know beside one it does, and lists the known ones when it knows none", () => {
    expect(judgeOne(categoriesRule, { categories: "Clergy, Educator" }).verdict.notes).toEqual([
      expect.stringMatching(/^"Clergy" is not a category; the categories are "Youth \(18-25\)", /),
    ]);
    expect(judgeOne(categoriesRule, { categories: "Clergy, Astronaut" }).exclusion?.reason).toMatch(
      /^"Clergy", "Astronaut" are not categories; the categories are "Youth \(18-25\)", "Faith community representative"/,
    );
  });
});

describe("parseCategories", () => {
  const index = buildCategoryIndex(makeConfig().categories);
  it.each([
    ["Educator", ["educator"], []],
    ["Youth (18-25), Community at large", ["youth", "community"], []],
    ["Business leader;Faith community representative", ["business", "faith"], []],
    ["  social services / NON-PROFIT provider ; educator", ["social-services", "educator"], []],
    ["Educator, Educator", ["educator"], []],
    ["Educator, Astronaut", ["educator"], ["Astronaut"]],
    ["", [], []],
  ])("%j", (text, ids, unknown) => {
    expect(parseCategories(text, index)).toEqual({ ids, unknown });
  });
});
