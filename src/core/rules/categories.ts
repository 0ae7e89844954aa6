import { CategoryMatcher } from "../answers.js";
import type { Category } from "../config.js";
import { cleanCell, normalizeKey } from "../text.js";
import type { Rule } from "./rule.js";

type ReadAnswer = (text: string) => {
  ids: readonly string[];
  unknown: readonly string[];
  /** Parts read by their words, with the category each was taken for (nest-draw/4): each is a note. */
  byWords?: readonly { answer: string; id: string }[];
};

/**
 * The groups an applicant named, in order of preference: at least one the program has. A name nest does not
 * recognise beside one it does is a note; with none recognised, the applicant is excluded. How an answer is read is
 * the edition's: by name and alias (categoriesRule), or by meaning too (categoriesRuleByMeaning).
 */
function categoriesRuleReading(reader: (categories: readonly Category[]) => ReadAnswer): Rule {
  return {
    name: "categories",
    prepare: ({ config }) => {
      const read = reader(config.categories);
      const known = config.categories.map((c) => `"${c.name}"`).join(", ");
      const names = new Map(config.categories.map((c) => [c.id, c.name]));
      const seen = new Map<string, { ids: readonly string[]; unknown: string | null; read: readonly string[] }>();
      return (row, verdict) => {
        const text = row.cell("categories") ?? "";
        let choice = seen.get(text);
        if (choice === undefined) {
          const { ids, unknown, byWords = [] } = read(text);
          const sentence =
            unknown.length === 0
              ? null
              : `${unknown.map((u) => `"${u}"`).join(", ")} ${unknown.length === 1 ? "is not a category" : "are not categories"}; the categories are ${known}`;
          const readSo = byWords.map((b) => `The answer "${b.answer}" was read as ${names.get(b.id)} (by its words)`);
          seen.set(text, (choice = { ids, unknown: sentence, read: readSo }));
        }
        verdict.named = choice.ids;
        for (const note of choice.read) verdict.notes.push(note);
        if (choice.unknown !== null) {
          if (choice.ids.length === 0) return { code: "UNKNOWN_CATEGORY", reason: choice.unknown };
          verdict.notes.push(choice.unknown);
        }
        if (choice.ids.length === 0) return { code: "NO_CATEGORY", reason: "No group (category) was chosen" };
        verdict.categories = choice.ids;
        return null;
      };
    },
  };
}

/** nest-draw/1 to /3: a part of the answer is a category's id, name or alias, case and punctuation aside. */
export const categoriesRule: Rule = categoriesRuleReading((categories) => {
  const index = buildCategoryIndex(categories);
  return (text) => parseCategories(text, index);
});

/**
 * nest-draw/4: answers read by meaning (core/answers.ts): the coordinator's own wording of an option, and an option
 * holding ", " inside brackets or as a configured alias, are the category they can only mean.
 */
export const categoriesRuleByMeaning: Rule = categoriesRuleReading((categories) => {
  const matcher = new CategoryMatcher(categories);
  return (text) => matcher.read(text);
});

export type CategoryIndex = Map<string, string>;

export function buildCategoryIndex(categories: readonly Category[]): CategoryIndex {
  const index = new Map<string, string>();
  for (const c of categories) for (const name of [c.id, c.name, ...c.aliases]) index.set(normalizeKey(name), c.id);
  return index;
}

/** A multi-select answer ("Educator, Youth (18-25)" or "Educator;Youth") in order of preference. */
export function parseCategories(text: string, index: CategoryIndex): { ids: string[]; unknown: string[] } {
  const ids: string[] = [];
  const unknown: string[] = [];
  for (const part of text.split(/\s*;\s*|,\s+/)) {
    const piece = cleanCell(part);
    if (piece === "") continue;
    const id = index.get(normalizeKey(piece));
    if (id === undefined) unknown.push(piece);
    else if (!ids.includes(id)) ids.push(id);
  }
  return { ids, unknown };
}
