import type { Config } from "./config.js";
import type { Exclusion } from "./reasons.js";
import { cleanCell, normalizeKey } from "./text.js";

/**
 * Placing an applicant in a police district, in order: their own answer, their neighbourhood,
 * a ZIP code wholly inside one district. Contradictions and dead ends are exclusions that say
 * what was tried: never a guess. See README "How applicants are placed".
 */

export interface DistrictAnswers {
  district?: string;
  neighborhood?: string;
  zip?: string;
}

export type Placement = { ok: true; districtId: string; notes: string[] } | { ok: false; exclusion: Exclusion };

type ZipInfo =
  | { kind: "district"; districtId: string }
  | { kind: "straddling"; districtIds: string[] }
  | { kind: "review"; why: string }
  | { kind: "outside" };

export interface DistrictIndex {
  ids: Set<string>;
  names: Map<string, string>;
  /** normalised district name or alias -> district id */
  nameKeys: [key: string, districtId: string][];
  neighborhoods: Map<string, string>;
  outsideNeighborhoods: Set<string>;
  zips: Map<string, ZipInfo>;
  answerNote: string;
}

export function buildDistrictIndex(config: Config): DistrictIndex {
  const nameKeys: [string, string][] = [];
  const neighborhoods = new Map<string, string>();
  const zips = new Map<string, ZipInfo>();
  for (const d of config.districts) {
    for (const name of [d.name, ...d.aliases]) nameKeys.push([normalizeKey(name), d.id]);
    for (const n of d.neighborhoods) neighborhoods.set(normalizeKey(n.name), d.id);
    for (const z of d.zips) zips.set(z.zip, { kind: "district", districtId: d.id });
  }
  for (const z of config.zipsStraddling) zips.set(z.zip, { kind: "straddling", districtIds: z.districts });
  for (const z of config.zipsNeedReview) zips.set(z.zip, { kind: "review", why: z.why });
  for (const z of config.outsideCity.zips) zips.set(z, { kind: "outside" });
  // Longest names first, so "East Sacramento and Oak Park" wins over its alias "Oak Park".
  nameKeys.sort((a, b) => b[0].length - a[0].length);
  return {
    ids: new Set(config.districts.map((d) => d.id)),
    names: new Map(config.districts.map((d) => [d.id, d.name])),
    nameKeys,
    neighborhoods,
    outsideNeighborhoods: new Set(config.outsideCity.neighborhoods.map(normalizeKey)),
    zips,
    answerNote: config.districtAnswerNote,
  };
}

type AnswerReading =
  | { kind: "none" }
  | { kind: "district"; districtId: string }
  | { kind: "notDistrict"; text: string }
  | { kind: "contradictory"; text: string; ids: string[] }
  | { kind: "unreadable"; text: string };

/**
 * How a district answer's numbers are read: "first", the number it starts with (nest-draw/1 and /2: "3 or 6" was
 * district 3); "every", every number it holds, so that an answer naming two ("3 or 6", "District 3/4", "1-2") is a
 * contradiction that excludes, never a guess (nest-draw/3).
 */
export type AnswerNumbers = "first" | "every";

// nest-draw/4 also reads "Dist. 4", "Distr 4", "D4", "District number 4" (issue #12: "Dist. 4" was no district).
const NUMBERED = /^(?:police )?(?:district )?(?:no )?(\d+)(?: |$)/;
const NUMBERED_WIDE = /^(?:police )?(?:(?:district|distr|dist|d) ?)?(?:no |number )?(\d+)(?: |$)/;

function readAnswer(raw: string | undefined, index: DistrictIndex, numbers: AnswerNumbers, wide: boolean): AnswerReading {
  const text = cleanCell(raw ?? "");
  if (text === "") return { kind: "none" };
  const key = normalizeKey(text);
  const ids = new Set<string>();
  const number = (wide ? NUMBERED_WIDE : NUMBERED).exec(key);
  if (number) {
    ids.add(String(Number(number[1])));
    if (numbers === "every") for (const word of key.split(" ")) if (/^\d+$/.test(word)) ids.add(String(Number(word)));
  } else if (index.ids.has(key)) ids.add(key);
  const padded = ` ${key} `;
  for (const [name, id] of index.nameKeys) {
    if (padded.includes(` ${name} `)) {
      ids.add(id);
      break;
    }
  }
  const list = [...ids];
  if (list.length === 0) return { kind: "unreadable", text };
  if (list.length > 1) return { kind: "contradictory", text, ids: list };
  const id = list[0]!;
  return index.ids.has(id) ? { kind: "district", districtId: id } : { kind: "notDistrict", text };
}

type NeighborhoodReading =
  | { kind: "none" }
  | { kind: "district"; districtId: string; text: string }
  | { kind: "outside"; text: string }
  | { kind: "unknown"; text: string };

function readNeighborhood(raw: string | undefined, index: DistrictIndex): NeighborhoodReading {
  const text = cleanCell(raw ?? "");
  if (text === "") return { kind: "none" };
  const key = normalizeKey(text);
  const id = index.neighborhoods.get(key);
  if (id !== undefined) return { kind: "district", districtId: id, text };
  if (index.outsideNeighborhoods.has(key)) return { kind: "outside", text };
  return { kind: "unknown", text };
}

type ZipReading = { kind: "none" } | { kind: "unreadable"; text: string } | { kind: "unknown"; zip: string } | ({ zip: string } & ZipInfo);

/**
 * Reads "95814", "95814-1234", and spreadsheet damage: "95814.0", a lost leading zero ("2134" -> "02134"); with
 * `wide` (nest-draw/4) also a ZIP a spreadsheet wrote as a number with a thousands separator ("95,814").
 */
