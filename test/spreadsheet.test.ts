import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { formatCsv } from "../src/io/csv-stream.js";
import { FIXTURES, run, tempDir } from "./helpers/run.js";

/**
 * nest's own outputs opened by a real spreadsheet: LibreOffice Calc, headless, importing the CSV with
 * "evaluate formulas" on (the worst case) and saving it as a flat ODS document, whose XML we read.
 * .ci/run installs LibreOffice (Debian's libreoffice-calc-nogui); without it these tests are skipped.
 */
const SOFFICE = ["soffice", "libreoffice"].find((cmd) => spawnSync(cmd, ["--version"], { encoding: "utf8" }).status === 0);
if (SOFFICE === undefined) console.warn("spreadsheet.test.ts: skipped: LibreOffice (soffice) is not installed; .ci/run installs it");

/**
 * LibreOffice's CSV import settings: separator (44 comma, 59 semicolon, 9 tab, 32 space), double quote, UTF-8
 * (76), from line 1, no column types, en-US, quoted fields parsed, no special numbers, -, -, space trimming or
 * not, -, evaluate formulas.
 */
const csvImport = (separator: number, trim = false) => `CSV:${separator},34,76,1,,1033,false,false,false,false,${trim},-1,true`;
const CSV_IMPORT = csvImport(44);

/** The cells of a CSV as LibreOffice Calc reads it: their text, and how many are formulas. */
function openInCalc(csvPath: string, filter = CSV_IMPORT): { formulas: string[]; texts: Set<string> } {
  const dir = tempDir();
  const result = spawnSync(
    SOFFICE!,
    [
      "--headless",
      "--norestore",
      `-env:UserInstallation=file://${join(dir, "profile")}`,
      `--infilter=${filter}`,
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

/**
 * Cells that hide a formula after a separator: a semicolon-locale import, or LibreOffice's dialog set to tabs or
 * spaces, splits them and, with quotes no longer keeping a cell whole, would run what follows (issue #11.1).
 */
const HIDDEN = [
  "Hi;=2+2;x",
  'a\t=HYPERLINK("http://evil.example","x")',
  "Hi =1+1",
  "x; =3+3",
  "line\n=4+4",
  "call me @ 5pm; -2+3",
  "Smith - Jones =5+5",
];

describe.skipIf(SOFFICE === undefined)("LibreOffice Calc importing on semicolons, tabs or spaces", () => {
  const IMPORTS = [
    ["comma", csvImport(44)],
    ["semicolon", csvImport(59)],
    ["semicolon, trimming spaces", csvImport(59, true)],
    ["tab", csvImport(9)],
    ["tab, trimming spaces", csvImport(9, true)],
    ["space", csvImport(32)],
  ] as const;

  /** The fixture with HIDDEN's cells in the free-text column, the first rows' names and a neighborhood. */
  function hostileExport(): string {
    const lines = readFileSync(join(FIXTURES, "applicants.csv"), "utf8").split("\n");
    const rows = parse(lines.join("\n"), { columns: false }) as string[][];
    const quote = (c: string) => (/[",\r\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c);
    rows.slice(1).forEach((r, i) => {
      r[10] = HIDDEN[i % HIDDEN.length]!;
      if (i < HIDDEN.length) r[2] = HIDDEN[(i + 3) % HIDDEN.length]!;
    });
    const path = join(tempDir(), "hostile.csv");
    writeFileSync(path, rows.map((r) => r.map(quote).join(",")).join("\r\n") + "\r\n");
    return path;
  }

  it("no cell of nest's files runs as a formula, whatever the separator", async () => {
    const out = tempDir();
    const result = await run(["draw", hostileExport(), "--seed", "2018", "--out", out]);
    expect(result.code, result.stderr).toBe(0);
    for (const file of ["roster.csv", "waitlist.csv", "excluded.csv"]) {
      for (const [name, filter] of IMPORTS) expect(openInCalc(join(out, file), filter).formulas, `${file}, ${name} import`).toEqual([]);
    }
  }, 600_000);

  it("while the same cells written with nest-draw/2's guard do run (the check has teeth)", () => {
    const path = join(tempDir(), "guard-1.csv");
    writeFileSync(path, formatCsv([["ID", "Note"], ...HIDDEN.map((h, i) => [`N${i}`, h])], { bom: true, guard: 1 }));
    const ran = IMPORTS.filter(([, filter]) => openInCalc(path, filter).formulas.length > 0).map(([name]) => name);
    expect(ran).toEqual(expect.arrayContaining(["semicolon", "tab", "space"]));
    const now = join(tempDir(), "guard-2.csv");
    writeFileSync(now, formatCsv([["ID", "Note"], ...HIDDEN.map((h, i) => [`N${i}`, h])], { bom: true, guard: 2 }));
    for (const [name, filter] of IMPORTS) expect(openInCalc(now, filter).formulas, name).toEqual([]);
  }, 600_000);
});
