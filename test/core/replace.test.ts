import { createHash } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { drawDistrict } from "../../src/core/draw.js";
import {
  chainOf,
  entryCells,
  groupsFromLedger,
  ledgerRootText,
  openPlaces,
  replace,
  replayReplacements,
  REPLACE_RULE,
  startState,
  waitlistNow,
  type DrawnGroup,
  type Replacement,
  type ReplacementReason,
} from "../../src/core/replace.js";

const sha256 = (text: string) => createHash("sha256").update(text, "utf8").digest("hex");
const ROOT = "0".repeat(64);

/** District 3: Youth seats A and B, waitlist C, D, E; Faith seats F, waitlist C, E (C named both). */
const GROUPS: DrawnGroup[] = [
  { district: "3", category: "Youth", places: 2, seated: ["A", "B"], waitlist: ["C", "D", "E"] },
  { district: "3", category: "Faith", places: 1, seated: ["F"], waitlist: ["C", "E"] },
  { district: "4", category: "Youth", places: 2, seated: ["G"], waitlist: [] },
];

function run(steps: [ReplacementReason, string][], groups = GROUPS) {
  const state = startState(groups);
  const results = steps.map(([reason, id]) => replace(state, reason, id, ROOT, sha256));
  return { state, results };
}

function seatedBy(steps: [ReplacementReason, string][]): (string | null)[] {
  return run(steps).results.map((r) => (r.ok ? r.replacement.seated : `refused: ${r.problem}`));
}

