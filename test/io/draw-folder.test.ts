import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { FIXTURES, readFolder, run, tempDir } from "../helpers/run.js";

/** io/draw-folder.ts: a draw's folder changes as one unit, one run at a time, and a killed run is made whole. */
const APPLICANTS = join(FIXTURES, "applicants.csv");
const draw = (out: string, ...flags: string[]) => run(["draw", APPLICANTS, "--seed", "1", "--out", out, ...flags]);
const siblings = (out: string) => readdirSync(dirname(out)).filter((n) => n.startsWith(".") && n.includes(".nest"));

describe("a draw's folder", () => {
  it("is never replaced when it holds files that are not a draw's, even with --force", async () => {
    const out = join(tempDir(), "out");
    expect((await draw(out)).code).toBe(0);
    writeFileSync(join(out, "notes.txt"), "mine");
    const result = await draw(out, "--force");
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("holds files that are not a draw's (notes.txt)");
    expect(readFileSync(join(out, "notes.txt"), "utf8")).toBe("mine");
    expect((await run(["verify", out, "--input", APPLICANTS])).code).toBe(0);
  });

  it("may be an empty folder, or one with the temporary folders an earlier nest left", async () => {
    const out = join(tempDir(), "out");
    mkdirSync(join(out, ".nest-tmp-0123456789ab"), { recursive: true });
    writeFileSync(join(out, ".nest-tmp-0123456789ab", "roster.csv"), "a name, an email");
    expect((await draw(out)).code).toBe(0);
    expect(readdirSync(out).sort()).toEqual(["audit.json", "excluded.csv", "ledger.csv", "roster.csv", "waitlist.csv"]);
  });

  it("leaves nothing beside it", async () => {
    const out = join(tempDir(), "out");
    expect((await draw(out)).code).toBe(0);
    expect((await draw(out, "--force")).code).toBe(0);
    expect(siblings(out)).toEqual([]);
  });

  it("is made whole from what a killed run left: a half-written draw removed, a finished one put in place", async () => {
    const out = join(tempDir(), "out");
    expect((await draw(out)).code).toBe(0);
    const before = readFolder(out);
    // Killed while writing: a new draw's folder without its audit (personal data in it).
    const half = join(dirname(out), ".out.nest-new-aaaaaaaaaaaa");
    mkdirSync(half);
    writeFileSync(join(half, "roster.csv"), "a name, an email");
    // Killed between the two renames of a swap: the earlier draw set aside, the new one complete, nothing in place.
    const whole = join(dirname(out), ".out.nest-new-bbbbbbbbbbbb");
    const { renameSync, cpSync } = await import("node:fs");
    cpSync(out, whole, { recursive: true });
    renameSync(out, join(dirname(out), ".out.nest-old-cccccccccccc"));
    // The next run on the folder finds the finished draw in place, removes the rest, then does its own work.
    const next = await draw(out);
    expect(next.code).toBe(2);
    expect(next.stderr).toContain("holds an earlier draw");
    expect(readFolder(out)).toEqual(before);
    expect(siblings(out)).toEqual([]);
  });

  it("is written by one run at a time: a lock held by a live process is refused, one left by a killed run taken over", async () => {
    const out = join(tempDir(), "out");
    const lock = join(dirname(out), ".out.nest-lock");
    writeFileSync(lock, `${process.pid}\n`);
    const refused = await draw(out);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(`another nest (process ${process.pid}) is writing this folder`);
    expect(existsSync(out)).toBe(false);
    const gone = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"], { encoding: "utf8" }).stdout;
    writeFileSync(lock, `${gone}\n`);
    expect((await draw(out)).code).toBe(0);
    expect(existsSync(lock)).toBe(false);
  });
});

describe("a commitment or config file", () => {
  it("is written whole or not at all, and an existing one is left alone without --force", async () => {
    const dir = tempDir();
    const path = join(dir, "nest.config.json");
    expect((await run(["init", path])).code).toBe(0);
    const first = readFileSync(path, "utf8");
    expect((await run(["init", path])).code).toBe(2);
    expect(readFileSync(path, "utf8")).toBe(first);
    expect(readdirSync(dir)).toEqual(["nest.config.json"]);
  });
});
