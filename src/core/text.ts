/** Text normalisation shared by every matcher. Locale-independent on purpose: no toLocale*. */

// \s covers NBSP (U+00A0) and U+FEFF; the zero-width characters are not whitespace to JS.
const EDGE_SPACE = /^[\s\u200B-\u200D\u2060]+|[\s\u200B-\u200D\u2060]+$/g;

/** Trim ordinary, non-breaking and zero-width spaces from both ends. */
export function cleanCell(value: string): string {
  if (value.length === 0) return value;
  // Fast path (most cells): printable ASCII at both ends has nothing to trim.
  const first = value.charCodeAt(0);
  const last = value.charCodeAt(value.length - 1);
  if (first > 32 && first < 127 && last > 32 && last < 127) return value;
  return value.replace(EDGE_SPACE, "");
}

/** For comparing names and answers: NFKC, lower case, punctuation and runs of space become one space. */
export function normalizeKey(value: string): string {
  return cleanCell(value)
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[\u200B-\u200D\u2060]/g, "")
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
}

/** For header names: case- and space-insensitive (all whitespace removed). */
export function normalizeHeader(value: string): string {
  return cleanCell(value)
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[\s\u200B-\u200D\u2060]+/g, "");
}

/** Code-unit order, the same in every locale and language (unlike localeCompare). */
export function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * After a first header starting "ï»¿" (the file's UTF-8 byte-order mark read as Windows-1252 by a spreadsheet told the
 * wrong character set, and saved so), what to say; else nothing.
 */
export function latin1Hint(first: string): string {
  return first.startsWith("\u00ef\u00bb\u00bf")
    ? ` (its "ï»¿" is the file's UTF-8 mark read as another character set: a spreadsheet opened it as Windows-1252 or Latin-1; open it again as UTF-8, or check the file nest wrote)`
    : "";
}
