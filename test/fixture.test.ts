import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, it } from "vitest";
import { FIXTURES, ROOT } from "./helpers/run.js";

it("fixtures/applicants.csv is exactly what its seeded generator makes", () => {
  const result = spawnSync(process.execPath, [join(ROOT, "scripts", "generate-fixture.mjs")], { encoding: "buffer" });
  expect(result.status).toBe(0);
  expect(result.stdout.equals(readFileSync(join(FIXTURES, "applicants.csv")))).toBe(true);
});
