/**
 * seedrandom 3.0.5's ARC4 generator (its default), for the one thing nest needs from it: the first bytes of
 * the stream keyed by a string. seedrandom itself spends most of its time on bookkeeping nest does not use
 * (closures, and mixing every new generator's state into a global entropy pool), about 11 µs per key; this
 * is the same computation on typed arrays, about 1 µs. test/core/arc4.test.ts checks that it gives exactly
 * seedrandom's bytes for any key; docs/ALGORITHM.md §3 specifies it.
 */

const WIDTH = 256;
const MASK = 255;

const S = new Uint8Array(WIDTH);
const K = new Uint8Array(WIDTH);
const IDENTITY = Uint8Array.from({ length: WIDTH }, (_, i) => i);

/** seedrandom's ARC4 keyed by `key` (a string, taken as UTF-16 code units): `count` bytes after the 256 it drops. */
export function arc4Bytes(key: string, count: number): Uint8Array {
  const out = new Uint8Array(count);
  arc4Into(key, out);
  return out;
}

/** arc4Bytes into `out`: as many bytes as it holds (nest's draw reuses one buffer for every ticket). */
export function arc4Into(key: string, out: Uint8Array): void {
  const count = out.length;
  // mixkey: key[j mod 256] = (smear XOR= key[j mod 256] * 19) + code unit, mod 256; unset slots count as 0.
  let smear = 0;
  const length = key.length;
  const keyLength = Math.max(1, Math.min(length, WIDTH)); // an empty key is the key [0], as in seedrandom
  K[0] = 0;
  for (let j = 0; j < length; j++) {
    const slot = j & MASK;
    if (j >= WIDTH) smear ^= K[slot]! * 19;
    K[slot] = (smear + key.charCodeAt(j)) & MASK;
  }
  // RC4 key schedule.
  S.set(IDENTITY);
  for (let i = 0, j = 0, k = 0; i < WIDTH; i++) {
    const t = S[i]!;
    j = (j + K[k]! + t) & MASK;
    S[i] = S[j]!;
    S[j] = t;
    if (++k === keyLength) k = 0; // K[i mod keyLength]
  }
  // RC4 output: 256 bytes dropped, then `count` kept.
  let i = 0;
  let j = 0;
  for (let n = 0; n < WIDTH; n++) {
    i = (i + 1) & MASK;
    const t = S[i]!;
    j = (j + t) & MASK;
    S[i] = S[j]!;
    S[j] = t;
  }
  for (let n = 0; n < count; n++) {
    i = (i + 1) & MASK;
    const t = S[i]!;
    j = (j + t) & MASK;
    S[i] = S[j]!;
    S[j] = t;
    out[n] = S[(S[i]! + t) & MASK]!;
  }
}
