import { z } from "zod";
import { isValidDate } from "./dates.js";

/**
 * The program's configuration: districts, categories, places and lookup tables.
 * The embedded default (default-config.ts) describes NEST 2018; `nest init` writes it out for editing.
 */

const IsoDateSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "must be a date written YYYY-MM-DD")
  // Said only of a date written YYYY-MM-DD: "6/29/2018" gets the one message above, not this one too.
  .refine((s) => !/^\d{4}-\d{2}-\d{2}$/.test(s) || isRealDate(s), "is not a real calendar date");

const TimeSchema = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "must be a time written HH:MM (24-hour)");

/** How sure the reference data is: H(igh), M(edium), L(ow), or a range such as "M-H". */
const ConfidenceSchema = z.string().regex(/^[HML](-[HML])?$/, 'must be "H", "M", "L" or a range such as "M-H"');

const ZipSchema = z.string().regex(/^\d{5}$/, "must be a five-digit ZIP code");

const NeighborhoodSchema = z.strictObject({ name: z.string().min(1), confidence: ConfidenceSchema });
const DistrictZipSchema = z.strictObject({ zip: ZipSchema, confidence: ConfidenceSchema });

export const DistrictSchema = z.strictObject({
  /** Short identifier, written in the outputs' District column: "1" .. "6". */
  id: z
    .string()
    .min(1)
    .regex(/^[^\u0000-\u001f]+$/, "must not contain control characters"),
  name: z.string().min(1),
  /** Other ways applicants write this district, besides its id and name. */
  aliases: z.array(z.string().min(1)).default([]),
  session: z.strictObject({
    date: IsoDateSchema,
    start: TimeSchema,
    end: TimeSchema,
    timeZone: z.string().min(1),
    /** Where the meeting is; unknown (null) for 2018. */
    location: z.string().nullable(),
  }),
  neighborhoods: z.array(NeighborhoodSchema).default([]),
  zips: z.array(DistrictZipSchema).default([]),
});
export type District = z.infer<typeof DistrictSchema>;

// Before nest 0.4.0 a name could hold no ";" or ", ", which separate multi-select answers; nest-draw/4 reads an
// answer that is a whole name or alias holding them as that name (core/answers.ts), and earlier editions never
// met one (their configs were refused).
const CategoryNameSchema = z.string().min(1);

export const CategorySchema = z.strictObject({
  /** Short identifier, used in config overrides and the audit: "youth". */
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, "must be lower-case letters, digits and hyphens"),
  /** Written in the outputs' Category column. */
  name: CategoryNameSchema,
  aliases: z.array(CategoryNameSchema).default([]),
  rules: z
    .strictObject({
      /** Inclusive bounds on age on the age-as-of date (the district's session date by default). */
      minAge: z.number().int().min(0).optional(),
      maxAge: z.number().int().min(0).optional(),
    })
    .default({}),
});
export type Category = z.infer<typeof CategorySchema>;

export const ColumnRoleSchema = z.enum([
  "id",
  "timestamp",
  "email",
  "dateOfBirth",
  "age",
  "district",
  "neighborhood",
  "zip",
  "categories",
  "name",
  "firstName",
  "lastName",
]);
export type ColumnRole = z.infer<typeof ColumnRoleSchema>;

/** What nest notify says to one outcome: a subject and a message, with {placeholders} (core/notify-templates.ts). */
const NoticeTemplateSchema = z.strictObject({
  subject: z.string().min(1),
  /** The message's text: one string, or its lines (JSON strings hold no line breaks a reader can see). */
  message: z.union([z.string().min(1), z.array(z.string()).min(1)]),
});

/**
 * nest notify's settings, all optional: a draw never reads them (configs without them are unchanged, and a
 * "given" config is hashed as its file's JSON). README "Notifying applicants".
 */
