import type { Applicant } from "./applicant.js";
import type { Config } from "./config.js";
import type { Edition } from "./edition.js";
import { jsonDifferences } from "./json-diff.js";
import { compareCodeUnits } from "./text.js";

/**
 * What is published before the seed exists: the export's and the config's hashes and the pool, each district's
 * eligible Applicant IDs (pseudonymous) with their categories in order of preference (docs/ALGORITHM.md §7).
 *
 * - "nest-commitment/1" (nest-draw/1 to /5): its hash is the SHA-256 of the JSON of everything but the hash, stored in
 *   the file as a last member "hash".
 * - "nest-commitment/2" (nest-draw/6): its hash is the SHA-256 of the file's bytes, what `sha256sum commitment.json`
 *   prints; the file holds no hash of itself. It also holds the export's row count and the config's settings (as
 *   given, without the secret applicantIdKey), so that a difference names the setting that changed.
 *
 * The hashes are computed by the caller (io/commitment-file.ts), so core stays free of crypto.
 */

export const COMMITMENT_FORMAT = "nest-commitment/1";
export const COMMITMENT_FORMAT_2 = "nest-commitment/2";

export type CommittedPool = { district: string; applicants: { id: string; categories: string[] }[] }[];

export interface CommitmentBody {
  format: typeof COMMITMENT_FORMAT;
  algorithm: string;
  input: { sha256: string };
  config: { sha256: string };
  pool: CommittedPool;
}

export interface CommitmentBody2 {
  format: typeof COMMITMENT_FORMAT_2;
  algorithm: string;
  /** The export's SHA-256 and how many rows of applicants it has. */
  input: { sha256: string; rows: number };
  /** The SHA-256 of the config as the draw records it (key included), and its settings without the key. */
  config: { sha256: string; settings: unknown };
  pool: CommittedPool;
}

export type Commitment = CommitmentBody | CommitmentBody2;

/** What a commitment is made of: the export read, the config as recorded (io: recordConfig) and the judged pool. */
export interface CommitmentInput {
  edition: Pick<Edition, "algorithm" | "commitment">;
  applicants: readonly Applicant[];
  config: Config;
  input: { sha256: string; rows: number };
  configRecord: { sha256: string; effective: unknown };
}

export function buildCommitment({ edition, applicants, config, input, configRecord }: CommitmentInput): Commitment {
  const pool = config.districts.map((d) => ({
    district: d.id,
    applicants: applicants
      .filter((a) => a.exclusion === null && a.districtId === d.id)
      .map((a) => ({ id: a.id, categories: [...a.categories] }))
      .sort((x, y) => compareCodeUnits(x.id, y.id)),
  }));
  if (edition.commitment === 1) {
    return {
      format: COMMITMENT_FORMAT,
      algorithm: edition.algorithm,
      input: { sha256: input.sha256 },
      config: { sha256: configRecord.sha256 },
      pool,
    };
  }
  return {
    format: COMMITMENT_FORMAT_2,
    algorithm: edition.algorithm,
    input: { sha256: input.sha256, rows: input.rows },
    config: { sha256: configRecord.sha256, settings: publicSettings(configRecord.effective) },
    pool,
  };
}

/** The config as recorded, without its applicantIdKey: the key keeps Applicant IDs unlinkable and is never published. */
export function publicSettings(recorded: unknown): unknown {
  if (typeof recorded !== "object" || recorded === null || Array.isArray(recorded)) return recorded;
  const { applicantIdKey: _key, ...rest } = recorded as Record<string, unknown>;
  return rest;
}

/**
 * A nest-commitment/2 file's bytes, as `nest commit` writes them and as they are hashed: JSON with two-space
 * indentation, members in the order above, "\n" line ends and one at the end, no byte-order mark.
 */
export function commitmentText(body: CommitmentBody2): string {
  return `${JSON.stringify(body, null, 2)}\n`;
}

/** One way in which the pool or its inputs are not the committed ones. */
export interface CommitmentDifference {
  what: "algorithm" | "config" | "export" | "pool";
  text: string;
}

/** Lists of Applicant IDs are cut to this many, with how many more. */
const SHOWN = 10;

/**
 * What differs between a committed pool and the pool now, in sentences that say what changed and what to do; none
 * only when the two are the same, key for key and in the same order (what the commitment's hash is of: nest verify
 * checks the same). `applicants` (the export as judged now) says where an applicant is in it: the row of one not
 * committed, and what became of one committed who is no longer in the pool.
 */
