/// <reference lib="dom" />
/**
 * The script report.html carries for nest-draw/6 draws (render/report/report-6.ts): the check of the ledger in the
 * browser, with core's own code (core/ledger.ts checkLedger, core/draw.ts, core/arc4.ts) and the formula guard's
 * reading back (io/format-csv.ts restoreFormula). It is bundled ONCE by scripts/freeze-report-script.mjs into
 * nest-draw-6.script.ts and committed: every report.html of a nest-draw/6 draw carries those frozen bytes, so that
 * a later nest, whatever its core has become, writes and verifies the same page (README "What stays verifiable").
 * This file is kept as the source of that bundle; changing it changes nothing a draw writes.
 */
import { checkSeed } from "../../core/draw.js";
import { checkLedger, type LedgerCheck } from "../../core/ledger.js";
import { groupsFromLedger, replace, startState, type ReplacementReason } from "../../core/replace.js";
import { seedForm } from "../../core/seed-form.js";
import { restoreFormula, type FormulaGuard } from "../../io/format-csv.js";

/**
 * What the page carries (report-6.ts writes it as JSON): the ledger's rows, header first, as values (ledger.csv's cells
 * read back: no formula guard), and the guard its ledger.csv was written with, to read a dropped one back.
 */
interface PageData {
  algorithm: string;
  seed: string;
  guard: FormulaGuard;
  ledger: string[][];
  /** The page's figures: per district and category (its name), those in the lottery and the places; and those excluded. */
  figures: [district: string, category: string, inLottery: number, places: number][];
  excluded: number;
}

/** A CSV text (RFC 4180, as nest writes it: a byte-order mark, CRLF) as rows of cells. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let quoted = false;
  let any = false;
  for (; i < text.length; i++) {
    const c = text[i]!;
    any = true;
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          cell += '"';
          i++;
        } else quoted = false;
      } else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") {
      row.push(cell);
      cell = "";
    } else if (c === "\n" || c === "\r") {
      if (c === "\r" && text[i + 1] === "\n") i++;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = "";
      any = false;
    } else cell += c;
  }
  if (any) {
    row.push(cell);
    rows.push(row);
  }
  return rows;
}

/** The check of a ledger's rows (header first) against a seed: read back as the draw wrote them (`guard`). */
export function checkRows(rows: readonly (readonly string[])[], seed: string, algorithm: string, guard: FormulaGuard): LedgerCheck {
  const [header = [], ...body] = rows;
  const readBack = (cell: string) => restoreFormula(cell, guard);
  return checkLedger(
    header.map(readBack),
    body.map((cells, i) => ({ row: i + 2, cells })),
    seed,
    // nest-draw/6 keys its lottery numbers with the seed without its white space (docs/ALGORITHM.md, section 3).
    [{ algorithm, readBack, lotteryNumbers: "L", seeds: "noSpaces" }],
  );
}

/** How a seed is written, to compare one typed with the one recorded (core/seed-form.ts). */
export function describeSeed(seed: string): string {
  return seedForm(seed);
}

/** The first row (spreadsheet numbering) where two ledgers differ, or null when they are the same. */
export function firstDifferentRow(a: readonly (readonly string[])[], b: readonly (readonly string[])[]): number | null {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if ((a[i] ?? []).join("\u001f") !== (b[i] ?? []).join("\u001f") || (a[i] === undefined) !== (b[i] === undefined)) return i + 1;
  }
  return null;
}

/**
 * Where a ledger's rows disagree with the page's figures: a row removed or added changes how many are in the lottery
 * for a category, which the numbers alone may not show (the last one called, say, on a waitlist).
 */
