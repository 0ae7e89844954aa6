import type { Config } from "./config.js";

/**
 * NEST 2018, Sacramento: the embedded default. Sources and confidence (H/M/L) are from
 * the team's reference notes (docs/sacramento-districts.md); official 2018 boundaries were
 * not available, so every table here can be replaced from nest.config.json.
 */

const session = (date: string) => ({
  date,
  start: "18:00",
  end: "21:00",
  timeZone: "America/Los_Angeles",
  location: null,
});

const names = (confidence: string, list: string[]) => list.map((name) => ({ name, confidence }));
const zips = (confidence: string, list: string[]) => list.map((zip) => ({ zip, confidence }));

export const DEFAULT_CONFIG: Config = {
  program: "Neighborhood Engagement Strategy Talks (NEST) 2018, Sacramento",
  ageAsOf: null,
  dateFormat: "mdy",
  columns: {},
  districts: [
    {
      id: "1",
      name: "Natomas",
      aliases: [],
      session: session("2018-07-11"),
      neighborhoods: names("H", [
        "North Natomas",
        "South Natomas",
        "Natomas Park",
        "Westlake",
        "Regency Park",
        "Northpointe",
        "Natomas Crossing",
        "Gateway Center",
        "Gateway West",
        "Willow Creek",
        "Bannon Creek",
        "Northgate",
        "Gardenland",
      ]),
      zips: zips("H", ["95833", "95834", "95835"]),
    },
    {
      id: "2",
      name: "North Sacramento",
      aliases: [],
      session: session("2018-07-12"),
      neighborhoods: names("M", [
        "Del Paso Heights",
        "Robla",
        "Hagginwood",
        "Noralto",
        "Old North Sacramento",
        "Woodlake",
        "Point West",
        "Cal Expo",
        "Ben Ali",
      ]),
      zips: zips("H", ["95815", "95838"]),
    },
    {
      id: "3",
      name: "Downtown and Midtown",
      aliases: ["Downtown", "Midtown", "Downtown/Midtown"],
      session: session("2018-06-14"),
      neighborhoods: [
        ...names("H", ["Downtown", "Capitol", "Old Sacramento", "Alkali Flat", "Mansion Flats", "Southside Park", "Midtown"]),
        ...names("M", [
          "River District",
          "Railyards",
          "Sutter's Fort",
          "Boulevard Park",
          "Marshall School",
          "New Era Park",
          "Winn Park",
          "Poverty Ridge",
          "Newton Booth",
        ]),
      ],
      zips: [...zips("M", ["95811"]), ...zips("H", ["95814"])],
    },
    {
      id: "4",
      name: "Land Park and Pocket",
      aliases: ["Land Park", "Pocket", "Land Park/Pocket"],
      session: session("2018-06-27"),
      neighborhoods: [
        ...names("H", ["Land Park", "Curtis Park", "Upper Land Park", "Pocket", "Little Pocket", "Greenhaven", "South Land Park"]),
        ...names("L", ["Hollywood Park", "Golf Course Terrace"]),
      ],
      zips: zips("H", ["95831"]),
    },
    {
      id: "5",
      name: "South Sacramento",
      aliases: [],
      session: session("2018-06-28"),
      neighborhoods: names("M", ["Meadowview", "Delta Shores", "Parkway", "Valley Hi", "North Laguna"]),
      zips: zips("M-H", ["95823", "95832"]),
    },
    {
      id: "6",
      name: "East Sacramento and Oak Park",
      aliases: ["East Sacramento", "Oak Park", "East Sac"],
      session: session("2018-06-20"),
      neighborhoods: [
        ...names("M", [
          "Oak Park",
          "Tahoe Park",
          "Colonial Heights",
          "Elmhurst",
          "Avondale",
          "Glen Elder",
          "Tallac Village",
          "Power Inn",
          "East Sacramento",
          "McKinley Park",
          "Fab 40s",
          "River Park",
          "College Greens",
          "College/Glen",
        ]),
        ...names("L", ["Campus Commons"]),
      ],
      zips: [...zips("M-H", ["95817"]), ...zips("M", ["95819", "95824", "95826"])],
    },
  ],
  districtAnswerNote: "Sacramento has six police districts, 1 to 6; 7 and 8 are City Council districts.",
  categories: [
    {
      id: "youth",
      name: "Youth (18-25)",
      aliases: ["Youth", "Youth (ages 18-25)", "Youth aged 18-25", "Young adult"],
      rules: { minAge: 18, maxAge: 25 },
    },
    {
      id: "faith",
      name: "Faith community representative",
      aliases: ["Faith community", "Faith", "Faith-based", "Faith community representatives"],
      rules: {},
    },
    {
      id: "social-services",
      name: "Social services / non-profit provider",
      aliases: ["Social services", "Non-profit", "Nonprofit", "Social services/non-profit", "Social services / non-profit providers"],
      rules: {},
    },
    {
      id: "business",
      name: "Business leader",
      aliases: ["Business", "Business leaders", "Business owner"],
      rules: {},
    },
    {
      id: "educator",
      name: "Educator",
      aliases: ["Educators", "Education", "Teacher"],
      rules: {},
    },
    {
      id: "community",
      name: "Community at large",
      aliases: ["Community", "Community member", "Member of the community at large", "Members of the community at large"],
      rules: {},
    },
  ],
  // The program did not publish team sizes: 2 per group per district is a placeholder. Set the real number here.
  places: { default: 2, overrides: {} },
  outsideCity: {
    neighborhoods: [
      "Arden-Arcade",
      "Carmichael",
      "Rosemont",
      "Florin",
      "Lemon Hill",
      "Fruitridge Pocket",
      "North Highlands",
      "Rio Linda",
      "Vineyard",
      "West Sacramento",
      "Rancho Cordova",
      "Elk Grove",
    ],
    zips: [
      "95605",
      "95608",
      "95624",
      "95652",
      "95660",
      "95670",
      "95673",
      "95691",
      "95742",
      "95757",
      "95758",
      "95830",
      "95841",
      "95842",
      "95843",
      "95864",
    ],
  },
  zipsStraddling: [
    { zip: "95816", districts: ["3", "6"] },
    { zip: "95818", districts: ["4", "3"] },
    { zip: "95820", districts: ["6", "4", "5"] },
    { zip: "95822", districts: ["4", "5"] },
    { zip: "95828", districts: ["6", "5"] },
  ],
  zipsNeedReview: [
    ...["95821", "95825", "95827", "95829", "95836", "95837"].map((zip) => ({ zip, why: "mostly outside the city" })),
    ...["95812", "95813", "95840", "95851", "95852", "95853", "95860", "95865", "95866", "95867", "95894", "95899"].map((zip) => ({
      zip,
      why: "a PO-box ZIP code with no geography",
    })),
  ],
};
