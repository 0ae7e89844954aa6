import { spawnSync } from "node:child_process";
import { parse } from "csv-parse/sync";
import { stringify } from "csv-stringify/sync";
import { closeSync, cpSync, existsSync, openSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { FIXTURES, ROOT, readFolder, tempDir } from "./helpers/run.js";

// The built CLI as a user runs it (npm test builds it first: see package.json "pretest").
const BIN = join(ROOT, "bin", "nest.js");
const APPLICANTS = join(FIXTURES, "applicants.csv");

function nest(args: string[], env: Record<string, string> = {}, input?: Buffer) {
  const result = spawnSync(process.execPath, [BIN, ...args], { env: { PATH: process.env.PATH ?? "", ...env }, input, encoding: "buffer" });
  return { code: result.status, stdout: result.stdout.toString("utf8"), stderr: result.stderr.toString("utf8") };
}

describe("bin/nest.js end to end", () => {
  beforeAll(() => {
    if (!existsSync(join(ROOT, "dist", "cli.js"))) throw new Error("dist/ is missing: run `npm run build` first (npm test does)");
  });

  it("draws the fixture as the README says", () => {
    const out = join(tempDir(), "nest-draw");
    const result = nest(["draw", APPLICANTS, "--seed", "2018", "--out", out]);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe("");
    expect(result.stderr).toContain("600 applicants");
    expect(Object.keys(readFolder(out))).toEqual(["audit.json", "excluded.csv", "ledger.csv", "report.html", "roster.csv", "waitlist.csv"]);
  });

  it("gives byte-identical outputs whatever the time zone and locale", () => {
    const [a, b] = [tempDir(), tempDir()];
    nest(["draw", APPLICANTS, "--seed", "2018", "--out", a], { TZ: "UTC", LANG: "C", LC_ALL: "C" });
    nest(["draw", APPLICANTS, "--seed", "2018", "--out", b], { TZ: "Pacific/Kiritimati", LANG: "tr_TR.UTF-8", LC_ALL: "tr_TR.UTF-8" });
    expect(readFolder(b)).toEqual(readFolder(a));
  });

  it("a draw made in one time zone and locale verifies in another, from a moved copy", () => {
    const dir = tempDir();
    const out = join(dir, "draw");
    expect(nest(["draw", APPLICANTS, "--seed", "2018", "--out", out], { TZ: "America/Los_Angeles", LANG: "en_US.UTF-8" }).code).toBe(0);
    const moved = join(tempDir(), "moved");
    cpSync(out, moved, { recursive: true });
    const result = nest(["verify", moved, "--input", APPLICANTS], { TZ: "Asia/Kolkata", LANG: "de_DE.UTF-8", LC_ALL: "de_DE.UTF-8" });
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/^verified: /);
  });

  // NEST_PARALLEL_BYTES=1 makes even a small draw judge part of its rows, find duplicates and write its
  // waitlist in a second thread (src/io/engine/two-threads.ts).
  it.each([
    ["the fixture", [] as string[], (text: string) => text],
    ["without formula escaping or BOM", ["--no-formula-escape", "--no-bom"], (text: string) => text],
    ["semicolon-separated, with short rows", [], (text: string) => semicolonsWithShortRows(text)],
    ["with an ID column", [], (text: string) => withIdColumn(text, (i) => `resp-${i}`)],
    // A quote inside an unquoted cell: csv-parse reads the file, and its rows are not shared with the thread.
    ["with a stray quote (read by csv-parse)", [], (text: string) => text.replace("Regency Park", 'Regency "Park')],
  ])("draws in two threads byte for byte as in one (%s)", (_, flags, transform) => {
    const dir = tempDir();
    const input = join(dir, "applicants.csv");
    writeFileSync(input, transform(readFileSync(APPLICANTS, "utf8")));
    const [one, two] = [join(dir, "one"), join(dir, "two")];
    expect(nest(["draw", input, "--seed", "2018", "--out", one, ...flags]).code).toBe(0);
    expect(nest(["draw", input, "--seed", "2018", "--out", two, ...flags], { NEST_PARALLEL_BYTES: "1" }).code).toBe(0);
    expect(readFolder(two)).toEqual(readFolder(one));
  });

  it("reports problems with IDs the same in two threads as in one, and writes nothing", () => {
    const dir = tempDir();
    const input = join(dir, "applicants.csv");
    // IDs 0..599 with one used twice: the 401st applicant repeats the 11th's ID, across the split.
    writeFileSync(
      input,
      withIdColumn(readFileSync(APPLICANTS, "utf8"), (i) => `resp-${i === 400 ? 10 : i}`),
    );
    const one = nest(["draw", input, "--seed", "2018", "--out", join(dir, "one")]);
    const two = nest(["draw", input, "--seed", "2018", "--out", join(dir, "two")], { NEST_PARALLEL_BYTES: "1" });
    expect(one.code).toBe(2);
    expect(one.stderr).toMatch(/row 402 \([^)]*@[^)]*\): the ID "resp-10" was already used on row 12 \([^)]*@[^)]*\)/);
    expect(two).toEqual(one);
    expect(existsSync(join(dir, "two"))).toBe(false);
  });

  it.each([
    ["invalid UTF-8 and a NUL byte", Buffer.from("Email Address\na@b.org\n\xff\x00\n", "latin1")],
    ["invalid UTF-8 and a quote never closed", Buffer.from('Email Address\n"a@b.org\n\xe9\n', "latin1")],
    ["invalid UTF-8 after a BOM", Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from("Email Address\n\xe9\n", "latin1")])],
    ["a NUL byte", Buffer.from("Email Address\na@b.org\x00\n")],
    ["a U+FFFD, then a NUL byte", Buffer.from("Email Address\na\ufffd@b.org\n\x00\n")],
    ["a U+FFFD and a quote never closed", Buffer.from('Email Address\n"a\ufffd@b.org\n')],
    ["a quote never closed", Buffer.from('Email Address\n"a@b.org\n')],
    ["nothing", Buffer.alloc(0)],
    ["UTF-16 with a BOM", Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from("Email Address\na@b.org\n", "utf16le")])],
  ])("reads an export with %s the same in two threads as in one", (_, bytes) => {
    const dir = tempDir();
    const input = join(dir, "applicants.csv");
    writeFileSync(input, bytes);
    const run = (env: Record<string, string>) => nest(["check", input], env);
    const one = run({});
    expect(one.stderr).toMatch(/^nest: /);
    expect(run({ NEST_PARALLEL_BYTES: "1" })).toEqual(one);
  });

  it("checks and verifies in two threads as in one", () => {
    const out = tempDir();
    expect(nest(["draw", APPLICANTS, "--seed", "2018", "--out", out]).code).toBe(0);
    expect(nest(["verify", out, "--input", APPLICANTS], { NEST_PARALLEL_BYTES: "1" }).code).toBe(0);
    const check = (env: Record<string, string>) => nest(["check", APPLICANTS], env);
    expect(check({ NEST_PARALLEL_BYTES: "1" })).toEqual(check({}));
  });

  it("draws from standard input with NEST_PARALLEL_BYTES set (not in shared memory: one thread)", () => {
    const [piped, read] = [tempDir(), tempDir()];
    const result = nest(["draw", "-", "--seed", "2018", "--out", piped], { NEST_PARALLEL_BYTES: "1" }, readFileSync(APPLICANTS));
    expect(result.code).toBe(0);
    expect(nest(["draw", APPLICANTS, "--seed", "2018", "--out", read]).code).toBe(0);
    for (const name of ["roster.csv", "waitlist.csv", "excluded.csv", "ledger.csv"]) {
      expect(readFileSync(join(piped, name))).toEqual(readFileSync(join(read, name)));
    }
  });

  it("never writes over the file standard input comes from (nest draw - --out s --force < s/roster.csv)", () => {
    // An export that happens to be where the draw would write its roster.
    const out = join(tempDir(), "s");
    expect(nest(["draw", APPLICANTS, "--seed", "2018", "--out", out]).code).toBe(0);
    cpSync(APPLICANTS, join(out, "roster.csv"));
    const before = readFileSync(join(out, "roster.csv"));
    const stdin = openSync(join(out, "roster.csv"), "r");
    try {
      const result = spawnSync(process.execPath, [BIN, "draw", "-", "--seed", "2018", "--out", out, "--force"], {
        stdio: [stdin, "pipe", "pipe"],
        encoding: "utf8",
      });
      expect(result.stderr).toMatch(/roster\.csv: this is the input file; nest never writes over its input/);
      expect(result.status).toBe(2);
    } finally {
      closeSync(stdin);
    }
    expect(readFileSync(join(out, "roster.csv")).equals(before)).toBe(true);
  });

  it("pipes the roster to standard output", () => {
    const out = tempDir();
    const result = nest(["draw", "-", "--seed", "2018", "--out", out, "--stdout", "roster"], {}, readFileSync(APPLICANTS));
    expect(result.code).toBe(0);
    expect(`\ufeff${result.stdout}`).toBe(readFileSync(join(out, "roster.csv"), "utf8")); // the file has the BOM, the stream not
  });

  it("exits 2 with one message and no stack trace on bad input", () => {
    const result = nest(["draw", join(ROOT, "package.json"), "--seed", "1", "--out", join(tempDir(), "x")]);
    expect(result.code).toBe(2);
    expect(result.stderr.startsWith("nest: ")).toBe(true);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it.runIf(existsSync("/dev/full"))(
    "a failure to write standard output (a full disk) is exit 2 with a message, not a cut copy and exit 0",
    () => {
      const full = openSync("/dev/full", "w");
      try {
        for (const args of [
          ["check", APPLICANTS],
          ["draw", APPLICANTS, "--seed", "1", "--out", join(tempDir(), "d"), "--stdout", "waitlist"],
          ["--version"],
        ]) {
          const result = spawnSync(process.execPath, [BIN, ...args], { stdio: ["ignore", full, "pipe"], encoding: "utf8" });
          expect(result.status).toBe(2);
          expect(result.stderr).toMatch(/^nest: could not write to standard output: /m);
          expect(result.stderr).not.toMatch(/\n\s+at /);
        }
      } finally {
        closeSync(full);
      }
    },
  );

  it("--version answers", () => {
    expect(nest(["--version"]).stdout.trim()).toBe(JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")).version);
  });
});

/** The export with a "Response ID" column first, the i-th applicant's ID given by `id`. */
function withIdColumn(text: string, id: (i: number) => string): string {
  const records = parse(text, { bom: true }) as string[][];
  return stringify(records.map((r, i) => [i === 0 ? "Response ID" : id(i - 1), ...r]));
}

/** The export with ";" between cells, and every seventh row one cell short (rows nest pads: not kept as bytes). */
function semicolonsWithShortRows(text: string): string {
  const records = parse(text, { bom: true, relax_column_count: true }) as string[][];
  return stringify(
    records.map((r, i) => (i > 0 && i % 7 === 0 ? r.slice(0, -1) : r)),
    { delimiter: ";" },
  );
}

describe("audit.json records the export's path from the draw's folder (issue #11.13)", () => {
  /** nest, run in `cwd`. */
  const nestIn = (cwd: string, args: string[]) => {
    const result = spawnSync(process.execPath, [BIN, ...args], { cwd, env: { PATH: process.env.PATH ?? "" }, encoding: "utf8" });
    return { code: result.status, stderr: result.stderr };
  };

  it("the same whether typed ./x.csv, x.csv or in full, with no home folder in it; verify finds it from anywhere", () => {
    const dir = tempDir();
    cpSync(APPLICANTS, join(dir, "applicants.csv"));
    cpSync(join(ROOT, "test", "golden", "0.2.0", "ceremony", "nest.config.json"), join(dir, "nest.config.json"));
    const audits = [
      ["./applicants.csv", "--out", "a", "--config", "./nest.config.json"],
      ["applicants.csv", "--out", "./b", "--config", "nest.config.json"],
      [join(dir, "applicants.csv"), "--out", join(dir, "c"), "--config", join(dir, "nest.config.json")],
    ].map((args, k) => {
      const result = nestIn(dir, ["draw", ...args, "--seed", "2018"]);
      expect(result.code, result.stderr).toBe(0);
      return JSON.parse(readFileSync(join(dir, "abc"[k]!, "audit.json"), "utf8")) as {
        input: { path: string };
        config: { source: string };
      };
    });
    for (const audit of audits) {
      expect(audit.input.path).toBe("../applicants.csv");
      expect(audit.config.source).toBe("../nest.config.json");
    }
    expect(JSON.stringify(audits[0])).toBe(JSON.stringify(audits[2]));
    // verify run from elsewhere (the root, another temp folder) finds the export through the recorded path.
    for (const cwd of ["/", tempDir()]) {
      const result = nestIn(cwd, ["verify", join(dir, "c")]);
      expect(result.code, result.stderr).toBe(0);
      expect(result.stderr).toContain("read from ../applicants.csv");
    }
    // A draw into a folder two levels down records the way up to the export.
    expect(nestIn(dir, ["draw", "applicants.csv", "--out", "x/y", "--seed", "2018", "--config", "nest.config.json"]).code).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, "x", "y", "audit.json"), "utf8")).input.path).toBe("../../applicants.csv");
    expect(nestIn("/", ["verify", join(dir, "x", "y")]).code).toBe(0);
  });
});
