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
 * `checkUtf8` false leaves UTF-8 input unvalidated (a second thread validates it while this one parses,
 * io/read-export.ts): the caller must then call utf8Problem before using anything read from it.
 */
export function decodeExport(bytes: Uint8Array, file: string, encoding?: Encoding, checkUtf8 = true): Decoded {
  if (bytes.length === 0) throw inputError({ file }, "the file is empty; expected a CSV export with a header row");
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
  const utf8 = (from: number, name: string): Decoded => {
    if (checkUtf8 && !isUtf8(buffer.subarray(from))) throw utf8Problem(buffer, from, file);
    return { utf8: buffer.subarray(from), encoding: name };
  };
  const converted = (text: string, name: string): Decoded => ({ utf8: Buffer.from(text, "utf8"), encoding: name });
  let decoded: Decoded;
  const from = utf8Start(buffer, encoding);
  if (from !== null) {
    decoded = utf8(from, from === 0 ? "utf-8" : "utf-8 with BOM");
  } else if (buffer[0] === 0xff && buffer[1] === 0xfe) {
    decoded = converted(new TextDecoder("utf-16le").decode(buffer.subarray(2)), "utf-16le with BOM");
  } else if (buffer[0] === 0xfe && buffer[1] === 0xff) {
    decoded = converted(new TextDecoder("utf-16be").decode(buffer.subarray(2)), "utf-16be with BOM");
  } else {
    decoded = converted(new TextDecoder(encoding).decode(buffer), encoding!);
  }
  const nul = decoded.utf8.indexOf(0);
  if (nul !== -1) {
    throw inputError(
      { file, line: lineAt(decoded.utf8, nul) },
      "holds a NUL byte: this does not look like a text (CSV) file. Save the sheet as CSV and try again",
    );
  }
  const replacement = decoded.utf8.indexOf(REPLACEMENT);
  if (replacement !== -1) {
    throw inputError({ file, line: lineAt(decoded.utf8, replacement) }, "holds characters that are not valid in its encoding (U+FFFD)");
  }
  return decoded;
}

/** Where the UTF-8 of UTF-8 input starts (after a BOM), or null when the input is read in another encoding. */
export function utf8Start(bytes: Uint8Array, encoding?: Encoding): number | null {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return 3;
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) return null;
  return encoding === undefined || encoding === "utf-8" ? 0 : null;
}

/** The message for input whose bytes from `from` on are not valid UTF-8: it names the first line that is not. */
export function utf8Problem(bytes: Uint8Array, from: number, file: string): Error {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).subarray(from);
  return inputError(
    { file, line: firstInvalidUtf8Line(buffer) },
    'is not valid UTF-8. If Excel saved it as plain "CSV" on Windows, add --encoding windows-1252',
  );
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
