import type { CommandSpec } from "./command.js";

/**
 * The commands, in the order help lists them: a one-line summary each, and the module that declares the rest
 * (its arguments, flags and action), imported only when the command runs (start-up time, issue #5).
 */
export const COMMANDS: readonly { name: string; summary: string; load: () => Promise<{ command: CommandSpec }> }[] = [
  {
    name: "check",
    summary: "check the applicants without a draw: problems to standard output, counts to standard error",
    load: () => import("./check.js"),
  },
  {
    name: "draw",
    summary: "check the applicants and draw the lottery; write roster, waitlist, excluded list, ledger and audit",
    load: () => import("./draw.js"),
  },
  {
    name: "init",
    summary: "write the default config (NEST 2018) to a file for editing, with a fresh secret key",
    load: () => import("./init.js"),
  },
  {
    name: "commit",
    summary: "fix the pool before the seed exists: write a commitment and print its hash to publish",
    load: () => import("./commit.js"),
  },
  {
    name: "replace",
    summary: "after the draw: give a declined seat to the next free person on its waitlist, on a record nest verify replays",
    load: () => import("./replace.js"),
  },
  {
    name: "restore",
    summary: "write a draw's files again as nest wrote them, after a spreadsheet saved them (only when nothing else differs)",
    load: () => import("./restore.js"),
  },
  {
    name: "notify",
    summary: "write a mail-merge file and calendar invitations for a draw's applicants, into the draw's notify/ folder",
    load: () => import("./notify.js"),
  },
  {
    name: "verify",
    summary: "redo a draw from its export, config and seed, and check every file; or check a public ledger with --ledger",
    load: () => import("./verify.js"),
  },
];
