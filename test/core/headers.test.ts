import { describe, expect, it } from "vitest";
import { anonymousProblem, resolveColumns } from "../../src/core/headers.js";
import { makeConfig } from "../helpers/config.js";

describe("resolveColumns", () => {
  it.each([
    [
      ["Email Address", "Which group would you represent?", "Police district", "Date of birth"],
      { email: 0, categories: 1, district: 2, dateOfBirth: 3 },
    ],
    [["E-MAIL", "category", "ZIP", "DOB"], { email: 0, categories: 1, zip: 2, dateOfBirth: 3 }],
    [
      ["Response ID", "Completion time", "email", "Category", "Which police district do you live in?", "Age"],
      { id: 0, timestamp: 1, email: 2, categories: 3, district: 4, age: 5 },
    ],
    [[" Zip  Code ", "Email", "Category", "Birth date"], { zip: 0, email: 1, categories: 2, dateOfBirth: 3 }],
  ])("%j", (headers, columns) => {
    const result = resolveColumns(headers, makeConfig());
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.columns).toEqual(columns); // exactly these roles, no more
  });

  it("reports every missing column, listing the headers found", () => {
    const result = resolveColumns(["Name", "Phone"], makeConfig());
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.issues).toHaveLength(5);
      expect(result.issues[0]).toContain('missing column "Email Address"');
      expect(result.issues[3]).toContain('"Date of birth" or "Age", needed for Youth (18-25)');
      expect(result.issues[4]).toBe('the columns in the file are: "Name", "Phone"');
    }
  });

  it("refuses two columns that both look like the email column", () => {
    const result = resolveColumns(["Email", "E-mail", "Category", "ZIP", "Age"], makeConfig());
    expect(result).toEqual({
      found: { categories: 2, zip: 3, age: 4 },
      ok: false,
      issues: [
        '"Email" (column 1) and "E-mail" (column 2) could both be the Email Address column: say which in the config, "columns": { "email": "Email" }',
        'the columns in the file are: "Email", "E-mail", "Category", "ZIP", "Age"',
      ],
    });
  });

  it("takes a column the config names, whatever it is called", () => {
    const config = makeConfig({ columns: { email: "Contact", categories: "I am a..." } });
    expect(resolveColumns(["Contact", "I am a...", "ZIP", "Age"], config)).toEqual({
      ok: true,
      columns: { email: 0, categories: 1, zip: 2, age: 3 },
      how: { email: "config", categories: "config", zip: "alias", age: "alias" },
    });
    const missing = resolveColumns(["Email", "Category", "ZIP", "Age"], config);
    expect(missing.ok).toBe(false);
    if (!missing.ok)
      expect(missing.issues[0]).toContain('the config names column "Contact" for Email Address, but there is no such column');
  });
});

describe("resolveColumns by meaning (nest-draw/4, issue #12)", () => {
  it("finds a coordinator's own wording when no header is an alias, and says so", () => {
    const headers = [
      "Timestamp",
      "What is your email?",
      "Your date of birth",
      "Which Sacramento police district do you live in?",
      "Home ZIP",
      "Which group are you applying to represent?",
      "Your full name",
    ];
    const result = resolveColumns(headers, makeConfig(), true);
    expect(result).toEqual({
      ok: true,
      columns: { timestamp: 0, email: 1, dateOfBirth: 2, district: 3, zip: 4, categories: 5, name: 6 },
      how: {
        timestamp: "alias",
        email: "meaning",
        dateOfBirth: "meaning",
        district: "meaning",
        zip: "meaning",
        categories: "meaning",
        name: "meaning",
      },
    });
    // The same headers before nest-draw/4: a missing email and category column.
    expect(resolveColumns(headers, makeConfig()).ok).toBe(false);
  });

  it("keeps an alias over a header that only means the same, so an export that worked before reads the same", () => {
    const result = resolveColumns(["Email", "Email of a reference", "Category", "ZIP", "Age"], makeConfig(), true);
    expect(result).toMatchObject({ ok: true, columns: { email: 0 } });
  });

  it("says exactly what to write when two headers mean the same", () => {
    const result = resolveColumns(["Your email", "Work email", "Category", "ZIP", "Age"], makeConfig(), true);
    expect(result.ok).toBe(false);
    if (!result.ok)
      expect(result.issues[0]).toBe(
        '"Your email" (column 1) and "Work email" (column 2) could both be the Email Address column: say which in the config, "columns": { "email": "Your email" }',
      );
  });

  it("says what to write for a missing column", () => {
    const result = resolveColumns(["Contact", "Category", "ZIP", "Age"], makeConfig(), true);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.issues[0]).toContain('name it in the config: "columns": { "email": "<its header>" }');
  });

  it("Microsoft Forms: Completion time is the timestamp, and a question asking for the email wins over its own Email", () => {
    const headers = ["ID", "Start time", "Completion time", "Email", "Name", "Your email address", "Category", "ZIP code", "Age"];
    expect(resolveColumns(headers, makeConfig(), true)).toMatchObject({
      ok: true,
      columns: { id: 0, timestamp: 2, email: 5, name: 4 },
      how: { timestamp: "alias", email: "meaning" },
    });
    // Without such a question, its Email column stays the email column (and pool.ts refuses one of "anonymous").
    expect(
      resolveColumns(
        headers.filter((h) => h !== "Your email address"),
        makeConfig(),
        true,
      ),
    ).toMatchObject({
      ok: true,
      columns: { timestamp: 2, email: 3 },
    });
    // Before nest-draw/4: Start time and Completion time were two timestamps.
    expect(resolveColumns(headers, makeConfig()).ok).toBe(false);
  });
});

describe("anonymousProblem", () => {
  const cells = (...texts: string[]) => texts.map((text, i) => ({ row: i + 2, text }));
  it("refuses an email column of anonymous answers, and only that", () => {
    expect(anonymousProblem("Email", cells("anonymous", "", "Anonymous"))).toContain('column "Email" holds "anonymous" in every row');
    expect(anonymousProblem("Email", cells("anonymous", "a@b.org"))).toBe(null);
    expect(anonymousProblem("Email", cells("", ""))).toBe(null);
  });
});

describe("resolveColumns by meaning takes no question that only mentions a role (review of 0.4.0)", () => {
  it.each([
    ["May we email you about future events?", "email"],
    ["Country of birth", "dateOfBirth"],
    ["Which school district do your children attend?", "district"],
    ["Are you a member of a faith group?", "categories"],
    ["Age group", "age"],
    ["Name of your organization", "name"],
    ["Postal address", "zip"],
  ])("%j is not the %s column", (header, role) => {
    const result = resolveColumns(
      ["Email Address", "Which group would you represent?", "ZIP", "Date of birth", header],
      makeConfig(),
      true,
    );
    expect(result.ok).toBe(true);
    if (result.ok) expect((result.columns as Record<string, number>)[role]).not.toBe(4);
  });

  it("Microsoft Forms keeps its own Email column when no question asks for the address", () => {
    const headers = [
      "ID",
      "Start time",
      "Completion time",
      "Email",
      "Name",
      "May we email you about future events?",
      "ZIP code",
      "Category",
      "Age",
    ];
    expect(resolveColumns(headers, makeConfig(), true)).toMatchObject({ ok: true, columns: { email: 3 } });
  });
});
