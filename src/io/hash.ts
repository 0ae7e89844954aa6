import { createHash } from "node:crypto";

export function sha256(data: Uint8Array | string): string {
  return createHash("sha256").update(data).digest("hex");
}

/** A SHA-256 fed piece by piece (core/replace.ts Hasher), answering in hexadecimal. */
export function sha256Hasher(): { update(text: string): void; digest(): string } {
  const hash = createHash("sha256");
  return { update: (text) => void hash.update(text, "utf8"), digest: () => hash.digest("hex") };
}
