import ICAL from "ical.js";
import { describe, expect, it } from "vitest";
import { formatInvitation, refold } from "../../src/io/format-ics.js";

const invitation = {
  districtId: "1",
  districtName: "Natomas",
  location: "Salle polyvalente, 12 rue de l'Église, Sacramento",
  start: Date.UTC(2018, 6, 12, 1),
  end: Date.UTC(2018, 6, 12, 4),
  timeZone: "America/Los_Angeles",
  attendees: [
    { name: 'Nguyễn Thị Minh Khai-Hương Đặng, "Minnie"; née Trần', email: "minh@example.org" },
    { name: "Sofía Patel", email: "sofia@example.org" },
  ],
};

describe("formatInvitation", () => {
  const { text, refused } = formatInvitation(invitation, { program: "NEST 2018, Sacramento", sequence: 2 });

  it("folds every line at 75 octets of UTF-8, and ical.js reads every value back whole", () => {
    for (const line of text.split("\r\n")) expect(Buffer.byteLength(line, "utf8"), line).toBeLessThanOrEqual(75);
    const event = new ICAL.Event(new ICAL.Component(ICAL.parse(text)).getFirstSubcomponent("vevent")!);
    expect(event.location).toBe(invitation.location);
    expect(event.attendees.map((a) => [a.getParameter("cn"), a.getFirstValue()])).toEqual(
      // A double quote cannot stand in a parameter: it is written as a single one.
      invitation.attendees.map((a) => [a.name.replace(/"/g, "'"), `mailto:${a.email}`]),
    );
    expect(event.startDate.toString()).toBe("2018-07-12T01:00:00Z");
    expect(event.endDate.toString()).toBe("2018-07-12T04:00:00Z");
    expect(event.sequence).toBe(2);
  });

  it("depends on nothing but its input: a fixed DTSTAMP moved on by the sequence, a UID from program and district", () => {
    expect(text).toContain("DTSTAMP:20000101T000200Z\r\n");
    expect(refused).toEqual([]);
    expect(formatInvitation(invitation, { program: "NEST 2018, Sacramento", sequence: 2 }).text).toBe(text);
    const uid = (t: string) => /UID:(.*)\r\n/.exec(t)![1];
    expect(uid(formatInvitation({ ...invitation, attendees: [] }, { program: "NEST 2018, Sacramento", sequence: 0 }).text)).toBe(uid(text));
    expect(uid(formatInvitation({ ...invitation, districtId: "2" }, { program: "NEST 2018, Sacramento", sequence: 0 }).text)).not.toBe(
      uid(text),
    );
  });

  it("leaves out, and names, an attendee whose address the library refuses; refuses an organizer's as input", () => {
    const odd = { ...invitation, attendees: [...invitation.attendees, { name: "José", email: "josé@example.org" }] };
    const result = formatInvitation(odd, { program: "P", sequence: 0 });
    expect(result.refused).toEqual(["josé@example.org"]);
    expect(result.text).toContain("sofia@example.org");
    expect(result.text.replace(/\r\n /g, "")).not.toContain("josé@example.org");
    expect(() => formatInvitation(invitation, { program: "P", sequence: 0, organizer: { name: "Us", email: "not an address" } })).toThrow(
      /the calendar library refused district 1's invitation/,
    );
  });

  it.each([
    ["A".repeat(75), ["A".repeat(75)]],
    ["A".repeat(76), ["A".repeat(75), ` A`]],
    ["é".repeat(40), ["é".repeat(37), ` ${"é".repeat(3)}`]],
    ["ab\r\n\tcd", ["abcd"]],
  ])("refold(%j)", (line, parts) => expect(refold(line)).toBe(parts.join("\r\n")));
});
