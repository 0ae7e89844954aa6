import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import { strFromU8, unzipSync } from "fflate";
import readExcelFile from "read-excel-file/node";
import { describe, expect, it } from "vitest";
import { restoreFormula } from "../../src/io/format-csv.js";
import { compareResultsWorkbook, escapeXstring, resultsWorkbook } from "../../src/io/results-xlsx.js";
import { FIXTURES, run, tempDir } from "../helpers/run.js";

/** A CSV file of a draw as cells, the formula guard taken off (nest-draw/5 writes guard 3). */
function csvCells(path: string): string[][] {
  return (parse(readFileSync(path), { bom: true, relax_column_count: true }) as string[][]).map((row) =>
    row.map((c) => restoreFormula(c, 3)),
  );
}

async function drawWithWorkbook() {
  const out = join(tempDir(), "draw");
  const result = await run(["draw", join(FIXTURES, "applicants.csv"), "--seed", "2018", "--out", out, "--xlsx"]);
  expect(result.code, result.stderr).toBe(0);
  return out;
}

describe("results.xlsx (nest draw --xlsx)", () => {
  it("holds the four files as sheets of text cells, exactly their cells, and is the same bytes every time", async () => {
    const out = await drawWithWorkbook();
    const bytes = readFileSync(join(out, "results.xlsx"));
    const sheets = await readExcelFile(bytes, { trim: false });
    expect(sheets.map((s) => s.sheet)).toEqual(["Roster", "Waitlist", "Excluded", "Ledger"]);
    for (const [sheet, file] of [
      ["Roster", "roster.csv"],
      ["Waitlist", "waitlist.csv"],
      ["Excluded", "excluded.csv"],
      ["Ledger", "ledger.csv"],
    ] as const) {
      const rows = sheets.find((s) => s.sheet === sheet)!.data.map((r) => r.map((v) => (v === null ? "" : v)));
      const expected = csvCells(join(out, file));
      expect(rows.length, sheet).toBe(expected.length);
      // Every cell a string: the text, not a number or a date a spreadsheet made of it.
      rows.forEach((row, i) => expect(row.slice(0, expected[i]!.length), `${sheet} row ${i + 1}`).toEqual(expected[i]));
    }
    // No formula in any sheet: the fixture's =HYPERLINK(…) answer is a text cell.
    const parts = unzipSync(new Uint8Array(bytes));
    const xml = Object.entries(parts)
      .filter(([name]) => name.startsWith("xl/"))
      .map(([, part]) => strFromU8(part))
      .join("");
    expect(xml).toContain("HYPERLINK");
    expect(xml).not.toMatch(/<f[ >]/);
    const again = await drawWithWorkbook();
    expect(readFileSync(join(again, "results.xlsx")).equals(bytes)).toBe(true);
  });

  it("verifies with the draw, fails when a cell of it was changed, and is not required", async () => {
    const out = await drawWithWorkbook();
    const verified = await run(["verify", out]);
    expect(verified.code, verified.stderr).toBe(0);
    expect(verified.stderr).toContain("audit.json, results.xlsx all match");
    // The same sheets with one name changed in the roster.
    const sheets = (await readExcelFile(readFileSync(join(out, "results.xlsx")), { trim: false })).map((s) => ({
      sheet: s.sheet,
      rows: s.data.map((r) => r.map((v) => (v === null ? "" : String(v)))),
    }));
    sheets[0]!.rows[3]![6] = "Someone Else";
    writeFileSync(join(out, "results.xlsx"), await resultsWorkbook(sheets));
    const edited = await run(["verify", out]);
    expect(edited.code).toBe(1);
    expect(edited.stderr).toContain("results.xlsx: sheet Roster row 4 differs from the recomputed roster.csv");
    rmSync(join(out, "results.xlsx"));
    expect((await run(["verify", out])).code).toBe(0);
  });

  it("goes with the draw it was made with: a draw again without --xlsx leaves none behind", async () => {
    const out = await drawWithWorkbook();
    const again = await run(["draw", join(FIXTURES, "applicants.csv"), "--seed", "7", "--out", out, "--force"]);
    expect(again.code, again.stderr).toBe(0);
    expect(existsSync(join(out, "results.xlsx"))).toBe(false);
  });

  it("keeps text that looks like the workbook's own escapes, and characters XML cannot hold, as they are", async () => {
    const cells = ["_x0041_", "a_x005F_b", "bell\u0007", "", "  spaced  ", "=1+1", "L00ff00ff00ff00ff", "0123"];
    expect(escapeXstring("_x0041_")).toBe("_x005F_x0041_");
    expect(escapeXstring("bell\u0007")).toBe("bell_x0007_");
    const sheets = [{ sheet: "Roster", rows: [["Header", "More"], cells] }];
    const bytes = await resultsWorkbook(sheets);
    expect(await compareResultsWorkbook(bytes, sheets)).toEqual([]);
    const read = await readExcelFile(bytes, { trim: false });
    expect(read[0]!.data[1]!.map((v) => (v === null ? "" : v))).toEqual(cells);
  });
});

describe("results.xlsx and line breaks", () => {
  it("keeps a carriage return, which XML would read back as a line feed", async () => {
    const sheets = [{ sheet: "Roster", rows: [["Header"], ["help\r\nbuild"], ["cr\ronly"]] }];
    const bytes = await resultsWorkbook(sheets);
    expect(await compareResultsWorkbook(bytes, sheets)).toEqual([]);
  });
});
