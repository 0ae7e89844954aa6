import type { Table } from "../../core/table.js";
import type { Digest } from "../digest.js";
import type { Encoding } from "../decode.js";
import type { ReadProgress } from "../parse-export.js";
import { csvSource } from "./csv.js";
import { xlsxSource } from "./xlsx.js";

/**
 * The input seam: a source turns an export's bytes into a table (core/table.ts) and says what the audit must
 * record of how it read them. CSV (from a file or standard input) is one; a workbook would be another, added by
 * writing its module and listing it in SOURCES. Nothing past the seam knows which source read the rows.
 */
export interface Source {
  /** Recorded in the audit (input.source), so that verify reads the export again the same way. */
  id: string;
  /** Whether these bytes are this source's kind (a workbook would look at its first bytes). */
  recognises(bytes: Uint8Array, name: string): boolean;
  read(bytes: Uint8Array, options: SourceOptions): Promise<SourceResult>;
}

export interface SourceOptions {
  /** How messages name the input: its path, or "(standard input)". */
  label: string;
  /** The --encoding flag, for sources of text. */
  encoding?: Encoding;
  /** The --sheet flag (or the sheet a draw recorded), for workbooks: the first sheet when absent. */
  sheet?: string;
  onProgress?: ReadProgress;
  /** The bytes' SHA-256 and text checks (the engine works them out, perhaps in another thread). */
  digest: (bytes: Uint8Array, utf8From: number | null) => () => Promise<Digest>;
}

export interface SourceResult {
  table: Table;
  sha256: string;
  /** What the audit records of the reading, after the input's name, hash and size: a CSV file's encoding and delimiter. */
  record: Record<string, string | number>;
  /** A workbook's sheets, in order, of which one was read (nest check names them). */
  sheets?: readonly string[];
}

/** Every source, the most particular first: the last, CSV, takes whatever the others do not recognise. */
export const SOURCES: readonly Source[] = [xlsxSource, csvSource];

/** The source for these bytes, or for a recorded source id (nest verify). */
export function sourceFor(bytes: Uint8Array, name: string, recorded?: string): Source | null {
  if (recorded !== undefined) return SOURCES.find((s) => s.id === recorded) ?? null;
  return SOURCES.find((s) => s.recognises(bytes, name)) ?? SOURCES[SOURCES.length - 1]!;
}
