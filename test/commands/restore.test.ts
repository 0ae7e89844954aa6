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
      undone: [],
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
    // A file nest cannot read its outcomes from (here: a header alone) is restored only with --undo-edits.
    writeFileSync(join(out, "waitlist.csv"), "District\r\n");
    const unread = await run(["restore", out]);
    expect(unread.code).toBe(2);
    expect(unread.stderr).toContain(
      'waitlist.csv has no column "Category", "Position", "Applicant ID" (saved with semicolons? a column renamed?), so nest cannot tell who it says is where',
    );
    expect((await run(["restore", out, "--undo-edits"])).code).toBe(0);
    expect(readFileSync(join(out, "edited-2", "waitlist.csv"), "utf8")).toBe("District\r\n");
    expect((await run(["verify", out])).code).toBe(0);
  });

  it("puts back a roster changed to seat someone else only with --undo-edits, saying who, even when its mark was dropped too", async () => {
    const { out } = await drawn();
    const roster = readFileSync(join(out, "roster.csv"), "utf8");
    const lines = roster.split("\r\n");
    const [seated, waiting] = [lines[1]!.split(",")[4]!, readFileSync(join(out, "waitlist.csv"), "utf8").split("\r\n")[1]!.split(",")];
    lines[1] = [...lines[1]!.split(",").slice(0, 4), ...waiting.slice(4)].join(",");
    // Saved by LibreOffice: no byte-order mark. The changed seat is still named, not hidden behind the mark.
    writeFileSync(join(out, "roster.csv"), lines.join("\r\n").replace(/^\uFEFF/, ""));
    const verified = await run(["verify", out]);
    expect(verified.code).toBe(1);
    expect(verified.stderr).toContain(
      `roster.csv was edited: its byte-order mark was removed, and roster.csv row 2 differs from the recomputed one (column "Applicant ID": "${waiting[4]}", recomputed "${seated}")`,
    );
    expect(verified.stderr).toContain(
      `what to do: roster.csv has ${waiting[4]} in seat 1 of Youth (18-25), district 1, which the draw and its record do not give (and 1 more): someone changed who is where, or why, in that file. If the draw is right, nest restore ${out} --undo-edits puts back what it says`,
    );
    const before = files(out);
    const refused = await run(["restore", out]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(`${out}: not restored: roster.csv says otherwise than the draw and its record who is where`);
    expect(refused.stderr).toContain(
      `roster.csv has ${waiting[4]} in seat 1 of Youth (18-25), district 1, which the draw and its record do not give`,
    );
    expect(refused.stderr).toContain(
      `roster.csv lacks ${seated} in seat 1 of Youth (18-25), district 1, which the draw and its record give`,
    );
    expect(files(out)).toEqual(before);
    const undone = await run(["restore", out, "--undo-edits"]);
    expect(undone.code, undone.stderr).toBe(0);
    expect(undone.stderr).toContain(
      `Undone: roster.csv has ${waiting[4]} in seat 1 of Youth (18-25), district 1, which the draw and its record do not give.`,
    );
    expect(undone.stderr).toContain(
      `Undone: roster.csv lacks ${seated} in seat 1 of Youth (18-25), district 1, which the draw and its record give.`,
    );
    expect(readFileSync(join(out, "roster.csv"), "utf8")).toBe(roster);
    expect((await run(["verify", out])).code).toBe(0);
  });

  it.each([
    ["deleted", (path: string) => rmSync(path), /replacements\.csv is missing, but excluded\.csv lists 2 people replaced after the draw/],
    [
      "cut short by its last entry",
      (path: string) => writeFileSync(path, readFileSync(path, "utf8").replace(/\r\n2,[^\r]*\r\n$/, "\r\n")),
      /replacements\.csv has 1 entry, but excluded\.csv lists 2 people replaced after the draw \(DECLINED, NO_REPLY, INELIGIBLE\), and report\.html shows 2 replacements: entries were removed/,
    ],
  ])(
    "never undoes replacements because the record was %s: verify says so, and restore refuses even with --undo-edits",
    async (_, cut, said) => {
      const { out } = await drawn();
      await withReplacement(out);
      const second = rows(join(out, "roster.csv"))[1]!["Applicant ID"]!;
      expect((await run(["replace", out, "--no-reply", second])).code).toBe(0);
      rmSync(join(out, "replacements-notes.json"));
      cut(join(out, "replacements.csv"));
      const verified = await run(["verify", out]);
      expect(verified.code).toBe(1);
      expect(verified.stderr).toMatch(said);
      expect(verified.stderr).not.toContain("nest restore");
      const before = files(out);
      for (const flags of [[], ["--undo-edits"]]) {
        const refused = await run(["restore", out, ...flags]);
        expect(refused.code).toBe(2);
        expect(refused.stderr).toContain(`${out}: cannot be restored`);
        expect(refused.stderr).toMatch(said);
      }
      expect(files(out)).toEqual(before);
    },
  );

  it("never undoes replacements whose record is gone though excluded.csv cannot be read: the page shows them", async () => {
    const { out } = await drawn();
    await withReplacement(out);
    rmSync(join(out, "replacements.csv"));
    rmSync(join(out, "replacements-notes.json"));
    // Saved by a semicolon-locale spreadsheet: nest cannot count the people replaced in it.
    const excluded = join(out, "excluded.csv");
    writeFileSync(
      excluded,
      readFileSync(excluded, "utf8")
        .replace(/^\uFEFF/, "")
        .replace(/,/g, ";"),
    );
    const verified = await run(["verify", out]);
    expect(verified.stderr).toContain(
      "replacements.csv is missing, but report.html shows 1 replacement: put back the record nest replace wrote",
    );
    const before = files(out);
    const refused = await run(["restore", out, "--undo-edits"]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain("cannot be restored");
    expect(files(out)).toEqual(before);
  });

  it("takes an edited page, or a roster with nest's column twice, only with --undo-edits", async () => {
    const { out } = await drawn();
    await withReplacement(out);
    const page = join(out, "report.html");
    writeFileSync(page, readFileSync(page, "utf8").replace("<td>declined</td>", "<td>moved away</td>"));
    const edited = await run(["restore", out]);
    expect(edited.code).toBe(2);
    expect(edited.stderr).toContain("report.html is not the page the draw and its record give (edited? saved again by a browser?)");
    expect((await run(["restore", out, "--undo-edits"])).code).toBe(0);
    const roster = join(out, "roster.csv");
    const lines = readFileSync(roster, "utf8").split("\r\n");
    writeFileSync(roster, lines.map((l, i) => (l === "" ? l : `${l},${i === 0 ? "Applicant ID" : "XX"}`)).join("\r\n"));
    const twice = await run(["restore", out]);
    expect(twice.code).toBe(2);
    expect(twice.stderr).toContain('roster.csv has the column "Applicant ID" twice, so nest cannot tell who it says is where');
    expect((await run(["restore", out, "--undo-edits"])).code).toBe(0);
    expect((await run(["verify", out])).code).toBe(0);
  });

  it("--chain given in part is said to be no hash, not an edited record", async () => {
    const { out } = await drawn();
    await withReplacement(out);
    const result = await run(["restore", out, "--chain", "abc"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      'the Chain given, "abc", is not a SHA-256 (64 hexadecimal digits): copy it whole from where it was published',
    );
  });

  it("takes an edited or deleted note only with --undo-edits: excluded.csv gave the reason otherwise", async () => {
    const { out } = await drawn();
    await withReplacement(out);
    const notes = join(out, "replacements-notes.json");
    writeFileSync(notes, readFileSync(notes, "utf8").replace("moved away", "moved abroad"));
    const refused = await run(["restore", out]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(
      /excluded\.csv has \w+ excluded as DECLINED \("[^"]*moved away"\), which the draw and its record do not give/,
    );
    expect((await run(["restore", out, "--undo-edits"])).code).toBe(0);
    expect(readFileSync(join(out, "excluded.csv"), "utf8")).toContain("moved abroad");
    expect((await run(["verify", out])).code).toBe(0);
  });

  it("--chain: restores only from a record that ends with the Chain published", async () => {
    const { out } = await drawn();
    await withReplacement(out);
    const chain = rows(join(out, "replacements.csv"))[0]!.Chain!;
    rmSync(join(out, "report.html"));
    const wrong = await run(["restore", out, "--chain", "0".repeat(64)]);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain("the record does not end with the Chain given");
    expect(existsSync(join(out, "report.html"))).toBe(false);
    expect((await run(["restore", out, "--chain", chain])).code).toBe(0);
    expect((await run(["verify", out])).code).toBe(0);
  });

  it("takes only a draw's folder", async () => {
    const dir = tempDir();
    for (const target of [dir, join(dir, "nowhere")]) {
      const result = await run(["restore", target]);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain(`${target}: is not a draw's folder`);
    }
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
  ])("refuses when the draw or the record differs too (%s), and changes nothing", async (_, edit) => {
    const { out } = await drawn();
    await withReplacement(out);
    writeFileSync(join(out, "roster.csv"), readFileSync(join(out, "roster.csv"), "utf8").replace(/\r\n/g, "\n"));
    edit(out);
    const before = files(join(out, ".."));
    const result = await run(["restore", out]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`${out}: cannot be restored: nest restore writes again only what the draw and its record say`);
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
      writeFileSync(join(out, "waitlist.csv"), readFileSync(join(out, "waitlist.csv"), "utf8").replace(/\r\n/g, "\n"));
      const input = ["--input", join(copy, "applicants.csv")];
      const result = await run(["restore", out, ...input]);
      expect(result.code, `${version}: ${result.stderr}`).toBe(0);
      const now = files(out);
      delete now["/edited/waitlist.csv"];
      expect(now, version).toEqual(drawnBytes);
    }
  }, 60_000);
});
