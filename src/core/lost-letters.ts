/**
 * Letters lost before nest saw the file: Excel's "CSV (Comma delimited)" writes the Windows code page, and a letter
 * it has none for ("ễ" in Nguyễn, "Ł" in Łukasz) becomes "?". Names hold no "?" beside a letter, so a name that does
 * points at such a file (issue #12). Only a warning: the draw is right for the file it was given.
 */
const LOST = /(?:^|[\p{L}\s'-])\?\p{L}|\p{L}\?(?:$|[\p{L}\s'-])/u;

export function lostLetters(names: Iterable<{ row: number; text: string }>): string | null {
  let count = 0;
  let first: { row: number; text: string } | null = null;
  for (const name of names) {
    if (!name.text.includes("?") || !LOST.test(name.text)) continue; // most names hold no "?": no regex for them
    if (count++ === 0) first = name;
  }
  if (first === null) return null;
  return (
    `nest: warning: ${count} ${count === 1 ? "name holds" : "names hold"} "?" where a letter should be (row ${first.row}: ` +
    `${JSON.stringify(first.text)}): the file was probably saved by Excel as "CSV (Comma delimited)", which loses ` +
    `the letters it cannot write. Save it again as "CSV UTF-8 (Comma delimited)" and run nest on that file.`
  );
}
