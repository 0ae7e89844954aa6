/** The first few places where two JSON values differ, as "counts.seated: 70, recomputed 69". */
export function describeJsonDifferences(actual: unknown, expected: unknown, limit = 5): string[] {
  const out: string[] = [];
  walk(actual, expected, "", out, limit);
  return out;
}

function walk(a: unknown, b: unknown, path: string, out: string[], limit: number): void {
  if (out.length >= limit) return;
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.max(a.length, b.length); i++) walk(a[i], b[i], `${path}[${i}]`, out, limit);
    return;
  }
  if (isObject(a) && isObject(b)) {
    for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) walk(a[key], b[key], path ? `${path}.${key}` : key, out, limit);
    return;
  }
  if (JSON.stringify(a) !== JSON.stringify(b)) {
    out.push(`${path || "(whole file)"}: ${show(a)}, recomputed ${show(b)}`);
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function show(v: unknown): string {
  if (v === undefined) return "(missing)";
  const text = JSON.stringify(v);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
