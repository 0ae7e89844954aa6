import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { cpSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { DEFAULT_CONFIG } from "../../src/core/default-config.js";
import { FIXTURES, ROOT, run, tempDir } from "../helpers/run.js";

const FIXTURE = join(FIXTURES, "applicants.csv");
const BIN = join(ROOT, "bin", "nest.js");

async function drawn(seed = "dice 6 2 5", extra: string[] = []) {
  const dir = tempDir();
  const input = join(dir, "applicants.csv");
  cpSync(FIXTURE, input);
  const out = join(dir, "nest-draw");
  const result = await run(["draw", input, "--seed", seed, "--out", out, ...extra]);
  expect(result.code, result.stderr).toBe(0);
  return { dir, input, out, report: readFileSync(join(out, "report.html"), "utf8") };
}

describe("report.html, the draw's public page (nest-draw/6)", () => {
  it("is written with the draw and listed in its audit, with its SHA-256", async () => {
    const { out } = await drawn();
    const bytes = readFileSync(join(out, "report.html"));
    const audit = JSON.parse(readFileSync(join(out, "audit.json"), "utf8"));
    expect(audit.algorithm).toBe("nest-draw/6");
    expect(audit.outputs["report.html"]).toBe(createHash("sha256").update(bytes).digest("hex"));
    const text = bytes.toString("utf8");
    expect(text).toContain("<h1>Lottery report: Neighborhood Engagement Strategy Talks (NEST) 2018, Sacramento</h1>");
    expect(text).toContain('Seed: <code class="seed" id="nest-recorded-seed">dice 6 2 5</code>');
    expect(text).toContain("Where it came from: given with --seed");
    expect(text).toContain('<tr><th scope="row">Applications</th><td class="n">600</td></tr>');
  });

  it("is the same bytes from the same draw, whatever the time zone, locale or run", async () => {
    const a = await drawn();
    const b = await drawn();
    expect(b.report).toBe(a.report);
    for (const env of [
      { TZ: "Pacific/Chatham", LANG: "de_DE.UTF-8", LC_ALL: "de_DE.UTF-8" },
      { TZ: "America/Los_Angeles", LANG: "ar_EG.UTF-8" },
    ]) {
      const out = join(tempDir(), "draw");
      const result = spawnSync(process.execPath, [BIN, "draw", FIXTURE, "--seed", "dice 6 2 5", "--out", out], {
        env: { PATH: process.env.PATH ?? "", ...env },
      });
      expect(result.status).toBe(0);
      expect(readFileSync(join(out, "report.html"), "utf8")).toBe(a.report);
    }
  });

  it("holds no personal value of the export: no name, email, date of birth, phone, ZIP, neighbourhood or free text", async () => {
    const { report } = await drawn();
    const rows = parse(readFileSync(FIXTURE), { bom: true, columns: true }) as Record<string, string>[];
    const personal = [
      "Timestamp",
      "Email Address",
      "First name",
      "Last name",
      "Date of birth",
      "Phone number",
      "Neighborhood",
      "ZIP code",
      "Why do you want to take part?",
    ];
    // What the config itself publishes (the program, district and category names) is on the page by design: a last name
    // such as "Park" is found in "Land Park and Pocket", a neighbourhood such as "Natomas" is a district's name.
    const published = [
      DEFAULT_CONFIG.program,
      ...DEFAULT_CONFIG.districts.map((d) => d.name),
      ...DEFAULT_CONFIG.categories.map((c) => c.name),
    ];
    const found = (text: string, value: string) =>
      text.includes(value) &&
      new RegExp(`(?<![\\p{L}\\p{N}])${value.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}(?![\\p{L}\\p{N}])`, "u").test(text);
    const values = new Set(rows.flatMap((r) => personal.map((c) => r[c]!.trim())).filter((v) => v !== ""));
    const checked = [...values].filter((v) => !published.some((p) => found(p, v)));
    expect(checked.length).toBeGreaterThan(2000);
    expect(checked.filter((v) => found(report, v))).toEqual([]);
    // The check has teeth: the roster, which holds them, shows them.
    const roster = readFileSync(join((await drawn()).out, "roster.csv"), "utf8");
    expect(checked.filter((v) => found(roster, v)).length).toBeGreaterThan(200);
  });

  it("is checked by nest verify: an edited page or a missing one is a difference naming report.html", async () => {
    const { out, report } = await drawn();
    expect((await run(["verify", out])).stderr).toContain("ledger.csv, report.html, audit.json all match");
    const number = /<td><code>(L[0-9a-f]{16})<\/code><\/td><td>seated 1<\/td>/.exec(report)![1]!;
    writeFileSync(
      join(out, "report.html"),
      report.replace(`<td><code>${number}</code></td><td>seated 1</td>`, "<td><code>L0000000000000000</code></td><td>seated 1</td>"),
    );
    const edited = await run(["verify", out]);
    expect(edited.code).toBe(1);
    expect(edited.stderr).toMatch(
      /- report\.html is not the page this draw writes: line \d+ reads ".*L0000000000000000.*"; the draw's reads ".*L[0-9a-f]{16}/,
    );
    rmSync(join(out, "report.html"));
    const missing = await run(["verify", out]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("- report.html is missing from");
  });

  it("is written again by nest replace with the replacements on it, and verifies; the audit keeps the drawn page's hash", async () => {
    const { out, report } = await drawn();
    const audit = readFileSync(join(out, "audit.json"), "utf8");
    const roster = parse(readFileSync(join(out, "roster.csv")), { bom: true, columns: true }) as Record<string, string>[];
    const leaving = roster[0]!["Applicant ID"]!;
    const replaced = await run(["replace", out, "--declined", leaving]);
    expect(replaced.code, replaced.stderr).toBe(0);
    const after = readFileSync(join(out, "report.html"), "utf8");
    expect(after).not.toBe(report);
    expect(after).toMatch(new RegExp(`<tr><td class="n">1</td><td>${leaving}</td><td>declined</td><td>${roster[0]!["District"]} `));
    expect(readFileSync(join(out, "audit.json"), "utf8")).toBe(audit);
    const verified = await run(["verify", out]);
    expect(verified.code, verified.stderr).toBe(0);
    writeFileSync(join(out, "report.html"), report); // the page as drawn, without the replacement
    const stale = await run(["verify", out]);
    expect(stale.code).toBe(1);
    expect(stale.stderr).toContain("- report.html is not the page this draw writes: line ");
  });

  it("is a draw's own file: a nest-draw/5 ceremony drawn with --force where a nest-draw/6 draw was replaces it whole", async () => {
    const ceremony = join(ROOT, "test", "golden", "0.5.0", "ceremony");
    const { out } = await drawn();
    const again = await run([
      "draw",
      join(ceremony, "applicants.csv"),
      "--config",
      join(ceremony, "nest.config.json"),
      "--commitment",
      join(ceremony, "commitment.json"),
      "--seed",
      "4 8 1 5 9 2",
      "--out",
      out,
      "--force",
    ]);
    expect(again.code, again.stderr).toBe(0);
    expect(readdirSync(out).sort()).toEqual(["audit.json", "excluded.csv", "ledger.csv", "roster.csv", "waitlist.csv"]);
    expect(JSON.parse(readFileSync(join(out, "audit.json"), "utf8")).algorithm).toBe("nest-draw/5");
  });

  it("escapes a program, a district and a category named like HTML, and the draw verifies", async () => {
    const hostile = `<script>alert("x")</script> & "Co" 'x'`;
    const dir = tempDir();
    const config = join(dir, "nest.config.json");
    writeFileSync(
      config,
      JSON.stringify({
        ...DEFAULT_CONFIG,
        applicantIdKey: "00112233445566778899aabbccddeeff",
        program: hostile,
        districts: DEFAULT_CONFIG.districts.map((d, i) => (i === 0 ? { ...d, name: `${hostile} district` } : d)),
        categories: DEFAULT_CONFIG.categories.map((c) =>
          c.id === "community" ? { ...c, name: `${hostile} category`, aliases: [...(c.aliases ?? []), c.name] } : c,
        ),
      }),
    );
    const { out, report } = await drawn("7", ["--config", config, "--seed-source", hostile]);
    const page = report.replace(/<script>[\s\S]*?<\/script>/, "");
    expect(page).not.toContain('alert("x")');
    expect(page).toContain("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &quot;Co&quot; &#39;x&#39;");
    expect(page.match(/<script/g)).toEqual(["<script"]);
    expect((await run(["verify", out])).code).toBe(0);
  });
});
