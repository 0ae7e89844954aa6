import { describe, expect, it } from "vitest";
import { findSpreadsheetDamage } from "../../../src/core/rules/damage.js";

describe("spreadsheet damage", () => {
  it.each([
    [
      "9.16555E+09",
      'Column "Phone" holds 9.16555E+09: a spreadsheet turned a long number into scientific notation, and its digits are lost',
    ],
    ["#N/A", 'Column "Phone" holds the spreadsheet error #N/A, not a value'],
    [" #VALUE! ", 'Column "Phone" holds the spreadsheet error #VALUE!, not a value'],
    ["(916) 555-0100", null],
    ["#hashtag", null],
    ["2E5 Main Street", null],
  ])("%j -> %s", (cell, note) => {
    expect(findSpreadsheetDamage(["Phone"], [cell])).toEqual(note === null ? [] : [note]);
  });
});
