import type { DateFormat } from "../../core/dates.js";
import { NONE, type Applicant } from "../../core/applicant.js";
import type { Keyed } from "../../core/applicant-ids.js";
import type { Config } from "../../core/config.js";
import { numberer, type Numberer } from "../../core/draw.js";
import { duplicateFacts, DuplicateFinder, timestampReader, type DuplicateFacts } from "../../core/duplicates.js";
import { editionOf, type Edition } from "../../core/edition.js";
import { applicantOf } from "../../core/evaluate.js";
import { fnv1a } from "../../core/first-seen.js";
import type { ColumnMap } from "../../core/headers.js";
import { REASONS, type ReasonCode } from "../../core/reasons.js";
import { compileRules, type RowVerdict } from "../../core/rules/index.js";
import { provisionalIdOf } from "../../core/settle.js";
import type { Row } from "../../core/table.js";
import { SourceRow } from "../csv-records.js";
import { keyedHash } from "../pseudonyms.js";

/**
 * The loop over the rows that both threads run (io/engine): the rules (core/rules), each row's provisional ID
 * and, when a draw follows, its lottery number, worked out where its ID and district are at hand. This thread
 * keeps its rows' results as applicants (Collected); the second thread packs its own into typed arrays and
 * lists (Packed) that travel without a copy, and this thread unpacks them into the same applicants.
 */

/** What judging needs, as plain data that a second thread can be sent. */
export interface JudgePlan {
  config: Config;
  headers: readonly string[];
  columns: ColumnMap;
  algorithm: string;
  /** The key of pseudonymous IDs, when the edition gives them (the config's, or nest's public one). */
  idKey: string | null;
  /** With a seed, each row left in the draw gets its lottery number too. */
  seed: string | null;
  /** How the timestamps' dates are read (core/date-order.ts timestampOrder; the config's dateFormat before nest-draw/4). */
  timestampFormat: DateFormat;
}

export function editionFor(plan: JudgePlan): Edition {
  return editionOf(plan.algorithm)!;
}

/** The plan's keyed hash of pseudonyms (io/pseudonyms.ts), or null when its IDs are not pseudonyms. */
export function keyedFor(plan: JudgePlan): Keyed | null {
  return plan.idKey === null ? null : keyedHash(plan.idKey);
}

type RowSink = (rowIndex: number, row: Row, verdict: RowVerdict, id: string) => void;

/**
 * The loop, prepared once for a plan: it judges rows [from, to) and, given a seed, puts the lottery number of each
 * row not excluded at numbers[2 * (rowIndex - numbersFrom)].
 */
type JudgeRows = (rows: readonly Row[], from: number, to: number, numbers: Uint32Array | null, numbersFrom: number, sink: RowSink) => void;

function prepareJudge(plan: JudgePlan, keyed: Keyed | null): JudgeRows {
  const judge = compileRules(plan, editionFor(plan).rules);
  const idOf = provisionalIdOf(plan.columns, { edition: editionFor(plan), keyed });
  const seed = plan.seed;
  const numberers = new Map<string, Numberer>(
    seed === null ? [] : plan.config.districts.map((d) => [d.id, numberer(plan.algorithm, seed, d.id)]),
  );
  return (rows, from, to, numbers, numbersFrom, sink) => {
    for (let i = from; i < to; i++) {
      const row = rows[i]!;
      const cells = row.cells;
      const verdict = judge(cells);
      const id = idOf(row, cells, verdict);
      if (numbers !== null && verdict.exclusion === null) numberers.get(verdict.districtId!)!(id, numbers, 2 * (i - numbersFrom));
      sink(i, row, verdict, id);
    }
  };
}

/** Every row's results in this thread: applicants with provisional IDs, what the duplicate rule needs, lottery numbers. */
export class Collected {
  readonly applicants: Applicant[];
  readonly damage: Int32Array;
  /** 1 where a row has a valid email address, whose folded form hashes (fnv1a) to emailHash. */
  readonly hasEmail: Uint8Array;
  readonly emailHash: Int32Array;
  /** Row i's lottery number at [2i] (high half) and [2i + 1], for rows judged with a seed and not excluded. */
  readonly numbers: Uint32Array | null;

  private readonly judgeRows: JudgeRows;

  /** `keyed`: the keyed hash of pseudonyms; tests pass one that makes IDs collide. */
  constructor(
    rows: number,
    private readonly plan: JudgePlan,
    keyed: Keyed | null = keyedFor(plan),
  ) {
    this.judgeRows = prepareJudge(plan, keyed);
    const withNumbers = plan.seed !== null;
    this.applicants = new Array<Applicant>(rows);
    this.damage = new Int32Array(rows);
    this.hasEmail = new Uint8Array(rows);
    this.emailHash = new Int32Array(rows);
    this.numbers = withNumbers ? new Uint32Array(2 * rows) : null;
  }

  /** Judges rows [from, to) here. */
  judge(rows: readonly Row[], from: number, to: number): void {
    this.judgeRows(rows, from, to, this.numbers, 0, (i, row, verdict, id) => {
      this.applicants[i] = applicantOf(verdict, row, i, id);
      this.damage[i] = verdict.damage;
      if (verdict.email !== null) {
        this.hasEmail[i] = 1;
        this.emailHash[i] = fnv1a(verdict.email);
      }
    });
  }

  /** Rows [from, to)'s valid email addresses, into the duplicate search. */
  addEmails(finder: DuplicateFinder, from: number, to: number): void {
    for (let i = from; i < to; i++) if (this.hasEmail[i] === 1) finder.add(i, this.emailHash[i]!);
  }

