import { NONE } from "../applicant.js";
import { cleanCell } from "../text.js";

const SPREADSHEET_ERROR = /^#(N\/A|VALUE!|REF!|DIV\/0!|NAME\?|NUM!|NULL!|SPILL!|CALC!|FIELD!|BLOCKED!|GETTING_DATA)$/i;
const SCIENTIFIC = /^[+-]?\d+(\.\d+)?E[+-]?\d+$/i;

/**
 * Spreadsheet damage in any of the row's cells, as notes (never an exclusion): an error value (#N/A) where a
 * value was, or a long number (a phone number) turned into scientific notation, which has lost digits for good.
 */
export function findSpreadsheetDamage(headers: readonly string[], cells: readonly string[]): readonly string[] {
  let notes: string[] | null = null;
  for (let i = 0; i < cells.length; i++) {
    const raw = cells[i]!;
    // Only cells that start with "#", a digit, a sign or a space can be either kind of damage.
    const first = raw.charCodeAt(0);
    const candidate = first === 35 || (first >= 48 && first <= 57) || first === 43 || first === 45 || first === 32 || first === 160;
    if (!candidate || raw.length > 40) continue;
    const value = cleanCell(raw);
    let note: string | null = null;
    if (value.charCodeAt(0) === 35) {
      if (SPREADSHEET_ERROR.test(value)) note = `Column "${headers[i]}" holds the spreadsheet error ${value}, not a value`;
    } else if ((value.includes("E") || value.includes("e")) && SCIENTIFIC.test(value)) {
      note = `Column "${headers[i]}" holds ${value}: a spreadsheet turned a long number into scientific notation, and its digits are lost`;
    }
    if (note !== null) (notes ??= []).push(note);
  }
  return notes ?? NONE;
}
