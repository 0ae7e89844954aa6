import { parse } from "csv-parse/sync";

/**
 * How a CSV file differs from the recomputed one, for people: "row 8 differs from the recomputed one (column
 * "Applicant ID": …)". Rows are numbered as a spreadsheet shows them: the header is row 1. Null when the bytes are
 * equal.
 */
export function describeCsvDifference(name: string, actual: string, expected: string): string | null {
  if (actual === expected) return null;
  if (actual.replace(/^\uFEFF/, "") === "") return `${name} is empty; the recomputed one is not`;
  let a: string[][];
  try {
    a = parse(actual, { bom: true, relax_column_count: true, relax_quotes: true }) as string[][];
  } catch {
    return `${name} was edited: it is no longer a valid CSV file`;
  }
  const b = parse(expected, { bom: true }) as string[][];
  if (actual.startsWith("\uFEFF") !== expected.startsWith("\uFEFF"))
    return `${name} was edited: its byte-order mark was ${actual.startsWith("\uFEFF") ? "added" : "removed"}`;
  if (JSON.stringify(a[0]) !== JSON.stringify(b[0])) return `${name} was edited: its header row differs from the recomputed one`;
  for (let i = 1; i < Math.max(a.length, b.length); i++) {
    const ra = a[i];
    const rb = b[i];
    if (ra === undefined) return `${name} ends at row ${a.length}; the recomputed one goes on to row ${b.length}`;
    if (rb === undefined) return `${name} goes on to row ${a.length}; the recomputed one ends at row ${b.length}`;
    if (JSON.stringify(ra) !== JSON.stringify(rb)) {
      const column = rb.findIndex((cell, j) => cell !== ra[j]);
      const header = b[0]?.[column] ?? `column ${column + 1}`;
      return `${name} row ${i + 1} differs from the recomputed one (column "${header}": ${JSON.stringify(ra[column] ?? "")}, recomputed ${JSON.stringify(rb[column] ?? "")})`;
    }
  }
  return `${name} was edited: its rows match, but its bytes differ (line ends, quoting or encoding)`;
}