export function parseZip(raw: string, wide = false): string | null {
  const text = cleanCell(raw);
  const match = /^(\d{4,5})(?:-\d{4})?(?:\.0+)?$/.exec(wide ? text.replace(/^(\d{1,2}),(\d{3})(?=$|\.)/, "$1$2") : text);
  return match ? match[1]!.padStart(5, "0") : null;
}

function readZip(raw: string | undefined, index: DistrictIndex, wide: boolean): ZipReading {
  const text = cleanCell(raw ?? "");
  if (text === "") return { kind: "none" };
  const zip = parseZip(text, wide);
  if (zip === null) return { kind: "unreadable", text };
  const info = index.zips.get(zip);
  return info === undefined ? { kind: "unknown", zip } : { zip, ...info };
}

export function assignDistrict(
  answers: DistrictAnswers,
  index: DistrictIndex,
  numbers: AnswerNumbers = "first",
  /** nest-draw/4: "Dist. 4" and "D4" are district 4, and "95,814" is a ZIP code. */
  wide = false,
  /** nest-draw/5: a ZIP code read from other text ("95817.0", "95,817", "5817") says so, in a note or the reason. */
  explainZip = false,
): Placement {
  const answer = readAnswer(answers.district, index, numbers, wide);
  const hood = readNeighborhood(answers.neighborhood, index);
  const zip = readZip(answers.zip, index, wide);
  const label = (id: string) => `district ${id} (${index.names.get(id) ?? "?"})`;
  const tried: string[] = [];
  const notes: string[] = [];
  // The ZIP as the row wrote it, when a spreadsheet's number was read as one ("95817.0", "95,817", "5817").
  const written = explainZip && "zip" in zip ? repairedZip(answers.zip, zip.zip) : null;
  const zipShown = "zip" in zip ? (written === null ? `ZIP ${zip.zip}` : `ZIP ${zip.zip} (written "${written}")`) : "";

  switch (answer.kind) {
    case "district":
      tried.push(`the district answer "${cleanCell(answers.district ?? "")}" is ${label(answer.districtId)}`);
      break;
    case "notDistrict":
      tried.push(`the district answer "${answer.text}" is not a police district${index.answerNote ? ` (${index.answerNote})` : ""}`);
      break;
    case "contradictory":
      return exclude("DISTRICT_CONFLICT", `the district answer "${answer.text}" names ${answer.ids.map(label).join(" and ")}`);
    case "unreadable":
      tried.push(`the district answer "${answer.text}" names no district`);
      break;
    case "none":
      tried.push("no district answer");
  }
  switch (hood.kind) {
    case "district":
      tried.push(`the neighbourhood "${hood.text}" is in ${label(hood.districtId)}`);
      break;
    case "outside":
      tried.push(`the neighbourhood "${hood.text}" is outside the city`);
      break;
    case "unknown":
      tried.push(`the neighbourhood "${hood.text}" is not in the neighbourhood table`);
      break;
    case "none":
      tried.push("no neighbourhood");
  }
  switch (zip.kind) {
    case "district":
      tried.push(`${zipShown} is in ${label(zip.districtId)}`);
      break;
    case "straddling":
      tried.push(`${zipShown} spans districts ${zip.districtIds.join(", ")}`);
      break;
    case "review":
      tried.push(`${zipShown} is ${zip.why}`);
      break;
    case "outside":
      tried.push(`${zipShown} is outside the city`);
      break;
    case "unknown":
      tried.push(`${zipShown} is not in the ZIP table`);
      break;
    case "unreadable":
      tried.push(`"${zip.text}" is not a ZIP code`);
      break;
    case "none":
      tried.push("no ZIP code");
  }
  const what = tried.join("; ");

  // The first definite answer wins, but every other answer must agree with it.
  const claim =
    answer.kind === "district"
      ? answer.districtId
      : hood.kind === "district"
        ? hood.districtId
        : zip.kind === "district"
          ? zip.districtId
          : null;
  if (claim !== null) {
    const disagrees =
      (hood.kind === "district" && hood.districtId !== claim) ||
      hood.kind === "outside" ||
      (zip.kind === "district" && zip.districtId !== claim) ||
      (zip.kind === "straddling" && !zip.districtIds.includes(claim)) ||
      zip.kind === "outside";
    if (disagrees) return exclude("DISTRICT_CONFLICT", `the answers disagree: ${what}`);
    // "I don't know" is common and says nothing; a number that is no police district is worth a look.
    if (answer.kind === "notDistrict") notes.push(`Placed in ${label(claim)} although ${tried[0]}`);
    if (written !== null) notes.push(`The ZIP code "${written}" was read as ${(zip as { zip: string }).zip}`);
    return { ok: true, districtId: claim, notes };
  }
  if (hood.kind === "outside" || zip.kind === "outside") return exclude("OUTSIDE_CITY", what);
  if (answer.kind === "notDistrict") return exclude("DISTRICT_NOT_FOUND", what);
  if (zip.kind === "straddling") return exclude("ZIP_STRADDLES", what);
  if (zip.kind === "review") return exclude("ZIP_NEEDS_REVIEW", what);
  return exclude("DISTRICT_UNKNOWN", what);
}

/** The ZIP's text as written, when it is not the ZIP itself nor its ZIP+4 form (95814-1234); else null. */
function repairedZip(raw: string | undefined, zip: string): string | null {
  const text = cleanCell(raw ?? "");
  return text === zip || (text.startsWith(zip) && /^\d{5}-\d{4}$/.test(text)) ? null : text;
}

function exclude(code: Exclusion["code"], reason: string): Placement {
  return { ok: false, exclusion: { code, reason: capitalise(reason) } };
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
