import { readFile, stat } from "node:fs/promises";
import { ExitCode } from "../errors.js";
import { defaultConfig, formatConfig } from "../io/config-file.js";
import { writeNewFile } from "../io/write-outputs.js";
import { defineCommand, flag } from "./command.js";

/** nest init: write the embedded default config for editing, with a fresh secret key for the Applicant IDs. */
export const command = defineCommand({
  args: [{ name: "file", description: "where to write it", default: "nest.config.json" }],
  flags: { force: flag.boolean("--force", "overwrite the file") },
  async run([path], options, ctx) {
    const { program, ...rest } = defaultConfig().config;
    const replacedKey = options.force ? await keyIn(path!) : null;
    await writeNewFile(path!, formatConfig({ program, applicantIdKey: ctx.randomKey(), ...rest }), options.force, "a config");
    ctx.writeErr(
      `Wrote ${path}: the NEST 2018 default, with a secret applicantIdKey of its own (keep the file private). ` +
        `Set "places" to the real team sizes, then use --config ${path}.\n`,
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
