import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { FIXTURES, run, tempDir } from "../helpers/run.js";

async function drawn() {
  const dir = tempDir();
  const input = join(dir, "applicants.csv");
  cpSync(join(FIXTURES, "applicants.csv"), input);
  const out = join(dir, "nest-draw");
  expect((await run(["draw", input, "--seed", "2018", "--out", out, "--xlsx"])).code).toBe(0);
  return { dir, input, out };
}

const rows = (path: string) => parse(readFileSync(path), { bom: true, columns: true }) as Record<string, string>[];

/** Every file of a folder, name -> bytes (sub-folders by their files). */
function files(dir: string): Record<string, Buffer> {
  const out: Record<string, Buffer> = {};
  for (const e of readdirSync(dir, { withFileTypes: true, recursive: true }))
    if (e.isFile()) out[join(e.parentPath, e.name).slice(dir.length)] = readFileSync(join(e.parentPath, e.name));
  return out;
}

/** A seated person declines: the folder then holds a record, and a report with it. */
async function withReplacement(out: string) {
  const seated = rows(join(out, "roster.csv"))[0]!["Applicant ID"]!;
  expect((await run(["replace", out, "--declined", seated, "--reason", "moved away"])).code).toBe(0);
  return seated;
}

describe("nest restore", () => {
  it("writes again, as nest wrote them, files a spreadsheet saved again or someone deleted, and keeps the copies found", async () => {
    const { out } = await drawn();
    await withReplacement(out);
    mkdirSync(join(out, "notify"));
    writeFileSync(join(out, "notify", "mine.txt"), "the coordinator's own file");
    const nests = files(out);
    // A spreadsheet saved the roster with LF line ends and the record without its byte-order mark; the page is gone.
    const roster = readFileSync(join(out, "roster.csv"), "utf8").replace(/\r\n/g, "\n");
    writeFileSync(join(out, "roster.csv"), roster);
    const record = readFileSync(join(out, "replacements.csv")).subarray(3);
    writeFileSync(join(out, "replacements.csv"), record);
    rmSync(join(out, "report.html"));

    const verified = await run(["verify", out]);
    expect(verified.code).toBe(1);
    expect(verified.stderr).toContain(
      "replacements.csv was edited: its entries replay, but its bytes are not the ones nest wrote (its byte-order mark was dropped",
    );
    expect(verified.stderr).toContain(
      `what to do: roster.csv, report.html, replacements.csv are not as nest wrote them, and nothing else differs (saved again by a spreadsheet?): nest restore ${out} writes them again`,
    );
    const refused = await run(["replace", out, "--declined", rows(join(out, "roster.csv"))[1]!["Applicant ID"]!]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(`what to do: roster.csv, report.html, replacements.csv are not as nest wrote them`);

    const restored = await run(["restore", out, "--json"]);
    expect(restored.code, restored.stderr).toBe(0);
    expect(JSON.parse(restored.stdout)).toEqual({
      dir: out,
      restored: ["roster.csv", "report.html", "replacements.csv"],
      kept: join(out, "edited"),
    });
    expect(restored.stderr).toContain(`Restored roster.csv, report.html, replacements.csv in ${out} as nest wrote them`);
    expect(restored.stderr).toContain(`with the replacement in replacements.csv`);
    expect(restored.stderr).toContain(`The copies that were there are in ${join(out, "edited")}.`);
    // Every file is nest's again, byte for byte (results.xlsx, the notes, notify/ too), and the copies are kept.
    const now = files(out);
    expect(Object.keys(now).sort()).toEqual([...Object.keys(nests), "/edited/roster.csv", "/edited/replacements.csv"].sort());
    for (const [name, bytes] of Object.entries(nests)) expect(now[name], name).toEqual(bytes);
    expect(now["/edited/roster.csv"]!.toString("utf8")).toBe(roster);
    expect(now["/edited/replacements.csv"]).toEqual(record);
    expect((await run(["verify", out])).code).toBe(0);

    // Again: nothing to restore. A second restore after another edit keeps its copies apart from the first's.
    const again = await run(["restore", out]);
    expect(again.code).toBe(0);
    expect(again.stderr).toContain("nothing to restore: the folder verifies as it is");
    writeFileSync(join(out, "waitlist.csv"), "District\r\n");
    expect((await run(["restore", out])).code).toBe(0);
    expect(readFileSync(join(out, "edited-2", "waitlist.csv"), "utf8")).toBe("District\r\n");
    expect((await run(["verify", out])).code).toBe(0);
  });

  it("puts back a roster changed to seat someone else: the draw and its record say who is seated", async () => {
    const { out } = await drawn();
    const lines = readFileSync(join(out, "roster.csv"), "utf8").split("\r\n");
    const waiting = readFileSync(join(out, "waitlist.csv"), "utf8").split("\r\n")[1]!.split(",");
    lines[1] = [...lines[1]!.split(",").slice(0, 4), ...waiting.slice(4)].join(",");
    writeFileSync(join(out, "roster.csv"), lines.join("\r\n"));
    expect((await run(["verify", out])).code).toBe(1);
    expect((await run(["restore", out])).code).toBe(0);
    expect((await run(["verify", out])).code).toBe(0);
  });

  it.each([
    [
      "audit.json edited",
      (out: string) =>
        writeFileSync(join(out, "audit.json"), readFileSync(join(out, "audit.json"), "utf8").replace('"seed": "2018"', '"seed": "2019"')),
    ],
    [
      "an entry of the record changed",
      (out: string) => {
        const path = join(out, "replacements.csv");
        const text = readFileSync(path, "utf8");
        const seat = rows(path)[0]!.Seat!;
        writeFileSync(path, text.replace(`,${seat},`, `,${Number(seat) + 1},`));
      },
    ],
    [
      "the export changed",
      (out: string) =>
        writeFileSync(join(out, "..", "applicants.csv"), readFileSync(join(out, "..", "applicants.csv"), "utf8") + "\r\n\r\n"),
    ],
    ["the notes edited", (out: string) => writeFileSync(join(out, "replacements-notes.json"), "{}")],
  ])("refuses when not every difference is in nest's own files' bytes (%s), and changes nothing", async (_, edit) => {
    const { out } = await drawn();
    await withReplacement(out);
    writeFileSync(join(out, "roster.csv"), readFileSync(join(out, "roster.csv"), "utf8").replace(/\r\n/g, "\n"));
    edit(out);
    const before = files(join(out, ".."));
    const result = await run(["restore", out]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`${out}: cannot be restored: not every difference is in the bytes of nest's own files`);
    expect(files(join(out, ".."))).toEqual(before);
    expect(existsSync(join(out, "edited"))).toBe(false);
  });

  it("restores draws made by every earlier version", async () => {
    const golden = join(import.meta.dirname, "..", "golden");
    for (const version of readdirSync(golden).filter((v) => existsSync(join(golden, v, "fixture")))) {
      const copy = join(tempDir(), "fixture");
      cpSync(join(golden, version, "fixture"), copy, { recursive: true });
      const out = join(copy, "draw");
      const drawnBytes = files(out);
      writeFileSync(join(out, "waitlist.csv"), readFileSync(join(out, "waitlist.csv")).subarray(0, 100));
      const input = ["--input", join(copy, "applicants.csv")];
      const result = await run(["restore", out, ...input]);
      expect(result.code, `${version}: ${result.stderr}`).toBe(0);
      const now = files(out);
      delete now["/edited/waitlist.csv"];
      expect(now, version).toEqual(drawnBytes);
    }
  }, 60_000);
});
