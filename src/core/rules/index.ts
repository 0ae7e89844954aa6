import { NONE } from "../applicant.js";
import type { Exclusion } from "../reasons.js";
import { cleanCell } from "../text.js";
import { ageRule, ageRuleExplained } from "./age.js";
import { categoriesRule, categoriesRuleByMeaning } from "./categories.js";
import { findSpreadsheetDamage } from "./damage.js";
import { districtRule, districtRuleEveryNumber, districtRuleExplained, districtRuleWide } from "./district.js";
import { emailRule } from "./email.js";
import type { RowCells, Rule, RuleSetup, Verdict } from "./rule.js";

/**
 * The eligibility rules that need only the row itself, in the order they are checked (README "Eligibility"):
 * the first that excludes an applicant decides. A new rule is one unit here and one table test, in the list of a
 * new edition (core/edition.ts). The email rule comes first: a row it excludes has no valid address (core/settle.ts
 * keys such rows by their cells). The rules that need the whole file (an ID used twice, duplicate emails) are
 * settled afterwards (core/settle.ts).
 */
export const RULES: readonly Rule[] = [emailRule, districtRule, categoriesRule, ageRule];

/** nest-draw/3's rules: a district answer that names two districts is a contradiction (rules/district.ts). */
export const RULES_3: readonly Rule[] = [emailRule, districtRuleEveryNumber, categoriesRule, ageRule];

/**
 * nest-draw/4's rules: category answers read by meaning (rules/categories.ts, core/answers.ts); "Dist. 4" and "D4"
 * are district 4 and "95,814" a ZIP code (rules/district.ts).
 */
export const RULES_4: readonly Rule[] = [emailRule, districtRuleWide, categoriesRuleByMeaning, ageRule];

/**
 * nest-draw/5's rules: as nest-draw/4's, with notes that say more: a ZIP code read from other text ("95817.0") says
 * so, and a category dropped for age says which the application still counts for.
 */
export const RULES_5: readonly Rule[] = [emailRule, districtRuleExplained, categoriesRuleByMeaning, ageRuleExplained];

/** A row's verdict: what the rules found, the exclusion if one excluded it, and how many notes are spreadsheet damage. */
export interface RowVerdict extends Verdict {
  exclusion: Exclusion | null;
  /** The first `damage` notes are spreadsheet damage (findSpreadsheetDamage): a later duplicate keeps only them. */
  damage: number;
}

/**
 * The rules composed, once per config and export (an edition's list: core/edition.ts): a function from a row's
 * cells to its verdict (valid until the next call).
 */
export function compileRules(setup: RuleSetup, rules: readonly Rule[]): (cells: readonly string[]) => RowVerdict {
  const judges = rules.map((rule) => rule.prepare(setup));
  const { headers } = setup;
  const row = rowOver(setup.columns);
  // One verdict, filled afresh for each row (a million rows, a million objects less for the collector): the
  // caller takes what it keeps before asking about the next row (core/evaluate.ts applicantOf copies the notes).
  const verdict: RowVerdict = { email: null, districtId: null, named: NONE, categories: NONE, notes: [], exclusion: null, damage: 0 };
  return (rowCells) => {
    row.cells = rowCells;
    const damage = findSpreadsheetDamage(headers, rowCells);
    verdict.email = null;
    verdict.districtId = null;
    verdict.named = NONE;
    verdict.categories = NONE;
    verdict.notes.length = 0;
    for (const note of damage) verdict.notes.push(note);
    verdict.exclusion = null;
    verdict.damage = damage.length;
    for (const judge of judges) {
      const exclusion = judge(row, verdict);
      if (exclusion !== null) {
        verdict.exclusion = exclusion;
        verdict.categories = NONE;
        break;
      }
    }
    return verdict;
  };
}

/**
 * For nest check (issue #12): every exclusion the rules find in a row, not only the first, which decides (compileRules).
 * Each rule is asked in turn as if those before it had let the row through, with what they found; a rule that needs
 * what an excluding rule could not find (the age rule, a district's session date) says nothing.
 */
export function compileAllExclusions(setup: RuleSetup, rules: readonly Rule[]): (cells: readonly string[]) => Exclusion[] {
  const judges = rules.map((rule) => rule.prepare(setup));
  const row = rowOver(setup.columns);
  return (rowCells) => {
    row.cells = rowCells;
    const verdict: Verdict = { email: null, districtId: null, named: NONE, categories: NONE, notes: [] };
    const found: Exclusion[] = [];
    for (const judge of judges) {
      const exclusion = judge(row, verdict);
      if (exclusion !== null) found.push(exclusion);
    }
    return found;
  };
}

/** A row as the rules read it (RowCells), over the cells last put in `cells`: one object for every row of a run. */
function rowOver(columns: RuleSetup["columns"]): RowCells & { cells: readonly string[] } {
  const row = {
    cells: NONE,
    cell: (role: Parameters<RowCells["cell"]>[0]) => {
      const index = columns[role];
      return index === undefined ? undefined : cleanCell(row.cells[index] ?? "");
    },
  };
  return row;
}
