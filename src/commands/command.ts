import type { CommandContext } from "./context.js";

/**
 * How a command declares itself (citty's defineCommand, on commander): its arguments, its flags with their types,
 * and its action, in one place; cli.ts registers it with commander, and the action gets typed options.
 */

/** A flag: commander's flags text and help, its choices and default, and its value's type. */
export interface Flag<T> {
  flags: string;
  description: string;
  choices?: readonly string[];
  default?: string | boolean;
  /** For a flag given several times: how each value joins the ones before (commander's argParser). */
  parse?: (value: string, previous: unknown) => unknown;
  /** The value commander parsed, as the command's option (undefined when not given and without a default). */
  read(value: unknown): T;
}

/** Where each value of a repeated flag came on the command line, across flags: their order is kept (nest replace). */
let position = 0;

export const flag = {
  /** `--seed <seed>`: a string, or undefined when not given. */
  string: (flags: string, description: string): Flag<string | undefined> => ({
    flags,
    description,
    read: (v) => (typeof v === "string" ? v : undefined),
  }),
  /** `--out <dir>` with a default. */
  stringOr: (flags: string, description: string, fallback: string): Flag<string> => ({
    flags,
    description,
    default: fallback,
    read: (v) => (typeof v === "string" ? v : fallback),
  }),
  /** `--force`: false unless given. */
  boolean: (flags: string, description: string): Flag<boolean> => ({ flags, description, default: false, read: (v) => v === true }),
  /** `--no-bom`: true unless given. */
  negatable: (flags: string, description: string): Flag<boolean> => ({ flags, description, read: (v) => v !== false }),
  /** `--declined <id>`, given any number of times: each value with its place on the command line. */
  list: (flags: string, description: string): Flag<{ value: string; at: number }[]> => ({
    flags,
    description,
    parse: (value, previous) => [...(Array.isArray(previous) ? previous : []), { value, at: position++ }],
    read: (v) => (Array.isArray(v) ? (v as { value: string; at: number }[]) : []),
  }),
  /** `--stdout <file>` with a fixed set of values. */
  choice: <C extends string>(flags: string, description: string, choices: readonly C[]): Flag<C | undefined> => ({
    flags,
    description,
    choices,
    read: (v) => ((choices as readonly unknown[]).includes(v) ? (v as C) : undefined),
  }),
};

export type Flags = Record<string, Flag<unknown>>;
export type FlagValues<F extends Flags> = { [K in keyof F]: F[K] extends Flag<infer T> ? T : never };

export interface Argument {
  name: string;
  description: string;
  /** An optional argument's default. */
  default?: string;
}

export interface CommandSpec<F extends Flags = Flags> {
  args: readonly Argument[];
  flags: F;
  run(args: string[], options: FlagValues<F>, ctx: CommandContext): Promise<number>;
}

export function defineCommand<F extends Flags>(spec: CommandSpec<F>): CommandSpec<F> {
  return spec;
}
