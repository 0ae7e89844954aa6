import { spawnSync } from "node:child_process";
import { parse } from "csv-parse/sync";
import { stringify } from "csv-stringify/sync";
import { chmodSync, existsSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { DEFAULT_CONFIG } from "../../src/core/default-config.js";
import { neutraliseFormula } from "../../src/io/format-csv.js";
import { FIXTURES, readFolder, run, tempDir } from "../helpers/run.js";

const APPLICANTS = join(FIXTURES, "applicants.csv");

function readCsv(path: string): Record<string, string>[] {
  return parse(readFileSync(path), { bom: true, columns: true });
}

describe("nest draw on the shipped fixture", () => {
  it("writes roster, waitlist, excluded and audit, and every record lands in exactly one", async () => {
    const out = join(tempDir(), "draw");
    const result = await run(["draw", APPLICANTS, "--seed", "2018", "--out", out]);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe("");
    expect(result.stderr).toContain("600 applicants");
    expect(readdirSync(out).sort()).toEqual(["audit.json", "excluded.csv", "ledger.csv", "report.html", "roster.csv", "waitlist.csv"]);

    const roster = readCsv(join(out, "roster.csv"));
    const waitlist = readCsv(join(out, "waitlist.csv"));
    const excluded = readCsv(join(out, "excluded.csv"));
    const input = parse(readFileSync(APPLICANTS), { columns: true }) as Record<string, string>[];
    const inputRecords = input.length;

    const rosterIds = roster.map((r) => r["Applicant ID"]!);
    const waitIds = new Set(waitlist.map((r) => r["Applicant ID"]!));
    const excludedIds = excluded.map((r) => r["Applicant ID"]!);
    expect(new Set(rosterIds).size).toBe(rosterIds.length); // one place per person
    expect(new Set(excludedIds).size).toBe(excludedIds.length);
    const all = [...rosterIds, ...waitIds, ...excludedIds];
    expect(new Set(all).size).toBe(all.length); // in exactly one output
    expect(all.length).toBe(inputRecords); // nothing lost, nothing invented

    // The applicant's own columns are carried, unchanged, after nest's.
    expect(Object.keys(roster[0]!)).toEqual([
      "District",
      "District name",
      "Category",
      "Seat",
      "Applicant ID",
      "Timestamp",
      "Email Address",
      "First name",
      "Last name",
      "Date of birth",
      "Phone number",
      "Police district",
      "Neighborhood",
      "ZIP code",
      "Which group would you represent?",
      "Why do you want to take part?",
    ]);
    // excluded.csv gives the row the spreadsheet shows (the fixture has no blank lines: record i is on row i + 2).
    expect(Object.keys(excluded[0]!).slice(0, 4)).toEqual(["Applicant ID", "Row", "Reason code", "Reason"]);
    for (const r of excluded) {
      for (const [column, value] of Object.entries(input[Number(r.Row) - 2]!)) expect(r[column]).toBe(neutraliseFormula(value, 2));
    }

    const audit = JSON.parse(readFileSync(join(out, "audit.json"), "utf8"));
    expect(audit.counts.records).toBe(inputRecords);
    expect(audit.counts.seated).toBe(roster.length);
    expect(audit.counts.waitlisted).toBe(waitIds.size);
    expect(audit.counts.excluded).toBe(excluded.length);
    expect(audit.seed).toBe("2018");
    expect(audit.algorithm).toBe("nest-draw/6");
    expect(audit.format).toBe("nest-audit/3");
    expect(audit.input.sha256).toMatch(/^[0-9a-f]{64}$/);
    // The columns read, each with its header and how it was found (nest-audit/3).
    expect(audit.columns).toEqual({
      timestamp: { header: "Timestamp", by: "alias" },
      email: { header: "Email Address", by: "alias" },
      dateOfBirth: { header: "Date of birth", by: "alias" },
      district: { header: "Police district", by: "alias" },
      neighborhood: { header: "Neighborhood", by: "alias" },
      zip: { header: "ZIP code", by: "alias" },
      categories: { header: "Which group would you represent?", by: "alias" },
      firstName: { header: "First name", by: "alias" },
      lastName: { header: "Last name", by: "alias" },
    });
    expect(Object.keys(audit).indexOf("columns")).toBe(Object.keys(audit).indexOf("input") + 1);
    expect(Object.keys(audit.outputs)).toEqual(["roster.csv", "waitlist.csv", "excluded.csv", "ledger.csv", "report.html"]);
  });

  it("carries each applicant's own cells with them, unchanged but for formula escaping", async () => {
    // An ID column added to the fixture says, independently of nest, which record each output row is.
    const records = parse(readFileSync(APPLICANTS), { columns: true }) as Record<string, string>[];
    const dir = tempDir();
    const input = join(dir, "applicants.csv");
    writeFileSync(
      input,
      stringify(
        records.map((r, i) => ({ "Response ID": `resp-${i}`, ...r })),
        { header: true },
      ),
    );
    const out = join(dir, "draw");
    expect((await run(["draw", input, "--seed", "2018", "--out", out])).code).toBe(0);
    const rows = ["roster.csv", "waitlist.csv", "excluded.csv"].flatMap((name) => readCsv(join(out, name)));
    expect(new Set(rows.map((r) => r["Applicant ID"])).size).toBe(records.length);
    for (const r of rows) {
      const own = records[Number(r["Applicant ID"]!.slice("resp-".length))]!;
      for (const [column, value] of Object.entries(own)) expect(r[column]).toBe(neutraliseFormula(value, 2));
    }
  });

  it("has oversubscribed and undersubscribed categories, and names every kind of exclusion", async () => {
    const out = join(tempDir(), "draw");
    await run(["draw", APPLICANTS, "--seed", "2018", "--out", out]);
    const audit = JSON.parse(readFileSync(join(out, "audit.json"), "utf8"));
    const categories = audit.districts.flatMap((d: { categories: { lottery: boolean; seated: number; places: number }[] }) => d.categories);
    expect(categories.some((c: { lottery: boolean }) => c.lottery)).toBe(true);
    expect(categories.some((c: { seated: number; places: number }) => c.seated < c.places)).toBe(true);
    expect(Object.keys(audit.counts.excludedByReason)).toEqual(
      expect.arrayContaining([
        "MISSING_EMAIL",
        "INVALID_EMAIL",
        "DUPLICATE",
        "AGE_NOT_ELIGIBLE",
        "DISTRICT_CONFLICT",
        "OUTSIDE_CITY",
        "ZIP_STRADDLES",
      ]),
    );
  });

  it("the same seed gives byte-identical outputs; another seed a different roster", async () => {
    const [a, b, c] = [tempDir(), tempDir(), tempDir()];
    await run(["draw", APPLICANTS, "--seed", "20180614", "--out", a]);
    await run(["draw", APPLICANTS, "--seed", "20180614", "--out", b]);
    await run(["draw", APPLICANTS, "--seed", "20180615", "--out", c]);
    expect(readFolder(b)).toEqual(readFolder(a));
    expect(readFolder(c)["roster.csv"]).not.toBe(readFolder(a)["roster.csv"]);
  });

  it("the audit's output hashes match the files", async () => {
    const { createHash } = await import("node:crypto");
    const out = tempDir();
    await run(["draw", APPLICANTS, "--seed", "1", "--out", out]);
    const audit = JSON.parse(readFileSync(join(out, "audit.json"), "utf8"));
    for (const [name, hash] of Object.entries(audit.outputs)) {
      expect(
        createHash("sha256")
          .update(readFileSync(join(out, name)))
          .digest("hex"),
      ).toBe(hash);
    }
    expect(createHash("sha256").update(readFileSync(APPLICANTS)).digest("hex")).toBe(audit.input.sha256);
  });

  it("--stdout roster also writes the roster to standard output", async () => {
    const out = tempDir();
    const result = await run(["draw", APPLICANTS, "--seed", "1", "--out", out, "--stdout", "roster"]);
    expect(`\ufeff${result.stdout}`).toBe(readFileSync(join(out, "roster.csv"), "utf8")); // the file has the BOM, the stream not
  });

  it("without --seed draws a secure seed, says so, and records it", async () => {
    const out = tempDir();
    const result = await run(["draw", APPLICANTS, "--out", out], { seed: "31415926535897932384" });
    expect(result.code).toBe(0);
    expect(result.stderr).toContain("drew seed 31415926535897932384");
    const audit = JSON.parse(readFileSync(join(out, "audit.json"), "utf8"));
    expect(audit.seed).toBe("31415926535897932384");
    expect(audit.seedSource).toContain("secure random source");
  });

  it("records where the seed came from", async () => {
    const out = tempDir();
    await run(["draw", APPLICANTS, "--seed", "7 3 9", "--seed-source", "dice rolled at the June 14 meeting", "--out", out]);
    expect(JSON.parse(readFileSync(join(out, "audit.json"), "utf8")).seedSource).toBe("dice rolled at the June 14 meeting");
  });

  it("reads standard input for -", async () => {
    const [a, b] = [tempDir(), tempDir()];
    await run(["draw", APPLICANTS, "--seed", "1", "--out", a]);
    const result = await run(["draw", "-", "--seed", "1", "--out", b], { stdin: readFileSync(APPLICANTS) });
    expect(result.code).toBe(0);
    const [fa, fb] = [readFolder(a), readFolder(b)];
    expect(fb["roster.csv"]).toBe(fa["roster.csv"]);
    expect(fb["waitlist.csv"]).toBe(fa["waitlist.csv"]);
  });

  it("does not overwrite an earlier draw without --force", async () => {
    const out = tempDir();
    await run(["draw", APPLICANTS, "--seed", "1", "--out", out]);
    const before = readFolder(out);
    const refused = await run(["draw", APPLICANTS, "--seed", "2", "--out", out]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain("holds an earlier draw");
    expect(readFolder(out)).toEqual(before);
    const forced = await run(["draw", APPLICANTS, "--seed", "2", "--out", out, "--force"]);
    expect(forced.code).toBe(0);
    expect(readFolder(out)["roster.csv"]).not.toBe(before["roster.csv"]);
    expect(readdirSync(out).sort()).toEqual(["audit.json", "excluded.csv", "ledger.csv", "report.html", "roster.csv", "waitlist.csv"]);
    // A mistyped export is the problem to report, not the earlier draw (--force would not help).
    const missing = await run(["draw", join(tempDir(), "applicant.csv"), "--seed", "2", "--out", out]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/applicant\.csv: no such file/);
    expect(missing.stderr).not.toContain("earlier draw");
  });

  it("never writes over its own input", async () => {
    const dir = tempDir();
    const input = join(dir, "roster.csv");
    writeFileSync(input, readFileSync(APPLICANTS));
    const result = await run(["draw", input, "--seed", "1", "--out", dir, "--force"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("this is the input file");
    expect(readFileSync(input)).toEqual(readFileSync(APPLICANTS));
  });

  it("neutralises formulas in every output, and can be told not to", async () => {
    const out = tempDir();
    await run(["draw", APPLICANTS, "--seed", "2018", "--out", out]);
    const all = Object.values(readFolder(out)).join("\n");
    expect(all).toContain(`"'=HYPERLINK(`);
    expect(all).not.toMatch(/(^|,)=HYPERLINK/m);
    const raw = tempDir();
    await run(["draw", APPLICANTS, "--seed", "2018", "--out", raw, "--no-formula-escape", "--no-bom"]);
    const files = readFolder(raw);
    expect(Object.values(files).join("\n")).toMatch(/(^|,)"=HYPERLINK/m);
    expect(files["roster.csv"]!.startsWith("District,")).toBe(true);
    expect(readFolder(out)["roster.csv"]!.startsWith("\uFEFFDistrict,")).toBe(true);
  });
});

describe("nest draw refuses bad input with exit code 2, one clear message and nothing written", () => {
  const cases: [string, string | Buffer, RegExp][] = [
    [
      "an unclosed quote",
      'Email Address,Which group would you represent?,ZIP code,Age\na@example.org,"Educator,95814,30\n',
      /bad\.csv, line 2, column 2: a quoted cell opens here and is never closed/,
    ],
    ["a missing column", "Name,ZIP code\nAnn,95814\n", /bad\.csv: the export has 4 problems\n {2}- missing column "Email Address"/],
    ["an empty file", "", /bad\.csv: the file is empty/],
    ["a binary file", Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x00, 0x01]), /bad\.csv, line 1: holds a NUL byte/],
    // ZIP's first bytes make it a workbook, whatever its name (an .xlsx saved as .csv): read as one, it is not.
    [
      "a ZIP archive",
      Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x01]),
      /bad\.csv: is not a readable ZIP archive, as an \.xlsx workbook is \(its index, at the end of the file, is missing/,
    ],
    [
      "rows with too many cells",
      "Email Address,Category,ZIP,Age\na@b.org,Educator,95814,30,extra\n",
      /line 2: 5 cells, but the header has 4 columns/,
    ],
  ];
  it.each(cases)("%s", async (_, content, message) => {
    const dir = tempDir();
    const file = join(dir, "bad.csv");
    writeFileSync(file, content);
    const out = join(dir, "out");
    const result = await run(["draw", file, "--seed", "1", "--out", out]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).not.toMatch(/\n\s+at /); // no stack trace
    expect(result.stdout).toBe("");
    expect(existsSync(out)).toBe(false);
  });

  it("an unreadable file", async () => {
    const result = await run(["draw", "/nonexistent/applicants.csv", "--seed", "1", "--out", tempDir()]);
    expect(result).toMatchObject({ code: 2, stdout: "" });
    expect(result.stderr).toBe("nest: /nonexistent/applicants.csv: no such file\n");
  });

  it("a bad config names every problem with its path", async () => {
    const dir = tempDir();
    const config = join(dir, "nest.config.json");
    writeFileSync(config, JSON.stringify({ program: "x", districts: [], categories: [{ id: "Bad Id", name: "X" }] }));
    const result = await run(["draw", APPLICANTS, "--seed", "1", "--config", config, "--out", join(dir, "out")]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`${config}: the config has 2 problems`);
    expect(result.stderr).toContain("  - districts: ");
    expect(result.stderr).toContain("  - categories[0].id: must be lower-case letters, digits and hyphens");
    expect(existsSync(join(dir, "out"))).toBe(false);
  });

  it("a config that is not JSON names line and column", async () => {
    const dir = tempDir();
    const config = join(dir, "nest.config.json");
    writeFileSync(config, '{\n  "program": "x",\n  oops\n}\n');
    const result = await run(["draw", APPLICANTS, "--seed", "1", "--config", config, "--out", join(dir, "out")]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(new RegExp(`${config.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}, line 3, column 3: not valid JSON`));
  });

  it.each([
    [["draw", APPLICANTS, "--seed", ""], "--seed: the seed is empty"],
    [["draw", APPLICANTS, "--seed", "a\tb"], "--seed: the seed contains a control character"],
    [["draw", APPLICANTS, "--stdout", "audit"], "argument 'audit' is invalid"],
    [["draw"], "missing required argument"],
    [["frobnicate"], "unknown command"],
  ])("usage error %j", async (argv, message) => {
    const result = await run([...argv, "--out", join(tempDir(), "out")]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
  });
});

describe("ids that are names of JavaScript's own properties (issue #11)", () => {
  it("draw, and verify from the folder and from the ledger, like any others", async () => {
    const dir = tempDir();
    const config = structuredClone(DEFAULT_CONFIG) as unknown as {
      applicantIdKey: string;
      districts: { id: string }[];
      categories: { id: string }[];
    };
    config.applicantIdKey = "ab".repeat(16);
    config.districts[0]!.id = "constructor";
    config.districts[1]!.id = "__proto__";
    config.categories[0]!.id = "length";
    config.categories[1]!.id = "constructor";
    writeFileSync(join(dir, "config.json"), JSON.stringify(config));
    const text = readFileSync(APPLICANTS, "utf8")
      .replaceAll("District 1 (Natomas)", "constructor")
      .replaceAll("District 2 (North Sacramento)", "__proto__");
    writeFileSync(join(dir, "applicants.csv"), text);
    const out = join(dir, "out");
    const drawn = await run(["draw", join(dir, "applicants.csv"), "--config", join(dir, "config.json"), "--seed", "1", "--out", out]);
    expect(drawn.code).toBe(0);
    expect(drawn.stderr).not.toContain("NaN");
    const audit = JSON.parse(readFileSync(join(out, "audit.json"), "utf8"));
    const places = audit.districts.flatMap((d: { categories: { places: unknown }[] }) => d.categories.map((c) => c.places));
    expect(new Set(places)).toEqual(new Set([2]));
    expect(audit.districts[0].categories[0].seated).toBe(2);
    expect((await run(["verify", out])).code).toBe(0);
    expect((await run(["verify", "--ledger", join(out, "ledger.csv"), "--seed", "1"])).code).toBe(0);
  });
});

describe("--json, for scripts (issue #13.4)", () => {
  it("draw writes one JSON summary on standard output, and verify its verdict, passed or not", async () => {
    const out = join(tempDir(), "out");
    const drawn = await run(["draw", APPLICANTS, "--seed", "7", "--out", out, "--json"]);
    expect(drawn.code).toBe(0);
    const summary = JSON.parse(drawn.stdout);
    expect(summary).toMatchObject({ out, algorithm: "nest-draw/6", seed: "7", seedSource: "given with --seed", commitment: null });
    expect(summary.files).toEqual(
      ["roster.csv", "waitlist.csv", "excluded.csv", "ledger.csv", "report.html", "audit.json"].map((f) => join(out, f)),
    );
    expect(summary.counts.records).toBe(600);
    expect(JSON.parse((await run(["verify", out, "--json"])).stdout)).toEqual({
      verified: true,
      what: out,
      algorithm: "nest-draw/6",
      differences: [],
      replacements: { entries: 0, chain: null },
    });
    const wrong = await run(["verify", "--ledger", join(out, "ledger.csv"), "--seed", "8", "--json"]);
    expect(wrong.code).toBe(1);
    expect(JSON.parse(wrong.stdout)).toMatchObject({ verified: false, differences: [expect.stringContaining("none of the")] });
  });

  it("draw refuses --json with --stdout, which both write to standard output", async () => {
    const result = await run(["draw", APPLICANTS, "--seed", "7", "--out", join(tempDir(), "o"), "--json", "--stdout", "roster"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("--json and --stdout both write to standard output");
  });
});

describe("placeholder places (issue #12)", () => {
  it("are said loudly when a draw uses them, and not once the config sets places", async () => {
    const dir = tempDir();
    const trial = await run(["draw", APPLICANTS, "--seed", "1", "--out", join(dir, "a")]);
    expect(trial.code).toBe(0);
    expect(trial.stderr).toContain("nest: warning: the embedded config gives every category 2 places in every district, the placeholder");
    const config = { ...DEFAULT_CONFIG, applicantIdKey: "ab".repeat(16), places: { default: 2, overrides: { "3": { youth: 4 } } } };
    writeFileSync(join(dir, "config.json"), JSON.stringify(config));
    const real = await run(["draw", APPLICANTS, "--config", join(dir, "config.json"), "--seed", "1", "--out", join(dir, "b")]);
    expect(real.code).toBe(0);
    expect(real.stderr).not.toContain("placeholder");
    writeFileSync(join(dir, "init.json"), JSON.stringify({ ...DEFAULT_CONFIG, applicantIdKey: "ab".repeat(16) }));
    const initial = await run(["commit", APPLICANTS, "--config", join(dir, "init.json"), "--out", join(dir, "c.json")]);
    expect(initial.stderr).toContain(`nest: warning: ${join(dir, "init.json")} gives every category 2 places`);
  });
});

describe("a config whose names hold control characters (review of issue #11.1)", () => {
  it("is refused, naming each place, before anything is written: a NUL before '=' hid a formula from the guard", async () => {
    const dir = tempDir();
    const config = structuredClone(DEFAULT_CONFIG) as unknown as {
      applicantIdKey: string;
      districts: { name: string; aliases: string[] }[];
      categories: { name: string }[];
    };
    config.applicantIdKey = "ab".repeat(16);
    config.districts[0]!.name = '\u0000=HYPERLINK("http://evil.example")';
    config.districts[1]!.aliases = ["North\u001b[2J"];
    config.categories[2]!.name = "Faith\tcommunity";
    writeFileSync(join(dir, "config.json"), JSON.stringify(config));
    const out = join(dir, "out");
    const result = await run(["draw", APPLICANTS, "--config", join(dir, "config.json"), "--seed", "1", "--out", out]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("the config has 3 problems");
    expect(result.stderr).toContain("districts[0].name: holds a control character (U+0000, character 1)");
    expect(result.stderr).toContain("districts[1].aliases[0]: holds a control character (U+001B, character 6)");
    expect(result.stderr).toContain("categories[2].name: holds a control character (U+0009, character 6)");
    expect(existsSync(out)).toBe(false);
  });
});

describe("a config that names two categories or two districts alike (review of nest replace)", () => {
  it("is refused for a new draw: the ledger and replacements.csv name a category by its name", async () => {
    const dir = tempDir();
    const config = structuredClone(DEFAULT_CONFIG) as unknown as { districts: { name: string }[]; categories: { name: string }[] };
    config.categories[1]!.name = config.categories[0]!.name;
    config.districts[3]!.name = config.districts[2]!.name;
    writeFileSync(join(dir, "config.json"), JSON.stringify(config));
    const out = join(dir, "out");
    const result = await run(["draw", APPLICANTS, "--config", join(dir, "config.json"), "--seed", "1", "--out", out]);
    expect(result.stderr).toContain(`categories[1].name: "${config.categories[0]!.name}" is already the name of categories[0]`);
    expect(result.stderr).toContain(`districts[3].name: "${config.districts[2]!.name}" is already the name of districts[2]`);
    expect(result.code).toBe(2);
    expect(existsSync(out)).toBe(false);
  });
});

describe("an output folder that cannot be one (issue #11)", () => {
  it.each([
    [
      "a file",
      () => {
        const file = join(tempDir(), "a-file");
        writeFileSync(file, "");
        return file;
      },
    ],
    ["/dev/null", () => "/dev/null"],
    [
      "a symbolic link that loops",
      () => {
        const loop = join(tempDir(), "loop");
        symlinkSync(loop, loop);
        return loop;
      },
    ],
  ])("--out naming %s is exit 2 with the reason, not a bug", async (_, make) => {
    const result = await run(["draw", APPLICANTS, "--seed", "1", "--out", make()]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      /^nest: .*could not write the draw: (a part of the path is not a folder|a symbolic link in the path leads round in a loop)/m,
    );
    expect(result.stderr).not.toContain("internal error");
  });

  it("a folder in a place nobody may write is exit 2 with the reason, not a bug with a stack trace", async () => {
    // As root every folder is writable but those of the kernel's own file systems: /proc/sys then stands in.
    let parent: string;
    if (process.getuid?.() === 0) {
      if (!existsSync("/proc/sys")) return console.warn("skipped: no /proc/sys to stand in for an unwritable folder");
      parent = "/proc/sys";
    } else {
      parent = tempDir();
      chmodSync(parent, 0o555);
    }
    const result = await run(["draw", APPLICANTS, "--seed", "1", "--out", join(parent, "draw")]);
    expect(result.stderr).not.toContain("internal error");
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^nest: .*draw: could not write the draw: (no such file|permission denied)/m);
  });

  it("a read-only file system is named as such (#11.13: it said 'no such file')", async () => {
    // A read-only tmpfs needs root and mount; elsewhere this is skipped with a message.
    const dir = tempDir();
    const mounted = spawnSync("mount", ["-t", "tmpfs", "-o", "ro,size=1m", "tmpfs", dir], { encoding: "utf8" });
    if (mounted.status !== 0) return console.warn(`skipped: cannot mount a read-only file system here (${mounted.stderr.trim()})`);
    try {
      const draw = await run(["draw", APPLICANTS, "--seed", "1", "--out", join(dir, "draw")]);
      expect(draw.code).toBe(2);
      expect(draw.stderr).toMatch(/^nest: .*draw: could not write the draw: the file system is read-only$/m);
      const init = await run(["init", join(dir, "nest.config.json")]);
      expect(init.code).toBe(2);
      expect(init.stderr).toContain("the file system is read-only");
    } finally {
      spawnSync("umount", [dir]);
    }
  });
});

describe("--seed-source without --seed (issue #14)", () => {
  it("is refused: a source such as 'dice' must not be recorded for a seed nest drew itself", async () => {
    const result = await run(["draw", APPLICANTS, "--seed-source", "dice", "--out", join(tempDir(), "d")], { seed: "12345" });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("--seed-source says where a seed came from: give the seed too");
  });
});

describe("what audit.json and the files name (issue #11.13)", () => {
  it("an export's own column named as one of nest's, beside one already called that with (as submitted), keeps a name of its own", async () => {
    const dir = tempDir();
    const rows = parse(readFileSync(APPLICANTS), { columns: false }) as string[][];
    const header = ["Seat", "Seat (as submitted)", "position", ...rows[0]!];
    const body = rows.slice(1).map((r, i) => [`s${i}`, `t${i}`, `p${i}`, ...r]);
    writeFileSync(join(dir, "applicants.csv"), stringify([header, ...body], { record_delimiter: "windows" }));
    const out = join(dir, "draw");
    expect((await run(["draw", join(dir, "applicants.csv"), "--seed", "2018", "--out", out])).code).toBe(0);
    const roster = parse(readFileSync(join(out, "roster.csv")), { bom: true, columns: false }) as string[][];
    const names = roster[0]!;
    expect(names.slice(0, 8)).toEqual([
      "District",
      "District name",
      "Category",
      "Seat",
      "Applicant ID",
      "Seat (as submitted 2)",
      "Seat (as submitted)",
      "position (as submitted)",
    ]);
    expect(new Set(names).size).toBe(names.length);
    // Each column still holds its own cells: the first row's "Seat" cell is an "s", its "Seat (as submitted)" a "t".
    expect(roster[1]![5]).toMatch(/^s\d+$/);
    expect(roster[1]![6]).toMatch(/^t\d+$/);
    expect((await run(["verify", out])).code).toBe(0);
  });
});
