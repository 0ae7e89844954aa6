import fc from "fast-check";
import { parse } from "csv-parse/sync";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { applicantRow, HEADERS } from "../helpers/applicant-rows.js";
import { readFolder, run, tempDir } from "../helpers/run.js";

/**
 * Random exports, with the nasty values real ones hold, through the whole CLI (bytes in, files out):
 * no crash; every record in exactly one output, or exit 2 with nothing written; at most one place per
 * person; no category over its places; every seated person eligible; the same bytes give the same files.
 */

const exportArb = fc.record({
  rows: fc.array(applicantRow, { minLength: 1, maxLength: 25 }),
  delimiter: fc.constantFrom(",", ";", "\t"),
  newline: fc.constantFrom("\r\n", "\n", "\r"),
  bom: fc.boolean(),
  utf16: fc.boolean(),
  blankLines: fc.nat({ max: 2 }),
  seed: fc.constantFrom("1", "2018", "dice 6 6 6"),
});

function quote(cell: string): string {
  return /["\r\n,;\t]/.test(cell) || cell !== cell.trim() ? `"${cell.replace(/"/g, '""')}"` : cell;
}

type Export = typeof exportArb extends fc.Arbitrary<infer T> ? T : never;

function encode(e: Export): Buffer {
  const lines = [HEADERS, ...e.rows].map((r) => r.map(quote).join(e.delimiter));
  const text = lines.join(e.newline) + e.newline.repeat(1 + e.blankLines);
  if (e.utf16) return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, "utf16le")]);
  return Buffer.concat([Buffer.from(e.bom ? [0xef, 0xbb, 0xbf] : []), Buffer.from(text, "utf8")]);
}

describe("hostile exports through nest draw (property)", () => {
  it("nothing crashes, nothing is lost, nothing is invented, and the same bytes give the same files", async () => {
    await fc.assert(
      fc.asyncProperty(exportArb, async (e) => {
        const dir = tempDir();
        const file = join(dir, "export.csv");
        writeFileSync(file, encode(e));
        const out = join(dir, "a");
        const result = await run(["draw", file, "--seed", e.seed, "--out", out]);
        expect(result.stderr).not.toContain("internal error");
        expect([0, 2]).toContain(result.code);
        if (result.code === 2) {
          expect(existsSync(out) ? readdirSync(out) : []).toEqual([]);
          return;
        }
        const csv = (name: string) => parse(readFileSync(join(out, name)), { bom: true, columns: true }) as Record<string, string>[];
        const roster = csv("roster.csv");
        const waitlist = csv("waitlist.csv");
        const excluded = csv("excluded.csv");
        const seated = roster.map((r) => r["Applicant ID"]!);
        const waiting = new Set(waitlist.map((r) => r["Applicant ID"]!));
        const all = [...seated, ...waiting, ...excluded.map((r) => r["Applicant ID"]!)];
        expect(new Set(all).size).toBe(all.length);
        const records = e.rows.filter((r) => r.some((c) => c.replace(/[\s\u200b]/g, "") !== "")).length;
        expect(all.length).toBe(records);
        const audit = JSON.parse(readFileSync(join(out, "audit.json"), "utf8"));
        for (const d of audit.districts) for (const c of d.categories) expect(c.seated).toBeLessThanOrEqual(c.places);
        const excludedIds = new Set(excluded.map((r) => r["Applicant ID"]));
        for (const id of seated) expect(excludedIds.has(id)).toBe(false);
        for (const file of Object.values(readFolder(out))) expect(file).not.toMatch(/[\u0000\uFFFD]/);

        const again = join(dir, "b");
        await run(["draw", file, "--seed", e.seed, "--out", again]);
        expect(readFolder(again)).toEqual(readFolder(out));
      }),
      { numRuns: 80 },
    );
  });
});

describe("limits", () => {
  it("a cell of 100,000 characters is read, carried and written intact", async () => {
    const dir = tempDir();
    const file = join(dir, "long.csv");
    const essay = ("Nguyễn said: " + 'x, "quoted" and a line\nbreak; '.repeat(4000)).slice(0, 100_000);
    const quoted = `"${essay.replace(/"/g, '""')}"`;
    writeFileSync(file, `Email Address,Which group would you represent?,ZIP code,Age,Why\r\na@example.org,Educator,95814,40,${quoted}\r\n`);
    const out = join(dir, "out");
    const result = await run(["draw", file, "--seed", "1", "--out", out]);
    expect(result.code).toBe(0);
    const [row] = parse(readFileSync(join(out, "roster.csv")), { bom: true, columns: true }) as Record<string, string>[];
    expect(row!.Why).toBe(essay);
    expect(essay.length).toBe(100_000);
  });
});
