import type { Config } from "./config.js";
import { placesFor } from "./places.js";
import type { Applicant } from "./applicant.js";
import { idsOf, type DistrictDraw } from "./draw.js";
import type { Edition } from "./edition.js";
import type { columnsRecord } from "./headers.js";
import { REASONS, type ReasonCode } from "./reasons.js";

/**
 * Counts per district and category, and the audit record of a draw. Pure: hashes, the tool
 * version and the seed's origin are passed in, so the same inputs give byte-identical JSON.
 */

export interface CategoryCounts {
  id: string;
  name: string;
  /** Placed in this district and named this category (eligible or not). */
  applicants: number;
  eligible: number;
  places: number;
  seated: number;
  waitlisted: number;
  /** More eligible applicants than places: the lottery decided. */
  lottery: boolean;
}

export interface DistrictCounts {
  id: string;
  name: string;
  applicants: number;
  eligible: number;
  excludedByReason: Partial<Record<ReasonCode, number>>;
  categories: CategoryCounts[];
}

export interface Counts {
  records: number;
  eligible: number;
  seated: number;
  waitlisted: number;
  excluded: number;
  excludedByReason: Partial<Record<ReasonCode, number>>;
  /** Excluded before a district could be found. */
  unplaced: number;
  districts: DistrictCounts[];
}

export function countResults(applicants: readonly Applicant[], draws: readonly DistrictDraw[] | null, config: Config): Counts {
  // One pass over the applicants: this runs on a million rows.
  interface Tally {
    applicants: number;
    eligible: number;
    reasons: Map<ReasonCode, number>;
    named: Map<string, number>;
    eligibleIn: Map<string, number>;
  }
  const tally = (): Tally => ({ applicants: 0, eligible: 0, reasons: new Map(), named: new Map(), eligibleIn: new Map() });
  const total = tally();
  const byDistrict = new Map(config.districts.map((d) => [d.id, tally()]));
  let unplaced = 0;
  const bump = <K>(map: Map<K, number>, key: K) => map.set(key, (map.get(key) ?? 0) + 1);
  for (const a of applicants) {
    const here = a.districtId === null ? undefined : byDistrict.get(a.districtId);
    if (a.districtId === null) unplaced++;
    for (const t of here ? [total, here] : [total]) {
      t.applicants++;
      if (a.exclusion) bump(t.reasons, a.exclusion.code);
      else t.eligible++;
      for (const id of a.named) bump(t.named, id);
      if (!a.exclusion) for (const id of a.categories) bump(t.eligibleIn, id);
    }
  }
  const byReason = (t: Tally) => {
    const counts: Partial<Record<ReasonCode, number>> = {};
    for (const code of Object.keys(REASONS) as ReasonCode[]) if (t.reasons.has(code)) counts[code] = t.reasons.get(code)!;
    return counts;
  };
  const drawOf = new Map((draws ?? []).map((d) => [d.districtId, d]));
  let seated = 0;
  for (const d of draws ?? []) for (const c of d.categories) seated += c.seated.length;

  const districts = config.districts.map((d): DistrictCounts => {
    const t = byDistrict.get(d.id)!;
    const draw = drawOf.get(d.id);
    return {
      id: d.id,
      name: d.name,
      applicants: t.applicants,
      eligible: t.eligible,
      excludedByReason: byReason(t),
      categories: config.categories.map((c): CategoryCounts => {
        const cd = draw?.categories.find((x) => x.categoryId === c.id);
        const eligibleHere = t.eligibleIn.get(c.id) ?? 0;
        const places = placesFor(config, d.id, c.id);
        return {
          id: c.id,
          name: c.name,
          applicants: t.named.get(c.id) ?? 0,
          eligible: eligibleHere,
          places,
          seated: cd?.seated.length ?? 0,
          waitlisted: cd?.waitlist.length ?? 0,
          lottery: eligibleHere > places,
        };
      }),
    };
  });
  return {
    records: applicants.length,
    eligible: total.eligible,
    seated,
    waitlisted: draws === null ? 0 : total.eligible - seated,
    excluded: applicants.length - total.eligible,
    excludedByReason: byReason(total),
    unplaced,
    districts,
  };
}

export interface AuditInput {
  edition: Edition;
  version: string;
  seed: string;
  seedSource: string;
  /**
   * file: the export's name; path: as given on the command line, for verify to find it again; source: how it was
   * read ("csv"), with what the source records of it (the encoding and delimiter of a CSV file).
   */
  input: { file: string; path: string; source: string; sha256: string; bytes: number; record: Record<string, string | number> };
  /**
   * The config as drawn with, exactly as recorded (a JSON value), and the SHA-256 of its JSON: verify passes the
   * recorded value through untouched, so a later version's new config fields never change an earlier audit.
   */
  config: { source: string; sha256: string; effective: unknown };
  /** How the files were written, so verify can write them again byte for byte. */
  options: { encoding: string | null; bom: boolean; escapeFormulas: boolean };
  /** The columns read, each role's header and how it was found (core/headers.ts columnsRecord): nest-audit/3 on. */
  columns: ReturnType<typeof columnsRecord>;
  /** The hash of the commitment the pool was checked against (nest draw --commitment), if any. */
  commitment: string | null;
  applicants: readonly Applicant[];
  draws: readonly DistrictDraw[];
  /** countResults(applicants, draws, config), computed once by the caller. */
  counts: Counts;
  /** The SHA-256 of each file written, by name: the last field, so that the rest can be written out first. */
  outputs: Record<string, string>;
}

/** The audit record of a draw, laid out as its edition's audit format says (docs/ALGORITHM.md §6). */
export function buildAudit(input: AuditInput) {
  const { edition, counts } = input;
  const drawOf = new Map(input.draws.map((d) => [d.districtId, d]));
  const latest = edition.auditFormat >= 2;
  const { file, path, source, sha256, bytes, record } = input.input;
  return {
    tool: "nest",
    ...(latest ? { format: `nest-audit/${edition.auditFormat}` } : {}),
    version: input.version,
    algorithm: edition.algorithm,
    seed: input.seed,
    seedSource: input.seedSource,
    // nest 0.1.0's layout is written out field by field: what a source records may grow, format 1 may not.
    input: latest
      ? { file, path, source, sha256, bytes, ...record }
      : { file, path, sha256, bytes, encoding: record.encoding, delimiter: record.delimiter },
    ...(edition.auditFormat >= 3 ? { columns: input.columns } : {}),
    config: input.config,
    options: input.options,
    commitment: input.commitment,
    counts: {
      records: counts.records,
      eligible: counts.eligible,
      seated: counts.seated,
      waitlisted: counts.waitlisted,
      excluded: counts.excluded,
      excludedByReason: counts.excludedByReason,
      unplaced: counts.unplaced,
    },
    districts: counts.districts.map((d) => ({
      ...d,
      categories: d.categories.map((c) => ({
        ...c,
        // The ranked order of everyone eligible in this district and category, by Applicant ID.
        order: idsOf(drawOf.get(d.id)?.categories.find((x) => x.categoryId === c.id)?.pool ?? []),
      })),
    })),
    notes: input.applicants.flatMap((a) =>
      a.notes.map((note) =>
        edition.rowNumbers === "line" ? { applicant: a.id, line: a.line, note } : { applicant: a.id, row: a.sheetRow, note },
      ),
    ),
    outputs: input.outputs,
  };
}

export type Audit = ReturnType<typeof buildAudit>;
