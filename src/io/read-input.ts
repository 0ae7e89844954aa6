import { open, stat } from "node:fs/promises";
import { NestError, ExitCode } from "../errors.js";

/**
 * The largest export nest reads: 500 MiB, about 2.4 million applicants shaped like the bench's exports. The
 * whole file is held in memory with a few objects per applicant (bench/: 205 MiB took 0.84 GB at peak), so
 * past this a clear message, instead of an out-of-memory abort on a machine with 2–4 GB.
 */
export const MAX_INPUT_BYTES = 500 * 1024 * 1024;

/** Reads a file, or standard input for "-", as bytes. Failures name the file and say why. */
export async function readInputBytes(path: string, readStdin: () => Promise<Uint8Array>): Promise<Uint8Array> {
  if (path === "-") {
    const bytes = await readStdin();
    if (bytes.length > MAX_INPUT_BYTES) throw tooLarge("(standard input)", bytes.length);
    return bytes;
  }
  try {
    const info = await stat(path);
    if (!info.isFile()) return await readUpTo(path, MAX_INPUT_BYTES);
    if (info.size > MAX_INPUT_BYTES) throw tooLarge(path, info.size);
    return await readShared(path, info.size);
  } catch (error) {
    if (error instanceof NestError) throw error;
    throw new NestError(`${path}: ${describeFsError(error)}`, ExitCode.input, { cause: error });
  }
}

/**
 * A regular file's bytes in shared memory (a SharedArrayBuffer), so that a second thread can read the
 * export's rows without a copy (io/engine/shared-rows.ts). The file is read in four parts at once (libuv's
 * threads): most of a read's time is the first touch of each page of the new memory, which two cores do
 * in half the time (bench/: 0.7 s -> 0.4 s for 205 MiB).
 */
async function readShared(path: string, size: number): Promise<Uint8Array> {
  const bytes = Buffer.from(new SharedArrayBuffer(size));
  const handle = await open(path, "r");
  try {
    const part = Math.ceil(size / READ_PARTS);
    const ends = await Promise.all(
      Array.from({ length: READ_PARTS }, async (_, p) => {
        const end = Math.min(size, (p + 1) * part);
        let at = Math.min(size, p * part);
        while (at < end) {
          const { bytesRead } = await handle.read(bytes, at, Math.min(end - at, READ_CHUNK), at);
          if (bytesRead === 0) return at; // the file shrank while being read: it ends here
          at += bytesRead;
        }
        return size;
      }),
    );
    return bytes.subarray(0, Math.min(...ends));
  } finally {
    await handle.close();
  }
}

/**
 * Whatever is not a regular file (a pipe, a device such as /dev/zero, a process substitution): read as it comes,
 * and refused once past `limit`, so that an endless source is a message, not a machine out of memory.
 */
export async function readUpTo(path: string, limit: number, what = "exports"): Promise<Uint8Array> {
  const handle = await open(path, "r");
  try {
    const chunks: Buffer[] = [];
    let size = 0;
    for (;;) {
      const chunk = Buffer.allocUnsafe(READ_CHUNK);
      const { bytesRead } = await handle.read(chunk, 0, READ_CHUNK, null);
      if (bytesRead === 0) return Buffer.concat(chunks, size);
      chunks.push(chunk.subarray(0, bytesRead));
      size += bytesRead;
      if (size > limit) throw tooLarge(path, size, true, limit, what);
    }
  } finally {
    await handle.close();
  }
}

const READ_PARTS = 4;
const READ_CHUNK = 16 * 1024 * 1024;

function tooLarge(label: string, size: number, more = false, limit = MAX_INPUT_BYTES, what = "exports"): NestError {
  const mib = (n: number) => `${Math.round(n / 1024 / 1024)} MiB`;
  // Bytes as well as MiB: 500 MiB and one byte must not read "the file is 500 MiB".
  const bytes = (n: number) => `${String(n).replace(/\B(?=(\d{3})+$)/g, ",")} bytes`;
  const found = more ? `more than ${mib(limit)} came` : `the file is ${bytes(size)}, over ${mib(limit)} (${bytes(limit)})`;
  const advice = what === "exports" ? ". Split it (by district) and draw each part" : "";
  return new NestError(`${label}: ${found}; nest reads ${what} of up to ${mib(limit)}${advice}`, ExitCode.input);
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
    case "ELOOP":
      return "a symbolic link in the path leads round in a loop";
    case "ENOSPC":
      return "the disk is full";
    case "EROFS":
      return "the file system is read-only";
    default:
      return error instanceof Error ? error.message : String(error);
  }
}
