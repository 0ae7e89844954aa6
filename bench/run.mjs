#!/usr/bin/env node
// npm run bench [-- --sizes 1000,100000,1000000] [--repeat 3]
// Generates seeded exports shaped like the fixture, runs `nest draw` on each as a whole process, and prints
// rows, wall seconds, peak RSS and rows per second, next to the floor (csv-parse -> csv-stringify of the same
// file, bench/floor.mjs) and, where installed, Miller's shuffle. Figures vary by machine; the ratios matter.
import { spawnSync } from "node:child_process";
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, renameSync, rmSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { generateExport } from "../scripts/generate-export.mjs";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const DATA = join(ROOT, "bench", "data");
const args = process.argv.slice(2);
const sizesArg = args[args.indexOf("--sizes") + 1];
const SIZES = args.includes("--sizes") && sizesArg ? sizesArg.split(",").map(Number) : [1000, 100000, 1000000];
// Runs of each size (`--repeat N`, default 3): the median is reported.
const repeatArg = args[args.indexOf("--repeat") + 1];
const REPEAT = args.includes("--repeat") && repeatArg ? Number(repeatArg) : 3;
const STARTUP_REPEAT = 11; // start-up times are short and noisy: the median of more runs

function exportFile(size) {
  mkdirSync(DATA, { recursive: true });
  const path = join(DATA, `applicants-${size}.csv`);
  if (existsSync(path)) return path;
  const tmp = `${path}.tmp`;
  const fd = openSync(tmp, "w");
  generateExport({ count: size, seed: "nest bench", write: (text) => writeSync(fd, text) });
  closeSync(fd);
  renameSync(tmp, path);
  return path;
}

