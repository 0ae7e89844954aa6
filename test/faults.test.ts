import { spawn, spawnSync } from "node:child_process";
import { cpSync, existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import seedrandom from "seedrandom";
import { beforeAll, describe, expect, it } from "vitest";
// @ts-expect-error: a plain ES module script without types
import { generateExport } from "../scripts/generate-export.mjs";
import { ROOT, run, tempDir } from "./helpers/run.js";

/**
 * Faults, as README "What nest promises under faults" states them: a draw killed at any moment, two draws into one
 * folder at once, and tampered files. Short by default; NEST_FAULT_RUNS=N runs each harness N times (the README's
 * figures come from such a run). The built CLI runs as a user runs it (npm test builds it first).
 */
const RUNS = Number(process.env.NEST_FAULT_RUNS ?? "3");
const TIMEOUT = Math.max(60_000, RUNS * 5_000);
const BIN = join(ROOT, "bin", "nest.js");
const random = seedrandom(`faults ${process.env.NEST_FAULT_SEED ?? Date.now()}`);

let input = "";
beforeAll(() => {
  input = join(tempDir(), "applicants.csv");
  let text = "";
  generateExport({ count: 20_000, seed: "faults", write: (chunk: string) => void (text += chunk) });
  writeFileSync(input, text);
});

const nest = (args: string[]) => spawnSync(process.execPath, [BIN, ...args], { encoding: "utf8" });
const siblings = (out: string) => readdirSync(dirname(out)).filter((n) => n.startsWith(".") && n.includes(".nest"));
/** The seed the draw in `out` was made with, when it verifies; else null. */
const verifiedSeed = (out: string): string | null =>
  nest(["verify", out, "--input", input]).status === 0 ? (JSON.parse(readFileSync(join(out, "audit.json"), "utf8")).seed as string) : null;

describe("a draw killed at any moment (kill -9)", () => {
  it(
    `leaves the whole earlier draw or the whole new one, and the next run cleans up (${RUNS} kills)`,
    async () => {
      const out = join(tempDir(), "out");
      const started = Date.now();
      expect(nest(["draw", input, "--seed", "earlier", "--out", out]).status).toBe(0);
      const full = Date.now() - started;
      const seen = { earlier: 0, new: 0, absent: 0 };
      for (let i = 0; i < RUNS; i++) {
        const child = spawn(process.execPath, [BIN, "draw", input, "--seed", `new ${i}`, "--out", out, "--force"], { stdio: "ignore" });
        const exited = new Promise((resolve) => child.once("exit", resolve));
        await new Promise((resolve) => setTimeout(resolve, Math.floor(random() * full * 1.2)));
        child.kill("SIGKILL");
        await exited;
        if (!existsSync(out)) seen.absent++;
        else {
          const seed = verifiedSeed(out);
          expect(seed === "earlier" || seed === `new ${i}`, `after kill ${i}, the folder verifies as one draw or the other`).toBe(true);
          if (seed === "earlier") seen.earlier++;
          else seen.new++;
        }
        // The next run finds what the killed one left, makes it whole, and draws the earlier draw again.
        expect(nest(["draw", input, "--seed", "earlier", "--out", out, "--force"]).status).toBe(0);
        expect(verifiedSeed(out)).toBe("earlier");
        expect(siblings(out)).toEqual([]);
      }
      process.stderr.write(
        `kill -9 harness: ${RUNS} kills: earlier draw ${seen.earlier}, new draw ${seen.new}, folder absent ${seen.absent}\n`,
      );
    },
    TIMEOUT,
  );
});

describe("two draws into one folder at once", () => {
  it(
    `exactly one writes it, the other is refused, and the folder is one whole draw (${RUNS} pairs)`,
    async () => {
      const outcomes: string[] = [];
      for (let i = 0; i < RUNS; i++) {
        const out = join(tempDir(), "out");
        const both = await Promise.all(
          ["a", "b"].map(
            (seed) =>
              new Promise<{ code: number | null; stderr: string }>((resolve) => {
                const child = spawn(process.execPath, [BIN, "draw", input, "--seed", seed, "--out", out], {
                  stdio: ["ignore", "ignore", "pipe"],
                });
                let stderr = "";
                child.stderr.on("data", (d) => (stderr += d));
                child.on("exit", (code) => resolve({ code, stderr }));
              }),
          ),
        );
        const codes = both.map((r) => r.code).sort();
        expect(codes).toEqual([0, 2]);
        const refused = both.find((r) => r.code === 2)!;
        expect(refused.stderr).toMatch(/another nest \(process \d+\) is writing this folder|holds an earlier draw/);
        outcomes.push(refused.stderr.includes("another nest") ? "locked out" : "found the draw");
        expect(["a", "b"]).toContain(verifiedSeed(out));
        expect(siblings(out)).toEqual([]);
      }
      const counted = (what: string) => outcomes.filter((o) => o === what).length;
      process.stderr.write(
        `concurrency harness: ${RUNS} pairs: the other run locked out ${counted("locked out")}, found the draw ${counted("found the draw")}\n`,
      );
    },
    TIMEOUT,
  );
});

describe("tampered files", () => {
  it(
    `any changed byte of any file of a draw is found, never verified and never a crash (${RUNS * 5} edits)`,
    async () => {
      const fixture = join(ROOT, "fixtures", "applicants.csv");
      const draw = join(tempDir(), "draw");
      expect((await run(["draw", fixture, "--seed", "t", "--out", draw])).code).toBe(0);
      const honest = await run(["verify", draw, "--input", fixture]);
      expect(honest.code).toBe(0);
      const asRecorded = (stderr: string) => /^ {2}as recorded: .*$/m.exec(stderr)?.[0] ?? null;
      expect(asRecorded(honest.stderr)).not.toBe(null);
      for (let i = 0; i < RUNS * 5; i++) {
        const copy = join(tempDir(), "copy");
        cpSync(draw, copy, { recursive: true });
        const name = ["roster.csv", "waitlist.csv", "excluded.csv", "ledger.csv", "audit.json"][i % 5]!;
        const bytes = readFileSync(join(copy, name));
        const at = Math.floor(random() * bytes.length);
        bytes[at] = (bytes[at]! + 1 + Math.floor(random() * 255)) % 256;
        writeFileSync(join(copy, name), bytes);
        const result = await run(["verify", copy, "--input", fixture]);
        expect(result.stderr).not.toContain("internal error");
        if (result.code === 0) {
          // What verify takes on trust, and shows instead of checking (README "Checking a draw"): the version that made
          // the draw, the export's recorded name and path (--input overrides them here), the seed's source and the
          // config's. An edit there verifies, and what verify shows of it differs.
          expect(name, `${name} byte ${at}: verified`).toBe("audit.json");
          expect(asRecorded(result.stderr), `${name} byte ${at}`).not.toBe(asRecorded(honest.stderr));
          continue;
        }
        expect([1, 2], `${name} byte ${at}: ${result.stderr.slice(0, 300)}`).toContain(result.code);
      }
    },
    TIMEOUT,
  );
});
