import type { Category } from "./config.js";
import { cleanCell, normalizeKey } from "./text.js";

/**
 * Category answers read by meaning (nest-draw/4 on, README "Categories"): an answer in the coordinator's own words
 * ("Social services / nonprofit", "Business owner or manager", "Faith community rep.") is the category it can only
 * mean. In order, for each part of a multi-select answer:
 *
 * 1. Parts are split on ";" and ", ", but never inside brackets ("Educator (teacher, professor, school staff)"), and
 *    a run of parts that together are a category's name or alias, as written, is one answer.
 * 2. A part is the category whose id, name or alias it is, ignoring case, punctuation and spacing ("non-profit" is
 *    "nonprofit"); or, with an explanation in brackets at its end left aside, whose name it is ("Educator (teacher,
 *    professor)").
 * 3. Else, by its words: a name or alias all of whose words are in the answer, or all of the answer's words in it
 *    (a word may be cut short: "rep." for "representative"; "a", "an", "and", "at", "of", "or", "the" aside), both
 *    of two words or more, and an answer that says "not", "no", "never" or "none" is not read so. Of those, the
 *    ones sharing most words with the answer win; if they are all one category, that is the answer, else it is not
 *    recognised (two categories fit as well: it is the coordinator's to say). Such a reading is noted on the row.
 */

export interface CategoryAnswer {
  ids: string[];
  unknown: string[];
  /** Parts read by their words (step 3), with the category each was taken for: the coordinator should see them. */
  byWords: { answer: string; id: string }[];
}

const STOP = new Set(["a", "an", "and", "at", "of", "or", "the"]);
const NEGATIONS = new Set(["not", "no", "never", "none"]);

function wordsOf(text: string): string[] {
  return normalizeKey(text)
    .split(" ")
    .filter((w) => w !== "" && !STOP.has(w));
}

function compact(text: string): string {
  return normalizeKey(text).replace(/ /g, "");
}

/** A word of the answer stands for a word of a name: the same, or its start (three letters or more: "rep", "org"). */
function standsFor(answerWord: string, nameWord: string): boolean {
  return answerWord === nameWord || (answerWord.length >= 3 && nameWord.startsWith(answerWord));
}

interface Name {
  id: string;
  words: string[];
}

export class CategoryMatcher {
  private readonly exact = new Map<string, string>();
  private readonly compacts = new Map<string, string>();
  private readonly names: Name[] = [];
  /** The longest run of parts a name spans, as written (a name with ", " or ";" in it). */
  private readonly longest: number;

  constructor(categories: readonly Category[]) {
    let longest = 1;
    for (const c of categories) {
      for (const name of [c.id, c.name, ...c.aliases]) {
        this.exact.set(normalizeKey(name), c.id);
        this.compacts.set(compact(name), c.id);
        this.names.push({ id: c.id, words: wordsOf(name) });
        longest = Math.max(longest, splitAnswer(name).length);
      }
    }
    this.longest = longest;
  }

  read(text: string): CategoryAnswer {
    const parts = splitAnswer(text);
    const result: CategoryAnswer = { ids: [], unknown: [], byWords: [] };
    const add = (id: string) => {
      if (!result.ids.includes(id)) result.ids.push(id);
    };
    for (let i = 0; i < parts.length;) {
      let taken = 0;
      // A run of parts that is a name as written ("Educator, teacher" when an alias says so), longest first.
      for (let n = Math.min(this.longest, parts.length - i); n > 1 && taken === 0; n--) {
        const id = this.exact.get(normalizeKey(joinParts(text, parts, i, n)));
        if (id !== undefined) {
          add(id);
          taken = n;
        }
      }
      if (taken === 0) {
        const part = cleanCell(text.slice(parts[i]!.start, parts[i]!.end));
        taken = 1;
        // As written, then with an explanation in brackets after it left aside ("Educator (teacher, professor)").
        const bare = part.replace(/\s*[([][^()[\]]*[)\]]\s*$/, "");
        const id =
          this.exact.get(normalizeKey(part)) ??
          this.compacts.get(compact(part)) ??
          (bare !== part && bare !== "" ? (this.exact.get(normalizeKey(bare)) ?? this.compacts.get(compact(bare))) : undefined);
        if (id !== undefined) add(id);
        else {
          const meant = this.byWords(part);
          if (meant === null) result.unknown.push(part);
          else {
            add(meant);
            result.byWords.push({ answer: part, id: meant });
          }
        }
      }
      i += taken;
    }
    return result;
  }

