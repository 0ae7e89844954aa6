/**
 * The progress line for long runs: on a terminal only, and only once a run has taken about a second,
 * so short runs and piped runs print nothing. It always goes to standard error, never standard output.
 */
export interface Progress {
  /** False for the silent one: callers skip the work of measuring progress nobody will see. */
  live: boolean;
  /** A new phase: "reading", "checking", "drawing", "writing roster.csv". */
  phase(label: string): void;
  /** Rows read so far, and the share of the file that is. */
  rows(count: number, share: number): void;
  /** Clear the line before the summary is printed. */
  finish(): void;
}

export const SILENT: Progress = { live: false, phase() {}, rows() {}, finish() {} };

export function createProgress(write: (text: string) => void, now: () => number, delayMs = 1000): Progress {
  const start = now();
  let label = "";
  let shown = false;
  const show = (text: string) => {
    if (!shown && now() - start < delayMs) return;
    shown = true;
    write(`\r\u001b[K${text}`);
  };
  return {
    live: true,
    phase(next) {
      label = next;
      show(`nest: ${label}...`);
    },
    rows(count, share) {
      show(`nest: ${label}: ${count.toLocaleString("en-US")} rows (${Math.min(100, Math.round(share * 100))}% of the file)`);
    },
    finish() {
      if (shown) write("\r\u001b[K");
      shown = false;
    },
  };
}
