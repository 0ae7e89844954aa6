import { createEvents, type EventAttributes } from "ics";
import type { Invitation } from "../core/notify.js";
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

/** An invitation whose location and times are known (the command refuses the others first). */
export function formatInvitation(invitation: Invitation, options: IcsOptions): string {
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
    ...(options.organizer === undefined ? {} : { organizer: { name: options.organizer.name, email: options.organizer.email } }),
    attendees: invitation.attendees.map((a) => ({
      name: a.name,
      email: a.email,
      rsvp: true,
      partstat: "NEEDS-ACTION",
      role: "REQ-PARTICIPANT",
    })),
  };
  const { error, value } = createEvents([event], { productId: "-//nest//nest notify//EN", method: "PUBLISH", calName: options.program });
  if (error !== null || value === null) throw error ?? new Error("ics gave no calendar");
  return value;
}