export function compareFigures(data: Pick<PageData, "figures" | "excluded">, rows: readonly (readonly string[])[]): string[] {
  const differences: string[] = [];
  const seen = new Map<string, { n: number; places: string }>();
  let excluded = 0;
  for (const r of rows.slice(1)) {
    if ((r[6] ?? "").startsWith("excluded ")) {
      excluded++;
      continue;
    }
    const key = `${r[1]}\u001f${r[2]}`;
    const here = seen.get(key);
    if (here === undefined) seen.set(key, { n: 1, places: r[4] ?? "" });
    else here.n++;
  }
  for (const [district, category, inLottery, places] of data.figures) {
    const found = seen.get(`${district}\u001f${category}`);
    seen.delete(`${district}\u001f${category}`);
    const n = found?.n ?? 0;
    if (n !== inLottery)
      differences.push(`district ${district}, ${category}: the ledger has ${n} in the lottery; this page's figures say ${inLottery}`);
    if (found !== undefined && found.places !== String(places))
      differences.push(`district ${district}, ${category}: the ledger gives ${found.places} places; this page's figures say ${places}`);
  }
  for (const key of seen.keys()) {
    const [district, category] = key.split("\u001f");
    differences.push(
      `district ${district}, ${category}: the ledger has rows for it; this page's figures have no such district and category`,
    );
  }
  if (excluded !== data.excluded) differences.push(`the ledger has ${excluded} excluded; this page's figures say ${data.excluded}`);
  return differences;
}

/** A table the page shows, as its script reads it back: which one, and its body's cells. */
export interface ShownTable {
  kind: "places" | "outcomes" | "excluded" | "figures" | "unfilled" | "replacements";
  district: string;
  category: string;
  rows: string[][];
}

/**
 * Where the page's tables differ from the ledger it carries (values): each district's places table (category, in the
 * lottery, places, seated, waitlist), each outcome table (Applicant ID, preference, lottery number, outcome, in
 * call order) and the excluded. The check of the ledger says nothing of a table edited by hand; this does.
 */
