import { parse } from "csv-parse/sync";

/**
 * How a CSV file differs from the recomputed one, for people: "row 7 differs from the recomputed one
 * (Applicant ID R123)". Rows are counted after the header, from 1. Null when the bytes are equal.
 */
export function describeCsvDifference(name: string, actual: string, expected: string): string | null {
  if (actual === expected) return null;
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
    if (ra === undefined) return `${name} ends after row ${i - 1}; the recomputed one has ${b.length - 1} rows`;
    if (rb === undefined) return `${name} has ${a.length - 1} rows; the recomputed one has ${b.length - 1}`;
    if (JSON.stringify(ra) !== JSON.stringify(rb)) {
      const column = rb.findIndex((cell, j) => cell !== ra[j]);
      const header = b[0]?.[column] ?? `column ${column + 1}`;
      return `${name} row ${i} differs from the recomputed one (column "${header}": ${JSON.stringify(ra[column] ?? "")}, recomputed ${JSON.stringify(rb[column] ?? "")})`;
    }
  }
  return `${name} was edited: its rows match, but its bytes differ (line ends, quoting or encoding)`;
}
