import { CsvError, parse } from "csv-parse/sync";
import type { DrawTable } from "../core/notify.js";
import { inputError } from "../errors.js";
import { restoreFormula, type FormulaGuard } from "./format-csv.js";
import { readDrawFile } from "./read-audit.js";

/**
 * One of a draw's CSV files as a table (nest notify): its byte-order mark dropped, and each cell as the draw had
 * it before the formula guard (the draw's edition's guard, as its audit records it). Null when the file is not there.
 */
export async function readDrawTable(dir: string, name: string, guard: FormulaGuard): Promise<DrawTable | null> {
  const bytes = await readDrawFile(dir, name);
  if (bytes === null) return null;
  const path = `${dir}/${name}`;
  let records: string[][];
  try {
    records = parse(bytes, { bom: true, relax_column_count: false, skip_empty_lines: true }) as string[][];
  } catch (error) {
    const where = error instanceof CsvError ? { line: (error as CsvError & { lines?: number }).lines } : {};
    throw inputError({ file: path, ...where }, `is not a CSV file nest can read (${(error as Error).message})`, [], error);
  }
  const [headers, ...rows] = records;
  if (headers === undefined) throw inputError({ file: path }, "is empty: a draw's files start with a header row");
  const restore = (cells: string[]) => cells.map((cell) => restoreFormula(cell, guard));
  return { name, headers: restore(headers), rows: rows.map(restore) };
}

/** Each named column a table must have, else exit 2 naming the file and what it lacks. */
export function requireColumns(table: DrawTable, path: string, names: readonly string[]): void {
  const missing = names.filter((n) => !table.headers.includes(n));
  if (missing.length > 0)
    throw inputError({ file: path }, `has no ${missing.map((m) => JSON.stringify(m)).join(", ")} column; is it a nest draw's file?`);
}
