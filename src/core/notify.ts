import type { Config, District } from "./config.js";
import { parseIsoDate } from "./dates.js";
import { HEADER_ALIASES } from "./headers.js";
import type { Replacement } from "./replace.js";
import { noticeReason } from "./notify-reasons.js";
import { fillTemplate, OUTCOME_WORDS, type MailMergeColumn, type Outcome, type Template, type TemplateKey } from "./notify-templates.js";
import { formatDateInWords, formatTimeRange, instantOf } from "./session-time.js";
import { cleanCell, normalizeHeader } from "./text.js";

/**
 * nest notify's content, from a draw's files as they stand (after any replacements): one mail-merge row per
 * person, with their outcome and the message for it, and one calendar invitation per district for its seated.
 * Pure: the files come in as tables of cells (io/draw-tables.ts), the bytes go out through io/.
 */

/** One of a draw's CSV files, its formula guard undone: the header and the rows' cells. */
export interface DrawTable {
  name: string;
  headers: readonly string[];
  rows: readonly (readonly string[])[];
}

export type ContactRole = "email" | "firstName" | "lastName" | "name";
const CONTACT_ROLES: readonly ContactRole[] = ["email", "firstName", "lastName", "name"];

export interface Contact {
  email: string;
  firstName: string;
  lastName: string;
  fullName: string;
}

/** How the contact columns were found: the headers audit.json records (nest-audit/3 on), or the header aliases. */
export type ContactColumnsHow = "recorded" | "aliases";

/** The draw files' own columns: the export's headers, " (as submitted)" added where one clashes with nest's (core/outputs.ts). */
function exportHeader(header: string): string {
  return header.replace(/ \(as submitted(?: \d+)?\)$/, "");
}

/**
 * Where a draw file holds each contact column: by the header the audit recorded for the role, or, for a draw whose
 * audit records none, by the config's "columns" and the header aliases, as the draw found them. `lead` is the
 * number of nest's own columns before the export's.
 */
export function contactColumns(
  table: DrawTable,
  lead: number,
  recorded: Partial<Record<ContactRole, string>> | null,
  config: Config,
): Partial<Record<ContactRole, number>> {
  const own = table.headers.map((h, i) => ({ i, header: exportHeader(h) })).slice(lead);
  const found: Partial<Record<ContactRole, number>> = {};
  for (const role of CONTACT_ROLES) {
    let hit;
    if (recorded !== null) {
      const header = recorded[role];
      hit = header === undefined ? undefined : own.find((o) => o.header === header);
    } else {
      const named = config.columns[role];
      const names = new Set((named === undefined ? HEADER_ALIASES[role] : [named]).map(normalizeHeader));
      hit = own.find((o) => names.has(normalizeHeader(o.header)));
    }
    if (hit !== undefined) found[role] = hit.i;
  }
  return found;
}

export function contactOf(cells: readonly string[], columns: Partial<Record<ContactRole, number>>): Contact {
  const cell = (i: number | undefined) => (i === undefined ? "" : cleanCell(cells[i] ?? "").replace(/\s+/g, " "));
  const [firstName, lastName, name] = [cell(columns.firstName), cell(columns.lastName), cell(columns.name)];
  return {
    email: cell(columns.email),
    firstName,
    lastName,
    fullName: name !== "" ? name : [firstName, lastName].filter(Boolean).join(" "),
  };
}

/** An address a mail merge can send to: one "@", something before it, a dot in what follows, no spaces. */
export function isMailable(email: string): boolean {
  return /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/.test(email);
}

export type NoticeRow = Record<MailMergeColumn, string>;

export interface Invitation {
  districtId: string;
  districtName: string;
  /** Where the session is; null when the config does not say (no invitation can be written). */
  location: string | null;
  /** Milliseconds since 1970-01-01T00:00Z; null when the session's time zone is not one the platform knows. */
  start: number | null;
  end: number | null;
  timeZone: string;
  attendees: { name: string; email: string }[];
}

export interface Notices {
  /** One per person who can be emailed, in the draw's order: seated, waitlisted, released, excluded. */
  rows: NoticeRow[];
  /** People without a usable email address (excluded for it, most of them): for the coordinator to reach otherwise. */
  cannotEmail: NoticeRow[];
  /** Excluded rows left out as the same person's later application (DUPLICATE of an address that has a row). */
  duplicatesMerged: number;
  /** Districts with seated people, each one invitation. */
  invitations: Invitation[];
  /** People a row could not be made for (a released applicant in none of the draw's files): the run stops on them. */
  problems: string[];
}

