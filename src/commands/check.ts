import { countResults } from "../core/audit.js";
import { ExitCode } from "../errors.js";
import type { DateFormat } from "../core/dates.js";
import type { Encoding } from "../io/decode.js";
import { formatCsv } from "../io/csv-stream.js";
import { formatSummary } from "../render/summary.js";
import type { CommandContext } from "./context.js";
import { loadApplicants, loadConfig } from "./load.js";

export interface CheckOptions {
  input: string;
  config?: string;
  encoding?: Encoding;
  dateFormat?: DateFormat;
  json: boolean;
  bom: boolean;
  escapeFormulas: boolean;
}

export const CHECK_COLUMNS = ["Applicant ID", "Line", "Outcome", "District", "Reason code", "Reason"] as const;

/**
 * nest check: the draw's reading, eligibility and district steps without a draw. The problems go to
 * standard output (CSV, or JSON with --json) to clean the sheet; the counts go to standard error.
 */
export async function runCheck(options: CheckOptions, ctx: CommandContext): Promise<number> {
  const { config } = await loadConfig(options.config, options.dateFormat);
  const { file, applicants } = await loadApplicants(options.input, config, options.encoding, ctx);
  const counts = countResults(applicants, null, config);
  const problems = applicants.flatMap((a) => [
    ...(a.exclusion
      ? [{ id: a.id, line: a.line, outcome: "excluded", district: a.districtId ?? "", code: a.exclusion.code, reason: a.exclusion.reason }]
      : []),
    ...a.notes.map((note) => ({ id: a.id, line: a.line, outcome: "note", district: a.districtId ?? "", code: "", reason: note })),
  ]);
  if (options.json) {
    ctx.writeOut(`${JSON.stringify({ file: file.name, sha256: file.sha256, counts, problems }, null, 2)}\n`);
  } else {
    const table = [[...CHECK_COLUMNS], ...problems.map((p) => [p.id, String(p.line), p.outcome, p.district, p.code, p.reason])];
    ctx.writeOut(formatCsv(table, { bom: options.bom, escapeFormulas: options.escapeFormulas }));
  }
  ctx.writeErr(formatSummary(counts, { color: ctx.color, drawn: false }));
  return ExitCode.ok;
}
