import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect, it } from "vitest";
// @ts-expect-error: a plain ES module script without types
import { generateExport } from "../scripts/generate-export.mjs";
import { run, tempDir } from "./helpers/run.js";

/**
 * The benchmark's 1,000-applicant draw, pinned: speed work must not change a single byte of what a draw
 * writes (issue #5). Only the audit's record of the export's path (a temp folder) and of the version are left out.
 * If a change is meant to alter the result, it needs a new algorithm identifier (docs/ALGORITHM.md).
 */
it("the 1,000-applicant benchmark draw writes exactly the pinned bytes", async () => {
  const dir = tempDir();
  const file = join(dir, "applicants-1000.csv");
  let text = "";
  generateExport({ count: 1000, seed: "nest bench", write: (chunk: string) => void (text += chunk) });
  writeFileSync(file, text);
  const out = join(dir, "out");
  expect((await run(["draw", file, "--seed", "1", "--out", out])).code).toBe(0);
  const audit = JSON.parse(readFileSync(join(out, "audit.json"), "utf8"));
  delete audit.input.path;
  delete audit.version; // a release bumps it
  const sha = (data: string | Buffer) => createHash("sha256").update(data).digest("hex");
  expect(audit.outputs).toEqual(PINNED.outputs);
  expect(sha(JSON.stringify(audit))).toBe(PINNED.audit);
});

// Recorded from this commit's draw, which the rest of the suite checks rule by rule.
const PINNED = {
  outputs: {
    "roster.csv": "b7d2136c828a5f779f9e3c5bba25887ea5d6421b3909e172c95a14a3ec624e38",
    "waitlist.csv": "cbb2812256c318b973f75c843df4f484bd1550738da661e6492dda984b06b0dd",
    "excluded.csv": "1fdfd34e7e001c4e11b4c59e57133bbfd2d146485f30822ba2de3f2976962ef7",
    "ledger.csv": "428378c11cb527c71ddc75552bf07f1f31853665153d0fa5a245b9f99aa262ec",
  },
  audit: "8648c702a02dbc8e226e0967ff75dd839d1e539298ee859497b1045cab8d1daa",
};
