import { numberer, type NumberSource } from "../../core/draw.js";
import type { Duplicates } from "../../core/duplicates.js";
import { settle } from "../../core/settle.js";
import type { Table } from "../../core/table.js";
import type { Keyed } from "../../core/applicant-ids.js";
import type { Judged } from "./engine.js";
import { editionFor, keyedFor, type Collected, type JudgePlan } from "./judge-rows.js";

/**
 * The rules that need the whole file, on rows judged by either engine, and lottery numbers worked out again for
 * the rows whose ID changed when it was settled (two pseudonyms that would be equal).
 */
export function settleCollected(
  table: Table,
  plan: JudgePlan,
  collected: Collected,
  duplicates: Duplicates,
  keyed: Keyed | null = keyedFor(plan),
): Judged {
  const { applicants, numbers } = collected;
  const settled = settle({
    applicants,
    rows: table.rows,
    headers: table.headers,
    columns: plan.columns,
    ids: { edition: editionFor(plan), keyed },
    duplicates,
    damageOf: (i) => collected.damage[i]!,
    hasAddress: (i) => collected.hasEmail[i] === 1,
  });
  if (!settled.ok) return settled;
  if (numbers === null || plan.seed === null) return { ok: true, applicants, numbers: null };
  for (const i of settled.renamed) {
    const a = applicants[i]!;
    if (a.exclusion === null) numberer(plan.algorithm, plan.seed, a.districtId!)(a.id, numbers, 2 * i);
  }
  const lookUp: NumberSource = (entrant, halves, at, own) => {
    const i = entrant.rowIndex;
    if (i === undefined) return own(entrant.id, halves, at);
    halves[at] = numbers[2 * i]!;
    halves[at + 1] = numbers[2 * i + 1]!;
  };
  return { ok: true, applicants, numbers: lookUp };
}
