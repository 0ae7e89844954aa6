import { describe, expect, it } from "vitest";
import { buildNotices, contactColumns, isMailable, type DrawTable, type NoticeInput } from "../../src/core/notify.js";
import type { Replacement } from "../../src/core/replace.js";
import { checkTemplates, DEFAULT_TEMPLATES, fillTemplate, templatesOf } from "../../src/core/notify-templates.js";
import { makeConfig } from "../helpers/config.js";

const OWN = ["Email Address", "First name", "Last name"];
const table = (name: string, lead: string[], rows: string[][]): DrawTable => ({ name, headers: [...lead, ...OWN], rows });
const ROSTER = ["District", "District name", "Category", "Seat", "Applicant ID"];
const WAITLIST = ["District", "District name", "Category", "Position", "Applicant ID"];
const EXCLUDED = ["Applicant ID", "Row", "Reason code", "Reason"];
const entry = (n: number, reason: Replacement["reason"], vacated: string, seat: number, seated: string | null): Replacement => ({
  entry: n,
  rule: "nest-replace/1",
  reason,
  vacated,
  district: "1",
  category: "Youth (18-25)",
  seat,
  seated,
  chain: "0".repeat(64),
});
const columns = { email: 5, firstName: 6, lastName: 7 };

function input(over: Partial<NoticeInput> = {}): NoticeInput {
  return {
    config: makeConfig({}),
    roster: table("roster.csv", ROSTER, [["1", "Natomas", "Youth (18-25)", "1", "A1", "ana@example.org", "Ana", "Lee"]]),
    waitlist: table("waitlist.csv", WAITLIST, [
      ["1", "Natomas", "Youth (18-25)", "3", "B2", "bo@example.org", "Bo", "Tran"],
      ["1", "Natomas", "Community at large", "7", "B2", "bo@example.org", "Bo", "Tran"],
      ["1", "Natomas", "Community at large", "8", "C3", "cy@example.org", "Cy", "Ng"],
    ]),
    excluded: table("excluded.csv", EXCLUDED, [
      ["D4", "9", "OUTSIDE_CITY", "ZIP 90210 is outside", "di@example.org", "Di", "Ray"],
      ["E5", "10", "DUPLICATE", "Duplicate of row 2", " ANA@example.org ", "Ana", "Lee"],
      ["F6", "11", "MISSING_EMAIL", "No email", "", "Fe", "Po"],
      ["G7", "12", "INVALID_EMAIL", "not one", "gus at example", "Gus", "Wu"],
      ["H8", "13", "SOMETHING_NEW", "In the file's own words.", "hal@example.org", "Hal", "Ox"],
    ]),
    replacements: [],
    columns: { roster: columns, waitlist: columns, excluded: { email: 4, firstName: 5, lastName: 6 } },
    templates: templatesOf(undefined),
    ...over,
  };
}