export function compareShown(ledger: readonly (readonly string[])[], tables: readonly ShownTable[]): string[] {
  const differences: string[] = [];
  const body = ledger.slice(1);
  const entrants = body.filter((r) => !(r[6] ?? "").startsWith("excluded "));
  let outcomeRows = 0;
  for (const t of tables) {
    const here = entrants.filter((r) => r[1] === t.district && (t.kind === "places" || r[2] === t.category));
    if (t.kind === "outcomes") {
      outcomeRows += t.rows.length;
      const expected = here.map((r, i) => [String(i + 1), r[0], r[3], r[5], r[6]].join(" | "));
      const shown = t.rows.map((cells) => cells.join(" | "));
      const at = shown.findIndex((line, i) => line !== expected[i]);
      if (at !== -1 || shown.length !== expected.length) {
        const i = at === -1 ? shown.length : at;
        differences.push(
          `the outcome table of district ${t.district}, ${t.category} shows ${JSON.stringify(shown[i] ?? "(no row)")} in row ${i + 1}; ` +
            `the ledger gives ${JSON.stringify(expected[i] ?? "(no row)")}`,
        );
      }
    } else if (t.kind === "places") {
      for (const cells of t.rows) {
        const [category = "", , inLottery = "", places = "", chance = "", seated = "", waitlist = "", unfilled = ""] = cells;
        const rows = here.filter((r) => r[2] === category);
        const n = rows.length;
        const p = Number(rows[0]?.[4] ?? places);
        const s = rows.filter((r) => /^seated \d/.test(r[6] ?? "")).length;
        const w = rows.filter((r) => (r[6] ?? "").startsWith("waitlist ")).length;
        const expected = [
          String(n),
          rows[0]?.[4] ?? places,
          n === 0 ? "–" : n <= p || w === 0 ? "everyone" : `${Math.round((p / n) * 100)}%`,
          String(s),
          String(w),
          String(Math.max(0, p - s)),
        ];
        if ([inLottery, places, chance, seated, waitlist, unfilled].join(" | ") !== expected.join(" | "))
          differences.push(
            `the table of district ${t.district} shows ${category} with ${inLottery} in the lottery, ${places} places, chance ${chance}, ` +
              `${seated} seated, ${waitlist} on the waitlist, ${unfilled} unfilled; the ledger gives ${expected.join(", ")}`,
          );
      }
    } else if (t.kind === "figures") {
      const ids = new Set(entrants.map((r) => r[0]));
      const excludedRows = body.length - entrants.length;
      const waiting = new Set(entrants.filter((r) => (r[6] ?? "").startsWith("waitlist ")).map((r) => r[0]));
      const expected = [
        ids.size + excludedRows,
        ids.size,
        entrants.filter((r) => /^seated \d/.test(r[6] ?? "")).length,
        waiting.size,
        excludedRows,
        unfilledOf(entrants).reduce((sum, u) => sum + u.count, 0),
      ].map(String);
      const shown = t.rows.map((cells) => cells[1] ?? "");
      if (shown.join(" | ") !== expected.join(" | "))
        differences.push(
          `the summary shows ${shown.join(", ")} (applications, in the lottery, seated, on a waitlist, excluded, unfilled); ` +
            `the ledger gives ${expected.join(", ")}`,
        );
    } else if (t.kind === "unfilled") {
      const expected = unfilledOf(entrants).map((u) => [u.district, u.category, u.places, u.seated, u.count].join(" | "));
      const shown = t.rows.map((c) => [(c[0] ?? "").split(" ")[0], c[1], c[2], c[3], c[4]].join(" | "));
      // Compared as sets: the page lists them in the config's order, which the ledger does not give.
      if ([...shown].sort().join("\n") !== [...expected].sort().join("\n"))
        differences.push(
          `the table of unfilled places differs from the ledger's (${expected.length} rows by the ledger, ${shown.length} shown)`,
        );
    } else if (t.kind === "replacements") {
      differences.push(...compareReplacements(entrants, t.rows));
    } else {
      const expected = body.filter((r) => (r[6] ?? "").startsWith("excluded ")).map((r) => [r[0], r[1], (r[6] ?? "").slice(9)].join(" | "));
      const shown = t.rows.map((cells) => cells.join(" | "));
      // Compared as sets: the page lists them in the config's order, which the ledger does not give.
      if ([...shown].sort().join("\n") !== [...expected].sort().join("\n"))
        differences.push(`the table of those not in the lottery differs from the ledger's excluded rows`);
    }
  }
  if (outcomeRows !== entrants.length) differences.push(`the outcome tables show ${outcomeRows} rows; the ledger has ${entrants.length}`);
  return differences;
}

/** Per district and category with places left: places, seated, how many unfilled. */
function unfilledOf(
  entrants: readonly (readonly string[])[],
): { district: string; category: string; places: string; seated: string; count: number }[] {
  const groups = new Map<string, { district: string; category: string; places: string; seated: number }>();
  for (const r of entrants) {
    const key = `${r[1]}\u001f${r[2]}`;
    const g = groups.get(key) ?? { district: r[1] ?? "", category: r[2] ?? "", places: r[4] ?? "0", seated: 0 };
    groups.set(key, g);
    if (/^seated \d/.test(r[6] ?? "")) g.seated++;
  }
  const out = [...groups.values()].map((g) => ({ ...g, seated: String(g.seated), count: Math.max(0, Number(g.places) - g.seated) }));
  return out.filter((u) => u.count > 0);
}

/**
 * The replacements table, each row replayed by the rule (docs/ALGORITHM.md §9, core/replace.ts) from the ledger's
 * outcomes: the seat and who took it must be the rule's. (The record's hash chain is checked by nest verify
 * --replacements, which has replacements.csv; the page shows no Chain.)
 */
