// Seeded synthetic Google Forms exports of NEST applicants, shaped like fixtures/applicants.csv: the
// fixture (600 rows) and the benchmark's files (bench/run.mjs) come from here. Every person is invented.
import seedrandom from "seedrandom";

const FIRST = [
  "Maria",
  "James",
  "Nguyễn",
  "José",
  "Aaliyah",
  "Wei",
  "Fatima",
  "Daniel",
  "Priya",
  "Michael",
  "Sofía",
  "Tyrone",
  "Mei",
  "Olga",
  "Kwame",
  "Emily",
  "Hiroshi",
  "Zoë",
  "Ahmed",
  "Grace",
  "Luis",
  "Chloé",
  "Darnell",
  "Ana",
  "Tomás",
  "Leilani",
  "Sean",
  "Amara",
  "Dmitri",
  "Yesenia",
  "Jamal",
  "Rosa",
  "Kenji",
  "Bethany",
  "Ibrahim",
  "Hannah",
  "Marcus",
  "Linh",
  "Noah",
  "Imani",
];
const LAST = [
  "Garcia",
  "Smith",
  "Tran",
  "Hernández",
  "Johnson",
  "Chen",
  "Khan",
  "O'Brien",
  "Patel",
  "Williams",
  "Lopez",
  "Brown",
  "Nakamura",
  "Ivanova",
  "Mensah",
  "Davis",
  "Kim",
  "Müller",
  "Hassan",
  "Lee",
  "Martinez",
  "Dubois",
  "Jackson",
  "Silva",
  "Nguyen",
  "Kahale",
  "Murphy",
  "Okafor",
  "Petrov",
  "Ramirez",
  "Washington",
  "Flores",
  "Sato",
  "Miller",
  "Ali",
  "Cohen",
  "Thompson",
  "Pham",
];
const DISTRICTS = [
  {
    id: "1",
    label: "District 1 (Natomas)",
    hoods: ["North Natomas", "South Natomas", "Westlake", "Regency Park", "Gardenland"],
    zips: ["95833", "95834", "95835"],
    weight: 16,
  },
  {
    id: "2",
    label: "District 2 (North Sacramento)",
    hoods: ["Del Paso Heights", "Robla", "Hagginwood", "Woodlake", "Noralto"],
    zips: ["95815", "95838"],
    weight: 14,
  },
  {
    id: "3",
    label: "District 3 (Downtown and Midtown)",
    hoods: ["Midtown", "Downtown", "Alkali Flat", "Boulevard Park", "Southside Park"],
    zips: ["95811", "95814", "95816"],
    weight: 24,
  },
  {
    id: "4",
    label: "District 4 (Land Park and Pocket)",
    hoods: ["Land Park", "Curtis Park", "Pocket", "Greenhaven"],
    zips: ["95831", "95818", "95822"],
    weight: 16,
  },
  {
    id: "5",
    label: "District 5 (South Sacramento)",
    hoods: ["Meadowview", "Valley Hi", "Parkway", "North Laguna"],
    zips: ["95823", "95832", "95828"],
    weight: 10,
  },
  {
    id: "6",
    label: "District 6 (East Sacramento and Oak Park)",
    hoods: ["Oak Park", "Tahoe Park", "East Sacramento", "Elmhurst", "McKinley Park"],
    zips: ["95817", "95819", "95824"],
    weight: 20,
  },
];
const CATEGORIES = [
  { label: "Youth (18-25)", weight: 20 },
  { label: "Faith community representative", weight: 12 },
  { label: "Social services / non-profit provider", weight: 14 },
  { label: "Business leader", weight: 10 },
  { label: "Educator", weight: 10 },
  { label: "Community at large", weight: 34 },
];
const WHY = [
  "I want to help build trust between my neighbors and the police.",
  "My son was stopped twice last year. I want to understand, and to be heard.",
  "I run a small business on Broadway, and safety matters to my customers, my staff and me.",
  "As a teacher I see how young people feel about the police.\nI'd like to bring their voices.",
  "Community policing only works if the community is in the room.",
  "",
  "I've lived here 30 years; I have seen what works, and what doesn't.",
  "Our congregation hosts a food pantry; many of our guests are afraid to call 911.",
];

const HEADERS = [
  "Timestamp",
  "Email Address",
  "First name",
  "Last name",
  "Date of birth",
  "Phone number",
  "Police district",
  "Neighborhood",
  "ZIP code",
  "Which group would you represent?",
  "Why do you want to take part?",
];
/**
 * Writes an export of `count` applicants through `write(text)`, in chunks. The same count and seed give
 * the same bytes; the default is the fixture.
 */
