import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { EDITIONS, formulaGuardOf } from "../../src/core/edition.js";
import { checkLedger } from "../../src/core/ledger.js";
import { restoreFormula } from "../../src/io/format-csv.js";
import { ROOT } from "../helpers/run.js";

const readings = EDITIONS.map((e) => ({
  algorithm: e.algorithm,
  readBack: (cell: string) => restoreFormula(cell, formulaGuardOf(e, true)),
  lotteryNumbers: e.lotteryNumbers,
  seeds: e.seeds,
}));

function ledgerOf(version: string, draw: string) {
  const [header, ...rows] = parse(readFileSync(join(ROOT, "test", "golden", version, draw, "draw", "ledger.csv")), {
    bom: true,
  }) as string[][];
  return { header: header!, rows: rows.map((cells, i) => ({ row: i + 2, cells })) };
}

describe("checkLedger: which algorithm a ledger is read with (review of 0.4.0)", () => {
  it("with the right seed, the one whose numbers it finds", () => {
    const { header, rows } = ledgerOf("0.3.0", "fixture");
    expect(checkLedger(header, rows, "2018", readings)).toMatchObject({ ok: true, algorithm: "nest-draw/3" });
  });

  it("with a wrong seed, the newest that writes numbers as the ledger does, not nest-draw/6 for a ledger of digits", () => {
    const hex = ledgerOf("0.3.0", "fixture");
    expect(checkLedger(hex.header, hex.rows, "9", readings)).toMatchObject({ ok: false, algorithm: "nest-draw/3" });
    const lettered = ledgerOf("0.4.0", "fixture");
    // "L" and 16 hex digits: nest-draw/4 to /6 write them so; the newest is named.
    expect(checkLedger(lettered.header, lettered.rows, "9", readings)).toMatchObject({ ok: false, algorithm: "nest-draw/6" });
  });
});
