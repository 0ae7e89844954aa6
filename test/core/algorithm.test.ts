import fc from "fast-check";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createHash } from "node:crypto";
import { drawDistrict, idsOf, lotteryNumber } from "../../src/core/draw.js";
import { editionOf, KNOWN_ALGORITHMS, seedUsed } from "../../src/core/edition.js";
import { entryCells, groupsFromLedger, ledgerRootText, replace, startState, type ReplacementReason } from "../../src/core/replace.js";
import { emailMaterial, formatPseudonym, rowMaterial } from "../../src/core/applicant-ids.js";
import { keyedHash } from "../../src/io/pseudonyms.js";
import { neutraliseFormula, restoreFormula } from "../../src/io/format-csv.js";
import { ROOT } from "../helpers/run.js";

/**
 * docs/ALGORITHM.md, implemented again from the text alone, without seedrandom: if the document and nest
 * ever disagree, these tests fail.
 */
function referenceNumber(algorithm: string, seed: string, district: string, id: string): string {
  const keyString = [algorithm, seed, district, id].join("\u001f");
  const k: number[] = [];
  let smear = 0;
  for (let j = 0; j < keyString.length; j++) {
    if (j >= 256) smear = smear ^ (k[j % 256]! * 19);
    k[j % 256] = (smear + keyString.charCodeAt(j)) % 256;
  }
  const S = Array.from({ length: 256 }, (_, i) => i);
  for (let i = 0, j = 0; i < 256; i++) {
    j = (j + S[i]! + k[i % k.length]!) % 256;
    [S[i], S[j]] = [S[j]!, S[i]!];
  }
  let i = 0;
  let j = 0;
  const next = () => {
    i = (i + 1) % 256;
    j = (j + S[i]!) % 256;
    [S[i], S[j]] = [S[j]!, S[i]!];
    return S[(S[i]! + S[j]!) % 256]!;
  };
  for (let n = 0; n < 256; n++) next();
  return Array.from({ length: 8 }, () => next().toString(16).padStart(2, "0")).join("");
}

