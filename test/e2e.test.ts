import { spawnSync } from "node:child_process";
import { cpSync, existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { FIXTURES, ROOT, readFolder, tempDir } from "./helpers/run.js";

// The built CLI as a user runs it (npm test builds it first: see package.json "pretest").
const BIN = join(ROOT, "bin", "nest.cjs");
const APPLICANTS = join(FIXTURES, "applicants.csv");

function nest(args: string[], env: Record<string, string> = {}, input?: Buffer) {
  const result = spawnSync(process.execPath, [BIN, ...args], { env: { PATH: process.env.PATH ?? "", ...env }, input, encoding: "buffer" });
  return { code: result.status, stdout: result.stdout.toString("utf8"), stderr: result.stderr.toString("utf8") };
}

describe("bin/nest.cjs end to end", () => {
  beforeAll(() => {
    if (!existsSync(join(ROOT, "dist", "cli.js"))) throw new Error("dist/ is missing: run `npm run build` first (npm test does)");
  });

  it("draws the fixture as the README says", () => {
    const out = join(tempDir(), "nest-draw");
    const result = nest(["draw", APPLICANTS, "--seed", "2018", "--out", out]);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe("");
    expect(result.stderr).toContain("600 applicants");
    expect(Object.keys(readFolder(out))).toEqual(["audit.json", "excluded.csv", "ledger.csv", "roster.csv", "waitlist.csv"]);
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

  it("pipes the roster to standard output", () => {
    const out = tempDir();
    const result = nest(["draw", "-", "--seed", "2018", "--out", out, "--stdout", "roster"], {}, readFileSync(APPLICANTS));
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(readFileSync(join(out, "roster.csv"), "utf8"));
  });

  it("exits 2 with one message and no stack trace on bad input", () => {
    const result = nest(["draw", join(ROOT, "package.json"), "--seed", "1", "--out", join(tempDir(), "x")]);
    expect(result.code).toBe(2);
    expect(result.stderr.startsWith("nest: ")).toBe(true);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it("--version answers", () => {
    expect(nest(["--version"]).stdout.trim()).toBe(JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")).version);
  });
});
