import type { Category } from "../config.js";
import { ageOn, formatIsoDate, parseDate, parseIsoDate, type CivilDate, type DateFormat } from "../dates.js";
import type { Exclusion } from "../reasons.js";
import type { Rule } from "./rule.js";

/**
 * Categories with an age rule (config categories[].rules) keep only applicants of the right age on the session
 * date of their district (or the config's ageAsOf). A category the applicant fails is dropped, with a note;
 * failing every category they named excludes them. Age is only read when a category with a rule was named.
 */
export const ageRule: Rule = makeAgeRule("age", false);

/**
 * nest-draw/5: as ageRule, and the note of a category dropped for age says which the application still counts for
 * ("…; Youth (18-25) requires ages 18–25, so the application counts for Faith community representative only").
 */
export const ageRuleExplained: Rule = makeAgeRule("age (dropped categories explained)", true);

function makeAgeRule(name: string, explain: boolean): Rule {
  return {
    name,
    prepare: ({ config }) => {
      const byId = new Map(config.categories.map((c) => [c.id, c]));
      const asOfDate = (iso: string) => ({ ...parseIsoDate(iso)!, key: iso });
      const everyone = config.ageAsOf === null ? null : asOfDate(config.ageAsOf);
      const sessions = new Map(config.districts.map((d) => [d.id, asOfDate(d.session.date)]));
      const ruled = new Map<readonly string[], boolean>();
      const ages = new Map<string, AgeReading>();
      // Lists of eligible categories, one array per distinct list: applicants share them.
      const lists = new Map<string, readonly string[]>();
      return (row, verdict) => {
        const named = verdict.categories;
        let any = ruled.get(named);
        if (any === undefined) ruled.set(named, (any = named.some((id) => hasAgeRule(byId.get(id)!))));
        if (!any) return null;
        // Without a district (only when nest check asks every rule, core/rules/index.ts), there is no session date.
        const asOf = everyone ?? (verdict.districtId === null ? undefined : sessions.get(verdict.districtId));
        if (asOf === undefined) return null;
        const dob = row.cell("dateOfBirth");
        const stated = row.cell("age");
        const key = `${dob}\u0000${stated}\u0000${asOf.key}`;
        let age = ages.get(key);
        if (age === undefined) ages.set(key, (age = readAge(dob, stated, asOf, config.dateFormat)));

        const failures: Exclusion[] = [];
        const eligible: string[] = [];
        for (const id of named) {
          const category = byId.get(id)!;
          const failure = hasAgeRule(category) ? checkAge(category, age, asOf) : null;
          if (failure === null) eligible.push(id);
          else failures.push(failure);
        }
        if (eligible.length === 0) return failures[0]!;
        if (failures.length > 0) {
          const listKey = eligible.join("\u0000");
          let list = lists.get(listKey);
          if (list === undefined) lists.set(listKey, (list = eligible));
          verdict.categories = list;
          const kept = explain ? `, so the application counts for ${list.map((id) => byId.get(id)!.name).join(" and ")} only` : "";
          for (const f of failures) verdict.notes.push(`${f.reason}${kept}`);
        }
        return null;
      };
    },
  };
}

function hasAgeRule(c: Category): boolean {
  return c.rules.minAge !== undefined || c.rules.maxAge !== undefined;
}

type AgeReading = { ok: true; age: number; source: string } | { ok: false; exclusion: Exclusion };

/**
 * Age on the as-of date, from the date of birth when there is one, else from the age column.
 * A stated age may be one year behind the date of birth (forms are filled in before the session).
 */
export function readAge(dobText: string | undefined, ageText: string | undefined, asOf: CivilDate, format: DateFormat): AgeReading {
  const stated = ageText === undefined || ageText === "" ? null : /^\d{1,3}$/.test(ageText) ? Number(ageText) : NaN;
  if (dobText !== undefined && dobText !== "") {
    const dob = parseDate(dobText, format);
    if (dob.ok) {
      const age = ageOn(dob.date, asOf);
      if (age < 0)
        return {
          ok: false,
          exclusion: { code: "AGE_UNKNOWN", reason: `The date of birth ${formatIsoDate(dob.date)} is after ${formatIsoDate(asOf)}` },
        };
      if (stated !== null && !Number.isNaN(stated) && stated !== age && stated !== age - 1) {
        return {
          ok: false,
          exclusion: {
            code: "AGE_CONFLICT",
            reason: `The date of birth ${formatIsoDate(dob.date)} gives age ${age} on ${formatIsoDate(asOf)}, but the age given is ${stated}`,
          },
        };
      }
      return { ok: true, age, source: `born ${formatIsoDate(dob.date)}` };
    }
    if (stated === null || Number.isNaN(stated))
      return { ok: false, exclusion: { code: "AGE_UNKNOWN", reason: `The date of birth ${dob.problem}` } };
  }
  if (stated === null) return { ok: false, exclusion: { code: "AGE_UNKNOWN", reason: "No date of birth or age was given" } };
  if (Number.isNaN(stated)) return { ok: false, exclusion: { code: "AGE_UNKNOWN", reason: `The age "${ageText}" is not a whole number` } };
  return { ok: true, age: stated, source: "age as given" };
}

function checkAge(category: Category, age: AgeReading, asOf: CivilDate): Exclusion | null {
  if (!age.ok) return age.exclusion;
  const { minAge, maxAge } = category.rules;
  if ((minAge === undefined || age.age >= minAge) && (maxAge === undefined || age.age <= maxAge)) return null;
  const range =
    minAge !== undefined && maxAge !== undefined
      ? `${minAge}–${maxAge}`
      : minAge !== undefined
        ? `${minAge} or over`
        : `${maxAge} or under`;
  return {
    code: "AGE_NOT_ELIGIBLE",
    reason: `Aged ${age.age} on ${formatIsoDate(asOf)} (${age.source}); ${category.name} requires ages ${range}`,
  };
}
