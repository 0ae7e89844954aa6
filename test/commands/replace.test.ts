import { spawn } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { FIXTURES, ROOT, run, tempDir } from "../helpers/run.js";

/** nest replace (issue 13.1; docs/ALGORITHM.md §9), as a coordinator uses it, and nest verify on what it leaves. */

type Rows = Record<string, string>[];
const csv = (path: string): Rows => parse(readFileSync(path), { bom: true, columns: true }) as Rows;

async function drawn(seed = "2018") {
  const dir = tempDir();
  const input = join(dir, "applicants.csv");
  cpSync(join(FIXTURES, "applicants.csv"), input);
  const out = join(dir, "nest-draw");
  expect((await run(["draw", input, "--seed", seed, "--out", out])).code).toBe(0);
  return { dir, input, out };
}

/** Every file of a folder, name -> bytes as text (sub-folders by their files). */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of readdirSync(dir, { withFileTypes: true, recursive: true }))
    if (e.isFile()) out[join(e.parentPath, e.name).slice(dir.length)] = readFileSync(join(e.parentPath, e.name), "latin1");
  return out;
}

/** The seated of a district and category, seat order, and its waitlist, position order. */
function group(out: string, district: string, category: string) {
  const pick = (rows: Rows) => rows.filter((r) => r.District === district && r.Category === category);
  return {
    seated: pick(csv(join(out, "roster.csv"))).map((r) => r["Applicant ID"]!),
    waitlist: pick(csv(join(out, "waitlist.csv"))).map((r) => r["Applicant ID"]!),
  };
}

function everyoneOnce(out: string): Map<string, number> {
  const seen = new Map<string, number>();
  const ids = [
    ...new Set(csv(join(out, "roster.csv")).map((r) => r["Applicant ID"]!)),
    ...new Set(csv(join(out, "waitlist.csv")).map((r) => r["Applicant ID"]!)),
    ...csv(join(out, "excluded.csv")).map((r) => r["Applicant ID"]!),
  ];
  for (const id of ids) seen.set(id, (seen.get(id) ?? 0) + 1);
  return seen;
}

