import { createHash, webcrypto } from "node:crypto";

export function sha256(data: Uint8Array | string): string {
  return createHash("sha256").update(data).digest("hex");
}

/**
 * The SHA-256 of bytes, worked out on another thread (Web Crypto runs digests on libuv's thread pool), so
 * that hashing a large export overlaps with reading it (bench/).
 */
export async function sha256Beside(data: Uint8Array): Promise<string> {
  return Buffer.from(await webcrypto.subtle.digest("SHA-256", data)).toString("hex");
}
