import type { ColumnMap } from "./headers.js";
import type { Row } from "./table.js";
import { cleanCell } from "./text.js";

/**
 * How nest points a coordinator at a person: the row their spreadsheet shows, and a name and email address they
 * can search for ("row 137 (Maria Garcia, maria@example.org)"). Only for messages and the check report, which
 * stay with the coordinator; public files name applicants by Applicant ID alone.
 */
export function pointAt(row: Row, columns: ColumnMap): string {
  const who = whoIs(row.cells, columns);
  return who === "" ? `row ${row.sheetRow}` : `row ${row.sheetRow} (${who})`;
}

/** The applicant's name (a Name column, or First and Last name) and email address, as far as the row has them. */
export function whoIs(cells: readonly string[], columns: ColumnMap): string {
  const cell = (index: number | undefined) => (index === undefined ? "" : cleanCell(cells[index] ?? ""));
  const name =
    columns.name !== undefined ? cell(columns.name) : [cell(columns.firstName), cell(columns.lastName)].filter(Boolean).join(" ");
  // Quotes and line breaks would make the message hard to read; a person's name never needs them.
  return [name, cell(columns.email)]
    .filter(Boolean)
    .map((s) => s.replace(/[\u0000-\u001f\u007f]+/g, " "))
    .join(", ");
}
