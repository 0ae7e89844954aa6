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
    await writeNewFile(path!, formatConfig({ program, applicantIdKey: ctx.randomKey(), ...rest }), options.force, "a config");
    ctx.writeErr(
      `Wrote ${path}: the NEST 2018 default, with a secret applicantIdKey of its own (keep the file private). ` +
        `Set "places" to the real team sizes, then use --config ${path}.\n`,
    );
    return ExitCode.ok;
  },
});
