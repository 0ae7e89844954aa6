import { assignDistrict, buildDistrictIndex, type AnswerNumbers, type Placement } from "../district.js";
import type { Rule } from "./rule.js";

/** Every applicant is placed in one police district, from their answers (core/district.ts), or excluded saying why. */
function makeDistrictRule(name: string, numbers: AnswerNumbers, wide = false, explainZip = false): Rule {
  return {
    name,
    prepare: ({ config }) => {
      const index = buildDistrictIndex(config);
      // A form's answers repeat (drop-down options): each distinct combination is worked out once.
      const seen = new Map<string, Placement>();
      return (row, verdict) => {
        const answers = { district: row.cell("district"), neighborhood: row.cell("neighborhood"), zip: row.cell("zip") };
        const key = `${answers.district}\u0000${answers.neighborhood}\u0000${answers.zip}`;
        let placement = seen.get(key);
        if (placement === undefined) seen.set(key, (placement = assignDistrict(answers, index, numbers, wide, explainZip)));
        if (!placement.ok) return placement.exclusion;
        verdict.districtId = placement.districtId;
        for (const note of placement.notes) verdict.notes.push(note);
        return null;
      };
    },
  };
}

/** nest-draw/1 and /2: a district answer is read by the number it starts with ("3 or 6" is district 3). */
export const districtRule: Rule = makeDistrictRule("district", "first");

/** nest-draw/3 on: an answer that names two districts ("3 or 6", "District 3/4") is a contradiction, DISTRICT_CONFLICT. */
export const districtRuleEveryNumber: Rule = makeDistrictRule("district (every number)", "every");

/** nest-draw/4: besides, "Dist. 4", "Distr 4" and "D4" are district 4, and "95,814" (a spreadsheet's number) a ZIP. */
export const districtRuleWide: Rule = makeDistrictRule("district (every number, wide)", "every", true);

/** nest-draw/5: as nest-draw/4, and a ZIP code read from other text ("95817.0", "95,817", "5817") says so. */
export const districtRuleExplained: Rule = makeDistrictRule("district (every number, wide, ZIP explained)", "every", true, true);
