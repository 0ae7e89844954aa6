import { Chalk } from "chalk";
import type { Counts } from "../core/audit.js";
import { REASONS, type ReasonCode } from "../core/reasons.js";

/** Counts -> the table a coordinator reads on standard error. Unfilled places stand out. */

export function formatSummary(counts: Counts, options: { color: boolean; drawn: boolean }): string {
  const c = new Chalk({ level: options.color ? 1 : 0 });
  const header = options.drawn
    ? ["District", "Category", "Applicants", "Eligible", "Places", "Seated", "Waitlisted", "Chance", ""]
    : ["District", "Category", "Applicants", "Eligible", "Places", "Chance", ""];
  const rows: string[][] = [];
  const flags: boolean[] = [];
  for (const d of counts.districts) {
    d.categories.forEach((cat, i) => {
      // At least as many places as eligible applicants: each has a place, here or in a category they put first (a
      // "100%" beside 0 seated read as a mistake).
      // After a draw, nobody waitlisted means everyone who named the category has a place, here or in a category they
      // put first, though there were fewer places than names ("67%" there read as if a third lost out).
      const everyone = cat.eligible <= cat.places || (options.drawn && cat.waitlisted === 0);
      const chance = cat.eligible === 0 ? "–" : everyone ? "everyone" : `${Math.round((cat.places / cat.eligible) * 100)}%`;
      const unfilled = Math.max(0, cat.places - (options.drawn ? cat.seated : cat.eligible));
      const note = unfilled > 0 ? `${unfilled} unfilled: recruit` : "";
      const district = i === 0 ? `${d.id} ${d.name}` : "";
      rows.push(
        options.drawn
          ? [
              district,
              cat.name,
              `${cat.applicants}`,
              `${cat.eligible}`,
              `${cat.places}`,
              `${cat.seated}`,
              `${cat.waitlisted}`,
              chance,
              note,
            ]
          : [district, cat.name, `${cat.applicants}`, `${cat.eligible}`, `${cat.places}`, chance, note],
      );
      flags.push(unfilled > 0);
    });
  }
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const numeric = (i: number) => i >= 2 && i < header.length - 1;
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => (numeric(i) ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!)))
      .join("  ")
      .trimEnd();
  const out = [c.bold(line(header))];
  rows.forEach((r, i) => out.push(flags[i] ? c.yellow(line(r)) : line(r)));

  out.push("");
  const parts = [`${counts.records} applicants`, `${counts.eligible} eligible`];
  if (options.drawn) parts.push(`${counts.seated} seated`, `${counts.waitlisted} waitlisted`);
  parts.push(`${counts.excluded} excluded`);
  out.push(parts.join(", "));
  const reasons = Object.entries(counts.excludedByReason) as [ReasonCode, number][];
  for (const [code, n] of reasons) out.push(`  ${String(n).padStart(5)}  ${code}  ${c.dim(REASONS[code])}`);
  return `${out.join("\n")}\n`;
}
