import type { Config } from "./config.js";

/**
 * Places for a category in a district: the override if the config sets one, else the default. Only the config's
 * own keys count: an id such as "constructor" must not find an object's built-in property.
 */
export function placesFor(config: Config, districtId: string, categoryId: string): number {
  const overrides = config.places.overrides;
  const byCategory = Object.hasOwn(overrides, districtId) ? overrides[districtId]! : undefined;
  return byCategory !== undefined && Object.hasOwn(byCategory, categoryId) ? byCategory[categoryId]! : config.places.default;
}
