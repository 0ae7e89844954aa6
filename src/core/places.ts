import type { Config } from "./config.js";

/** Places for a category in a district: the override if the config sets one, else the default. */
export function placesFor(config: Config, districtId: string, categoryId: string): number {
  return config.places.overrides[districtId]?.[categoryId] ?? config.places.default;
}
