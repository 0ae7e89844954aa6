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

/** How each role's column was found: named in the config, by one of HEADER_ALIASES, or by what its header says. */
export type ColumnHow = Partial<Record<ColumnRole, "config" | "alias" | "meaning">>;

/** On failure, `found` holds the roles that were found, so that a caller can report their problems in the same pass. */
export type ColumnResult = { ok: true; columns: ColumnMap; how: ColumnHow } | { ok: false; issues: string[]; found?: ColumnMap };

/**
 * What a header says, for the roles nest-draw/4 also finds by meaning when no header is one of the aliases: a
 * coordinator's own wording ("What is your email?", "Your date of birth", "Home ZIP", "Which group are you
 * applying to represent?"). Matched on the header's words (Unicode NFKC, lower case).
 */
// Each asks for the thing itself, so that a question about something else that names it ("May we email you?",
// "Country of birth", "Which school district…", "Are you a member of a faith group?", "Age group") is not taken.
const MEANINGS: Partial<Record<ColumnRole, RegExp>> = {
  timestamp: /\btimestamp\b|\bcompletion time\b|\bsubmitted (at|on)\b|\bsubmission (time|date)\b/,
  email: /\byour e-?mail\b|\be-?mail address\b|^e-?mail\b|\be-?mail\W*$/,
  dateOfBirth: /\bdate of birth\b|\bbirth ?date\b|\bbirthday\b|\bborn on\b|\bwhen were you born\b|\bdob\b/,
  age: /^(what is )?(your )?age\W*$|^(what is )?your age\b|\bhow old are you\b/,
  district: /\bpolice district\b|^district\b|\bwhich district\b|\bdistrict do you live\b/,
  neighborhood: /\bneighbou?rhoods?\b/,
  zip: /\bzip\b|\bzip ?code\b|\bpostal code\b|\bpost ?code\b/,
  categories: /\bcategor(y|ies)\b|\bseats?\b|\brepresent(ing)?\b|\bapplying (to|for|as)\b|\bwhich groups?\b/,
  firstName: /\bfirst name\b|\bgiven name\b|\bforename\b/,
  lastName: /\blast name\b|\bsurname\b|\bfamily name\b/,
  name: /^(what is )?(your )?(full )?name\W*$/,
};

function wordsOf(header: string): string {
  return header.normalize("NFKC").toLowerCase().replace(/\s+/g, " ").trim();
}

/**
 * Microsoft Forms' own columns, which it writes before the questions: "Completion time" is when the form was sent
 * (its "Start time" is when it was opened), and its "Email" and "Name" are the account that answered ("anonymous"
 * on a form anyone can fill in), not what the applicant wrote: a question asking for them wins over them.
 */
function isMicrosoftForms(normalized: readonly string[]): boolean {
  return normalized.includes("starttime") && normalized.includes("completiontime");
}
const MICROSOFT_OWN: Partial<Record<ColumnRole, string>> = { timestamp: "starttime", email: "email", name: "name" };

const ROLES = Object.keys(HEADER_ALIASES) as ColumnRole[];

/**
 * Find each role's column. Every problem is reported: a configured column that is missing,
 * two columns that both look like the same role, a required column that is absent. With `byMeaning` (nest-draw/4
 * on), a role no header names by an alias is found by what a header says (MEANINGS), and Microsoft Forms' own
 * columns give way to the form's questions.
 */