export function compareReplacements(entrants: readonly (readonly string[])[], rows: readonly (readonly string[])[]): string[] {
  const lines = entrants.map((r) => ({
    id: r[0] ?? "",
    district: r[1] ?? "",
    category: r[2] ?? "",
    places: Number(r[4]),
    outcome: r[6] ?? "",
  }));
  const state = startState(groupsFromLedger(lines));
  const differences: string[] = [];
  rows.forEach((cells, i) => {
    const [entry = "", vacated = "", , district = "", category = "", seat = "", seated = ""] = cells;
    const step = replace(state, "DECLINED" as ReplacementReason, vacated, "", () => "");
    if (!step.ok) {
      differences.push(`the replacements table's entry ${entry}: ${step.problem}`);
      return;
    }
    const r = step.replacement;
    const shown = [entry, district.split(" ")[0], category, seat, seated === "nobody left on the waitlist" ? "" : seated];
    const expected = [String(i + 1), r.district, r.category, String(r.seat), r.seated ?? ""];
    if (shown.join(" | ") !== expected.join(" | "))
      differences.push(
        `the replacements table's entry ${entry} shows seat ${seat} of ${category} in district ${shown[1]} going to ${seated}; ` +
          `by the rule, replayed from the ledger, entry ${i + 1} is seat ${r.seat} of ${r.category} in district ${r.district}, going to ${r.seated ?? "nobody"}`,
      );
  });
  return differences;
}

const SHOWN = 20;

/** The verdict, in lines: the first a heading ("Verified: ..." or "NOT verified: ..."). */
export function verdict(
  data: PageData,
  rows: readonly (readonly string[])[],
  seed: string,
  what: string,
  guard: FormulaGuard,
): { ok: boolean; lines: string[] } {
  const problem = seed === "" ? "type the seed first" : checkSeed(seed);
  if (problem !== null) return { ok: false, lines: [`Not checked: ${problem}.`] };
  const notes: string[] = [];
  const solid = (text: string) => text.replace(/\s+/g, "");
  if (seed !== data.seed && solid(seed) === solid(data.seed)) {
    notes.push(
      `The seed typed differs from the one this page records only in its white space, which a ${data.algorithm} draw takes ` +
        `out: it is the same seed (typed: ${describeSeed(seed)}; recorded: ${describeSeed(data.seed)}).`,
    );
  } else if (seed !== data.seed) {
    notes.push(
      `The seed typed (${describeSeed(seed)}) is not the one this page records (${describeSeed(data.seed)}): ` +
        "compare them character by character; commas and other signs count, white space does not.",
    );
  }
  // A ledger holding no one at all is not a check of anything.
  if (rows.length === 0) return { ok: false, lines: [`NOT verified: ${what} holds no rows.`, ...notes] };
  const checked = checkRows(rows, seed, data.algorithm, guard);
  const figures = compareFigures(
    data,
    rows.map((r) => r.map((cell) => restoreFormula(cell, guard))),
  );
  const result: LedgerCheck =
    figures.length === 0
      ? checked
      : { ok: false, algorithm: checked.algorithm, differences: [...(checked.ok ? [] : checked.differences), ...figures] };
  if (result.ok) {
    return {
      ok: true,
      lines: [
        `Verified: ${result.applicants} lottery numbers and the outcomes of ${result.rows} rows recomputed from the seed typed, ` +
          `with the ${data.algorithm} algorithm; every one matches ${what}.`,
        ...notes,
      ],
    };
  }
  const d = result.differences;
  const lines = [`NOT verified: ${d.length === 1 ? "1 difference" : `${d.length} differences`} in ${what}.`];
  lines.push(...d.slice(0, SHOWN).map((x) => `- ${x}`));
  if (d.length > SHOWN) lines.push(`... and ${d.length - SHOWN} more.`);
  return { ok: false, lines: [...lines, ...notes] };
}

