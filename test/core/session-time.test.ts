import { describe, expect, it } from "vitest";
import { formatDateInWords, formatTimeInWords, formatTimeRange, instantOf } from "../../src/core/session-time.js";

describe("a session's date and time in words", () => {
  it.each([
    [{ y: 2018, m: 7, d: 11 }, "Wednesday, July 11, 2018"],
    [{ y: 2018, m: 6, d: 14 }, "Thursday, June 14, 2018"],
    [{ y: 1970, m: 1, d: 1 }, "Thursday, January 1, 1970"],
    [{ y: 1969, m: 12, d: 31 }, "Wednesday, December 31, 1969"],
    [{ y: 2024, m: 2, d: 29 }, "Thursday, February 29, 2024"],
    [{ y: 2000, m: 1, d: 2 }, "Sunday, January 2, 2000"],
  ])("%o is %s", (date, words) => expect(formatDateInWords(date)).toBe(words));

  it.each([
    ["00:00", "12:00 AM"],
    ["00:15", "12:15 AM"],
    ["09:05", "9:05 AM"],
    ["12:00", "12:00 PM"],
    ["12:30", "12:30 PM"],
    ["18:00", "6:00 PM"],
    ["23:59", "11:59 PM"],
  ])("%s is %s", (time, words) => expect(formatTimeInWords(time)).toBe(words));

  it("a range", () => expect(formatTimeRange("18:00", "21:00")).toBe("6:00 PM to 9:00 PM"));
});

describe("instantOf: a wall-clock time in a named time zone, as a UTC instant", () => {
  it.each([
    // Summer (PDT, UTC-7): 18:00 is 01:00 the next day in UTC.
    ["2018-07-11", "18:00", "America/Los_Angeles", "2018-07-12T01:00:00.000Z"],
    ["2018-07-11", "21:00", "America/Los_Angeles", "2018-07-12T04:00:00.000Z"],
    // Winter (PST, UTC-8).
    ["2018-01-11", "18:00", "America/Los_Angeles", "2018-01-12T02:00:00.000Z"],
    // The days daylight saving time starts and ends (2018-03-11, 2018-11-04), after the change.
    ["2018-03-11", "18:00", "America/Los_Angeles", "2018-03-12T01:00:00.000Z"],
    ["2018-11-04", "18:00", "America/Los_Angeles", "2018-11-05T02:00:00.000Z"],
    ["2018-07-11", "18:00", "UTC", "2018-07-11T18:00:00.000Z"],
    ["2018-07-11", "18:00", "Europe/Berlin", "2018-07-11T16:00:00.000Z"],
    ["2018-07-11", "09:30", "Asia/Kolkata", "2018-07-11T04:00:00.000Z"],
  ])("%s %s in %s is %s", (date, time, zone, iso) => expect(new Date(instantOf(date, time, zone)!).toISOString()).toBe(iso));

  it("is null for a time zone that does not exist, or a date that is not one", () => {
    expect(instantOf("2018-07-11", "18:00", "Pacific/Nowhere")).toBeNull();
    expect(instantOf("2018-02-30", "18:00", "America/Los_Angeles")).toBeNull();
  });
});
