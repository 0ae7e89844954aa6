import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { emailMaterial, PUBLIC_ID_KEY, type Keyed } from "../../src/core/applicant-ids.js";
import { lotteryNumber, ticketNumber, drawAll } from "../../src/core/draw.js";
import { CURRENT_EDITION, EDITIONS, type Edition } from "../../src/core/edition.js";
import { evaluateTable } from "../../src/core/evaluate.js";
import { resolveColumns } from "../../src/core/headers.js";
import type { Row, Table } from "../../src/core/table.js";
import { createEngine, type Judged } from "../../src/io/engine/engine.js";
import { Collected, duplicateFinder, judgePacked, type JudgePlan } from "../../src/io/engine/judge-rows.js";
import { settleCollected } from "../../src/io/engine/settle-collected.js";
import { parseExport } from "../../src/io/parse-export.js";
import { keyedHash } from "../../src/io/pseudonyms.js";
import { applicantRow, HEADERS } from "../helpers/applicant-rows.js";
import { makeConfig } from "../helpers/config.js";
import { gatherOrder, timestampFormatOf } from "../../src/core/date-order.js";
import { stringify } from "csv-stringify/sync";

/**
 * The engine (io/engine) judges rows in one thread or two; core/evaluate.ts is the plain reference. Whatever the
 * split between the threads, the applicants, their IDs and their lottery numbers are the reference's.
 */
const config = makeConfig();

function planFor(table: Table, edition: Edition, seed: string | null): JudgePlan {
  const columns = resolveColumns(table.headers, config, edition.headers === "meaning");
  if (!columns.ok) throw new Error(columns.issues.join("\n"));
  const pseudonyms = edition.ids === "pseudonym" && columns.columns.id === undefined;
  const stamp = columns.columns.timestamp;
  const stamps = stamp === undefined ? null : () => gatherOrder(table.rows.map((r) => ({ row: r.sheetRow, text: r.cells[stamp] ?? "" })));
  return {
    config,
    headers: table.headers,
    columns: columns.columns,
    algorithm: edition.algorithm,
    idKey: pseudonyms ? PUBLIC_ID_KEY : null,
    seed,
    timestampFormat: timestampFormatOf(edition.dateOrder, stamps, config.dateFormat),
  };
}

/** What the two-thread engine does, without the thread: rows [split, n) packed as the second thread sends them. */
function inTwoParts(table: Table, plan: JudgePlan, split: number): Judged {
  const { rows } = table;
  const n = rows.length;
  const collected = new Collected(n, plan);
  collected.judge(rows, 0, split);
  const theirs = structuredClone(judgePacked(rows, split, n, plan));
  // The second thread adds its own part's emails first, then this thread's.
  const finder = duplicateFinder(plan, (i) => rows[i]!, n);
  for (let k = 0; k < theirs.hasEmail.length; k++) if (theirs.hasEmail[k] === 1) finder.add(split + k, theirs.emailHash[k]!);
  for (let i = 0; i < split; i++) if (collected.hasEmail[i] === 1) finder.add(i, collected.emailHash[i]!);
  collected.receive(rows, theirs);
  return settleCollected(table, plan, collected, finder.earliest());
}

function reference(table: Table, edition: Edition) {
  const result = evaluateTable(table, config, { edition, keyed: keyedHash(PUBLIC_ID_KEY) });
  return result.ok ? { ok: true, applicants: result.applicants } : result;
}

const tables = fc
  .array(applicantRow, { minLength: 1, maxLength: 40 })
  .chain((cells) => fc.tuple(fc.constant(cells), fc.nat(cells.length), fc.constantFrom(...EDITIONS)));

describe("the engine judges as the reference does (property)", () => {
  it("the same applicants for any split between the threads, in every edition (duplicates, notes, exclusions, IDs)", () => {
    fc.assert(
      fc.property(tables, ([cells, split, edition]) => {
        const table = { headers: HEADERS, rows: cells.map((c, i): Row => ({ line: i + 2, sheetRow: i + 2, cells: c })) };
        const judged = inTwoParts(table, planFor(table, edition, null), split);
        expect(judged.ok && { ok: true, applicants: judged.applicants }).toEqual(reference(table, edition));
      }),
      { numRuns: 300 },
    );
  });

  it("with an ID column: the same applicants, or the same problems with IDs", () => {
    const headers = ["Response ID", ...HEADERS];
    const ids = fc.array(fc.constantFrom("x-1", "x-2", "x-3", "", "a\tb", "y"), { minLength: 40, maxLength: 40 });
    fc.assert(
      fc.property(tables, ids, ([cells, split, edition], idCells) => {
        const table = { headers, rows: cells.map((c, i): Row => ({ line: i + 2, sheetRow: i + 2, cells: [idCells[i]!, ...c] })) };
        const judged = inTwoParts(table, planFor(table, edition, null), split);
        expect(judged.ok ? { ok: true, applicants: judged.applicants } : judged).toEqual(reference(table, edition));
      }),
      { numRuns: 200 },
    );
  });

  it("lottery numbers worked out while judging, in one part or two, are the algorithm's, and draw what the draw works out itself", () => {
    fc.assert(
      fc.property(tables, fc.constantFrom("1", "seed", "2018-06-14 dice"), ([cells, split, edition], seed) => {
        const table = { headers: HEADERS, rows: cells.map((c, i): Row => ({ line: i + 2, sheetRow: i + 2, cells: c })) };
        const judged = inTwoParts(table, planFor(table, edition, seed), split);
        if (!judged.ok || judged.numbers === null) throw new Error("not judged with numbers");
        const draws = drawAll(edition.algorithm, judged.applicants, config, seed, judged.numbers);
        expect(draws).toEqual(drawAll(edition.algorithm, judged.applicants, config, seed));
        for (const d of draws)
          for (const t of d.tickets) expect(ticketNumber(t)).toBe(lotteryNumber(edition.algorithm, seed, d.districtId, t.id));
      }),
      { numRuns: 200 },
    );
  });
});