export function compareCommitments(committed: Commitment, now: Commitment, applicants: readonly Applicant[] = []): CommitmentDifference[] {
  const differences: CommitmentDifference[] = [];
  if (committed.algorithm !== now.algorithm)
    differences.push({
      what: "algorithm",
      text: `the commitment is for algorithm ${committed.algorithm}, this draw uses ${now.algorithm}`,
    });
  if (committed.config.sha256 !== now.config.sha256) differences.push({ what: "config", text: configChanged(committed, now) });
  const committedRows = committed.format === COMMITMENT_FORMAT_2 ? committed.input.rows : null;
  const rowsNow = now.format === COMMITMENT_FORMAT_2 ? now.input.rows : null;
  if (committed.input.sha256 !== now.input.sha256) {
    const rows =
      committedRows !== null && rowsNow !== null
        ? committedRows === rowsNow
          ? ` (${rowsNow} rows, as committed)`
          : `: the export has ${rowsNow} rows, the commitment was made on ${committedRows}`
        : "";
    differences.push({
      what: "export",
      text: `the export changed since the commitment (SHA-256 ${now.input.sha256}, committed ${committed.input.sha256})${rows}`,
    });
  }
  const where = new Map(applicants.map((a) => [a.id, a]));
  const districts = new Set([...committed.pool, ...now.pool].map((p) => p.district));
  let poolChanged = false;
  for (const district of districts) {
    const before = new Map(
      (committed.pool.find((p) => p.district === district)?.applicants ?? []).map((a) => [a.id, a.categories.join(" > ")]),
    );
    const after = new Map((now.pool.find((p) => p.district === district)?.applicants ?? []).map((a) => [a.id, a.categories.join(" > ")]));
    const added = [...after.keys()].filter((id) => !before.has(id));
    const removed = [...before.keys()].filter((id) => !after.has(id));
    const changed = [...after.keys()].filter((id) => before.has(id) && before.get(id) !== after.get(id));
    if (removed.length > 0) {
      poolChanged = true;
      differences.push({
        what: "pool",
        text: `district ${district}: ${count(removed.length)} in the commitment ${removed.length === 1 ? "is" : "are"} not in the pool now: ${listed(removed, (id) => fate(where.get(id), district))}`,
      });
    }
    if (added.length > 0) {
      poolChanged = true;
      differences.push({
        what: "pool",
        text: `district ${district}: ${count(added.length)} in the pool now ${added.length === 1 ? "was" : "were"} not committed: ${listed(added, (id) => rowOf(where.get(id)))}`,
      });
    }
    if (changed.length > 0) {
      poolChanged = true;
      differences.push({
        what: "pool",
        text: `district ${district}: the categories of ${count(changed.length)} changed: ${listed(changed, (id) => `${before.get(id)} → ${after.get(id)}`)}`,
      });
    }
  }
  // Not one committed ID in the pool now: another key (every pseudonym changes) or another export, not a list of all.
  const ids = (pool: CommittedPool) => new Set(pool.flatMap((p) => p.applicants.map((a) => a.id)));
  const [was, is] = [ids(committed.pool), ids(now.pool)];
  if (poolChanged && was.size > 0 && is.size > 0 && ![...was].some((id) => is.has(id))) {
    const kept = differences.filter((d) => d.what !== "pool");
    differences.length = 0;
    differences.push(...kept, {
      what: "pool",
      text:
        `none of the ${was.size} committed Applicant IDs is in the pool now (${is.size} applicants): the IDs were made with another ` +
        "applicantIdKey (another config), or this is another export",
    });
  }
  // The same people, written otherwise: nest commit never writes a pool so, and the hash is of what is written.
  if (!poolChanged && JSON.stringify(committed.pool) !== JSON.stringify(now.pool)) {
    differences.push({
      what: "pool",
      text: "the committed pool lists the same applicants otherwise than nest commit writes them (order, repeats or districts)",
    });
  }
  if (differences.length === 0 && JSON.stringify(committed) !== JSON.stringify(now)) {
    differences.push({
      what: "pool",
      text: "the commitment holds the same pool, config and export otherwise than nest commit writes them",
    });
  }
  return differences;
}

/**
 * What to do, once the differences are said: a draw is made from what was committed, or the pool is committed again
 * before the seed exists (never after: a pool fixed once the seed is known can be chosen to favour someone).
 */
export function commitmentAdvice(differences: readonly CommitmentDifference[], committed: Commitment): string {
  const use: string[] = [];
  if (differences.some((d) => d.what === "config")) use.push(`the config you committed (SHA-256 ${committed.config.sha256})`);
  if (differences.some((d) => d.what === "export" || d.what === "pool"))
    use.push(`the export you committed (SHA-256 ${committed.input.sha256})`);
  if (differences.some((d) => d.what === "algorithm")) use.push(`nest's algorithm ${committed.algorithm}`);
  return (
    `draw with ${use.join(" and ") || "what you committed"}; or, if the seed does not exist yet, commit again and publish the ` +
    "new hash before it is chosen"
  );
}

/** The kinds of difference, for a headline: "the config and the pool changed". */
export function commitmentHeadline(differences: readonly CommitmentDifference[]): string {
  const kinds = (["algorithm", "config", "export", "pool"] as const).filter((k) => differences.some((d) => d.what === k));
  const names = kinds.map((k) => ({ algorithm: "the algorithm", config: "the config", export: "the export", pool: "the pool" })[k]);
  const list = names.length <= 1 ? (names[0] ?? "nothing") : `${names.slice(0, -1).join(", ")} and ${names[names.length - 1]}`;
  return `${list} ${names.length === 1 ? "differs" : "differ"} from the committed ${names.length === 1 ? "one" : "ones"}`;
}

