#!/usr/bin/env node
// Makes the golden draws of this version under test/golden/<version>/ with the built CLI (npm run build
// first): each is a public record that every later version must still verify (test/golden.test.ts). Run it
// once per release that changes what a draw writes, and commit the result; never re-make an old version's.
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
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

// 1. The README's first command: the fixture, the embedded config, a seed given.
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

// 4. The benchmark's 1,000-applicant draw (pinned by hash in 0.1.0's test/pinned-draw.test.ts).
{
  const dir = folder("bench-1000");
  writeFileSync(join(dir, "applicants.csv"), generated(1000, "nest bench"));
  nest(dir, ["draw", "applicants.csv", "--seed", "1", "--out", "draw"]);
}
console.error(`Wrote ${BASE}`);