describe("IDs that would be equal (the engine works their lottery numbers out again)", () => {
  it("gives the reference's long IDs, and the algorithm's numbers for them", () => {
    const real = keyedHash(PUBLIC_ID_KEY);
    const colliding: Keyed = (material) => {
      const hash = Buffer.from(real(material));
      if (material === emailMaterial("a@example.org") || material === emailMaterial("b@example.org")) hash.fill(0x5a, 0, 8);
      return hash;
    };
    const row = (email: string, i: number) => [`6/1/2018 9:0${i}:00`, email, "1/1/1960", "3", "", "", "Educator", "n"];
    const cells = ["a@example.org", "c@example.org", "b@example.org", "d@example.org"].map(row);
    const table = { headers: HEADERS, rows: cells.map((c, i): Row => ({ line: i + 2, sheetRow: i + 2, cells: c })) };
    const reference = evaluateTable(table, config, { edition: CURRENT_EDITION, keyed: colliding });
    if (!reference.ok) throw new Error("reference");
    {
      const plan = planFor(table, CURRENT_EDITION, "seed");
      const n = table.rows.length;
      const collected = new Collected(n, plan, colliding);
      collected.judge(table.rows, 0, n);
      const finder = duplicateFinder(plan, (i) => table.rows[i]!, n);
      collected.addEmails(finder, 0, n);
      const judged = settleCollected(table, plan, collected, finder.earliest(), colliding);
      if (!judged.ok || judged.numbers === null) throw new Error("judged");
      expect(judged.applicants).toEqual(reference.applicants);
      expect(judged.applicants.filter((a) => a.id.length === 27)).toHaveLength(2);
      const draws = drawAll(CURRENT_EDITION.algorithm, judged.applicants, config, "seed", judged.numbers);
      for (const t of draws.flatMap((d) => d.tickets))
        expect(ticketNumber(t)).toBe(lotteryNumber(CURRENT_EDITION.algorithm, "seed", "3", t.id));
    }
  });
});

describe("the engines themselves", () => {
  /** A table read from CSV bytes in shared memory, as io/read-input.ts reads a regular file. */
  function sharedTable(cells: string[][]): { table: Table; bytes: Uint8Array } {
    const text = Buffer.from(stringify([HEADERS, ...cells]));
    const bytes = Buffer.from(new SharedArrayBuffer(text.length));
    text.copy(bytes);
    const parsed = parseExport(bytes, "test.csv");
    return { table: { headers: parsed.headers, rows: parsed.rows }, bytes };
  }

  it.each([
    ["one thread", Number.MAX_SAFE_INTEGER],
    ["two threads (the worker runs from src/, through tsx)", 1],
  ])("%s: the reference's applicants, and the algorithm's numbers", async (_, parallelBytes) => {
    const cells = fc.sample(fc.array(applicantRow, { minLength: 30, maxLength: 30 }), { numRuns: 1, seed: 7 })[0]!;
    const { table, bytes } = sharedTable(cells);
    const engine = await createEngine(bytes, parallelBytes);
    try {
      expect((await engine.digest(bytes, 0)()).sha256).toMatch(/^[0-9a-f]{64}$/);
      const judged = await engine.judge(table, planFor(table, CURRENT_EDITION, "s"), null);
      if (!judged.ok) throw new Error(judged.issues.join("\n"));
      expect({ ok: true, applicants: judged.applicants }).toEqual(reference(table, CURRENT_EDITION));
      expect(drawAll(CURRENT_EDITION.algorithm, judged.applicants, config, "s", judged.numbers!)).toEqual(
        drawAll(CURRENT_EDITION.algorithm, judged.applicants, config, "s"),
      );
    } finally {
      engine.close();
    }
  });
});
