import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { Helper } from "../../../src/io/engine/helper.js";
import type { WaitlistJob } from "../../../src/io/engine/waitlist-job.js";
import { makeConfig } from "../../helpers/config.js";
import { tempDir } from "../../helpers/run.js";

// The second thread runs worker.ts from source here (through tsx: helper.ts), never a stale build. Byte-for-byte
// agreement with one thread is checked end to end (test/e2e.test.ts); this checks the thread's own answers.

/** The job's answer, from a thread started for it. */
async function runWaitlistJob(job: WaitlistJob): Promise<string> {
  const helper = new Helper("the waitlist thread");
  try {
    helper.post(job);
    return await helper.next<string>();
  } finally {
    helper.close();
  }
}

function job(path: string): WaitlistJob {
  return {
    kind: "waitlist",
    algorithm: "nest-draw/2",
    headers: ["Name"],
    config: makeConfig(),
    options: { bom: false, guard: 2 },
    path,
    rows: {
      bytes: new Uint8Array(new SharedArrayBuffer(1)),
      delimiter: ",",
      from: 0,
      line: new Int32Array(0),
      sheetRow: new Int32Array(0),
      start: new Int32Array(0),
      end: new Int32Array(0),
      flags: new Uint16Array(0),
      cellRows: [],
    },
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

describe("the eligibility thread", () => {
  it("answers a job it cannot do with an error, and goes on to the next", async () => {
    const helper = new Helper("the eligibility thread");
    try {
      const job = { kind: "duplicates" };
      helper.post(job);
      helper.post(job);
      await expect(helper.next()).rejects.toThrow("a duplicates job came before a judge job");
      await expect(helper.next()).rejects.toThrow("a duplicates job came before a judge job");
    } finally {
      helper.close();
    }
  });

  it("fails what is waiting when the thread ends", async () => {
    const helper = new Helper("the eligibility thread");
    const answer = helper.next();
    helper.close();
    await expect(answer).rejects.toThrow("the eligibility thread stopped without an answer");
  });
});
