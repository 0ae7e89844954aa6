import { describe, expect, it } from "vitest";
import type { Applicant } from "../../src/core/applicant.js";
import { DEFAULT_CONFIG } from "../../src/core/default-config.js";
import { emptyCategories, emptyDistricts } from "../../src/core/empty-categories.js";

const applicant = (named: string[], categories: string[], code: "AGE_UNKNOWN" | "DISTRICT_UNKNOWN" | null): Applicant => ({
  id: "x",
  line: 2,
  sheetRow: 2,
  rowIndex: 0,
  districtId: "3",
  named,
  categories,
  notes: [],
  exclusion: code === null ? null : { code, reason: "" },
});

describe("emptyCategories: a category applicants named where none is eligible (issue #12)", () => {
  it("is said, with the reason that excluded most of them", () => {
    const found = emptyCategories(
      [applicant(["youth"], [], "AGE_UNKNOWN"), applicant(["youth"], [], "AGE_UNKNOWN"), applicant(["youth", "faith"], ["faith"], null)],
      DEFAULT_CONFIG.categories,
    );
    expect(found).toEqual([
      "nest: warning: 3 applicants named Youth (18-25), and none is eligible: 2 of them excluded as AGE_UNKNOWN " +
        "(A category with an age rule was named, but no usable date of birth or age was given)",
    ]);
  });

  it("is not said of a category nobody named, or where someone is eligible", () => {
    expect(emptyCategories([applicant(["faith"], ["faith"], null)], DEFAULT_CONFIG.categories)).toEqual([]);
  });
});

describe("emptyDistricts: a district with applicants in it and none eligible", () => {
  it("is said, with the reason that excluded most of them, and not where someone is eligible", () => {
    const none = [applicant(["youth"], [], "AGE_UNKNOWN"), applicant(["faith"], [], "AGE_UNKNOWN")];
    expect(emptyDistricts(none, DEFAULT_CONFIG.districts)).toEqual([
      "nest: warning: 2 applicants are in district 3 (Downtown and Midtown), and none is eligible: 2 of them excluded as " +
        "AGE_UNKNOWN (A category with an age rule was named, but no usable date of birth or age was given)",
    ]);
    expect(emptyDistricts([...none, applicant(["faith"], ["faith"], null)], DEFAULT_CONFIG.districts)).toEqual([]);
  });
});
