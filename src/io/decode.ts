import { inputError } from "../errors.js";

/** Turning an export's bytes into text: BOMs, UTF-8, UTF-16 and Windows-1252. */

export const ENCODINGS = ["utf-8", "windows-1252", "utf-16le", "utf-16be"] as const;
export type Encoding = (typeof ENCODINGS)[number];

export interface Decoded {
  text: string;
  /** What was read: "utf-8", "utf-8 with BOM", "utf-16le with BOM", ... */
  encoding: string;
}

export function decodeExport(bytes: Uint8Array, file: string, encoding?: Encoding): Decoded {
  if (bytes.length === 0) throw inputError({ file }, "the file is empty; expected a CSV export with a header row");
  let decoded: Decoded;
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    decoded = { text: decodeUtf8(bytes.subarray(3), file), encoding: "utf-8 with BOM" };
  } else if (bytes[0] === 0xff && bytes[1] === 0xfe) {
    decoded = { text: new TextDecoder("utf-16le").decode(bytes.subarray(2)), encoding: "utf-16le with BOM" };
  } else if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    decoded = { text: new TextDecoder("utf-16be").decode(bytes.subarray(2)), encoding: "utf-16be with BOM" };
  } else if (encoding !== undefined && encoding !== "utf-8") {
    decoded = { text: new TextDecoder(encoding).decode(bytes), encoding };
  } else {
    decoded = { text: decodeUtf8(bytes, file), encoding: "utf-8" };
  }
  const nul = decoded.text.indexOf("\u0000");
  if (nul !== -1) {
    throw inputError(
      { file, line: lineAt(decoded.text, nul) },
      "holds a NUL byte: this does not look like a text (CSV) file. Save the sheet as CSV and try again",
    );
  }
  if (decoded.text.includes("\uFFFD")) {
    const at = decoded.text.indexOf("\uFFFD");
    throw inputError({ file, line: lineAt(decoded.text, at) }, "holds characters that are not valid in its encoding (U+FFFD)");
  }
  return decoded;
}

function decodeUtf8(bytes: Uint8Array, file: string): string {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    const line = firstInvalidUtf8Line(bytes);
    throw inputError({ file, line }, 'is not valid UTF-8. If Excel saved it as plain "CSV" on Windows, add --encoding windows-1252');
  }
}

function firstInvalidUtf8Line(bytes: Uint8Array): number {
  const decoder = new TextDecoder("utf-8", { fatal: true });
  let line = 1;
  let start = 0;
  for (let i = 0; i <= bytes.length; i++) {
    if (i === bytes.length || bytes[i] === 0x0a) {
      try {
        decoder.decode(bytes.subarray(start, i));
      } catch {
        return line;
      }
      line++;
      start = i + 1;
    }
  }
  return line;
}

function lineAt(text: string, index: number): number {
  let line = 1;
  for (let i = 0; i < index; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x0a || (c === 0x0d && text.charCodeAt(i + 1) !== 0x0a)) line++;
  }
  return line;
}
