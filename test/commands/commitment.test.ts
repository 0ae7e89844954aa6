import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { cpSync, existsSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { DEFAULT_CONFIG } from "../../src/core/default-config.js";
import { FIXTURES, ROOT, run, tempDir } from "../helpers/run.js";

/** Seed and commitment hygiene (issue #14, item 3): nest-commitment/2, nest verify commitment.json, seeds. */

const FIXTURE = join(FIXTURES, "applicants.csv");
const KEY = "0f".repeat(16);
const SHA256SUM = spawnSync("sha256sum", ["--version"]).status === 0;
if (!SHA256SUM) console.warn("sha256sum is not installed: the commitment's hash is checked with node:crypto only");

/** A ceremony's folder: the export, a keyed config (with `change` made to it) and the commitment nest commit wrote. */
async function committed(change: (config: Record<string, unknown>) => void = () => {}) {
  const dir = tempDir();
  const input = join(dir, "applicants.csv");
  cpSync(FIXTURE, input);
  const config = join(dir, "nest.config.json");
  const settings = structuredClone({ ...DEFAULT_CONFIG, applicantIdKey: KEY }) as Record<string, unknown>;
  change(settings);
  writeFileSync(config, JSON.stringify(settings, null, 2));
  const commitment = join(dir, "commitment.json");
  const result = await run(["commit", input, "--config", config, "--out", commitment]);
  expect(result.code, result.stderr).toBe(0);
  return { dir, input, config, commitment, hash: result.stdout.trim(), stderr: result.stderr };
}

function sha256(bytes: Buffer | string): string {
  return createHash("sha256").update(bytes).digest("hex");
}

describe("nest commit writes nest-commitment/2: its hash is the SHA-256 of the file", () => {
  it("prints what sha256sum prints, and the draw's audit records the same", async () => {
    const c = await committed();
    const bytes = readFileSync(c.commitment);
    expect(c.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(sha256(bytes)).toBe(c.hash);
    if (SHA256SUM) expect(spawnSync("sha256sum", [c.commitment], { encoding: "utf8" }).stdout).toBe(`${c.hash}  ${c.commitment}\n`);
    expect(c.stderr).toContain("sha256sum");
    const out = join(c.dir, "draw");
    const drawn = await run(["draw", c.input, "--config", c.config, "--commitment", c.commitment, "--seed", "1", "--out", out]);
    expect(drawn.code).toBe(0);
    expect(drawn.stderr).toContain(`whose SHA-256 is ${c.hash}: check that it is the hash published`);
    expect(JSON.parse(readFileSync(join(out, "audit.json"), "utf8")).commitment).toBe(c.hash);
    expect((await run(["verify", out])).code).toBe(0);
  });

  it("writes canonical bytes: LF line ends, one at the end, no byte-order mark, the same for the same pool", async () => {
    const a = await committed();
    const b = await committed();
    const text = readFileSync(a.commitment, "utf8");
    expect(text.endsWith("}\n")).toBe(true);
    expect(text).not.toMatch(/\r|^\uFEFF|\n\n/);
    expect(text).toBe(`${JSON.stringify(JSON.parse(text), null, 2)}\n`);
    expect(b.hash).toBe(a.hash);
  });

  it("publishes the config's settings but never its applicantIdKey", async () => {
    const c = await committed();
    const text = readFileSync(c.commitment, "utf8");
    expect(text).not.toContain(KEY);
    expect(text).not.toContain("applicantIdKey");
    const file = JSON.parse(text);
    const { applicantIdKey: _key, ...settings } = JSON.parse(readFileSync(c.config, "utf8"));
    expect(file.config.settings).toEqual(settings);
    expect(file.input).toEqual({ sha256: sha256(readFileSync(c.input)), rows: 600 });
    expect(Object.keys(file)).toEqual(["format", "algorithm", "input", "config", "pool"]);
  });
});

describe("draw --commitment says what changed and what to do", () => {
  it("a place count changed: names the setting, not the pool", async () => {
    const c = await committed();
    const config = JSON.parse(readFileSync(c.config, "utf8"));
    config.places.overrides = { "3": { youth: 3 } };
    writeFileSync(c.config, JSON.stringify(config, null, 2));
    const out = join(c.dir, "draw");
    const result = await run(["draw", c.input, "--config", c.config, "--commitment", c.commitment, "--seed", "1", "--out", out]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("the config differs from the committed one; no draw was made");
    expect(result.stderr).toContain("places for district 3 / youth changed from 2 (the default) to 3");
    expect(result.stderr).toMatch(
      /what to do: draw with the config you committed \(SHA-256 [0-9a-f]{64}\); or, if the seed does not exist yet, commit again and publish the new hash/,
    );
    expect(result.stderr).not.toContain("pool");
    expect(existsSync(out)).toBe(false);
  });

  it("a session location filled in after the commitment: says it belongs to nest notify --config", async () => {
    const c = await committed();
    const config = JSON.parse(readFileSync(c.config, "utf8"));
    config.districts[0].session.location = "City Hall";
    writeFileSync(c.config, JSON.stringify(config, null, 2));
    const result = await run([
      "draw",
      c.input,
      "--config",
      c.config,
      "--commitment",
      c.commitment,
      "--seed",
      "1",
      "--out",
      join(c.dir, "d"),
    ]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('districts[0].session.location changed from null to "City Hall"');
    expect(result.stderr).toContain("give a copy that has them to nest notify --config FILE after the draw");
    // A setting the draw reads gets no such hint.
    config.districts[0].session.location = null;
    config.places.default = 3;
    writeFileSync(c.config, JSON.stringify(config, null, 2));
    const places = await run([
      "draw",
      c.input,
      "--config",
      c.config,
      "--commitment",
      c.commitment,
      "--seed",
      "1",
      "--out",
      join(c.dir, "d"),
    ]);
    expect(places.stderr).not.toContain("nest notify");
  });

  it("the key changed: says so, not 527 applicants twice", async () => {
    const c = await committed();
    const config = JSON.parse(readFileSync(c.config, "utf8"));
    config.applicantIdKey = "ab".repeat(16);
    writeFileSync(c.config, JSON.stringify(config, null, 2));
    const result = await run([
      "draw",
      c.input,
      "--config",
      c.config,
      "--commitment",
      c.commitment,
      "--seed",
      "1",
      "--out",
      join(c.dir, "d"),
    ]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("its applicantIdKey changed");
    expect(result.stderr).toMatch(/none of the 527 committed Applicant IDs is in the pool now/);
    expect(result.stderr.split("\n").length).toBeLessThan(8);
  });

  it("applicants withdrawn: names them with their rows and what became of them", async () => {
    const c = await committed();
    const rows = parse(readFileSync(c.input), { bom: true }) as string[][];
    // Row 2 (the first applicant) removed; row 3 names a group the program does not have (it is row 2 now).
    const group = rows[0]!.findIndex((h) => /which group/i.test(h));
    rows[2]![group] = "Astronauts";
    const kept = [rows[0]!, ...rows.slice(2)];
    writeFileSync(c.input, `${kept.map((r) => r.map((x) => `"${x.replace(/"/g, '""')}"`).join(",")).join("\r\n")}\r\n`);
    const result = await run(["verify", c.commitment, "--input", c.input, "--config", c.config]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("the export has 599 rows, the commitment was made on 600");
    expect(result.stderr).toMatch(/in the commitment (is|are) not in the pool now: .*N\w{12} \(not in the export now\)/);
    expect(result.stderr).toMatch(/N\w{12} \(row 2, excluded now: UNKNOWN_CATEGORY\)/);
    expect(result.stderr).toMatch(/what to do: draw with the export you committed/);
  });

  it("a commitment edited, if only in its spacing, is refused: its hash is not the one published", async () => {
    const c = await committed();
    writeFileSync(c.commitment, readFileSync(c.commitment, "utf8").replace(/^ {2}"algorithm"/m, '    "algorithm"'));
    const result = await run([
      "draw",
      c.input,
      "--config",
      c.config,
      "--commitment",
      c.commitment,
      "--seed",
      "1",
      "--out",
      join(c.dir, "d"),
    ]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /its spacing was changed \(line 3 is not as nest commit writes it\); so its SHA-256 \([0-9a-f]{64}\) is not the hash that was published/,
    );
    const crlf = await committed();
    writeFileSync(crlf.commitment, readFileSync(crlf.commitment, "utf8").replace(/\n/g, "\r\n"));
    const saved = await run(["verify", crlf.commitment, "--input", crlf.input, "--config", crlf.config]);
    expect(saved.code).toBe(1);
    expect(saved.stderr).toContain("its lines end in CR LF");
  });

  it("a file of another kind given to --commitment: one sentence", async () => {
    const c = await committed();
    const out = join(c.dir, "draw");
    await run(["draw", c.input, "--config", c.config, "--seed", "1", "--out", out]);
    for (const [file, what] of [
      [join(out, "audit.json"), "a nest draw's audit"],
      [c.config, "a nest config"],
    ] as const) {
      const result = await run(["draw", c.input, "--config", c.config, "--commitment", file, "--seed", "1", "--out", join(c.dir, "x")]);
      expect(result.code).toBe(2);
      expect(result.stderr).toBe(`nest: ${file}: ${what}, not a commitment: --commitment takes the commitment.json nest commit wrote\n`);
    }
  });
});

describe("nest verify commitment.json", () => {
  it("verifies a commitment against the export and the config, and checks a published hash", async () => {
    const c = await committed();
    const result = await run(["verify", c.commitment, "--input", c.input, "--config", c.config]);
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(
      /^verified: .*commitment\.json \(nest-commitment\/2, nest-draw\/6\) is the pool of .*applicants\.csv: 527 eligible applicants in 6 districts/,
    );
    expect(result.stderr).toContain(`its hash is ${c.hash}: check that it is the one published`);
    expect((await run(["verify", c.commitment, "--input", c.input, "--config", c.config, "--hash", c.hash.toUpperCase()])).code).toBe(0);
    const other = await run(["verify", c.commitment, "--input", c.input, "--config", c.config, "--hash", "0".repeat(64), "--json"]);
    expect(other.code).toBe(1);
    expect(JSON.parse(other.stdout)).toMatchObject({ verified: false });
    expect(other.stderr).toContain(`the hash given, ${"0".repeat(64)}, is not`);
  });

  it("says what it needs: the export (--input), and a keyed config (--config)", async () => {
    const c = await committed();
    const noInput = await run(["verify", c.commitment]);
    expect(noInput.code).toBe(2);
    expect(noInput.stderr).toContain("name the export the pool was committed from with --input FILE");
    const noConfig = await run(["verify", c.commitment, "--input", c.input]);
    expect(noConfig.code).toBe(2);
    expect(noConfig.stderr).toContain(
      "a config that holds an applicantIdKey, which a commitment never publishes: name that config file with --config FILE",
    );
    const seed = await run(["verify", c.commitment, "--input", c.input, "--seed", "1"]);
    expect(seed.code).toBe(2);
  });

  it("needs no --config when the config has no key (an export with its own IDs): the settings recorded are the config", async () => {
    const rows = parse(readFileSync(FIXTURE), { columns: false }) as string[][];
    const text = [["ID", ...rows[0]!], ...rows.slice(1).map((r, i) => [`P${i}`, ...r])]
      .map((r) => r.map((x) => `"${x.replace(/"/g, '""')}"`).join(","))
      .join("\r\n");
    const dir = tempDir();
    const input = join(dir, "applicants.csv");
    writeFileSync(input, `${text}\r\n`);
    const commitment = join(dir, "commitment.json");
    expect((await run(["commit", input, "--out", commitment])).code).toBe(0);
    const result = await run(["verify", commitment, "--input", input]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain("judged with the config it records");
  });

  it("verifies every earlier version's ceremony commitment (nest-commitment/1 and /2), and finds an edit", async () => {
    for (const version of readdirSync(join(ROOT, "test", "golden"))) {
      const golden = join(ROOT, "test", "golden", version, "ceremony");
      if (!existsSync(join(golden, "commitment.json"))) continue;
      const args = ["--input", join(golden, "applicants.csv"), "--config", join(golden, "nest.config.json")];
      const result = await run(["verify", join(golden, "commitment.json"), ...args]);
      expect(result.code, `${version}: ${result.stderr}`).toBe(0);
      const committed = JSON.parse(readFileSync(join(golden, "commitment.json"), "utf8"));
      if (committed.format === "nest-commitment/1") {
        expect(result.stderr).toMatch(/\(nest-commitment\/1, nest-draw\/\d\)/);
        expect(result.stderr).toContain(`its hash is ${committed.hash}`);
      } else {
        // From 0.6.0 (nest-commitment/2): the hash is the file's own SHA-256, as sha256sum prints it.
        expect(result.stderr).toMatch(/\(nest-commitment\/2, nest-draw\/\d\)/);
        const sha = createHash("sha256")
          .update(readFileSync(join(golden, "commitment.json")))
          .digest("hex");
        expect(result.stderr).toContain(`its hash is ${sha}`);
      }
    }
    const dir = tempDir();
    cpSync(join(ROOT, "test", "golden", "0.5.0", "ceremony"), dir, { recursive: true });
    writeFileSync(join(dir, "commitment.json"), readFileSync(join(dir, "commitment.json"), "utf8").replace(/"N\w{12}"/, '"N000000000000"'));
    const altered = await run([
      "verify",
      join(dir, "commitment.json"),
      "--input",
      join(dir, "applicants.csv"),
      "--config",
      join(dir, "nest.config.json"),
    ]);
    expect(altered.code).toBe(1);
    expect(altered.stderr).toContain("the commitment was altered");
  });

  it("refuses --config, --hash, --encoding, --sheet with a draw's folder", async () => {
    const c = await committed();
    const out = join(c.dir, "draw");
    await run(["draw", c.input, "--config", c.config, "--seed", "1", "--out", out]);
    const result = await run(["verify", out, "--config", c.config]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("--config is for checking a commitment");
  });
});

describe("seeds (nest-draw/6)", () => {
  it("takes white space out: the same dice rolls spaced otherwise give the same draw, and the seed is recorded as given", async () => {
    const dir = tempDir();
    const [a, b] = [join(dir, "a"), join(dir, "b")];
    const first = await run(["draw", FIXTURE, "--seed", "7 0 3 9 1 4 4 8", "--out", a]);
    expect(first.stderr).toContain('Seed "7 0 3 9 1 4 4 8" (used as "70391448": nest-draw/6 takes white space out of the seed)');
    await run(["draw", FIXTURE, "--seed", "7039\u00a01448", "--out", b]);
    for (const name of ["roster.csv", "waitlist.csv", "ledger.csv"])
      expect(readFileSync(join(a, name), "utf8")).toBe(readFileSync(join(b, name), "utf8"));
    expect(JSON.parse(readFileSync(join(a, "audit.json"), "utf8")).seed).toBe("7 0 3 9 1 4 4 8");
    const ledger = await run(["verify", "--ledger", join(a, "ledger.csv"), "--seed", "70391448"]);
    expect(ledger.code).toBe(0);
  });

  it("refuses a seed of white space only, and --seed-source without --seed", async () => {
    const blank = await run(["draw", FIXTURE, "--seed", "   ", "--out", join(tempDir(), "d")]);
    expect(blank.code).toBe(2);
    expect(blank.stderr).toBe("nest: --seed: the seed is only white space\n");
    const source = await run(["draw", FIXTURE, "--seed-source", "dice", "--out", join(tempDir(), "d")], { seed: "1" });
    expect(source.code).toBe(2);
  });
});
