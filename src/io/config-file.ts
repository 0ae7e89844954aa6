import type { Config } from "../core/config.js";
import { DEFAULT_CONFIG } from "../core/default-config.js";
import { inputError } from "../errors.js";
import { readJsonFile } from "./read-json.js";

export interface LoadedConfig {
  config: Config;
  /** "embedded default (NEST 2018)" or the file's path. */
  source: string;
}

/** The embedded default is already in validated form (a test checks it), so zod is not loaded for it. */
export function defaultConfig(): LoadedConfig {
  return { config: structuredClone(DEFAULT_CONFIG), source: "embedded default (NEST 2018)" };
}

export async function readConfigFile(path: string): Promise<LoadedConfig> {
  const { json } = await readJsonFile(path, "a config");
  const { validateConfig } = await import("../core/config.js"); // zod is slow to load: only when a file is given
  const result = validateConfig(json);
  if (!result.ok) {
    throw inputError(
      { file: path },
      `the config has ${result.issues.length === 1 ? "a problem" : `${result.issues.length} problems`}`,
      result.issues,
    );
  }
  return { config: result.config, source: path };
}

/** A config as nest init writes it: JSON with two-space indents. */
export function formatConfig(config: unknown): string {
  return `${JSON.stringify(config, null, 2)}\n`;
}
