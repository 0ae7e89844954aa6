import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import type * as Parallel from "../../src/io/parallel-csv.js";
import { makeConfig } from "../helpers/config.js";
import { ROOT, tempDir } from "../helpers/run.js";

// The worker thread runs the built module (dist/io/csv-worker.js): npm test builds before testing. Byte-for-byte
// agreement with one thread is checked end to end (test/e2e.test.ts); this checks the thread's own answers.
const { runWaitlistJob } = (await import(pathToFileURL(join(ROOT, "dist", "io", "parallel-csv.js")).href)) as typeof Parallel;

function job(path: string): Parallel.WaitlistJob {
  return {
    headers: ["Name"],
    config: makeConfig(),
    options: { bom: false, escapeFormulas: true },
    path,
    bytes: new Uint8Array(new SharedArrayBuffer(1)),
    delimiter: ",",
    rows: { start: new Int32Array(0), end: new Int32Array(0), flags: new Uint8Array(0) },
    cellRows: [],
    draws: [],
  };
}

describe("the waitlist thread", () => {
  it("writes its file and answers with the file's SHA-256", async () => {
    const path = join(tempDir(), "waitlist.csv");
    const hash = await runWaitlistJob(job(path));
    const bytes = readFileSync(path);
    expect(bytes.toString("utf8")).toBe("District,District name,Category,Position,Applicant ID,Name\r\n");
    expect(hash).toBe(createHash("sha256").update(bytes).digest("hex"));
  });

  it("passes a failure back with its code, for the message the user sees", async () => {
    await expect(runWaitlistJob(job(join(tempDir(), "no such folder", "waitlist.csv")))).rejects.toMatchObject({ code: "ENOENT" });
  });
});
