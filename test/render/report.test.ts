import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { runInNewContext } from "node:vm";
import { describe, expect, it } from "vitest";
import type { Counts } from "../../src/core/audit.js";
import { drawDistrict, type Entrant } from "../../src/core/draw.js";
import { CURRENT_EDITION, editionOf, seedUsed } from "../../src/core/edition.js";
import { ledgerRows } from "../../src/core/ledger.js";
import { formatReport, formatReportText, type ReportInput } from "../../src/render/report.js";
import { REPORT_SCRIPT_6 } from "../../src/render/report/nest-draw-6.script.js";
import { ROOT } from "../helpers/run.js";

/** What report.html's frozen script offers (page-6.ts), run as a browser would run it, without a page. */
interface PageApi {
  checkRows: (
    rows: string[][],
    seed: string,
    algorithm: string,
    guard: number,
  ) => { ok: boolean; differences?: string[]; applicants?: number };
  parseCsv: (text: string) => string[][];
  compareFigures: (data: Pick<PageData, "figures" | "excluded">, rows: string[][]) => string[];
  verdict: (data: PageData, rows: string[][], seed: string, what: string, guard: number) => { ok: boolean; lines: string[] };
}
interface PageData {
  algorithm: string;
  seed: string;
  guard: number;
  ledger: string[][];
  figures: [string, string, number, number][];
  excluded: number;
}
function pageApi(): PageApi {
  const sandbox: Record<string, unknown> = {};
  sandbox.globalThis = sandbox;
  runInNewContext(REPORT_SCRIPT_6, sandbox);
  return sandbox.nestReport as PageApi;
}