function start(): void {
  const dataElement = document.getElementById("nest-data");
  const form = document.getElementById("nest-check");
  if (dataElement === null || form === null) return;
  const data = JSON.parse(dataElement.textContent ?? "") as PageData;
  const seedInput = document.getElementById("nest-seed") as HTMLInputElement;
  const fileInput = document.getElementById("nest-file") as HTMLInputElement;
  const out = document.getElementById("nest-verdict")!;
  const chosen = document.getElementById("nest-chosen")!;
  let dropped: { name: string; rows: string[][] } | null = null;

  const show = (ok: boolean | null, lines: string[]) => {
    out.textContent = "";
    out.className = ok === null ? "verdict" : ok ? "verdict ok" : "verdict bad";
    out.setAttribute("data-verified", ok === null ? "" : String(ok));
    for (const line of lines) {
      const p = document.createElement("p");
      p.textContent = line;
      out.appendChild(p);
    }
  };
  const useFile = (file: File) => {
    const reader = new FileReader();
    reader.onload = () => {
      dropped = { name: file.name, rows: parseCsv(String(reader.result)) };
      chosen.textContent = `Checking ${file.name} (${Math.max(0, dropped.rows.length - 1)} rows below its header), not the ledger this page carries.`;
      show(null, ["Type the seed and press Check."]);
    };
    reader.onerror = () => show(false, [`Could not read ${file.name}.`]);
    reader.readAsText(file, "utf-8");
  };
  fileInput.addEventListener("change", () => {
    const file = fileInput.files?.[0];
    if (file !== undefined) useFile(file);
  });
  form.addEventListener("dragover", (event) => event.preventDefault());
  form.addEventListener("drop", (event) => {
    event.preventDefault();
    const file = event.dataTransfer?.files[0];
    if (file !== undefined) useFile(file);
  });
  // The tables as shown, read back once: what the page says must be what its ledger holds.
  const KINDS = ["places", "outcomes", "excluded", "figures", "unfilled", "replacements"] as const;
  const tables: ShownTable[] = Array.from(document.querySelectorAll(KINDS.map((k) => `main table.${k}`).join(", "))).map((table) => ({
    kind: KINDS.find((k) => table.classList.contains(k))!,
    district: table.getAttribute("data-district") ?? "",
    category: table.getAttribute("data-category") ?? "",
    rows: Array.from(table.querySelectorAll("tbody tr")).map((tr) => Array.from(tr.children).map((td) => td.textContent ?? "")),
  }));
  const shownDifferences = compareShown(data.ledger, tables);
  const withShown = (result: { ok: boolean; lines: string[] }) =>
    shownDifferences.length === 0
      ? result
      : {
          ok: false,
          lines: [
            `NOT verified: the tables on this page differ from the ledger it carries ` +
              `(${shownDifferences.length === 1 ? "1 difference" : `${shownDifferences.length} differences`}).`,
            ...shownDifferences.slice(0, SHOWN).map((x) => `- ${x}`),
            ...(shownDifferences.length > SHOWN ? [`... and ${shownDifferences.length - SHOWN} more.`] : []),
            `The ledger's own check: ${result.lines[0]}`,
            ...result.lines.slice(1),
          ],
        };
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const seed = seedInput.value;
    if (dropped === null) {
      const result = withShown(verdict(data, data.ledger, seed, "the ledger this page carries", 0));
      show(result.ok, result.lines);
      return;
    }
    const result = verdict(data, dropped.rows, seed, dropped.name, data.guard);
    const readBack = dropped.rows.map((r) => r.map((cell) => restoreFormula(cell, data.guard)));
    const row = firstDifferentRow(readBack, data.ledger);
    const same =
      row === null
        ? `${dropped.name} holds exactly the rows of the ledger this page carries.`
        : `${dropped.name} is not the ledger this page carries: they differ from row ${row} on.`;
    const shown = withShown({ ok: result.ok, lines: [...result.lines, same] });
    show(shown.ok, shown.lines);
  });
  form.removeAttribute("hidden");
  document.getElementById("nest-noscript")?.setAttribute("hidden", "");
}

(globalThis as Record<string, unknown>).nestReport = { parseCsv, checkRows, compareFigures, compareShown, verdict, describeSeed };
if (typeof document !== "undefined") start();
