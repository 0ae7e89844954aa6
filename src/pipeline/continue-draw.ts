import type { Edition } from "../core/edition.js";
import type { ReplaceState } from "../core/replace.js";
import type { OutputFile } from "../io/engine/engine.js";
import { formatNotes, formatReplacements, REPLACEMENT_NOTES, REPLACEMENTS_CSV, type Note } from "../io/replacements-file.js";
import { RESULTS_XLSX, resultsRows, resultsWorkbook } from "../io/results-xlsx.js";
import { replacedFiles, type CheckedFolder } from "./check-folder.js";
import { folderFiles } from "./draw.js";

/**
 * A draw's folder written as the state after its record of replacements (nest replace, once it has added its
 * entries; nest restore, as the record stands): roster, waitlist and excluded after the replacements, the ledger
 * and audit.json as drawn (byte for byte), report.html with the replacements on it, the record and its notes, and
 * results.xlsx when the draw wrote one. The caller holds the folder's lock (holdingFolder); whatever else the
 * folder holds (notify/, the coordinator's own files) is carried along.
 */
export async function writeContinued(
  dir: string,
  redone: NonNullable<CheckedFolder["redone"]>,
  edition: Edition,
  record: { state: ReplaceState; notes: ReadonlyMap<number, string>; noteList: readonly Note[] },
  onFile: (name: string) => void,
  /** Other files to write into the folder with it (nest restore's copies of what it found, in edited/). */
  alongside: readonly { name: string; bytes: Buffer }[] = [],
): Promise<{ files: OutputFile[]; warnings: string[] }> {
  const { state } = record;
  const files = replacedFiles(redone.result, { state, notes: new Map(record.notes) }, redone.read, redone.pool, redone.config, edition);
  const extra = async () => [
    ...(state.entries.length === 0 ? [] : [{ name: REPLACEMENTS_CSV, bytes: formatReplacements(state.entries, redone.result.csvOptions) }]),
    ...(record.noteList.length === 0 ? [] : [{ name: REPLACEMENT_NOTES, bytes: formatNotes([...record.noteList]) }]),
    ...(redone.workbook ? [{ name: RESULTS_XLSX, bytes: await resultsWorkbook(resultsRows(files)) }] : []),
    ...alongside,
  ];
  // audit.json stays the record of the draw, byte for byte: its outputs are the drawn files' hashes.
  const auditBytes = redone.result.audit.content(redone.hashes);
  const report = redone.result.report;
  const warnings = await redone.pool.write(
    dir,
    files,
    redone.result.csvOptions,
    { name: "audit.json", content: () => auditBytes, prepare: () => {} },
    onFile,
    {
      names: folderFiles(edition),
      force: true,
      carry: true,
      extra,
      // report.html (nest-draw/6 on) written again, with the replacements on it; the audit keeps the drawn page's hash.
      listed: report === null ? [] : [{ name: report.name, pieces: () => report.pieces(state.entries) }],
      held: true,
    },
  );
  return { files, warnings };
}
