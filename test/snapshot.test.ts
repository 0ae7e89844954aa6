import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
// @ts-expect-error: a plain ES module script without types
import { generateExport } from "../scripts/generate-export.mjs";
import { DEFAULT_CONFIG } from "../src/core/default-config.js";
import { CURRENT_EDITION } from "../src/core/edition.js";
import { drawFiles } from "../src/pipeline/draw.js";
import { ROOT, run, tempDir } from "./helpers/run.js";

/**
 * The benchmark's 1,000-applicant draw, whole: every file, committed under test/snapshots/<algorithm>/, so that a
 * change shows the lines that moved. Speed work must not change a byte of what a draw writes (issue #5), and a
 * change meant to alter a draw is a new algorithm identifier (docs/ALGORITHM.md), with a snapshot folder of its
 * own: an edition's snapshot is never made again. NEST_WRITE_SNAPSHOTS=1 writes a missing one.
 */
const FOLDER = join(ROOT, "test", "snapshots", CURRENT_EDITION.algorithm.replace("/", "-"));
const FILES = drawFiles(CURRENT_EDITION);
async function drawBench(env: Record<string, string>): Promise<Record<string, string>> {
  const dir = tempDir();
  const input = join(dir, "applicants.csv");
  let text = "";
  generateExport({ count: 1000, seed: "nest bench", write: (chunk: string) => void (text += chunk) });
  writeFileSync(input, text);
  const config = join(dir, "nest.config.json");
  writeFileSync(config, JSON.stringify({ ...DEFAULT_CONFIG, applicantIdKey: "00112233445566778899aabbccddeeff" }));
  const out = join(dir, "out");
  const result = await run(["draw", input, "--config", config, "--seed", "1", "--out", out], { env });
  expect(result.code).toBe(0);
  const files = Object.fromEntries(FILES.map((name) => [name, readFileSync(join(out, name), "utf8")]));
  // The audit records where the export and config were, and the version: not part of the draw.
  const version = (JSON.parse(files["audit.json"]!) as { version: string }).version;
  if (files["report.html"] !== undefined) files["report.html"] = files["report.html"].replaceAll(`nest ${version}`, "nest (any)");
  files["audit.json"] = files["audit.json"]!.replaceAll(JSON.stringify(input).slice(1, -1), "applicants.csv")
    .replaceAll(JSON.stringify(config).slice(1, -1), "nest.config.json")
    .replace(/"version": "[^"]*"/, '"version": "(any)"');
  return files;
}

describe(`the 1,000-applicant benchmark draw (${CURRENT_EDITION.algorithm})`, () => {
  it.each([
    ["in one thread", {}],
    ["in two threads", { NEST_PARALLEL_BYTES: "1" }],
  ])("writes exactly the snapshot's files, %s", async (_, env) => {
    const files = await drawBench(env);
    if (!existsSync(FOLDER) && process.env.NEST_WRITE_SNAPSHOTS === "1") {
      mkdirSync(FOLDER, { recursive: true });
      for (const [name, text] of Object.entries(files)) writeFileSync(join(FOLDER, name), text);
    }
    if (!existsSync(FOLDER)) throw new Error(`${FOLDER} is missing: a new edition's snapshot is written with NEST_WRITE_SNAPSHOTS=1`);
    for (const name of FILES) expect(files[name], name).toBe(readFileSync(join(FOLDER, name), "utf8"));
  });
});