function configChanged(committed: Commitment, now: Commitment): string {
  const head = `the config changed since the commitment (SHA-256 ${now.config.sha256}, committed ${committed.config.sha256})`;
  if (committed.format !== COMMITMENT_FORMAT_2 || now.format !== COMMITMENT_FORMAT_2) return head;
  // Every setting that changed, those a draw reads first: a list cut short must not hide the one that matters.
  const found = jsonDifferences(committed.config.settings, now.config.settings, 10_000, true);
  // The settings are the same: what the hash covers besides is the key, which the commitment does not publish.
  if (found.length === 0)
    return `${head}: its applicantIdKey changed (the commitment does not publish the key; every Applicant ID changes with it)`;
  const defaults = [committed.config.settings, now.config.settings].map(
    (s) => (s as { places?: { default?: unknown } } | null)?.places?.default,
  );
  // Session locations and notify's settings, which the draw never reads.
  const drawless = (d: (typeof found)[number]) =>
    d.path[0] === "notify" || (d.path[0] === "districts" && d.path[2] === "session" && d.path[3] === "location");
  const [drawn, other] = [found.filter((d) => !drawless(d)), found.filter(drawless)];
  const say = (list: typeof found) => {
    const shown = list.slice(0, SETTINGS_SHOWN).map((d) => settingChanged(d.path, d.before, d.after, defaults));
    return list.length > SETTINGS_SHOWN ? [...shown, `and ${list.length - SETTINGS_SHOWN} more`] : shown;
  };
  if (drawn.length === 0)
    return (
      `${head}: ${say(other).join("; ")}. These change no draw, but they change the config the pool was committed with: keep ` +
      "them out of the config you draw with, and give a copy that has them to nest notify --config FILE after the draw"
    );
  const also =
    other.length === 0
      ? ""
      : `; also ${other.length === 1 ? "1 change" : `${other.length} changes`} to session locations or notify settings, which change no draw`;
  return `${head}: ${say(drawn).join("; ")}${also}`;
}

/** Settings changed in a config are listed up to this many, with how many more. */
const SETTINGS_SHOWN = 8;

/** "places for district 3 / youth changed from 2 to 3", "places.default changed from 2 to 3". */
function settingChanged(path: readonly (string | number)[], before: unknown, after: unknown, defaults: unknown[]): string {
  // A district's places for a category not set is the default: say so, rather than "added".
  if (path[0] === "places" && path[1] === "overrides" && path.length === 4) {
    const was = before === undefined && defaults[0] !== undefined ? `${show(defaults[0])} (the default)` : show(before);
    const is = after === undefined && defaults[1] !== undefined ? `${show(defaults[1])} (the default)` : show(after);
    if (was !== "(not set)" && is !== "(not set)") return `places for district ${path[2]} / ${path[3]} changed from ${was} to ${is}`;
  }
  const name =
    path[0] === "places" && path[1] === "overrides" && path.length === 4
      ? `places for district ${path[2]} / ${path[3]}`
      : path[0] === "places" && path[1] === "overrides" && path.length === 3
        ? `places for district ${path[2]}`
        : path.length === 0
          ? "the settings"
          : path.map((p, i) => (typeof p === "number" ? `[${p}]` : i === 0 ? p : `.${p}`)).join("");
  if (before === undefined) return `${name} was added (${show(after)})`;
  if (after === undefined) return `${name} was removed (it was ${show(before)})`;
  return `${name} changed from ${show(before)} to ${show(after)}`;
}

function show(v: unknown): string {
  if (v === undefined) return "(not set)";
  const text = JSON.stringify(v);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function count(n: number): string {
  return n === 1 ? "1 applicant" : `${n} applicants`;
}

function listed(ids: readonly string[], about: (id: string) => string): string {
  const shown = ids.slice(0, SHOWN).map((id) => {
    const more = about(id);
    return more === "" ? id : `${id} (${more})`;
  });
  return ids.length > SHOWN ? `${shown.join(", ")} and ${ids.length - SHOWN} more` : shown.join(", ");
}

function rowOf(a: Applicant | undefined): string {
  return a === undefined ? "" : `row ${a.sheetRow}`;
}

/** Where a committed applicant who is not in the district's pool now went: excluded, another district, or gone. */
function fate(a: Applicant | undefined, district: string): string {
  if (a === undefined) return "not in the export now";
  if (a.exclusion !== null) return `row ${a.sheetRow}, excluded now: ${a.exclusion.code}`;
  if (a.districtId !== district) return `row ${a.sheetRow}, in district ${a.districtId ?? "(none)"} now`;
  return `row ${a.sheetRow}`;
}
