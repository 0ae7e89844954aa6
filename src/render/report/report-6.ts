import type { ReportInput } from "../report.js";
import { REPORT_SCRIPT_6 } from "./nest-draw-6.script.js";

/**
 * report.html for nest-draw/6 draws, frozen: nest verify writes the page again and compares its bytes, so this
 * function's output for a given draw may never change (README "What stays verifiable"); a different page is a new
 * edition's function. It copies what it shows rather than calling shared wording (reasons, summaries) that may
 * change. No clock, no locale: numbers are written with plain digits, sorted as the draw gives them. The page comes as
 * pieces to be written one after the other (a million applicants' page is more text than one string may hold).
 */
export function* formatReport6(input: ReportInput): Generator<string> {
  const { counts } = input;
  const unfilled = counts.districts.flatMap((d) =>
    d.categories.filter((c) => c.places > c.seated).map((c) => ({ district: d, category: c, count: c.places - c.seated })),
  );
  const totalUnfilled = unfilled.reduce((n, u) => n + u.count, 0);
  const districtName = new Map(counts.districts.map((d) => [d.id, d.name]));
  // What the page's script reads (page-6.ts PageData); the ledger's rows follow, last.
  const data = {
    algorithm: input.algorithm,
    seed: input.seed,
    guard: input.guard,
    figures: counts.districts.flatMap((d) => d.categories.map((c) => [d.id, c.name, c.eligible, c.places])),
    excluded: counts.excluded,
  };

  yield L("<!DOCTYPE html>");
  yield L('<html lang="en">');
  yield L("<head>");
  yield L('<meta charset="utf-8">');
  yield L('<meta name="viewport" content="width=device-width, initial-scale=1">');
  yield L(`<meta name="generator" content="nest ${h(input.version)}, ${h(input.algorithm)}">`);
  yield L(`<title>Lottery report: ${h(input.program)}</title>`);
  yield L(`<style>${STYLE}</style>`);
  yield L("</head>");
  yield L("<body>");
  yield L("<main>");
  yield L(`<h1>Lottery report: ${h(input.program)}</h1>`);
  yield L(
    `<p class="meta">Drawn with nest ${h(input.version)}, algorithm <code>${h(input.algorithm)}</code>. This page names applicants by ` +
      "Applicant ID only: no name, email, age or date of birth.</p>",
  );

  yield L('<section id="summary"><h2>Summary</h2>');
  yield L('<table class="figures"><tbody>');
  for (const [label, value] of [
    ["Applications", counts.records],
    ["In the lottery (eligible)", counts.eligible],
    ["Seated", counts.seated],
    ["On a waitlist", counts.waitlisted],
    ["Not in the lottery (excluded)", counts.excluded],
    ["Places left unfilled", totalUnfilled],
  ] as const)
    yield L(`<tr><th scope="row">${label}</th><td class="n">${value}</td></tr>`);
  yield L("</tbody></table></section>");

  yield L('<section id="seed"><h2>The seed</h2>');
  yield L(`<p>Seed: <code class="seed" id="nest-recorded-seed">${h(input.seed)}</code></p>`);
  yield L(
    `<p class="small">Written with ${h(describeSeed(input.seed))}. White space in it does not count: a ${h(input.algorithm)} draw ` +
      "takes it out before the seed keys the lottery numbers.</p>",
  );
  yield L(`<p>Where it came from: ${h(input.seedSource)}</p>`);
  yield L("<h3>Commitment</h3>");
  if (input.commitment === null) {
    yield L("<p>No commitment: this draw was not checked against a pool published before the seed (nest commit).</p>");
  } else {
    yield L(
      `<p>Before the seed was known, the pool (every eligible Applicant ID and their categories, with the hashes of the export ` +
        `and the config) was committed to; the draw checked that the pool was that one. Commitment hash:</p>` +
        `<p><code class="hash">${h(input.commitment)}</code></p>`,
    );
  }
  yield L(
    "<p class=\"small\">The export's and the config's SHA-256 are in the draw's audit.json; the export itself is not public (it holds " +
      "names and addresses).</p>",
  );
  yield L("</section>");

  yield L('<section id="check"><h2>Check this draw</h2>');
  yield L(
    "<p>Every lottery number depends only on the algorithm, the seed, the district and the Applicant ID; the outcomes follow from " +
      "the numbers and the places. This page can redo all of it, in this browser, with nothing installed and no network: " +
      "type the seed as it was announced, and press Check. It checks the ledger it carries, or a <code>ledger.csv</code> you " +
      "choose or drop here.</p>",
  );
  yield L('<p id="nest-noscript" class="small">This browser runs no scripts here: use the command below to check instead.</p>');
  yield L('<form id="nest-check" hidden>');
  yield L('<label for="nest-seed">Seed</label>');
  yield L('<input id="nest-seed" name="seed" type="text" autocomplete="off" autocapitalize="off" spellcheck="false">');
  yield L('<label for="nest-file">Ledger (optional: the one this page carries is checked otherwise)</label>');
  yield L('<input id="nest-file" name="ledger" type="file" accept=".csv,text/csv">');
  yield L('<p id="nest-chosen" class="small"></p>');
  yield L('<button id="nest-run" type="submit">Check</button>');
  yield L('<div id="nest-verdict" class="verdict" role="status" aria-live="polite"></div>');
  yield L("</form>");
  yield L("<h3>How to check</h3>");
  yield L("<ol>");
  yield L("<li>Compare the seed above with the one announced at the draw, character by character (white space aside).</li>");
  yield L("<li>In this page: type the seed and press Check. It recomputes every lottery number and outcome and says what differs.</li>");
  yield L(
    `<li>With nest, from the public ledger alone: <code>nest verify --ledger ledger.csv --seed "…"</code> with the seed above; ` +
      "or, with the draw's whole folder and the export: <code>nest verify FOLDER</code>, which redoes the draw and checks every file, " +
      "this page too.</li>",
  );
  yield L("<li>The algorithm is specified in nest's docs/ALGORITHM.md: anyone can write their own check.</li>");
  yield L("</ol></section>");

  yield L('<section id="places"><h2>Applicants and places</h2>');
  yield L(
    '<p class="small">Per district and category: applicants who named it, those of them in the lottery, its places, and the share of ' +
      "places per applicant in the lottery (each is seated in the first category they named that still had a place).</p>",
  );
  for (const d of counts.districts) {
    yield L(`<h3>District ${h(d.id)}: ${h(d.name)}</h3>`);
    yield L(
      `<div class="wide"><table class="places" data-district="${h(d.id)}"><thead><tr><th>Category</th><th class="n">Named it</th>` +
        '<th class="n">In the lottery</th>',
    );
    yield L(
      '<th class="n">Places</th><th class="n">Chance</th><th class="n">Seated</th><th class="n">Waitlist</th><th class="n">Unfilled</th>',
    );
    yield L("</tr></thead><tbody>");
    for (const c of d.categories) {
      // Nobody waiting: everyone who named it has a place, here or in a category they put first (as nest's summary says).
      const chance =
        c.eligible === 0
          ? "–"
          : c.eligible <= c.places || c.waitlisted === 0
            ? "everyone"
            : `${Math.round((c.places / c.eligible) * 100)}%`;
      yield L(
        `<tr><td>${h(c.name)}</td><td class="n">${c.applicants}</td><td class="n">${c.eligible}</td><td class="n">${c.places}</td>` +
          `<td class="n">${chance}</td><td class="n">${c.seated}</td><td class="n">${c.waitlisted}</td>` +
          `<td class="n">${Math.max(0, c.places - c.seated)}</td></tr>`,
      );
    }
    yield L("</tbody></table></div>");
    yield L(chart(d));
  }
  yield L("</section>");

  yield L('<section id="unfilled"><h2>Unfilled places</h2>');
  if (unfilled.length === 0) yield L("<p>None: every place is filled.</p>");
  else {
    yield L(
      '<div class="wide"><table class="unfilled"><thead><tr><th>District</th><th>Category</th><th class="n">Places</th><th class="n">Seated</th>',
    );
    yield L('<th class="n">Unfilled</th></tr></thead><tbody>');
    for (const u of unfilled)
      yield L(
        `<tr><td>${h(u.district.id)} ${h(u.district.name)}</td><td>${h(u.category.name)}</td><td class="n">${u.category.places}</td>` +
          `<td class="n">${u.category.seated}</td><td class="n">${u.count}</td></tr>`,
      );
    yield L("</tbody></table></div>");
  }
  yield L("</section>");

  yield L('<section id="replacements"><h2>Replacements</h2>');
  const replacements = input.replacements ?? [];
  if (replacements.length === 0) yield L("<p>None so far. When a seat is given again, this page is written again with it here.</p>");
  else {
    yield L(
      '<div class="wide"><table class="replacements"><thead><tr><th class="n">Entry</th><th>Seat left by</th><th>Reason</th><th>District</th><th>Category</th>',
    );
    yield L('<th class="n">Seat</th><th>Seated instead</th></tr></thead><tbody>');
    for (const r of replacements)
      yield L(
        `<tr><td class="n">${r.entry}</td><td>${h(r.vacated)}</td><td>${h(REPLACEMENT_REASONS[r.reason] ?? r.reason)}</td>` +
          `<td>${h(r.district)} ${h(districtName.get(r.district) ?? "")}</td><td>${h(r.category)}</td>` +
          `<td class="n">${r.seat}</td><td>${r.seated === null ? "nobody left on the waitlist" : h(r.seated)}</td></tr>`,
      );
    yield L("</tbody></table></div>");
  }
  yield L("</section>");

  yield L('<section id="outcomes"><h2>Outcomes by Applicant ID</h2>');
  yield L(
    '<p class="small">In call order (ascending lottery number) per district and category. "Seated elsewhere": seated in a ' +
      "category the applicant put before this one.</p>",
  );
  // One pass over the ledger: each district's rows (together, in call order, districts in config order) by
  // category, one district held at a time; then the excluded, last.
  const rows = rowsOf(input)[Symbol.iterator]();
  let next = rows.next();
  for (const d of counts.districts) {
    const byCategory = new Map<string, (readonly string[])[]>(d.categories.map((c) => [c.name, []]));
    while (!next.done && next.value[1] === d.id && !(next.value[6] ?? "").startsWith("excluded")) {
      byCategory.get(next.value[2] ?? "")?.push(next.value);
      next = rows.next();
    }
    yield L(`<section class="district"><h3>District ${h(d.id)}: ${h(d.name)}</h3>`);
    for (const c of d.categories) {
      const here = byCategory.get(c.name) ?? [];
      yield L(`<h4>${h(c.name)}: ${c.places} ${c.places === 1 ? "place" : "places"}, ${here.length} in the lottery</h4>`);
      if (here.length === 0) {
        yield L("<p>Nobody in the lottery.</p>");
        continue;
      }
      yield L(
        `<div class="wide"><table class="outcomes" data-district="${h(d.id)}" data-category="${h(c.name)}"><thead><tr>` +
          '<th class="n">#</th><th>Applicant ID</th><th class="n">Preference</th>',
      );
      yield L("<th>Lottery number</th><th>Outcome</th></tr></thead><tbody>");
      for (const [i, r] of here.entries())
        yield L(
          `<tr><td class="n">${i + 1}</td><td><code>${h(r[0] ?? "")}</code></td><td class="n">${h(r[3] ?? "")}</td>` +
            `<td><code>${h(r[5] ?? "")}</code></td><td>${h(r[6] ?? "")}</td></tr>`,
        );
      yield L("</tbody></table></div>");
    }
    yield L("</section>");
  }
  yield L("</section>");

  yield L('<section id="excluded"><h2>Not in the lottery</h2>');
  const reasons = Object.entries(counts.excludedByReason);
  if (counts.excluded === 0) yield L("<p>Nobody was excluded.</p>");
  else {
    yield L(`<p>${reasons.map(([code, n]) => `${h(code)}: ${n}`).join("; ")}. The reason codes are explained in nest's README.</p>`);
    yield L(
      '<div class="wide"><table class="excluded"><thead><tr><th>Applicant ID</th><th>District</th><th>Reason code</th></tr></thead><tbody>',
    );
    for (; !next.done; next = rows.next()) {
      const r = next.value;
      if ((r[6] ?? "").startsWith("excluded"))
        yield L(
          `<tr><td><code>${h(r[0] ?? "")}</code></td><td>${h(r[1] ?? "")}</td><td>${h((r[6] ?? "").slice("excluded ".length))}</td></tr>`,
        );
    }
    yield L("</tbody></table></div>");
  }
  yield L("</section>");
  yield L("</main>");
  // JSON.stringify({ ...data, ledger }), a row at a time.
  yield `<script type="application/json" id="nest-data">${json(data).slice(0, -1)},"ledger":[`;
  let first = true;
  for (const row of input.ledger()) {
    yield `${first ? "" : ","}${json(row)}`;
    first = false;
  }
  yield L("]}</script>");
  yield L(`<script>${REPORT_SCRIPT_6}</script>`);
  yield L("</body>");
  yield L("</html>");
}

