import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { FIXTURES, run, tempDir } from "./helpers/run.js";

/**
 * nest's own outputs opened by a real spreadsheet: LibreOffice Calc, headless, importing the CSV with
 * "evaluate formulas" on (the worst case) and saving it as a flat ODS document, whose XML we read.
 * .ci/run installs LibreOffice (Debian's libreoffice-calc-nogui); without it these tests are skipped.
 */
const SOFFICE = ["soffice", "libreoffice"].find((cmd) => spawnSync(cmd, ["--version"], { encoding: "utf8" }).status === 0);
if (SOFFICE === undefined) console.warn("spreadsheet.test.ts: skipped: LibreOffice (soffice) is not installed; .ci/run installs it");

// Comma, double quote, UTF-8 (76), from line 1, no column types, en-US, quoted fields parsed, no special
// numbers, -, -, no space trimming, -, evaluate formulas.
const CSV_IMPORT = "CSV:44,34,76,1,,1033,false,false,false,false,false,-1,true";

/** The cells of a CSV as LibreOffice Calc reads it: their text, and how many are formulas. */
function openInCalc(csvPath: string): { formulas: string[]; texts: Set<string> } {
  const dir = tempDir();
  const result = spawnSync(
    SOFFICE!,
    [
      "--headless",
      "--norestore",
      `-env:UserInstallation=file://${join(dir, "profile")}`,
      `--infilter=${CSV_IMPORT}`,
      "--convert-to",
      "fods",
      "--outdir",
      dir,
      csvPath,
    ],
    { encoding: "utf8", timeout: 120_000 },
  );
  expect(result.status, result.stderr).toBe(0);
  const name = csvPath
    .split("/")
    .pop()!
    .replace(/\.csv$/, ".fods");
  const xml = readFileSync(join(dir, name), "utf8");
  const unescape = (s: string) =>
    s
      .replace(/&lt;/g, "<")
      .replace(/&gt;/g, ">")
      .replace(/&quot;/g, '"')
      .replace(/&apos;/g, "'")
      .replace(/&amp;/g, "&");
  const formulas = [...xml.matchAll(/table:formula="([^"]*)"/g)].map((m) => unescape(m[1]!));
  const texts = new Set([...xml.matchAll(/<text:p>([^<]*)<\/text:p>/g)].map((m) => unescape(m[1]!)));
  return { formulas, texts };
}

describe.skipIf(SOFFICE === undefined)("LibreOffice Calc opens nest's roster", () => {
  it("without running any cell as a formula, and with every name intact", async () => {
    const out = tempDir();
    await run(["draw", join(FIXTURES, "applicants.csv"), "--seed", "2018", "--out", out]);
    for (const file of ["roster.csv", "waitlist.csv", "excluded.csv"]) {
      const { formulas, texts } = openInCalc(join(out, file));
      expect(formulas, file).toEqual([]);
      const rows = parse(readFileSync(join(out, file)), { bom: true, columns: true }) as Record<string, string>[];
      for (const r of rows) {
        for (const column of ["First name", "Last name"]) if (r[column]) expect(texts.has(r[column]!), `${file}: ${r[column]}`).toBe(true);
      }
      expect([...texts].some((t) => t.includes("Nguyễn"))).toBe(true);
    }
  }, 180_000);

  it("while the same roster written with --no-formula-escape does run one (the check has teeth)", async () => {
    const out = tempDir();
    await run(["draw", join(FIXTURES, "applicants.csv"), "--seed", "2018", "--out", out, "--no-formula-escape"]);
    const { formulas } = openInCalc(join(out, "waitlist.csv"));
    expect(formulas.some((f) => f.includes("HYPERLINK"))).toBe(true);
  }, 180_000);
});
