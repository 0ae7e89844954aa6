import type { FileIdentity } from "../io/write-outputs.js";
import type { RunContext } from "../pipeline/pool.js";

/** What a command may touch besides the file system (through src/io): given by cli.ts, replaced in tests. */
export interface CommandContext extends RunContext {
  writeOut: (text: string) => void;
  writeErr: (text: string) => void;
  /** Colour on standard error (a terminal, and not turned off). */
  color: boolean;
  /** A fresh seed from the operating system's secure random source. */
  randomSeed: () => string;
  /** A fresh secret key (32 hexadecimal digits) from the same source, for nest init's applicantIdKey. */
  randomKey: () => string;
  /** The file standard input is redirected from, if it is one. */
  stdinFile: () => FileIdentity | null;
  version: string;
}
