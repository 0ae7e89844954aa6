import { assignDistrict, buildDistrictIndex, type Placement } from "../district.js";
import type { Rule } from "./rule.js";

/** Every applicant is placed in one police district, from their answers (core/district.ts), or excluded saying why. */
export const districtRule: Rule = {
  name: "district",
  prepare: ({ config }) => {
    const index = buildDistrictIndex(config);
    // A form's answers repeat (drop-down options): each distinct combination is worked out once.
    const seen = new Map<string, Placement>();
    return (row, verdict) => {
      const answers = { district: row.cell("district"), neighborhood: row.cell("neighborhood"), zip: row.cell("zip") };
      const key = `${answers.district}\u0000${answers.neighborhood}\u0000${answers.zip}`;
      let placement = seen.get(key);
      if (placement === undefined) seen.set(key, (placement = assignDistrict(answers, index)));
      if (!placement.ok) return placement.exclusion;
      verdict.districtId = placement.districtId;
      for (const note of placement.notes) verdict.notes.push(note);
      return null;
    };
  },
};
