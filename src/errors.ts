/**
 * The one error type nest throws on purpose, and the exit-code table.
 * Core code returns problems as data; adapters (src/io) and commands wrap
 * file, CSV and config failures in a NestError that names file, line and column.
 */

export const ExitCode = {
  /** Everything worked (a draw was written, a check ran, a draw verified). */
  ok: 0,
  /** `nest verify`: the draw does not match what the export, config and seed give. */
  mismatch: 1,
  /** Unusable input or usage: malformed CSV, missing column, unreadable file, bad config, bad flag, output exists. */
  input: 2,
  /** A bug in nest (an error nest did not expect). The stack is printed. */
  bug: 70,
} as const;

export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

export interface Location {
  file?: string;
  /** A workbook's sheet, its row and its cell ("H7"), where a CSV file has lines and columns. */
  sheet?: string;
  row?: number;
  cell?: string;
  line?: number;
  column?: number;
}

export function formatLocation(loc: Location): string {
  const parts: string[] = [];
  if (loc.file !== undefined) parts.push(loc.file);
  if (loc.sheet !== undefined) parts.push(`sheet ${JSON.stringify(loc.sheet)}`);
  if (loc.row !== undefined) parts.push(`row ${loc.row}`);
  if (loc.cell !== undefined) parts.push(`cell ${loc.cell}`);
  if (loc.line !== undefined) parts.push(`line ${loc.line}`);
  if (loc.column !== undefined) parts.push(`column ${loc.column}`);
  return parts.join(", ");
}

export class NestError extends Error {
  readonly exitCode: ExitCodeValue;
  /** Further problems found in the same pass, each one a full sentence. */
  readonly details: readonly string[];

  constructor(message: string, exitCode: ExitCodeValue = ExitCode.input, options: { cause?: unknown; details?: readonly string[] } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "NestError";
    this.exitCode = exitCode;
    this.details = options.details ?? [];
  }
}

/** An input problem at a place in a file: "applicants.csv, line 4, column 2: ..." */
export function inputError(loc: Location, message: string, details: readonly string[] = [], cause?: unknown): NestError {
  const where = formatLocation(loc);
  return new NestError(where ? `${where}: ${message}` : message, ExitCode.input, { details, cause });
}
