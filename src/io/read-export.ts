import { basename } from "node:path";
import type { Encoding } from "./decode.js";
import { checkText, decodeExport, textProblem, utf8Start, type TextCheck } from "./decode.js";
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

/** A second thread's job: the export's SHA-256, and checkText of its bytes from `utf8From` on (UTF-8 input). */
export interface DigestJob {
  kind: "digest";
  bytes: Uint8Array;
  utf8From: number | null;
}

export interface Digest {
  sha256: string;
  text: TextCheck | null;
}

/** The digest job itself (io/worker.ts runs it). */
export function digest(job: DigestJob): Digest {
  return { sha256: sha256(job.bytes), text: job.utf8From === null ? null : checkText(job.bytes.subarray(job.utf8From), true) };
}

export interface ReadExportOptions {
  encoding?: Encoding;
  readStdin: () => Promise<Uint8Array>;
  onProgress?: ReadProgress;
  /**
   * Asked once the bytes are read: a second thread, or null. Given one (only for bytes in shared memory),
   * the export is hashed and its text checked there (checkText) while this thread parses it; problems are
   * reported in the same order as from one thread (test/e2e.test.ts).
   */
  helper?: (bytes: Uint8Array) => Helper | null;
}

export async function readExport(path: string, options: ReadExportOptions): Promise<ExportFile> {
  const label = path === "-" ? "(standard input)" : path;
  const bytes = await readInputBytes(path, options.readStdin);
  const helper = bytes.buffer instanceof SharedArrayBuffer ? (options.helper?.(bytes) ?? null) : null;
  let digested: () => Promise<Digest>;
  let parsed: ParsedExport;
  let encoding: string;
  if (helper === null) {
    const decoded = decodeExport(bytes, label, options.encoding);
    parsed = parseExport(decoded.utf8, label, options.onProgress);
    encoding = decoded.encoding;
    digested = () => Promise.resolve({ sha256: sha256(bytes), text: null });
  } else {
    const utf8From = utf8Start(bytes, options.encoding);
    helper.post({ kind: "digest", bytes, utf8From } satisfies DigestJob);
    let asked: Promise<Digest> | null = null;
    digested = () => (asked ??= helper.next<Digest>());
    // A problem with the text is reported before anything found while reading it, as in one thread.
    const checked = async () => {
      const { text } = await digested();
      const problem = text === null ? null : textProblem(bytes.subarray(utf8From!), text, label);
      if (problem !== null) throw problem;
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
    sha256: (await digested()).sha256,
    encoding,
  };
}
