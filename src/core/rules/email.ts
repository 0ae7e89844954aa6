import type { Rule } from "./rule.js";

/** Applicants are notified by email: an address is required, and must look like one. */
export const emailRule: Rule = {
  name: "email",
  prepare: () => (row, verdict) => {
    const email = readEmail(row.cell("email") ?? "");
    if (email === "") return { code: "MISSING_EMAIL", reason: "No email address was given" };
    if (!EMAIL.test(email)) return { code: "INVALID_EMAIL", reason: `"${email}" is not an email address` };
    verdict.email = foldEmail(email);
    return null;
  },
};

const EMAIL = /^[^\s@",;<>()[\]]+@[^\s@",;<>()[\]]+\.[^\s@",;<>()[\].]{2,}$/;

/** The email cell without zero-width characters: pasted from web pages, invisible, never part of an address. */
export function readEmail(cell: string): string {
  return /[\u200B-\u200D\u2060\uFEFF]/.test(cell) ? cell.replace(/[\u200B-\u200D\u2060\uFEFF]/g, "") : cell;
}

/** An address folded for comparing (EMAIL admits no whitespace); most are lower-case ASCII already. */
export function foldEmail(email: string): string {
  return /[A-Z\u0080-\uffff]/.test(email) ? email.toLowerCase() : email;
}
