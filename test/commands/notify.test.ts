import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import ICAL from "ical.js";
import { parse } from "csv-parse/sync";
import { beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_CONFIG } from "../../src/core/default-config.js";
import { readDrawTable } from "../../src/io/draw-tables.js";
import { FIXTURES, ROOT, run, tempDir } from "../helpers/run.js";

const APPLICANTS = join(FIXTURES, "applicants.csv");
let base: string;
let located: string;

/** A copy of the fixture's draw (seed 42), made once. */
function drawCopy(): string {
  const root = tempDir();
  cpSync(APPLICANTS, join(root, "applicants.csv"));
  const dir = join(root, "draw");
  cpSync(base, dir, { recursive: true });
  return dir;
}

function csvRows(path: string): Record<string, string>[] {
  const bytes = readFileSync(path);
  expect(bytes.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
  expect(bytes.toString("utf8")).toMatch(/\r\n$/);
  return parse(bytes, { bom: true, columns: true }) as Record<string, string>[];
}

function events(path: string) {
  const calendar = new ICAL.Component(ICAL.parse(readFileSync(path, "utf8")));
  return calendar.getAllSubcomponents("vevent").map((v) => new ICAL.Event(v));
}

beforeAll(async () => {
  const root = tempDir();
  // The draw's folder lies beside the export's copy, so that it finds it again as verify does.
  cpSync(APPLICANTS, join(root, "applicants.csv"));
  base = join(root, "draw");
  const drawn = await run(["draw", join(root, "applicants.csv"), "--seed", "42", "--out", base]);
  expect(drawn.code, drawn.stderr).toBe(0);
  located = join(root, "located.json");
  writeFileSync(
    located,
    JSON.stringify({
      ...DEFAULT_CONFIG,
      districts: DEFAULT_CONFIG.districts.map((d) => ({
        ...d,
        session: { ...d.session, location: `Hall ${d.id}, 1 Main St, Sacramento` },
      })),
      notify: { organizer: { name: "NEST team", email: "nest@example.org" } },
    }),
  );
});

describe("nest notify", () => {
  it("refuses to write invitations while a district has no session location, naming each, and writes nothing", async () => {
    const dir = drawCopy();
    const result = await run(["notify", dir]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("cannot write calendar invitations for these districts");
    expect(result.stderr).toContain("--config FILE");
    expect(result.stderr).toContain("--no-calendar");
    for (const [i, d] of DEFAULT_CONFIG.districts.entries())
      expect(result.stderr).toContain(`district ${d.id} (${d.name}) has no session location: set districts[${i}].session.location`);
    expect(existsSync(join(dir, "notify"))).toBe(false);
  });

  it("--no-calendar: one mail-merge row per person, every applicant accounted for, and nest verify still passes", async () => {
    const dir = drawCopy();
    const result = await run(["notify", dir, "--no-calendar"]);
    expect(result.code, result.stderr).toBe(0);
    expect(readdirSync(join(dir, "notify")).sort()).toEqual(["cannot-email.csv", "mail-merge.csv", "sent.json"]);
    const rows = csvRows(join(dir, "notify", "mail-merge.csv"));
    const cannot = csvRows(join(dir, "notify", "cannot-email.csv"));
    expect(Object.keys(rows[0]!)).toEqual([
      "Email",
      "First name",
      "Last name",
      "Full name",
      "Outcome",
      "District",
      "District name",
      "Category",
      "Seat",
      "Waitlist positions",
      "Reason",
      "Session date",
      "Session time",
      "Location",
      "Reply by",
      "Subject",
      "Message",
      "Applicant ID",
    ]);
    const ids = [...rows, ...cannot].map((r) => r["Applicant ID"]);
    expect(new Set(ids).size).toBe(ids.length);
    // Everyone in the draw's files is a row, but for the later applications of an address that has one.
    const draw = ["roster.csv", "waitlist.csv", "excluded.csv"].flatMap((f) => csvRows(join(dir, f)).map((r) => r["Applicant ID"]));
    const duplicates = csvRows(join(dir, "excluded.csv")).filter((r) => r["Reason code"] === "DUPLICATE").length;
    expect(new Set(draw).size).toBe(ids.length + duplicates);
    expect(result.stderr).toContain(`${duplicates} later application(s) from an address that already has a row were left out`);
    expect(rows.filter((r) => r.Outcome === "Seated")).toHaveLength(csvRows(join(dir, "roster.csv")).length);
    // No one without a usable address in the mail merge; they are listed apart.
    expect(cannot.map((r) => r.Outcome)).toEqual(cannot.map(() => "Excluded"));
    expect(rows.every((r) => /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(r.Email!))).toBe(true);
    // Waitlisted in several categories: one row, every position.
    const waitlist = csvRows(join(dir, "waitlist.csv"));
    const twice = waitlist.find((r) => waitlist.filter((o) => o["Applicant ID"] === r["Applicant ID"]).length > 1)!;
    const positions = waitlist.filter((o) => o["Applicant ID"] === twice["Applicant ID"]).map((o) => `${o.Category} #${o.Position}`);
    expect(rows.find((r) => r["Applicant ID"] === twice["Applicant ID"])).toMatchObject({
      Outcome: "Waitlisted",
      "Waitlist positions": positions.join("; "),
      Email: twice["Email Address"]!.trim(),
    });
    const seated = rows.find((r) => r.Outcome === "Seated" && r.District === "1")!;
    expect(seated).toMatchObject({
      "Session date": "Wednesday, July 11, 2018",
      "Session time": "6:00 PM to 9:00 PM",
      Location: "a place to be announced",
    });
    const outside = rows.find((r) => r.Outcome === "Excluded" && r.Reason === "You live outside the city's police districts.");
    expect(outside?.Message).toContain(
      "We could not include your application in the lottery. You live outside the city's police districts.",
    );

    const verified = await run(["verify", dir]);
    expect(verified.code, verified.stderr).toBe(0);
  });

  it("writes one invitation per district for its seated, at the session's time in America/Los_Angeles, read back by ical.js", async () => {
    const dir = drawCopy();
    const result = await run(["notify", dir, "--config", located]);
    expect(result.code, result.stderr).toBe(0);
    const roster = csvRows(join(dir, "roster.csv"));
    for (const d of DEFAULT_CONFIG.districts) {
      const [event, ...more] = events(join(dir, "notify", `district-${d.id}.ics`));
      expect(more).toEqual([]);
      // 18:00 to 21:00 Pacific Daylight Time (UTC-7): 01:00 to 04:00 UTC the next day.
      expect([d.session.start, d.session.end, d.session.timeZone]).toEqual(["18:00", "21:00", "America/Los_Angeles"]);
      const [y, m, day] = d.session.date.split("-").map(Number) as [number, number, number];
      expect(event!.startDate.toJSDate().toISOString()).toBe(new Date(Date.UTC(y, m - 1, day + 1, 1)).toISOString());
      expect(event!.endDate.toJSDate().toISOString()).toBe(new Date(Date.UTC(y, m - 1, day + 1, 4)).toISOString());
      expect(event!.startDate.toString()).toMatch(/T01:00:00Z$/);
      expect(event!.location).toBe(`Hall ${d.id}, 1 Main St, Sacramento`);
      expect(event!.summary).toContain(`police district ${d.id} (${d.name})`);
      expect(event!.organizer).toBe("MAILTO:nest@example.org");
      const attendees = event!.attendees.map((a) => String(a.getFirstValue()).replace(/^mailto:/i, ""));
      expect(attendees).toEqual(roster.filter((r) => r.District === d.id).map((r) => r["Email Address"]!.trim()));
      expect(event!.sequence).toBe(0);
    }
    const uids = DEFAULT_CONFIG.districts.map((d) => events(join(dir, "notify", `district-${d.id}.ics`))[0]!.uid);
    expect(new Set(uids).size).toBe(uids.length);
    const rows = csvRows(join(dir, "notify", "mail-merge.csv"));
    expect(rows.find((r) => r.District === "2" && r.Outcome === "Seated")?.Location).toBe("Hall 2, 1 Main St, Sacramento");
    expect(result.stderr).toMatch(/Invitations: district-1\.ics \(\d+ seated\)/);
  });

  it("writes the same bytes whatever the machine's time zone", async () => {
    const [here, there] = [drawCopy(), drawCopy()];
    const zone = process.env.TZ;
    try {
      process.env.TZ = "UTC";
      expect((await run(["notify", here, "--config", located])).code).toBe(0);
      process.env.TZ = "Asia/Tokyo";
      expect(new Date(2018, 6, 11).getTimezoneOffset()).toBe(-540); // the zone did change
      expect((await run(["notify", there, "--config", located])).code).toBe(0);
    } finally {
      if (zone === undefined) delete process.env.TZ;
      else process.env.TZ = zone;
    }
    for (const name of readdirSync(join(here, "notify")))
      expect(readFileSync(join(there, "notify", name)), name).toEqual(readFileSync(join(here, "notify", name)));
  });

  it("--json: one summary on standard output", async () => {
    const dir = drawCopy();
    const result = await run(["notify", dir, "--config", located, "--json"]);
    expect(result.code, result.stderr).toBe(0);
    const summary = JSON.parse(result.stdout);
    expect(summary).toMatchObject({ changedOnly: false, unchanged: 0, folder: join(dir, "notify") });
    expect(summary.people).toBe(summary.mailMerge + summary.cannotEmail);
    expect(summary.outcomes.seated).toBe(csvRows(join(dir, "roster.csv")).length);
    expect(summary.invitations).toHaveLength(6);
    expect(summary.invitations[0]).toEqual({
      district: "1",
      file: "district-1.ics",
      attendees: expect.any(Number),
      sequence: 0,
      written: true,
    });
    expect(summary.files).toEqual([
      "mail-merge.csv",
      "cannot-email.csv",
      ...DEFAULT_CONFIG.districts.map((d) => `district-${d.id}.ics`),
      "sent.json",
    ]);
  });

  it("--changed before any notify writes everyone, and says why", async () => {
    const dir = drawCopy();
    const first = await run(["notify", dir, "--no-calendar", "--changed", "--json"]);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stderr).toContain("no earlier nest notify");
    const summary = JSON.parse(first.stdout);
    expect(summary).toMatchObject({ changedOnly: true, unchanged: 0 });
    expect(csvRows(join(dir, "notify", "mail-merge.csv"))).toHaveLength(summary.mailMerge);
    const record = JSON.parse(readFileSync(join(dir, "notify", "sent.json"), "utf8"));
    expect(record).toMatchObject({ tool: "nest", format: "nest-notify/1", invitations: {} });
    expect(Object.keys(record.people)).toHaveLength(summary.people);
  });

  it("after a replacement, reflects it; --changed writes only who and what changed", async () => {
    const dir = drawCopy();
    expect((await run(["notify", dir, "--config", located])).code).toBe(0);
    const before = csvRows(join(dir, "notify", "mail-merge.csv"));
    const { vacated, seated, movedUp } = await replaceFirstSeat(dir, "DECLINED");

    const again = await run(["notify", dir, "--config", located, "--changed", "--json"]);
    expect(again.code, again.stderr).toBe(0);
    const rows = csvRows(join(dir, "notify", "mail-merge.csv"));
    const released = rows.find((r) => r["Applicant ID"] === vacated.id)!;
    expect(released).toMatchObject({ Outcome: "Place released", Email: vacated.email, District: "1", Seat: "1" });
    expect(released.Reason).toBe("You told us you cannot take your place.");
    expect(rows.find((r) => r["Applicant ID"] === seated)).toMatchObject({ Outcome: "Seated", Seat: "1" });
    // Only those: the released, the newly seated, and the waitlisted whose positions moved up.
    expect(movedUp.size).toBeGreaterThan(10);
    expect([...movedUp].every((id) => before.find((r) => r["Applicant ID"] === id)?.Outcome === "Waitlisted")).toBe(true);
    const expected = new Set([vacated.id, seated, ...movedUp]);
    const got = new Set(rows.map((r) => r["Applicant ID"]!));
    expect([...expected].filter((id) => !got.has(id))).toEqual([]);
    expect([...got].filter((id) => !expected.has(id))).toEqual([]);
    expect(csvRows(join(dir, "notify", "cannot-email.csv"))).toEqual([]);
    // District 1's invitation changed (an attendee): written again, as its update 1; the others are not.
    const summary = JSON.parse(again.stdout);
    expect(summary.changedOnly).toBe(true);
    expect(summary.invitations.filter((i: { written: boolean }) => i.written)).toEqual([
      { district: "1", file: "district-1.ics", attendees: expect.any(Number), sequence: 1, written: true },
    ]);
    expect(readdirSync(join(dir, "notify")).sort()).toEqual(["cannot-email.csv", "district-1.ics", "mail-merge.csv", "sent.json"]);
    const [event] = events(join(dir, "notify", "district-1.ics"));
    expect(event!.sequence).toBe(1);
    const attendees = event!.attendees.map((a) => String(a.getFirstValue()).replace(/^mailto:/i, ""));
    expect(attendees).not.toContain(vacated.email);

    // Nothing changed since: nothing is written, and the batch above stays for the coordinator to send (the newcomer
    // trial of issue 13 lost a batch to a second --changed run that wrote an empty one over it).
    const quiet = await run(["notify", dir, "--config", located, "--changed"]);
    expect(quiet.code).toBe(0);
    expect(csvRows(join(dir, "notify", "mail-merge.csv"))).toEqual(rows);
    expect(quiet.stderr).toContain("Nothing changed since the last nest notify");
    // A full run writes everyone again, with the same sequence.
    expect((await run(["notify", dir, "--config", located])).code).toBe(0);
    const after = csvRows(join(dir, "notify", "mail-merge.csv"));
    const ids = new Set(after.map((r) => r["Applicant ID"]));
    expect(before.filter((r) => !ids.has(r["Applicant ID"])).map((r) => [r["Applicant ID"], r.Outcome])).toEqual([]);
    expect(after).toHaveLength(before.length); // the released were seated, the newly seated waitlisted
    expect(events(join(dir, "notify", "district-1.ics"))[0]!.sequence).toBe(1);
  });

  it("after nest replace: the released from excluded.csv, the ineligible's place released, the seat's new holder invited; replace keeps notify/", async () => {
    const dir = drawCopy();
    expect((await run(["notify", dir, "--config", located])).code).toBe(0);
    const roster = csvRows(join(dir, "roster.csv"));
    const [declined, ineligible] = [roster[0]!, roster[1]!];
    const replaced = await run(["replace", dir, "--declined", declined["Applicant ID"]!, "--ineligible", ineligible["Applicant ID"]!]);
    expect(replaced.code, replaced.stderr).toBe(0);
    // nest replace carries the notify folder along with the draw's.
    expect(readdirSync(join(dir, "notify"))).toContain("sent.json");
    const entries = csvRows(join(dir, "replacements.csv"));

    const result = await run(["notify", dir, "--config", located, "--changed", "--json"]);
    expect(result.code, result.stderr).toBe(0);
    const rows = csvRows(join(dir, "notify", "mail-merge.csv"));
    const row = (id: string) => rows.find((r) => r["Applicant ID"] === id);
    expect(row(declined["Applicant ID"]!)).toMatchObject({
      Outcome: "Place released",
      Email: declined["Email Address"]!.trim(),
      District: declined.District,
      Category: declined.Category,
      Seat: declined.Seat,
      Reason: "You told us you cannot take your place.",
    });
    expect(row(ineligible["Applicant ID"]!)).toMatchObject({
      Outcome: "Place released",
      Reason: "After the draw, you were found not to be eligible for your place.",
    });
    const newlySeated = entries.map((e) => e.Seated!).filter(Boolean);
    expect(newlySeated).toHaveLength(2);
    for (const id of newlySeated) expect(row(id)?.Outcome).toBe("Seated");
    const [event] = events(join(dir, "notify", `district-${declined.District}.ics`));
    const attendees = event!.attendees.map((a) => String(a.getFirstValue()).replace(/^mailto:/i, ""));
    expect(attendees).toEqual(
      csvRows(join(dir, "roster.csv"))
        .filter((r) => r.District === declined.District)
        .map((r) => r["Email Address"]!.trim()),
    );
    expect(event!.sequence).toBe(1);
    // The folder still verifies, replacements and notify folder and all.
    const verified = await run(["verify", dir]);
    expect(verified.code, verified.stderr).toBe(0);
  });

  it("writes nothing from a folder that does not verify, or without the draw's export", async () => {
    const dir = drawCopy();
    await replaceFirstSeat(dir, "NO_REPLY");
    const missing = await run(["notify", dir, "--no-calendar", "--input", join(tempDir(), "gone.csv")]);
    expect(missing.stderr).toContain("gone.csv");
    expect(missing.code).toBe(2);
    // A waitlisted person put in a seated person's row by hand: they would be told they have a place.
    const roster = join(dir, "roster.csv");
    const lines = readFileSync(roster, "utf8").split("\r\n");
    const waiting = readFileSync(join(dir, "waitlist.csv"), "utf8").split("\r\n")[1]!.split(",");
    lines[1] = [...lines[1]!.split(",").slice(0, 4), ...waiting.slice(4)].join(",");
    writeFileSync(roster, lines.join("\r\n"));
    const edited = await run(["notify", dir, "--no-calendar"]);
    expect(edited.stderr).toMatch(/the folder does not verify, so nest will not write notices from it; nothing was written/);
    expect(edited.code).toBe(2);
    expect(existsSync(join(dir, "notify"))).toBe(false);
  });

  it("refuses a config whose districts or categories are not the draw's, and templates naming no field", async () => {
    const dir = drawCopy();
    const other = join(tempDir(), "other.json");
    writeFileSync(other, JSON.stringify({ ...DEFAULT_CONFIG, districts: DEFAULT_CONFIG.districts.slice(1) }));
    const result = await run(["notify", dir, "--config", other]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("is not the draw's config");
    expect(result.stderr).toContain("districts: the draw's are 1 (Natomas)");
    const typo = join(tempDir(), "typo.json");
    writeFileSync(
      typo,
      JSON.stringify({
        ...DEFAULT_CONFIG,
        notify: { templates: { waitlisted: { subject: "Hi", message: ["Dear {Name},", "You are #{Position}"] } } },
      }),
    );
    const bad = await run(["notify", dir, "--config", typo, "--no-calendar"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("notify.templates.waitlisted.message: {Name} names no field");
    expect(bad.stderr).toContain("notify.templates.waitlisted.message: {Position} names no field");
    const zone = join(tempDir(), "zone.json");
    writeFileSync(
      zone,
      JSON.stringify({
        ...DEFAULT_CONFIG,
        districts: DEFAULT_CONFIG.districts.map((d) => ({
          ...d,
          session: { ...d.session, location: "Hall", timeZone: d.id === "2" ? "Pacific/Nowhere" : d.session.timeZone },
        })),
      }),
    );
    const unknown = await run(["notify", dir, "--config", zone]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('district 2 (North Sacramento): "Pacific/Nowhere" is not a time zone (districts[1].session.timeZone');
    expect(existsSync(join(dir, "notify"))).toBe(false);
  });

  it("uses the config's templates, and never replaces a notify folder that holds someone else's files", async () => {
    const dir = drawCopy();
    const own = join(tempDir(), "own.json");
    writeFileSync(
      own,
      JSON.stringify({
        ...DEFAULT_CONFIG,
        notify: {
          templates: {
            seated: { subject: "Seat {Seat} for {First name}", message: ["Hello {First name},", "", "See you on {Session date}."] },
          },
        },
      }),
    );
    expect((await run(["notify", dir, "--config", own, "--no-calendar"])).code).toBe(0);
    const seated = csvRows(join(dir, "notify", "mail-merge.csv")).find((r) => r.Outcome === "Seated")!;
    expect(seated.Subject).toBe(`Seat 1 for ${seated["First name"]}`);
    expect(seated.Message).toBe(`Hello ${seated["First name"]},\n\nSee you on Wednesday, July 11, 2018.`);
    mkdirSync(join(dir, "notify", "mine"));
    const refused = await run(["notify", dir, "--no-calendar"]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain("holds files nest notify did not write (mine)");
    expect(existsSync(join(dir, "notify", "mail-merge.csv"))).toBe(true);
  });

  it("asks the seated to reply by notify.replyBy, and tells one seated from the waitlist that a place became free", async () => {
    const dir = drawCopy();
    const { seated } = await replaceFirstSeat(dir, "DECLINED");
    const dated = join(tempDir(), "dated.json");
    writeFileSync(dated, JSON.stringify({ ...DEFAULT_CONFIG, notify: { replyBy: "2018-06-12" } }));
    const result = await run(["notify", dir, "--config", dated, "--no-calendar"]);
    expect(result.code, result.stderr).toBe(0);
    const rows = csvRows(join(dir, "notify", "mail-merge.csv"));
    const newcomer = rows.find((r) => r["Applicant ID"] === seated)!;
    expect(newcomer).toMatchObject({ Outcome: "Seated", "Reply by": "Tuesday, June 12, 2018" });
    expect(newcomer.Subject).toMatch(/: a place has become free for you$/);
    expect(newcomer.Message).toContain("has become free, and you are next on its waitlist: the place is yours.");
    expect(newcomer.Message).toContain("Please reply to this email by Tuesday, June 12, 2018 to confirm that you will take part.");
    const drawn = rows.filter((r) => r.Outcome === "Seated" && r["Applicant ID"] !== seated);
    expect(drawn.length).toBeGreaterThan(0);
    for (const r of drawn) {
      expect(r.Message).toContain("You were drawn for a place");
      expect(r["Reply by"]).toBe("Tuesday, June 12, 2018");
    }
    expect(rows.filter((r) => r.Outcome !== "Seated").every((r) => r["Reply by"] === "")).toBe(true);

    // A template naming {Reply by} while no date is set would promise a date it does not give: refused.
    const undated = join(tempDir(), "undated.json");
    writeFileSync(
      undated,
      JSON.stringify({ ...DEFAULT_CONFIG, notify: { templates: { seated: { subject: "Your place", message: "Reply by {Reply by}." } } } }),
    );
    const refused = await run(["notify", dir, "--config", undated, "--no-calendar"]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(
      "notify.templates.seated.message: {Reply by} is used, but notify.replyBy (a date, YYYY-MM-DD) is not set",
    );

    // A date to reply by on or after a district's session: those seated would be asked to reply too late.
    const late = join(tempDir(), "late.json");
    writeFileSync(late, JSON.stringify({ ...DEFAULT_CONFIG, notify: { replyBy: "2018-06-14" } }));
    const tooLate = await run(["notify", dir, "--config", late, "--no-calendar"]);
    expect(tooLate.code).toBe(2);
    expect(tooLate.stderr).toMatch(/notify\.replyBy \(2018-06-14\) is not before the session of district \d+ \(\w+day, June 14, 2018\)/);
    expect(tooLate.stderr).toContain("set a date before every session; nothing was written");
  });

  it("refuses template lines and locations that the formula guard would change, naming each, and writes nothing", async () => {
    const dir = drawCopy();
    const config = join(tempDir(), "guarded.json");
    writeFileSync(
      config,
      JSON.stringify({
        ...DEFAULT_CONFIG,
        districts: DEFAULT_CONFIG.districts.map((d, i) => ({
          ...d,
          session: { ...d.session, location: i === 1 ? "@Hub, 5 Main St" : "Hall" },
        })),
        notify: {
          templates: {
            seated: { subject: "Your place", message: ["Dear {Full name},", "", "- bring ID", "- and a pen: 6 - 9 PM is fine"] },
          },
        },
      }),
    );
    const refused = await run(["notify", dir, "--config", config]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain("lines of the messages would reach applicants with ' or ''' in them");
    expect(refused.stderr).toContain('notify.templates.seated.message, line 3: "- bring ID"');
    expect(refused.stderr).toContain('notify.templates.seated.message, line 4: "- and a pen: 6 - 9 PM is fine"');
    expect(refused.stderr).toContain('districts[1].session.location: "@Hub, 5 Main St"');
    expect(refused.stderr).not.toContain("districts[0]");
    expect(existsSync(join(dir, "notify"))).toBe(false);
    // A name the draw fixed cannot be reworded for notify: warned of, not refused.
    const named = join(tempDir(), "named.json");
    writeFileSync(
      named,
      JSON.stringify({
        ...DEFAULT_CONFIG,
        program: "Voices @ Sacramento",
        districts: DEFAULT_CONFIG.districts.map((d) => ({ ...d, session: { ...d.session, location: "Hall" } })),
      }),
    );
    const warned = await run(["notify", dir, "--config", named, "--no-calendar"]);
    expect(warned.code, warned.stderr).toBe(0);
    expect(warned.stderr).toContain('nest: warning: program: "Voices @ Sacramento" reaches the letters with');
  });

  it("nest init names the districts whose session location is still to fill in", async () => {
    const result = await run(["init", join(tempDir(), "nest.config.json")]);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain("to do: no session location yet for districts 1 (Natomas), 2 (North Sacramento)");
    expect(result.stderr).toContain("fill in districts[0].session.location, districts[1].session.location");
    const placed = await run(["init", join(tempDir(), "placed.json"), "--from", APPLICANTS]);
    expect(placed.stderr).toContain("districts[5].session.location before nest notify writes calendar invitations");
  });

  it("a draw's folder with no audit is exit 2, naming it", async () => {
    const result = await run(["notify", join(tempDir(), "nowhere")]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("nowhere");
  });
});

/**
 * What nest replace does to a draw's folder, by hand: district 1's first seat in its first category is vacated
 * (DECLINED or NO_REPLY), and that category's first on the waitlist takes it, leaving every waitlist they were on;
 * the others move up; replacements.csv records it, and excluded.csv lists the person replaced out (unless `listed`
 * is false: then they are in none of the files, and notify reads them from the export).
 */
/** nest replace on the draw's first seat: who gave it up, who took it, and the waitlisted whose position moved up. */
async function replaceFirstSeat(dir: string, code: "DECLINED" | "NO_REPLY") {
  const read = async (name: string) => (await readDrawTable(dir, name, 3))!;
  const [roster, before] = [await read("roster.csv"), await read("waitlist.csv")];
  const first = roster.rows[0]!;
  const vacatedId = first[4]!;
  const email = first[roster.headers.indexOf("Email Address")]!.trim();
  const result = await run(["replace", dir, code === "DECLINED" ? "--declined" : "--no-reply", vacatedId]);
  expect(result.code, result.stderr).toBe(0);
  const seatedId = (await read("roster.csv")).rows[0]![4]!;
  const after = await read("waitlist.csv");
  const position = (rows: readonly (readonly string[])[]) => new Map(rows.map((r) => [`${r[0]}|${r[2]}|${r[4]}`, r[3]]));
  const was = position(before.rows);
  const movedUp = new Set(after.rows.filter((r) => was.get(`${r[0]}|${r[2]}|${r[4]}`) !== r[3]).map((r) => r[4]!));
  return { vacated: { id: vacatedId, email }, seated: seatedId, movedUp };
}

/** Every golden draw (test/golden: what each earlier version wrote), copied: notify reads them all. */
const GOLDEN = join(ROOT, "test", "golden");
const goldens = readdirSync(GOLDEN).flatMap((version) => readdirSync(join(GOLDEN, version)).map((name) => ({ version, name })));

describe.each(goldens)("nest notify on the $version draw $name", ({ version, name }) => {
  it("accounts for every applicant, reading the contact columns as the draw recorded them or by their aliases", async () => {
    const root = tempDir();
    cpSync(join(GOLDEN, version, name), root, { recursive: true });
    const dir = join(root, "draw");
    const result = await run(["notify", dir, "--no-calendar", "--json"]);
    expect(result.code, result.stderr).toBe(0);
    const audit = JSON.parse(readFileSync(join(dir, "audit.json"), "utf8"));
    if (audit.columns === undefined) expect(result.stderr).toContain("records no columns");
    else expect(result.stderr).not.toContain("records no columns");
    const summary = JSON.parse(result.stdout);
    const draw = ["roster.csv", "waitlist.csv", "excluded.csv"].flatMap((f) => csvRowsAny(join(dir, f)).map((r) => r["Applicant ID"]));
    expect(new Set(draw).size).toBe(summary.people + summary.duplicatesMerged);
    const rows = csvRows(join(dir, "notify", "mail-merge.csv"));
    expect(rows).toHaveLength(summary.mailMerge);
    expect(rows.every((r) => r.Email !== "" && r["Full name"] !== "")).toBe(true);
    // The draw's own files are untouched, and it still verifies.
    const verified = await run(["verify", dir]);
    expect(verified.code, verified.stderr).toBe(0);
  });
});

function csvRowsAny(path: string): Record<string, string>[] {
  return parse(readFileSync(path), { bom: true, columns: true }) as Record<string, string>[];
}
