import { describe, expect, it } from "vitest";
import { lostLetters } from "../../src/core/lost-letters.js";

const names = (...texts: string[]) => texts.map((text, i) => ({ row: i + 2, text }));

describe("lostLetters: names whose letters Excel's plain CSV turned into ?", () => {
  it("finds them, with the first row", () => {
    expect(lostLetters(names("Ann Lee", "Nguy?n", "?ukasz", "Jos?"))).toBe(
      'nest: warning: 3 names hold "?" where a letter should be (row 3: "Nguy?n"): the file was probably saved by Excel as ' +
        '"CSV (Comma delimited)", which loses the letters it cannot write. Save it again as "CSV UTF-8 (Comma delimited)" and run nest on that file.',
    );
  });

  it("leaves names without them alone, and a ? that stands apart", () => {
    expect(lostLetters(names("Nguyễn", "Łukasz", "José", "Ann ?", "?", "O'Brien", ""))).toBe(null);
  });
});
