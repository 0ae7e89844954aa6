import type { ColumnRole, Config } from "./config.js";
import { normalizeHeader } from "./text.js";

/**
 * Header aliases, matched case- and space-insensitively. Google Forms, Microsoft Forms and
 * hand-made sheets name the same question differently; the config can name any column explicitly.
 */
export const HEADER_ALIASES: Record<ColumnRole, readonly string[]> = {
  id: ["ID", "Response ID", "Applicant ID", "Submission ID"],
  timestamp: ["Timestamp", "Completion time", "Submitted at", "Submission time", "Start time"],
  email: ["Email Address", "Email", "E-mail", "E-mail address"],
  dateOfBirth: ["Date of birth", "DOB", "Birth date", "Birthdate"],
  age: ["Age", "Your age"],
  district: ["Police district", "Which police district do you live in?", "District"],
  neighborhood: ["Neighborhood", "Neighbourhood", "Which neighborhood do you live in?"],
  zip: ["ZIP", "Zip code", "ZIP code", "Postal code", "Zipcode"],
  categories: ["Which group would you represent?", "Category", "Categories", "Group", "Which group(s) would you represent?"],
  name: ["Name", "Full name", "Your name", "Applicant name", "Name of applicant"],
  firstName: ["First name", "Given name"],
  lastName: ["Last name", "Surname", "Family name"],
};

/** What each role is called in messages. */
export const ROLE_LABELS: Record<ColumnRole, string> = {
  id: "ID",
  timestamp: "Timestamp",
  email: "Email Address",
  dateOfBirth: "Date of birth",
  age: "Age",
  district: "Police district",
  neighborhood: "Neighborhood",
  zip: "ZIP code",
  categories: "Which group would you represent?",
  name: "Name",
  firstName: "First name",
  lastName: "Last name",
};

/**
 * Columns nest only reads to point a coordinator at a person (core/who.ts): when two could be one, the first is
 * used, since nothing is decided by them.
 */
const POINTER_ROLES: ReadonlySet<ColumnRole> = new Set(["name", "firstName", "lastName"]);

export type ColumnMap = Partial<Record<ColumnRole, number>>;

export type ColumnResult = { ok: true; columns: ColumnMap } | { ok: false; issues: string[] };

const ROLES = Object.keys(HEADER_ALIASES) as ColumnRole[];

/**
 * Find each role's column. Every problem is reported: a configured column that is missing,
 * two columns that both look like the same role, a required column that is absent.
 */
export function resolveColumns(headers: readonly string[], config: Config): ColumnResult {
  const issues: string[] = [];
  const columns: ColumnMap = {};
  const ambiguous = new Set<ColumnRole>();
  const normalized = headers.map(normalizeHeader);
  const found = () => `the columns in the file are: ${headers.map((h) => `"${h}"`).join(", ")}`;

  for (const role of ROLES) {
    const explicit = config.columns[role];
    if (explicit !== undefined) {
      const index = normalized.indexOf(normalizeHeader(explicit));
      if (index === -1) issues.push(`the config names column "${explicit}" for ${ROLE_LABELS[role]}, but there is no such column`);
      else columns[role] = index;
      continue;
    }
    const aliases = new Set(HEADER_ALIASES[role].map(normalizeHeader));
    const matches = normalized.flatMap((h, i) => (aliases.has(h) ? [i] : []));
    if (matches.length > 1 && POINTER_ROLES.has(role)) {
      columns[role] = matches[0]!;
    } else if (matches.length > 1) {
      const names = matches.map((i) => `"${headers[i]}" (column ${i + 1})`).join(" and ");
      issues.push(`${names} could both be the ${ROLE_LABELS[role]} column; name one in the config's "columns.${role}"`);
      ambiguous.add(role);
    } else if (matches.length === 1) {
      columns[role] = matches[0]!;
    }
  }

  const missing = (role: ColumnRole) => columns[role] === undefined && config.columns[role] === undefined && !ambiguous.has(role);
  for (const role of ["email", "categories"] as const) {
    if (missing(role)) issues.push(`missing column "${ROLE_LABELS[role]}" (or one of: ${HEADER_ALIASES[role].join(", ")})`);
  }
  if (missing("district") && missing("neighborhood") && missing("zip")) {
    issues.push(`missing a column that places applicants: "Police district", "Neighborhood" or "ZIP code"`);
  }
  const ageRuled = config.categories.filter((c) => c.rules.minAge !== undefined || c.rules.maxAge !== undefined);
  if (ageRuled.length > 0 && missing("dateOfBirth") && missing("age")) {
    issues.push(`missing column "Date of birth" or "Age", needed for ${ageRuled.map((c) => c.name).join(", ")}`);
  }
  if (issues.length === 0) return { ok: true, columns };
  return { ok: false, issues: [...issues, found()] };
}
