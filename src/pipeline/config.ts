import type { DateFormat } from "../core/dates.js";
import { defaultConfig, readConfigFile, type LoadedConfig } from "../io/config-file.js";

/** The config file (or the embedded default), with --date-format applied: the effective config a draw records. */
export async function loadConfig(path: string | undefined, dateFormat?: DateFormat): Promise<LoadedConfig> {
  const loaded = path === undefined ? defaultConfig() : await readConfigFile(path);
  if (dateFormat === undefined || dateFormat === loaded.config.dateFormat) return loaded;
  return { config: { ...loaded.config, dateFormat }, source: `${loaded.source}, with --date-format ${dateFormat}` };
}
