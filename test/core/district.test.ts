import { describe, expect, it } from "vitest";
import { assignDistrict, buildDistrictIndex, parseZip } from "../../src/core/district.js";
import { makeConfig } from "../helpers/config.js";

const index = buildDistrictIndex(makeConfig());

describe("assignDistrict places an applicant", () => {
  it.each([
    [{ district: "3" }, "3"],
    [{ district: "District 3" }, "3"],
    [{ district: "district 03" }, "3"],
    [{ district: "Police District 5" }, "5"],
    [{ district: "Downtown and Midtown" }, "3"],
    [{ district: "District 6 (East Sacramento and Oak Park)" }, "6"],
    [{ district: "Land Park/Pocket" }, "4"],
    [{ district: "  natomas\u00a0" }, "1"],
    [{ neighborhood: "Oak Park" }, "6"],
    [{ neighborhood: "del paso heights" }, "2"],
    [{ zip: "95814" }, "3"],
    [{ zip: "95831-1234" }, "4"],
    [{ zip: "95833.0" }, "1"],
    [{ district: "I don't know", neighborhood: "Meadowview" }, "5"],
    [{ district: "3", neighborhood: "Midtown", zip: "95816" }, "3"], // straddling ZIP that includes 3
    [{ district: "4", zip: "95821" }, "4"], // a review ZIP does not contradict an answer
    [{ district: "7", neighborhood: "Oak Park" }, "6"],
  ])("%o -> district %s", (answers, districtId) => {
    const placement = assignDistrict(answers, index);
    expect(placement).toMatchObject({ ok: true, districtId });
  });
});

describe("assignDistrict never guesses", () => {
  it.each([
    [{ district: "3", neighborhood: "Oak Park" }, "DISTRICT_CONFLICT", 'neighbourhood "Oak Park" is in district 6'],
    [{ district: "3", zip: "95831" }, "DISTRICT_CONFLICT", "ZIP 95831 is in district 4"],
    [{ district: "1", zip: "95816" }, "DISTRICT_CONFLICT", "ZIP 95816 spans districts 3, 6"],
    [{ neighborhood: "Oak Park", zip: "95814" }, "DISTRICT_CONFLICT", "The answers disagree"],
    [{ district: "District 3 Natomas" }, "DISTRICT_CONFLICT", "names district 3"],
    [{ district: "2", neighborhood: "Carmichael" }, "DISTRICT_CONFLICT", "outside the city"],
    [{ district: "7" }, "DISTRICT_NOT_FOUND", "7 and 8 are City Council districts"],
    [{ district: "District 8" }, "DISTRICT_NOT_FOUND", "not a police district"],
    [{ zip: "95816" }, "ZIP_STRADDLES", "ZIP 95816 spans districts 3, 6"],
    [{ district: "not sure", zip: "95822" }, "ZIP_STRADDLES", 'The district answer "not sure" names no district'],
    [{ zip: "95821" }, "ZIP_NEEDS_REVIEW", "mostly outside the city"],
    [{ zip: "95812" }, "ZIP_NEEDS_REVIEW", "PO-box"],
    [{ neighborhood: "Elk Grove" }, "OUTSIDE_CITY", 'neighbourhood "Elk Grove" is outside the city'],
    [{ zip: "95608" }, "OUTSIDE_CITY", "ZIP 95608 is outside the city"],
    [{}, "DISTRICT_UNKNOWN", "No district answer; no neighbourhood; no ZIP code"],
    [{ neighborhood: "Atlantis", zip: "12345" }, "DISTRICT_UNKNOWN", 'neighbourhood "Atlantis" is not in the neighbourhood table'],
    [{ zip: "958" }, "DISTRICT_UNKNOWN", '"958" is not a ZIP code'],
  ])("%o is excluded as %s", (answers, code, words) => {
    const placement = assignDistrict(answers, index);
    expect(placement.ok).toBe(false);
    if (!placement.ok) {
      expect(placement.exclusion.code).toBe(code);
      expect(placement.exclusion.reason).toContain(words);
    }
  });
});

