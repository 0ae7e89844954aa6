import { writeFile } from "node:fs/promises";
import type { Config } from "../core/config.js";
import { DEFAULT_CONFIG } from "../core/default-config.js";
import { ExitCode, NestError, inputError } from "../errors.js";
import { describeFsError } from "./read-input.js";
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

export async function writeConfigFile(path: string, config: unknown, force: boolean): Promise<void> {
  try {
    await writeFile(path, `${JSON.stringify(config, null, 2)}\n`, { encoding: "utf8", flag: force ? "w" : "wx" });
  } catch (error) {
    if ((error as { code?: string }).code === "EEXIST") {
      throw new NestError(`${path}: already exists; nest init does not overwrite it (remove it or use --force)`, ExitCode.input);
    }
    throw new NestError(`${path}: ${describeFsError(error)}`, ExitCode.input, { cause: error });
  }
}
