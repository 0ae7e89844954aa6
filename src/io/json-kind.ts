/**
 * What a JSON file nest was given is, from its shape: a draw's audit, a commitment, a config, or something else;
 * so that a file of the wrong kind is refused with one sentence naming what it is, never a list of schema issues.
 */
export type JsonKind =
  | { kind: "audit"; description: string }
  | { kind: "commitment"; description: string }
  | { kind: "config"; description: string }
  | { kind: "other"; description: string };

export function jsonKind(json: unknown): JsonKind {
  if (typeof json !== "object" || json === null || Array.isArray(json)) {
    const what = Array.isArray(json) ? "a JSON list" : json === null ? "JSON null" : `a JSON ${typeof json}`;
    return { kind: "other", description: `${what}, not a nest file` };
  }
  const o = json as Record<string, unknown>;
  if (typeof o.format === "string" && o.format.startsWith("nest-commitment/"))
    return { kind: "commitment", description: `a nest commitment (${o.format})` };
  if (o.tool === "nest" || (typeof o.format === "string" && o.format.startsWith("nest-audit/")))
    return { kind: "audit", description: "a nest draw's audit" };
  if ("districts" in o && "categories" in o) return { kind: "config", description: "a nest config" };
  if ("verified" in o && "differences" in o) return { kind: "other", description: "the JSON verdict of nest verify --json" };
  if ("counts" in o && "algorithm" in o) return { kind: "other", description: "the JSON summary of nest draw --json" };
  return { kind: "other", description: "a JSON file nest did not write" };
}
