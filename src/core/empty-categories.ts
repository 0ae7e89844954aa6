import type { Applicant } from "./applicant.js";
import type { Category } from "./config.js";
import { REASONS, type ReasonCode } from "./reasons.js";

/**
 * Categories that applicants named but where none is eligible, with the reason that excluded most of them (issue
 * #12): when one column is read wrongly (dates of birth, an unrecognised district answer), a whole category comes out
 * empty, and the coordinator should hear it before the draw, not find an empty team after it.
 */
export function emptyCategories(applicants: readonly Applicant[], categories: readonly Category[]): string[] {
  const named = new Map<string, number>();
  const eligible = new Map<string, number>();
  const reasons = new Map<string, Map<ReasonCode, number>>();
  for (const a of applicants) {
    for (const id of a.named) named.set(id, (named.get(id) ?? 0) + 1);
    for (const id of a.categories) eligible.set(id, (eligible.get(id) ?? 0) + 1);
    if (a.exclusion === null) continue;
    for (const id of a.named) {
      let byCode = reasons.get(id);
      if (byCode === undefined) reasons.set(id, (byCode = new Map()));
      byCode.set(a.exclusion.code, (byCode.get(a.exclusion.code) ?? 0) + 1);
    }
  }
  return categories.flatMap((c) => {
    const n = named.get(c.id) ?? 0;
    if (n === 0 || (eligible.get(c.id) ?? 0) > 0) return [];
    return [
      `nest: warning: ${n} ${n === 1 ? "applicant named" : "applicants named"} ${c.name}, and none is eligible${mainReason(reasons.get(c.id))}`,
    ];
  });
}

/** Districts with applicants placed in them but none eligible, with the reason that excluded most of them. */
export function emptyDistricts(applicants: readonly Applicant[], districts: readonly { id: string; name: string }[]): string[] {
  const placed = new Map<string, number>();
  const eligible = new Map<string, number>();
  const reasons = new Map<string, Map<ReasonCode, number>>();
  for (const a of applicants) {
    if (a.districtId === null) continue;
    placed.set(a.districtId, (placed.get(a.districtId) ?? 0) + 1);
    if (a.exclusion === null) eligible.set(a.districtId, (eligible.get(a.districtId) ?? 0) + 1);
    else {
      let byCode = reasons.get(a.districtId);
      if (byCode === undefined) reasons.set(a.districtId, (byCode = new Map()));
      byCode.set(a.exclusion.code, (byCode.get(a.exclusion.code) ?? 0) + 1);
    }
  }
  return districts.flatMap((d) => {
    const n = placed.get(d.id) ?? 0;
    if (n === 0 || (eligible.get(d.id) ?? 0) > 0) return [];
    return [
      `nest: warning: ${n} ${n === 1 ? "applicant is" : "applicants are"} in district ${d.id} (${d.name}), and none is eligible${mainReason(reasons.get(d.id))}`,
    ];
  });
}

function mainReason(byCode: Map<ReasonCode, number> | undefined): string {
  const [code, count] = [...(byCode ?? new Map<ReasonCode, number>())].sort((x, y) => y[1] - x[1])[0] ?? [null, 0];
  return code === null ? "" : `: ${count} of them excluded as ${code} (${REASONS[code].replace(/\.$/, "")})`;
}
