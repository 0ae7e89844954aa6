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

export function decodeExport(bytes: Uint8Array, file: string, encoding?: Encoding): Decoded {
  if (bytes.length === 0) throw inputError({ file }, "the file is empty; expected a CSV export with a header row");
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
  let decoded: Decoded;
  if (buffer[0] === 0xef && buffer[1] === 0xbb && buffer[2] === 0xbf) {
    decoded = { utf8: checkUtf8(buffer.subarray(3), file), encoding: "utf-8 with BOM" };
  } else if (buffer[0] === 0xff && buffer[1] === 0xfe) {
    decoded = { utf8: Buffer.from(new TextDecoder("utf-16le").decode(buffer.subarray(2)), "utf8"), encoding: "utf-16le with BOM" };
  } else if (buffer[0] === 0xfe && buffer[1] === 0xff) {
    decoded = { utf8: Buffer.from(new TextDecoder("utf-16be").decode(buffer.subarray(2)), "utf8"), encoding: "utf-16be with BOM" };
  } else if (encoding !== undefined && encoding !== "utf-8") {
    decoded = { utf8: Buffer.from(new TextDecoder(encoding).decode(buffer), "utf8"), encoding };
  } else {
    decoded = { utf8: checkUtf8(buffer, file), encoding: "utf-8" };
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

function checkUtf8(bytes: Buffer, file: string): Buffer {
  if (isUtf8(bytes)) return bytes;
  throw inputError(
    { file, line: firstInvalidUtf8Line(bytes) },
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
