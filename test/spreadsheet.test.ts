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
 * LibreOffice's CSV import settings: separator (44 comma, 59 semicolon, 9 tab, 32 space), text delimiter (34 double
 * quote, the default; 39 "'", the dialog's other choice), UTF-8 (76), from line 1, no column types, en-US, quoted
 * fields parsed, no special numbers, -, -, space trimming or not, -, evaluate formulas.
 */
const csvImport = (separator: number, trim = false, quote = 34) =>
  `CSV:${separator},${quote},76,1,,1033,false,false,false,false,${trim},-1,true`;
const CSV_IMPORT = csvImport(44);

/** LibreOffice Calc, headless, importing a CSV with `filter` and converting it to `target`, into a fresh folder. */
function convertInCalc(csvPath: string, filter: string, target: string): string {
  const dir = tempDir();
  const result = spawnSync(
    SOFFICE!,
    [
      "--headless",
      "--norestore",
      `-env:UserInstallation=file://${join(dir, "profile")}`,
      `--infilter=${filter}`,
      "--convert-to",
      target,
      "--outdir",
      dir,
      csvPath,
    ],
    { encoding: "utf8", timeout: 120_000 },
  );
  expect(result.status, result.stderr).toBe(0);
  return dir;
}

/** The cells of a CSV as LibreOffice Calc reads it: their text, and how many are formulas. */
function openInCalc(csvPath: string, filter = CSV_IMPORT): { formulas: string[]; texts: Set<string> } {
  const dir = convertInCalc(csvPath, filter, "fods");
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
    // A seed that seats a Nguyễn (under nest-draw/6 seed 2018 seats none), so that every file has one to check.
    await run(["draw", join(FIXTURES, "applicants.csv"), "--seed", "2020", "--out", out]);
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
    // The fixture's applicant who answered with a HYPERLINK formula is seated or waitlisted, as the draw falls.
    const formulas = ["roster.csv", "waitlist.csv"].flatMap((file) => openInCalc(join(out, file)).formulas);
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

/**
 * Cells whose guarded part is followed by a "'": an import taking "'" as its text delimiter makes a quoted cell
 * from a "'" at a cell's start to a later one (in the same cell of nest's, or further on the line), and guard 2's
 * single "'" then opens the quotes right before the formula (review of issue #11.1). The last two close the quotes
 * in the next cell (on a line of its own after a line break, where the import does not know the cell's double quotes).
 * Such an import also splits a cell of nest's on its commas: "a,=2+2", written "\"a,=2+2\"", gives the cell "=2+2\"".
 */
const QUOTED = [
  "x;=1+1';y",
  "a =1+1' b",
  "' =1+1'",
  "p\n=1+1',x",
  "a\t=1+1'\tb",
  "=1+1",
  "x' y",
  "q;@SUM(1)",
  "r'",
  "s\n=1+1",
  "a,=2+2",
  "b, @SUM(1)",
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
    const hostile = [...HIDDEN, ...QUOTED];
    rows.slice(1).forEach((r, i) => {
      r[10] = hostile[i % hostile.length]!;
      if (i < hostile.length) r[2] = hostile[(i + 3) % hostile.length]!;
    });
    const path = join(tempDir(), "hostile.csv");
    writeFileSync(path, rows.map((r) => r.map(quote).join(",")).join("\r\n") + "\r\n");
    return path;
  }

  it("no cell of nest's files runs as a formula, whatever the separator and text delimiter", async () => {
    const out = tempDir();
    const result = await run(["draw", hostileExport(), "--seed", "2018", "--out", out]);
    expect(result.code, result.stderr).toBe(0);
    const imports = [
      ...IMPORTS,
      ...[44, 59, 9, 32].map((separator) => [`separator ${separator}, text delimiter '`, csvImport(separator, true, 39)] as const),
    ];
    for (const file of ["roster.csv", "waitlist.csv", "excluded.csv"]) {
      for (const [name, filter] of imports) expect(openInCalc(join(out, file), filter).formulas, `${file}, ${name} import`).toEqual([]);
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

describe.skipIf(SOFFICE === undefined)("LibreOffice Calc taking ' as its text delimiter", () => {
  const IMPORTS = [44, 59, 9, 32].flatMap((separator) =>
    [false, true].map((trim) => [`separator ${separator}${trim ? ", trimming spaces" : ""}`, csvImport(separator, trim, 39)] as const),
  );
  const table = [["ID", "Note", "More"], ...QUOTED.map((h, i) => [`N${i}`, h, QUOTED[(i + 1) % QUOTED.length]!])];

  it("runs formulas in guard 2's cells, and none in guard 3's (nest-draw/4)", () => {
    const before = join(tempDir(), "guard-2.csv");
    writeFileSync(before, formatCsv(table, { bom: true, guard: 2 }));
    const ran = IMPORTS.filter(([, filter]) => openInCalc(before, filter).formulas.length > 0).map(([name]) => name);
    expect(ran).toEqual(expect.arrayContaining(["separator 44", "separator 59", "separator 9", "separator 32"]));
    const now = join(tempDir(), "guard-3.csv");
    writeFileSync(now, formatCsv(table, { bom: true, guard: 3 }));
    for (const [name, filter] of IMPORTS) expect(openInCalc(now, filter).formulas, name).toEqual([]);
  }, 600_000);
});

/** A CSV opened in LibreOffice Calc (comma import, as above) and saved again as CSV (UTF-8, commas, double quotes). */
function saveAgainInCalc(csvPath: string): string {
  return join(convertInCalc(csvPath, CSV_IMPORT, "csv:Text - txt - csv (StarCalc):44,34,76,1"), csvPath.split("/").pop()!);
}

describe.skipIf(SOFFICE === undefined)("a ledger opened in LibreOffice Calc and saved again (issue #13.3)", () => {
  it("still verifies: its lottery numbers stay text", async () => {
    const out = tempDir();
    await run(["draw", join(FIXTURES, "applicants.csv"), "--seed", "2018", "--out", out]);
    const copy = saveAgainInCalc(join(out, "ledger.csv"));
    expect(readFileSync(copy, "utf8")).toMatch(/,"?L[0-9a-f]{16}"?,/);
    const result = await run(["verify", "--ledger", copy, "--seed", "2018"]);
    expect(result.stderr).toMatch(/^verified: /);
    expect(result.code).toBe(0);
  }, 180_000);

  it("still carries its record of replacements, saved again too (issue #13)", async () => {
    const out = tempDir();
    await run(["draw", join(FIXTURES, "applicants.csv"), "--seed", "2018", "--out", out]);
    const roster = parse(readFileSync(join(out, "roster.csv")), { bom: true, columns: true }) as Record<string, string>[];
    const seated = roster.filter((r) => r.District === "1").map((r) => r["Applicant ID"]!);
    expect((await run(["replace", out, "--declined", seated[0]!, "--no-reply", seated[2]!])).code).toBe(0);
    const ledger = saveAgainInCalc(join(out, "ledger.csv"));
    const record = saveAgainInCalc(join(out, "replacements.csv"));
    expect(readFileSync(ledger)).not.toEqual(readFileSync(join(out, "ledger.csv")));
    const result = await run(["verify", "--ledger", ledger, "--replacements", record, "--seed", "2018"]);
    expect(result.stderr).toMatch(/2 replacements replayed/);
    expect(result.code).toBe(0);
  }, 180_000);

  it("while numbers written as digits alone come back changed (the check has teeth)", () => {
    // 16 hex digits that are all decimal digits, or digits, an "e" and digits: a number to a spreadsheet. LibreOffice
    // keeps 17 significant digits (Excel 15), and writes a large exponent its own way.
    const numbers = ["9876543210123457", "123456789012e123", "5668273934224792"];
    const path = join(tempDir(), "numbers.csv");
    writeFileSync(path, formatCsv([["Lottery number", "With L"], ...numbers.map((n) => [n, `L${n}`])], { bom: true, guard: 3 }));
    const back = parse(readFileSync(saveAgainInCalc(path)), { bom: true }) as string[][];
    expect(back.slice(1).map((r) => r[1])).toEqual(numbers.map((n) => `L${n}`));
    expect(back[1]![0]).not.toBe(numbers[0]);
    expect(back[2]![0]).not.toBe(numbers[1]);
  }, 180_000);
});

describe.skipIf(SOFFICE === undefined)("a day/month sheet saved as .xlsx by LibreOffice Calc in English (UK)", () => {
  it("is read as day/month with no flag: its dates are date cells, where the same CSV stops nest", async () => {
    const dir = tempDir();
    const csv = join(dir, "uk.csv");
    // Cy's 6/7/2000 is 6 July: 17 at the sessions (June 2018). Read month-first it would be 7 June, and Cy 18.
    writeFileSync(
      csv,
      "Timestamp,Email Address,Date of birth,ZIP code,Which group would you represent?\n" +
        "13/05/2018 10:00:00,ana@x.org,4/3/1990,95817,Faith community\n" +
        "14/05/2018 11:30:00,cy@x.org,6/7/2000,95817,Youth\n" +
        "15/05/2018 09:15:00,di@x.org,2/1/1999,95817,Youth\n",
    );
    const asCsv = await run(["check", csv]);
    expect(asCsv.code).toBe(2);
    expect(asCsv.stderr).toContain("--date-format");
    // English (UK) is language 2057; "true" in the eighth place detects dates, as opening the file in Calc does.
    const converted = convertInCalc(csv, "CSV:44,34,76,1,,2057,false,true,false,false,false,-1,true", "xlsx");
    const asXlsx = await run(["check", join(converted, "uk.xlsx"), "--json"]);
    expect(asXlsx.code, asXlsx.stderr).toBe(0);
    const report = JSON.parse(asXlsx.stdout);
    expect(report.counts).toMatchObject({ records: 3, eligible: 2 });
    expect(report.problems).toContainEqual(expect.objectContaining({ row: 3, code: "AGE_NOT_ELIGIBLE" }));
  });
});

describe.skipIf(SOFFICE === undefined)("results.xlsx opened in LibreOffice Calc (issue #13.3)", () => {
  it("shows every roster cell as nest wrote it: no formula run, no number or date made of text", async () => {
    const out = tempDir();
    const drawn = await run(["draw", join(FIXTURES, "applicants.csv"), "--seed", "2018", "--out", out, "--xlsx", "--no-formula-escape"]);
    expect(drawn.code, drawn.stderr).toBe(0);
    // Calc opens the workbook and saves its first sheet, Roster, as CSV (UTF-8, comma, every cell quoted as text).
    const dir = convertInCalc(join(out, "results.xlsx"), "Calc MS Excel 2007 XML", "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,true");
    const shown = parse(readFileSync(join(dir, "results.csv")), { relax_column_count: true }) as string[][];
    const written = parse(readFileSync(join(out, "roster.csv")), { bom: true }) as string[][];
    expect(shown.map((r) => r.slice(0, written[0]!.length))).toEqual(written);
  }, 180_000);
});
