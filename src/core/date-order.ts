import type { DateFormat } from "./dates.js";

/**
 * Which way round a column writes its dates, decided from the whole column, never cell by cell (nest-draw/4 on,
 * README "Dates and ages"). A date with slashes, dots or hyphens and a four-digit year, such as 6/7/2000, reads as
 * 7 June or as 6 July: only a date whose first or second number is over 12 says which. A column with dates that
 * only fit day/month is not read month/day (that made 6/7/2000 the 7th of June and a 17-year-old eligible for Youth),
 * and a column with some dates of each kind cannot be read at all until they agree.
 */

/** How one cell's date can be read: only month first, only day first, either way, or it is no such date. */
export type Order = "mdy" | "dmy" | "either" | null;

/** The order of a cell that starts with a date written n/n/yyyy (a timestamp's date too); null when it does not. */
export function orderOf(text: string): Order {
  // Fast path (a million cells, most of them ISO dates or text): the first or second character must be a separator.
  const c1 = text.charCodeAt(1);
  const c2 = text.charCodeAt(2);
  if (!(c1 === 0x2f || c1 === 0x2e || c1 === 0x2d || c2 === 0x2f || c2 === 0x2e || c2 === 0x2d) && !/^\s/.test(text)) return null;
  const match = /^\s*(\d{1,2})[/.-](\d{1,2})[/.-](?:\d{4}|\d{2})(?:$|[\sT,])/.exec(text);
  if (match === null) return null;
  const [a, b] = [Number(match[1]), Number(match[2])];
  if (a > 12 && b <= 12) return "dmy";
  if (b > 12 && a <= 12) return "mdy";
  return "either";
}

/** What a column says of its order: how many cells fit only one way, and the first of each. */
export interface OrderEvidence {
  mdy: number;
  dmy: number;
  /** Cells that could be read either way (6/7/2000). */
  either: number;
  firstMdy: { row: number; text: string } | null;
  firstDmy: { row: number; text: string } | null;
  firstEither: { row: number; text: string } | null;
}

export function gatherOrder(cells: Iterable<{ row: number; text: string }>): OrderEvidence {
  const evidence: OrderEvidence = { mdy: 0, dmy: 0, either: 0, firstMdy: null, firstDmy: null, firstEither: null };
  for (const cell of cells) {
    const order = orderOf(cell.text);
    if (order === "mdy") {
      if (evidence.mdy++ === 0) evidence.firstMdy = cell;
    } else if (order === "dmy") {
      if (evidence.dmy++ === 0) evidence.firstDmy = cell;
    } else if (order === "either" && evidence.either++ === 0) evidence.firstEither = cell;
  }
  return evidence;
}

/**
 * The date-of-birth column's problem, if any (orderProblem); and when none of its dates says its order but the
 * timestamps of the same file only fit the other order than `format`, that too: the file comes from a locale that
 * writes dates that way, and 6/7/2000 there is 6 July (issue #12: a day/month export is never read month first).
 */
export function birthOrderProblem(
  birth: { column: string; evidence: OrderEvidence },
  stamps: { column: string; evidence: OrderEvidence } | null,
  format: DateFormat,
): string | null {
  const own = orderProblem(birth.column, birth.evidence, format);
  if (own !== null || birth.evidence.mdy + birth.evidence.dmy > 0 || birth.evidence.either === 0 || stamps === null) return own;
  const other: DateFormat = format === "mdy" ? "dmy" : "mdy";
  if (shownOrder(stamps.evidence) !== other) return null;
  const first = other === "dmy" ? stamps.evidence.firstDmy! : stamps.evidence.firstMdy!;
  return (
    `column "${birth.column}" has dates that could be read either way (such as 6/7/2000), and column "${stamps.column}" ` +
    `writes dates ${SAID[other]} (row ${first.row}: "${first.text}"), so this export comes from where dates are written ` +
    `${SAID[other]}, but nest was told to read ${SAID[format]}: run nest again with --date-format ${other} (or put ` +
    `"dateFormat": "${other}" in the config). If the dates of birth really are ${SAID[format]}, write them as 2000-07-06`
  );
}