  /**
   * Step 3: the one category the part's words can only mean, or null. Both sides need two words or more: one word
   * says too little ("Adult", "Leader", "Member" are in several names; "Youth pastor" and "Community college
   * instructor" hold the one-word aliases "Youth" and "Community"), and an answer that says "not" or "no" is not read.
   */
  private byWords(part: string): string | null {
    const answer = wordsOf(part);
    if (answer.length < 2 || answer.some((w) => NEGATIONS.has(w))) return null;
    let best = 0;
    let ids = new Set<string>();
    for (const name of this.names) {
      if (name.words.length < 2) continue;
      const nameInAnswer = name.words.every((w) => answer.some((a) => standsFor(a, w)));
      const answerInName = answer.every((a) => name.words.some((w) => standsFor(a, w)));
      if (!nameInAnswer && !answerInName) continue;
      const shared = answer.filter((a) => name.words.some((w) => standsFor(a, w))).length;
      if (shared > best) [best, ids] = [shared, new Set([name.id])];
      else if (shared === best) ids.add(name.id);
    }
    return ids.size === 1 ? [...ids][0]! : null;
  }
}

interface Part {
  start: number;
  end: number;
}

/** Where a multi-select answer's parts are: split on ";" and ", ", except inside brackets. */
export function splitAnswer(text: string): Part[] {
  const parts: Part[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === "(" || c === "[") depth++;
    else if ((c === ")" || c === "]") && depth > 0) depth--;
    else if (depth === 0 && (c === ";" || (c === "," && /\s/.test(text[i + 1] ?? "")))) {
      parts.push({ start, end: i });
      start = i + 1;
    }
  }
  parts.push({ start, end: text.length });
  return parts.filter((p) => cleanCell(text.slice(p.start, p.end)) !== "");
}

function joinParts(text: string, parts: readonly Part[], i: number, n: number): string {
  return text.slice(parts[i]!.start, parts[i + n - 1]!.end);
}

/** Every distinct category answer nest did not recognise, or read by its words, with how many rows gave it. */
export interface AnswerSummary {
  unknown: { answer: string; rows: number }[];
  byWords: { answer: string; id: string; rows: number }[];
}

/** For nest check: the category answers of every row, summarised by distinct answer, most frequent first. */
export function summariseAnswers(answers: Iterable<string>, matcher: CategoryMatcher): AnswerSummary {
  const unknown = new Map<string, number>();
  const byWords = new Map<string, { id: string; rows: number }>();
  const seen = new Map<string, CategoryAnswer>(); // a form's answers repeat: each distinct one is read once
  for (const text of answers) {
    let read = seen.get(text);
    if (read === undefined) seen.set(text, (read = matcher.read(text)));
    for (const u of read.unknown) unknown.set(u, (unknown.get(u) ?? 0) + 1);
    for (const { answer, id } of read.byWords) {
      const counted = byWords.get(answer);
      if (counted === undefined) byWords.set(answer, { id, rows: 1 });
      else counted.rows++;
    }
  }
  const order = (a: { answer: string; rows: number }, b: { answer: string; rows: number }) =>
    b.rows - a.rows || (a.answer < b.answer ? -1 : a.answer > b.answer ? 1 : 0);
  return {
    unknown: [...unknown].map(([answer, rows]) => ({ answer, rows })).sort(order),
    byWords: [...byWords].map(([answer, { id, rows }]) => ({ answer, id, rows })).sort(order),
  };
}
