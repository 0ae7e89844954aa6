import { describe, expect, it } from "vitest";
import { districtRule, districtRuleEveryNumber } from "../../../src/core/rules/district.js";
import { judgeOne } from "../../helpers/rules.js";

// core/district.ts (test/core/district.test.ts) places an applicant; this is the rule that uses it.
describe("the district rule", () => {
  it.each([
    [{ district: "3" }, null, "3"],
    [{ district: "District 6 (East Sacramento and Oak Park)" }, null, "6"],
    [{ neighborhood: "Oak Park" }, null, "6"],
    [{ zip: "95814" }, null, "3"],
    [{ district: "3", neighborhood: "Oak Park" }, "DISTRICT_CONFLICT", null],
    [{ district: "7" }, "DISTRICT_NOT_FOUND", null],
    [{ zip: "95816" }, "ZIP_STRADDLES", null],
    [{ neighborhood: "Elk Grove" }, "OUTSIDE_CITY", null],
    [{ district: "I don't know" }, "DISTRICT_UNKNOWN", null],
  ])("%j -> %s", (answers, code, district) => {
    const { exclusion, verdict } = judgeOne(districtRule, answers);
    expect(exclusion?.code ?? null).toBe(code);
    expect(verdict.districtId).toBe(district);
  });

  it("keeps a placement's note (a number that is no police district, beside a neighbourhood that places them)", () => {
    const { exclusion, verdict } = judgeOne(districtRule, { district: "7", neighborhood: "Oak Park" });
    expect(exclusion).toBeNull();
    expect(verdict.notes).toEqual([expect.stringContaining("Placed in district 6")]);
  });

  it("nest-draw/3's rule excludes an answer that names two districts; nest-draw/1 and /2's placed it by the first", () => {
    expect(judgeOne(districtRuleEveryNumber, { district: "3 or 6" }).exclusion?.code).toBe("DISTRICT_CONFLICT");
    expect(judgeOne(districtRule, { district: "3 or 6" }).verdict.districtId).toBe("3");
    expect(judgeOne(districtRuleEveryNumber, { district: "District 6 (East Sacramento and Oak Park)" }).verdict.districtId).toBe("6");
  });
});
