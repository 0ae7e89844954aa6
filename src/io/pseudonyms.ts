import { createHmac, createSecretKey, type KeyObject } from "node:crypto";
import type { Keyed } from "../core/applicant-ids.js";

/** HMAC-SHA-256 under a config's applicantIdKey (its UTF-8 bytes): the keyed hash of pseudonymous IDs (docs/ALGORITHM.md §1). */
export function keyedHash(key: string): Keyed {
  const secret: KeyObject = createSecretKey(Buffer.from(key, "utf8"));
  return (material) => createHmac("sha256", secret).update(material, "utf8").digest();
}
