import { describe, expect, it } from "vitest";
import { emailMaterial, formatPseudonym, LONG_PSEUDONYM, type Keyed } from "../../src/core/applicant-ids.js";
import { CURRENT_EDITION } from "../../src/core/edition.js";
import { evaluateTable } from "../../src/core/evaluate.js";
import { keyedHash } from "../../src/io/pseudonyms.js";
import { makeConfig } from "../helpers/config.js";
import { rowsOf, TEST_KEY } from "../helpers/evaluate.js";

/** core/settle.ts: the IDs the whole file decides (docs/ALGORITHM.md §2). */
const HEADERS = ["Timestamp", "Email Address", "Police district", "Which group would you represent?", "Age"];
const real = keyedHash(TEST_KEY);

/** The real keyed hash, but a@ and b@ share their first 60 bits (and differ after): their short IDs are equal. */
const colliding: Keyed = (material) => {
  const hash = Buffer.from(real(material));
  if (material === emailMaterial("a@example.org") || material === emailMaterial("b@example.org")) hash.fill(0x5a, 0, 8);
  return hash;
};

function ids(rows: string[][], keyed: Keyed = real): string[] {
  const result = evaluateTable({ headers: HEADERS, rows: rowsOf(...rows) }, makeConfig(), { edition: CURRENT_EDITION, keyed });
  if (!result.ok) throw new Error(result.issues.join("\n"));
  return result.applicants.map((a) => a.id);
}

const row = (time: string, email: string) => [time, email, "3", "Educator", ""];

describe("pseudonyms the whole file decides", () => {
  it("a later copy of an address is keyed by the address and which copy it is, and says nothing of the first", () => {
    const [first, second, third] = ids([
      row("6/1/2018 9:00", "A@example.org"),
      row("6/2/2018 9:00", "a@example.org "),
      row("6/3/2018 9:00", "a@example.org"),
    ]);
    expect(first).toBe(formatPseudonym(real(emailMaterial("a@example.org"))));
    expect(second).toBe(formatPseudonym(real(emailMaterial("a@example.org", 2))));
    expect(third).toBe(formatPseudonym(real(emailMaterial("a@example.org", 3))));
    expect(second!.startsWith(first!)).toBe(false);
  });

  it("identical rows without an address are told apart by their order; line breaks in a cell count as LF however written", () => {
    const [a, b, c] = ids([
      ["6/1/2018 9:00", "", "3", "Educator", ""],
      ["6/1/2018 9:00", "", "3", "Educator", ""],
      ["6/1/2018 9:00", "", "3", "Educator", ""],
    ]);
    expect(new Set([a, b, c]).size).toBe(3);
    expect(ids([["x\r\ny", "", "3", "Educator", ""]])).toEqual(ids([["x\ny", "", "3", "Educator", ""]]));
  });

  it("two IDs that would be equal both take the long form, and nobody else's changes", () => {
    const rows = [row("6/1/2018 9:00", "a@example.org"), row("6/1/2018 9:01", "c@example.org"), row("6/1/2018 9:02", "b@example.org")];
    const [a, c, b] = ids(rows, colliding);
    expect(a).toBe(formatPseudonym(colliding(emailMaterial("a@example.org")), LONG_PSEUDONYM));
    expect(b).toBe(formatPseudonym(colliding(emailMaterial("b@example.org")), LONG_PSEUDONYM));
    expect(a).toHaveLength(27);
    expect(a).not.toBe(b);
    expect(c).toBe(ids(rows)[1]);
    // The one exception to "another row changes nothing": without b, a's ID is short again.
    expect(ids([rows[0]!], colliding)[0]).toHaveLength(13);
  });
});
