import { describe, expect, it } from "vitest";
import {
  commitmentAdvice,
  commitmentHeadline,
  compareCommitments,
  publicSettings,
  type CommitmentBody2,
} from "../../src/core/commitment.js";

const BASE: CommitmentBody2 = {
  format: "nest-commitment/2",
  algorithm: "nest-draw/6",
  input: { sha256: "a".repeat(64), rows: 600 },
  config: { sha256: "c".repeat(64), settings: { program: "P", places: { default: 2, overrides: { "3": { youth: 1 } } } } },
  pool: [
    {
      district: "3",
      applicants: [
        { id: "NA", categories: ["youth"] },
        { id: "NB", categories: ["youth", "faith"] },
      ],
    },
  ],
};

function changed(change: (c: CommitmentBody2) => void): CommitmentBody2 {
  const c = structuredClone(BASE);
  change(c);
  return c;
}

describe("compareCommitments: what changed since the commitment, in words", () => {
  it("lists a setting the draw reads before session locations, however many of those changed, and says which change no draw", () => {
    // From a trial: six locations cleared and places.default raised gave five locations, no places, and "These change no draw".
    const districts = (location: string | null) =>
      ["1", "2", "3", "4", "5", "6"].map((id) => ({ id, session: { date: "2018-06-14", location } }));
    const base = changed((c) => void (c.config.settings = { ...(c.config.settings as object), districts: districts("Hall") }));
    const both = changed((c) => {
      c.config.sha256 = "d".repeat(64);
      c.config.settings = { program: "P", places: { default: 3, overrides: { "3": { youth: 1 } } }, districts: districts(null) };
    });
    const [difference] = compareCommitments(base, both);
    expect(difference!.text).toMatch(
      /: places\.default changed from 2 to 3; also 6 changes to session locations or notify settings, which change no draw$/,
    );
    expect(difference!.text).not.toContain("These change no draw");
    const locations = changed((c) => {
      c.config.sha256 = "d".repeat(64);
      c.config.settings = { ...(base.config.settings as object), districts: districts(null) };
    });
    const [only] = compareCommitments(base, locations);
    expect(only!.text).toContain('districts[5].session.location changed from "Hall" to null');
    expect(only!.text).toContain("These change no draw");
    // A long list is cut, and says how many more.
    const many = changed((c) => {
      c.config.sha256 = "d".repeat(64);
      c.config.settings = {
        ...(base.config.settings as object),
        districts: ["1", "2", "3", "4", "5", "6", "7", "8", "9", "10"].map((id) => ({ id })),
      };
    });
    expect(compareCommitments(base, many)[0]!.text).toMatch(/; and 2 more; also 6 changes to session locations/);
  });

  it.each([
    [
      "a district's places for a category",
      changed((c) => {
        c.config.sha256 = "d".repeat(64);
        c.config.settings = { program: "P", places: { default: 2, overrides: { "3": { youth: 3 } } } };
      }),
      ["config"],
      /: places for district 3 \/ youth changed from 1 to 3$/,
    ],
    [
      "a place count set where the default applied",
      changed((c) => {
        c.config.sha256 = "d".repeat(64);
        c.config.settings = { program: "P", places: { default: 2, overrides: { "3": { youth: 1, faith: 4 } } } };
      }),
      ["config"],
      /places for district 3 \/ faith changed from 2 \(the default\) to 4$/,
    ],
    [
      "another setting",
      changed((c) => {
        c.config.sha256 = "d".repeat(64);
        c.config.settings = { program: "Q", places: { default: 2, overrides: { "3": { youth: 1 } } } };
      }),
      ["config"],
      /program changed from "P" to "Q"$/,
    ],
    ["only the hash: the key", changed((c) => void (c.config.sha256 = "d".repeat(64))), ["config"], /its applicantIdKey changed/],
    [
      "rows and an applicant added",
      changed((c) => {
        c.input = { sha256: "b".repeat(64), rows: 601 };
        c.pool[0]!.applicants.push({ id: "NC", categories: ["faith"] });
      }),
      ["export", "pool"],
      /district 3: 1 applicant in the pool now was not committed: NC$/,
    ],
    [
      "categories of one applicant",
      changed((c) => void (c.pool[0]!.applicants[1]!.categories = ["faith", "youth"])),
      ["pool"],
      /district 3: the categories of 1 applicant changed: NB \(youth > faith → faith > youth\)$/,
    ],
  ])("%s", (_, now, kinds, last) => {
    const differences = compareCommitments(BASE, now);
    expect(differences.map((d) => d.what)).toEqual(kinds);
    expect(differences[differences.length - 1]!.text).toMatch(last);
    expect(commitmentAdvice(differences, BASE)).toMatch(
      /; or, if the seed does not exist yet, commit again and publish the new hash before it is chosen$/,
    );
  });

  it("none for the same commitment; a headline per kind", () => {
    expect(compareCommitments(BASE, structuredClone(BASE))).toEqual([]);
    expect(commitmentHeadline([{ what: "config", text: "" }])).toBe("the config differs from the committed one");
    expect(
      commitmentHeadline([
        { what: "export", text: "" },
        { what: "pool", text: "" },
      ]),
    ).toBe("the export and the pool differ from the committed ones");
  });

  it("publishes the settings without the applicantIdKey, in their order", () => {
    expect(JSON.stringify(publicSettings({ program: "P", applicantIdKey: "ff".repeat(16), places: {} }))).toBe(
      '{"program":"P","places":{}}',
    );
  });
});
