import { readFile, stat } from "node:fs/promises";
import type { Config } from "../core/config.js";
import { fitConfig } from "../core/fit-config.js";
import { ExitCode } from "../errors.js";
import { defaultConfig, formatConfig } from "../io/config-file.js";
import { columnCells } from "../io/engine/judge-rows.js";
import { writeNewFile } from "../io/write-outputs.js";
import { usingExport, type ReadRequest } from "../pipeline/pool.js";
import { defineCommand, flag } from "./command.js";
import type { CommandContext } from "./context.js";
import { inputFlags } from "./flags.js";
import { describeSheet } from "./warnings.js";

/** nest init: write the embedded default config for editing, with a fresh secret key for the Applicant IDs. */
export const command = defineCommand({
  args: [{ name: "file", description: "where to write it", default: "nest.config.json" }],
  flags: {
    force: flag.boolean("--force", "overwrite the file"),
    from: flag.string("--from <export>", "fit the config to this export: its columns, its category answers, its dates"),
    encoding: inputFlags.encoding,
    sheet: inputFlags.sheet,
  },
  async run([path], options, ctx) {
    const fitted =
      options.from === undefined ? null : await fitTo({ input: options.from, encoding: options.encoding, sheet: options.sheet }, ctx);
    const { program, ...rest } = fitted?.config ?? defaultConfig().config;
    const replacedKey = options.force ? await keyIn(path!) : null;
    await writeNewFile(path!, formatConfig({ program, applicantIdKey: ctx.randomKey(), ...rest }), options.force, "a config");
    ctx.writeErr(
      `Wrote ${path}: the NEST 2018 default${fitted === null ? "" : `, fitted to ${options.from}`}, with a secret ` +
        `applicantIdKey of its own (keep the file private). Set "places" to the real team sizes, then use --config ${path}.\n`,
    );
    if (fitted !== null) for (const line of fitted.said) ctx.writeErr(`  ${line}\n`);
    // nest notify's calendar invitations need each session's place (README "Notifying applicants").
    const unplaced = rest.districts.flatMap((d, i) => (d.session.location === null || d.session.location.trim() === "" ? [{ d, i }] : []));
    if (unplaced.length > 0)
      ctx.writeErr(
        `  to do: no session location yet for district${unplaced.length === 1 ? "" : "s"} ${unplaced.map(({ d }) => `${d.id} (${d.name})`).join(", ")}: ` +
          `fill in ${unplaced.map(({ i }) => `districts[${i}].session.location`).join(", ")} before nest notify writes calendar invitations.\n`,
      );
    if (replacedKey !== null) {
      // The key decides every Applicant ID: a new one makes a commitment made with the old config unusable.
      ctx.writeErr(
        `nest: the config replaced held another applicantIdKey, ${replacedKey}: with the new key every Applicant ID ` +
          "differs, and a commitment made with the old config no longer matches. To keep the IDs, put the old key back.\n",
      );
    }
    return ExitCode.ok;
  },
});

/** The applicantIdKey of the config at `path`, if there is one to read there; else null. */
async function keyIn(path: string): Promise<string | null> {
  try {
    const file = await stat(path);
    if (!file.isFile() || file.size > 16 * 1024 * 1024) return null; // not a config nest wrote
    const key = (JSON.parse(await readFile(path, "utf8")) as { applicantIdKey?: unknown }).applicantIdKey;
    return typeof key === "string" && key !== "" ? key : null;
  } catch {
    return null; // none there, or not a config: nothing to warn about
  }
}

/** The default config fitted to an export (core/fit-config.ts), read as check and draw read it. */
async function fitTo(request: ReadRequest, ctx: CommandContext) {
  const base: Config = defaultConfig().config;
  return usingExport(request, ctx, async (read) => {
    const fitted = fitConfig(base, read.table.headers, (column) => columnCells(read.table.rows, column));
    // A workbook: which sheet the config was fitted to (a "Read me" tab first would fit nothing).
    const sheet = read.workbook === undefined ? [] : [describeSheet(read.workbook)];
    return { ...fitted, said: [...sheet, ...fitted.said] };
  });
}