/**
 * When the order was not chosen (no --date-format, no "dateFormat" in a config file), a date-of-birth column whose
 * dates could all be read either way, in an export where no timestamp shows an order either, cannot be read: nest
 * would have to guess, and the guess makes a 17-year-old born on 6 July 2000 an adult born on 7 June. A workbook's
 * timestamps are date cells, which show no order, so this is where its typed dates of birth stop. Only a check
 * before a draw: it decides nothing a draw records, and verify, which reads as the draw did, never asks it.
 */
export function unchosenOrderProblem(
  birth: { column: string; evidence: OrderEvidence },
  stamps: { column: string; evidence: OrderEvidence } | null,
): string | null {
  const { mdy, dmy, either, firstEither } = birth.evidence;
  if (either === 0 || mdy + dmy > 0 || (stamps !== null && shownOrder(stamps.evidence) !== null)) return null;
  const example = firstEither!;
  return (
    `column "${birth.column}" has only dates that could be read either way (row ${example.row}: "${example.text}"), and ` +
    "nothing else in the export says which way round they are written: run nest again with --date-format mdy " +
    '(month/day/year) or --date-format dmy (day/month/year), or put "dateFormat" in the config'
  );
}

/**
 * The order a form's timestamps are read in: the one the column's dates show (the form's software writes them all
 * one way), else the config's. They only order copies of one address, so a column that shows both does not stop the
 * run: it is read as the config says, as before.
 */
export function timestampOrder(evidence: OrderEvidence, format: DateFormat): DateFormat {
  return shownOrder(evidence) ?? format;
}

/** The order a column's dates show, when they show one and only one (some fit only it, none only the other). */
export function shownOrder(evidence: OrderEvidence): DateFormat | null {
  if (evidence.mdy > 0 && evidence.dmy === 0) return "mdy";
  if (evidence.dmy > 0 && evidence.mdy === 0) return "dmy";
  return null;
}

/**
 * How a run reads the timestamps: from nest-draw/4 on, in the order their column shows (its evidence, gathered only
 * then); before, as the config says. The pipeline and the reference (core/evaluate.ts) both decide here.
 */
export function timestampFormatOf(dateOrder: "cell" | "column", evidence: (() => OrderEvidence) | null, format: DateFormat): DateFormat {
  return dateOrder === "column" && evidence !== null ? timestampOrder(evidence(), format) : format;
}

const SAID: Record<DateFormat, string> = { mdy: "month/day/year", dmy: "day/month/year" };

/**
 * Why a column cannot be read with `format`: its dates only fit the other order, or some fit only one order and some
 * only the other. Null when it can (every date fits `format`, or could be either).
 */
export function orderProblem(column: string, evidence: OrderEvidence, format: DateFormat): string | null {
  const { mdy, dmy, firstMdy, firstDmy } = evidence;
  const example = (first: { row: number; text: string }, n: number) =>
    `row ${first.row}: "${first.text}"${n > 1 ? `, and ${n - 1} more` : ""}`;
  if (mdy > 0 && dmy > 0) {
    return (
      `column "${column}" writes dates both ways: ${mdy} only fit month/day/year (${example(firstMdy!, mdy)}) and ${dmy} ` +
      `only fit day/month/year (${example(firstDmy!, dmy)}), so nest cannot tell how to read the others, such as 6/7/2000. ` +
      `Correct the dates written the other way (or write them as 2000-07-06), then run nest again`
    );
  }
  const other: DateFormat = format === "mdy" ? "dmy" : "mdy";
  const against = other === "dmy" ? dmy : mdy;
  if (against === 0) return null;
  const first = other === "dmy" ? firstDmy! : firstMdy!;
  return (
    `column "${column}" writes dates ${SAID[other]} (${example(first, against)}), and none only fits ${SAID[format]}, ` +
    `which nest was told to read: run nest again with --date-format ${other} ` +
    `(or put "dateFormat": "${other}" in the config)`
  );
}
