import { spawn, spawnSync } from "node:child_process";
import { cpSync, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, renameSync, symlinkSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
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
    expect(readdirSync(out).sort()).toEqual(["audit.json", "excluded.csv", "ledger.csv", "report.html", "roster.csv", "waitlist.csv"]);
  });

  it("leaves nothing beside it", async () => {
    const out = join(tempDir(), "out");
    expect((await draw(out)).code).toBe(0);
    expect((await draw(out, "--force")).code).toBe(0);
    expect(siblings(out)).toEqual([]);
  });

  it("is made whole from what a killed run left: a half-written draw removed, a ready one put in place", async () => {
    const out = join(tempDir(), "out");
    expect((await draw(out)).code).toBe(0);
    const before = readFolder(out);
    // Killed while writing: a new draw's folder, its audit begun but empty (personal data in it).
    const half = join(dirname(out), ".out.nest-new-aaaaaaaaaaaa");
    mkdirSync(half);
    writeFileSync(join(half, "roster.csv"), "a name, an email");
    writeFileSync(join(half, "audit.json"), "");
    // Killed between the two renames of a swap: the earlier draw set aside, the new one ready, nothing in place.
    cpSync(out, join(dirname(out), ".out.nest-ready-bbbbbbbbbbbb"), { recursive: true });
    renameSync(out, join(dirname(out), ".out.nest-old-cccccccccccc"));
    // The next run on the folder puts the ready draw in place, removes the rest, then does its own work.
    const next = await draw(out);
    expect(next.code).toBe(2);
    expect(next.stderr).toContain("holds an earlier draw");
    expect(readFolder(out)).toEqual(before);
    expect(siblings(out)).toEqual([]);
  });

  it("puts a draw back in a folder made again empty meanwhile, and touches nothing when it was made again with files", async () => {
    const out = join(tempDir(), "out");
    expect((await draw(out)).code).toBe(0);
    const before = readFolder(out);
    renameSync(out, join(dirname(out), ".out.nest-old-cccccccccccc"));
    mkdirSync(out); // a tool that syncs folders made it again
    expect((await draw(out)).stderr).toContain("holds an earlier draw");
    expect(readFolder(out)).toEqual(before);
    renameSync(out, join(dirname(out), ".out.nest-old-dddddddddddd"));
    mkdirSync(out);
    writeFileSync(join(out, "notes.txt"), "mine");
    const refused = await draw(out, "--force");
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain("a draw was interrupted here; the folder was made again meanwhile");
    expect(readFileSync(join(out, "notes.txt"), "utf8")).toBe("mine");
    expect(readFolder(join(dirname(out), ".out.nest-old-dddddddddddd"))).toEqual(before);
  });

  it("keeps files of anyone else's that a set-aside earlier draw holds: only a draw's own files go", async () => {
    const out = join(tempDir(), "out");
    expect((await draw(out)).code).toBe(0);
    const old = join(dirname(out), ".out.nest-old-eeeeeeeeeeee");
    cpSync(out, old, { recursive: true });
    writeFileSync(join(old, "notes.txt"), "mine"); // put there while a draw was written
    expect((await draw(out, "--force")).code).toBe(0);
    expect(readdirSync(old)).toEqual(["notes.txt"]);
  });

  it("replaces the folder a link points to, and keeps the link", async () => {
    const dir = tempDir();
    const real = join(dir, "real");
    expect((await draw(real)).code).toBe(0);
    symlinkSync(real, join(dir, "link"));
    expect((await run(["draw", APPLICANTS, "--seed", "2", "--out", join(dir, "link"), "--force"])).code).toBe(0);
    expect(lstatSync(join(dir, "link")).isSymbolicLink()).toBe(true);
    expect(JSON.parse(readFileSync(join(real, "audit.json"), "utf8")).seed).toBe("2");
  });

  it("is written by one run at a time: a lock held by a running process is refused, one left by a run that ended taken over", async () => {
    const out = join(tempDir(), "out");
    const lock = join(dirname(out), ".out.nest-lock");
    const running = spawn(process.execPath, ["-e", "setTimeout(() => {}, 60000)"]);
    try {
      writeFileSync(lock, `${running.pid} ${hostname()} x\n`);
      const refused = await draw(out);
      expect(refused.code).toBe(2);
      expect(refused.stderr).toContain(`another nest (process ${running.pid}) is writing this folder (its lock: ${lock})`);
      expect(existsSync(out)).toBe(false);
    } finally {
      running.kill();
    }
    const ended = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"], { encoding: "utf8" }).stdout;
    writeFileSync(lock, `${ended} ${hostname()} x\n`);
    expect((await draw(out)).code).toBe(0);
    expect(existsSync(lock)).toBe(false);
    // A lock with this very process id is from before (a restart, a container): no run of this process holds it.
    writeFileSync(lock, `${process.pid} ${hostname()} x\n`);
    expect((await draw(out, "--force")).code).toBe(0);
    expect(siblings(out)).toEqual([]);
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
