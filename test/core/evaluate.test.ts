import { describe, expect, it } from "vitest";
import type { Row } from "../../src/core/table.js";
import { makeConfig } from "../helpers/config.js";
import { EDITION_1, evaluateRows, rowsOf as rows } from "../helpers/evaluate.js";

/**
 * The rules composed (core/rules/index.ts RULES) and settled with the whole file (core/settle.ts): the order they
 * are checked in, what one rule leaves for the next, duplicates and IDs. Each rule has its own table test in
 * test/core/rules/.
 */

const HEADERS = ["Timestamp", "Email Address", "Date of birth", "Police district", "Which group would you represent?"];

function evaluate(data: Row[], headers = HEADERS, config = makeConfig(), edition = EDITION_1) {
  const result = evaluateRows(headers, data, config, edition);
  if (!result.ok) throw new Error(result.issues.join("\n"));
  return result.applicants;
}

describe("one applicant's eligibility", () => {
  // District 3's session is 2018-06-14: ages count on that date.
  it.each([
    [["", "a@example.org", "1/1/1960", "3", "Educator"], null, ["educator"]],
    [["", "", "1/1/1960", "3", "Educator"], "MISSING_EMAIL", []],
    [["", "a at example.org", "1/1/1960", "3", "Educator"], "INVALID_EMAIL", []],
    [["", "a@example", "1/1/1960", "3", "Educator"], "INVALID_EMAIL", []],
    [["", "a@example.org", "1/1/1960", "3", ""], "NO_CATEGORY", []],
    [["", "a@example.org", "1/1/1960", "3", "Clergy"], "UNKNOWN_CATEGORY", []],
    [["", "a@example.org", "6/14/2000", "3", "Youth (18-25)"], null, ["youth"]], // 18 on the day
    [["", "a@example.org", "6/15/2000", "3", "Youth (18-25)"], "AGE_NOT_ELIGIBLE", []], // 17
    [["", "a@example.org", "6/15/1992", "3", "Youth (18-25)"], null, ["youth"]], // 25
    [["", "a@example.org", "6/14/1992", "3", "Youth (18-25)"], "AGE_NOT_ELIGIBLE", []], // 26
    [["", "a@example.org", "", "3", "Youth (18-25)"], "AGE_UNKNOWN", []],
    [["", "a@example.org", "6/14/92", "3", "Youth (18-25)"], "AGE_UNKNOWN", []],
    [["", "a@example.org", "33770", "3", "Youth (18-25)"], null, ["youth"]], // Excel serial for 1992-06-15
    [["", "a@example.org", "", "3", "Educator"], null, ["educator"]], // no age rule, no age needed
    [["", "a@example.org", "1/1/1960", "3", "Youth (18-25), Community at large"], null, ["community"]],
    [["", "a@example.org", "1/1/1998", "3", "Educator;Youth"], null, ["educator", "youth"]],
    [["", "a@example.org", "1/1/1960", "Elk Grove", "Educator"], "DISTRICT_UNKNOWN", []],
  ])("%j -> %s", (cells, code, categories) => {
    const [a] = evaluate(rows(cells));
    expect(a!.exclusion?.code ?? null).toBe(code);
    expect(a!.categories).toEqual(categories);
  });

  it("counts ages on each district's own session date", () => {
    // Born 1992-06-20: 25 on 2018-06-14 (district 3), 26 on 2018-07-11 (district 1).
    const [d3, d1] = evaluate(rows(["", "a@example.org", "6/20/1992", "3", "Youth"], ["", "b@example.org", "6/20/1992", "1", "Youth"]));
    expect(d3!.exclusion).toBeNull();
    expect(d1!.exclusion?.code).toBe("AGE_NOT_ELIGIBLE");
    expect(d1!.exclusion?.reason).toContain("Aged 26 on 2018-07-11");
  });

  it("uses the config's ageAsOf for everyone when it is set", () => {
    const config = makeConfig({ ageAsOf: "2018-01-01" });
    const [a] = evaluate(rows(["", "a@example.org", "6/20/1992", "1", "Youth"]), HEADERS, config);
    expect(a!.exclusion).toBeNull();
  });

  it("reads day/month/year when the config says so", () => {
    const config = makeConfig({ dateFormat: "dmy" });
    const [a] = evaluate(rows(["", "a@example.org", "20/6/1992", "3", "Youth"]), HEADERS, config);
    expect(a!.exclusion).toBeNull();
  });

  it("notes a category dropped by its rule and an unknown one kept alongside a known one", () => {
    const [a] = evaluate(rows(["", "a@example.org", "1/1/1960", "3", "Youth, Clergy, Educator"]));
    expect(a!.categories).toEqual(["educator"]);
    expect(a!.notes.join(" ")).toContain('"Clergy" is not a category');
    expect(a!.notes.join(" ")).toContain("Youth (18-25) requires ages 18–25");
  });

  it("lists the known categories when it cannot recognise one", () => {
    const [a] = evaluate(rows(["", "a@example.org", "", "3", "Clergy"]));
    expect(a!.exclusion?.reason).toContain(
      '"Clergy" is not a category; the categories are "Youth (18-25)", "Faith community representative"',
    );
  });
});

