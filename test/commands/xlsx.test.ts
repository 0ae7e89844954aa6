import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { DEFAULT_CONFIG } from "../../src/core/default-config.js";
import { ROOT, readFolder, run, tempDir } from "../helpers/run.js";
import { serialOf, workbook, type Cell } from "../helpers/xlsx.js";

/**
 * A Microsoft Forms download (.xlsx) as the coordinator gets it: the form's own columns first (ID, Start time,
 * Completion time, Email and Name, "anonymous" on a form anyone may answer), times as date cells in Forms' custom
 * format, then the questions in the coordinator's words; a multiple-choice answer is the options joined by ";"
 * with one after the last, as Forms writes them.
 */
const HEADER = [
  "ID",
  "Start time",
  "Completion time",
  "Email",
  "Name",
  "What is your email address?",
  "Your name",
  "Date of birth",
  "ZIP code",
  "Which group(s) would you like to represent?",
];

function applicant(
  id: number,
  minute: number,
  email: string,
  name: string,
  born: [number, number, number],
  zip: number,
  groups: string,
): Cell[] {
  const sent = serialOf(2018, 5, 9, 18, minute, 15);
  return [
    id,
    { serial: sent - 2 / 1440, format: "custom" },
    { serial: sent, format: "custom" },
    "anonymous",
    null,
    email,
    name,
    { serial: serialOf(...born), format: "date" },
    zip,
    groups,
  ];
}

const APPLICANTS: Cell[][] = [
  applicant(1, 0, "ana@example.org", "Ana López", [1990, 3, 4], 95817, "Faith community;"),
  applicant(2, 1, "bo@example.org", "Bo Chen", [1985, 12, 31], 95817, "Business;Faith community;"),
  // 17 on the first session (6 July 2000 is a date cell: no day/month question arises).
  applicant(3, 2, "cy@example.org", "Cy Diaz", [2000, 7, 6], 95817, "Youth;"),
  applicant(4, 3, "di@example.org", "Di Evans", [1999, 1, 2], 95817, "Youth;Community member;"),
  // Ana again, nine minutes later, listed last: the earlier copy counts (by Completion time, the timestamp).
  applicant(5, 9, "ana@example.org", "Ana López", [1990, 3, 4], 95817, "Faith community;Business;"),
  applicant(6, 4, "ed@example.org", "Ed Fox", [1970, 5, 5], 90210, "Business;"),
];

function msFormsWorkbook(rows: Cell[][] = APPLICANTS): Uint8Array {
  return workbook([{ name: "Sheet1", rows: [HEADER, ...rows] }]);
}

