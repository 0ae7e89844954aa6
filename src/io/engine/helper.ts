import { Worker, type TransferListItem } from "node:worker_threads";

/**
 * The second thread (worker.ts) of the two-thread engine (two-threads.ts). It takes jobs one after another and
 * answers each with { value } or { error, code }; a failure keeps the error's code (ENOENT...), so the user's
 * message reads as it would from this thread.
 */

/**
 * The worker's module: the built worker.js, or, when this module itself runs from source (the tests, under
 * vitest), worker.ts through tsx (worker-from-source.mjs), so that tests never run a stale build.
 */
const WORKER = import.meta.url.endsWith(".ts")
  ? new URL("./worker-from-source.mjs", import.meta.url)
  : new URL("./worker.js", import.meta.url);

type Answer = { value?: unknown; error?: string; code?: string };

/**
 * The thread: `post` sends a job, `next` waits for the answer to the earliest job not yet answered. It
 * never keeps the process alive while nobody waits for an answer; `close` ends it.
 */
export class Helper {
  private readonly worker: Worker;
  private readonly answers: Answer[] = [];
  private readonly waiting: { resolve: (a: Answer) => void; reject: (e: unknown) => void }[] = [];
  private failure: unknown = null;

  constructor(private readonly name = "nest's second thread") {
    this.worker = new Worker(WORKER);
    this.worker.unref();
    this.worker.on("message", (answer: Answer) => {
      const waiter = this.waiting.shift();
      if (waiter) waiter.resolve(answer);
      else this.answers.push(answer);
      if (this.waiting.length === 0) this.worker.unref();
    });
    const fail = (error: unknown) => {
      this.failure ??= error;
      for (const waiter of this.waiting.splice(0)) waiter.reject(this.failure);
    };
    this.worker.on("error", fail);
    this.worker.on("exit", (code) => fail(new Error(`${this.name} stopped without an answer (exit code ${code})`)));
  }

  post<J extends { kind: string }>(job: J, transfer: TransferListItem[] = []): void {
    this.worker.postMessage(job, transfer);
  }

  async next<T>(): Promise<T> {
    let answer = this.answers.shift();
    if (answer === undefined) {
      if (this.failure !== null) throw this.failure;
      this.worker.ref();
      answer = await new Promise<Answer>((resolve, reject) => this.waiting.push({ resolve, reject }));
    }
    if (answer.error !== undefined) throw Object.assign(new Error(answer.error), { code: answer.code });
    return answer.value as T;
  }

  close(): void {
    void this.worker.terminate();
  }
}