export const NotifySchema = z.strictObject({
  /** Who the calendar invitations are from (ORGANIZER). */
  organizer: z.strictObject({ name: z.string().min(1), email: z.string().min(3) }).optional(),
  /** Each outcome's subject and message; an outcome left out has nest's own wording. */
  templates: z
    .strictObject({
      seated: NoticeTemplateSchema.optional(),
      waitlisted: NoticeTemplateSchema.optional(),
      excluded: NoticeTemplateSchema.optional(),
      released: NoticeTemplateSchema.optional(),
      /** For a person seated from the waitlist after the draw (nest replace): a place became free. */
      seatedFromWaitlist: NoticeTemplateSchema.optional(),
    })
    .optional(),
  /** The date the seated are asked to reply by ({Reply by}, in words); the default seated letters then name it. */
  replyBy: IsoDateSchema.optional(),
});
export type NotifySettings = z.infer<typeof NotifySchema>;

export const ConfigSchema = z
  .strictObject({
    program: z.string().min(1),
    /**
     * The secret key of the program's Applicant IDs (docs/ALGORITHM.md §2): with it, an applicant's ID is a keyed
     * hash of their email address, which nobody without the key can link to them. nest init writes a fresh one.
     */
    applicantIdKey: z
      .string()
      .regex(/^[0-9a-f]{32,}$/, "must be 32 or more lower-case hexadecimal digits (nest init writes a fresh one)")
      .optional(),
    /** Count ages on this date for everyone instead of on each district's session date. */
    ageAsOf: IsoDateSchema.nullable().default(null),
    /** How dates of birth are written when they use slashes: month/day/year (US) or day/month/year. */
    dateFormat: z.enum(["mdy", "dmy"]).default("mdy"),
    /** Name a column of the export explicitly, overriding the header aliases. */
    columns: z.partialRecord(ColumnRoleSchema, z.string().min(1)).default({}),
    districts: z.array(DistrictSchema).min(1),
    /** What to say when someone answers with a number that is not a police district. */
    districtAnswerNote: z.string().default(""),
    categories: z.array(CategorySchema).min(1),
    places: z
      .strictObject({
        /** Places per category per district, unless overridden. */
        default: z.number().int().min(0),
        /** district id -> category id -> places */
        overrides: z.record(z.string(), z.record(z.string(), z.number().int().min(0))).default({}),
      })
      .default({ default: 2, overrides: {} }),
    outsideCity: z
      .strictObject({
        neighborhoods: z.array(z.string().min(1)).default([]),
        zips: z.array(ZipSchema).default([]),
      })
      .default({ neighborhoods: [], zips: [] }),
    /** ZIP codes that are never enough on their own. */
    zipsStraddling: z.array(z.strictObject({ zip: ZipSchema, districts: z.array(z.string()).min(2) })).default([]),
    zipsNeedReview: z.array(z.strictObject({ zip: ZipSchema, why: z.string().min(1) })).default([]),
    /** nest notify's settings (optional; no draw reads them). */
    notify: NotifySchema.optional(),
  })
  .superRefine((config, ctx) => {
    const districtIds = new Set<string>();
    config.districts.forEach((d, i) => {
      if (districtIds.has(d.id))
        ctx.addIssue({ code: "custom", path: ["districts", i, "id"], message: `district id "${d.id}" is used twice` });
      districtIds.add(d.id);
    });
    const categoryIds = new Set<string>();
    config.categories.forEach((c, i) => {
      if (categoryIds.has(c.id))
        ctx.addIssue({ code: "custom", path: ["categories", i, "id"], message: `category id "${c.id}" is used twice` });
      categoryIds.add(c.id);
      const { minAge, maxAge } = c.rules;
      if (minAge !== undefined && maxAge !== undefined && minAge > maxAge)
        ctx.addIssue({ code: "custom", path: ["categories", i, "rules"], message: "minAge is greater than maxAge" });
    });
    for (const [districtId, byCategory] of Object.entries(config.places.overrides)) {
      if (!districtIds.has(districtId))
        ctx.addIssue({ code: "custom", path: ["places", "overrides", districtId], message: `no district has id "${districtId}"` });
      for (const categoryId of Object.keys(byCategory))
        if (!categoryIds.has(categoryId))
          ctx.addIssue({
            code: "custom",
            path: ["places", "overrides", districtId, categoryId],
            message: `no category has id "${categoryId}"`,
          });
    }
    config.zipsStraddling.forEach((z, i) =>
      z.districts.forEach((id, j) => {
        if (!districtIds.has(id))
          ctx.addIssue({ code: "custom", path: ["zipsStraddling", i, "districts", j], message: `no district has id "${id}"` });
      }),
    );
  });

