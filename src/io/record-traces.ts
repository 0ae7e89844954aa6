import { parse } from "csv-parse/sync";
import { isReplacementReason } from "../core/replace.js";
import { restoreFormula, type FormulaGuard } from "./format-csv.js";
import { readDrawFile } from "./read-audit.js";

/**
 * The traces of a record's entries in the files nest wrote after them, as a folder holds them now: the people
 * excluded.csv lists as replaced out (DECLINED, NO_REPLY, INELIGIBLE: one per entry), and the rows of report.html's
 * replacements table (nest-draw/6 on). Zero for a file that is missing or cannot be read so.
 */
export async function recordTraces(dir: string, guard: FormulaGuard, page: string | null): Promise<{ excluded: number; page: number }> {
  const bytes = await readDrawFile(dir, "excluded.csv");
  let rows: string[][] = [];
  try {
    rows = bytes === null ? [] : (parse(bytes, { bom: true, relax_column_count: true, relax_quotes: true }) as string[][]);
  } catch {
    rows = [];
  }
  const column = rows[0]?.indexOf("Reason code") ?? -1;
  const excluded = column < 0 ? 0 : rows.slice(1).filter((r) => isReplacementReason(restoreFormula(r[column] ?? "", guard))).length;
  const html = page === null ? null : await readDrawFile(dir, page);
  // nest's own page: its cells are escaped, so a "<tr>" in the table's body is one of its rows.
  const table = html === null ? null : /<table class="replacements">[\s\S]*?<tbody>([\s\S]*?)<\/tbody>/.exec(html.toString("utf8"));
  return { excluded, page: table === null ? 0 : (table[1]!.match(/<tr>/g) ?? []).length };
}
