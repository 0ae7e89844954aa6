/**
 * Calendar dates as plain {y, m, d} numbers: no Date objects, so no time zone,
 * no locale and no `new Date(string)` guessing. See README "Dates and ages".
 */

export interface CivilDate {
  y: number;
  m: number;
  d: number;
}

export type DateFormat = "mdy" | "dmy";

export type DateResult = { ok: true; date: CivilDate } | { ok: false; problem: string };

export function isLeapYear(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

export function daysInMonth(y: number, m: number): number {
  return [31, isLeapYear(y) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1] ?? 0;
}

export function isValidDate({ y, m, d }: CivilDate): boolean {
  return Number.isInteger(y) && y >= 1 && m >= 1 && m <= 12 && d >= 1 && d <= daysInMonth(y, m);
}

export function formatIsoDate({ y, m, d }: CivilDate): string {
  return `${String(y).padStart(4, "0")}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
}

export function parseIsoDate(text: string): CivilDate | null {
  const match = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(text);
  if (!match) return null;
  const date = { y: Number(match[1]), m: Number(match[2]), d: Number(match[3]) };
  return isValidDate(date) ? date : null;
}

/** Days since 1970-01-01 of a civil date (proleptic Gregorian), after Howard Hinnant's days_from_civil. */
export function daysFromCivil({ y, m, d }: CivilDate): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

export function civilFromDays(days: number): CivilDate {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp + (mp < 10 ? 3 : -9);
  return { y: era * 400 + yoe + (m <= 2 ? 1 : 0), m, d };
}

// Excel's day 0 is 1899-12-30 for every serial after its phantom 1900-02-29 (serial 60).
const EXCEL_EPOCH_DAYS = daysFromCivil({ y: 1899, m: 12, d: 30 });
const EXCEL_MIN_SERIAL = 61; // 1900-03-01; nobody applying was born before that
const EXCEL_MAX_SERIAL = 2958465; // 9999-12-31

/**
 * A date as spreadsheets and forms write it: ISO 2018-06-14, 6/14/2018 (or 14/6/2018 with "dmy"),
 * or an Excel serial number (43265). Two-digit years are refused: 6/14/18 could be 1918 or 2018.
 */
export function parseDate(raw: string, format: DateFormat = "mdy"): DateResult {
  const text = raw.trim();
  if (text === "") return { ok: false, problem: "is empty" };
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?Z?)?$/.exec(text);
  if (iso) return checked({ y: Number(iso[1]), m: Number(iso[2]), d: Number(iso[3]) }, text);
  const slashed = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{2}|\d{4})$/.exec(text);
  if (slashed) {
    const [a, b, year] = [Number(slashed[1]), Number(slashed[2]), slashed[3]!];
    if (year.length === 2) return { ok: false, problem: `"${text}" has a two-digit year; write the year in full` };
    const date = format === "mdy" ? { y: Number(year), m: a, d: b } : { y: Number(year), m: b, d: a };
    return checked(date, text, format);
  }
  const serial = /^(\d{1,7})(?:\.0+)?$/.exec(text);
  if (serial) {
    const n = Number(serial[1]);
    if (n < EXCEL_MIN_SERIAL || n > EXCEL_MAX_SERIAL) return { ok: false, problem: `"${text}" is not a date` };
    return { ok: true, date: civilFromDays(EXCEL_EPOCH_DAYS + n) };
  }
  return { ok: false, problem: `"${text}" is not a date nest can read (write it as 2000-06-14 or 6/14/2000)` };
}

function checked(date: CivilDate, text: string, format?: DateFormat): DateResult {
  if (isValidDate(date)) return { ok: true, date };
  const hint = format === undefined ? "" : format === "mdy" ? " (read as month/day/year)" : " (read as day/month/year)";
  return { ok: false, problem: `"${text}" is not a real calendar date${hint}` };
}

/**
 * A form's submission time as a sortable number of seconds: "6/1/2018 14:03:22",
 * "2018-06-01 14:03", "6/1/2018 2:03:22 PM". Null when it cannot be read.
 */
export function parseTimestamp(raw: string, format: DateFormat = "mdy"): number | null {
  const match = /^(\S+)(?:[ T](\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?\s*([AaPp][Mm])?Z?)?$/.exec(raw.trim());
  if (!match) return null;
  const date = parseDate(match[1]!, format);
  if (!date.ok) return null;
  let hours = Number(match[2] ?? 0);
  const ampm = match[5]?.toLowerCase();
  if (ampm !== undefined) {
    if (hours < 1 || hours > 12) return null;
    hours = (hours % 12) + (ampm === "pm" ? 12 : 0);
  }
  const minutes = Number(match[3] ?? 0);
  const seconds = Number(match[4] ?? 0);
  if (hours > 23 || minutes > 59 || seconds > 59) return null;
  return daysFromCivil(date.date) * 86400 + hours * 3600 + minutes * 60 + seconds;
}

/**
 * Whole years of age on a date. Someone born on 29 February has their birthday on
 * 1 March in years that have no 29 February (README "Dates and ages").
 */
export function ageOn(birth: CivilDate, on: CivilDate): number {
  let [bm, bd] = [birth.m, birth.d];
  if (bm === 2 && bd === 29 && !isLeapYear(on.y)) [bm, bd] = [3, 1];
  const hadBirthday = on.m > bm || (on.m === bm && on.d >= bd);
  return on.y - birth.y - (hadBirthday ? 0 : 1);
}

export function compareDates(a: CivilDate, b: CivilDate): number {
  return daysFromCivil(a) - daysFromCivil(b);
}

// Offsets of the zone abbreviations US forms write (Google Forms' download writes "PDT"), in minutes east of UTC.
const ZONES: Record<string, number> = {
  UTC: 0,
  GMT: 0,
  Z: 0,
  EST: -300,
  EDT: -240,
  CST: -360,
  CDT: -300,
  MST: -420,
  MDT: -360,
  PST: -480,
  PDT: -420,
  AKST: -540,
  AKDT: -480,
  HST: -600,
};

/**
 * nest-draw/4's timestamps: parseTimestamp's, and besides them the forms exports write in other locales: the year
 * first with slashes ("2018/05/09 6:07:15 PM"), a two-digit year, which in a form's timestamp can only be 20xx
 * (Excel's "5/1/18 11:22"), and a time zone after the time ("PDT", "GMT-7", "UTC+02:00", "-0700"), which is taken
 * into account: copies made either side of a change of summer time still come in the order they were sent.
 */
export function parseTimestampWide(raw: string, format: DateFormat = "mdy"): number | null {
  let rest = raw.trim().replace(/^(\d{4}-\d{1,2}-\d{1,2})T(?=\d)/, "$1 ");
  let offset = 0;
  // A zone after a time: "… 6:07:15 PM PDT", "… 11:22 GMT-7", "… 11:22:00Z", "… 11:22 +02:00".
  const zoned =
    /^(.*\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:\s*[AaPp][Mm])?)\s*(?:(?!AM$|PM$)([A-Z]{1,4})|(?:(?:GMT|UTC)\s*)?([+-])(\d{1,2})(?::?(\d{2}))?)$/.exec(
      rest,
    );
  if (zoned !== null) {
    if (zoned[2] !== undefined) {
      const zone = ZONES[zoned[2]];
      if (zone === undefined) return null;
      offset = zone;
    } else {
      const minutes = Number(zoned[4]) * 60 + Number(zoned[5] ?? 0);
      if (minutes > 14 * 60) return null;
      offset = zoned[3] === "-" ? -minutes : minutes;
    }
    rest = zoned[1]!;
  }
  const yearFirst = /^(\d{4})\/(\d{1,2})\/(\d{1,2})(?=$|\s)/.exec(rest);
  if (yearFirst !== null) rest = `${yearFirst[1]}-${yearFirst[2]}-${yearFirst[3]}${rest.slice(yearFirst[0].length)}`;
  const shortYear = /^(\d{1,2})([/.-])(\d{1,2})\2(\d{2})(?=$|\s)/.exec(rest);
  if (shortYear !== null) rest = `${shortYear[1]}/${shortYear[3]}/20${shortYear[4]}${rest.slice(shortYear[0].length)}`;
  const seconds = parseTimestamp(rest, format);
  return seconds === null ? null : seconds - offset * 60;
}
