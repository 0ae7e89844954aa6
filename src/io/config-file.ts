import type { Config } from "../core/config.js";
import { DEFAULT_CONFIG } from "../core/default-config.js";
import { inputError } from "../errors.js";
import { readJsonFile } from "./read-json.js";

export interface LoadedConfig {
  config: Config;
  /** "embedded default (NEST 2018)" or the file's path, as the audit records it. */
  source: string;
  /** The file's path, or null for the embedded default. */
  path: string | null;
  /** What was changed after reading: "" or ", with --date-format …", which `source` ends with. */
  changed: string;
  /**
   * The config as given, before the schema fills in defaults (the file's JSON; the embedded default itself): what
   * a draw records and hashes, so that a later version's new settings, with their defaults, leave the hash alone.
   */
  given: unknown;
}

/** The embedded default is already in validated form (a test checks it), so zod is not loaded for it. */
export function defaultConfig(): LoadedConfig {
  return {
    config: structuredClone(DEFAULT_CONFIG),
    source: "embedded default (NEST 2018)",
    path: null,
    changed: "",
    given: structuredClone(DEFAULT_CONFIG),
  };
}

export async function readConfigFile(path: string): Promise<LoadedConfig> {
  const { json } = await readJsonFile(path, "a config");
  const { validateConfig, controlCharacterIssues, repeatedNameIssues } = await import("../core/config.js"); // zod is slow to load: only when a file is given
  const result = validateConfig(json);
  const issues = [...(result.ok ? repeatedNameIssues(result.config) : result.issues), ...controlCharacterIssues(json)];
  if (!result.ok || issues.length > 0) {
    throw inputError({ file: path }, `the config has ${issues.length === 1 ? "a problem" : `${issues.length} problems`}`, issues);
  }
  return { config: result.config, source: path, path, changed: "", given: json };
}

/** A config as nest init writes it: JSON with two-space indents. */
export function formatConfig(config: unknown): string {
  return `${JSON.stringify(config, null, 2)}\n`;
}