describe("buildNotices", () => {
  it("gives one row per person: seated, waitlisted once with every position, excluded with the reason in plain words", () => {
    const notices = buildNotices(input());
    expect(notices.rows.map((r) => [r["Applicant ID"], r.Outcome, r.Category, r["Waitlist positions"], r.Reason])).toEqual([
      ["A1", "Seated", "Youth (18-25)", "", ""],
      ["B2", "Waitlisted", "Youth (18-25); Community at large", "Youth (18-25) #3; Community at large #7", ""],
      ["C3", "Waitlisted", "Community at large", "Community at large #8", ""],
      ["D4", "Excluded", "", "", "You live outside the city's police districts."],
      ["H8", "Excluded", "", "", "In the file's own words."],
    ]);
    // The later application of the seated person's address is theirs: no second row.
    expect(notices.duplicatesMerged).toBe(1);
    // No usable address: a list of its own, never the mail merge.
    expect(notices.cannotEmail.map((r) => [r["Applicant ID"], r.Email])).toEqual([
      ["F6", ""],
      ["G7", "gus at example"],
    ]);
  });

  it("fills the session's date and time in words, and the message from the template", () => {
    const [seated] = buildNotices(input()).rows;
    expect(seated).toMatchObject({
      "Full name": "Ana Lee",
      District: "1",
      "District name": "Natomas",
      "Session date": "Wednesday, July 11, 2018",
      "Session time": "6:00 PM to 9:00 PM",
      Location: "a place to be announced",
      Subject: "Neighborhood Engagement Strategy Talks (NEST) 2018, Sacramento: you have a place",
    });
    expect(seated!.Message).toContain("Dear Ana Lee,\n\nThank you for applying. You were drawn for a place in the Youth (18-25) group");
    expect(seated!.Message).toContain("on Wednesday, July 11, 2018, 6:00 PM to 9:00 PM, at a place to be announced.");
  });

  it("stops on a released applicant (DECLINED, NO_REPLY) who is in none of the draw's files", () => {
    // nest replace lists everyone it replaced out in excluded.csv; one missing is a folder that does not verify.
    const replacements = [entry(1, "DECLINED", "Z9", 2, "C3")];
    const notices = buildNotices(input({ replacements }));
    expect(notices.problems).toEqual(["Z9 (replacements.csv, entry 1): in none of the draw's files"]);
    expect(notices.rows.some((r) => r["Applicant ID"] === "Z9")).toBe(false);
  });

  it("reads the released from excluded.csv where nest replace lists them, and tells the ineligible their place was released", () => {
    const replacements = [entry(1, "NO_REPLY", "Z9", 2, "C3"), entry(2, "INELIGIBLE", "Y8", 1, null)];
    const base = input();
    const excluded = {
      ...base.excluded,
      rows: [
        ...base.excluded.rows,
        [
          "Z9",
          "20",
          "NO_REPLY",
          "Did not reply to the offer of a place after the draw (replacements.csv entry 1)",
          "zo@example.org",
          "Zo",
          "Ek",
        ],
        ["Y8", "21", "INELIGIBLE", "Found not eligible after the draw (replacements.csv entry 2)", "yu@example.org", "Yu", "Li"],
      ],
    };
    const notices = buildNotices({ ...base, excluded, replacements });
    expect(notices.problems).toEqual([]);
    const row = (id: string) => notices.rows.find((r) => r["Applicant ID"] === id);
    expect(row("Z9")).toMatchObject({
      Outcome: "Place released",
      Email: "zo@example.org",
      District: "1",
      Category: "Youth (18-25)",
      Seat: "2",
      Reason: "We did not hear back from you in time.",
    });
    // Found not eligible after the draw: they held a seat, so their letter says it was released, not that they were
    // never in the lottery (the newcomer trial of issue 13 read the excluded letter as contradicting itself).
    expect(row("Y8")).toMatchObject({
      Outcome: "Place released",
      Seat: "1",
      Reason: "After the draw, you were found not to be eligible for your place.",
    });
    // The released come after the waitlisted and before the excluded.
    expect(notices.rows.map((r) => r["Applicant ID"])).toEqual(["A1", "B2", "C3", "Z9", "Y8", "D4", "H8"]);
  });

  it("writes a seated-from-the-waitlist letter to someone a replacement seated, and asks the seated to reply by the set date", () => {
    // Bo was #3 on the youth waitlist; Ana declined and Bo took seat 1 (the roster after nest replace).
    const base = input();
    const roster = {
      ...base.roster,
      rows: [
        ["1", "Natomas", "Youth (18-25)", "1", "B2", "bo@example.org", "Bo", "Tran"],
        ["1", "Natomas", "Youth (18-25)", "2", "Q5", "qi@example.org", "Qi", "Ho"],
      ],
    };
    const waitlist = { ...base.waitlist, rows: base.waitlist.rows.filter((r) => r[4] !== "B2") };
    const replacements = [entry(1, "DECLINED", "A1", 1, "B2")];
    const excluded = {
      ...base.excluded,
      rows: [...base.excluded.rows, ["A1", "2", "DECLINED", "Declined (replacements.csv entry 1)", "ana@example.org", "Ana", "Lee"]],
    };
    const row = (notices: ReturnType<typeof buildNotices>, id: string) => notices.rows.find((r) => r["Applicant ID"] === id)!;

    const plain = buildNotices({ ...base, roster, waitlist, excluded, replacements });
    expect(row(plain, "B2")).toMatchObject({ Outcome: "Seated", Seat: "1", "Reply by": "" });
    expect(row(plain, "B2").Subject).toBe(
      "Neighborhood Engagement Strategy Talks (NEST) 2018, Sacramento: a place has become free for you",
    );
    expect(row(plain, "B2").Message).toContain("has become free, and you are next on its waitlist: the place is yours.");
    expect(row(plain, "B2").Message).toContain("Please reply to this email to confirm that you will take part.");
    // Seated by the lottery: the first letter, still.
    expect(row(plain, "Q5").Message).toContain("You were drawn for a place in the Youth (18-25) group");

    const config = makeConfig({ notify: { replyBy: "2018-06-29" } });
    const dated = buildNotices({ ...base, config, templates: templatesOf(config.notify), roster, waitlist, excluded, replacements });
    for (const id of ["B2", "Q5"]) {
      expect(row(dated, id)["Reply by"]).toBe("Friday, June 29, 2018");
      expect(row(dated, id).Message).toContain(
        "Please reply to this email by Friday, June 29, 2018 to confirm that you will take part. If we have not heard from you by then, " +
          "your place may be offered to the next person on the waitlist.",
      );
    }
    // Only the seated are asked to reply.
    expect(dated.rows.filter((r) => r["Reply by"] !== "").map((r) => r["Applicant ID"])).toEqual(["B2", "Q5"]);
  });

  it("writes one invitation per district with seated people, with their addresses and the session's UTC instants", () => {
    const [invitation, ...others] = buildNotices(input()).invitations;
    expect(others).toEqual([]);
    expect(invitation).toMatchObject({ districtId: "1", location: null, attendees: [{ name: "Ana Lee", email: "ana@example.org" }] });
    expect(new Date(invitation!.start!).toISOString()).toBe("2018-07-12T01:00:00.000Z");
    expect(new Date(invitation!.end!).toISOString()).toBe("2018-07-12T04:00:00.000Z");
  });
});

