import { describe, expect, it } from "vitest";
import { ageRule, ageRuleExplained } from "../../../src/core/rules/age.js";
import { makeConfig } from "../../helpers/config.js";
import { judgeOne } from "../../helpers/rules.js";

// District 3's session is 2018-06-14 and district 1's 2018-07-11: ages count on those dates.
const youth = (dateOfBirth: string, district = "3", categories = ["youth"], age?: string) =>
  judgeOne(ageRule, { dateOfBirth, ...(age === undefined ? {} : { age }) }, { districtId: district, categories, named: categories });

describe("the age rule", () => {
  it.each([
    ["6/14/2000", null], // 18 on the day
    ["6/15/2000", "AGE_NOT_ELIGIBLE"], // 17
    ["6/15/1992", null], // 25
    ["6/14/1992", "AGE_NOT_ELIGIBLE"], // 26
    ["", "AGE_UNKNOWN"],
    ["6/14/92", "AGE_UNKNOWN"], // two-digit year
    ["33770", null], // Excel serial for 1992-06-15
    ["2019-01-01", "AGE_UNKNOWN"], // after the session
  ])("born %j, youth in district 3 -> %s", (dob, code) => {
    expect(youth(dob).exclusion?.code ?? null).toBe(code);
  });

  it("counts on the district's own session date, or the config's ageAsOf", () => {
    expect(youth("6/20/1992", "3").exclusion).toBeNull();
    expect(youth("6/20/1992", "1").exclusion?.reason).toContain("Aged 26 on 2018-07-11");
    const config = makeConfig({ ageAsOf: "2018-01-01" });
    expect(judgeOne(ageRule, { dateOfBirth: "6/20/1992" }, { districtId: "1", categories: ["youth"] }, config).exclusion).toBeNull();
  });

  it("reads day/month/year when the config says so", () => {
    const config = makeConfig({ dateFormat: "dmy" });
    expect(judgeOne(ageRule, { dateOfBirth: "20/6/1992" }, { districtId: "3", categories: ["youth"] }, config).exclusion).toBeNull();
  });

  it.each([
    ["6/15/1992", "25", null],
    ["6/15/1992", "24", null], // a year behind: the form was filled in before the session
    ["6/15/1992", "30", "AGE_CONFLICT"],
    ["", "22", null],
    ["", "twenty", "AGE_UNKNOWN"],
    ["", "40", "AGE_NOT_ELIGIBLE"],
    ["not a date", "22", null],
  ])("born %j, aged %j -> %s", (dob, age, code) => {
    expect(youth(dob, "3", ["youth"], age).exclusion?.code ?? null).toBe(code);
  });

  it("drops a category the applicant is too old for, with a note, and keeps the others", () => {
    const { exclusion, verdict } = youth("1/1/1960", "3", ["youth", "educator"]);
    expect(exclusion).toBeNull();
    expect(verdict.categories).toEqual(["educator"]);
    expect(verdict.notes).toEqual([expect.stringContaining("Youth (18-25) requires ages 18–25")]);
  });

  it("from nest-draw/5, the note says which categories the application still counts for", () => {
    const { verdict } = judgeOne(
      ageRuleExplained,
      { dateOfBirth: "1/1/1960" },
      { districtId: "3", categories: ["youth", "educator", "faith"] },
    );
    expect(verdict.categories).toEqual(["educator", "faith"]);
    expect(verdict.notes).toEqual([
      expect.stringMatching(
        /^Aged 58 on 2018-\d\d-\d\d \(born 1960-01-01\); Youth \(18-25\) requires ages 18–25, so the application counts for Educator and Faith community representative only$/,
      ),
    ]);
  });

  it("reads no age when no category named has an age rule", () => {
    expect(youth("not a date", "3", ["educator"]).exclusion).toBeNull();
  });
});