function referenceDraw(
  algorithm: string,
  seed: string,
  district: string,
  entrants: { id: string; categories: string[] }[],
  places: Record<string, number>,
) {
  const numbered = entrants.map((e) => ({ ...e, number: referenceNumber(algorithm, seed, district, e.id) }));
  numbered.sort((a, b) => (a.number < b.number ? -1 : a.number > b.number ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const seated: Record<string, string[]> = Object.fromEntries(Object.keys(places).map((c) => [c, []]));
  const waitlists: Record<string, string[]> = Object.fromEntries(Object.keys(places).map((c) => [c, []]));
  for (const e of numbered) {
    const free = e.categories.find((c) => seated[c]!.length < places[c]!);
    if (free !== undefined) seated[free]!.push(e.id);
    else for (const c of e.categories) waitlists[c]!.push(e.id);
  }
  return { callOrder: numbered.map((e) => e.id), seated, waitlists };
}

interface Vector {
  algorithm: string;
  seed: string;
  /** The seed the numbers are keyed with, when it is not the seed as given (§3: nest-draw/6 takes white space out). */
  seedUsed?: string;
  district: string;
  places: Record<string, number>;
  applicants: { id: string; categories: string[] }[];
  expected: { numbers: Record<string, string>; callOrder: string[]; seated: Record<string, string[]>; waitlists: Record<string, string[]> };
}

const doc = readFileSync(join(ROOT, "docs", "ALGORITHM.md"), "utf8");
const vectors = JSON.parse(/## 8\. Test vectors[\s\S]*?```json\n([\s\S]*?)```/.exec(doc)![1]!) as Vector[];
const idVectors = JSON.parse(/### Applicant IDs[\s\S]*?```json\n([\s\S]*?)```/.exec(doc)![1]!) as IdVector[];

interface IdVector {
  key: string;
  email?: string;
  copy?: number;
  cells?: string[];
  occurrence?: number;
  id: string;
}

/** §2's pseudonyms, from the text alone: SHA3-256 of key, U+001F, material; Crockford's base 32 of its first 60 bits after an "N". */
function referenceId(key: string, material: string): string {
  const hash = createHash("sha3-256")
    .update(Buffer.from(`${key}\u001f${material}`, "utf8"))
    .digest();
  const bits = [...hash].map((b) => b.toString(2).padStart(8, "0")).join("");
  const alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
  let id = "N";
  for (let i = 0; i < 12; i++) id += alphabet[parseInt(bits.slice(5 * i, 5 * i + 5), 2)];
  return id;
}

describe("docs/ALGORITHM.md test vectors", () => {
  it("the document has vectors for every algorithm, including a key longer than 256 code units and non-ASCII text", () => {
    expect(vectors.length).toBeGreaterThanOrEqual(3);
    expect(new Set(vectors.map((v) => v.algorithm))).toEqual(new Set(KNOWN_ALGORITHMS));
    expect(vectors.some((v) => v.seed.length > 256)).toBe(true);
    expect(vectors.some((v) => /[^\x00-\x7f]/.test(v.seed))).toBe(true);
    // nest-draw/6: seeds spaced otherwise, a no-break space among them, with the seed used beside them.
    expect(vectors.filter((v) => v.algorithm === "nest-draw/6" && v.seedUsed !== undefined && /\u00a0/.test(v.seed))).toHaveLength(1);
  });

  it.each(vectors.map((v) => [v.algorithm, v.seed.slice(0, 24), v] as const))(
    "%s, seed %j: nest and the reference give the expected numbers, order, seats and waitlists",
    (_, __, v) => {
      // §3 from the text: from nest-draw/6 every white space (JavaScript's \s) is taken out of the seed.
      const used = v.algorithm === "nest-draw/6" ? v.seed.replace(/\s/g, "") : v.seed;
      expect(used).toBe(v.seedUsed ?? v.seed);
      expect(seedUsed(editionOf(v.algorithm)!, v.seed)).toBe(used);
      for (const a of v.applicants) {
        expect(lotteryNumber(v.algorithm, used, v.district, a.id)).toBe(v.expected.numbers[a.id]);
        expect(referenceNumber(v.algorithm, used, v.district, a.id)).toBe(v.expected.numbers[a.id]);
      }
      const strata = Object.entries(v.places).map(([categoryId, places]) => ({ categoryId, places }));
      const draw = drawDistrict(v.algorithm, v.district, v.applicants, strata, used);
      expect(draw.tickets.map((t) => t.id)).toEqual(v.expected.callOrder);
      expect(Object.fromEntries(draw.categories.map((c) => [c.categoryId, idsOf(c.seated)]))).toEqual(v.expected.seated);
      expect(Object.fromEntries(draw.categories.map((c) => [c.categoryId, idsOf(c.waitlist)]))).toEqual(v.expected.waitlists);
      expect(referenceDraw(v.algorithm, used, v.district, v.applicants, v.places)).toEqual({
        callOrder: v.expected.callOrder,
        seated: v.expected.seated,
        waitlists: v.expected.waitlists,
      });
    },
  );
});

describe("docs/ALGORITHM.md §1: Applicant ID vectors", () => {
  it("has vectors for an email address, a later copy of one, a row without one, and a repeated row", () => {
    expect(idVectors.some((v) => v.email !== undefined)).toBe(true);
    expect(idVectors.some((v) => (v.copy ?? 1) > 1)).toBe(true);
    expect(idVectors.some((v) => v.cells !== undefined && (v.occurrence ?? 0) > 0)).toBe(true);
  });

  it.each(idVectors.map((v) => [v.email ?? JSON.stringify(v.cells), v] as const))("%s: nest and the reference give %s", (_, v) => {
    const material = v.email !== undefined ? emailMaterial(v.email, v.copy ?? 1) : rowMaterial(v.cells!, v.occurrence ?? 0);
    // The material as §2 spells it, built here from the text alone.
    const spelled =
      v.email !== undefined
        ? ["email", v.email, ...(v.copy === undefined ? [] : [String(v.copy)])].join("\u001f")
        : ["row", JSON.stringify(v.cells!.map((c) => c.replace(/\r\n?/g, "\n"))), String(v.occurrence ?? 0)].join("\u001f");
    expect(material).toBe(spelled);
    expect(formatPseudonym(keyedHash(v.key)(material))).toBe(v.id);
    expect(referenceId(v.key, material)).toBe(v.id);
  });
});

describe("the reference implementation agrees with nest on any input", () => {
  const text = fc.string({ unit: "binary", minLength: 1, maxLength: 400 }).filter((s) => !/[\u0000-\u001f\u007f]/.test(s));
  it("lottery numbers, for every algorithm", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...KNOWN_ALGORITHMS),
        text,
        fc.string({ minLength: 1, maxLength: 5 }),
        text,
        (algorithm, seed, district, id) => {
          expect(lotteryNumber(algorithm, seed, district, id)).toBe(referenceNumber(algorithm, seed, district, id));
        },
      ),
      { numRuns: 300 },
    );
  });

  it("pseudonyms", () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[0-9a-f]{32}$/), fc.string({ unit: "binary", maxLength: 80 }), (key, email) => {
        expect(formatPseudonym(keyedHash(key)(emailMaterial(email)))).toBe(referenceId(key, emailMaterial(email)));
      }),
      { numRuns: 300 },
    );
  });
});

