import { Worker, type TransferListItem } from "node:worker_threads";

/**
 * Work done by a second thread (io/worker.ts), which answers each job with { value } or { error, code }.
 * A failure keeps the error's code (ENOENT...), so the user's message reads as it would from this thread.
 */

type Answer = { value?: unknown; error?: string; code?: string };

/** One job, in a thread started for it. */
export function runInWorker<T>(job: { kind: string }, name: string): Promise<T> {
  const helper = new Helper(name, job);
  return helper.next<T>().finally(() => helper.close());
}

/**
 * A second thread that takes jobs one after another and answers them in order; `next` waits for the
 * answer to the earliest job not yet answered. Ended with `close`, after which it holds nothing open.
 */
export class Helper {
  private readonly worker: Worker;
  private readonly answers: Answer[] = [];
  private readonly waiting: { resolve: (a: Answer) => void; reject: (e: unknown) => void }[] = [];
  private failure: unknown = null;

  constructor(
    private readonly name: string,
    first: { kind: string } | null = null,
  ) {
    this.worker = new Worker(new URL("./worker.js", import.meta.url), { workerData: first });
    this.worker.on("message", (answer: Answer) => {
      const waiter = this.waiting.shift();
      if (waiter) waiter.resolve(answer);
      else this.answers.push(answer);
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
      answer = await new Promise<Answer>((resolve, reject) => this.waiting.push({ resolve, reject }));
    }
    if (answer.error !== undefined) throw Object.assign(new Error(answer.error), { code: answer.code });
    return answer.value as T;
  }

  close(): void {
    void this.worker.terminate();
  }
}