export interface NoticeInput {
  config: Config;
  roster: DrawTable;
  waitlist: DrawTable;
  excluded: DrawTable;
  /** replacements.csv's entries, in order (none when the draw has had no replacements). */
  replacements: readonly Replacement[];
  /** Where each file holds the contact columns (contactColumns). */
  columns: {
    roster: Partial<Record<ContactRole, number>>;
    waitlist: Partial<Record<ContactRole, number>>;
    excluded: Partial<Record<ContactRole, number>>;
  };
  templates: Record<TemplateKey, Template>;
}

/**
 * The reason codes of replacements.csv: each released a place the applicant held, and the letter says so. (One found
 * not eligible after the draw was in the lottery and seated: "we could not include your application in the lottery",
 * the letter to an exclusion, would contradict what they were told before.)
 */
export const RELEASED_CODES: readonly string[] = ["DECLINED", "NO_REPLY", "INELIGIBLE"];
const NO_EMAIL_CODES: readonly string[] = ["MISSING_EMAIL", "INVALID_EMAIL"];

interface Person {
  id: string;
  outcome: Outcome;
  contact: Contact;
  districtId: string;
  category: string;
  seat: string;
  positions: string;
  reason: string;
  code: string;
}

/** Cells of a row by column name; "" for a column the file lacks. */
function columnReader(table: DrawTable) {
  const index = new Map(table.headers.map((h, i) => [h, i]));
  return (cells: readonly string[], name: string) => {
    const i = index.get(name);
    return i === undefined ? "" : (cells[i] ?? "");
  };
}

export function buildNotices(input: NoticeInput): Notices {
  const { config } = input;
  const people = new Map<string, Person>();
  const order: string[] = [];
  const add = (person: Person) => {
    people.set(person.id, person);
    order.push(person.id);
  };
  const blank = { districtId: "", category: "", seat: "", positions: "", reason: "", code: "" };

  const roster = columnReader(input.roster);
  for (const cells of input.roster.rows) {
    const id = roster(cells, "Applicant ID");
    if (people.has(id)) continue;
    add({
      ...blank,
      id,
      outcome: "seated",
      contact: contactOf(cells, input.columns.roster),
      districtId: roster(cells, "District"),
      category: roster(cells, "Category"),
      seat: roster(cells, "Seat"),
    });
  }

  // Someone waitlisted in several categories is one row, with every position.
  const waitlist = columnReader(input.waitlist);
  const positions = new Map<string, string[]>();
  const categories = new Map<string, string[]>();
  for (const cells of input.waitlist.rows) {
    const id = waitlist(cells, "Applicant ID");
    const existing = people.get(id);
    if (existing !== undefined && existing.outcome !== "waitlisted") continue;
    if (existing === undefined) {
      add({
        ...blank,
        id,
        outcome: "waitlisted",
        contact: contactOf(cells, input.columns.waitlist),
        districtId: waitlist(cells, "District"),
      });
      positions.set(id, []);
      categories.set(id, []);
    }
    const category = waitlist(cells, "Category");
    positions.get(id)!.push(`${category} #${waitlist(cells, "Position")}`);
    categories.get(id)!.push(category);
  }
  for (const [id, list] of positions)
    Object.assign(people.get(id)!, { positions: list.join("; "), category: categories.get(id)!.join("; ") });

  // Who gave up a place after the draw (replacements.csv: DECLINED, NO_REPLY, INELIGIBLE), in entry order. nest replace lists
  // them in excluded.csv with their own columns; one in none of the files is a folder that does not verify (notify
  // checks it first), and stops the run.
  const releasedBy = new Map<string, Replacement>();
  for (const r of input.replacements) if (RELEASED_CODES.includes(r.reason) && !people.has(r.vacated)) releasedBy.set(r.vacated, r);

  const excluded = columnReader(input.excluded);
  const pending: { cells: readonly string[]; id: string; code: string }[] = [];
  const releasedContact = new Map<string, Contact>();
  for (const cells of input.excluded.rows) {
    const id = excluded(cells, "Applicant ID");
    if (people.has(id)) continue;
    if (releasedBy.has(id)) releasedContact.set(id, contactOf(cells, input.columns.excluded));
    else pending.push({ cells, id, code: excluded(cells, "Reason code") });
  }
  const problems: string[] = [];
  for (const [id, r] of releasedBy) {
    const contact = releasedContact.get(id);
    if (contact === undefined) {
      problems.push(`${id} (replacements.csv, entry ${r.entry}): in none of the draw's files`);
      continue;
    }
    add({
      ...blank,
      id,
      outcome: "released",
      contact,
      districtId: r.district,
      category: r.category,
      seat: String(r.seat),
      code: r.reason,
      reason: noticeReason(r.reason, r.reason),
    });
  }

  // A later application from an address that has a row is the same person: their row says what became of them.
  const addressOf = (c: Contact) => c.email.toLowerCase();
  const addresses = new Set([...people.values()].map((p) => addressOf(p.contact)));
  for (const p of pending) if (p.code !== "DUPLICATE") addresses.add(addressOf(contactOf(p.cells, input.columns.excluded)));
  let duplicatesMerged = 0;
  for (const { cells, id, code } of pending) {
    const contact = contactOf(cells, input.columns.excluded);
    if (code === "DUPLICATE" && contact.email !== "" && addresses.has(addressOf(contact))) {
      duplicatesMerged++;
      continue;
    }
    if (people.has(id)) continue;
    add({ ...blank, id, outcome: "excluded", contact, code, reason: noticeReason(code, excluded(cells, "Reason")) });
  }

  // Seated from the waitlist after the draw: their letter says a place became free, not that they were drawn for one.
  const fromWaitlist = new Set(input.replacements.flatMap((r) => (r.seated === null ? [] : [r.seated])));
  const replyByDate = config.notify?.replyBy === undefined ? null : parseIsoDate(config.notify.replyBy);
  const replyBy = replyByDate === null ? "" : formatDateInWords(replyByDate);
  const districts = new Map(config.districts.map((d) => [d.id, d]));
  const rows: NoticeRow[] = [];
  const cannotEmail: NoticeRow[] = [];
  for (const id of order) {
    const person = people.get(id)!;
    const seated = person.outcome === "seated";
    const template = input.templates[seated && fromWaitlist.has(id) ? "seatedFromWaitlist" : person.outcome];
    const row = noticeRow(person, districts.get(person.districtId), config.program, template, seated ? replyBy : "");
    if (NO_EMAIL_CODES.includes(person.code) || !isMailable(person.contact.email)) cannotEmail.push(row);
    else rows.push(row);
  }

  const invitations: Invitation[] = [];
  for (const d of config.districts) {
    const seated = order.map((id) => people.get(id)!).filter((p) => p.outcome === "seated" && p.districtId === d.id);
    if (seated.length === 0) continue;
    invitations.push({
      districtId: d.id,
      districtName: d.name,
      location: d.session.location === null || d.session.location.trim() === "" ? null : d.session.location,
      start: instantOf(d.session.date, d.session.start, d.session.timeZone),
      end: instantOf(d.session.date, d.session.end, d.session.timeZone),
      timeZone: d.session.timeZone,
      attendees: seated.filter((p) => isMailable(p.contact.email)).map((p) => ({ name: p.contact.fullName, email: p.contact.email })),
    });
  }
  return { rows, cannotEmail, duplicatesMerged, invitations, problems };
}

