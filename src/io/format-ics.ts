import { createEvents, type EventAttributes } from "ics";
import type { Invitation } from "../core/notify.js";
import { ExitCode, NestError } from "../errors.js";
import { sha256 } from "./hash.js";

/**
 * A district's calendar invitation as an iCalendar file (RFC 5545), written by the `ics` library: one event, the
 * session, with the district's seated as attendees. Times are UTC instants (…Z), worked out from the session's
 * wall-clock time in its time zone (core/session-time.ts), so every calendar shows them at the right hour. The
 * bytes depend on the draw and the config only: the UID is made from the program and district, and DTSTAMP is a
 * fixed instant moved on by the SEQUENCE, never the clock, so an updated invitation replaces the earlier one.
 */

/** DTSTAMP of an invitation's first version (nest writes no clock time); each later version one minute on. */
const STAMP_BASE = Date.UTC(2000, 0, 1);

export interface IcsOptions {
  program: string;
  organizer?: { name: string; email: string };
  /** How many times this invitation changed since nest notify first wrote it. */
  sequence: number;
}

/** An invitation's calendar file, and the attendees the calendar library refused (their addresses, in the mail merge still). */
export interface FormattedInvitation {
  text: string;
  refused: string[];
}

/** An invitation whose location and times are known (the command refuses the others first). */
export function formatInvitation(invitation: Invitation, options: IcsOptions): FormattedInvitation {
  const { start, end, location } = invitation;
  if (start === null || end === null || location === null) throw new Error("an invitation needs its times and location");
  const event: EventAttributes & { timestamp: number } = {
    uid: `${sha256(`${options.program}\n${invitation.districtId}`).slice(0, 32)}@nest`,
    sequence: options.sequence,
    timestamp: STAMP_BASE + options.sequence * 60_000,
    title: `${options.program}: police district ${invitation.districtId} (${invitation.districtName})`,
    start,
    end,
    startInputType: "utc",
    startOutputType: "utc",
    endInputType: "utc",
    endOutputType: "utc",
    location,
    status: "CONFIRMED",
    ...(options.organizer === undefined
      ? {}
      : { organizer: { name: displayName(options.organizer.name), email: options.organizer.email } }),
  };
  const header = { productId: "-//nest//nest notify//EN", method: "PUBLISH", calName: options.program };
  const alone = createEvents([event], header);
  if (alone.error !== null)
    throw new NestError(
      `the calendar library refused district ${invitation.districtId}'s invitation: ${alone.error.message} (the config's notify.organizer, or the district's session?)`,
      ExitCode.input,
    );
  // The library checks addresses by the HTML standard's rule, stricter than nest's (an accent before the "@"):
  // an attendee it refuses is left out of the invitation, and said.
  const attendee = (a: { name: string; email: string }) => ({
    name: displayName(a.name),
    email: a.email,
    rsvp: true,
    partstat: "NEEDS-ACTION" as const,
    role: "REQ-PARTICIPANT" as const,
  });
  const takes = (a: { name: string; email: string }) => createEvents([{ ...event, attendees: [attendee(a)] }], header).error === null;
  const [taken, refused] = [invitation.attendees.filter(takes), invitation.attendees.filter((a) => !takes(a))];
  const { error, value } = createEvents([{ ...event, attendees: taken.map(attendee) }], header);
  if (error !== null || value === null) throw error ?? new Error("ics gave no calendar");
  return { text: refold(value), refused: refused.map((a) => a.email) };
}

/**
 * A name as a CN parameter can hold it: a parameter value can hold no double quote (RFC 5545 §3.1; `ics` writes one
 * as \", which ends the value there for every reader), so it becomes a single one; control characters become spaces.
 */
function displayName(name: string): string {
  return name.replace(/"/g, "'").replace(/[\u0000-\u001f\u007f]+/g, " ");
}

/**
 * The calendar's lines folded at 75 octets of UTF-8 (RFC 5545 §3.1), on character boundaries: `ics` folds at 75
 * characters, so a line with "Sofía" or "Nguyễn" in it runs past the limit, which strict validators and some CalDAV
 * servers refuse.
 */
export function refold(calendar: string): string {
  const lines = calendar.replace(/\r\n[ \t]/g, "").split("\r\n");
  return lines
    .map((line) => {
      const parts: string[] = [];
      let part = "";
      let octets = 0;
      for (const char of line) {
        const size = Buffer.byteLength(char, "utf8");
        // The first line holds 75 octets; each continuation 74 after its leading space.
        if (octets + size > (parts.length === 0 ? 75 : 74)) {
          parts.push(part);
          part = "";
          octets = 0;
        }
        part += char;
        octets += size;
      }
      parts.push(part);
      return parts.join("\r\n ");
    })
    .join("\r\n");
}