/** A line of the page. */
function L(text: string): string {
  return `${text}\n`;
}

/** The ledger's rows after its header. */
function* rowsOf(input: ReportInput): Generator<readonly string[]> {
  let header = true;
  for (const row of input.ledger()) {
    if (!header) yield row;
    header = false;
  }
}

const REPLACEMENT_REASONS: Record<string, string> = {
  DECLINED: "declined",
  NO_REPLY: "did not reply",
  INELIGIBLE: "found ineligible",
};

/** One district's applicants in the lottery and places per category, as bars (an SVG drawn in whole units). */
function chart(d: ReportInput["counts"]["districts"][number]): string {
  const top = Math.max(1, ...d.categories.map((c) => Math.max(c.eligible, c.places)));
  const label = 180;
  const span = 180;
  const rowHeight = 34;
  const height = d.categories.length * rowHeight + 24;
  const bar = (n: number) => Math.round((n / top) * span);
  const parts = [
    `<figure class="chart"><svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${label + span + 60} ${height}" role="img" ` +
      `aria-label="District ${h(d.id)}: applicants in the lottery and places per category">`,
  ];
  d.categories.forEach((c, i) => {
    const y = i * rowHeight + 4;
    parts.push(
      `<text x="0" y="${y + 16}" class="label">${h(clip(c.name, 28))}</text>` +
        `<rect x="${label}" y="${y}" width="${bar(c.eligible)}" height="12" class="applicants"/>` +
        `<text x="${label + bar(c.eligible) + 4}" y="${y + 11}">${c.eligible}</text>` +
        `<rect x="${label}" y="${y + 14}" width="${bar(c.places)}" height="12" class="places"/>` +
        `<text x="${label + bar(c.places) + 4}" y="${y + 25}">${c.places}</text>`,
    );
  });
  const y = d.categories.length * rowHeight + 8;
  parts.push(
    `<rect x="0" y="${y}" width="10" height="10" class="applicants"/><text x="14" y="${y + 9}">in the lottery</text>` +
      `<rect x="110" y="${y}" width="10" height="10" class="places"/><text x="124" y="${y + 9}">places</text>`,
  );
  parts.push(`</svg><figcaption>District ${h(d.id)} ${h(d.name)}: applicants in the lottery and places</figcaption></figure>`);
  return parts.join("");
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

function describeSeed(seed: string): string {
  const spaces = (seed.match(/ /g) ?? []).length;
  return `${seed.length} ${seed.length === 1 ? "character" : "characters"}, ${spaces} ${spaces === 1 ? "space" : "spaces"}`;
}

/** Text for HTML, in an element or a quoted attribute. */
function h(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}
const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

/** JSON inside a <script> element: no "<" (no "</script>", no "<!--"), and no line separators some parsers stop at. */
function json(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, "\\u003c")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
}

