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
  "Subject",
  "Message",
  "Applicant ID",
] as const;
export type MailMergeColumn = (typeof MAIL_MERGE_COLUMNS)[number];

/** What a template may name: every column but the subject and message themselves, and the program's name. */
export const PLACEHOLDERS: readonly string[] = [...MAIL_MERGE_COLUMNS.filter((c) => c !== "Subject" && c !== "Message"), "Program"];

export interface Template {
  subject: string;
  message: string;
}

export const DEFAULT_TEMPLATES: Record<Outcome, Template> = {
  seated: {
    subject: "{Program}: you have a place",
    message: [
      "Dear {Full name},",
      "",
      "Thank you for applying. You were drawn for a place in the {Category} group of police district {District} ({District name}).",
      "",
      "The session is on {Session date}, {Session time}, at {Location}. A calendar invitation follows.",
      "",
      "Please reply to this email to confirm that you will take part.",
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

/** The templates a run uses: the config's where it gives one, nest's own otherwise. */
export function templatesOf(settings: NotifySettings | undefined): Record<Outcome, Template> {
  const given = settings?.templates ?? {};
  return Object.fromEntries(
    OUTCOMES.map((o) => {
      const t = given[o];
      return [
        o,
        t === undefined
          ? DEFAULT_TEMPLATES[o]
          : { subject: t.subject, message: Array.isArray(t.message) ? t.message.join("\n") : t.message },
      ];
    }),
  ) as Record<Outcome, Template>;
}

const PLACEHOLDER = /\{([^{}]*)\}/g;

/** Each placeholder of the templates that names nothing, as "notify.templates.seated.message: {Frist name} ...". */
export function checkTemplates(templates: Record<Outcome, Template>): string[] {
  const issues: string[] = [];
  for (const outcome of OUTCOMES) {
    for (const part of ["subject", "message"] as const) {
      for (const match of templates[outcome][part].matchAll(PLACEHOLDER)) {
        if (!PLACEHOLDERS.includes(match[1]!))
          issues.push(
            `notify.templates.${outcome}.${part}: {${match[1]}} names no field; the fields are ${PLACEHOLDERS.map((p) => `{${p}}`).join(", ")}`,
          );
      }
    }
  }
  return issues;
}

/** A template with its placeholders filled in (checkTemplates has ruled out unknown ones). */
export function fillTemplate(text: string, values: Readonly<Record<string, string>>): string {
  return text.replace(PLACEHOLDER, (whole, name: string) => values[name] ?? whole);
}
