/** One place where two JSON values differ: its path (keys and indexes), and the value on each side (undefined: none). */
export interface JsonDifference {
  path: (string | number)[];
  before: unknown;
  after: unknown;
}

/**
 * The first few places where two JSON values differ, in document order. With `into`, an object on one side only is
 * gone into, so that each of its members is a difference of its own (a setting added is named, not its section).
 */
export function jsonDifferences(before: unknown, after: unknown, limit = 5, into = false): JsonDifference[] {
  const out: JsonDifference[] = [];
  walk(before, after, [], out, limit, into);
  return out;
}

/** The first few places where two JSON values differ, as "counts.seated: 70, recomputed 69". */
export function describeJsonDifferences(actual: unknown, expected: unknown, limit = 5): string[] {
  return jsonDifferences(actual, expected, limit).map(
    (d) => `${pathText(d.path) || "(whole file)"}: ${show(d.before)}, recomputed ${show(d.after)}`,
  );
}

function pathText(path: readonly (string | number)[]): string {
  return path.map((p, i) => (typeof p === "number" ? `[${p}]` : i === 0 ? p : `.${p}`)).join("");
}

function walk(a: unknown, b: unknown, path: (string | number)[], out: JsonDifference[], limit: number, into: boolean): void {
  if (out.length >= limit) return;
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.max(a.length, b.length); i++) walk(a[i], b[i], [...path, i], out, limit, into);
    return;
  }
  if ((isObject(a) || (into && a === undefined)) && (isObject(b) || (into && b === undefined))) {
    const keys = new Set([...Object.keys(a ?? {}), ...Object.keys(b ?? {})]);
    for (const key of keys)
      walk(
        (a as Record<string, unknown> | undefined)?.[key],
        (b as Record<string, unknown> | undefined)?.[key],
        [...path, key],
        out,
        limit,
        into,
      );
    return;
  }
  if (JSON.stringify(a) !== JSON.stringify(b)) out.push({ path, before: a, after: b });
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function show(v: unknown): string {
  if (v === undefined) return "(missing)";
  const text = JSON.stringify(v);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
