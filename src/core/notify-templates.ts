import type { NotifySettings } from "./config.js";

/**
 * What nest notify says to each outcome: a subject and a message with {placeholders}, each placeholder a column of
 * the mail-merge file ({First name}, {Session date}, ...) or {Program}. A config's "notify.templates" replaces
 * nest's wording outcome by outcome (README "Notifying applicants").
 */

export const OUTCOMES = ["seated", "waitlisted", "excluded", "released"] as const;
export type Outcome = (typeof OUTCOMES)[number];

/** How the Outcome column names each: simple words a mail merge can filter on. */
export const OUTCOME_WORDS: Record<Outcome, string> = {
  seated: "Seated",
  waitlisted: "Waitlisted",
  excluded: "Excluded",
  released: "Place released",
};

/** The mail-merge file's columns, in order: plain words, so that Word, Outlook and Gmail add-ons take them as field names. */
export const MAIL_MERGE_COLUMNS = [
  "Email",
  "First name",
  "Last name",
  "Full name",
  "Outcome",
  "District",
  "District name",
  "Category",
  "Seat",
  "Waitlist positions",
  "Reason",
  "Session date",
  "Session time",
  "Location",
  "Reply by",
  "Subject",
  "Message",
  "Applicant ID",
] as const;
export type MailMergeColumn = (typeof MAIL_MERGE_COLUMNS)[number];

/** What a template may name: every column but the subject and message themselves, and the program's name. */
export const PLACEHOLDERS: readonly string[] = [...MAIL_MERGE_COLUMNS.filter((c) => c !== "Subject" && c !== "Message"), "Program"];

/**
 * The templates: one per outcome, and one for a person seated from the waitlist after the draw (nest replace), whose
 * letter says a place became free rather than that they were drawn for one. Their Outcome is Seated either way.
 */
export const TEMPLATE_KEYS = [...OUTCOMES, "seatedFromWaitlist"] as const;
export type TemplateKey = (typeof TEMPLATE_KEYS)[number];

export interface Template {
  subject: string;
  message: string;
}

/** The seated letters' last paragraph: with a date to reply by when the config sets notify.replyBy. */
const REPLY = "Please reply to this email to confirm that you will take part.";
const REPLY_BY =
  "Please reply to this email by {Reply by} to confirm that you will take part. If we have not heard from you by then, " +
  "your place may be offered to the next person on the waitlist.";

export const DEFAULT_TEMPLATES: Record<TemplateKey, Template> = {
  seated: {
    subject: "{Program}: you have a place",
    message: [
      "Dear {Full name},",
      "",
      "Thank you for applying. You were drawn for a place in the {Category} group of police district {District} ({District name}).",
      "",
      "The session is on {Session date}, {Session time}, at {Location}. A calendar invitation follows.",
      "",
      REPLY,
    ].join("\n"),
  },
  seatedFromWaitlist: {
    subject: "{Program}: a place has become free for you",
    message: [
      "Dear {Full name},",
      "",
      "Thank you for applying. A place in the {Category} group of police district {District} ({District name}) has become free, and you are next on its waitlist: the place is yours.",
      "",
      "The session is on {Session date}, {Session time}, at {Location}. A calendar invitation follows.",
      "",
      REPLY,
    ].join("\n"),
  },
  waitlisted: {
    subject: "{Program}: you are on the waitlist",
    message: [
      "Dear {Full name},",
      "",
      "Thank you for applying. Every place in your group was filled by the lottery, and you are on the waitlist: {Waitlist positions}.",
      "",
      "If a place becomes free, we will offer it in waitlist order. The session for police district {District} ({District name}) is on {Session date}, {Session time}.",
    ].join("\n"),
  },
  excluded: {
    subject: "{Program}: your application",
    message: [
      "Dear {Full name},",
      "",
      "Thank you for applying. We could not include your application in the lottery. {Reason}",
      "",
      "If you think this is a mistake, please reply to this email.",
    ].join("\n"),
  },
  released: {
    subject: "{Program}: your place has been released",
    message: [
      "Dear {Full name},",
      "",
      "Your place in the {Category} group of police district {District} ({District name}) has been released. {Reason}",
      "",
      "Thank you for your interest in {Program}.",
    ].join("\n"),
  },
};

/**
 * The templates a run uses: the config's where it gives one, nest's own otherwise (the seated letters with the date
 * to reply by when the config sets notify.replyBy).
 */
export function templatesOf(settings: NotifySettings | undefined): Record<TemplateKey, Template> {
  const given = settings?.templates ?? {};
  const own = (key: TemplateKey): Template => {
    const t = DEFAULT_TEMPLATES[key];
    return settings?.replyBy === undefined ? t : { subject: t.subject, message: t.message.replace(REPLY, REPLY_BY) };
  };
  return Object.fromEntries(
    TEMPLATE_KEYS.map((key) => {
      const t = given[key];
      return [
        key,
        t === undefined ? own(key) : { subject: t.subject, message: Array.isArray(t.message) ? t.message.join("\n") : t.message },
      ];
    }),
  ) as Record<TemplateKey, Template>;
}

const PLACEHOLDER = /\{([^{}]*)\}/g;

/**
 * Each placeholder of the templates that names nothing, as "notify.templates.seated.message: {Frist name} ...", and
 * each {Reply by} while the config sets no notify.replyBy (the letter would promise a date it does not give).
 */
export function checkTemplates(templates: Record<TemplateKey, Template>, settings?: NotifySettings): string[] {
  const issues: string[] = [];
  for (const key of TEMPLATE_KEYS) {
    for (const part of ["subject", "message"] as const) {
      for (const match of templates[key][part].matchAll(PLACEHOLDER)) {
        if (!PLACEHOLDERS.includes(match[1]!))
          issues.push(
            `notify.templates.${key}.${part}: {${match[1]}} names no field; the fields are ${PLACEHOLDERS.map((p) => `{${p}}`).join(", ")}`,
          );
        else if (match[1] === "Reply by" && key !== "seated" && key !== "seatedFromWaitlist")
          issues.push(
            `notify.templates.${key}.${part}: {Reply by} is for the seated letters only: nobody ${key} is asked to reply by a date`,
          );
        else if (match[1] === "Reply by" && settings?.replyBy === undefined)
          issues.push(`notify.templates.${key}.${part}: {Reply by} is used, but notify.replyBy (a date, YYYY-MM-DD) is not set`);
      }
    }
  }
  return issues;
}

/** A template with its placeholders filled in (checkTemplates has ruled out unknown ones). */
export function fillTemplate(text: string, values: Readonly<Record<string, string>>): string {
  return text.replace(PLACEHOLDER, (whole, name: string) => values[name] ?? whole);
}
