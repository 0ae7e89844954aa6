import fc from "fast-check";

/** Random applicant rows for property tests: the columns of a form export, good values and the nasty ones real exports hold. */

export const HEADERS = [
  "Timestamp",
  "Email Address",
  "Date of birth",
  "Police district",
  "Neighborhood",
  "ZIP code",
  "Which group would you represent?",
  "Name",
];

export const nasty = fc.constantFrom(
  ...["", " ", "\u00a0", "\u200b", "#N/A", "#VALUE!", "=1+2", "@SUM(A1)", "+1", "-", "null", "9.16555E+09", "\t"],
  ...["\r\n", "a\r\nb", "a\nb", '"', '""', "'", ",", ";", "Nguyễn", "José", "😀", "\u202e", "0", "95814.0"],
  ...["2/29/2000", "36691", "6/14/18", "x".repeat(300)],
);

const some = (...values: string[]) => fc.oneof(fc.constantFrom(...values), nasty);

/** One row, cell by cell in HEADERS order. */
export const applicantRow = fc.tuple(
  some("6/1/2018 10:00:00", "6/2/2018 9:00:00 AM", "", "junk"),
  some("a@example.org", " A@Example.org", "b@example.org", "c@x.io", "not an email"),
  some("6/14/2000", "2001-01-01", "1/1/1960", "2/29/2000", "36691", "6/14/18", "13/13/2000"),
  some("1", "3", "District 3", "7", "Oak Park", "Downtown and Midtown", "I don't know"),
  some("Oak Park", "Midtown", "Elk Grove", "Meadowview", "Atlantis"),
  some("95814", "95816", "95821", "95608", "95814.0", "95831-0001", "12345"),
  some("Youth (18-25)", "Educator, Community at large", "Business leader;Faith", "Clergy", "Youth, Educator"),
  fc.oneof(fc.string({ maxLength: 12 }), nasty),
);
