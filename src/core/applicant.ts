import type { Exclusion } from "./reasons.js";

/** One record of the export, judged: who they are in public files, where they are in the sheet, and the verdict. */
export interface Applicant {
  /** The export's own ID, else one nest gives (docs/ALGORITHM.md §1–2: "R" and a line, or a pseudonym). */
  id: string;
  /** Where the row is: the file line it starts on, and the row a spreadsheet shows (Row). */
  line: number;
  sheetRow: number;
  /** Index into the table's rows: the applicant's own cells are carried to every output. */
  rowIndex: number;
  districtId: string | null;
  /** Category ids the applicant is eligible for, in their order of preference. */
  categories: readonly string[];
  /** Category ids the applicant named and nest recognised, in order, eligible or not. */
  named: readonly string[];
  /** Things the coordinator should know that did not exclude the applicant. */
  notes: readonly string[];
  exclusion: Exclusion | null;
}

/** The empty list, shared: most applicants have no notes, and an empty array each would weigh on a big export. */
export const NONE: readonly string[] = Object.freeze([]);
