import { parse } from "csv-parse/sync";
import { existsSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { DEFAULT_CONFIG } from "../../src/core/default-config.js";
import { FIXTURES, run, tempDir } from "../helpers/run.js";

const APPLICANTS = join(FIXTURES, "applicants.csv");

describe("nest check", () => {
  it("lists every exclusion and note as CSV on stdout, the counts on stderr, and writes no files", async () => {
    const dir = tempDir();
    const result = await run(["check", APPLICANTS]);
    expect(result.code).toBe(0);
    const rows = parse(result.stdout, { bom: true, columns: true }) as Record<string, string>[];
    expect(Object.keys(rows[0]!)).toEqual(["Row", "Applicant ID", "Name and email", "Outcome", "District", "Reason code", "Reason"]);
    // Each problem points at the row the spreadsheet shows, with a name and email to search for.
    const records = parse(readFileSync(APPLICANTS), { columns: true }) as Record<string, string>[];
    for (const r of rows) {
      const own = records[Number(r.Row) - 2]!;
      const name = `${own["First name"]} ${own["Last name"]}`.trim();
      expect(r["Name and email"]).toBe([name, own["Email Address"]!.trim()].filter(Boolean).join(", "));
    }
    const excluded = rows.filter((r) => r.Outcome === "excluded");
    // The same exclusions as a draw makes.
    const out = join(dir, "draw");
    await run(["draw", APPLICANTS, "--seed", "1", "--out", out]);
    const drawn = parse(readFileSync(join(out, "excluded.csv")), { bom: true, columns: true }) as Record<string, string>[];
    expect(excluded.map((r) => [r["Applicant ID"], r["Reason code"], r.Reason])).toEqual(
      drawn.map((r) => [r["Applicant ID"], r["Reason code"], r.Reason]),
    );
    expect(result.stderr).toContain("600 applicants");
    expect(result.stderr).not.toContain("Seated");
  });

  it("--json writes the report as JSON", async () => {
    const result = await run(["check", APPLICANTS, "--json"]);
    const report = JSON.parse(result.stdout);
    expect(report.counts.records).toBe(600);
    expect(report.counts.excluded).toBe(report.problems.filter((p: { outcome: string }) => p.outcome === "excluded").length);
  });

  it("exits 2 on a malformed export", async () => {
    const file = join(tempDir(), "x.csv");
    writeFileSync(file, 'a,b\n"1,2\n');
    const result = await run(["check", file]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
  });
});

describe("nest init", () => {
  it("writes the default config, which draw then accepts, and does not overwrite it", async () => {
    const dir = tempDir();
    const path = join(dir, "nest.config.json");
    expect((await run(["init", path], { key: "5e".repeat(16) })).code).toBe(0);
    const config = JSON.parse(readFileSync(path, "utf8"));
    expect(config.places).toEqual({ default: 2, overrides: {} });
    expect(config.districts).toHaveLength(6);
    // A secret key of its own for the Applicant IDs, from the secure random source.
    expect(config.applicantIdKey).toBe("5e".repeat(16));

    const again = await run(["init", path]);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain("already exists");

    // Without its key, the written config is the embedded default.
    const { applicantIdKey: _key, ...unkeyed } = config;
    expect(unkeyed).toEqual(DEFAULT_CONFIG);
    // With it, the IDs are its own, and nest does not say they are keyed with a key everyone knows.
    const a = await run(["draw", APPLICANTS, "--seed", "5", "--out", join(dir, "a")]);
    const keyed = await run(["draw", APPLICANTS, "--seed", "5", "--config", path, "--out", join(dir, "c")]);
    expect([a.code, keyed.code]).toEqual([0, 0]);
    expect(a.stderr).toContain("a key everyone knows");
    expect(keyed.stderr).not.toContain("a key everyone knows");
    expect(readFileSync(join(dir, "c", "ledger.csv"), "utf8")).not.toBe(readFileSync(join(dir, "a", "ledger.csv"), "utf8"));
  });

  it("--force over a config with a key says which key it replaced: every ID and commitment depends on it", async () => {
    const path = join(tempDir(), "nest.config.json");
    await run(["init", path], { key: "5e".repeat(16) });
    const forced = await run(["init", path, "--force"], { key: "a1".repeat(16) });
    expect(forced.code).toBe(0);
    expect(forced.stderr).toContain(`held another applicantIdKey, ${"5e".repeat(16)}`);
    expect(JSON.parse(readFileSync(path, "utf8")).applicantIdKey).toBe("a1".repeat(16));
    // Nothing to say when there was no config there.
    const fresh = await run(["init", join(tempDir(), "new.json"), "--force"]);
    expect(fresh.stderr).not.toContain("applicantIdKey,");
  });

  it("a config with more places seats more people", async () => {
    const dir = tempDir();
    const path = join(dir, "nest.config.json");
    await run(["init", path]);
    const config = JSON.parse(readFileSync(path, "utf8"));
    config.places = { default: 3, overrides: { "3": { youth: 5 } } };
    writeFileSync(path, JSON.stringify(config));
    await run(["draw", APPLICANTS, "--seed", "5", "--config", path, "--out", join(dir, "out")]);
    const audit = JSON.parse(readFileSync(join(dir, "out", "audit.json"), "utf8"));
    const youth3 = audit.districts.find((d: { id: string }) => d.id === "3").categories.find((c: { id: string }) => c.id === "youth");
    expect(youth3).toMatchObject({ places: 5, seated: 5 });
  });
});

describe("the shell", () => {
  it("--version prints the version on stdout", async () => {
    const result = await run(["--version"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
  });

  it("--help lists the commands", async () => {
    const result = await run(["--help"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/draw[\s\S]*check[\s\S]*init/);
  });

  it.each([
    [{}, false],
    [{ FORCE_COLOR: "1" }, true],
    [{ FORCE_COLOR: "1", NO_COLOR: "1" }, false],
    [{ FORCE_COLOR: "0" }, false],
  ])("colour with env %j: %s", async (env, coloured) => {
    const result = await run(["check", APPLICANTS], { env });
    expect(result.stderr.includes("\u001b[")).toBe(coloured);
    expect(result.stdout.includes("\u001b[")).toBe(false);
  });

  it("--no-color wins over FORCE_COLOR", async () => {
    const result = await run(["check", APPLICANTS, "--no-color"], { env: { FORCE_COLOR: "1" } });
    expect(result.stderr.includes("\u001b[")).toBe(false);
  });
});

describe("input limits and date order", () => {
  it("refuses a file over the size limit without reading it", async () => {
    const { openSync, ftruncateSync, closeSync } = await import("node:fs");
    const file = join(tempDir(), "huge.csv");
    const fd = openSync(file, "w");
    ftruncateSync(fd, 600 * 1024 * 1024); // sparse: takes no disk space
    closeSync(fd);
    const result = await run(["check", file]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      "huge.csv: the file is 629,145,600 bytes, over 500 MiB (524,288,000 bytes); nest reads exports of up to 500 MiB",
    );
  });

  it("--date-format dmy reads 14/6/2000 as 14 June, and the audit records it", async () => {
    const dir = tempDir();
    const file = join(dir, "dmy.csv");
    writeFileSync(file, "Email,Category,Police district,Date of birth\na@example.org,Youth,3,20/6/1995\n");
    // Read month first, 20/6/1995 is no date: from nest-draw/4 on, a column that only fits day/month stops the run.
    const mdy = await run(["check", file, "--json"]);
    expect(mdy.code).toBe(2);
    expect(mdy.stderr).toContain('column "Date of birth" writes dates day/month/year (row 2: "20/6/1995")');
    expect(mdy.stderr).toContain("run nest again with --date-format dmy");
    const dmy = await run(["check", file, "--json", "--date-format", "dmy"]);
    expect(JSON.parse(dmy.stdout).counts.eligible).toBe(1);
    const out = join(dir, "out");
    await run(["draw", file, "--seed", "1", "--date-format", "dmy", "--out", out]);
    const audit = JSON.parse(readFileSync(join(out, "audit.json"), "utf8"));
    expect(audit.config.effective.dateFormat).toBe("dmy");
    expect(audit.config.source).toContain("with --date-format dmy");
    expect((await run(["verify", out])).code).toBe(0);
  });
});

describe("dates decided per column, never per cell (issue #12)", () => {
  it("a day/month export is never read month first: 6/7/2000 stays 6 July, so a 17-year-old is not Youth", async () => {
    const file = join(tempDir(), "dmy.csv");
    // NEST 2018's session in district 3 is on 2018-06-14: born 6 July 2000, one is 17; read month first, 18.
    writeFileSync(file, "Email,Category,Police district,Date of birth\na@example.org,Youth,3,6/7/2000\nb@example.org,Youth,3,25/12/1996\n");
    const told = await run(["check", file, "--json"]);
    expect(told.code).toBe(2);
    expect(told.stdout).toBe("");
    expect(told.stderr).toContain("run nest again with --date-format dmy");
    const dmy = JSON.parse((await run(["check", file, "--json", "--date-format", "dmy"])).stdout);
    expect(dmy.problems).toEqual([expect.objectContaining({ row: 2, code: "AGE_NOT_ELIGIBLE" })]);
  });

  it("dates of birth that could be read either way follow the file's timestamps: 6/7/2000 is not read month first", async () => {
    const file = join(tempDir(), "ambiguous.csv");
    writeFileSync(
      file,
      "Timestamp,Email,Category,Police district,Date of birth\n13/05/2018 14:22:01,a@example.org,Youth,3,6/7/2000\n14/05/2018 09:00:00,b@example.org,Youth,3,3/4/1999\n",
    );
    const told = await run(["check", file]);
    expect(told.code).toBe(2);
    expect(told.stderr).toContain("run nest again with --date-format dmy");
    const dmy = JSON.parse((await run(["check", file, "--json", "--date-format", "dmy"])).stdout);
    expect(dmy.problems).toEqual([expect.objectContaining({ row: 2, code: "AGE_NOT_ELIGIBLE" })]);
  });

  it("timestamps are read in the order their column shows: the earliest copy of an address counts", async () => {
    // Newest first, day/month: 14 May is later than 3 May. Read cell by cell month first, 14/5 was no date and the
    // first row (the later copy) was kept.
    const file = join(tempDir(), "stamps.csv");
    writeFileSync(
      file,
      "Timestamp,Email,Category,Police district,Age\n14/5/2018 10:00,x@example.org,Faith,3,40\n3/5/2018 09:00,x@example.org,Faith,3,40\n",
    );
    const result = JSON.parse((await run(["check", file, "--json"])).stdout);
    expect(result.problems).toEqual([expect.objectContaining({ row: 2, code: "DUPLICATE" })]);
  });
});

describe("timestamps as other locales write them (issue #12)", () => {
  it("reads a zone after the time, so copies either side of the end of summer time come in the order they were sent", async () => {
    // 1:45 PDT is 08:45 UTC, 1:30 PST (an hour later, after the clocks went back) is 09:30 UTC.
    const file = join(tempDir(), "zones.csv");
    writeFileSync(
      file,
      "Timestamp,Email,Category,ZIP code,Age\n2018/11/04 1:30:00 AM PST,x@example.org,Faith,95814,40\n2018/11/04 1:45:00 AM PDT,x@example.org,Faith,95814,40\n",
    );
    const result = await run(["check", file, "--json"]);
    expect(JSON.parse(result.stdout).problems).toEqual([expect.objectContaining({ row: 2, code: "DUPLICATE" })]);
    expect(result.stderr).not.toContain("cannot be read");
  });

  it("says how many timestamps it cannot read, and what then decides", async () => {
    const file = join(tempDir(), "unread.csv");
    writeFileSync(file, "Timestamp,Email,Category,ZIP code,Age\n6/1/2018 10:00,a@x.org,Faith,95814,40\nyesterday,b@x.org,Faith,95814,40\n");
    const result = await run(["check", file]);
    expect(result.stderr).toContain('nest: 1 of 2 timestamps cannot be read (row 3: "yesterday"): where copies of one email address');
  });
});

describe("the coordinator's own form (issue #12)", () => {
  it("reads a form in the coordinator's own wording, and shows which column it took for what", async () => {
    const file = join(tempDir(), "own.csv");
    writeFileSync(
      file,
      "Timestamp,What is your email?,Your date of birth,Which Sacramento police district do you live in?,Which group are you applying to represent?\n" +
        "6/1/2018 10:00,a@example.org,6/17/1995,3,Youth\n",
    );
    const result = await run(["check", file, "--json"]);
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout).counts.eligible).toBe(1);
    expect(result.stderr).toContain('Columns read: timestamp "Timestamp"; email "What is your email?" (by its wording)');
    expect(result.stderr).toContain('categories "Which group are you applying to represent?" (by its wording)');
  });

  it('refuses Microsoft Forms\' Email column of "anonymous" instead of excluding everyone', async () => {
    const file = join(tempDir(), "msforms.csv");
    writeFileSync(
      file,
      "ID,Start time,Completion time,Email,Name,Category,ZIP code,Age\n" +
        "1,6/1/2018 9:58,6/1/2018 10:00,anonymous,,Faith,95814,40\n2,6/1/2018 9:59,6/1/2018 10:03,anonymous,,Faith,95814,41\n",
    );
    const result = await run(["check", file]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('column "Email" holds "anonymous" in every row, as Microsoft Forms writes');
    expect(result.stderr).toContain('"columns": { "email": "<its header>" }');
  });

  it("reads category answers in the coordinator's own words, and summarises those it read so and those it could not", async () => {
    const file = join(tempDir(), "answers.csv");
    writeFileSync(
      file,
      "Email,Which group are you applying to represent?,ZIP code,Age\n" +
        'a@x.org,Faith community rep.,95814,40\nb@x.org,Volunteer,95814,40\nc@x.org,"Educator (teacher, professor, school staff)",95814,40\nd@x.org,Volunteer,95814,30\n',
    );
    const result = await run(["check", file, "--json"]);
    expect(result.code, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report.counts.eligible).toBe(2);
    expect(report.answers).toEqual({
      unknown: [{ answer: "Volunteer", rows: 2 }],
      byWords: [{ answer: "Faith community rep.", id: "faith", rows: 1 }],
    });
    // A reading by its words is noted on the row, in the check and in a draw's audit.
    expect(report.problems).toContainEqual(
      expect.objectContaining({
        row: 2,
        outcome: "note",
        reason: 'The answer "Faith community rep." was read as Faith community representative (by its words)',
      }),
    );
    expect(result.stderr).toContain('      2  "Volunteer": "aliases": [..., "Volunteer"]');
  });

  it("lists every problem of a row in one pass: the one that decides, then the others", async () => {
    const file = join(tempDir(), "many.csv");
    writeFileSync(file, "Email,Category,Police district,Date of birth\nnot-an-email,Clergy,9,1/20/2000\nb@x.org,Youth,3,1/20/1950\n");
    const report = JSON.parse((await run(["check", file, "--json"])).stdout);
    expect(report.problems.map((p: { row: number; outcome: string; code: string }) => [p.row, p.outcome, p.code])).toEqual([
      [2, "excluded", "INVALID_EMAIL"],
      [2, "also", "DISTRICT_NOT_FOUND"],
      [2, "also", "UNKNOWN_CATEGORY"],
      [3, "excluded", "AGE_NOT_ELIGIBLE"],
    ]);
    expect(report.counts.excludedByReason).toEqual({ INVALID_EMAIL: 1, AGE_NOT_ELIGIBLE: 1 });
  });

  it("stops when every date of birth could be read either way and nothing says which, until the order is chosen", async () => {
    const dir = tempDir();
    const file = join(dir, "either.csv");
    // No timestamps, and 6/7/2000 is 7 June or 6 July: Cy is 18 or 17 on the first session.
    writeFileSync(file, "Email,Category,ZIP code,Date of birth\na@x.org,Youth,95817,6/7/2000\nb@x.org,Youth,95817,3/4/1999\n");
    const unchosen = await run(["check", file]);
    expect(unchosen.code).toBe(2);
    expect(unchosen.stderr).toBe(
      `nest: ${file}: column "Date of birth" has only dates that could be read either way (row 2: "6/7/2000"), and nothing ` +
        "else in the export says which way round they are written: run nest again with --date-format mdy (month/day/year) " +
        'or --date-format dmy (day/month/year), or put "dateFormat" in the config\n',
    );
    for (const order of ["mdy", "dmy"]) {
      const chosen = JSON.parse((await run(["check", file, "--json", "--date-format", order])).stdout);
      expect(chosen.counts.eligible, order).toBe(order === "mdy" ? 2 : 1);
    }
    // A config file that says its order has chosen it (nest init writes one that does).
    const config = join(dir, "nest.config.json");
    expect((await run(["init", config])).code).toBe(0);
    expect((await run(["check", file, "--config", config])).code).toBe(0);
    // A day/month timestamp column says which, as before.
    const stamped = join(dir, "stamped.csv");
    writeFileSync(stamped, "Timestamp,Email,Category,ZIP code,Date of birth\n13/05/2018 10:00,a@x.org,Youth,95817,6/7/2000\n");
    expect((await run(["check", stamped])).stderr).toContain("run nest again with --date-format dmy");
  });

  it("warns when names lost letters to Excel's plain CSV, and says how to save the file", async () => {
    const file = join(tempDir(), "cp1252.csv");
    writeFileSync(
      file,
      "Email,First name,Last name,Category,ZIP code,Age\na@x.org,?ukasz,Nguy?n,Faith,95814,40\nb@x.org,Ann,Lee,Faith,95814,40\n",
    );
    const result = await run(["check", file]);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('nest: warning: 2 names hold "?" where a letter should be (row 2: "?ukasz")');
    expect(result.stderr).toContain('Save it again as "CSV UTF-8 (Comma delimited)"');
  });

  it("says an anonymous email column with the columns' other problems, in one pass (newcomer trial)", async () => {
    const file = join(tempDir(), "msforms-no-group.csv");
    writeFileSync(file, "ID,Start time,Completion time,Email,Name,ZIP code,Age\n1,6/1/2018 9:58,6/1/2018 10:00,anonymous,,95814,40\n");
    const result = await run(["check", file]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('column "Email" holds "anonymous" in every row');
    expect(result.stderr).toContain('missing column "Which group would you represent?"');
  });

  it("nest init --from EXPORT writes a config fitted to the export, and says what it fitted and what is left to do", async () => {
    const dir = tempDir();
    const file = join(dir, "own.csv");
    writeFileSync(
      file,
      "Timestamp,What is your email?,Your date of birth,Home ZIP,Which group are you applying to represent?\n" +
        "13/05/2018 10:00,a@x.org,17/6/1999,95814,Faith community rep.\n14/05/2018 10:00,b@x.org,1/2/1990,95814,Volunteer\n",
    );
    const config = join(dir, "nest.config.json");
    const init = await run(["init", config, "--from", file]);
    expect(init.code, init.stderr).toBe(0);
    expect(init.stderr).toContain('columns.email: "What is your email?" (by its wording)');
    expect(init.stderr).toContain('dateFormat: "dmy"');
    expect(init.stderr).toContain('to do: "Volunteer" (1 row) is no category');
    const written = JSON.parse(readFileSync(config, "utf8"));
    expect(written.applicantIdKey).toMatch(/^[0-9a-f]{32}$/);
    expect(written.columns).toEqual({
      email: "What is your email?",
      dateOfBirth: "Your date of birth",
      zip: "Home ZIP",
      categories: "Which group are you applying to represent?",
    });
    expect(written.categories.find((c: { id: string }) => c.id === "faith").aliases).toContain("Faith community rep.");
    // The fitted config reads the export with no flag: one row left, the unknown answer.
    const report = JSON.parse((await run(["check", file, "--config", config, "--json"])).stdout);
    expect(report.counts.eligible).toBe(1);
    expect(report.problems).toEqual([expect.objectContaining({ row: 3, code: "UNKNOWN_CATEGORY" })]);
    expect(report.answers.byWords).toEqual([]);
  });

  it("nest init --from writes a header with a line break so that the config it writes is valid (review of 0.4.0)", async () => {
    const dir = tempDir();
    const file = join(dir, "multiline.csv");
    writeFileSync(
      file,
      'What is your email?,ZIP code,Age,"Which seat are you applying for?\n(choose all that apply)"\na@x.org,95814,40,Faith community rep.\n',
    );
    const config = join(dir, "nest.config.json");
    expect((await run(["init", config, "--from", file])).code).toBe(0);
    expect(JSON.parse(readFileSync(config, "utf8")).columns.categories).toBe("Which seat are you applying for? (choose all that apply)");
    const report = await run(["check", file, "--config", config, "--json"]);
    expect(report.code, report.stderr).toBe(0);
    expect(JSON.parse(report.stdout).counts.eligible).toBe(1);
  });

  it("does not stop on dates of birth written both ways when no category has an age rule, since nothing reads them", async () => {
    const dir = tempDir();
    const config = join(dir, "config.json");
    const categories = DEFAULT_CONFIG.categories.map((c) => ({ ...c, rules: {} }));
    writeFileSync(config, JSON.stringify({ ...DEFAULT_CONFIG, applicantIdKey: "ab".repeat(16), categories }));
    const file = join(dir, "both.csv");
    writeFileSync(file, "Email,Category,ZIP code,Date of birth\na@x.org,Faith,95814,6/13/1980\nb@x.org,Faith,95814,13/6/1980\n");
    expect((await run(["check", file, "--config", config])).code).toBe(0);
    expect((await run(["check", file])).code).toBe(2); // with the default's Youth age rule, it does
  });

  it("lists the keys a config's columns take when one is misspelt", async () => {
    const dir = tempDir();
    const config = join(dir, "config.json");
    writeFileSync(config, JSON.stringify({ ...DEFAULT_CONFIG, columns: { emial: "Contact" } }));
    const result = await run(["check", APPLICANTS, "--config", config]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('columns: Unrecognized key: "emial"; the keys "columns" takes are "id", "timestamp", "email"');
  });
});

describe("the progress line", () => {
  it("on a terminal, once a run has taken a second: each phase on standard error, nothing on standard output", async () => {
    let clock = 0;
    const now = () => (clock += 1100); // every look at the clock is 1.1 s later
    const out = join(tempDir(), "out");
    const result = await run(["draw", APPLICANTS, "--seed", "1", "--out", out, "--stdout", "roster"], { tty: true, now });
    expect(result.code).toBe(0);
    for (const phase of ["reading", "checking 600 applicants", "drawing", "writing roster.csv", "writing ledger.csv"]) {
      expect(result.stderr).toContain(`\r\u001b[Knest: ${phase}...`);
    }
    expect(`\ufeff${result.stdout}`).toBe(readFileSync(join(out, "roster.csv"), "utf8")); // the file has the BOM, the stream not
    expect(result.stdout).not.toContain("nest:");
  });

  it("shows nothing for a run under a second, or when standard error is not a terminal", async () => {
    const quick = await run(["check", APPLICANTS], { tty: true, now: () => 0 });
    expect(quick.stderr).not.toContain("\r");
    const piped = await run(["check", APPLICANTS], { tty: false, now: () => Date.now() * 1000 });
    expect(piped.stderr).not.toContain("\r");
  });

  it("reports rows read and the share of the file while reading a large export", async () => {
    const { createProgress } = await import("../../src/render/progress.js");
    const lines: string[] = [];
    let clock = 0;
    const progress = createProgress(
      (t) => lines.push(t),
      () => (clock += 2000),
    );
    progress.phase("reading");
    progress.rows(16384, 0.25);
    progress.finish();
    expect(lines).toEqual(["\r\u001b[Knest: reading...", "\r\u001b[Knest: reading: 16,384 rows (25% of the file)", "\r\u001b[K"]);
  });
});

describe("exit code 70", () => {
  it("an error nest did not expect says it is a bug, with the stack", async () => {
    const { main } = await import("../../src/cli.js");
    let stderr = "";
    const code = await main(["check", "-"], {
      stdout: () => {},
      stderr: (t) => void (stderr += t),
      readStdin: async () => {
        throw new TypeError("boom from a broken stream");
      },
      env: {},
      stderrIsTTY: false,
    });
    expect(code).toBe(70);
    expect(stderr).toContain("nest: internal error. This is a bug in nest");
    expect(stderr).toContain("TypeError: boom from a broken stream");
    expect(stderr).toMatch(/\n\s+at /);
  });
});

describe("inputs that are not regular files (issue #11)", () => {
  it.runIf(existsSync("/dev/zero"))("an endless one is refused past the limit, for an export and for a config", async () => {
    const exported = await run(["check", "/dev/zero"]);
    expect(exported.code).toBe(2);
    expect(exported.stderr).toMatch(/^nest: \/dev\/zero: more than 500 MiB came; nest reads exports of up to 500 MiB/);
    const config = await run(["check", APPLICANTS, "--config", "/dev/zero"]);
    expect(config.code).toBe(2);
    expect(config.stderr).toMatch(
      /^nest: \/dev\/zero: more than 256 MiB came; nest reads configs, commitments and audits of up to 256 MiB/,
    );
  });

  it("a symbolic link that leads round in a loop is named as such, as an export and as a config (#11.13: raw ELOOP)", async () => {
    const loop = join(tempDir(), "loop.csv");
    symlinkSync(loop, loop);
    for (const args of [
      ["check", loop],
      ["check", APPLICANTS, "--config", loop],
    ]) {
      const result = await run(args);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(/^nest: .*loop\.csv: a symbolic link in the path leads round in a loop$/m);
    }
  });
});

describe("the terminal is safe from the data (issue #11)", () => {
  const ESC = "\u001b";
  const hostile = `${ESC}]0;pwned\u0007${ESC}[2J`;

  it("escape sequences in an export reach standard error escaped, never raw", async () => {
    const file = join(tempDir(), "x.csv");
    writeFileSync(
      file,
      `Response ID,Email Address,Police district,Which group would you represent?,Age\r\nx${hostile},a@b.org,3,Educator,30\r\n`,
    );
    const result = await run(["check", file]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("\\u001b]0;pwned\\u0007\\u001b[2J");
    expect(result.stderr).not.toContain(ESC);
  });

  it("the check report is escaped on a terminal, and left as it is when piped", async () => {
    const file = join(tempDir(), "x.csv");
    writeFileSync(file, `Email Address,Police district,Which group would you represent?,Age\r\na@b.org,3,Astro${ESC}[2J${ESC}[H,30\r\n`);
    const onTerminal = await run(["check", file], { stdoutTty: true });
    expect(onTerminal.stdout).not.toContain(ESC);
    expect(onTerminal.stdout).toContain("Astro\\u001b[2J\\u001b[H");
    expect((await run(["check", file])).stdout).toContain(`Astro${ESC}[2J${ESC}[H`);
    // The report's own line ends (CR LF) are line ends on a terminal too, not "\u000d" at the end of every line.
    expect(onTerminal.stdout).not.toContain("\\u000d");
    expect(onTerminal.stdout.split("\r\n").length).toBeGreaterThan(2);
  });

  it("a carriage return alone, inside a cell, is still shown escaped on a terminal", async () => {
    const file = join(tempDir(), "x.csv");
    writeFileSync(file, `Email Address,Police district,Which group would you represent?,Age\r\na@b.org,3,"Astro\rnaut",30\r\n`);
    const onTerminal = await run(["check", file], { stdoutTty: true });
    expect(onTerminal.stdout).toContain("Astro\\u000dnaut");
  });

  it("nest's own colours still reach a terminal that wants them", async () => {
    const result = await run(["check", APPLICANTS], { tty: true, env: { FORCE_COLOR: "1" } });
    expect(result.stderr).toMatch(/\u001b\[1m/);
  });

  it("a seed whose bytes were not UTF-8 (U+FFFD) is refused: two seeds would read the same", async () => {
    const result = await run(["draw", APPLICANTS, "--seed", "dice \uFFFD 3", "--out", join(tempDir(), "d")]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("the seed holds bytes that are not UTF-8 text");
  });
});
