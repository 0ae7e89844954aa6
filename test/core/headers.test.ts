import { describe, expect, it } from "vitest";
import { resolveColumns } from "../../src/core/headers.js";
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
    expect(resolveColumns(headers, makeConfig())).toEqual({ ok: true, columns });
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
      ok: false,
      issues: [
        '"Email" (column 1) and "E-mail" (column 2) could both be the Email Address column; name one in the config\'s "columns.email"',
        'the columns in the file are: "Email", "E-mail", "Category", "ZIP", "Age"',
      ],
    });
  });

  it("takes a column the config names, whatever it is called", () => {
    const config = makeConfig({ columns: { email: "Contact", categories: "I am a..." } });
    expect(resolveColumns(["Contact", "I am a...", "ZIP", "Age"], config)).toEqual({
      ok: true,
      columns: { email: 0, categories: 1, zip: 2, age: 3 },
    });
    const missing = resolveColumns(["Email", "Category", "ZIP", "Age"], config);
    expect(missing.ok).toBe(false);
    if (!missing.ok)
      expect(missing.issues[0]).toContain('the config names column "Contact" for Email Address, but there is no such column');
  });
});
