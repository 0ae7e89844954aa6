import type { Progress } from "../render/progress.js";

/** What a command may touch besides the file system: given by cli.ts, replaced in tests. */
export interface CommandContext {
  writeOut: (text: string) => void;
  writeErr: (text: string) => void;
  readStdin: () => Promise<Uint8Array>;
  /** Colour on standard error (a terminal, and not turned off). */
  color: boolean;
  /** A fresh seed from the operating system's secure random source. */
  randomSeed: () => string;
  version: string;
  /** The progress line (silent unless standard error is a terminal). */
  progress: Progress;
  /**
   * From an export of this many bytes, a run has a second thread (io/threads.ts): it hashes the export,
   * judges part of the rows, finds duplicates and writes waitlist.csv while this one does the rest.
   */
  parallelBytes: number;
}
