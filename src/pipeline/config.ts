import type { DateFormat } from "../core/dates.js";
import type { Edition } from "../core/edition.js";
import { defaultConfig, readConfigFile, type LoadedConfig } from "../io/config-file.js";
import { recordedPath } from "../io/export-path.js";
import { sha256 } from "../io/hash.js";

/** The config file (or the embedded default), with --date-format applied: the config a draw records. */
export async function loadConfig(path: string | undefined, dateFormat?: DateFormat): Promise<LoadedConfig> {
  const loaded = path === undefined ? defaultConfig() : await readConfigFile(path);
  if (dateFormat === undefined || dateFormat === loaded.config.dateFormat) return loaded;
  return {
    ...loaded,
    config: { ...loaded.config, dateFormat },
    source: `${loaded.source}, with --date-format ${dateFormat}`,
    changed: `, with --date-format ${dateFormat}`,
    given: { ...(loaded.given as object), dateFormat },
  };
}

/** A config as a draw records it: where it came from, the config as given, and the SHA-256 of its JSON. */
export interface ConfigRecord {
  source: string;
  sha256: string;
  effective: unknown;
}

/**
 * The record of a config, as the edition says: from nest-draw/2 on, as given, so that commit and draw hash the same
 * bytes whichever version of nest reads them; nest verify checks the recorded value and uses it as recorded
 * (docs/ALGORITHM.md §6). Its source names a file as the edition records paths (io/export-path.ts recordedPath),
 * from the draw's folder when there is one (a commitment records no source).
 */
export function recordConfig(loaded: LoadedConfig, edition: Edition, folder?: string): ConfigRecord {
  const recorded = edition.config === "given" ? loaded.given : loaded.config;
  const source =
    loaded.path === null || folder === undefined
      ? loaded.source
      : `${recordedPath(edition.inputPath, folder, loaded.path)}${loaded.changed}`;
  return { source, sha256: sha256(JSON.stringify(recorded)), effective: recorded };
}

/** Whether the order of day and month was chosen: by --date-format, or by "dateFormat" in a config file. */
export function dateOrderChosen(loaded: LoadedConfig, flag: DateFormat | undefined): boolean {
  if (flag !== undefined) return true;
  const given = loaded.given;
  return loaded.path !== null && typeof given === "object" && given !== null && "dateFormat" in given;
}