/** Runs a command once as a whole process: wall seconds, and peak RSS (bytes) where known. */
function runOnce(command, argv, { node = false } = {}) {
  const rssFile = join(tmpdir(), `nest-bench-rss-${process.pid}`);
  const env = { ...process.env, NEST_BENCH_RSS_FILE: rssFile };
  const start = process.hrtime.bigint();
  const result = spawnSync(command, node ? ["--require", join(ROOT, "bench", "max-rss.cjs"), ...argv] : argv, {
    env,
    stdio: ["ignore", "ignore", "pipe"],
    maxBuffer: 1 << 30,
  });
  const wall = Number(process.hrtime.bigint() - start) / 1e9;
  if (result.status !== 0) throw new Error(`${command} ${argv.join(" ")} failed (${result.status}): ${result.stderr}`);
  let rss = null;
  if (node && existsSync(rssFile)) {
    rss = Number(readFileSync(rssFile, "utf8"));
    rmSync(rssFile);
  }
  return { wall, rss };
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/**
 * Runs each command `repeat` times, taking turns (a, b, c, a, b, c, ...), so that a slow spell of a shared
 * machine falls on all of them alike: per command the median wall and the largest peak RSS, and the median of
 * the ratios of the first command's wall to the second's within each turn.
 */
function measureInTurns(commands, repeat) {
  const runs = commands.map(() => []);
  for (let i = 0; i < repeat; i++) commands.forEach((c, k) => runs[k].push(runOnce(c.command, c.argv, c)));
  const results = runs.map((r) => ({
    wall: median(r.map((x) => x.wall)),
    fastest: Math.min(...r.map((x) => x.wall)),
    rss: r.some((x) => x.rss !== null) ? Math.max(...r.map((x) => x.rss ?? 0)) : null,
  }));
  const ratio = runs.length > 1 ? median(runs[0].map((x, i) => x.wall / runs[1][i].wall)) : null;
  return { results, ratio };
}

function measure(command, argv, { repeat = 1, node = false } = {}) {
  return measureInTurns([{ command, argv, node }], repeat).results[0];
}

const hasMiller = spawnSync("mlr", ["--version"]).status === 0;
const work = mkdtempSync(join(tmpdir(), "nest-bench-"));
const rows = [];
const mib = (bytes) => (bytes === null ? "–" : `${Math.round(bytes / 1024 / 1024)} MiB`);

// `nest --version` and `node -e 0` take turns, as nest and the floor do.
const startup = measureInTurns(
  [
    { command: process.execPath, argv: [join(ROOT, "bin", "nest.js"), "--version"], node: true },
    { command: process.execPath, argv: ["-e", "0"], node: true },
  ],
  STARTUP_REPEAT,
);
const [version, bare] = startup.results;
const fixture = measure(
  process.execPath,
  [
    join(ROOT, "bin", "nest.js"),
    "draw",
    join(ROOT, "fixtures", "applicants.csv"),
    "--seed",
    "2018",
    "--out",
    join(work, "fixture"),
    "--force",
  ],
  {
    repeat: STARTUP_REPEAT,
    node: true,
  },
);

for (const size of SIZES) {
  const file = exportFile(size);
  const megabytes = readFileSync(file).length / 1024 / 1024;
  process.stderr.write(`${size} applicants (${megabytes.toFixed(1)} MiB)...\n`);
  const nestCommand = {
    command: process.execPath,
    argv: [join(ROOT, "bin", "nest.js"), "draw", file, "--seed", "1", "--out", join(work, `out-${size}`), "--force"],
    node: true,
  };
  const floorCommand = {
    command: process.execPath,
    argv: [join(ROOT, "bench", "floor.mjs"), file, join(work, `floor-${size}.csv`)],
    node: true,
  };
  const mlrCommand = { command: "mlr", argv: ["--icsv", "--ocsv", "--seed", "1", "shuffle", file] };
  const measured = measureInTurns(hasMiller ? [nestCommand, floorCommand, mlrCommand] : [nestCommand, floorCommand], REPEAT);
  const [nest, floor, mlr = null] = measured.results;
  const ratio = measured.ratio;
  rows.push({ size, megabytes, nest, floor, mlr, ratio });
}

// The same exports as Excel workbooks, saved by LibreOffice Calc (dates detected, so that they are date cells), up to
// 100,000 applicants (Calc takes 9 s to save that one; a form's download is far smaller): nest draw on each.
const soffice = ["soffice", "libreoffice"].find((cmd) => spawnSync(cmd, ["--version"]).status === 0);
const workbooks = [];
for (const size of soffice === undefined ? [] : SIZES.filter((n) => n <= 100000)) {
  const csv = exportFile(size);
  const xlsx = csv.replace(/\.csv$/, ".xlsx");
  if (!existsSync(xlsx)) {
    process.stderr.write(`${size} applicants: saving as .xlsx in LibreOffice Calc...\n`);
    const converted = spawnSync(
      soffice,
      [
        "--headless",
        "--norestore",
        `-env:UserInstallation=file://${join(work, "calc-profile")}`,
        "--infilter=CSV:44,34,76,1,,1033,false,true,false,false,false,-1,true",
        "--convert-to",
        "xlsx",
        "--outdir",
        DATA,
        csv,
      ],
      { stdio: "ignore" },
    );
    if (converted.status !== 0 || !existsSync(xlsx)) throw new Error(`LibreOffice could not save ${csv} as .xlsx`);
  }
  const argv = [join(ROOT, "bin", "nest.js"), "draw", xlsx, "--seed", "1", "--out", join(work, `xlsx-${size}`), "--force"];
  workbooks.push({
    size,
    megabytes: readFileSync(xlsx).length / 1024 / 1024,
    nest: measure(process.execPath, argv, { repeat: REPEAT, node: true }),
  });
}
rmSync(work, { recursive: true, force: true });

const line = (cells) => `| ${cells.join(" | ")} |`;
const out = [
  `nest ${JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")).version}, Node ${process.version}, ${process.platform}/${process.arch}; wall = median of ${REPEAT} runs, nest, the floor and mlr taking turns; nest ÷ floor = median of the turns' ratios`,
  "",
  line([
    "applicants",
    "file",
    "nest wall",
    "nest peak RSS",
    "rows/s",
    "µs/row",
    "floor wall",
    "floor peak RSS",
    "nest ÷ floor",
    hasMiller ? "mlr shuffle" : "mlr shuffle (not installed)",
  ]),
  line(["---:", "---:", "---:", "---:", "---:", "---:", "---:", "---:", "---:", "---:"]),
  ...rows.map((r) =>
    line([
      r.size.toLocaleString("en-US"),
      `${r.megabytes.toFixed(1)} MiB`,
      `${r.nest.wall.toFixed(2)} s`,
      mib(r.nest.rss),
      Math.round(r.size / r.nest.wall).toLocaleString("en-US"),
      ((r.nest.wall / r.size) * 1e6).toFixed(1),
      `${r.floor.wall.toFixed(2)} s`,
      mib(r.floor.rss),
      r.ratio.toFixed(2),
      r.mlr === null ? "–" : `${r.mlr.wall.toFixed(2)} s`,
    ]),
  ),
  "",
  soffice === undefined
    ? "Excel workbooks: not measured (LibreOffice, which saves them, is not installed)."
    : `Excel workbooks (.xlsx, saved by LibreOffice Calc), median of ${REPEAT}: ${workbooks.map((w) => `${w.size.toLocaleString("en-US")} applicants (${w.megabytes.toFixed(1)} MiB) ${w.nest.wall.toFixed(2)} s, ${mib(w.nest.rss)}`).join("; ")}.`,
  "",
  `Start-up, median (fastest) of ${STARTUP_REPEAT}: \`node -e 0\` ${bare.wall.toFixed(3)} s (${bare.fastest.toFixed(3)}); \`nest --version\` ${version.wall.toFixed(3)} s (${version.fastest.toFixed(3)}); \`nest draw\` on the 600-row fixture ${fixture.wall.toFixed(3)} s (${fixture.fastest.toFixed(3)}; ${mib(fixture.rss)}).`,
];
process.stdout.write(`${out.join("\n")}\n`);
