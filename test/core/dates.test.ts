import { describe, expect, it } from "vitest";
import { ageOn, civilFromDays, daysFromCivil, parseDate, parseTimestamp, parseTimestampWide } from "../../src/core/dates.js";

describe("parseDate", () => {
  it.each([
    ["2018-06-14", "mdy", { y: 2018, m: 6, d: 14 }],
    ["2018-6-4", "mdy", { y: 2018, m: 6, d: 4 }],
    ["6/14/2018", "mdy", { y: 2018, m: 6, d: 14 }],
    ["14/6/2018", "dmy", { y: 2018, m: 6, d: 14 }],
    ["06/04/2018", "dmy", { y: 2018, m: 4, d: 6 }],
    ["  6/14/2018 ", "mdy", { y: 2018, m: 6, d: 14 }],
    ["43265", "mdy", { y: 2018, m: 6, d: 14 }], // Excel serial
    ["36526", "mdy", { y: 2000, m: 1, d: 1 }],
    ["61", "mdy", { y: 1900, m: 3, d: 1 }],
    ["2000-02-29", "mdy", { y: 2000, m: 2, d: 29 }],
    ["2018-06-14T00:00:00Z", "mdy", { y: 2018, m: 6, d: 14 }],
  ] as const)("%s (%s) is %o", (text, format, date) => {
    expect(parseDate(text, format)).toEqual({ ok: true, date });
  });

  it.each([
    ["", "is empty"],
    ["6/14/18", "two-digit year"],
    ["14/6/2018", "not a real calendar date (read as month/day/year)"],
    ["2018-02-29", "not a real calendar date"],
    ["1900-02-29", "not a real calendar date"],
    ["June 14, 2018", "not a date nest can read"],
    ["#N/A", "not a date nest can read"],
    ["12", "is not a date"],
  ])("%j is refused: %s", (text, problem) => {
    const result = parseDate(text);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problem).toContain(problem);
  });
});

describe("ageOn", () => {
  it.each([
    [{ y: 2000, m: 6, d: 14 }, { y: 2018, m: 6, d: 14 }, 18], // birthday on the day counts
    [{ y: 2000, m: 6, d: 15 }, { y: 2018, m: 6, d: 14 }, 17],
    [{ y: 1992, m: 6, d: 14 }, { y: 2018, m: 6, d: 14 }, 26],
    [{ y: 1992, m: 6, d: 15 }, { y: 2018, m: 6, d: 14 }, 25],
    // 29 February counts as 1 March in years without one
    [{ y: 2000, m: 2, d: 29 }, { y: 2018, m: 2, d: 28 }, 17],
    [{ y: 2000, m: 2, d: 29 }, { y: 2018, m: 3, d: 1 }, 18],
    [{ y: 2000, m: 2, d: 29 }, { y: 2016, m: 2, d: 29 }, 16],
    [{ y: 2000, m: 2, d: 29 }, { y: 2016, m: 2, d: 28 }, 15],
  ])("born %o, on %o: %i", (birth, on, age) => {
    expect(ageOn(birth, on)).toBe(age);
  });
});

describe("civil day numbers", () => {
  it.each([
    [{ y: 1970, m: 1, d: 1 }, 0],
    [{ y: 2000, m: 3, d: 1 }, 11017],
    [{ y: 1899, m: 12, d: 30 }, -25569],
  ])("%o is day %i and back", (date, days) => {
    expect(daysFromCivil(date)).toBe(days);
    expect(civilFromDays(days)).toEqual(date);
  });
});

describe("parseTimestamp", () => {
  it("orders Google Forms, ISO and 12-hour timestamps", () => {
    const a = parseTimestamp("6/1/2018 14:03:22")!;
    expect(parseTimestamp("2018-06-01 14:03:22")).toBe(a);
    expect(parseTimestamp("6/1/2018 2:03:22 PM")).toBe(a);
    expect(parseTimestamp("6/1/2018 12:00:00 AM")! < a).toBe(true);
    expect(parseTimestamp("6/1/2018")! < a).toBe(true);
  });
  it.each(["", "yesterday", "6/1/2018 25:00", "6/1/2018 13:00 PM"])("%j is not a timestamp", (text) => {
    expect(parseTimestamp(text)).toBeNull();
  });
});

describe("parseTimestampWide (nest-draw/4): the forms other locales' exports write", () => {
  const at = (iso: string) => Date.parse(iso) / 1000; // the tests may use Date: they check nest, which does not
  it.each([
    ["2018/05/09 6:07:15 PM PDT", "2018-05-10T01:07:15Z"],
    ["2018/05/09 6:07:15 PM PST", "2018-05-10T02:07:15Z"],
    ["2018/05/09 18:07:15", "2018-05-09T18:07:15Z"],
    ["5/1/18 11:22", "2018-05-01T11:22:00Z"],
    ["5/1/2018 11:22 GMT-7", "2018-05-01T18:22:00Z"],
    ["2018-05-01 11:22 +02:00", "2018-05-01T09:22:00Z"],
    ["2018-05-01T11:22:00Z", "2018-05-01T11:22:00Z"],
    ["6/1/2018 14:03:22", "2018-06-01T14:03:22Z"],
  ])("%j is %s", (text, iso) => expect(parseTimestampWide(text)).toBe(at(iso)));

  it("reads a two-digit year day first when told", () => {
    expect(parseTimestampWide("13/5/18 9:00", "dmy")).toBe(at("2018-05-13T09:00:00Z"));
  });

  it.each([["2018/05/09 6:07:15 PM XYZ"], ["5/1/1"], ["yesterday"], ["2018/05/09 6:07 +15:00"], ["13/13/18 9:00"]])(
    "%j is not read",
    (text) => {
      expect(parseTimestampWide(text)).toBe(null);
    },
  );

  it("reads every timestamp parseTimestamp reads, the same", () => {
    for (const t of ["6/1/2018 14:03:22", "2018-06-01 14:03", "6/1/2018 2:03:22 PM", "2018-06-01", "6/1/2018"])
      expect(parseTimestampWide(t)).toBe(parseTimestamp(t));
  });
});