export type Config = z.infer<typeof ConfigSchema>;
export type ConfigInput = z.input<typeof ConfigSchema>;

export type ConfigResult = { ok: true; config: Config } | { ok: false; issues: string[] };

/** Validate a parsed JSON value as a config; every problem is reported with its path. */
export function validateConfig(value: unknown): ConfigResult {
  const unkeepable = protoKeys(value, []).map(
    (path) => `${formatPath(path)}: "__proto__" cannot be a key here (it is not an id JavaScript can keep)`,
  );
  const result = ConfigSchema.safeParse(value);
  if (result.success && unkeepable.length === 0) return { ok: true, config: result.data };
  return {
    ok: false,
    issues: [
      ...unkeepable,
      ...(result.success ? [] : result.error.issues.map((issue) => `${formatPath(issue.path)}: ${issue.message}${hint(issue)}`)),
    ],
  };
}

/**
 * Names a config for a new draw gives twice, as "path: problem": two categories, or two districts, of one name. The
 * ledger and replacements.csv name a category by its name, so an observer could not tell two such apart (a review
 * of nest replace found it). Not part of validateConfig, which also reads the configs earlier draws recorded.
 */
export function repeatedNameIssues(config: Config): string[] {
  const issues: string[] = [];
  for (const [list, what] of [
    [config.categories, "categories"],
    [config.districts, "districts"],
  ] as const) {
    const seen = new Map<string, number>();
    list.forEach((item, i) => {
      const first = seen.get(item.name);
      if (first !== undefined)
        issues.push(`${what}[${i}].name: "${item.name}" is already the name of ${what}[${first}]; give each its own name`);
      else seen.set(item.name, i);
    });
  }
  return issues;
}

/**
 * Every string in a config for a new draw, as "path: problem", that holds a control character (U+0000 to U+001F,
 * U+007F): names, aliases and notes are written into the outputs' cells and onto the terminal, where a spreadsheet
 * drops some of them (a NUL before "=" hid a formula from the guard) and a terminal runs others. Not part of
 * validateConfig, which also reads the configs earlier draws recorded: those verify as they were made.
 */
export function controlCharacterIssues(value: unknown, path: PropertyKey[] = []): string[] {
  if (typeof value === "string") {
    const at = value.search(/[\u0000-\u001f\u007f]/);
    if (at < 0) return [];
    const code = value.charCodeAt(at).toString(16).toUpperCase().padStart(4, "0");
    return [`${formatPath(path)}: holds a control character (U+${code}, character ${at + 1}); write it without one`];
  }
  if (typeof value !== "object" || value === null) return [];
  return Object.entries(value).flatMap(([key, inner]) =>
    controlCharacterIssues(inner, [...path, Array.isArray(value) ? Number(key) : key]),
  );
}

/** What to write instead of an unknown key of "columns": the roles nest knows (README "The config"). */
function hint(issue: z.core.$ZodIssue): string {
  const path = issue.path;
  if (path.length === 1 && path[0] === "columns" && (issue.code === "unrecognized_keys" || issue.code === "invalid_key"))
    return `; the keys "columns" takes are ${ColumnRoleSchema.options.map((r) => `"${r}"`).join(", ")}`;
  return "";
}

/** Where a parsed JSON value has an own "__proto__" key (JSON.parse keeps one; any object built from it would drop it). */
function protoKeys(value: unknown, path: PropertyKey[]): PropertyKey[][] {
  if (typeof value !== "object" || value === null) return [];
  const found: PropertyKey[][] = Object.hasOwn(value, "__proto__") ? [path] : [];
  for (const [key, inner] of Object.entries(value)) found.push(...protoKeys(inner, [...path, Array.isArray(value) ? Number(key) : key]));
  return found;
}

function formatPath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return "(top level)";
  return path.map((p, i) => (typeof p === "number" ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`)).join("");
}

function isRealDate(iso: string): boolean {
  const [y, m, d] = iso.split("-").map(Number) as [number, number, number];
  return isValidDate({ y, m, d });
}