describe("duplicates", () => {
  it("keeps the earliest submission by timestamp, folding case and spaces", () => {
    const list = evaluate(
      rows(
        ["6/2/2018 10:00:00", "Jo@Example.org", "", "3", "Educator"],
        ["6/1/2018 09:00:00", " jo@example.ORG\u00a0", "", "3", "Educator"],
        ["6/3/2018 09:00:00", "JO@EXAMPLE.ORG", "", "3", "Educator"],
      ),
    );
    expect(list.map((a) => a.exclusion?.code ?? null)).toEqual(["DUPLICATE", null, "DUPLICATE"]);
    expect(list[0]!.exclusion!.reason).toContain("Duplicate of row 3 (R3)");
  });

  it("falls back to row order when a timestamp is missing", () => {
    const list = evaluate(rows(["6/2/2018 10:00:00", "jo@example.org", "", "3", "Educator"], ["", "jo@example.org", "", "3", "Educator"]));
    expect(list.map((a) => a.exclusion?.code ?? null)).toEqual([null, "DUPLICATE"]);
  });

  it("a duplicate is excluded even when the first submission is not eligible", () => {
    const list = evaluate(rows(["", "jo@example.org", "", "Atlantis", "Educator"], ["", "jo@example.org", "", "3", "Educator"]));
    expect(list.map((a) => a.exclusion?.code)).toEqual(["DISTRICT_UNKNOWN", "DUPLICATE"]);
  });
});

describe("applicant IDs", () => {
  const headers = ["Response ID", ...HEADERS];
  it("uses the export's own ID column", () => {
    const list = evaluate(rows(["x-1", "", "a@example.org", "", "3", "Educator"]), headers);
    expect(list[0]!.id).toBe("x-1");
  });
  it("else, in nest-draw/1, R and the line the row starts on", () => {
    const list = evaluate([{ line: 7, sheetRow: 5, cells: ["", "a@example.org", "", "3", "Educator"] }]);
    expect(list[0]!.id).toBe("R7");
  });
  it("refuses empty and repeated IDs, naming every row as the spreadsheet shows it, and who it is", () => {
    const result = evaluateRows(
      headers,
      [
        { line: 2, sheetRow: 2, cells: ["x-1", "", "a@example.org", "", "3", "Educator"] },
        { line: 3, sheetRow: 3, cells: ["", "", "b@example.org", "", "3", "Educator"] },
        { line: 5, sheetRow: 4, cells: ["x-1", "", "c@example.org", "", "3", "Educator"] },
      ],
      makeConfig(),
    );
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.issues).toEqual([
        'row 3 (b@example.org): the "Response ID" cell is empty; every applicant needs an ID',
        'row 4 (c@example.org): the ID "x-1" was already used on row 2 (a@example.org)',
      ]);
    }
  });
});

describe("spreadsheet damage", () => {
  const headers = [...HEADERS, "Phone number"];
  it("notes error values and numbers turned into scientific notation, in any column", () => {
    const [a] = evaluate(rows(["", "a@example.org", "1/1/1960", "3", "Educator", "9.16555E+09"]), headers);
    expect(a!.exclusion).toBeNull();
    expect(a!.notes).toEqual([
      'Column "Phone number" holds 9.16555E+09: a spreadsheet turned a long number into scientific notation, and its digits are lost',
    ]);
    const [b] = evaluate(rows(["", "a@example.org", "#N/A", "3", "Youth", "#VALUE!"]), headers);
    expect(b!.exclusion?.code).toBe("AGE_UNKNOWN");
    expect(b!.exclusion?.reason).toContain('"#N/A"');
    expect(b!.notes).toEqual([
      'Column "Date of birth" holds the spreadsheet error #N/A, not a value',
      'Column "Phone number" holds the spreadsheet error #VALUE!, not a value',
    ]);
  });

  it("ignores zero-width and non-breaking spaces around and inside an email when comparing", () => {
    const list = evaluate(rows(["", "\u200bjo@exam\u200bple.org\u00a0", "", "3", "Educator"], ["", "jo@example.org", "", "3", "Educator"]));
    expect(list.map((a) => a.exclusion?.code ?? null)).toEqual([null, "DUPLICATE"]);
  });
});
