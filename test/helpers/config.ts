import { validateConfig, type Config, type ConfigInput } from "../../src/core/config.js";
import { DEFAULT_CONFIG } from "../../src/core/default-config.js";

/** The embedded default, validated; with overrides merged at the top level. */
export function makeConfig(overrides: Partial<ConfigInput> = {}): Config {
  const result = validateConfig({ ...DEFAULT_CONFIG, ...overrides });
  if (!result.ok) throw new Error(result.issues.join("\n"));
  return result.config;
}
