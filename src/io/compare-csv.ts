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
  // A mark removed (LibreOffice saves without one) is said, and the cells are compared still: a changed seat shows.
  const mark =
    actual.startsWith("\uFEFF") !== expected.startsWith("\uFEFF")
      ? `its byte-order mark was ${actual.startsWith("\uFEFF") ? "added" : "removed"}`
      : null;
  const cells = firstCellDifference(name, a, b);
  if (mark !== null) return `${name} was edited: ${mark}${cells === null ? "" : `, and ${cells}`}`;
  return cells ?? `${name} was edited: its rows match, but its bytes differ (line ends, quoting or encoding)`;
}

function firstCellDifference(name: string, a: string[][], b: string[][]): string | null {
  if (JSON.stringify(a[0]) !== JSON.stringify(b[0])) return `${name}'s header row differs from the recomputed one`;
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
  return null;
}

/** nest's own columns of the files that follow from a draw and its record of replacements: who is where, and why. */
const OUTCOME_COLUMNS: Readonly<Record<string, readonly string[]>> = {
  "roster.csv": ["District", "Category", "Seat", "Applicant ID"],
  "waitlist.csv": ["District", "Category", "Position", "Applicant ID"],
  "excluded.csv": ["Applicant ID", "Reason code", "Reason"],
};

/**
 * Where a file of the draw's says otherwise than the recomputed one who holds a seat, waits or is out, and why (its
 * outcome columns, found by their headers, the formula guard undone on both sides), as "roster.csv row 16 gives
 * Applicant ID "N…"; the draw and its record give "N…""; null when they say the same, or when the file says nothing
 * that can be read (missing, not CSV, those columns gone): the export's columns copied beside them (names, dates a
 * spreadsheet wrote its own way) are not outcomes.
 */
export function describeOutcomeDifference(
  name: string,
  actual: string | null,
  expected: string,
  undo: (cell: string) => string,
): string | null {
  const columns = OUTCOME_COLUMNS[name];
  if (columns === undefined || actual === null) return null;
  let a: string[][];
  try {
    a = parse(actual, { bom: true, relax_column_count: true, relax_quotes: true }) as string[][];
  } catch {
    return null;
  }
  const b = parse(expected, { bom: true }) as string[][];
  const at = (header: readonly string[] | undefined) => columns.map((c) => header?.indexOf(c) ?? -1);
  const [ia, ib] = [at(a[0]), at(b[0])];
  if (ia.some((i) => i < 0) || ib.some((i) => i < 0)) return null;
  const said = (row: string[] | undefined, index: readonly number[]) => index.map((i) => undo(row?.[i] ?? ""));
  const rows = (n: number) => (n === 1 ? "1 row" : `${n} rows`);
  for (let r = 1; r < Math.max(a.length, b.length); r++) {
    if (a[r] === undefined || b[r] === undefined)
      return `${name} has ${rows(a.length - 1)} below its header; the draw and its record give ${rows(b.length - 1)}`;
    const [x, y] = [said(a[r], ia), said(b[r], ib)];
    const k = columns.findIndex((_, j) => x[j] !== y[j]);
    if (k >= 0)
      return `${name} row ${r + 1} gives ${columns[k]} ${JSON.stringify(x[k])}; the draw and its record give ${JSON.stringify(y[k])}`;
  }
  return null;
}