/**
 * The districts whose seated would be asked to reply on or after their session (notify.replyBy not before its date),
 * as "district 3 (Thursday, June 14, 2018)"; empty when the date is before every one, or not set.
 */
export function lateReplyBy(config: Config, invitations: readonly Invitation[]): string[] {
  const replyBy = config.notify?.replyBy;
  if (replyBy === undefined) return [];
  const sessions = new Map(config.districts.map((d) => [d.id, d.session.date]));
  return invitations.flatMap((i) => {
    const date = sessions.get(i.districtId);
    const day = date === undefined ? null : parseIsoDate(date);
    return date !== undefined && day !== null && replyBy >= date ? [`district ${i.districtId} (${formatDateInWords(day)})`] : [];
  });
}

/** Where a session is, as the mail merge says it before the config names the place. */
export const LOCATION_TO_BE_ANNOUNCED = "a place to be announced";

function noticeRow(person: Person, district: District | undefined, program: string, template: Template, replyBy: string): NoticeRow {
  const date = district === undefined ? null : parseIsoDate(district.session.date);
  const location = district?.session.location?.trim();
  const values: Omit<NoticeRow, "Subject" | "Message"> = {
    Email: person.contact.email,
    "First name": person.contact.firstName,
    "Last name": person.contact.lastName,
    "Full name": person.contact.fullName,
    Outcome: OUTCOME_WORDS[person.outcome],
    District: person.districtId,
    "District name": district?.name ?? "",
    Category: person.category,
    Seat: person.seat,
    "Waitlist positions": person.positions,
    Reason: person.reason,
    "Session date": date === null ? "" : formatDateInWords(date),
    "Session time": district === undefined ? "" : formatTimeRange(district.session.start, district.session.end),
    Location: district === undefined ? "" : location === undefined || location === "" ? LOCATION_TO_BE_ANNOUNCED : location,
    "Reply by": replyBy,
    "Applicant ID": person.id,
  };
  const fields = { ...values, Program: program };
  return { ...values, Subject: fillTemplate(template.subject, fields), Message: fillTemplate(template.message, fields) };
}
