import { checkText, type TextCheck } from "./decode.js";
import { sha256 } from "./hash.js";

/** What every source needs of its bytes: their SHA-256, and for UTF-8 text the checks of decode.ts (checkText). */
export interface Digest {
  sha256: string;
  text: TextCheck | null;
}

/** The bytes' digest; the text checks from `utf8From` on, or none when the text is not read as UTF-8 (null). */
export function digest(bytes: Uint8Array, utf8From: number | null): Digest {
  return { sha256: sha256(bytes), text: utf8From === null ? null : checkText(bytes.subarray(utf8From), true) };
}
