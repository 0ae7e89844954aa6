import { z } from "zod";
import { entryCells, isReplacementReason, REPLACEMENT_COLUMNS, type Replacement, type ReplacementReason } from "../core/replace.js";
import { latin1Hint } from "../core/text.js";
import { ExitCode, NestError } from "../errors.js";
import { decodeExport } from "./decode.js";
import { formatCsv } from "./csv-stream.js";
import { restoreFormula, type CsvFormatOptions } from "./format-csv.js";
import { parseExport } from "./parse-export.js";

/**
 * The record of replacements beside a draw (docs/ALGORITHM.md §9): replacements.csv, public (Applicant IDs only,
 * written as the draw's CSV files are: its byte-order mark and formula guard), and replacements-notes.json, the
 * coordinator's private notes (--reason), each tied to its entry by the entry's Chain.
 */
export const REPLACEMENTS_CSV = "replacements.csv";
export const REPLACEMENT_NOTES = "replacements-notes.json";
export const NOTES_FORMAT = "nest-replacement-notes/1";

export function formatReplacements(entries: readonly Replacement[], options: CsvFormatOptions): Buffer {
  const lines = [[...REPLACEMENT_COLUMNS], ...entries.map((r) => [...entryCells(r), r.chain])];
  return Buffer.from(formatCsv(lines, options), "utf8");
}

export type ParsedReplacements = { ok: true; entries: Replacement[] } | { ok: false; problems: string[] };

/**
 * replacements.csv's entries, its cells read back through the draw's formula guard. What is not an entry at all (a
 * header changed, a cell that is no number) is a problem naming the line: verify reports it as a difference, replace
 * refuses to continue a record it cannot read.
 */
export function parseReplacements(bytes: Uint8Array, label: string, options: CsvFormatOptions): ParsedReplacements {
  let table;
  try {
    table = parseExport(decodeExport(bytes, label).utf8, label);
  } catch (error) {
    if (error instanceof NestError) return { ok: false, problems: [error.message] };
    throw error;
  }
  const read = (cell: string) => restoreFormula(cell, options.guard);
  const headers = table.headers.map(read);
  if (headers.join(",") !== REPLACEMENT_COLUMNS.join(","))
    return {
      ok: false,
      problems: [
        `${label}: the header should be ${REPLACEMENT_COLUMNS.join(",")}; it is ${headers.join(",")}${latin1Hint(headers[0] ?? "")}`,
      ],
    };
  const problems: string[] = [];
  const entries: Replacement[] = [];
  for (const row of table.rows) {
    const [entry = "", rule = "", reason = "", vacated = "", district = "", category = "", seat = "", seated = "", chain = ""] =
      row.cells.map(read);
    const at = `${label}, line ${row.line}`;
    if (!/^[1-9]\d{0,8}$/.test(entry)) problems.push(`${at}: Entry ${JSON.stringify(entry)} is not an entry number`);
    else if (!isReplacementReason(reason))
      problems.push(`${at}: Reason code ${JSON.stringify(reason)} is not DECLINED, NO_REPLY or INELIGIBLE`);
    else if (!/^[1-9]\d{0,8}$/.test(seat)) problems.push(`${at}: Seat ${JSON.stringify(seat)} is not a seat number`);
    else if (!/^[0-9a-f]{64}$/.test(chain)) problems.push(`${at}: Chain ${JSON.stringify(chain)} is not a SHA-256 in hexadecimal`);
    else
      entries.push({
        entry: Number(entry),
        rule,
        reason: reason as ReplacementReason,
        vacated,
        district,
        category,
        seat: Number(seat),
        seated: seated === "" ? null : seated,
        chain,
      });
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, entries };
}

/** A file given as replacements.csv that is no CSV at all (a workbook), for the observer: exit 2, with what to give. */
export function notCsv(bytes: Uint8Array, label: string): NestError | null {
  if (bytes[0] === 0x50 && bytes[1] === 0x4b)
    return new NestError(
      `${label}: is a workbook (.xlsx), not the CSV file nest wrote: give replacements.csv as published, or save the sheet as "CSV UTF-8"`,
      ExitCode.input,
    );
  return null;
}

const NotesSchema = z.strictObject({
  format: z.literal(NOTES_FORMAT),
  notes: z.array(z.strictObject({ entry: z.number().int().min(1), chain: z.string(), note: z.string() })),
});
export type Note = z.infer<typeof NotesSchema>["notes"][number];

export function formatNotes(notes: readonly Note[]): Buffer {
  return Buffer.from(`${JSON.stringify({ format: NOTES_FORMAT, notes }, null, 2)}\n`, "utf8");
}

/** The notes by entry number, each checked against its entry's Chain (a note moved to another entry does not fit). */
export function parseNotes(
  text: string,
  label: string,
  entries: readonly Replacement[],
): { ok: true; notes: Map<number, string>; list: Note[] } | { ok: false; problems: string[] } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, problems: [`${label}: not valid JSON (edited by hand?)`] };
  }
  const parsed = NotesSchema.safeParse(json);
  if (!parsed.success)
    return { ok: false, problems: [`${label}: not nest's notes of replacements (${parsed.error.issues[0]?.message ?? ""})`] };
  const problems: string[] = [];
  const notes = new Map<number, string>();
  if (!formatNotes(parsed.data.notes).equals(Buffer.from(text, "utf8")))
    problems.push(`${label} was edited: its bytes are not the ones nest wrote`);
  for (const n of parsed.data.notes) {
    if (notes.has(n.entry)) problems.push(`${label}: entry ${n.entry} has two notes`);
    const entry = entries[n.entry - 1];
    if (entry === undefined || entry.chain !== n.chain)
      problems.push(
        `${label}: the note of entry ${n.entry} belongs to no entry of replacements.csv with that Chain (moved, or its entry was edited)`,
      );
    else notes.set(n.entry, n.note);
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, notes, list: parsed.data.notes };
}

/** A record nest cannot continue: exit 2, naming what is wrong. */
export function unreadableRecord(problems: readonly string[]): NestError {
  return new NestError(`${REPLACEMENTS_CSV}: the record of replacements cannot be read`, ExitCode.input, { details: problems });
}
