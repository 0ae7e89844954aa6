/**
 * What a seed looks like, for a reader comparing two copies of it (one typed from the minutes or a video, one
 * recorded): how many characters, what kind, in how many groups and how they are spaced. The seed itself is public
 * (the audit records it, the ceremony announces it), so it may be shown too.
 */

/** "15 characters: 8 digits in 8 groups of 1, separated by single spaces". */
export function seedForm(seed: string): string {
  const characters = [...seed];
  const head = `${characters.length} ${characters.length === 1 ? "character" : "characters"}`;
  const groups = seed.split(/\s+/).filter((g) => g !== "");
  const separators = seed.trim() === "" ? [] : (seed.trim().match(/\s+/g) ?? []);
  const solid = groups.join("");
  const digits = /^[0-9]+$/.test(solid);
  const kind = digits ? plural([...solid].length, "digit") : plural([...solid].length, "non-space character");
  const parts: string[] = [];
  if (groups.length <= 1) parts.push(`${kind}, no spaces${digits ? "" : " between"}`);
  else {
    const sizes = groups.map((g) => [...g].length);
    const same = sizes.every((n) => n === sizes[0]);
    const spacing = separatorsText(separators);
    parts.push(
      same
        ? `${kind} in ${groups.length} groups of ${sizes[0]}, separated by ${spacing}`
        : `${kind} in ${groups.length} groups of ${sizes.slice(0, 8).join(", ")}${sizes.length > 8 ? ", …" : ""} characters, separated by ${spacing}`,
    );
  }
  if (/^\s/.test(seed)) parts.push("with white space before it");
  if (/\s$/.test(seed)) parts.push("with white space after it");
  return `${head}: ${parts.join(", ")}`;
}

function separatorsText(separators: readonly string[]): string {
  if (separators.every((s) => s === " ")) return separators.length === 1 ? "a single space" : "single spaces";
  const odd = separators.some((s) => /[^ ]/.test(s));
  const lengths = separators.map((s) => [...s].length);
  const [least, most] = [Math.min(...lengths), Math.max(...lengths)];
  const spaces = least !== most ? `${least} to ${most} characters` : least === 1 ? "one character each" : `${least} characters each`;
  return odd ? `white space other than plain spaces (${spaces}; a no-break space?)` : `irregular spacing (${spaces})`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

/**
 * How a seed given differs from the one recorded: the same characters spaced otherwise, or where they differ
 * (character positions counted without spaces, as someone reading the digits aloud would count them).
 */
export function seedDifference(given: string, recorded: string): string {
  const a = [...given.replace(/\s+/g, "")];
  const b = [...recorded.replace(/\s+/g, "")];
  if (a.join("") === b.join("")) return "they are the same characters, spaced otherwise";
  if (a.length === b.length) {
    const at = a.map((c, i) => (c === b[i] ? -1 : i)).filter((i) => i >= 0);
    const shown = at.slice(0, 5).map((i) => `${ordinal(i + 1)} (${JSON.stringify(a[i])} given, ${JSON.stringify(b[i])} recorded)`);
    return `leaving spaces aside, ${at.length === 1 ? "one character differs" : `${at.length} characters differ`}: the ${shown.join(", the ")}${at.length > 5 ? ", …" : ""}`;
  }
  const first = a.findIndex((c, i) => c !== b[i]);
  const i = first === -1 ? Math.min(a.length, b.length) : first;
  return (
    `leaving spaces aside, the seed given has ${a.length} characters and the recorded one ${b.length}; they part at the ` +
    `${ordinal(i + 1)} (${i < a.length ? JSON.stringify(a[i]) : "nothing"} given, ${i < b.length ? JSON.stringify(b[i]) : "nothing"} recorded)`
  );
}

function ordinal(n: number): string {
  const tens = n % 100;
  const suffix = tens >= 11 && tens <= 13 ? "th" : (["th", "st", "nd", "rd"][n % 10] ?? "th");
  return `${n}${suffix}`;
}

/**
 * A note for a seed that reads as a number written with separators ("3,1,4,1,5", "20.18", "6-14-2018"): nest takes a
 * seed as text, so the signs are part of it and "3,1,4" and "314" are different seeds; someone copying it from the
 * minutes may leave them out. Null for a seed of digits and spaces, or of words.
 */
export function seedAdvice(seed: string): string | null {
  const solid = seed.replace(/\s+/g, "");
  if (!/^[0-9]+([,.;:/_-]+[0-9]+)+$/.test(solid)) return null;
  const signs = [...new Set(solid.replace(/[0-9]/g, ""))].map((c) => JSON.stringify(c)).join(" and ");
  return (
    `the seed holds ${signs} between its digits: they are part of the seed, so anyone who checks the draw must type them ` +
    `exactly as here (${JSON.stringify(solid.replace(/[^0-9]/g, ""))} is another seed). README "A seed ceremony" advises digits alone`
  );
}