const STYLE = [
  ":root{color-scheme:light;--ink:#1a1a1a;--muted:#555;--line:#ccc;--ok:#0a6b2d;--bad:#a40e0e}",
  "*{box-sizing:border-box}",
  "body{margin:0;font:16px/1.45 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;color:var(--ink);background:#fff}",
  "main{max-width:60rem;margin:0 auto;padding:1rem}",
  "h1{font-size:1.6rem;margin:.2rem 0 .4rem}h2{font-size:1.3rem;margin:1.6rem 0 .5rem;border-bottom:2px solid var(--line)}",
  "h3{font-size:1.1rem;margin:1.2rem 0 .4rem}h4{font-size:1rem;margin:1rem 0 .3rem}",
  ".meta,.small{color:var(--muted);font-size:.9rem}",
  "code{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:.92em;overflow-wrap:anywhere}",
  ".seed{white-space:pre-wrap;background:#f3f3f3;padding:.1rem .3rem;border:1px solid var(--line)}",
  ".hash{word-break:break-all}",
  ".wide{overflow-x:auto;max-width:100%}",
  // An Applicant ID or a lottery number is read whole: a narrow screen scrolls the table, it does not break them.
  "td code{white-space:nowrap;overflow-wrap:normal}",
  "table{border-collapse:collapse;margin:.3rem 0 .8rem;font-size:.92rem}",
  "th,td{border:1px solid var(--line);padding:.25rem .45rem;text-align:left;vertical-align:top}",
  "thead th{background:#f3f3f3}",
  ".n{text-align:right;font-variant-numeric:tabular-nums}",
  ".figures th{font-weight:normal}",
  "form{display:grid;gap:.4rem;max-width:36rem;padding:.8rem;border:1px solid var(--line);background:#fafafa}",
  "form[hidden]{display:none}",
  "input[type=text]{font:inherit;font-family:ui-monospace,Menlo,Consolas,monospace;padding:.4rem;width:100%}",
  "button{font:inherit;padding:.45rem 1rem;justify-self:start}",
  ".verdict p{margin:.2rem 0;white-space:pre-wrap}.verdict.ok{color:var(--ok);font-weight:600}.verdict.bad{color:var(--bad)}",
  ".chart{margin:.5rem 0 1rem;max-width:36rem}.chart svg{width:100%;height:auto;font-size:12px}",
  ".chart .applicants{fill:#3b6ea5}.chart .places{fill:#e0a030}.chart text{fill:var(--ink)}",
  "figcaption{font-size:.85rem;color:var(--muted)}",
  "@media (max-width:40rem){main{padding:.6rem}body{font-size:15px}th,td{padding:.2rem .3rem}.places td:first-child{min-width:8rem}}",
  "@media print{form,#nest-noscript{display:none}main{max-width:none;padding:0}body{font-size:10pt}" +
    ".wide{overflow:visible}thead{display:table-header-group}tr,figure{break-inside:avoid}" +
    "h2,h3,h4{break-after:avoid}a{color:inherit}}",
].join("\n");
