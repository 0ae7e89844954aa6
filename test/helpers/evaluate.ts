import type { IdPlan } from "../../src/core/applicant-ids.js";
import type { Config } from "../../src/core/config.js";
import { CURRENT_EDITION, editionOf, type Edition } from "../../src/core/edition.js";
import { evaluateTable, type Evaluation } from "../../src/core/evaluate.js";
import type { Row } from "../../src/core/table.js";
import { keyedHash } from "../../src/io/pseudonyms.js";
import { makeConfig } from "./config.js";

/** The key tests draw with: pseudonyms need one (a config's applicantIdKey). */
export const TEST_KEY = "0123456789abcdef0123456789abcdef";

export const EDITION_1 = editionOf("nest-draw/1")!;

export function idPlan(edition: Edition = CURRENT_EDITION, key = TEST_KEY): IdPlan {
  return { edition, keyed: keyedHash(key) };
}

/** Rows from cells, one line each, the first under the header (line and spreadsheet row 2). */
export function rowsOf(...cells: (readonly string[])[]): Row[] {
  return cells.map((c, i) => ({ line: i + 2, sheetRow: i + 2, cells: c }));
}

/** core's reference evaluation of a table. */
export function evaluateRows(
  headers: readonly string[],
  rows: readonly Row[],
  config: Config = makeConfig(),
  edition: Edition = CURRENT_EDITION,
): Evaluation {
  return evaluateTable({ headers, rows }, config, idPlan(edition));
}