export function generateExport({ count = 600, seed = "nest fixture 2018", write }) {
  const rng = seedrandom(seed);
  const pick = (list) => list[Math.floor(rng() * list.length)];
  const chance = (p) => rng() < p;
  const int = (lo, hi) => lo + Math.floor(rng() * (hi - lo + 1));
  const pace = 600 / count;
  const weighted = (items) => {
    const total = items.reduce((s, x) => s + x.weight, 0);
    let r = rng() * total;
    for (const x of items) if ((r -= x.weight) < 0) return x;
    return items[items.length - 1];
  };
  const pad = (n) => String(n).padStart(2, "0");
  const usDate = (y, m, d) => `${m}/${d}/${y}`;
  const daysIn = (y, m) => new Date(Date.UTC(y, m, 0)).getUTCDate();

  function birthDate(age) {
    // Age on the June sessions: born between July (year - age - 1) and June (year - age).
    const y = 2018 - age - (chance(0.5) ? 1 : 0);
    const m = int(1, 12);
    return usDate(y, m, int(1, daysIn(y, m)));
  }
  function csvCell(value) {
    return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
  }

  write(HEADERS.join(",") + "\r\n");
  const batch = [];
  const emails = [];
  let minute = 0;
  for (let i = 0; i < count; i++) {
    // Applications arrive over about six weeks, whatever their number.
    minute += int(5, 140) * pace;
    const whole = Math.floor(minute);
    const date = new Date(Date.UTC(2018, 4, 1) + Math.floor(whole / 1440) * 86400000);
    const stamp = `${date.getUTCMonth() + 1}/${date.getUTCDate()}/${date.getUTCFullYear()} ${Math.floor((whole % 1440) / 60)}:${pad(whole % 60)}:${pad(int(0, 59))}`;
    const first = pick(FIRST);
    const last = pick(LAST);
    const district = weighted(DISTRICTS);
    // A few groups are scarce in some districts, so some places stay unfilled (coordinators must recruit).
    const scarce = { 2: ["Educator"], 5: ["Faith community representative", "Business leader"] }[district.id] ?? [];
    const pool = CATEGORIES.map((c) => (scarce.includes(c.label) ? { ...c, weight: 1 } : c));
    const category = weighted(pool);
    const categories = [category.label];
    if (chance(0.15)) {
      const second = weighted(pool).label;
      if (second !== category.label) categories.push(second);
    }
    const youth = categories.includes("Youth (18-25)");
    const age = youth ? (chance(0.9) ? int(18, 25) : pick([16, 17, 26, 27, 31])) : int(26, 82);
    let email = `${first}.${last}${int(1, 999)}@${pick(["gmail.com", "yahoo.com", "outlook.com", "sbcglobal.net", "comcast.net"])}`
      .normalize("NFD")
      .replace(/[\u0300-\u036f']/g, "")
      .toLowerCase();
    let districtAnswer = chance(0.85) ? district.label : chance(0.5) ? district.id : "I don't know";
    let hood = chance(0.7) ? pick(district.hoods) : "";
    let zip = chance(0.8) ? pick(district.zips) : "";
    let groups = categories.join(", ");

    // The flaws real exports have, at realistic rates.
    const flaw = rng();
    if (flaw < 0.01) email = "";
    else if (flaw < 0.02) email = email.replace("@", " at ");
    else if (flaw < 0.05 && emails.length > 0)
      email = `  ${pick(emails).toUpperCase()} `; // applied twice
    else if (flaw < 0.06) {
      districtAnswer = "7";
      hood = "";
      zip = "";
    } else if (flaw < 0.07) {
      districtAnswer = "I don't know";
      hood = pick(["Carmichael", "Arden-Arcade", "Elk Grove", "Florin"]);
      zip = "";
    } else if (flaw < 0.08) {
      districtAnswer = "I don't know";
      hood = "";
      zip = pick(["95816", "95818", "95820", "95822"]);
    } else if (flaw < 0.09) {
      hood = pick(DISTRICTS.filter((d) => d !== district)).hoods[0];
    } else if (flaw < 0.095) {
      groups = "";
    } else if (flaw < 0.1) {
      groups = pick(["Clergy", "Retired", "Parent"]);
    } else if (flaw < 0.105) {
      districtAnswer = "";
      hood = "";
      zip = "";
    }
    emails.push(email.trim().toLowerCase());
    const why = i === 137 ? '=HYPERLINK("http://example.com/x","Click for details")' : pick(WHY);
    const phone = chance(0.9) ? `(916) ${int(200, 999)}-${String(int(0, 9999)).padStart(4, "0")}` : "";
    batch.push([stamp, email, first, last, birthDate(age), phone, districtAnswer, hood, zip, groups, why].map(csvCell).join(",") + "\r\n");
    if (batch.length === 10000) {
      write(batch.join(""));
      batch.length = 0;
    }
  }
  write(batch.join(""));
}