describe("Excel workbooks (.xlsx) from the command line", () => {
  it("checks a Microsoft Forms download with no config: the form's questions, not its own Email column", async () => {
    const dir = tempDir();
    const file = join(dir, "NEST applications.xlsx");
    writeFileSync(file, msFormsWorkbook());
    const result = await run(["check", file, "--json"]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain('Sheet read: "Sheet1"');
    expect(result.stderr).toContain('email "What is your email address?" (by its wording)');
    expect(result.stderr).toContain('timestamp "Completion time"');
    const report = JSON.parse(result.stdout);
    // Six rows: Cy is 17 (Youth is dropped, no other group), Ana's second copy is a duplicate, Ed's ZIP is outside
    // Sacramento: three eligible (Ana, Bo, Di).
    expect(report.counts).toMatchObject({ records: 6, eligible: 3, excluded: 3 });
    const excluded = report.problems.filter((p: { outcome: string }) => p.outcome === "excluded");
    expect(excluded.map((p: { row: number; code: string }) => [p.row, p.code])).toEqual([
      [4, "AGE_NOT_ELIGIBLE"],
      [6, "DUPLICATE"],
      [7, "DISTRICT_UNKNOWN"],
    ]);
    expect(excluded[1].reason).toBe("Duplicate of row 2 (Applicant ID 1), the earliest submission with this email address");
    expect(report.answers.unknown).toEqual([]);
  });

  it("draws from a workbook, records the sheet it read, and verifies; an edited workbook does not verify", async () => {
    const dir = tempDir();
    const file = join(dir, "form.xlsx");
    writeFileSync(
      file,
      workbook([
        { name: "Responses", rows: [HEADER, ...APPLICANTS] },
        { name: "Notes", rows: [["nothing to read here"]] },
      ]),
    );
    const out = join(dir, "nest-draw");
    const drawn = await run(["draw", file, "--seed", "20180614", "--out", out]);
    expect(drawn.code, drawn.stderr).toBe(0);
    expect(drawn.stderr).toContain('nest: Sheet read: "Responses" (the first; the workbook also has "Notes": --sheet NAME reads another)');
    const audit = JSON.parse(readFileSync(join(out, "audit.json"), "utf8"));
    expect(audit.input).toMatchObject({ file: "form.xlsx", source: "xlsx", sheet: "Responses" });
    expect(audit.input.encoding).toBeUndefined();
    expect(audit.counts).toMatchObject({ records: 6, eligible: 3 });
    const verified = await run(["verify", out]);
    expect(verified.code, verified.stderr).toBe(0);

    // The same workbook from standard input draws the same.
    const piped = await run(["draw", "-", "--seed", "20180614", "--out", join(dir, "piped")], { stdin: readFileSync(file) });
    expect(piped.code, piped.stderr).toBe(0);
    const [a, b] = [readFolder(out), readFolder(join(dir, "piped"))];
    for (const name of ["roster.csv", "waitlist.csv", "excluded.csv", "ledger.csv"]) expect(b[name]).toBe(a[name]);

    // One more applicant in the workbook: the export is not the one drawn.
    writeFileSync(
      file,
      workbook([{ name: "Responses", rows: [HEADER, ...APPLICANTS, applicant(7, 5, "fi@x.org", "Fi", [1980, 1, 1], 95817, "Business;")] }]),
    );
    const edited = await run(["verify", out]);
    expect(edited.code).toBe(1);
    expect(edited.stderr).toContain("NOT verified");
  });

  it("reads the sheet --sheet names, and refuses --sheet for a CSV file", async () => {
    const dir = tempDir();
    const file = join(dir, "form.xlsx");
    writeFileSync(
      file,
      workbook([
        { name: "Notes", rows: [["nothing to read here"]] },
        { name: "Responses", rows: [HEADER, ...APPLICANTS] },
      ]),
    );
    const first = await run(["check", file]);
    expect(first.code).toBe(2);
    expect(first.stderr).toContain(
      'form.xlsx, sheet "Notes": has a header row (row 1) but no applicants under it; the workbook also has "Responses": --sheet NAME reads another',
    );
    const named = await run(["check", file, "--sheet", "Responses"]);
    expect(named.code, named.stderr).toBe(0);
    expect(named.stderr).toContain('Sheet read: "Responses" (named by --sheet; the workbook also has "Notes": --sheet NAME reads another)');
    const csv = join(dir, "a.csv");
    writeFileSync(csv, "Email\na@x.org\n");
    const refused = await run(["check", csv, "--sheet", "Responses"]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toBe(`nest: ${csv}: is read as CSV: --sheet is for Excel workbooks (.xlsx)\n`);
  });

  it("says which sheet it read when the columns are not there, and names the others (a Read me tab first)", async () => {
    const dir = tempDir();
    const file = join(dir, "form.xlsx");
    writeFileSync(
      file,
      workbook([
        { name: "Read me", rows: [["NEST 2018 applications"], ["Downloaded from Microsoft Forms"]] },
        { name: "Form1", rows: [HEADER, ...APPLICANTS] },
      ]),
    );
    const result = await run(["check", file]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('nest read the sheet "Read me"; the workbook also has "Form1": --sheet NAME reads another');
    const init = await run(["init", join(dir, "nest.config.json"), "--from", file]);
    expect(init.stderr).toContain('Sheet read: "Read me" (the first; the workbook also has "Form1": --sheet NAME reads another)');
  });

  it("--json says the sheet and the columns read", async () => {
    const dir = tempDir();
    const file = join(dir, "form.xlsx");
    writeFileSync(file, msFormsWorkbook());
    const report = JSON.parse((await run(["check", file, "--json"])).stdout);
    expect(report.sheet).toBe("Sheet1");
    expect(report.columns.email).toEqual({ header: "What is your email address?", by: "wording" });
    const drawn = JSON.parse((await run(["draw", file, "--seed", "1", "--out", join(dir, "d"), "--json"])).stdout);
    expect(drawn.export).toMatchObject({ file: "form.xlsx", sheet: "Sheet1" });
    expect(drawn.columns.timestamp).toEqual({ header: "Completion time", by: "alias" });
  });

  it("says a file named .xlsx that is no workbook is none, beside what reading it as CSV found", async () => {
    const file = join(tempDir(), "applicants.xlsx");
    writeFileSync(file, "hello\n");
    const result = await run(["check", file]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      "its name says Excel workbook, but it is not one (an .xlsx file is a ZIP archive): nest read it as CSV",
    );
  });

  it("gives the same draw in every time zone, ISO date cells included (the CLI runs in UTC)", () => {
    const dir = tempDir();
    const file = join(dir, "form.xlsx");
    // Type-d cells hold ISO dates without a zone, which JavaScript reads in local time: 00:30 on 15 June is still
    // 14 June in Los Angeles' day before it, and Kiritimati (UTC+14) would read it as the 14th, making Gus 18.
    const iso = (id: number, email: string, born: string): Cell[] => [
      id,
      { serial: serialOf(2018, 5, 9, 18, id, 0), format: "custom" },
      { serial: serialOf(2018, 5, 9, 18, id, 30), format: "custom" },
      "anonymous",
      null,
      email,
      "Gus",
      { iso: born },
      95817,
      "Youth;",
    ];
    writeFileSync(
      file,
      workbook([
        { name: "Sheet1", rows: [HEADER, iso(1, "gus@x.org", "2000-06-15T00:30:00"), iso(2, "hal@x.org", "2000-06-13T23:30:00")] },
      ]),
    );
    const config = join(dir, "nest.config.json");
    writeFileSync(config, JSON.stringify({ ...DEFAULT_CONFIG, ageAsOf: "2018-06-14" }));
    const results = ["UTC", "America/Los_Angeles", "Pacific/Kiritimati"].map((zone) => {
      const out = join(dir, `draw-${zone.replace("/", "-")}`);
      const result = spawnSync(
        process.execPath,
        [join(ROOT, "bin/nest.js"), "draw", file, "--config", config, "--seed", "1", "--out", out],
        {
          env: { PATH: process.env.PATH ?? "", TZ: zone },
          encoding: "utf8",
        },
      );
      expect(result.status, result.stderr).toBe(0);
      return readFolder(out);
    });
    // Gus (born 15 June 2000) is 17 on 14 June 2018; Hal (13 June) is 18.
    expect(results[0]!["excluded.csv"]).toContain("gus@x.org");
    expect(results[0]!["roster.csv"]).toContain("hal@x.org");
    for (const other of results.slice(1))
      for (const name of ["roster.csv", "waitlist.csv", "excluded.csv", "ledger.csv"]) expect(other[name]).toBe(results[0]![name]);
  });
});

describe("a workbook saved by a real spreadsheet program", () => {
  // fixtures/applicants.xlsx is fixtures/applicants.csv opened in LibreOffice Calc 7.4 (English (USA), dates
  // detected, so that timestamps and dates of birth are date cells) and saved as Excel 2007-365 (.xlsx).
  it("reads to the same applicants, outcomes and reasons as the CSV it was made from", async () => {
    const csv = await run(["check", join(ROOT, "fixtures", "applicants.csv"), "--json"]);
    const xlsx = await run(["check", join(ROOT, "fixtures", "applicants.xlsx"), "--json"]);
    expect(xlsx.code, xlsx.stderr).toBe(0);
    const [a, b] = [JSON.parse(csv.stdout), JSON.parse(xlsx.stdout)];
    expect(b.counts).toEqual(a.counts);
    expect(a.problems.length).toBeGreaterThan(50);
    // Applicant IDs of rows without an email are keyed by the row's cells, whose dates a workbook writes as ISO.
    const withoutIds = (report: { problems: { id: string }[] }) => report.problems.map(({ id: _, ...rest }) => rest);
    expect(withoutIds(b)).toEqual(withoutIds(a));
  });
});
