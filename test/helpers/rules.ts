import type { ColumnRole, Config } from "../../src/core/config.js";
import type { Exclusion } from "../../src/core/reasons.js";
import type { Rule, Verdict } from "../../src/core/rules/rule.js";
import { makeConfig } from "./config.js";

/** One rule, asked about one row given by role; `before` is what earlier rules found. */
export function judgeOne(
  rule: Rule,
  cells: Partial<Record<ColumnRole, string>>,
  before: Partial<Verdict> = {},
  config: Config = makeConfig(),
): { exclusion: Exclusion | null; verdict: Verdict } {
  const roles = Object.keys(cells) as ColumnRole[];
  const judge = rule.prepare({ config, headers: roles, columns: Object.fromEntries(roles.map((r, i) => [r, i])) });
  const verdict: Verdict = { email: null, districtId: null, named: [], categories: [], notes: [], ...before };
  const exclusion = judge({ cell: (role) => cells[role] }, verdict);
  return { exclusion, verdict };
}
