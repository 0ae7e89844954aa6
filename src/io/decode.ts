import { isUtf8 } from "node:buffer";
import { inputError } from "../errors.js";

/**
 * An export's bytes -> UTF-8 bytes without a BOM, checked: BOMs, UTF-8, UTF-16 and Windows-1252.
 * UTF-8 input (nearly every export) is validated in place and never turned into one big string:
 * at a million applicants that string alone was 430 MB (bench/).
 */

export const ENCODINGS = ["utf-8", "windows-1252", "utf-16le", "utf-16be"] as const;
export type Encoding = (typeof ENCODINGS)[number];

export interface Decoded {
  /** The export as UTF-8, without a BOM. */
  utf8: Buffer;
  /** What was read: "utf-8", "utf-8 with BOM", "utf-16le with BOM", ... */
  encoding: string;
}

const REPLACEMENT = Buffer.from([0xef, 0xbf, 0xbd]); // U+FFFD in UTF-8

/**
 * `checkHere` false leaves UTF-8 input unchecked (a second thread checks it, checkText, while this one
 * parses it: io/sources/csv.ts); the caller must then throw textProblem's answer before using anything
 * read from it. Input in another encoding is always checked here.
 */
export function decodeExport(bytes: Uint8Array, file: string, encoding?: Encoding, checkHere = true): Decoded {
  if (bytes.length === 0) throw inputError({ file }, "the file is empty; expected a CSV export with a header row");
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
  const from = utf8Start(buffer, encoding);
  let decoded: Decoded;
  if (from !== null) {
    decoded = { utf8: buffer.subarray(from), encoding: from === 0 ? "utf-8" : "utf-8 with BOM" };
    if (!checkHere) return decoded;
  } else {
    const name = buffer[0] === 0xff && buffer[1] === 0xfe ? "utf-16le" : buffer[0] === 0xfe && buffer[1] === 0xff ? "utf-16be" : null;
    const text = name !== null ? new TextDecoder(name).decode(buffer.subarray(2)) : new TextDecoder(encoding).decode(buffer);
    decoded = { utf8: Buffer.from(text, "utf8"), encoding: name !== null ? `${name} with BOM` : encoding! };
  }
  const problem = textProblem(decoded.utf8, checkText(decoded.utf8, from !== null), file);
  if (problem !== null) throw problem;
  return decoded;
}

/** What checkText found: whether the bytes are valid UTF-8, and where the first NUL and U+FFFD are (-1: none). */
export interface TextCheck {
  utf8: boolean;
  nul: number;
  replacement: number;
}

/** The checks every export's text passes (UTF-8 validity only when `validateUtf8`: converted text is valid). */
export function checkText(utf8: Uint8Array, validateUtf8: boolean): TextCheck {
  const buffer = Buffer.from(utf8.buffer, utf8.byteOffset, utf8.length);
  return { utf8: !validateUtf8 || isUtf8(buffer), nul: buffer.indexOf(0), replacement: buffer.indexOf(REPLACEMENT) };
}

/** The first problem checkText found, as the message nest gives (invalid UTF-8, then NUL, then U+FFFD), or null. */
export function textProblem(utf8: Uint8Array, check: TextCheck, file: string): Error | null {
  const buffer = Buffer.from(utf8.buffer, utf8.byteOffset, utf8.length);
  if (!check.utf8) {
    return inputError(
      { file, line: firstInvalidUtf8Line(buffer) },
      'is not valid UTF-8. If Excel saved it as plain "CSV" on Windows, add --encoding windows-1252',
    );
  }
  if (check.nul !== -1) {
    return inputError(
      { file, line: lineAt(buffer, check.nul) },
      "holds a NUL byte: this does not look like a text (CSV) file. Save the sheet as CSV and try again",
    );
  }
  if (check.replacement !== -1) {
    return inputError({ file, line: lineAt(buffer, check.replacement) }, "holds characters that are not valid in its encoding (U+FFFD)");
  }
  return null;
}

/** Where the UTF-8 of UTF-8 input starts (after a BOM), or null when the input is read in another encoding. */
export function utf8Start(bytes: Uint8Array, encoding?: Encoding): number | null {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return 3;
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) return null;
  return encoding === undefined || encoding === "utf-8" ? 0 : null;
}

function firstInvalidUtf8Line(bytes: Buffer): number {
  let line = 1;
  let start = 0;
  for (let i = 0; i <= bytes.length; i++) {
    if (i === bytes.length || bytes[i] === 0x0a) {
      if (!isUtf8(bytes.subarray(start, i))) return line;
      line++;
      start = i + 1;
    }
  }
  return line;
}

/** The line (from 1) that byte `index` is on: CRLF, LF and CR each end a line. */
function lineAt(bytes: Buffer, index: number): number {
  let line = 1;
  for (let i = 0; i < index; i++) {
    const c = bytes[i];
    if (c === 0x0a || (c === 0x0d && bytes[i + 1] !== 0x0a)) line++;
  }
  return line;
}
