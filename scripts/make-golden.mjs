#!/usr/bin/env node
// Makes the golden draws of this version under test/golden/<version>/ with the built CLI (npm run build
// first): each is a public record that every later version must still verify (test/golden.test.ts). Run it
// once per release that changes what a draw writes, and commit the result; never re-make an old version's.
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { parse } from "csv-parse/sync";
import { stringify } from "csv-stringify/sync";
import { generateExport } from "./generate-export.mjs";

const ROOT = resolve(import.meta.dirname, "..");
const VERSION = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")).version;
const BASE = join(ROOT, "test", "golden", VERSION);
if (existsSync(BASE)) {
  console.error(`${BASE} exists: golden draws are never made again (they are what ${VERSION} wrote)`);
  process.exit(2);
}

/** Runs nest in `dir` with paths relative to it, as a coordinator would, so the audit records relative paths. */
function nest(dir, args, input) {
  const result = spawnSync(process.execPath, [join(ROOT, "bin", "nest.js"), ...args], { cwd: dir, input, encoding: "utf8" });
  if (result.status !== 0) throw new Error(`nest ${args.join(" ")} in ${dir}: exit ${result.status}\n${result.stderr}`);
  writeFileSync(join(dir, "commands.txt"), `${readFileSafe(join(dir, "commands.txt"))}nest ${args.map(quote).join(" ")}\n`);
  return result;
}
const readFileSafe = (path) => (existsSync(path) ? readFileSync(path, "utf8") : "");
const quote = (a) => (/^[\w./=-]+$/.test(a) ? a : JSON.stringify(a));

function generated(count, seed) {
  let text = "";
  generateExport({ count, seed, write: (chunk) => void (text += chunk) });
  return text;
}

function folder(name) {
  const dir = join(BASE, name);
  mkdirSync(dir, { recursive: true });
  return dir;
}

// 1. The README's first command: the fixture, the embedded config (a trial draw), a seed given.
{
  const dir = folder("fixture");
  copyFileSync(join(ROOT, "fixtures", "applicants.csv"), join(dir, "applicants.csv"));
  nest(dir, ["draw", "applicants.csv", "--seed", "2018", "--out", "draw"]);
}

// 2. A seed ceremony: a config file of its own, a commitment, dice, --no-bom.
{
  const dir = folder("ceremony");
  writeFileSync(join(dir, "applicants.csv"), generated(300, "golden ceremony"));
  nest(dir, ["init", "nest.config.json"]);
  const config = JSON.parse(readFileSync(join(dir, "nest.config.json"), "utf8"));
  config.places = { default: 3, overrides: { 3: { youth: 5, community: 4 }, 5: { business: 1 } } };
  writeFileSync(join(dir, "nest.config.json"), `${JSON.stringify(config, null, 2)}\n`);
  nest(dir, ["commit", "applicants.csv", "--config", "nest.config.json"]);
  nest(dir, [
    "draw",
    "applicants.csv",
    "--config",
    "nest.config.json",
    "--commitment",
    "commitment.json",
    "--seed",
    "4 8 1 5 9 2",
    "--seed-source",
    "dice rolled at the June 14 meeting",
    "--no-bom",
    "--out",
    "draw",
  ]);
}

// 3. An export with its own ID column, saved by Excel on Windows: semicolons, Windows-1252, day/month dates,
// answers over several lines; written without formula escaping, read with --encoding and --date-format.
{
  const dir = folder("id-column-1252");
  const records = parse(generated(120, "golden id column"));
  const converted = records.map((r, i) =>
    i === 0 ? ["Response ID", ...r] : [String(1000 + i), ...r.map((c) => c.replace(/^(\d{1,2})\/(\d{1,2})\/(\d{4})$/, "$2/$1/$3"))],
  );
  const dmy = stringify(converted, { delimiter: ";", record_delimiter: "\r\n", quoted_match: /\n/ }).split("\r\n").slice(0, -1);
  writeFileSync(join(dir, "applicants.csv"), Buffer.from(dmy.join("\r\n") + "\r\n", "latin1"));
  nest(dir, [
    "draw",
    "applicants.csv",
    "--encoding",
    "windows-1252",
    "--date-format",
    "dmy",
    "--no-formula-escape",
    "--seed",
    "dés 3 1 4",
    "--out",
    "draw",
  ]);
}