describe("nest replace", () => {
  it("records two declines and a no-reply; nest verify replays them, and every applicant is in exactly one file", async () => {
    const { out } = await drawn();
    const youth = group(out, "1", "Youth (18-25)");
    const faith = group(out, "1", "Faith community representative");
    expect(youth.seated.length).toBe(2);
    expect(youth.waitlist.length).toBeGreaterThan(3);
    const result = await run([
      "replace",
      out,
      "--declined",
      youth.seated[0]!,
      "--no-reply",
      faith.seated[1]!,
      "--declined",
      youth.seated[1]!,
      "--reason",
      "phoned 20 June",
    ]);
    // Who is who, on the coordinator's screen: name and email beside each ID (the files hold IDs only).
    const named = (id: string) => `${id} \\([^()]+@[^()]+\\)`;
    expect(result.stderr).toMatch(
      new RegExp(
        `Entry 1: ${named(youth.seated[0]!)} declined; seat 1 of Youth \\(18-25\\) in district 1 goes to ${named(youth.waitlist[0]!)},`,
      ),
    );
    expect(result.stderr).toMatch(
      new RegExp(`Entry 2: ${named(faith.seated[1]!)} did not reply; seat 2 of Faith community representative in district 1`),
    );
    expect(result.code).toBe(0);

    const now = group(out, "1", "Youth (18-25)");
    // Seat numbers kept; entry 3's seat goes to the first person still free (entry 2 may have seated Youth's #2).
    expect(now.seated[0]).toBe(youth.waitlist[0]);
    const record = csv(join(out, "replacements.csv"));
    expect(record.map((r) => [r.Entry, r["Reason code"], r.Vacated, r.Seat])).toEqual([
      ["1", "DECLINED", youth.seated[0], "1"],
      ["2", "NO_REPLY", faith.seated[1], "2"],
      ["3", "DECLINED", youth.seated[1], "2"],
    ]);
    expect(now.seated[1]).toBe(record[2]!.Seated);
    expect(now.waitlist).toEqual(youth.waitlist.filter((id) => !record.some((r) => r.Seated === id)));
    // Public: Applicant IDs only; the note is private.
    expect(readFileSync(join(out, "replacements.csv"), "utf8")).not.toContain("phoned");
    expect(JSON.parse(readFileSync(join(out, "replacements-notes.json"), "utf8")).notes).toHaveLength(3);
    const excluded = csv(join(out, "excluded.csv")).filter((r) => ["DECLINED", "NO_REPLY"].includes(r["Reason code"]!));
    expect(excluded.map((r) => r["Applicant ID"])).toEqual([youth.seated[0], faith.seated[1], youth.seated[1]]);
    expect(excluded[0]!.Reason).toMatch(/^Declined the place after the draw \(replacements\.csv entry 1: seat 1 of .*\): phoned 20 June$/);
    const counts = everyoneOnce(out);
    expect(counts.size).toBe(600);
    expect([...counts.values()].every((n) => n === 1)).toBe(true);

    const verified = await run(["verify", out]);
    expect(verified.stderr).toMatch(
      /^verified: .*replacements\.csv, replacements-notes\.json all match\n {2}3 replacements since the draw/,
    );
    expect(verified.code).toBe(0);
    // An observer, from public files and the seed.
    const observer = await run([
      "verify",
      "--ledger",
      join(out, "ledger.csv"),
      "--replacements",
      join(out, "replacements.csv"),
      "--seed",
      "2018",
    ]);
    expect(observer.stderr).toMatch(
      /3 replacements replayed \(nest-replace\/1, last Chain [0-9a-f]{64}: compare it with the one published, or give that with --chain\)\n$/,
    );
    expect(observer.code).toBe(0);
  });

  it("--dry-run says who would take each seat and writes nothing", async () => {
    const { out } = await drawn();
    const youth = group(out, "1", "Youth (18-25)");
    const before = snapshot(out);
    const result = await run(["replace", out, "--declined", youth.seated[0]!, "--dry-run"]);
    expect(result.stderr).toMatch(
      new RegExp(`Entry 1: ${youth.seated[0]} .* goes to ${youth.waitlist[0]} .*\\nNothing was written \\(--dry-run\\)\\.\\n$`),
    );
    expect(result.code).toBe(0);
    expect(snapshot(out)).toEqual(before);
  });

  it("applies replacements in command-line order across --declined, --no-reply and --ineligible", async () => {
    const { out } = await drawn();
    const youth = group(out, "1", "Youth (18-25)");
    expect((await run(["replace", out, "--ineligible", youth.seated[1]!, "--declined", youth.seated[0]!])).code).toBe(0);
    const record = csv(join(out, "replacements.csv"));
    expect(record.map((r) => [r["Reason code"], r.Seat, r.Seated])).toEqual([
      ["INELIGIBLE", "2", youth.waitlist[0]],
      ["DECLINED", "1", youth.waitlist[1]],
    ]);
    expect((await run(["verify", out])).code).toBe(0);
  });

  it("adds to the record run after run, and writes --json for scripts", async () => {
    const { out } = await drawn();
    const youth = group(out, "2", "Youth (18-25)");
    expect((await run(["replace", out, "--declined", youth.seated[0]!])).code).toBe(0);
    const second = await run(["replace", out, "--no-reply", youth.waitlist[0]!, "--json"]);
    expect(second.code).toBe(0);
    const summary = JSON.parse(second.stdout);
    expect(summary).toMatchObject({
      out,
      entries: 2,
      added: [{ entry: 2, reason: "NO_REPLY", vacated: youth.waitlist[0], seat: 1, seated: youth.waitlist[1], note: null }],
    });
    expect(summary.chain).toBe(csv(join(out, "replacements.csv"))[1]!.Chain);
    expect(summary.openPlaces).toEqual(expect.arrayContaining([{ district: "2", category: "Educator", open: 1 }]));
    expect((await run(["verify", out])).code).toBe(0);
  });

  it("reports a seat nobody free can take as a place to recruit, and verify still passes", async () => {
    const { out } = await drawn();
    // District 5's Faith category: one applicant, one seat taken, nobody waiting.
    const faith = group(out, "5", "Faith community representative");
    expect(faith).toMatchObject({ waitlist: [] });
    const result = await run(["replace", out, "--declined", faith.seated[0]!]);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain("seat 1 of Faith community representative in district 5 is unfilled: nobody on its waitlist is free");
    expect(result.stderr).toMatch(/places to recruit for: .*district 5, Faith community representative \(2\)/);
    expect(csv(join(out, "replacements.csv"))[0]!.Seated).toBe("");
    expect((await run(["verify", out])).code).toBe(0);
  });

  it.each([
    [
      "someone on the waitlist",
      (o: string) => ["--declined", group(o, "1", "Youth (18-25)").waitlist[0]!],
      /holds no seat: they are on the waitlist for Youth \(18-25\) in district 1 \(#1\)/,
    ],
    ["an unknown ID", () => ["--declined", "NOTANID"], /NOTANID holds no seat and is on no waitlist/],
    [
      "an excluded applicant",
      (o: string) => ["--declined", csv(join(o, "excluded.csv"))[0]!["Applicant ID"]!],
      /^nest: \w+ was not in the lottery: excluded \([A-Z_]+\); only a seated person can be replaced; nothing was changed/,
    ],
    [
      "a waitlisted person's ID in small letters",
      (o: string) => ["--declined", group(o, "1", "Youth (18-25)").waitlist[0]!.toLowerCase()],
      /^nest: [a-z0-9]+ is not an Applicant ID of this draw; did you mean [A-Z0-9]+ \(with its capitals\)\?; nothing was changed/,
    ],
    [
      "the same person twice",
      (o: string) => ["--declined", group(o, "1", "Youth (18-25)").seated[0]!, "--no-reply", group(o, "1", "Youth (18-25)").seated[0]!],
      /is named twice; nothing was changed/,
    ],
    ["nobody named", () => [], /name who gives up a seat/],
  ] as [string, (out: string) => string[], RegExp][])("refuses %s with exit 2, changing nothing", async (_, args, message) => {
    const { out } = await drawn();
    const before = snapshot(out);
    const result = await run(["replace", out, ...args(out)]);
    expect(result.stderr).toMatch(message);
    expect(result.code).toBe(2);
    expect(snapshot(out)).toEqual(before);
  });

  it("refuses to add to a folder that does not verify", async () => {
    const { out } = await drawn();
    const roster = join(out, "roster.csv");
    writeFileSync(roster, readFileSync(roster, "utf8").replace(/,1,N/, ",2,N"));
    const before = snapshot(out);
    const result = await run(["replace", out, "--declined", group(out, "1", "Youth (18-25)").seated[1]!]);
    expect(result.stderr).toMatch(/the folder does not verify, so nest will not add to its record; nothing was changed/);
    expect(result.code).toBe(2);
    expect(snapshot(out)).toEqual(before);
  });

  it("keeps what else the folder holds (notify/, the coordinator's own files)", async () => {
    const { out } = await drawn();
    mkdirSync(join(out, "notify"));
    writeFileSync(join(out, "notify", "sent.json"), "{}\n");
    writeFileSync(join(out, "call list.txt"), "done\n");
    expect((await run(["replace", out, "--declined", group(out, "3", "Educator").seated[0]!])).code).toBe(0);
    expect(readFileSync(join(out, "notify", "sent.json"), "utf8")).toBe("{}\n");
    expect(readFileSync(join(out, "call list.txt"), "utf8")).toBe("done\n");
    const beside = readdirSync(join(out, "..")).filter((n) => n.startsWith(".nest-draw"));
    expect(beside).toEqual([]);
    expect((await run(["verify", out])).code).toBe(0);
  });

  it("rewrites results.xlsx when the draw wrote one, and verify compares it", async () => {
    const { dir, input } = await drawn();
    const out = join(dir, "with-xlsx");
    expect((await run(["draw", input, "--seed", "2018", "--out", out, "--xlsx"])).code).toBe(0);
    expect((await run(["replace", out, "--declined", group(out, "4", "Business leader").seated[0]!])).code).toBe(0);
    const verified = await run(["verify", out]);
    expect(verified.stderr).toContain("results.xlsx all match");
    expect(verified.code).toBe(0);
  });

  it("a new draw, even with --force, does not discard a record of replacements", async () => {
    const { out, input } = await drawn();
    expect((await run(["replace", out, "--declined", group(out, "1", "Educator").seated[0]!, "--reason", "x"])).code).toBe(0);
    const before = snapshot(out);
    const result = await run(["draw", input, "--seed", "2019", "--out", out, "--force"]);
    expect(result.stderr).toMatch(
      /holds a draw with replacements since it \(replacements\.csv\), a public record that a new draw would discard/,
    );
    expect(result.code).toBe(2);
    expect(snapshot(out)).toEqual(before);
  });

  it("finishes a run killed between its two renames, then adds to the record", async () => {
    const { out } = await drawn();
    expect((await run(["replace", out, "--declined", group(out, "1", "Educator").seated[0]!])).code).toBe(0);
    const before = snapshot(out);
    const next = group(out, "1", "Educator").seated[1]!;
    // What kill -9 leaves between the renames of the swap: the new folder ready beside, none in place.
    renameSync(out, join(out, "..", ".nest-draw.nest-ready-0123456789ab"));
    const verify = await run(["verify", out]);
    expect(verify.stderr).toMatch(
      /is missing, and a nest run that was writing it was interrupted: the folder is kept beside it \(\.nest-draw\.nest-ready-0123456789ab\)/,
    );
    expect(verify.code).toBe(2);
    const result = await run(["replace", out, "--declined", next]);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain(
      "nest: note: an earlier nest run on this folder was stopped before it had cleaned up; what it wrote was complete, and is in place",
    );
    expect(csv(join(out, "replacements.csv"))).toHaveLength(2);
    expect(Object.keys(snapshot(out))).toEqual(Object.keys(before));
    expect(readdirSync(join(out, "..")).filter((n) => n.startsWith(".nest-draw"))).toEqual([]);
  });

  it("says nothing of an earlier copy kept beside the folder because files of someone's were put in it", async () => {
    const { out } = await drawn();
    const kept = join(out, "..", ".nest-draw.nest-old-0123456789ab");
    mkdirSync(kept);
    writeFileSync(join(kept, "mine.txt"), "someone's own file");
    for (let i = 0; i < 2; i++) {
      const result = await run(["replace", out, "--declined", group(out, "1", "Educator").seated[0]!, "--dry-run"]);
      expect(result.code).toBe(0);
      expect(result.stderr).not.toContain("note:");
    }
    expect(readFileSync(join(kept, "mine.txt"), "utf8")).toBe("someone's own file");
  });

  it("says a run killed while it wrote was undone: the folder is as before it, and the next run starts from there", async () => {
    const { out } = await drawn();
    const before = snapshot(out);
    // What kill -9 leaves while a run writes its copy (half a folder beside), and before it swaps (a whole one, ready).
    for (const kind of ["new", "ready"]) {
      const copy = join(out, "..", `.nest-draw.nest-${kind}-0123456789ab`);
      cpSync(out, copy, { recursive: true });
      rmSync(join(copy, "roster.csv"));
      const seated = group(out, "1", "Educator").seated[0]!;
      const result = await run(["replace", out, "--declined", seated, "--dry-run"]);
      expect(result.code, kind).toBe(0);
      expect(result.stderr).toContain(
        "nest: note: an earlier nest run on this folder was stopped before it had finished; it was undone, and the folder is as it was before that run",
      );
      expect(existsSync(copy)).toBe(false);
      expect(snapshot(out)).toEqual(before);
    }
  });

  it.each([
    ["a note with a line break", ["--reason", "one\ntwo"], /a note is one line of text/],
    ["an empty ID", ["--declined", ""], /an empty Applicant ID was given/],
    ["an ID named twice", ["--declined", "NX", "--no-reply", "NX"], /NX is named twice; nothing was changed/],
  ])("refuses %s before reading anything", async (_, args, message) => {
    const { out } = await drawn();
    const extra = args[0] === "--reason" ? ["--declined", group(out, "1", "Educator").seated[0]!] : [];
    const result = await run(["replace", out, ...extra, ...args]);
    expect(result.stderr).toMatch(message);
    expect(result.code).toBe(2);
  });
});

describe("nest verify on a record of replacements", () => {
  async function replaced() {
    const d = await drawn();
    const youth = group(d.out, "6", "Youth (18-25)");
    const faith = group(d.out, "6", "Faith community representative");
    const args = [
      "replace",
      d.out,
      "--declined",
      youth.seated[0]!,
      "--no-reply",
      faith.seated[0]!,
      "--declined",
      youth.seated[1]!,
      "--reason",
      "r",
    ];
    expect((await run(args)).code).toBe(0);
    return d;
  }
  const lines = (path: string) => readFileSync(path, "utf8").split("\r\n");
  const setLines = (path: string, l: string[]) => writeFileSync(path, l.join("\r\n"));

  it.each([
    [
      "a Seated cell edited",
      (p: string) => {
        const l = lines(p);
        const cells = l[1]!.split(",");
        cells[7] = cells[7]!.replace(/.$/, (c) => (c === "A" ? "B" : "A"));
        l[1] = cells.join(",");
        setLines(p, l);
      },
      /replacements\.csv entry 1: Seated is/,
    ],
    [
      "two entries swapped",
      (p: string) => {
        const l = lines(p);
        setLines(p, [l[0]!, l[2]!, l[1]!, ...l.slice(3)]);
      },
      /replacements\.csv entry 1: numbered 2/,
    ],
    [
      "an entry removed",
      (p: string) => {
        const l = lines(p);
        setLines(p, [l[0]!, l[1]!, ...l.slice(3)]);
      },
      /replacements\.csv entry 2: numbered 3/,
    ],
    [
      "the last entry removed",
      (p: string) => {
        const l = lines(p);
        setLines(p, [...l.slice(0, 3), ""]);
      },
      /roster\.csv row \d+ differs from the recomputed one/,
    ],
    [
      "the record deleted",
      (p: string) => rmSync(p),
      /replacements-notes\.json is there, but replacements\.csv, the record it belongs to, is missing/,
    ],
    [
      "a reason code changed",
      (p: string) =>
        setLines(
          p,
          lines(p).map((l, i) => (i === 1 ? l.replace("DECLINED", "NO_REPLY") : l)),
        ),
      /entry 1: its Chain/,
    ],
  ] as [string, (path: string) => void, RegExp][])("fails on %s", async (_, tamper, message) => {
    const { out } = await replaced();
    tamper(join(out, "replacements.csv"));
    const result = await run(["verify", out]);
    expect(result.stderr).toMatch(message);
    expect(result.code).toBe(1);
    if (existsSync(join(out, "replacements.csv"))) {
      const observer = await run([
        "verify",
        "--ledger",
        join(out, "ledger.csv"),
        "--replacements",
        join(out, "replacements.csv"),
        "--seed",
        "2018",
      ]);
      if (!/last entry/.test(_)) expect(observer.code).toBe(1);
    }
  });

  it("--chain: the record must end with the Chain published, from the folder and from public files", async () => {
    const { out } = await replaced();
    const record = csv(join(out, "replacements.csv"));
    const last = record.at(-1)!.Chain!;
    const observer = ["verify", "--ledger", join(out, "ledger.csv"), "--replacements", join(out, "replacements.csv"), "--seed", "2018"];
    const ok = await run(["verify", out, "--chain", last, "--json"]);
    expect(JSON.parse(ok.stdout).replacements).toEqual({ entries: 3, chain: last });
    expect(ok.code).toBe(0);
    expect((await run([...observer, "--chain", last])).code).toBe(0);
    // Published after entry 2: the record has gone on since.
    const earlier = await run([...observer, "--chain", record[1]!.Chain!]);
    expect(earlier.stderr).toMatch(/it is entry 2's, and 1 later entries follow/);
    expect(earlier.code).toBe(1);
    // The last entry removed: the record still chains, but not to the Chain published.
    const path = join(out, "replacements.csv");
    writeFileSync(path, readFileSync(path, "utf8").split("\r\n").slice(0, 3).concat("").join("\r\n"));
    const cut = await run([...observer, "--chain", last]);
    expect(cut.stderr).toMatch(/the record does not end with the Chain given/);
    expect(cut.code).toBe(1);
  });

  it("fails on notes edited or doubled", async () => {
    const { out } = await replaced();
    const path = join(out, "replacements-notes.json");
    const notes = JSON.parse(readFileSync(path, "utf8"));
    notes.notes.unshift({ ...notes.notes[0], note: "something else" });
    writeFileSync(path, `${JSON.stringify(notes, null, 2)}\n`);
    const result = await run(["verify", out]);
    expect(result.stderr).toMatch(/replacements-notes\.json: entry 1 has two notes/);
    expect(result.code).toBe(1);
    writeFileSync(path, `${JSON.stringify(JSON.parse(readFileSync(path, "utf8")))}`);
    expect((await run(["verify", out])).stderr).toMatch(/replacements-notes\.json was edited: its bytes are not the ones nest wrote/);
  });

  it("names the one edited entry, not what follows from it", async () => {
    const { out } = await replaced();
    const path = join(out, "replacements.csv");
    const l = lines(path);
    l[2] = l[2]!.replace("NO_REPLY", "DECLINED");
    setLines(path, l);
    const result = await run(["verify", out]);
    expect(result.stderr).toMatch(
      /NOT verified: 2 differences\n {2}- replacements\.csv entry 2: its Chain .*\n {2}- roster\.csv, waitlist\.csv, excluded\.csv and report\.html were not compared/,
    );
    expect(result.code).toBe(1);
  });

  it("says a record read as Windows-1252 and saved again, or a workbook given for it, is that", async () => {
    const { out } = await replaced();
    const latin = join(out, "..", "latin.csv");
    // The bytes read as Latin-1 and written again as UTF-8: the byte-order mark becomes the text "ï»¿".
    writeFileSync(latin, Buffer.from(readFileSync(join(out, "replacements.csv")).toString("latin1"), "utf8"));
    const observer = ["verify", "--ledger", join(out, "ledger.csv"), "--seed", "2018", "--replacements"];
    const read = await run([...observer, latin]);
    expect(read.stderr).toMatch(/its "ï»¿" is the file's UTF-8 mark read as another character set/);
    expect(read.code).toBe(1);
    const book = join(out, "..", "book.xlsx");
    writeFileSync(book, Buffer.from("PK\u0003\u0004rest of a zip"));
    const workbook = await run([...observer, book]);
    expect(workbook.stderr).toMatch(/is a workbook \(\.xlsx\), not the CSV file nest wrote/);
    expect(workbook.code).toBe(2);
  });

  it("fails on a note moved to another entry", async () => {
    const { out } = await replaced();
    const path = join(out, "replacements-notes.json");
    const notes = JSON.parse(readFileSync(path, "utf8"));
    notes.notes[0].entry = 2;
    writeFileSync(path, JSON.stringify(notes));
    const result = await run(["verify", out]);
    expect(result.stderr).toMatch(/the note of entry 2 belongs to no entry of replacements\.csv with that Chain/);
    expect(result.code).toBe(1);
  });

  it("fails on a roster edited after the replacements", async () => {
    const { out } = await replaced();
    const roster = join(out, "roster.csv");
    writeFileSync(
      roster,
      readFileSync(roster, "utf8").replace(/\r\n6,([^,]*),Youth \(18-25\),1,N[0-9A-Z]+/, "\r\n6,$1,Youth (18-25),1,NAAAAAAAAAAAA"),
    );
    const result = await run(["verify", out]);
    expect(result.stderr).toMatch(/roster\.csv row \d+ differs from the recomputed one \(column "Applicant ID"/);
    expect(result.code).toBe(1);
  });

  it("--replacements goes with --ledger only", async () => {
    const { out } = await replaced();
    const result = await run(["verify", out, "--replacements", join(out, "replacements.csv")]);
    expect(result.stderr).toMatch(/--replacements goes with --ledger/);
    expect(result.code).toBe(2);
  });

  it("an observer's record from another draw is named so", async () => {
    const { out } = await replaced();
    const other = await drawn("2019");
    const result = await run([
      "verify",
      "--ledger",
      join(other.out, "ledger.csv"),
      "--replacements",
      join(out, "replacements.csv"),
      "--seed",
      "2019",
    ]);
    expect(result.stderr).toMatch(/entry 1: its Chain .*\n.*continues the ledger of another draw, or a ledger whose cells were changed/);
    expect(result.code).toBe(1);
  });
});

describe("nest replace on draws made by every earlier version", () => {
  const GOLDEN = join(import.meta.dirname, "..", "golden");
  it.each(readdirSync(GOLDEN).filter((v) => existsSync(join(GOLDEN, v, "fixture"))))("%s", async (version) => {
    const copy = join(tempDir(), "fixture");
    cpSync(join(GOLDEN, version, "fixture"), copy, { recursive: true });
    const out = join(copy, "draw");
    const input = ["--input", join(copy, "applicants.csv")];
    const seated = csv(join(out, "roster.csv"))[0]!;
    const result = await run(["replace", out, ...input, "--declined", seated["Applicant ID"]!]);
    expect(result.stderr).toMatch(/^Entry 1: /);
    expect(result.code).toBe(0);
    // The draw's own record is untouched; the roster is the state after the replacement.
    expect(readFileSync(join(out, "audit.json"))).toEqual(readFileSync(join(GOLDEN, version, "fixture", "draw", "audit.json")));
    expect(readFileSync(join(out, "ledger.csv"))).toEqual(readFileSync(join(GOLDEN, version, "fixture", "draw", "ledger.csv")));
    expect(csv(join(out, "roster.csv")).some((r) => r["Applicant ID"] === seated["Applicant ID"])).toBe(false);
    expect((await run(["verify", out, ...input])).code).toBe(0);
    const observer = await run([
      "verify",
      "--ledger",
      join(out, "ledger.csv"),
      "--replacements",
      join(out, "replacements.csv"),
      "--seed",
      "2018",
    ]);
    expect(observer.code).toBe(0);
  });
});

describe("two nest replace runs at once", () => {
  // Two processes of the built CLI (npm test builds it first): one process's runs share its id, which the lock
  // takes for a lock left by a killed run, so the runs must be processes of their own, as a coordinator's would be.
  const BIN = join(ROOT, "bin", "nest.js");
  const replaceIn = (out: string, id: string) =>
    new Promise<{ code: number; stderr: string }>((done) => {
      const child = spawn(process.execPath, [BIN, "replace", out, "--declined", id], { stdio: ["ignore", "ignore", "pipe"] });
      let stderr = "";
      child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
      child.on("close", (code) => done({ code: code ?? -1, stderr }));
    });

  it("never both succeed on the same state: the second is refused, or adds after the first", async () => {
    for (let attempt = 0; attempt < 4; attempt++) {
      const { out } = await drawn();
      const [a, b] = group(out, "2", "Community at large").seated;
      const results = await Promise.all([replaceIn(out, a!), replaceIn(out, b!)]);
      const record = csv(join(out, "replacements.csv"));
      const succeeded = results.filter((r) => r.code === 0).length;
      expect(succeeded, results.map((r) => r.stderr).join("\n")).toBeGreaterThanOrEqual(1);
      expect(record).toHaveLength(succeeded);
      for (const r of results.filter((r) => r.code !== 0))
        expect(r.stderr).toMatch(/another nest (\(process \d+\) )?is writing this folder/);
      expect((await run(["verify", out])).code).toBe(0);
    }
  }, 120_000);

  it("takes the folder's lock before it reads the folder: while another run holds it, replace and notify read nothing", async () => {
    // Held from before the read until the write: a second run is refused before it looks, so it can neither work
    // on a state the first is replacing nor read the folder in the instant it is swapped (CI saw "no such file").
    const { out } = await drawn();
    const [a] = group(out, "2", "Community at large").seated;
    rmSync(join(out, "excluded.csv")); // read, it would say the folder does not verify
    const lock = join(out, "..", ".nest-draw.nest-lock");
    const running = spawn(process.execPath, ["-e", "setTimeout(() => {}, 60000)"]);
    try {
      writeFileSync(lock, `${running.pid} ${hostname()} x\n`);
      for (const args of [
        ["replace", out, "--declined", a!],
        ["notify", out, "--no-calendar"],
      ]) {
        const refused = await run(args);
        expect(refused.code, args[0]).toBe(2);
        expect(refused.stderr).toContain(`another nest (process ${running.pid}) is writing this folder`);
        expect(refused.stderr).not.toMatch(/excluded\.csv|does not verify/);
      }
      expect(existsSync(join(out, "replacements.csv"))).toBe(false);
      expect(existsSync(join(out, "notify"))).toBe(false);
    } finally {
      running.kill();
    }
  });
});
