import { parse } from "csv-parse/sync";
import { OUTCOME_COLUMNS } from "../core/outputs.js";

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

/** One outcome row in words: "N… in seat 2 of Youth (18-25), district 1". */
const SAY: Readonly<Record<string, (c: readonly string[]) => string>> = {
  "roster.csv": ([district, category, seat, id]) => `${id} in seat ${seat} of ${category}, district ${district}`,
  "waitlist.csv": ([district, category, position, id]) => `${id} at #${position} on the waitlist of ${category}, district ${district}`,
  "excluded.csv": ([id, code, reason]) => `${id} excluded as ${code} (${JSON.stringify(reason)})`,
};

/**
 * Where a file of the draw's says otherwise than the recomputed one who holds a seat, waits or is out, and why: its
 * outcome rows (nest's own columns, found by their headers, the formula guard undone on both sides) that the draw and
 * its record do not give, and theirs that it lacks, each in words; empty when they say the same, whatever the order
 * of the rows and however the export's columns beside them were written again. A file that cannot be read so
 * (missing, not CSV, saved with semicolons, a column renamed) is said to be that: nest cannot tell what it says.
 */
export function describeOutcomeDifferences(
  name: string,
  actual: string | null,
  expected: string,
  undo: (cell: string) => string,
): string[] {
  const columns: readonly string[] | undefined = (OUTCOME_COLUMNS as Record<string, readonly string[]>)[name];
  if (columns === undefined) return [];
  const unread = (why: string) => [`${name} ${why}, so nest cannot tell who it says is where`];
  if (actual === null) return unread("is missing");
  let a: string[][];
  try {
    a = parse(actual, { bom: true, relax_column_count: true, relax_quotes: true }) as string[][];
  } catch {
    return unread("is no longer a CSV file");
  }
  const b = parse(expected, { bom: true }) as string[][];
  const at = (header: readonly string[] | undefined) => columns.map((c) => header?.indexOf(c) ?? -1);
  const [ia, ib] = [at(a[0]), at(b[0])];
  const twice = columns.filter((c) => (a[0] ?? []).filter((h) => h === c).length > 1);
  if (twice.length > 0) return unread(`has the column ${twice.map((c) => JSON.stringify(c)).join(", ")} twice`);
  const gone = columns.filter((_, j) => ia[j]! < 0);
  if (gone.length > 0)
    return unread(`has no column ${gone.map((c) => JSON.stringify(c)).join(", ")} (saved with semicolons? a column renamed?)`);
  const tuples = (rows: string[][], index: number[]) => rows.slice(1).map((row) => index.map((i) => undo(row[i] ?? "")));
  const count = new Map<string, number>();
  const key = (t: readonly string[]) => t.join("\u001f");
  for (const t of tuples(b, ib)) count.set(key(t), (count.get(key(t)) ?? 0) + 1);
  const extra: string[] = [];
  for (const t of tuples(a, ia)) {
    const n = count.get(key(t)) ?? 0;
    if (n > 0) count.set(key(t), n - 1);
    else extra.push(`${name} has ${SAY[name]!(t)}, which the draw and its record do not give`);
  }
  const missing = tuples(b, ib)
    .filter((t) => {
      const n = count.get(key(t)) ?? 0;
      if (n > 0) count.set(key(t), n - 1);
      return n > 0;
    })
    .map((t) => `${name} lacks ${SAY[name]!(t)}, which the draw and its record give`);
  return [...extra, ...missing];
}
