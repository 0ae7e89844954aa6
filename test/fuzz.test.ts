import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import seedrandom from "seedrandom";
import { expect, it } from "vitest";
import { FIXTURES, run, tempDir } from "./helpers/run.js";

/**
 * Byte-level fuzzing of real exports for a bounded time (NEST_FUZZ_SECONDS, default 8): flip, insert,
 * delete and duplicate bytes, then run nest check and nest draw. Every run must end with exit 0 or 2
 * and never an internal error. Mutations are seeded, so a failure names the case that reproduces it.
 */
const SECONDS = Number(process.env.NEST_FUZZ_SECONDS ?? 8);
const SEEDS = [join(FIXTURES, "applicants.csv"), join(FIXTURES, "edge", "excel-windows.csv"), join(FIXTURES, "edge", "small.csv")];
const INTERESTING = [0x22, 0x2c, 0x3b, 0x09, 0x0a, 0x0d, 0x00, 0xef, 0xbb, 0xbf, 0xff, 0xfe, 0xc3, 0x80, 0x3d, 0x40];

function mutate(bytes: Buffer, rng: () => number): Buffer {
  const out = [...bytes.subarray(0, 4000)]; // the header and the first rows: where the structure is
  const edits = 1 + Math.floor(rng() * 8);
  for (let e = 0; e < edits; e++) {
    const at = Math.floor(rng() * (out.length + 1));
    const byte = rng() < 0.5 ? INTERESTING[Math.floor(rng() * INTERESTING.length)]! : Math.floor(rng() * 256);
    const kind = rng();
    if (kind < 0.35) out[at] = byte;
    else if (kind < 0.7) out.splice(at, 0, byte);
    else if (kind < 0.9) out.splice(at, 1 + Math.floor(rng() * 20));
    else out.splice(at, 0, ...out.slice(at, at + Math.floor(rng() * 200)));
  }
  return Buffer.from(out);
}

it(`mutated exports never crash nest (${SECONDS} s)`, async () => {
  const dir = tempDir();
  const deadline = Date.now() + SECONDS * 1000;
  let cases = 0;
  const outcomes = new Map<number, number>();
  while (Date.now() < deadline || cases < 20) {
    const source = SEEDS[cases % SEEDS.length]!;
    const rng = seedrandom(`fuzz-${cases}`);
    const file = join(dir, `case-${cases}.csv`);
    writeFileSync(file, mutate(readFileSync(source), rng));
    const args = cases % 4 === 0 ? ["draw", file, "--seed", "1", "--out", join(dir, `out-${cases}`)] : ["check", file];
    const result = await run(args);
    const where = `case fuzz-${cases} from ${source}`;
    expect(result.stderr, where).not.toContain("internal error");
    expect([0, 2], where).toContain(result.code);
    outcomes.set(result.code, (outcomes.get(result.code) ?? 0) + 1);
    cases++;
  }
  // Both paths were exercised: some mutations are still readable, some are refused.
  expect(outcomes.get(0) ?? 0).toBeGreaterThan(0);
  expect(outcomes.get(2) ?? 0).toBeGreaterThan(0);
}, 120_000);
