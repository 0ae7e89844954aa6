import { createHash } from "node:crypto";
import { cpSync, existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { REASONS } from "../src/core/reasons.js";
import { ROOT, run, tempDir } from "./helpers/run.js";

/**
 * Draws are public records: a draw made by any earlier version of nest must still verify (README "What stays
 * verifiable"). test/golden/<version>/<case>/ holds what that version wrote (scripts/make-golden.mjs, run by
 * that version; the commands are in each case's commands.txt): the export, the config and commitment where
 * there was one, and the draw's folder. These files are never made again.
 */
const GOLDEN = join(ROOT, "test", "golden");
const cases = readdirSync(GOLDEN).flatMap((version) =>
  readdirSync(join(GOLDEN, version)).map((name) => ({ version, name, dir: join(GOLDEN, version, name) })),
);

function recorded(dir: string): { seed: string; options: { escapeFormulas: boolean } } {
  return JSON.parse(readFileSync(join(dir, "draw", "audit.json"), "utf8"));
}

describe.each(cases)("the $version draw $name", ({ dir }) => {
  it("verifies, from its folder (one thread and two)", async () => {
    for (const env of [{}, { NEST_PARALLEL_BYTES: "1" }] as Record<string, string>[]) {
      const result = await run(["verify", join(dir, "draw")], { env });
      expect(result.stderr).toMatch(/^verified: /);
      expect(result.code).toBe(0);
    }
  });

  it("verifies from its public ledger and seed alone", async () => {
    const { seed, options } = recorded(dir);
    const flags = options.escapeFormulas ? [] : ["--no-formula-escape"];
    const result = await run(["verify", "--ledger", join(dir, "draw", "ledger.csv"), "--seed", seed, ...flags]);
    expect(result.stderr).toMatch(/^verified: /);
    expect(result.code).toBe(0);
  });

  it.runIf(existsSync(join(dir, "draw", "replacements.csv")))("replays its replacements from the public files alone", async () => {
    const { seed, options } = recorded(dir);
    const flags = options.escapeFormulas ? [] : ["--no-formula-escape"];
    const record = join(dir, "draw", "replacements.csv");
    const result = await run(["verify", "--ledger", join(dir, "draw", "ledger.csv"), "--replacements", record, "--seed", seed, ...flags]);
    expect(result.stderr).toMatch(/^verified: .* replacements replayed/);
    expect(result.code).toBe(0);
  });

  it.runIf(existsSync(join(dir, "commitment.json")))("is drawn again, byte for byte, by this version from its commitment", async () => {
    // A ceremony committed with an earlier version is finished with the algorithm it committed to.
    const audit = JSON.parse(readFileSync(join(dir, "draw", "audit.json"), "utf8"));
    const out = join(tempDir(), "again");
    const flags = [
      ...(audit.options.bom ? [] : ["--no-bom"]),
      ...(audit.options.escapeFormulas ? [] : ["--no-formula-escape"]),
      ...(audit.options.encoding === null ? [] : ["--encoding", audit.options.encoding]),
    ];
    const result = await run([
      "draw",
      join(dir, "applicants.csv"),
      "--config",
      join(dir, "nest.config.json"),
      "--commitment",
      join(dir, "commitment.json"),
      "--seed",
      audit.seed,
      "--seed-source",
      audit.seedSource,
      ...flags,
      "--out",
      out,
    ]);
    expect(result.stderr).not.toMatch(/^nest: /m);
    expect(result.code).toBe(0);
    for (const name of Object.keys(audit.outputs))
      expect(readFileSync(join(out, name)).equals(readFileSync(join(dir, "draw", name)))).toBe(true);
    const again = JSON.parse(readFileSync(join(out, "audit.json"), "utf8"));
    for (const recorded of [audit, again]) {
      delete recorded.version;
      delete recorded.input.path;
      delete recorded.config.source;
    }
    expect(again).toEqual(audit);
  });

  it("fails to verify once a roster line is edited (the check is not vacuous)", async () => {
    const copy = join(tempDir(), "copy");
    cpSync(dir, copy, { recursive: true });
    const roster = join(copy, "draw", "roster.csv");
    const lines = readFileSync(roster, "utf8").split("\r\n");
    lines[1] = lines[1]!.replace(/,\d+,/, ",99,");
    writeFileSync(roster, lines.join("\r\n"));
    const result = await run(["verify", join(copy, "draw")]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("roster.csv row 2 differs");
  });
});

describe("the golden draws", () => {
  it("exist, one folder per version and case", () => {
    expect(cases.map((c) => `${c.version}/${c.name}`)).toEqual(
      expect.arrayContaining([
        "0.1.0/fixture",
        "0.1.0/ceremony",
        "0.1.0/id-column-1252",
        "0.1.0/bench-1000",
        "0.2.0/fixture",
        "0.2.0/ceremony",
        "0.2.0/id-column-1252",
        "0.2.0/every-reason",
        "0.2.0/bench-1000",
        "0.3.0/fixture",
        "0.3.0/ceremony",
        "0.3.0/id-column-1252",
        "0.3.0/every-reason",
        "0.3.0/bench-1000",
        "0.3.0/formula-cells",
        "0.4.0/fixture",
        "0.4.0/ceremony",
        "0.4.0/id-column-1252",
        "0.4.0/every-reason",
        "0.4.0/bench-1000",
        "0.4.0/formula-cells",
        "0.5.0/fixture",
        "0.5.0/ceremony",
        "0.5.0/id-column-1252",
        "0.5.0/every-reason",
        "0.5.0/bench-1000",
        "0.5.0/formula-cells",
        "0.5.0/own-words",
        "0.5.0/workbook",
        "0.6.0/fixture",
        "0.6.0/ceremony",
        "0.6.0/id-column-1252",
        "0.6.0/every-reason",
        "0.6.0/bench-1000",
        "0.6.0/formula-cells",
        "0.6.0/own-words",
        "0.6.0/workbook",
        "0.6.0/replacements",
      ]),
    );
    for (const c of cases) expect(existsSync(join(c.dir, "draw", "audit.json"))).toBe(true);
  });

  it("between them, every reason code of every algorithm is exercised", () => {
    const codes = (algorithm: string) =>
      new Set(
        cases.flatMap((c) => {
          const audit = JSON.parse(readFileSync(join(c.dir, "draw", "audit.json"), "utf8"));
          return audit.algorithm === algorithm ? Object.keys(audit.counts.excludedByReason) : [];
        }),
      );
    expect([...codes("nest-draw/2")].sort()).toEqual(Object.keys(REASONS).sort());
    expect([...codes("nest-draw/3")].sort()).toEqual(Object.keys(REASONS).sort());
    expect([...codes("nest-draw/4")].sort()).toEqual(Object.keys(REASONS).sort());
    expect([...codes("nest-draw/5")].sort()).toEqual(Object.keys(REASONS).sort());
    expect([...codes("nest-draw/6")].sort()).toEqual(Object.keys(REASONS).sort());
  });

  it("0.1.0's benchmark draw is the one 0.1.0 pinned by hash (test/pinned-draw.test.ts of 0.1.0)", () => {
    const sha = (name: string) =>
      createHash("sha256")
        .update(readFileSync(join(GOLDEN, "0.1.0", "bench-1000", "draw", name)))
        .digest("hex");
    expect({
      "roster.csv": sha("roster.csv"),
      "waitlist.csv": sha("waitlist.csv"),
      "excluded.csv": sha("excluded.csv"),
      "ledger.csv": sha("ledger.csv"),
    }).toEqual({
      "roster.csv": "b7d2136c828a5f779f9e3c5bba25887ea5d6421b3909e172c95a14a3ec624e38",
      "waitlist.csv": "cbb2812256c318b973f75c843df4f484bd1550738da661e6492dda984b06b0dd",
      "excluded.csv": "1fdfd34e7e001c4e11b4c59e57133bbfd2d146485f30822ba2de3f2976962ef7",
      "ledger.csv": "428378c11cb527c71ddc75552bf07f1f31853665153d0fa5a245b9f99aa262ec",
    });
  });
});
