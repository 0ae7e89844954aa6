import { DEFAULT_CONFIG } from "../core/default-config.js";
import { emptyCategories, emptyDistricts } from "../core/empty-categories.js";
import { lostLetters } from "../core/lost-letters.js";
import type { Table } from "../core/table.js";
import type { LoadedConfig } from "../io/config-file.js";
import { recoveredNote, type Recovered } from "../io/draw-folder.js";
import { columnCells } from "../io/engine/judge-rows.js";
import type { Pool } from "../pipeline/pool.js";

/**
 * NEST 2018 published no team sizes: the embedded config's places (2 per category, no overrides) are a placeholder,
 * and `nest init` writes them into a new config for the coordinator to set. A draw, commitment or check with places
 * still as the placeholder says so loudly (issue #12): it is not refused, since a trial draw is what it is for.
 */
function placeholderWarning(loaded: LoadedConfig): string | null {
  const { places } = loaded.config;
  const placeholder = DEFAULT_CONFIG.places;
  if (places.default !== placeholder.default || Object.keys(places.overrides).length > 0) return null;
  const where = loaded.path === null ? "the embedded config" : loaded.path;
  return (
    `nest: warning: ${where} gives every category ${places.default} places in every district, the placeholder nest init ` +
    `writes (NEST 2018 published no team sizes). Set "places" in the config to the real numbers before a real draw.\n`
  );
}

interface WarnContext {
  color: boolean;
  writeErr: (text: string) => void;
}

/** A warning on standard error, in yellow on a terminal. */
function warn(warning: string | null, ctx: WarnContext): void {
  if (warning !== null) ctx.writeErr(ctx.color ? `\u001b[33m${warning.trimEnd()}\u001b[39m\n` : `${warning.trimEnd()}\n`);
}

/**
 * What check, commit and draw warn of before their results, without stopping: placeholder places, names whose
 * letters a Windows code page lost (core/lost-letters.ts), and categories applicants named where none is eligible
 * (core/empty-categories.ts).
 */
export function warnOfInput(loaded: LoadedConfig, table: Table, pool: Pool, ctx: WarnContext): void {
  warn(placeholderWarning(loaded), ctx);
  function* names() {
    for (const role of ["name", "firstName", "lastName"] as const) {
      const column = pool.columns[role];
      if (column !== undefined) yield* columnCells(table.rows, column);
    }
  }
  warn(lostLetters(names()), ctx);
  for (const empty of emptyDistricts(pool.applicants, loaded.config.districts)) warn(empty, ctx);
  for (const empty of emptyCategories(pool.applicants, loaded.config.categories)) warn(empty, ctx);
}

/** Which sheet of a workbook was read, and which others it has. */
export function describeSheet({ sheet, sheets }: { sheet: string; sheets: readonly string[] }): string {
  if (sheets.length === 1) return `Sheet read: ${JSON.stringify(sheet)}`;
  const others = sheets.filter((s) => s !== sheet).map((s) => JSON.stringify(s));
  const which = sheets[0] === sheet ? "the first" : "named by --sheet";
  return `Sheet read: ${JSON.stringify(sheet)} (${which}; the workbook also has ${others.join(", ")}: --sheet NAME reads another)`;
}

/** What became of a killed run that a command found and finished or undid before its own work (io/draw-folder.ts). */
export function sayRecovered(recovered: Recovered, ctx: { writeErr(text: string): void }): void {
  const note = recoveredNote(recovered);
  if (note !== null) ctx.writeErr(`nest: note: ${note}\n`);
}