  /** Takes the rows another thread judged (pack), as if judged here. */
  receive(rows: readonly Row[], p: Packed): void {
    const config = this.plan.config;
    let reason = 0;
    let note = 0;
    for (let i = p.from; i < p.to; i++) {
      const k = i - p.from;
      const row = rows[i]!;
      const code = p.exclusion[k]!;
      const count = p.noteCount[k]!;
      const district = p.district[k]!;
      this.applicants[i] = {
        id: p.ids[k]!,
        line: row.line,
        sheetRow: row.sheetRow,
        rowIndex: i,
        districtId: district < 0 ? null : config.districts[district]!.id,
        categories: p.lists[p.categories[k]!]!,
        named: p.lists[p.named[k]!]!,
        notes: count === 0 ? NONE : p.notes.slice(note, (note += count)),
        exclusion: code === 0 ? null : { code: REASON_CODES[code - 1]!, reason: p.reasons[reason++]! },
      };
    }
    this.damage.set(p.damageCount, p.from);
    this.hasEmail.set(p.hasEmail, p.from);
    this.emailHash.set(p.emailHash, p.from);
    if (this.numbers !== null && p.numbers !== null) this.numbers.set(p.numbers, 2 * p.from);
  }
}

/** Exclusion codes as small numbers: 0 is none, n is REASON_CODES[n - 1]. */
const REASON_CODES = Object.keys(REASONS) as ReasonCode[];
const REASON_NUMBERS = new Map(REASON_CODES.map((code, i) => [code, i + 1]));

/** Rows [from, to) judged by the second thread, as typed arrays and lists: what travels back to this one. */
export interface Packed {
  from: number;
  to: number;
  ids: string[];
  /** Index into config.districts, or -1. */
  district: Int16Array;
  /** Indexes into `lists`, the distinct lists of category ids (lists[0] is the empty one). */
  named: Int32Array;
  categories: Int32Array;
  lists: (readonly string[])[];
  /** 0, or 1 + the exclusion's index in REASON_CODES; `reasons` holds the sentences of excluded rows in order. */
  exclusion: Uint8Array;
  reasons: string[];
  /** How many notes each row has, the first damageCount of them spreadsheet damage; `notes` holds them all in order. */
  noteCount: Int32Array;
  damageCount: Int32Array;
  notes: string[];
  hasEmail: Uint8Array;
  emailHash: Int32Array;
  numbers: Uint32Array | null;
}

/** Judges rows [from, to) and packs the results (the second thread's side of Collected.receive). */
export function judgePacked(rows: readonly Row[], from: number, to: number, plan: JudgePlan): Packed {
  const n = to - from;
  const districts = new Map(plan.config.districts.map((d, i) => [d.id, i]));
  const lists: (readonly string[])[] = [NONE];
  const listNumbers = new Map<string, number>([["", 0]]);
  const known = new Map<readonly string[], number>(); // the rules share one array per distinct list: most are known
  const listNumber = (ids: readonly string[]): number => {
    let number = known.get(ids);
    if (number !== undefined) return number;
    const key = ids.join("\u0000");
    number = listNumbers.get(key);
    if (number === undefined) listNumbers.set(key, (number = lists.push(ids) - 1));
    known.set(ids, number);
    return number;
  };
  const p: Packed = {
    from,
    to,
    ids: new Array<string>(n),
    district: new Int16Array(n).fill(-1),
    named: new Int32Array(n),
    categories: new Int32Array(n),
    lists,
    exclusion: new Uint8Array(n),
    reasons: [],
    noteCount: new Int32Array(n),
    damageCount: new Int32Array(n),
    notes: [],
    hasEmail: new Uint8Array(n),
    emailHash: new Int32Array(n),
    numbers: plan.seed === null ? null : new Uint32Array(2 * n),
  };
  prepareJudge(plan, keyedFor(plan))(rows, from, to, p.numbers, from, (i, _row, verdict, id) => {
    const k = i - from;
    p.ids[k] = id;
    if (verdict.districtId !== null) p.district[k] = districts.get(verdict.districtId)!;
    p.named[k] = listNumber(verdict.named);
    p.categories[k] = listNumber(verdict.categories);
    if (verdict.exclusion !== null) {
      p.exclusion[k] = REASON_NUMBERS.get(verdict.exclusion.code)!;
      p.reasons.push(verdict.exclusion.reason);
    }
    p.noteCount[k] = verdict.notes.length;
    p.damageCount[k] = verdict.damage;
    for (const note of verdict.notes) p.notes.push(note);
    if (verdict.email !== null) {
      p.hasEmail[k] = 1;
      p.emailHash[k] = fnv1a(verdict.email);
    }
  });
  return p;
}

/** The duplicate rule's finder for a plan: its rows read as duplicateReader does, its timestamps as the edition reads them. */
export function duplicateFinder(plan: JudgePlan, rowAt: (rowIndex: number) => Row, rows: number): DuplicateFinder {
  return new DuplicateFinder(
    duplicateReader(rowAt, plan.columns),
    timestampReader(editionFor(plan).timestamps, plan.timestampFormat),
    rows,
  );
}

/** What the duplicate rule reads of row i (core/duplicates.ts), reading only the cells it needs of a row kept as bytes. */
export function duplicateReader(rowAt: (rowIndex: number) => Row, columns: ColumnMap): (rowIndex: number) => DuplicateFacts {
  return (i) => {
    const row = rowAt(i);
    return duplicateFacts(row instanceof SourceRow ? (c) => row.cell(c) : (c) => row.cells[c] ?? "", columns);
  };
}

/** One column's cells, with the row a spreadsheet shows, reading only that cell of a row kept as bytes. */
export function* columnCells(rows: readonly Row[], column: number): Generator<{ row: number; text: string }> {
  for (const row of rows) yield { row: row.sheetRow, text: row instanceof SourceRow ? row.cell(column) : (row.cells[column] ?? "") };
}
