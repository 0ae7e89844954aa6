import { ExitCode } from "../errors.js";
import { defaultConfig, writeConfigFile } from "../io/config-file.js";
import type { CommandContext } from "./context.js";

/** nest init: write the embedded default config for editing. */
export async function runInit(options: { path: string; force: boolean }, ctx: CommandContext): Promise<number> {
  await writeConfigFile(options.path, defaultConfig().config, options.force);
  ctx.writeErr(`Wrote ${options.path}: the NEST 2018 default. Set "places" to the real team sizes, then use --config ${options.path}.\n`);
  return ExitCode.ok;
}
