import { basename } from "node:path";
import type { Encoding } from "./decode.js";
import { decodeExport, utf8Problem, utf8Start } from "./decode.js";
import { sha256 } from "./hash.js";
import { parseExport, type ParsedExport, type ReadProgress } from "./parse-export.js";
import { readInputBytes } from "./read-input.js";
import type { Helper } from "./threads.js";

export interface ExportFile extends ParsedExport {
  /** How messages name the file: its path as given, or "(standard input)". */
  label: string;
  /** What the audit records: the file's name without its folder, so a moved folder still verifies. */
  name: string;
  path: string | null;
  bytes: number;
  sha256: string;
  encoding: string;
}

/** A second thread's job: the export's SHA-256 and whether its bytes from `utf8From` on are valid UTF-8. */
export interface DigestJob {
  kind: "digest";
  bytes: Uint8Array;
  utf8From: number | null;
}

export interface Digest {
  sha256: string;
  utf8: boolean;
}

export interface ReadExportOptions {
  encoding?: Encoding;
  readStdin: () => Promise<Uint8Array>;
  onProgress?: ReadProgress;
  /**
   * Asked once the bytes are read: a second thread, or null. Given one (only for bytes in shared memory),
   * the export is hashed and its UTF-8 validated there while this thread parses it; problems are reported
   * in the same order as from one thread (test/e2e.test.ts).
   */
  helper?: (bytes: Uint8Array) => Helper | null;
}

export async function readExport(path: string, options: ReadExportOptions): Promise<ExportFile> {
  const label = path === "-" ? "(standard input)" : path;
  const bytes = await readInputBytes(path, options.readStdin);
  const helper = bytes.buffer instanceof SharedArrayBuffer ? (options.helper?.(bytes) ?? null) : null;
  let digest: () => Promise<Digest>;
  let parsed: ParsedExport;
  let encoding: string;
  if (helper === null) {
    const decoded = decodeExport(bytes, label, options.encoding);
    parsed = parseExport(decoded.utf8, label, options.onProgress);
    encoding = decoded.encoding;
    digest = () => Promise.resolve({ sha256: sha256(bytes), utf8: true });
  } else {
    const utf8From = utf8Start(bytes, options.encoding);
    helper.post({ kind: "digest", bytes, utf8From } satisfies DigestJob);
    let asked: Promise<Digest> | null = null;
    digest = () => (asked ??= helper.next<Digest>());
    // Invalid UTF-8 is reported before anything found while reading it, as in one thread.
    const checked = async () => {
      const { utf8 } = await digest();
      if (!utf8) throw utf8Problem(bytes, utf8From!, label);
    };
    try {
      const decoded = decodeExport(bytes, label, options.encoding, false);
      parsed = parseExport(decoded.utf8, label, options.onProgress);
      encoding = decoded.encoding;
    } catch (error) {
      if (utf8From !== null) await checked();
      throw error;
    }
    await checked();
  }
  return {
    ...parsed,
    label,
    name: path === "-" ? "-" : basename(path),
    path: path === "-" ? null : path,
    bytes: bytes.length,
    sha256: (await digest()).sha256,
    encoding,
  };
}
