import { createHash } from "node:crypto";
import { closeSync, cpSync, existsSync, ftruncateSync, openSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { spawn, spawnSync } from "node:child_process";
import { hostname } from "node:os";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { DEFAULT_CONFIG } from "../../src/core/default-config.js";
import { watchFolder } from "../../src/io/draw-folder.js";
import { FIXTURES, ROOT, run, tempDir } from "../helpers/run.js";

const FIXTURE = join(FIXTURES, "applicants.csv");

/** A draw in a temp folder: export at dir/applicants.csv, outputs in dir/nest-draw. */
async function drawn(seed = "2018", extra: string[] = []) {
  const dir = tempDir();
  const input = join(dir, "applicants.csv");
  cpSync(FIXTURE, input);
  const out = join(dir, "nest-draw");
  const result = await run(["draw", input, "--seed", seed, "--out", out, ...extra]);
  expect(result.code).toBe(0);
  return { dir, input, out };
}

function edit(path: string, change: (text: string) => string) {
  writeFileSync(path, change(readFileSync(path, "utf8")));
}

describe("nest verify", () => {
  it("verifies an untouched draw with one line and exit 0", async () => {
    const { out } = await drawn();
    const result = await run(["verify", out]);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe("");
    expect(result.stderr).toMatch(
      /^verified: nest-draw\/6 draw of 600 applicants .* seed "2018"; .* all match\n {2}as recorded: made by nest \d+\.\d+\.\d+; export applicants\.csv, read from \S+applicants\.csv; seed source: given with --seed; config: embedded default \(NEST 2018\)\n$/,
    );
    expect((await run(["verify", join(out, "audit.json")])).code).toBe(0);
  });

  it("shows what it takes on trust: the export's recorded name and path (an edited one is shown, not hidden)", async () => {
    const { out } = await drawn();
    edit(join(out, "audit.json"), (t) => t.replace('"file": "applicants.csv"', '"file": "someone-else.csv"'));
    const result = await run(["verify", out]);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain("as recorded: made by nest");
    expect(result.stderr).toContain("export someone-else.csv, read from");
  });

  it("says an edited encoding is the audit's, not blames the files", async () => {
    const { out } = await drawn();
    edit(join(out, "audit.json"), (t) => t.replace('"encoding": null', '"encoding": "windows-1252"'));
    const result = await run(["verify", out]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /^nest: NOT verified: 1 difference\n {2}- audit\.json: options\.encoding \("windows-1252"\) does not agree with input\.encoding \("utf-8"\)/,
    );
  });

  it("tells an edited input.sha256, or bytes that change no applicant, from an export whose applicants changed", async () => {
    const { out, input } = await drawn();
    const recorded = JSON.parse(readFileSync(join(out, "audit.json"), "utf8")).input.sha256 as string;
    edit(join(out, "audit.json"), (t) => t.replace(recorded, "0".repeat(64)));
    const edited = await run(["verify", out]);
    expect(edited.code).toBe(1);
    expect(edited.stderr).toMatch(
      /^nest: NOT verified: 1 difference\n {2}- the export's SHA-256 \(\w+\) is not the one the audit records \(0{64}\), yet every file and figure of the draw comes out the same from it/,
    );
    edit(join(out, "audit.json"), (t) => t.replace("0".repeat(64), recorded));
    edit(input, (t) => `${t}\r\n`); // a blank line at the end: no applicant changes
    expect((await run(["verify", out])).stderr).toContain(
      "its bytes changed without changing any applicant, or the audit's input.sha256 was edited",
    );
    edit(input, (t) => t.replace("Olga", "Olgа"));
    expect((await run(["verify", out])).stderr).toMatch(/- the export changed: .* has SHA-256/);
  });

  it("checks a seed given with --seed against the draw's (an observer checking the published seed)", async () => {
    const { out } = await drawn();
    expect((await run(["verify", out, "--seed", "2018"])).code).toBe(0);
    const wrong = await run(["verify", out, "--seed", "2019"]);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain(
      'the seed given is not the draw\'s: given "2019" (4 characters: 4 digits, no spaces), recorded "2018" (4 characters: 4 digits, ' +
        'no spaces); leaving spaces aside, one character differs: the 4th ("9" given, "8" recorded)',
    );
    // nest-draw/6 takes white space out of the seed: the seed spaced otherwise is the draw's seed.
    const spaced = await run(["verify", out, "--seed", "20 1 8"]);
    expect(spaced.code).toBe(0);
    expect(spaced.stderr).toContain('all match (the seed given, "20 1 8", is the same spaced otherwise, which nest-draw/6 does not count)');
  });

  it("says how a seed given differs from a nest-draw/5 draw's, spacing included (nest 0.5.0's ceremony)", async () => {
    const draw = join(ROOT, "test", "golden", "0.5.0", "ceremony", "draw");
    const seed = JSON.parse(readFileSync(join(draw, "audit.json"), "utf8")).seed as string;
    expect(seed).toMatch(/ /);
    const result = await run(["verify", draw, "--seed", seed.replace(/ /g, "")]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/they are the same characters, spaced otherwise\. In a nest-draw\/5 draw spaces count/);
    expect(result.stderr).toContain(`recorded ${JSON.stringify(seed)} (`);
  });

  it("verifies a copy moved elsewhere, finding the export beside it or through --input", async () => {
    const { dir, out } = await drawn();
    const elsewhere = join(tempDir(), "moved");
    cpSync(out, elsewhere, { recursive: true });
    cpSync(join(dir, "applicants.csv"), join(elsewhere, "applicants.csv"));
    expect((await run(["verify", elsewhere])).code).toBe(0);
    const bare = join(tempDir(), "bare");
    cpSync(out, bare, { recursive: true });
    renameSync(join(dir, "applicants.csv"), join(dir, "renamed.csv"));
    const lost = await run(["verify", bare]);
    expect(lost.code).toBe(2);
    expect(lost.stderr).toContain("cannot find the export applicants.csv");
    expect((await run(["verify", bare, "--input", join(dir, "renamed.csv")])).code).toBe(0);
  });

  it("verifies a draw written with --no-bom and --no-formula-escape (the audit records how files were written)", async () => {
    const { out } = await drawn("x", ["--no-bom", "--no-formula-escape"]);
    expect((await run(["verify", out])).code).toBe(0);
  });

  it.each([
    ["the export changed", (d: { input: string }) => edit(d.input, (t) => t.replace("Olga", "Olgа")), /the export changed: .* has SHA-256/],
    [
      "a roster row was edited",
      (d: { out: string }) =>
        edit(join(d.out, "roster.csv"), (t) => t.replace(/\r\n1,Natomas,Business leader,1,N\w+/, "\r\n1,Natomas,Business leader,1,N999")),
      // Row 8 as a spreadsheet shows it: the header is row 1, and the first Natomas business leader is the 7th below it.
      /roster\.csv row 8 differs from the recomputed one \(column "Applicant ID": "N999", recomputed "N\w{12}"\)/,
    ],
    [
      "a waitlist row was removed",
      (d: { out: string }) => edit(join(d.out, "waitlist.csv"), (t) => t.split("\r\n").slice(0, -2).join("\r\n") + "\r\n"),
      /waitlist\.csv ends at row (\d+); the recomputed one goes on to row (?!\1)\d+/,
    ],
    [
      "the excluded list lost its BOM",
      (d: { out: string }) => edit(join(d.out, "excluded.csv"), (t) => t.replace(/^\uFEFF/, "")),
      /excluded\.csv was edited: its byte-order mark was removed/,
    ],
    ["the ledger was deleted", (d: { out: string }) => writeFileSync(join(d.out, "ledger.csv"), ""), /ledger\.csv/],
    [
      "the audit's figures were altered",
      (d: { out: string }) => edit(join(d.out, "audit.json"), (t) => t.replace(/"seated": (\d+)/, (_, n) => `"seated": ${Number(n) + 1}`)),
      /audit\.json: counts\.seated: \d+, recomputed \d+/,
    ],
    [
      "the audit's output hash was altered",
      (d: { out: string }) => edit(join(d.out, "audit.json"), (t) => t.replace(/"roster\.csv": "[0-9a-f]{4}/, '"roster.csv": "0000')),
      /audit\.json: outputs\.roster\.csv: /,
    ],
    [
      "the recorded config was changed",
      (d: { out: string }) => edit(join(d.out, "audit.json"), (t) => t.replace('"default": 2', '"default": 3')),
      /^nest: NOT verified: 1 difference\n {2}- audit\.json: the recorded config was edited after the draw .* the files were not compared/,
    ],
    [
      "a file was taken off the audit's list (and then edited)",
      (d: { out: string }) => {
        edit(join(d.out, "audit.json"), (t) => t.replace(/,\n {4}"excluded\.csv": "[0-9a-f]{64}"/, ""));
        edit(join(d.out, "excluded.csv"), (t) => t.replace("MISSING_EMAIL", "OUTSIDE_CITY"));
      },
      /audit\.json does not list excluded\.csv, which every nest-draw\/6 draw writes/,
    ],
    [
      "the audit was saved with a byte-order mark (Notepad)",
      (d: { out: string }) => edit(join(d.out, "audit.json"), (t) => `\uFEFF${t}`),
      /audit\.json was saved with a byte-order mark added/,
    ],
    [
      "the seed was changed",
      (d: { out: string }) => edit(join(d.out, "audit.json"), (t) => t.replace('"seed": "2018"', '"seed": "2019"')),
      // Said as what it is (once: the roster and the rest differ only because of it), not as the roster's rows.
      /NOT verified: 1 difference\n {2}- audit\.json was edited after the draw: ledger\.csv is the ledger it lists \(by SHA-256\), but the draw redone from what it records \(seed "2019", algorithm nest-draw\/6\) gives another/,
    ],
  ])("exit 1 when %s, saying what", async (_, change, message) => {
    const d = await drawn();
    change(d);
    const result = await run(["verify", d.out]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^nest: NOT verified: /);
    expect(result.stderr).toMatch(message);
  });

  it("a draw that read standard input is verified with --input", async () => {
    const out = join(tempDir(), "stdin-draw");
    expect((await run(["draw", "-", "--seed", "3", "--out", out], { stdin: readFileSync(FIXTURE) })).code).toBe(0);
    const without = await run(["verify", out]);
    expect(without.code).toBe(2);
    expect(without.stderr).toContain("the draw read its export from standard input; name it with --input FILE");
    expect((await run(["verify", out, "--input", FIXTURE])).code).toBe(0);
  });

  it("refuses an algorithm it does not know, with exit 2", async () => {
    const d = await drawn();
    edit(join(d.out, "audit.json"), (t) => t.replace('"algorithm": "nest-draw/6"', '"algorithm": "nest-draw/99"'));
    const result = await run(["verify", d.out]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('the draw used algorithm "nest-draw/99", which this nest');
    expect(result.stderr).toContain("it knows nest-draw/1, nest-draw/2, nest-draw/3, nest-draw/4, nest-draw/5, nest-draw/6");
  });

  it.each([
    ["not a folder or audit", (d: { out: string }) => join(d.out, "nothing-here"), /no such file/],
    [
      "not JSON",
      (d: { out: string }) => (writeFileSync(join(d.out, "audit.json"), "{"), d.out),
      /audit\.json, line 1, column 2: not valid JSON, so not a nest audit/,
    ],
    [
      "not an audit",
      (d: { out: string }) => (writeFileSync(join(d.out, "audit.json"), "{}"), d.out),
      /is a JSON file nest did not write, not an audit nest can verify: nest verify takes a draw's folder, its audit.json, or a commitment\.json\n$/,
    ],
    [
      "a config",
      (d: { out: string }) => (writeFileSync(join(d.out, "audit.json"), JSON.stringify(DEFAULT_CONFIG)), d.out),
      /audit\.json: is a nest config, not an audit nest can verify/,
    ],
    [
      "a damaged audit",
      (d: { out: string }) => (edit(join(d.out, "audit.json"), (t) => t.replace('"seed":', '"seeds":')), d.out),
      /audit\.json: is not an audit nest can verify: it is damaged or was edited \(see seed\)\n$/,
    ],
  ])("exit 2 when the audit is %s", async (_, target, message) => {
    const d = await drawn();
    const result = await run(["verify", target(d)]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
  });
});

describe("nest verify while another nest writes the folder", () => {
  // verify takes no lock (an observer may check a folder they cannot write), so it looks at the lock instead.
  it("refuses a folder whose lock a running nest holds (exit 2), and verifies beside a lock left by a run that ended", async () => {
    const { out } = await drawn();
    const lock = join(out, "..", ".nest-draw.nest-lock");
    const running = spawn(process.execPath, ["-e", "setTimeout(() => {}, 60000)"]);
    try {
      writeFileSync(lock, `${running.pid} ${hostname()} x\n`);
      const refused = await run(["verify", out, "--json"]);
      expect(refused.code).toBe(2);
      expect(refused.stderr).toContain(
        `another nest (process ${running.pid}) is writing this folder; run nest verify again once it has finished`,
      );
      expect(refused.stdout).toBe("");
    } finally {
      running.kill();
    }
    const ended = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"], { encoding: "utf8" }).stdout;
    writeFileSync(lock, `${ended} ${hostname()} x\n`);
    expect((await run(["verify", out])).code).toBe(0);
  });

  it("sees a folder swapped, or its lock taken, after it started reading", async () => {
    const { out } = await drawn();
    const watch = await watchFolder(out);
    expect(watch.writer).toBeNull();
    expect(await watch.changed()).toBe(false);
    // A swap, as nest replace makes one: another directory in the folder's place, with the same files.
    renameSync(out, `${out}-old`);
    cpSync(`${out}-old`, out, { recursive: true });
    expect(await watch.changed()).toBe(true);
    const again = await watchFolder(out);
    const running = spawn(process.execPath, ["-e", "setTimeout(() => {}, 60000)"]);
    try {
      writeFileSync(join(out, "..", ".nest-draw.nest-lock"), `${running.pid} ${hostname()} x\n`);
      expect(await again.changed()).toBe(true);
    } finally {
      running.kill();
    }
  });
});

describe("nest verify --ledger: an observer with only the ledger and the seed", () => {
  it("recomputes every lottery number and outcome", async () => {
    const { out } = await drawn("dice 4 1 6");
    const copy = join(tempDir(), "ledger.csv");
    cpSync(join(out, "ledger.csv"), copy);
    const result = await run(["verify", "--ledger", copy, "--seed", "dice 4 1 6"]);
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/^verified: .*ledger\.csv: \d+ lottery numbers \(nest-draw\/6\) and \d+ outcomes recomputed/);
  });

  it("holds no personal data: only IDs, districts, categories, numbers and outcomes", async () => {
    const { out } = await drawn();
    const ledger = readFileSync(join(out, "ledger.csv"), "utf8");
    expect(ledger.split("\r\n")[0]).toBe("\uFEFFApplicant ID,District,Category,Preference,Places,Lottery number,Outcome");
    expect(ledger).not.toMatch(/@|Olga|\(916\)/);
  });

  it.each([
    [
      "the wrong seed, or one written otherwise: one message, not a wall",
      (t: string) => t,
      "20 81",
      /NOT verified: 1 difference\n {2}- .*ledger\.csv: no lottery number matches: none of the \d+ is the one the seed "20 81" gives, so the seed is probably another one, or written differently from the one used \(the seed given: 5 characters: 4 digits in 2 groups of 2, separated by a single space\)/,
    ],
    ["a changed outcome", (t: string) => t.replace(",seated 1\r\n", ",seated 2\r\n"), "2018", /outcome "seated 2", recomputed "seated 1"/],
    [
      "two entrants' rows swapped (every number and outcome still right)",
      (t: string) => {
        const lines = t.split("\r\n");
        // The first two entrants of district 1 who are in one category each.
        const single = lines
          .map((l, i) => [l, i] as const)
          .filter(([l], i) => i > 0 && l.split(",")[1] === "1" && !lines.some((m, j) => j !== i && m.split(",")[0] === l.split(",")[0]));
        const [[a, i], [b, j]] = single as [[string, number], [string, number]];
        lines[i] = b;
        lines[j] = a;
        return lines.join("\r\n");
      },
      "2018",
      /district 1's rows are not in call order here/,
    ],
    [
      "a changed number",
      (t: string) => t.replace(/,L([0-9a-f])([0-9a-f]{15}),/, (_, a, b) => `,L${a === "0" ? "1" : "0"}${b},`),
      "2018",
      /lottery number/,
    ],
  ])("catches %s", async (_, change, seed, message) => {
    const { out } = await drawn();
    edit(join(out, "ledger.csv"), change);
    const result = await run(["verify", "--ledger", join(out, "ledger.csv"), "--seed", seed]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(message);
  });

  it("reads IDs that look like formulas, or like guarded ones, back exactly (#11.5)", async () => {
    // An export with an ID column whose IDs a spreadsheet would run, and the same IDs with a "'" already before
    // them: nest 0.2.0's guard wrote both as "'=x", so verify --ledger found 37 and 128 differences.
    const tricky = ["=x", "'=x", "+1", "'+1", "-2", "'-2", "@a", "'@a", "a;=b", "a;'=b", "a b", "a '-b", "''=y", "x - y"];
    const out = await drawWithIds("ID", (i) => tricky[i] ?? `P${i}`);
    expect((await run(["verify", out])).code).toBe(0);
    const result = await run(["verify", "--ledger", join(out, "ledger.csv"), "--seed", "2018"]);
    expect(result.stderr).toMatch(/^verified: .*\(nest-draw\/6\)/);
    expect(result.code).toBe(0);
    const ledger = parse(readFileSync(join(out, "ledger.csv")), { bom: true, columns: true }) as Record<string, string>[];
    const written = new Set(ledger.map((r) => r["Applicant ID"]!));
    for (const id of ["'=x", "''=x", "+1", "''+1", "'@a", "''@a", "a;'''=b", "a;''''=b", "a ''''-b", "'''=y"])
      expect(written).toContain(id);
  });

  it("says so when the Applicant IDs look rewritten by a spreadsheet, instead of only blaming the seed", async () => {
    // The export's own 19-digit IDs (Jotform-style), which a spreadsheet saves as 5.51234567890572E+018.
    const out = await drawWithIds("Submission ID", (i) => String(5512345678901234567n + BigInt(i) * 7919n));
    const asSaved = (id: string) => Number(id).toExponential(14).toUpperCase().replace(/0+E/, "E").replace("E+", "E+0");
    edit(join(out, "ledger.csv"), (t) => t.replace(/^\d{19}(?=,)/gm, asSaved));
    const result = await run(["verify", "--ledger", join(out, "ledger.csv"), "--seed", "2018"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/Applicant IDs such as 5\.\d+E\+0\d+ look rewritten by a spreadsheet/);
  });

  it("needs the seed", async () => {
    const { out } = await drawn();
    const result = await run(["verify", "--ledger", join(out, "ledger.csv")]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("--ledger needs the draw's seed");
  });
});

describe("nest commit, then draw --commitment", () => {
  it("commits the pool, prints the hash, and the draw records and checks it", async () => {
    const dir = tempDir();
    const input = join(dir, "applicants.csv");
    cpSync(FIXTURE, input);
    const commitment = join(dir, "commitment.json");
    const config = keyedConfig(dir);
    const committed = await run(["commit", input, "--config", config, "--out", commitment]);
    expect(committed.code).toBe(0);
    const hash = committed.stdout.trim();
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    // nest-commitment/2: the hash is the SHA-256 of the file's bytes, and the file does not hold it.
    expect(createHash("sha256").update(readFileSync(commitment)).digest("hex")).toBe(hash);
    const file = JSON.parse(readFileSync(commitment, "utf8"));
    expect(file.format).toBe("nest-commitment/2");
    expect(file.hash).toBeUndefined();
    expect(file.pool).toHaveLength(6);
    expect(JSON.stringify(file)).not.toMatch(/@|Olga/); // pseudonymous IDs only

    const out = join(dir, "nest-draw");
    expect((await run(["draw", input, "--config", config, "--seed", "1", "--commitment", commitment, "--out", out])).code).toBe(0);
    expect(JSON.parse(readFileSync(join(out, "audit.json"), "utf8")).commitment).toBe(hash);
    expect((await run(["verify", out])).code).toBe(0);
  });

  it("notes a commitment.json beside the export that a draw was not given, and a seed whose signs count", async () => {
    const dir = tempDir();
    const input = join(dir, "applicants.csv");
    cpSync(FIXTURE, input);
    const commitment = join(dir, "commitment.json");
    const config = keyedConfig(dir);
    expect((await run(["commit", input, "--config", config, "--out", commitment])).code).toBe(0);
    const out = join(dir, "nest-draw");
    const bare = await run(["draw", input, "--config", config, "--seed", "3,1,4", "--out", out]);
    expect(bare.code).toBe(0);
    expect(bare.stderr).toContain(`nest: note: ${commitment} is there, but this draw was made without --commitment`);
    expect(bare.stderr).toContain(`draw again with --force --commitment ${commitment}`);
    expect(bare.stderr).toContain('nest: note: the seed holds "," between its digits');
    const given = await run(["draw", input, "--config", config, "--seed", "314", "--commitment", commitment, "--out", out, "--force"]);
    expect(given.code).toBe(0);
    expect(given.stderr).not.toContain("note:");
    // A commitment of another export (here: the export changed since) is none of this draw's business.
    writeFileSync(input, readFileSync(input, "utf8") + "6/13/2018 9:00:00,late@example.org,Late,Comer,1/1/1970,,3,,,Educator,\r\n");
    const other = await run(["draw", input, "--config", config, "--seed", "314", "--out", out, "--force"]);
    expect(other.code).toBe(0);
    expect(other.stderr).not.toContain("note:");
  });

  it("refuses to draw when the pool changed after the commitment, and writes nothing", async () => {
    const dir = tempDir();
    const input = join(dir, "applicants.csv");
    cpSync(FIXTURE, input);
    const commitment = join(dir, "commitment.json");
    const config = keyedConfig(dir);
    await run(["commit", input, "--config", config, "--out", commitment]);
    // A late applicant slipped in.
    writeFileSync(input, readFileSync(input, "utf8") + "6/13/2018 9:00:00,late@example.org,Late,Comer,1/1/1970,,3,,,Educator,\r\n");
    const out = join(dir, "nest-draw");
    const result = await run(["draw", input, "--config", config, "--seed", "1", "--commitment", commitment, "--out", out]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("the export and the pool differ from the committed ones; no draw was made");
    expect(result.stderr).toContain("the export changed since the commitment");
    expect(result.stderr).toContain("the export has 601 rows, the commitment was made on 600");
    expect(result.stderr).toMatch(/district 3: 1 applicant in the pool now was not committed: N\w{12} \(row 602\)/);
    expect(result.stderr).toMatch(
      /what to do: draw with the export you committed \(SHA-256 [0-9a-f]{64}\); or, if the seed does not exist yet, commit again/,
    );
    expect(() => readFileSync(join(out, "audit.json"))).toThrow();
  });

  it("refuses an altered commitment file, naming the applicant", async () => {
    const dir = tempDir();
    const commitment = join(dir, "commitment.json");
    const config = keyedConfig(dir);
    await run(["commit", FIXTURE, "--config", config, "--out", commitment]);
    edit(commitment, (t) => t.replace(/"N\w{12}"/, '"N000000000000"'));
    const result = await run(["draw", FIXTURE, "--config", config, "--seed", "1", "--commitment", commitment, "--out", join(dir, "out")]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/1 applicant in the commitment is not in the pool now: N000000000000 \(not in the export now\)/);
    expect(existsSync(join(dir, "out"))).toBe(false);
  });

  it("refuses an altered nest-commitment/1 file (nest 0.5.0's ceremony)", async () => {
    const dir = tempDir();
    const golden = join(ROOT, "test", "golden", "0.5.0", "ceremony");
    for (const name of ["applicants.csv", "nest.config.json", "commitment.json"]) cpSync(join(golden, name), join(dir, name));
    edit(join(dir, "commitment.json"), (t) => t.replace(/"N\w{12}"/, '"N000000000000"'));
    const args = ["--config", join(dir, "nest.config.json"), "--seed", "1", "--commitment", join(dir, "commitment.json")];
    const result = await run(["draw", join(dir, "applicants.csv"), ...args, "--out", join(dir, "out")]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("the commitment was altered");
  });

  it.each([
    ["its applicants in another order", (pool: { district: string; applicants: unknown[] }[]) => pool[2]!.applicants.reverse()],
    ["an applicant twice", (pool: { district: string; applicants: unknown[] }[]) => pool[2]!.applicants.push(pool[2]!.applicants[0])],
    ["an extra, empty district", (pool: { district: string; applicants: unknown[] }[]) => pool.push({ district: "7", applicants: [] })],
  ])("refuses a commitment that writes the same pool otherwise (%s), as verify would", async (_, change) => {
    const dir = tempDir();
    const commitment = join(dir, "commitment.json");
    const config = keyedConfig(dir);
    await run(["commit", FIXTURE, "--config", config, "--out", commitment]);
    const body = JSON.parse(readFileSync(commitment, "utf8"));
    change(body.pool);
    // Written as nest commit writes, so that it is not simply "edited": the hash is of the file as written.
    writeFileSync(commitment, `${JSON.stringify(body, null, 2)}\n`);
    const result = await run(["draw", FIXTURE, "--config", config, "--seed", "1", "--commitment", commitment, "--out", join(dir, "out")]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("the pool differs from the committed one; no draw was made");
    expect(existsSync(join(dir, "out"))).toBe(false);
  });

  it("does not overwrite a commitment without --force", async () => {
    const dir = tempDir();
    const commitment = join(dir, "commitment.json");
    const config = keyedConfig(dir);
    await run(["commit", FIXTURE, "--config", config, "--out", commitment]);
    expect((await run(["commit", FIXTURE, "--config", config, "--out", commitment])).code).toBe(2);
    expect((await run(["commit", FIXTURE, "--config", config, "--out", commitment, "--force"])).code).toBe(0);
  });

  it("commits with the config as given: a setting the file leaves to its default does not change the hash", async () => {
    // A later version adds settings with defaults; the commitment hashes what the coordinator wrote, not the defaults.
    const dir = tempDir();
    const sparse = { ...DEFAULT_CONFIG, applicantIdKey: "ab".repeat(16) } as Record<string, unknown>;
    for (const field of ["ageAsOf", "columns", "districtAnswerNote", "zipsNeedReview"]) delete sparse[field];
    const config = join(dir, "sparse.json");
    writeFileSync(config, JSON.stringify(sparse));
    const commitment = join(dir, "commitment.json");
    expect((await run(["commit", FIXTURE, "--config", config, "--out", commitment])).code).toBe(0);
    const out = join(dir, "out");
    expect((await run(["draw", FIXTURE, "--config", config, "--seed", "1", "--commitment", commitment, "--out", out])).code).toBe(0);
    const audit = JSON.parse(readFileSync(join(out, "audit.json"), "utf8"));
    expect(audit.config.effective).toEqual(sparse);
    expect(audit.config.sha256).toBe(createHash("sha256").update(JSON.stringify(sparse)).digest("hex"));
    expect(JSON.parse(readFileSync(commitment, "utf8")).config.sha256).toBe(audit.config.sha256);
    expect((await run(["verify", out])).code).toBe(0);
  });

  it("refuses to commit or draw pseudonymous IDs without a key of the config's own, and prints one to add", async () => {
    const dir = tempDir();
    const { applicantIdKey: _key, ...keyless } = JSON.parse(readFileSync(keyedConfig(dir), "utf8"));
    const config = join(dir, "keyless.json");
    writeFileSync(config, JSON.stringify(keyless));
    for (const args of [
      ["commit", FIXTURE, "--config", config, "--out", join(dir, "c.json")],
      ["draw", FIXTURE, "--config", config, "--seed", "1", "--out", join(dir, "d")],
      ["commit", FIXTURE, "--out", join(dir, "c.json")],
    ]) {
      const result = await run(args, { key: "cd".repeat(16) });
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(/a key everyone knows/);
      expect(existsSync(join(dir, "c.json")) || existsSync(join(dir, "d"))).toBe(false);
    }
    expect(
      (await run(["draw", FIXTURE, "--config", config, "--seed", "1", "--out", join(dir, "d")], { key: "cd".repeat(16) })).stderr,
    ).toContain('"applicantIdKey": "cdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcd"');
    // A trial draw with the embedded config says so, before it writes.
    const trial = await run(["draw", FIXTURE, "--seed", "1", "--out", join(dir, "trial")]);
    expect(trial.code).toBe(0);
    expect(trial.stderr).toMatch(/^nest: a trial draw: .* do not publish its ledger/m);
  });
});

/** The embedded config with a secret key of its own, as nest init writes it, in `dir`. */
function keyedConfig(dir: string): string {
  const path = join(dir, "nest.config.json");
  if (!existsSync(path)) writeFileSync(path, JSON.stringify({ ...DEFAULT_CONFIG, applicantIdKey: "0f".repeat(16) }));
  return path;
}

describe("messages that say what happened (issue #11)", () => {
  it("an emptied file is empty, not a file whose byte-order mark was removed", async () => {
    const { out } = await drawn();
    writeFileSync(join(out, "excluded.csv"), "");
    expect((await run(["verify", out])).stderr).toContain("excluded.csv is empty; the recomputed one is not");
  });

  it("verify --ledger given the audit says what --ledger takes", async () => {
    const { out } = await drawn();
    const result = await run(["verify", "--ledger", join(out, "audit.json"), "--seed", "2018"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("--ledger takes the public ledger (ledger.csv)");
    expect(result.stderr).not.toContain("export");
  });

  it("verify with no folder where it looks says what it takes", async () => {
    const result = await run(["verify", join(tempDir(), "nest-draw")]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("no such file; nest verify takes a draw's folder, its audit.json, or a commitment.json");
  });

  it("an export one byte over the limit says so, in bytes", async () => {
    const file = join(tempDir(), "big.csv");
    const fd = openSync(file, "w");
    ftruncateSync(fd, 500 * 1024 * 1024 + 1); // sparse: no disk used
    closeSync(fd);
    const result = await run(["check", file]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("the file is 524,288,001 bytes, over 500 MiB (524,288,000 bytes)");
  });
});

/** The fixture with an ID column of the export's own in front (header `name`, row i's ID `id(i)`), drawn with seed 2018. */
async function drawWithIds(name: string, id: (i: number) => string): Promise<string> {
  const rows = parse(readFileSync(FIXTURE), { columns: false }) as string[][];
  const text = [[name, ...rows[0]!], ...rows.slice(1).map((r, i) => [id(i), ...r])]
    .map((r) => r.map((c) => `"${c.replace(/"/g, '""')}"`).join(","))
    .join("\r\n");
  const dir = tempDir();
  writeFileSync(join(dir, "applicants.csv"), `${text}\r\n`);
  const out = join(dir, "draw");
  expect((await run(["draw", join(dir, "applicants.csv"), "--seed", "2018", "--out", out])).code).toBe(0);
  return out;
}