export function resolveColumns(headers: readonly string[], config: Config, byMeaning = false): ColumnResult {
  const issues: string[] = [];
  const columns: ColumnMap = {};
  const how: ColumnHow = {};
  const ambiguous = new Set<ColumnRole>();
  const normalized = headers.map(normalizeHeader);
  const words = headers.map(wordsOf);
  const microsoft = byMeaning && isMicrosoftForms(normalized);
  // A header some role's alias names is that role's: never taken for another by its wording.
  const aliased = new Set(ROLES.flatMap((r) => HEADER_ALIASES[r].map(normalizeHeader)));
  const found = () => `the columns in the file are: ${headers.map((h) => `"${h}"`).join(", ")}`;

  for (const role of ROLES) {
    const explicit = config.columns[role];
    if (explicit !== undefined) {
      const index = normalized.indexOf(normalizeHeader(explicit));
      if (index === -1) issues.push(`the config names column "${explicit}" for ${ROLE_LABELS[role]}, but there is no such column`);
      else [columns[role], how[role]] = [index, "config"];
      continue;
    }
    const aliases = new Set(HEADER_ALIASES[role].map(normalizeHeader));
    let matches = normalized.flatMap((h, i) => (aliases.has(h) ? [i] : []));
    let by: "alias" | "meaning" = "alias";
    const meaning = byMeaning ? MEANINGS[role] : undefined;
    const meant = meaning === undefined ? [] : words.flatMap((w, i) => (meaning.test(w) && !aliased.has(normalized[i]!) ? [i] : []));
    const own = microsoft ? MICROSOFT_OWN[role] : undefined;
    if (own !== undefined && matches.some((i) => normalized[i] === own)) {
      // Microsoft Forms: its own column gives way to another alias or a question that asks for the same thing.
      const others = [...matches.filter((i) => normalized[i] !== own), ...meant.filter((i) => normalized[i] !== own)];
      if (others.length > 0) {
        matches = others;
        if (!others.some((i) => aliases.has(normalized[i]!))) by = "meaning";
      }
    } else if (matches.length === 0 && meant.length > 0) {
      [matches, by] = [meant, "meaning"];
    }
    if (matches.length > 1 && POINTER_ROLES.has(role)) {
      [columns[role], how[role]] = [matches[0]!, by];
    } else if (matches.length > 1) {
      const names = matches.map((i) => `"${headers[i]}" (column ${i + 1})`).join(" and ");
      issues.push(
        `${names} could both be the ${ROLE_LABELS[role]} column: say which in the config, ` +
          `"columns": { "${role}": ${JSON.stringify(headers[matches[0]!])} }`,
      );
      ambiguous.add(role);
    } else if (matches.length === 1) {
      [columns[role], how[role]] = [matches[0]!, by];
    }
  }

  const missing = (role: ColumnRole) => columns[role] === undefined && config.columns[role] === undefined && !ambiguous.has(role);
  const write = (role: ColumnRole) => `"columns": { "${role}": "<its header>" }`;
  for (const role of ["email", "categories"] as const) {
    if (missing(role))
      issues.push(
        `missing column "${ROLE_LABELS[role]}" (or one of: ${HEADER_ALIASES[role].join(", ")})` +
          (byMeaning ? `; if it has another header, name it in the config: ${write(role)}` : ""),
      );
  }
  if (missing("district") && missing("neighborhood") && missing("zip")) {
    issues.push(
      `missing a column that places applicants: "Police district", "Neighborhood" or "ZIP code"` +
        (byMeaning ? `; if one has another header, name it in the config: ${write("district")} (or "neighborhood", "zip")` : ""),
    );
  }
  const ageRuled = config.categories.filter((c) => c.rules.minAge !== undefined || c.rules.maxAge !== undefined);
  if (ageRuled.length > 0 && missing("dateOfBirth") && missing("age")) {
    issues.push(
      `missing column "Date of birth" or "Age", needed for ${ageRuled.map((c) => c.name).join(", ")}` +
        (byMeaning ? `; if one has another header, name it in the config: ${write("dateOfBirth")} (or "age")` : ""),
    );
  }
  if (issues.length === 0) return { ok: true, columns, how };
  return { ok: false, issues: [...issues, found()], found: columns };
}

/**
 * Why the email column is not the applicants' addresses: every answer in it is "anonymous" (Microsoft Forms' own
 * Email column on a form anyone may fill in), which would exclude every applicant. Null when it may be.
 */
export function anonymousProblem(header: string, cells: Iterable<{ row: number; text: string }>): string | null {
  let any = false;
  for (const { text } of cells) {
    const t = text.trim().toLowerCase();
    if (t === "") continue;
    if (t !== "anonymous") return null;
    any = true;
  }
  if (!any) return null;
  return (
    `column "${header}" holds "anonymous" in every row, as Microsoft Forms writes when anyone may answer the form: ` +
    `it is not the applicants' email address. Ask for the address in the form, or name the column that holds it in the ` +
    `config: "columns": { "email": "<its header>" }`
  );
}

/**
 * The columns nest reads and how it found each, for nest check, by the config's "columns" keys (which is how a
 * coordinator names another): email "What is your email?" (by its wording).
 */
/** The columns a draw read, as its audit records them (nest-audit/3): each role's header, and how it was found. */
export function columnsRecord(headers: readonly string[], columns: ColumnMap, how: ColumnHow) {
  const by = { config: "config", alias: "alias", meaning: "wording" } as const;
  const record: Partial<Record<ColumnRole, { header: string; by: "config" | "alias" | "wording" }>> = {};
  for (const role of ROLES) {
    const i = columns[role];
    if (i !== undefined) record[role] = { header: headers[i]!, by: by[how[role] ?? "alias"] };
  }
  return record;
}

export function describeColumns(headers: readonly string[], columns: ColumnMap, how: ColumnHow): string[] {
  const said = { config: " (named in the config)", alias: "", meaning: " (by its wording)" } as const;
  return ROLES.flatMap((role) => {
    const i = columns[role];
    return i === undefined ? [] : [`${role} ${JSON.stringify(headers[i])}${said[how[role] ?? "alias"]}`];
  });
}
