import { basename } from "node:path";
import type { Encoding } from "./decode.js";
import { decodeExport } from "./decode.js";
import { sha256 } from "./hash.js";
import { parseExport, type ParsedExport, type ReadProgress } from "./parse-export.js";
import { readInputBytes } from "./read-input.js";

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

export async function readExport(
  path: string,
  options: { encoding?: Encoding; readStdin: () => Promise<Uint8Array>; onProgress?: ReadProgress },
): Promise<ExportFile> {
  const label = path === "-" ? "(standard input)" : path;
  const bytes = await readInputBytes(path, options.readStdin);
  const decoded = decodeExport(bytes, label, options.encoding);
  const parsed = parseExport(decoded.utf8, label, options.onProgress);
  return {
    ...parsed,
    label,
    name: path === "-" ? "-" : basename(path),
    path: path === "-" ? null : path,
    bytes: bytes.length,
    sha256: sha256(bytes),
    encoding: decoded.encoding,
  };
}