describe("parseZip", () => {
  it.each([
    ["95814", "95814"],
    ["95814-0001", "95814"],
    ["95814.0", "95814"],
    ["2134", "02134"], // lost its leading zero in a spreadsheet
    ["9581", "09581"],
    ["958", null],
    ["95814x", null],
  ])("%j -> %j", (text, zip) => {
    expect(parseZip(text)).toBe(zip);
  });
});

describe("assignDistrict reading every number of the answer (nest-draw/3)", () => {
  it.each([
    ["3 or 6", "names district 3 (Downtown and Midtown) and district 6"],
    ["3 or 6, not sure", "names district 3 (Downtown and Midtown) and district 6"],
    ["District 3/4", "names district 3 (Downtown and Midtown) and district 4"],
    ["1-2", "names district 1 ("],
    ["2,3", "and district 3 ("],
  ])("%j names two districts: DISTRICT_CONFLICT, where nest-draw/2 placed it by the first", (district, words) => {
    const placement = assignDistrict({ district }, index, "every");
    expect(placement.ok).toBe(false);
    if (!placement.ok) {
      expect(placement.exclusion.code).toBe("DISTRICT_CONFLICT");
      expect(placement.exclusion.reason).toContain(words);
    }
    expect(assignDistrict({ district }, index, "first")).toMatchObject({ ok: true, districtId: district.match(/\d/)![0] });
  });

  it.each([
    ["3", "3"],
    ["District 03", "3"],
    ["District 6 (East Sacramento and Oak Park)", "6"],
    ["3 3", "3"], // the same number twice names one district
  ])("%j is still district %s", (district, id) => {
    expect(assignDistrict({ district }, index, "every")).toMatchObject({ ok: true, districtId: id });
  });
});

describe("assignDistrict reading answers as spreadsheets and people write them (nest-draw/4, issue #12)", () => {
  const index = buildDistrictIndex(makeConfig());
  it.each([["Dist. 4"], ["Dist 4"], ["Distr. 4"], ["D4"], ["d 4"], ["District number 4"], ["Police Dist. 4"]])(
    "%j is district 4",
    (district) => {
      const wide = assignDistrict({ district }, index, "every", true);
      expect(wide.ok && wide.districtId).toBe("4");
    },
  );

  it("and before nest-draw/4 was no district", () => {
    expect(assignDistrict({ district: "Dist. 4" }, index, "every").ok).toBe(false);
  });

  it("reads a ZIP code written with a thousands separator", () => {
    expect(parseZip("95,817", true)).toBe("95817");
    expect(parseZip("95,817.0", true)).toBe("95817");
    expect(parseZip("95,817")).toBe(null);
    expect(parseZip("9,58,17", true)).toBe(null);
  });

  it("still names no district in words that only start with a d", () => {
    expect(assignDistrict({ district: "Dallas 4" }, index, "every", true).ok).toBe(false);
  });
});

describe("assignDistrict saying how it read a ZIP code (nest-draw/5)", () => {
  const index = buildDistrictIndex(makeConfig());
  it.each([
    ["95817.0", "95817"],
    ["95,817", "95817"],
  ])("%j is read as %s, with a note", (zip, read) => {
    const placement = assignDistrict({ zip }, index, "every", true, true);
    expect(placement).toMatchObject({ ok: true, districtId: "6", notes: [`The ZIP code "${zip}" was read as ${read}`] });
    // nest-draw/4 read it alike, without a word.
    expect(assignDistrict({ zip }, index, "every", true)).toMatchObject({ ok: true, districtId: "6", notes: [] });
  });

  it("says nothing of a ZIP code as written, or of its ZIP+4 form", () => {
    for (const zip of ["95817", "95817-1234", " 95817 "])
      expect(assignDistrict({ zip }, index, "every", true, true)).toMatchObject({ notes: [] });
  });

  it("shows what was written where the ZIP code read excludes", () => {
    const placement = assignDistrict({ zip: "5817" }, index, "every", true, true);
    expect(placement).toEqual({
      ok: false,
      exclusion: {
        code: "DISTRICT_UNKNOWN",
        reason: 'No district answer; no neighbourhood; ZIP 05817 (written "5817") is not in the ZIP table',
      },
    });
  });
});