// 4. Every reason code, notes and spreadsheet damage, blank lines and line breaks in cells, duplicates with and
// without timestamps, identical rows without an address: what every rule decides and says, pinned (added in 0.2.0).
{
  const dir = folder("every-reason");
  const header = [
    "Timestamp",
    "Email Address",
    "Name",
    "Date of birth",
    "Age",
    "Police district",
    "Neighborhood",
    "ZIP code",
    "Which group would you represent?",
    "Phone",
  ];
  const rows = [
    ["6/1/2018 9:00:00", "ok.one@example.org", "Ok One", "1/1/1980", "", "3", "", "", "Educator", ""],
    ["6/1/2018 9:01:00", "", "No Email", "1/1/1980", "", "3", "", "", "Educator", ""],
    ["6/1/2018 9:02:00", "not an email", "Bad Email", "1/1/1980", "", "3", "", "", "Educator", ""],
    ["6/1/2018 9:03:00", "Ok.One@Example.org", "Second Time", "1/1/1980", "", "3", "", "", "Educator", ""],
    ["6/1/2018 9:04:00", "conflict@example.org", "Con Flict", "1/1/1980", "", "3", "Oak Park", "", "Educator", ""],
    ["6/1/2018 9:05:00", "seven@example.org", "Council Seven", "1/1/1980", "", "7", "", "", "Educator", ""],
    ["6/1/2018 9:06:00", "straddle@example.org", "Strad Dle", "1/1/1980", "", "", "", "95816", "Educator", ""],
    ["6/1/2018 9:07:00", "review@example.org", "Re View", "1/1/1980", "", "", "", "95821", "Educator", ""],
    ["6/1/2018 9:08:00", "outside@example.org", "Out Side", "1/1/1980", "", "", "Carmichael", "", "Educator", ""],
    ["6/1/2018 9:09:00", "unknown@example.org", "Un Known", "1/1/1980", "", "I don't know", "", "", "Educator", ""],
    ["6/1/2018 9:10:00", "nocat@example.org", "No Cat", "1/1/1980", "", "3", "", "", "", ""],
    ["6/1/2018 9:11:00", "astro@example.org", "Astro Naut", "1/1/1980", "", "3", "", "", "Astronaut", ""],
    ["6/1/2018 9:12:00", "noage@example.org", "No Age", "", "", "3", "", "", "Youth (18-25)", ""],
    ["6/1/2018 9:13:00", "agecon@example.org", "Age Conflict", "6/15/1995", "40", "3", "", "", "Youth (18-25)", ""],
    ["6/1/2018 9:14:00", "old@example.org", "Too Old", "1/1/1960", "", "3", "", "", "Youth (18-25)", ""],
    [
      "6/1/2018 9:15:00",
      "young@example.org",
      "Young One",
      "6/14/2000",
      "",
      "6",
      "Oak Park",
      "95817",
      "Youth (18-25), Astronaut",
      "9.16555E+09",
    ],
    ["6/1/2018 9:16:00", "mixed@example.org", "Mixed Ages", "1/1/1960", "", "3", "", "", "Youth (18-25), Community at large", "#N/A"],
    ["6/1/2018 9:17:00", "placed@example.org", "Placed Note", "1/1/1980", "", "7", "Oak Park", "", "Business leader", ""],
    ["", "twice@example.org", "Twice First", "1/1/1980", "", "2", "", "", "Faith community representative", ""],
    ["", "TWICE@example.org", "Twice Second", "1/1/1980", "", "2", "", "", "Faith community representative", ""],
    ["6/1/2018 9:20:00", "", "Same Row", "", "", "", "", "", "", ""],
    ["6/1/2018 9:20:00", "", "Same Row", "", "", "", "", "", "", ""],
    ["6/1/2018 9:21:00", "lines@example.org", "Two\nLines", "1/1/1980", "", "1", "", "95834", "Community at large", "=1+1"],
  ];
  const cell = (c) => (/[",\r\n]/.test(c) ? `"${c.replaceAll('"', '""')}"` : c);
  const lines = [header, ...rows].map((r) => r.map(cell).join(","));
  lines.splice(5, 0, "", ",,,,,,,,,"); // a blank line and a line of commas: rows a spreadsheet shows, not applicants
  writeFileSync(join(dir, "applicants.csv"), `${lines.join("\r\n")}\r\n`);
  nest(dir, ["init", "nest.config.json"]);
  nest(dir, ["check", "applicants.csv", "--config", "nest.config.json"]);
  nest(dir, ["draw", "applicants.csv", "--config", "nest.config.json", "--seed", "every reason", "--out", "draw"]);
}

// 5. The benchmark's 1,000-applicant draw (pinned by hash in 0.1.0's test/pinned-draw.test.ts).
{
  const dir = folder("bench-1000");
  writeFileSync(join(dir, "applicants.csv"), generated(1000, "nest bench"));
  nest(dir, ["draw", "applicants.csv", "--seed", "1", "--out", "draw"]);
}
// 6. Cells a spreadsheet would run after a semicolon, tab, space or line break, IDs that look like formulas or like
// guarded ones, and own columns named as nest's ("Seat" beside "Seat (as submitted)"): added in 0.3.0; from 0.4.0
// (guard 3) also cells that close a quote an import taking "'" as its text delimiter would open. (0.3.0's draw,
// test/golden/0.3.0/formula-cells, was made without those four: the script never makes an old version's again.)
{
  const dir = folder("formula-cells");
  const records = parse(generated(200, "golden formula cells"));
  const ids = ["=x", "'=x", "+1", "'+1", "-2", "'-2", "@a", "'@a", "a;=b", "a;'=b", "a b", "a '-b", "''=y", "x - y"];
  const notes = [
    ...["Hi;=2+2;x", 'a\t=HYPERLINK("http://evil.example","x")', "Hi =1+1", "line\n=4+4", "Smith - Jones", "-5", "call me @ 5pm"],
    ...["x;=1+1';y", "a =1+1' b", "' =1+1'", "p\n=1+1',x"],
  ];
  const rows = records.map((r, i) =>
    i === 0 ? ["ID", "Seat", "Seat (as submitted)", ...r] : [ids[i - 1] ?? `P${i}`, notes[i % notes.length], `t${i}`, ...r],
  );
  writeFileSync(join(dir, "applicants.csv"), stringify(rows, { record_delimiter: "\r\n", quoted_match: /[\r\n]/ }));
  nest(dir, ["init", "nest.config.json"]);
  nest(dir, ["draw", "applicants.csv", "--config", "nest.config.json", "--seed", "formula cells", "--out", "draw"]);
}
// 7. The coordinator's own form (added in 0.5.0): Microsoft Forms' columns (Start and Completion time, an Email of
// "anonymous", an ID column), questions in the coordinator's words, ZIP codes a spreadsheet rewrote, a category
// dropped for age beside one kept, a duplicate; once as CSV and once as the workbook LibreOffice Calc saves of it
// (dates as date cells), drawn from the workbook's sheet "Responses" named by --sheet.
{
  const header = [
    "ID",
    "Start time",
    "Completion time",
    "Email",
    "Name",
    "What is your email?",
    "Your full name",
    "Your date of birth",
    "Home ZIP",
    "Which group are you applying to represent?",
  ];
  const rows = [
    [
      "1",
      "5/9/2018 18:05:01",
      "5/9/2018 18:07:15",
      "anonymous",
      "",
      "ana@example.org",
      "Ana López",
      "3/4/1990",
      "95817.0",
      "Faith community rep.",
    ],
    [
      "2",
      "5/9/2018 18:10:00",
      "5/9/2018 18:12:30",
      "anonymous",
      "",
      "bo@example.org",
      "Bo Chen",
      "12/31/1985",
      "95,817",
      "Business owner or manager",
    ],
    [
      "3",
      "5/9/2018 18:20:00",
      "5/9/2018 18:21:00",
      "anonymous",
      "",
      "cy@example.org",
      "Cy Diaz",
      "7/6/2000",
      "95817",
      "Youth;Community member at large",
    ],
    [
      "4",
      "5/10/2018 9:00:00",
      "5/10/2018 9:03:00",
      "anonymous",
      "",
      "ANA@example.org",
      "Ana López",
      "3/4/1990",
      "95817",
      "Faith community rep.",
    ],
    ["5", "5/10/2018 9:30:00", "5/10/2018 9:31:00", "anonymous", "", "di@example.org", "Di Evans", "2/1/1999", "5817", "Youth"],
    [
      "6",
      "5/10/2018 10:00:00",
      "5/10/2018 10:02:00",
      "anonymous",
      "",
      "ed@example.org",
      "Ed Fox",
      "5/5/1970",
      "95823",
      "Social services / nonprofit",
    ],
    [
      "7",
      "5/10/2018 11:00:00",
      "5/10/2018 11:04:00",
      "anonymous",
      "",
      "fi@example.org",
      "Fi Gray",
      "8/9/1992",
      "95834",
      "Educator (teacher, professor, school staff)",
    ],
  ];
  const csvDir = folder("own-words");
  writeFileSync(join(csvDir, "applicants.csv"), stringify([header, ...rows], { record_delimiter: "\r\n" }));
  nest(csvDir, ["init", "nest.config.json"]);
  nest(csvDir, ["draw", "applicants.csv", "--config", "nest.config.json", "--seed", "own words", "--out", "draw"]);

  const bookDir = folder("workbook");
  // LibreOffice names the sheet after the file: the CSV is saved as Responses.csv, the workbook renamed after.
  writeFileSync(join(bookDir, "Responses.csv"), stringify([header, ...rows], { record_delimiter: "\r\n" }));
  const converted = spawnSync(
    "soffice",
    [
      "--headless",
      "--norestore",
      "--infilter=CSV:44,34,76,1,,1033,false,true,false,false,false,-1,true",
      "--convert-to",
      "xlsx",
      "--outdir",
      bookDir,
      join(bookDir, "Responses.csv"),
    ],
    { encoding: "utf8" },
  );
  if (converted.status !== 0) throw new Error(`LibreOffice (soffice) could not save the workbook: ${converted.stderr}`);
  renameSync(join(bookDir, "Responses.xlsx"), join(bookDir, "applicants.xlsx"));
  rmSync(join(bookDir, "Responses.csv"));
  nest(bookDir, ["init", "nest.config.json"]);
  nest(bookDir, ["check", "applicants.xlsx", "--sheet", "Responses", "--config", "nest.config.json"]);
  nest(bookDir, [
    "draw",
    "applicants.xlsx",
    "--sheet",
    "Responses",
    "--config",
    "nest.config.json",
    "--seed",
    "own words",
    "--out",
    "draw",
  ]);
}
// 8. Replacements after the draw (added in 0.6.0): the fixture drawn, then in two runs of nest replace two declines
// (one of a person a replacement had seated), a no-reply, a seat left unfilled (district 5's one Faith applicant) and
// one found not eligible with a private note. The folder is the state after them; verify replays the record.
{
  const dir = folder("replacements");
  copyFileSync(join(ROOT, "fixtures", "applicants.csv"), join(dir, "applicants.csv"));
  nest(dir, ["draw", "applicants.csv", "--seed", "2018", "--out", "draw"]);
  const seated = (district, category) =>
    parse(readFileSync(join(dir, "draw", "roster.csv")), { bom: true, columns: true })
      .filter((r) => r.District === district && r.Category.startsWith(category))
      .map((r) => r["Applicant ID"]);
  const youth = seated("1", "Youth");
  nest(dir, ["replace", "draw", "--declined", youth[0], "--no-reply", seated("3", "Educator")[1], "--declined", seated("5", "Faith")[0]]);
  const newcomer = seated("1", "Youth").find((id) => !youth.includes(id));
  nest(dir, ["replace", "draw", "--declined", newcomer, "--ineligible", seated("6", "Faith")[0], "--reason", "moved out of the city"]);
}
console.error(`Wrote ${BASE}`);
