import { describe, expect, it } from "vitest";
import { validateConfig } from "../../src/core/config.js";
import { placesFor } from "../../src/core/places.js";
import { DEFAULT_CONFIG } from "../../src/core/default-config.js";
import { makeConfig } from "../helpers/config.js";

describe("config", () => {
  it("the embedded default is valid and describes NEST 2018", () => {
    const config = makeConfig();
    expect(config.districts.map((d) => [d.id, d.name, d.session.date])).toEqual([
      ["1", "Natomas", "2018-07-11"],
      ["2", "North Sacramento", "2018-07-12"],
      ["3", "Downtown and Midtown", "2018-06-14"],
      ["4", "Land Park and Pocket", "2018-06-27"],
      ["5", "South Sacramento", "2018-06-28"],
      ["6", "East Sacramento and Oak Park", "2018-06-20"],
    ]);
    expect(config.categories.map((c) => c.name)).toEqual([
      "Youth (18-25)",
      "Faith community representative",
      "Social services / non-profit provider",
      "Business leader",
      "Educator",
      "Community at large",
    ]);
    expect(config.districts.every((d) => d.session.location === null && d.session.timeZone === "America/Los_Angeles")).toBe(true);
  });

  it("the embedded default is exactly what validation makes of it, key order included (so it needs no zod at run time)", () => {
    const result = validateConfig(DEFAULT_CONFIG);
    expect(result.ok).toBe(true);
    if (result.ok) expect(JSON.stringify(result.config)).toBe(JSON.stringify(DEFAULT_CONFIG));
  });

  it("places: the default, and overrides per district and category", () => {
    const config = makeConfig({ places: { default: 3, overrides: { "5": { youth: 4 } } } });
    expect(placesFor(config, "5", "youth")).toBe(4);
    expect(placesFor(config, "5", "faith")).toBe(3);
    expect(placesFor(config, "1", "youth")).toBe(3);
  });

  it("reports every problem with its path", () => {
    const bad = structuredClone(DEFAULT_CONFIG) as Record<string, unknown> & { districts: { session: { date: string } }[] };
    bad.districts[2]!.session.date = "2018-02-30";
    bad.places = { default: -1, overrides: { "9": { astronaut: 1 } } };
    bad.surprise = true;
    const result = validateConfig(bad);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.issues).toEqual(
        expect.arrayContaining([
          "districts[2].session.date: is not a real calendar date",
          expect.stringMatching(/^places\.default: /),
          expect.stringMatching(/^\(top level\): .*surprise/),
        ]),
      );
    }
  });

  it("says one thing of a date written otherwise than YYYY-MM-DD", () => {
    const bad = structuredClone(DEFAULT_CONFIG) as Record<string, unknown> & { districts: { session: { date: string } }[] };
    bad.districts[0]!.session.date = "6/29/2018";
    const result = validateConfig(bad);
    expect(result).toEqual({ ok: false, issues: ["districts[0].session.date: must be a date written YYYY-MM-DD"] });
  });

  it("cross-checks ids once the shape is right", () => {
    const result = validateConfig({ ...DEFAULT_CONFIG, places: { default: 2, overrides: { "9": { astronaut: 1 } } } });
    expect(result).toEqual({
      ok: false,
      issues: ['places.overrides.9: no district has id "9"', 'places.overrides.9.astronaut: no category has id "astronaut"'],
    });
  });
});

describe("ids that are names of JavaScript's own properties (issue #11)", () => {
  const districts = makeConfig().districts;
  const prototypal = (overrides: Record<string, Record<string, number>>) =>
    makeConfig({
      districts: [{ ...districts[0]!, id: "constructor" }, { ...districts[1]!, id: "toString" }, ...districts.slice(2)],
      categories: [
        ...makeConfig().categories,
        { id: "length", name: "Length", aliases: [], rules: {} },
        { id: "constructor", name: "Constructors", aliases: [], rules: {} },
      ],
      places: { default: 2, overrides },
    });

  it("are districts and categories like any other: places come from the config, never from an object's prototype", () => {
    const config = prototypal({});
    expect(placesFor(config, "constructor", "length")).toBe(2);
    expect(placesFor(config, "toString", "constructor")).toBe(2);
    expect(placesFor(config, "3", "constructor")).toBe(2);
    const overridden = prototypal({ constructor: { length: 5 }, "3": { constructor: 4 } });
    expect(placesFor(overridden, "constructor", "length")).toBe(5);
    expect(placesFor(overridden, "3", "constructor")).toBe(4);
    expect(placesFor(overridden, "toString", "youth")).toBe(2);
  });

  it.each([
    ["places.overrides", { places: { default: 2, overrides: JSON.parse('{"__proto__": {"youth": 4}}') } }],
    ["places.overrides.3", { places: { default: 2, overrides: JSON.parse('{"3": {"__proto__": 4}}') } }],
    ["columns", { columns: JSON.parse('{"__proto__": "Email"}') }],
  ])('a "__proto__" key in %s is refused, not dropped', (path, overrides) => {
    const result = validateConfig({ ...DEFAULT_CONFIG, ...overrides });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.issues).toContain(`${path}: "__proto__" cannot be a key here (it is not an id JavaScript can keep)`);
  });
});
