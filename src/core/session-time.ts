import { daysFromCivil, parseIsoDate, type CivilDate } from "./dates.js";

/**
 * A session's date and time for people ("Wednesday, July 11, 2018", "6:00 PM to 9:00 PM") and for calendars (the
 * instant a wall-clock time in the session's time zone is). Written out here, never by the machine's locale or
 * time zone, so that nest notify writes the same words and times on every machine.
 */

const WEEKDAYS = ["Thursday", "Friday", "Saturday", "Sunday", "Monday", "Tuesday", "Wednesday"] as const; // 1970-01-01 was a Thursday
const MONTHS = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
] as const;

/** "2018-07-11" -> "Wednesday, July 11, 2018" (US English, as the messages are). */
export function formatDateInWords(date: CivilDate): string {
  const weekday = WEEKDAYS[((daysFromCivil(date) % 7) + 7) % 7]!;
  return `${weekday}, ${MONTHS[date.m - 1]!} ${date.d}, ${date.y}`;
}

/** "18:00" -> "6:00 PM"; "12:30" -> "12:30 PM"; "00:15" -> "12:15 AM". */
export function formatTimeInWords(time: string): string {
  const [h, m] = time.split(":").map(Number) as [number, number];
  return `${h % 12 === 0 ? 12 : h % 12}:${String(m).padStart(2, "0")} ${h < 12 ? "AM" : "PM"}`;
}

/** "6:00 PM to 9:00 PM". */
export function formatTimeRange(start: string, end: string): string {
  return `${formatTimeInWords(start)} to ${formatTimeInWords(end)}`;
}

/**
 * The instant (milliseconds since 1970-01-01T00:00Z) at which the clocks of `timeZone` (an IANA name such as
 * "America/Los_Angeles") show `date` and `time` ("HH:MM"); null when the time zone is not one the platform knows.
 * The zone's offset is read from the platform's time-zone database for that instant (Intl, with the zone named:
 * nothing of the machine's own zone or locale), twice, so that a date across a daylight-saving change is right.
 */
export function instantOf(date: string, time: string, timeZone: string): number | null {
  const civil = parseIsoDate(date);
  if (civil === null) return null;
  const [h, m] = time.split(":").map(Number) as [number, number];
  const wall = Date.UTC(civil.y, civil.m - 1, civil.d, h, m);
  let format: Intl.DateTimeFormat;
  try {
    format = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
  } catch {
    return null;
  }
  // The offset at an instant: the wall clock there, read as if it were UTC, minus the instant.
  const offsetAt = (instant: number) => {
    const parts = Object.fromEntries(format.formatToParts(new Date(instant)).map((p) => [p.type, p.value]));
    const shown = Date.UTC(
      Number(parts.year),
      Number(parts.month) - 1,
      Number(parts.day),
      Number(parts.hour),
      Number(parts.minute),
      Number(parts.second),
    );
    return shown - instant;
  };
  const first = wall - offsetAt(wall);
  return wall - offsetAt(first);
}
