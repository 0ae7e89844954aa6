/**
 * Which earlier item had the same key, for a million items without holding a million key strings: each key
 * is hashed to 32 bits (FNV-1a over its UTF-16 code units) into an open-addressing table of item numbers,
 * and only items whose hashes are equal have their keys compared, by asking `keyOf` for the earlier one's
 * key again. A Map of the email addresses of a million applicants took about 2 s and 100 MB (bench/);
 * this takes a fraction of that, and gives exactly the same answers (test/core/first-seen.test.ts).
 */
export class FirstSeen {
  // Slot i is table[2i] (item + 1; 0 when empty) and table[2i + 1] (its hash): one cache line per probe.
  private table: Int32Array;
  private size = 0;

  constructor(
    private readonly keyOf: (item: number) => string,
    expected = 8,
    private readonly hashOf: (key: string) => number = fnv1a,
  ) {
    let capacity = 16;
    while (capacity < expected * 2) capacity *= 2;
    this.table = new Int32Array(capacity * 2);
  }

  /** The first item added before with the same key, or -1; either way `item` (a number >= 0) is added. */
  add(key: string, item: number): number {
    return this.find(this.hashOf(key), item, key);
  }

  /**
   * add, given the hash of the item's key (worked out elsewhere, perhaps by another thread, with the same
   * hash function): the item's key is asked of `keyOf` only if an earlier item's hash is equal.
   */
  addHashed(hash: number, item: number): number {
    return this.find(hash, item, null);
  }

  private find(hash: number, item: number, key: string | null): number {
    const table = this.table;
    const mask = (table.length >> 1) - 1;
    for (let i = hash & mask; ; i = (i + 1) & mask) {
      const slot = table[2 * i]!;
      if (slot === 0) break;
      if (table[2 * i + 1] === hash && this.keyOf(slot - 1) === (key ??= this.keyOf(item))) return slot - 1;
    }
    this.insert(hash, item);
    if (++this.size * 4 > table.length) this.grow();
    return -1;
  }

  private insert(hash: number, item: number): void {
    const table = this.table;
    const mask = (table.length >> 1) - 1;
    let i = hash & mask;
    while (table[2 * i] !== 0) i = (i + 1) & mask;
    table[2 * i] = item + 1;
    table[2 * i + 1] = hash;
  }

  private grow(): void {
    const old = this.table;
    this.table = new Int32Array(old.length * 2);
    for (let i = 0; i < old.length; i += 2) if (old[i] !== 0) this.insert(old[i + 1]!, old[i]! - 1);
  }
}

/** 32-bit FNV-1a over the UTF-16 code units of `key`. */
export function fnv1a(key: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) hash = Math.imul(hash ^ key.charCodeAt(i), 0x01000193);
  return hash | 0;
}

/**
 * The items whose key another item has too (each such item once, in item order), for a million keys that are
 * nearly all different (pseudonymous IDs). A first pass marks each key's 24-bit hash in a bitmap of 2 MB, which
 * stays in the processor's cache where a table of a million items would not, and marks the hashes met twice in another;
 * only the items with such a hash (a few percent) are then compared by key. Null keys are left out.
 * (A 24-bit hash needs the unsigned shift: fnv1a's answer is signed.)
 */
export function findRepeats(count: number, keyOf: (item: number) => string | null): number[] {
  // 16 bits a key, up to the 2 MB that a million keys need: a small export does not pay for a big map.
  let bits = 10;
  while (bits < 24 && 1 << bits < 16 * count) bits++;
  const seen = new Uint8Array(1 << (bits - 3));
  const twice = new Uint8Array(1 << (bits - 3));
  const hashes = new Int32Array(count);
  let repeated = false;
  for (let i = 0; i < count; i++) {
    const key = keyOf(i);
    if (key === null) {
      hashes[i] = -1;
      continue;
    }
    const h = fnv1a(key) >>> (32 - bits);
    hashes[i] = h;
    const mask = 1 << (h & 7);
    if ((seen[h >>> 3]! & mask) !== 0) {
      twice[h >>> 3]! |= mask;
      repeated = true;
    } else seen[h >>> 3]! |= mask;
  }
  if (!repeated) return [];
  const byKey = new Map<string, number[]>();
  for (let i = 0; i < count; i++) {
    const h = hashes[i]!;
    if (h < 0 || (twice[h >>> 3]! & (1 << (h & 7))) === 0) continue;
    const key = keyOf(i)!;
    const items = byKey.get(key);
    if (items === undefined) byKey.set(key, [i]);
    else items.push(i);
  }
  const repeats: number[] = [];
  for (const items of byKey.values()) if (items.length > 1) repeats.push(...items);
  return repeats.sort((a, b) => a - b);
}
