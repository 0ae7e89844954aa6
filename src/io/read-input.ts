import { readFile } from "node:fs/promises";
import { NestError, ExitCode } from "../errors.js";

/** Reads a file, or standard input for "-", as bytes. Failures name the file and say why. */
export async function readInputBytes(path: string, readStdin: () => Promise<Uint8Array>): Promise<Uint8Array> {
  if (path === "-") return readStdin();
  try {
    return await readFile(path);
  } catch (error) {
    throw new NestError(`${path}: ${describeFsError(error)}`, ExitCode.input, { cause: error });
  }
}

export function describeFsError(error: unknown): string {
  const code = (error as { code?: string }).code;
  switch (code) {
    case "ENOENT":
      return "no such file";
    case "EACCES":
    case "EPERM":
      return "permission denied";
    case "EISDIR":
      return "is a folder, not a file";
    case "ENOTDIR":
      return "a part of the path is not a folder";
    case "ENOSPC":
      return "the disk is full";
    case "EROFS":
      return "the file system is read-only";
    default:
      return error instanceof Error ? error.message : String(error);
  }
}