/** §6's guards 2 and 3, from the text alone: fragment starts, the rule at each, what goes in, and reading back. */
const separators = (guard: 2 | 3) => (guard === 3 ? ",;\t \r\n" : ";\t \r\n");

function referenceGuardsAt(cell: string, p: number, q: number, guard: 2 | 3): boolean {
  const text = cell.slice(q);
  const triggers = guard === 3 ? /^['\u00a0]*[=+\-@＝＋－＠⁺⁼₊₌﬩﹢﹣﹦﹫]/ : /^['\u00a0]*[=+\-@＝＋－＠]/;
  if (triggers.test(text)) {
    if (p === 0 && /^[+-]?[0-9]+(\.[0-9]+)?$/.test(text)) return false;
    const before = cell.slice(0, p).replace(/[ \u00a0]* $/, "");
    if (
      p > 0 &&
      text.startsWith("- ") &&
      cell[p - 1] === " " &&
      before !== "" &&
      !(separators(guard) + (guard === 3 ? "'" : "")).includes(before.at(-1)!)
    )
      return false;
    return true;
  }
  return p === 0 && /^'*[\t\r\n]/.test(text);
}

function fragmentStarts(cell: string, guard: 2 | 3): number[] {
  return [0, ...[...cell].flatMap((_, i) => (separators(guard).includes(cell[i]!) ? [i + 1] : []))];
}

const referencePrefix = (guard: 2 | 3, p: number) => (guard === 3 && p > 0 ? "'''" : "'");

function referenceGuard(cell: string, guard: 2 | 3): string {
  let out = "";
  let last = 0;
  for (const p of fragmentStarts(cell, guard)) {
    if (referenceGuardsAt(cell, p, p, guard)) {
      out += cell.slice(last, p) + referencePrefix(guard, p);
      last = p;
    }
  }
  return out + cell.slice(last);
}

function referenceReadBack(cell: string, guard: 2 | 3): string {
  const drop = new Set<number>();
  for (const p of fragmentStarts(cell, guard)) {
    const prefix = referencePrefix(guard, p);
    if (cell.startsWith(prefix, p) && referenceGuardsAt(cell, p, p + prefix.length, guard))
      for (let i = p; i < p + prefix.length; i++) drop.add(i);
  }
  return [...cell].filter((_, i) => !drop.has(i)).join("");
}