describe("the replacement rule (docs/ALGORITHM.md §9)", () => {
  it.each([
    ["the first on the waitlist takes the seat", [["DECLINED", "A"]], ["C"]],
    [
      "the next one after them",
      [
        ["DECLINED", "A"],
        ["NO_REPLY", "B"],
      ],
      ["C", "D"],
    ],
    // The worked example of issue 13: C, #1 on Faith's waitlist, was seated in Youth by entry 1, so E is next.
    [
      "a person seated by an earlier entry is passed over",
      [
        ["DECLINED", "A"],
        ["DECLINED", "F"],
      ],
      ["C", "E"],
    ],
    [
      "someone seated by a replacement can decline in turn",
      [
        ["DECLINED", "A"],
        ["DECLINED", "C"],
      ],
      ["C", "D"],
    ],
    ["a seat with nobody free stays unfilled", [["INELIGIBLE", "G"]], [null]],
    [
      "an empty waitlist after others took it",
      [
        ["DECLINED", "F"],
        ["DECLINED", "C"],
        ["DECLINED", "E"],
      ],
      ["C", "E", null],
    ],
  ] as [string, [ReplacementReason, string][], (string | null)[]][])("%s", (_, steps, expected) => {
    expect(seatedBy(steps)).toEqual(expected);
  });

  it("keeps the seat's number and group, and takes the newcomer off every other waitlist", () => {
    const { state, results } = run([["NO_REPLY", "B"]]);
    expect(results[0]).toMatchObject({ ok: true, replacement: { district: "3", category: "Youth", seat: 2, seated: "C", vacated: "B" } });
    expect(state.seats[0]).toEqual(["A", "C"]);
    expect(waitlistNow(state, 0)).toEqual(["D", "E"]);
    expect(waitlistNow(state, 1)).toEqual(["E"]);
  });

  it.each([
    ["someone on a waitlist", [["DECLINED", "D"]], /D holds no seat: they are on the waitlist for Youth in district 3 \(#2\)/],
    [
      "someone twice",
      [
        ["DECLINED", "A"],
        ["NO_REPLY", "A"],
      ],
      /A no longer holds a seat: entry 1 replaced them \(DECLINED\)/,
    ],
    ["an ID nobody has", [["DECLINED", "Z"]], /Z holds no seat and is on no waitlist/],
    [
      "an ID in other capitals",
      [["DECLINED", "a"]],
      /a holds no seat and is on no waitlist; A, written with other capitals, holds one: did you mean A\?/,
    ],
  ] as [string, [ReplacementReason, string][], RegExp][])("refuses %s, changing nothing", (_, steps, message) => {
    const { state, results } = run(steps);
    const last = results.at(-1)!;
    expect(last.ok).toBe(false);
    if (!last.ok) expect(last.problem).toMatch(message);
    expect(state.entries.length).toBe(steps.length - 1);
  });

  it("counts the places left open: unfilled at the draw, and vacated with nobody free", () => {
    expect(openPlaces(startState(GROUPS))).toEqual([{ district: "4", category: "Youth", open: 1 }]);
    expect(openPlaces(run([["INELIGIBLE", "G"]]).state)).toEqual([{ district: "4", category: "Youth", open: 2 }]);
  });

  it("chains each entry to the one before, from the root", () => {
    const { state } = run([
      ["DECLINED", "A"],
      ["DECLINED", "F"],
    ]);
    const [one, two] = state.entries as [Replacement, Replacement];
    expect(entryCells(one)).toEqual(["1", REPLACE_RULE, "DECLINED", "A", "3", "Youth", "1", "C"]);
    expect(one.chain).toBe(sha256(`${ROOT}\n1\u001f${REPLACE_RULE}\u001fDECLINED\u001fA\u001f3\u001fYouth\u001f1\u001fC`));
    expect(two.chain).toBe(chainOf(one.chain, entryCells(two), sha256));
    const other = startState(GROUPS);
    replace(other, "DECLINED", "A", "1".repeat(64), sha256);
    expect(other.entries[0]!.chain).not.toBe(one.chain);
  });
});

describe("replaying a record", () => {
  const honest = run([
    ["DECLINED", "A"],
    ["NO_REPLY", "F"],
    ["INELIGIBLE", "G"],
  ]).state.entries;

  it("replays an honest one to the same state", () => {
    const { state, differences } = replayReplacements(GROUPS, honest, ROOT, sha256);
    expect(differences).toEqual([]);
    expect(state.seats).toEqual(
      run([
        ["DECLINED", "A"],
        ["NO_REPLY", "F"],
        ["INELIGIBLE", "G"],
      ]).state.seats,
    );
  });

  it.each([
    [
      "another person seated",
      (e: Replacement[]) => [{ ...e[0]!, seated: "D" }, ...e.slice(1)],
      /entry 1: Seated is "D"; by the rule it is "C"/,
    ],
    ["another seat", (e: Replacement[]) => [{ ...e[0]!, seat: 2 }, ...e.slice(1)], /entry 1: Seat is "2"; by the rule it is "1"/],
    ["a reason changed", (e: Replacement[]) => [{ ...e[0]!, reason: "NO_REPLY" as const }, ...e.slice(1)], /entry 1: its Chain/],
    ["two entries swapped", (e: Replacement[]) => [e[1]!, e[0]!, e[2]!], /entry 1: numbered 2/],
    [
      "swapped and renumbered",
      (e: Replacement[]) => [{ ...e[1]!, entry: 1 }, { ...e[0]!, entry: 2 }, e[2]!],
      /entry 1: Seated is "E"; by the rule it is "C"/,
    ],
    ["one removed", (e: Replacement[]) => [e[0]!, e[2]!], /entry 2: numbered 3/],
    ["one removed and the rest renumbered", (e: Replacement[]) => [e[0]!, { ...e[2]!, entry: 2 }], /entry 2: its Chain/],
    ["a chain changed", (e: Replacement[]) => [e[0]!, { ...e[1]!, chain: "f".repeat(64) }, e[2]!], /entry 2: its Chain/],
    ["another rule", (e: Replacement[]) => [{ ...e[0]!, rule: "nest-replace/9" }], /rule "nest-replace\/9"/],
  ] as [string, (e: Replacement[]) => Replacement[], RegExp][])("finds %s", (_, tamper, message) => {
    const { differences } = replayReplacements(GROUPS, tamper(honest), ROOT, sha256);
    expect(differences.join("\n")).toMatch(message);
  });

  it("finds a record made for another draw (another root)", () => {
    expect(replayReplacements(GROUPS, honest, "1".repeat(64), sha256).differences[0]).toMatch(/entry 1: its Chain/);
  });
});

describe("the drawn state from a ledger", () => {
  it("reads seats and waitlist positions from the Outcome column", () => {
    const lines = [
      { id: "A", district: "3", category: "Youth", places: 2, outcome: "seated 1" },
      { id: "C", district: "3", category: "Youth", places: 2, outcome: "waitlist 1" },
      { id: "C", district: "3", category: "Faith", places: 1, outcome: "waitlist 1" },
      { id: "F", district: "3", category: "Faith", places: 1, outcome: "seated 1" },
      { id: "B", district: "3", category: "Youth", places: 2, outcome: "seated 2" },
      { id: "B", district: "3", category: "Faith", places: 1, outcome: "seated elsewhere" },
    ];
    expect(groupsFromLedger(lines)).toEqual([
      { district: "3", category: "Youth", places: 2, seated: ["A", "B"], waitlist: ["C"] },
      { district: "3", category: "Faith", places: 1, seated: ["F"], waitlist: ["C"] },
    ]);
  });

  it("roots the chain in the ledger's cells, not its bytes", () => {
    const rows = [
      ["Applicant ID", "District"],
      ["A", "3"],
    ];
    const root = (r: string[][]) => sha256([...ledgerRootText(r)].join(""));
    expect(root(rows)).toBe(sha256("Applicant ID\u001fDistrict\nA\u001f3\n"));
    expect(root([["A", "3"]])).not.toBe(root([["A3"]]));
  });
});

describe("replacements on random draws (property)", () => {
  const CATEGORIES = ["a", "b", "c"];
  const drawArb = fc.record({
    entrants: fc.array(fc.shuffledSubarray(CATEGORIES, { minLength: 1 }), { minLength: 1, maxLength: 30 }),
    places: fc.tuple(fc.nat(4), fc.nat(4), fc.nat(4)),
    seed: fc.string({ maxLength: 8 }),
    picks: fc.array(fc.tuple(fc.constantFrom<ReplacementReason>("DECLINED", "NO_REPLY", "INELIGIBLE"), fc.nat()), { maxLength: 25 }),
  });

  it("never seats anyone twice, never loses anyone, and replays to the same state", () => {
    fc.assert(
      fc.property(drawArb, ({ entrants, places, seed, picks }) => {
        const people = entrants.map((categories, i) => ({ id: `P${i}`, categories }));
        const draw = drawDistrict(
          "nest-draw/5",
          "1",
          people,
          CATEGORIES.map((c, i) => ({ categoryId: c, places: places[i]! })),
          seed,
        );
        const groups: DrawnGroup[] = draw.categories.map((c) => ({
          district: "1",
          category: c.categoryId,
          places: c.places,
          seated: c.seated.map((t) => t.id),
          waitlist: c.waitlist.map((t) => t.id),
        }));
        const state = startState(groups);
        for (const [reason, n] of picks) {
          const holders = [...state.holders.keys()];
          if (holders.length === 0) break;
          const step = replace(state, reason, holders[n % holders.length]!, ROOT, sha256);
          expect(step.ok).toBe(true);
        }
        // Each person is in exactly one place: a seat, out (replaced), or on the waitlists now.
        const seated = state.seats.flat().filter((id): id is string => id !== null);
        expect(new Set(seated).size).toBe(seated.length);
        const waiting = new Set(groups.flatMap((_, g) => waitlistNow(state, g)));
        for (const p of people) {
          const where = [seated.includes(p.id), state.out.has(p.id), waiting.has(p.id)].filter(Boolean).length;
          expect(where, p.id).toBe(1);
        }
        state.seats.forEach((seats, g) => expect(seats.length).toBeLessThanOrEqual(groups[g]!.places));
        const replayed = replayReplacements(groups, state.entries, ROOT, sha256);
        expect(replayed.differences).toEqual([]);
        expect(replayed.state.seats).toEqual(state.seats);
      }),
      { numRuns: 300 },
    );
  });

  it("finds any one cell of any entry changed", () => {
    fc.assert(
      fc.property(
        drawArb,
        fc.nat(),
        fc.nat(7),
        fc.string({ minLength: 1, maxLength: 3 }),
        ({ entrants, places, seed, picks }, which, cell, junk) => {
          const people = entrants.map((categories, i) => ({ id: `P${i}`, categories }));
          const draw = drawDistrict(
            "nest-draw/5",
            "1",
            people,
            CATEGORIES.map((c, i) => ({ categoryId: c, places: places[i]! })),
            seed,
          );
          const groups: DrawnGroup[] = draw.categories.map((c) => ({
            district: "1",
            category: c.categoryId,
            places: c.places,
            seated: c.seated.map((t) => t.id),
            waitlist: c.waitlist.map((t) => t.id),
          }));
          const state = startState(groups);
          for (const [reason, n] of picks) {
            const holders = [...state.holders.keys()];
            if (holders.length === 0) break;
            replace(state, reason, holders[n % holders.length]!, ROOT, sha256);
          }
          fc.pre(state.entries.length > 0);
          const entries = state.entries.map((e) => ({ ...e }));
          const target = entries[which % entries.length]!;
          const keys = ["entry", "rule", "reason", "vacated", "district", "category", "seat", "seated"] as const;
          const key = keys[cell]!;
          const before = JSON.stringify(target);
          if (key === "entry" || key === "seat") target[key] = target[key] + 1 + (junk.length % 3);
          else if (key === "reason") target.reason = target.reason === "DECLINED" ? "NO_REPLY" : "DECLINED";
          else if (key === "seated") target.seated = target.seated === null ? junk : `${target.seated}${junk}`;
          else target[key] = `${target[key]}${junk}`;
          fc.pre(JSON.stringify(target) !== before);
          expect(replayReplacements(groups, entries, ROOT, sha256).differences.length).toBeGreaterThan(0);
        },
      ),
      { numRuns: 300 },
    );
  });
});