describe("contactColumns", () => {
  const t: DrawTable = { name: "roster.csv", headers: [...ROSTER, "Email", "Seat (as submitted)", "Given name", "Surname"], rows: [] };
  it("finds the recorded headers, past a clash's ' (as submitted)'", () =>
    expect(contactColumns(t, 5, { email: "Email", lastName: "Seat" }, makeConfig({}))).toEqual({ email: 5, lastName: 6 }));
  it("finds them by the header aliases when the audit records none", () =>
    expect(contactColumns(t, 5, null, makeConfig({}))).toEqual({ email: 5, firstName: 7, lastName: 8 }));
  it("takes the config's own column names over the aliases", () =>
    expect(contactColumns(t, 5, null, makeConfig({ columns: { firstName: "Surname" } }))).toMatchObject({ firstName: 8 }));
});

describe("templates", () => {
  it("fills every placeholder, and leaves no braces", () => {
    expect(fillTemplate("Hi {First name} ({Program})", { "First name": "Ana", Program: "P" })).toBe("Hi Ana (P)");
    for (const t of Object.values(DEFAULT_TEMPLATES))
      expect(checkTemplates({ seated: t, waitlisted: t, excluded: t, released: t, seatedFromWaitlist: t })).toEqual([]);
  });
  it("names a placeholder that is no field, with where it is", () => {
    const templates = templatesOf({ templates: { seated: { subject: "Hello {Frist name}", message: ["a", "{Location}"] } } });
    expect(templates.seated.message).toBe("a\n{Location}");
    expect(checkTemplates(templates)).toEqual([
      expect.stringMatching(/^notify\.templates\.seated\.subject: \{Frist name\} names no field; the fields are \{Email\}/),
    ]);
  });
  it("refuses {Reply by} in a template while notify.replyBy is not set, and takes it once it is", () => {
    const given = { seatedFromWaitlist: { subject: "A place", message: "Reply by {Reply by}." } };
    expect(checkTemplates(templatesOf({ templates: given }), { templates: given })).toEqual([
      "notify.templates.seatedFromWaitlist.message: {Reply by} is used, but notify.replyBy (a date, YYYY-MM-DD) is not set",
    ]);
    const settings = { templates: given, replyBy: "2018-06-29" };
    expect(checkTemplates(templatesOf(settings), settings)).toEqual([]);
    // Only the seated are asked to reply by a date: anywhere else it would be blank.
    const waiting = { waitlisted: { subject: "Waiting", message: "Reply by {Reply by}." } };
    expect(
      checkTemplates(templatesOf({ templates: waiting, replyBy: "2018-06-29" }), { templates: waiting, replyBy: "2018-06-29" }),
    ).toEqual([
      "notify.templates.waitlisted.message: {Reply by} is for the seated letters only: nobody waitlisted is asked to reply by a date",
    ]);
  });
  it.each([
    ["ana@example.org", true],
    ["a.b+c@mail.example.co.uk", true],
    ["", false],
    ["gus at example", false],
    ["ana@example", false],
    ["ana@@example.org", false],
  ])("isMailable(%j) is %s", (email, ok) => expect(isMailable(email)).toBe(ok));
});