describe("docs/ALGORITHM.md §6: the formula guard", () => {
  const guardVectors = JSON.parse(/### Formula guard vectors[\s\S]*?```json\n([\s\S]*?)```/.exec(doc)![1]!) as [string, string, string][];

  it("has vectors for a semicolon, a tab, a space, a line break, a lone hyphen and a cell that starts with '", () => {
    for (const c of [";", "\t", " ", "\n"]) expect(guardVectors.some(([cell, out]) => cell.includes(c) && out !== cell)).toBe(true);
    expect(guardVectors.some(([cell, out]) => cell.includes(" - ") && out === cell)).toBe(true);
    expect(guardVectors.some(([cell]) => cell.startsWith("'"))).toBe(true);
  });

  it("has vectors where guard 3 writes otherwise than guard 2", () => {
    expect(guardVectors.filter(([, two, three]) => two !== three).length).toBeGreaterThanOrEqual(5);
  });

  it.each(guardVectors)("%j: nest and the reference write %j (guard 2), %j (guard 3) and read it back", (cell, two, three) => {
    for (const [guard, written] of [
      [2, two],
      [3, three],
    ] as const) {
      expect(neutraliseFormula(cell, guard)).toBe(written);
      expect(referenceGuard(cell, guard)).toBe(written);
      expect(restoreFormula(written, guard)).toBe(cell);
      expect(referenceReadBack(written, guard)).toBe(cell);
    }
  });

  it.each([2, 3] as const)("nest and the reference agree on any cell, guard %i", (guard) => {
    const unit = fc.constantFrom("'", "=", "+", "-", "@", " ", ";", ",", "\t", "\r", "\n", "\u00a0", "＝", "﹦", "⁺", "1", ".", "a");
    fc.assert(
      fc.property(fc.string({ unit }), (cell) => {
        expect(neutraliseFormula(cell, guard)).toBe(referenceGuard(cell, guard));
        expect(restoreFormula(cell, guard)).toBe(referenceReadBack(cell, guard));
      }),
      { numRuns: 20_000 },
    );
  });
});

describe("docs/ALGORITHM.md §9: replacement vectors", () => {
  interface ReplacementVector {
    ledger: string[][];
    replacements: [string, string][];
    root: string;
    entries: string[][];
  }
  const vector = JSON.parse(/### Replacement vectors[\s\S]*?```json\n([\s\S]*?)```/.exec(doc)![1]!) as ReplacementVector;
  const hex = (text: string) => createHash("sha256").update(text, "utf8").digest("hex");

  it("the text, implemented again here, gives the vector's root, seats and chains", () => {
    const root = hex(vector.ledger.map((cells) => `${cells.join("\u001f")}\n`).join(""));
    expect(root).toBe(vector.root);
    // Groups from the Outcome column: "seated k" and "waitlist n".
    const groups = new Map<string, { seats: (string | null)[]; waitlist: string[] }>();
    for (const [id, district, category, , , , outcome] of vector.ledger.slice(1)) {
      if (outcome!.startsWith("excluded")) continue;
      const key = `${district}|${category}`;
      const g = groups.get(key) ?? { seats: [], waitlist: [] };
      groups.set(key, g);
      const [word, n] = outcome!.split(" ");
      if (word === "seated" && n !== "elsewhere") g.seats[Number(n) - 1] = id!;
      if (word === "waitlist") g.waitlist[Number(n) - 1] = id!;
    }
    const out = new Set<string>();
    const holds = (id: string) => [...groups.values()].some((g) => g.seats.includes(id));
    let chain = root;
    const entries: string[][] = [];
    vector.replacements.forEach(([reason, id], i) => {
      const [key, g] = [...groups].find(([, g]) => g.seats.includes(id))!;
      const k = g.seats.indexOf(id);
      out.add(id);
      g.seats[k] = null;
      const next = g.waitlist.find((w) => !out.has(w) && !holds(w)) ?? null;
      g.seats[k] = next;
      const [district, category] = key.split("|");
      const cells = [String(i + 1), "nest-replace/1", reason, id, district!, category!, String(k + 1), next ?? ""];
      chain = hex(`${chain}\n${cells.join("\u001f")}`);
      entries.push([...cells, chain]);
    });
    expect(entries).toEqual(vector.entries);
  });

  it("nest's own rule gives the same entries", () => {
    const lines = vector.ledger
      .slice(1)
      .filter((r) => !r[6]!.startsWith("excluded"))
      .map(([id, district, category, , places, , outcome]) => ({
        id: id!,
        district: district!,
        category: category!,
        places: Number(places),
        outcome: outcome!,
      }));
    const root = hex([...ledgerRootText(vector.ledger)].join(""));
    const state = startState(groupsFromLedger(lines));
    for (const [reason, id] of vector.replacements) expect(replace(state, reason as ReplacementReason, id, root, hex).ok).toBe(true);
    expect(state.entries.map((e) => [...entryCells(e), e.chain])).toEqual(vector.entries);
  });
});
