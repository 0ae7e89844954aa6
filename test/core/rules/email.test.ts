import { describe, expect, it } from "vitest";
import { emailRule, foldEmail, readEmail } from "../../../src/core/rules/email.js";
import { judgeOne } from "../../helpers/rules.js";

describe("the email rule", () => {
  it.each([
    ["a@example.org", null, "a@example.org"],
    ["Jo.Smith@Example.ORG", null, "jo.smith@example.org"],
    ["", "MISSING_EMAIL", null],
    ["\u200b", "MISSING_EMAIL", null],
    ["a at example.org", "INVALID_EMAIL", null],
    ["a@example", "INVALID_EMAIL", null],
    ["a@b@example.org", "INVALID_EMAIL", null],
    ["a b@example.org", "INVALID_EMAIL", null],
    ["jo@exam\u200bple.org", null, "jo@example.org"],
  ])("%j -> %s", (email, code, folded) => {
    const { exclusion, verdict } = judgeOne(emailRule, { email });
    expect(exclusion?.code ?? null).toBe(code);
    expect(verdict.email).toBe(folded);
  });

  it("says what the address was", () => {
    expect(judgeOne(emailRule, { email: "a at example.org" }).exclusion?.reason).toBe('"a at example.org" is not an email address');
  });

  it("folds and strips only what never belongs to an address", () => {
    expect(foldEmail("ÉLodie@Example.org")).toBe("élodie@example.org");
    expect(readEmail("\ufeffa@b.org\u2060")).toBe("a@b.org");
  });
});
