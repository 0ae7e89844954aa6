import * as crypto from "node:crypto";
import type { Keyed } from "../core/applicant-ids.js";

/**
 * The keyed hash of pseudonymous IDs (docs/ALGORITHM.md §2): SHA3-256 of the key, U+001F and the material, as UTF-8.
 * SHA-3, unlike SHA-256, is safely keyed by a prefix (NIST SP 800-185 builds KMAC on it), and one call of Node's
 * one-shot crypto.hash costs about half an HMAC object's (README "Performance").
 */
export function keyedHash(key: string): Keyed {
  const prefix = `${key}\u001f`;
  // crypto.hash is Node 20.12's; earlier 20.x have only createHash.
  const oneShot = (crypto as { hash?: (algorithm: string, data: string, encoding: "buffer") => Buffer }).hash;
  if (oneShot !== undefined) return (material) => oneShot("sha3-256", prefix + material, "buffer");
  return (material) =>
    crypto
      .createHash("sha3-256")
      .update(prefix + material, "utf8")
      .digest();
}
