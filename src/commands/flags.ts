import type { DateFormat } from "../core/dates.js";
import { ENCODINGS, type Encoding } from "../io/decode.js";
import { flag } from "./command.js";

/** Flags several commands share, declared once. */

/** How the export is read, and which config judges it. */
export const inputFlags = {
  config: flag.string("--config <file>", "a config file (nest init writes one); default: NEST 2018"),
  encoding: flag.choice<Encoding>("--encoding <name>", "the export's encoding when it has no BOM", ENCODINGS),
  sheet: flag.string("--sheet <name>", "the sheet to read of an Excel workbook (.xlsx); default: the first"),
  dateFormat: flag.choice<DateFormat>(
    "--date-format <order>",
    "how dates with slashes are written: mdy (6/14/2000, the default) or dmy (14/6/2000)",
    ["mdy", "dmy"],
  ),
};

/** How CSV is written. */
export const csvFlags = {
  bom: flag.negatable("--no-bom", "write CSV without the UTF-8 byte-order mark"),
  escapeFormulas: flag.negatable(
    "--no-formula-escape",
    "do not neutralise cells a spreadsheet would run as formulas (for tools that are not spreadsheets)",
  ),
};