interface Vector {
  algorithm: string;
  seed: string;
  district: string;
  places: Record<string, number>;
  applicants: Entrant[];
}
const doc = readFileSync(join(ROOT, "docs", "ALGORITHM.md"), "utf8");
const vectors = JSON.parse(/## 8\. Test vectors[\s\S]*?```json\n([\s\S]*?)```/.exec(doc)![1]!) as Vector[];

/** The page's figures as a ledger's rows give them (report-6.ts takes them from the draw's counts). */
function figuresOf(ledger: string[][]): Pick<PageData, "figures" | "excluded"> {
  const figures = new Map<string, [string, string, number, number]>();
  for (const r of ledger.slice(1)) {
    if (r[6]!.startsWith("excluded")) continue;
    const key = `${r[1]}/${r[2]}`;
    const f = figures.get(key) ?? [r[1]!, r[2]!, 0, Number(r[4])];
    f[2]++;
    figures.set(key, f);
  }
  return { figures: [...figures.values()], excluded: ledger.filter((r) => r[6]!.startsWith("excluded")).length };
}

/** A ledger as core writes it (values, header first) for one district's entrants. */
function ledgerOf(algorithm: string, seed: string, district: string, places: Record<string, number>, entrants: readonly Entrant[]) {
  const strata = Object.entries(places).map(([categoryId, n]) => ({ categoryId, places: n }));
  const draw = drawDistrict(algorithm, district, entrants, strata, seedUsed(editionOf(algorithm)!, seed));
  const config = { categories: strata.map((s) => ({ id: s.categoryId, name: s.categoryId })) };
  return [...ledgerRows([], [draw], config as never, editionOf(algorithm)!)];
}

describe("report.html's frozen checking script (nest-draw/6)", () => {
  it("is the committed bundle, byte for byte: a draw's page never changes (regenerating it is a new edition's script)", () => {
    expect(createHash("sha256").update(REPORT_SCRIPT_6).digest("hex")).toBe(FROZEN_SCRIPT_SHA256);
  });

  it("can be inlined and names nothing of the machine that bundled it: no </script, no <!--, no absolute path, ASCII only", () => {
    expect(REPORT_SCRIPT_6).not.toMatch(/<\/script|<!--/i);
    expect(REPORT_SCRIPT_6).not.toMatch(/\/(work|home|tmp|Users)\/|[A-Z]:\\\\/);
    expect(REPORT_SCRIPT_6).not.toMatch(/[^\x00-\x7f]/);
    expect(REPORT_SCRIPT_6).not.toMatch(/\b20\d\d-\d\d-\d\dT/); // no build time
  });

  it.each(vectors.filter((v) => v.algorithm === "nest-draw/6").map((v) => [v.seed, v] as const))(
    "recomputes core's lottery numbers and outcomes for docs/ALGORITHM.md's vector, seed %j",
    (_, v) => {
      const ledger = ledgerOf(v.algorithm, v.seed, v.district, v.places, v.applicants);
      expect(pageApi().checkRows(ledger, v.seed, v.algorithm, 0)).toMatchObject({ ok: true, applicants: v.applicants.length });
    },
  );

  it("agrees with core on many entrants, seeds and districts, and catches a number, an outcome or a row changed", () => {
    const api = pageApi();
    const seeds = ["1", "dice 4 1 6", "  spaced  ", "Ünïcode — 東京", "x".repeat(300)];
    for (const [k, seed] of seeds.entries()) {
      const entrants: Entrant[] = Array.from({ length: 40 }, (_, i) => ({
        id: `N${(i * 7919 + k).toString(36).toUpperCase()}`,
        categories: [["a"], ["b", "a"], ["c", "b", "a"], ["a", "c"]][i % 4]!,
      }));
      const ledger = ledgerOf("nest-draw/6", seed, `d${k}`, { a: 3, b: 2, c: 5 }, entrants);
      expect(api.checkRows(ledger, seed, "nest-draw/6", 0), seed).toMatchObject({ ok: true, applicants: 40 });
      const number = ledger.map((r) => [...r]);
      number[3]![5] = "L0000000000000000";
      expect(api.checkRows(number, seed, "nest-draw/6", 0).differences?.[0]).toMatch(
        /^row 4 \(.*\): lottery number L0{16}, recomputed L[0-9a-f]{16}$/,
      );
      const outcome = ledger.map((r) => [...r]);
      outcome[1]![6] = outcome[1]![6] === "seated 1" ? "waitlist 1" : "seated 1";
      expect(api.checkRows(outcome, seed, "nest-draw/6", 0).differences?.[0]).toMatch(/^row 2 \(.*\): outcome ".*", recomputed ".*"$/);
      const removed = ledger.filter((_, i) => i !== 1);
      expect(api.checkRows(removed, seed, "nest-draw/6", 0).ok).toBe(false);
      // The last row: its entrant was called last, so nobody's number or outcome changes; the page's figures do.
      const last = ledger.slice(0, -1);
      expect(api.checkRows(last, seed, "nest-draw/6", 0).ok).toBe(true);
      const data = { algorithm: "nest-draw/6", seed, guard: 0, ledger, ...figuresOf(ledger) };
      const lastRow = ledger[ledger.length - 1]!;
      expect(api.verdict(data, last, seed, "the ledger", 0)).toMatchObject({ ok: false });
      expect(api.compareFigures(data, last)).toEqual([
        `district ${lastRow[1]}, ${lastRow[2]}: the ledger has ${data.figures.find((f) => f[0] === lastRow[1] && f[1] === lastRow[2])![2] - 1} in the lottery; this page's figures say ${data.figures.find((f) => f[0] === lastRow[1] && f[1] === lastRow[2])![2]}`,
      ]);
      expect(api.verdict(data, ledger, seed, "the ledger", 0)).toMatchObject({ ok: true });
    }
  });

  it("reads a ledger.csv as nest writes it (byte-order mark, CRLF, quotes, guarded cells) back to its values", () => {
    const api = pageApi();
    expect(api.parseCsv('\uFEFFApplicant ID,Category\r\nN1,"Social, ""services"""\r\n"=1+2",x\r\n')).toEqual([
      ["Applicant ID", "Category"],
      ["N1", 'Social, "services"'],
      ["=1+2", "x"],
    ]);
    const v = vectors.find((x) => x.algorithm === "nest-draw/6")!;
    const ledger = ledgerOf(v.algorithm, v.seed, v.district, v.places, v.applicants);
    const data = { algorithm: v.algorithm, seed: v.seed, guard: 3, ledger };
    // A formula-like category guarded with "'" in the file: read back as the value it stands for.
    const guarded = ledger.map((r, i) => (i === 0 ? r : [r[0]!, r[1]!, `'=${r[2]}`, ...r.slice(3)]));
    const values = ledger.map((r, i) => (i === 0 ? r : [r[0]!, r[1]!, `=${r[2]}`, ...r.slice(3)]));
    const places = Object.fromEntries(Object.entries(v.places).map(([c, n]) => [`=${c}`, n]));
    const renamed = ledgerOf(
      v.algorithm,
      v.seed,
      v.district,
      places,
      v.applicants.map((a) => ({ ...a, categories: a.categories.map((c) => `=${c}`) })),
    );
    expect(renamed).toEqual(values);
    expect(api.verdict({ ...data, ledger: values, ...figuresOf(values) }, guarded, v.seed, "ledger.csv", 3)).toMatchObject({ ok: true });
  });

  it("says the seed is probably written differently when no number matches, with both seeds' forms; white space does not count", () => {
    const api = pageApi();
    const v = vectors.find((x) => x.algorithm === "nest-draw/6")!;
    const ledger = ledgerOf(v.algorithm, v.seed, v.district, v.places, v.applicants);
    const data = { algorithm: v.algorithm, seed: v.seed, guard: 3, ledger, ...figuresOf(ledger) };
    const typed = `${v.seed}!`;
    const result = api.verdict(data, ledger, typed, "the ledger this page carries", 0);
    expect(result.ok).toBe(false);
    expect(result.lines[0]).toBe("NOT verified: 1 difference in the ledger this page carries.");
    expect(result.lines.join("\n")).toContain("written differently");
    expect(result.lines.join("\n")).toContain(`is not the one this page records (${[...v.seed].length} characters: `);
    // Spaced otherwise: the same nest-draw/6 seed, verified, and said so.
    const spaced = api.verdict(data, ledger, ` ${v.seed.replace(/\s+/g, "  ")} `, "the ledger this page carries", 0);
    expect(spaced.ok).toBe(true);
    expect(spaced.lines[1]).toMatch(/^The seed typed differs from the one this page records only in its white space/);
    expect(api.verdict(data, ledger, "", "x", 0)).toEqual({ ok: false, lines: ["Not checked: type the seed first."] });
    expect(api.verdict(data, ledger, v.seed, "the ledger this page carries", 0).lines[0]).toMatch(
      new RegExp(`^Verified: ${v.applicants.length} lottery numbers and the outcomes of \\d+ rows`),
    );
  });
});

const FROZEN_SCRIPT_SHA256 = "338efd7fefda237eeed9ab4e08878381c0f221a2cac5779699329593c1b0fa56";

/** A small draw's figures, as core counts them, for the page. */
function counts(names: { program?: string; district?: string; category?: string } = {}): Counts {
  return {
    records: 3,
    eligible: 2,
    seated: 1,
    waitlisted: 1,
    excluded: 1,
    excludedByReason: { DUPLICATE: 1 },
    unplaced: 0,
    districts: [
      {
        id: "1",
        name: names.district ?? "Natomas",
        applicants: 3,
        eligible: 2,
        excludedByReason: { DUPLICATE: 1 },
        categories: [
          { id: "youth", name: names.category ?? "Youth", applicants: 3, eligible: 2, places: 2, seated: 1, waitlisted: 1, lottery: false },
        ],
      },
    ],
  };
}

function input(overrides: Partial<ReportInput> = {}): ReportInput {
  return {
    program: "NEST 2018",
    algorithm: "nest-draw/6",
    version: "0.6.0",
    seed: "dice 3 5",
    seedSource: "dice rolled at the June 14 meeting",
    commitment: null,
    counts: counts(),
    ledger: () => [
      ["Applicant ID", "District", "Category", "Preference", "Places", "Lottery number", "Outcome"],
      ["NAAA", "1", "Youth", "1", "2", "L0123456789abcdef", "seated 1"],
      ["NBBB", "1", "Youth", "1", "2", "L1123456789abcdef", "seated 2"],
      ["NCCC", "1", "", "", "", "", "excluded DUPLICATE"],
    ],
    guard: 3,
    ...overrides,
  };
}

describe("formatReport", () => {
  it("writes no page for editions before nest-draw/6, and the frozen one for nest-draw/6", () => {
    for (const algorithm of ["nest-draw/1", "nest-draw/2", "nest-draw/3", "nest-draw/4", "nest-draw/5"])
      expect(formatReport(editionOf(algorithm)!, input())).toBeNull();
    expect(CURRENT_EDITION.report).toBe("html-1");
    const page = formatReportText(editionOf("nest-draw/6")!, input())!;
    expect(page.startsWith('<!DOCTYPE html>\n<html lang="en">')).toBe(true);
    expect(page).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
    expect(page).toContain("@media print");
    expect(page).toContain(`<script>${REPORT_SCRIPT_6}</script>`);
    expect(page).not.toMatch(/(src|href)="(https?:)?\/\//); // nothing fetched
  });

  it("escapes every value from the config, the seed and its source: a program, district or category named like HTML", () => {
    const hostile = `<script>alert("x")</script> & "quoted" 'single' </script><!--`;
    const page = formatReportText(
      editionOf("nest-draw/6")!,
      input({
        program: hostile,
        seed: hostile,
        seedSource: hostile,
        counts: counts({ district: hostile, category: hostile }),
        ledger: () => [
          ["Applicant ID", "District", "Category", "Preference", "Places", "Lottery number", "Outcome"],
          ["NAAA", "1", hostile, "1", "2", "L0123456789abcdef", "seated 1"],
        ],
        replacements: [{ entry: 1, reason: "DECLINED", vacated: hostile, district: "1", category: hostile, seat: 1, seated: hostile }],
      }),
    )!;
    const withoutScript = page.replace(`<script>${REPORT_SCRIPT_6}</script>`, "");
    expect(withoutScript.match(/<script/g)).toEqual(["<script"]); // the data's element only
    expect(withoutScript).not.toContain('alert("x")');
    expect(withoutScript).toContain("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &quot;quoted&quot; &#39;single&#39;");
    const data = /<script type="application\/json" id="nest-data">(.*)<\/script>/.exec(page)![1]!;
    expect(data).not.toMatch(/<|<\/script/i);
    expect(JSON.parse(data)).toEqual({
      algorithm: "nest-draw/6",
      seed: hostile,
      guard: 3,
      figures: [["1", hostile, 2, 2]],
      excluded: 1,
      ledger: [
        ["Applicant ID", "District", "Category", "Preference", "Places", "Lottery number", "Outcome"],
        ["NAAA", "1", hostile, "1", "2", "L0123456789abcdef", "seated 1"],
      ],
    });
  });

  it("shows replacements when given, and says there are none otherwise", () => {
    const none = formatReportText(editionOf("nest-draw/6")!, input())!;
    expect(none).toContain("<p>None so far.");
    const page = formatReportText(
      editionOf("nest-draw/6")!,
      input({
        replacements: [
          { entry: 1, reason: "DECLINED", vacated: "NAAA", district: "1", category: "Youth", seat: 1, seated: "NDDD" },
          { entry: 2, reason: "NO_REPLY", vacated: "NBBB", district: "1", category: "Youth", seat: 2, seated: null },
        ],
      }),
    )!;
    expect(page).toContain(
      '<tr><td class="n">1</td><td>NAAA</td><td>declined</td><td>1 Natomas</td><td>Youth</td><td class="n">1</td><td>NDDD</td></tr>',
    );
    expect(page).toContain("<td>did not reply</td>");
    expect(page).toContain("<td>nobody left on the waitlist</td>");
  });

  it("comes in pieces that end lines or hold one ledger row each: a million applicants' page is never one string", () => {
    const pieces = [...formatReport(editionOf("nest-draw/6")!, input())!];
    const rows = pieces.filter((p) => !p.endsWith("\n"));
    expect(rows.length).toBe([...input().ledger()].length + 1); // the data element's opening, then a row each
    expect(pieces.join("")).toBe(formatReportText(editionOf("nest-draw/6")!, input()));
  });

  it("depends on nothing but its input: no date or time of its own", () => {
    const page = formatReportText(editionOf("nest-draw/6")!, input())!;
    expect(formatReportText(editionOf("nest-draw/6")!, input())).toBe(page);
    expect(page.replace(REPORT_SCRIPT_6, "")).not.toMatch(/\b20\d\d-\d\d-\d\d\b|\d\d:\d\d/); // no date, no time
  });
});
