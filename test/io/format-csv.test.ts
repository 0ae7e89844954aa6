import { parse } from "csv-parse/sync";
import { stringify } from "csv-stringify/sync";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createHash } from "node:crypto";
import { formatCsv, streamCsv } from "../../src/io/csv-stream.js";
import { isFormattedCsv, neutraliseFormula, restoreFormula, type FormulaGuard } from "../../src/io/format-csv.js";
import type { Row } from "../../src/core/table.js";
import { asWrittenBits, SourceRow } from "../../src/io/csv-records.js";
import { formatRows } from "../../src/io/engine/waitlist-job.js";
import { shareRows } from "../../src/io/engine/shared-rows.js";
import { parseExport } from "../../src/io/parse-export.js";

describe("neutraliseFormula, guard 1 (nest-draw/1 and /2)", () => {
  it.each([
    ["=1+2", "'=1+2"],
    ['=HYPERLINK("http://evil.example","Click")', `'=HYPERLINK("http://evil.example","Click")`],
    ["+1+1", "'+1+1"],
    ["-2+3", "'-2+3"],
    ["@SUM(1,2)", "'@SUM(1,2)"],
    ["\t=1", "'\t=1"],
    ["\r=1", "'\r=1"],
    ["\n=1", "'\n=1"],
    ["＝1+2", "'＝1+2"],
    ["+1 (555) 010-0000", "'+1 (555) 010-0000"],
    ["@username", "'@username"],
    [" =1+1", "' =1+1"],
    ["\u00a0@SUM(1)", "'\u00a0@SUM(1)"],
    // Not formulas: left alone
    ["-5", "-5"],
    ["+3.5", "+3.5"],
    ["José", "José"],
    ["a=b", "a=b"],
    ["", ""],
  ])("%j -> %j", (cell, expected) => {
    expect(neutraliseFormula(cell, 1)).toBe(expected);
  });
});

describe("neutraliseFormula, guard 2 (nest-draw/3)", () => {
  it.each([
    // A cell's start, as guard 1
    ["=1+2", "'=1+2"],
    ["+1 (555) 010-0000", "'+1 (555) 010-0000"],
    ["@username", "'@username"],
    ["\t=1", "'\t'=1"],
    ["\tx", "'\tx"],
    ["＝1+2", "'＝1+2"],
    ["\u00a0@SUM(1)", "'\u00a0@SUM(1)"],
    // A fragment a semicolon, tab, space or line-break import would make a cell of
    ["Hi;=2+2;x", "Hi;'=2+2;x"],
    ['a\t=HYPERLINK("http://evil.example")', `a\t'=HYPERLINK("http://evil.example")`],
    ["Hi =1+1", "Hi '=1+1"],
    [" =1+1", " '=1+1"],
    ["line\n@SUM(1)", "line\n'@SUM(1)"],
    ["a;\u00a0+1", "a;'\u00a0+1"],
    ["call me @ 5pm", "call me '@ 5pm"],
    ["score -5", "score '-5"],
    // Invertible: a "'" already there gets another
    ["'=x", "''=x"],
    ["a '=x", "a ''=x"],
    // Left alone
    ["-5", "-5"],
    ["+3.5", "+3.5"],
    ["Smith - Jones", "Smith - Jones"],
    ["a=b c+d e@f", "a=b c+d e@f"],
    ["'x", "'x"],
    ["José", "José"],
    ["", ""],
  ])("%j -> %j", (cell, expected) => {
    expect(neutraliseFormula(cell, 2)).toBe(expected);
    expect(restoreFormula(expected, 2)).toBe(cell);
  });

  // Characters that matter to the guard, and a few that do not.
  const tricky = fc.string({ unit: fc.constantFrom("'", "=", "+", "-", "@", " ", ";", "\t", "\r", "\n", "\u00a0", "＝", "1", ".", "a") });

  it("reads back exactly, whatever the cell (docs/ALGORITHM.md §6)", () => {
    fc.assert(
      fc.property(fc.oneof(tricky, fc.string()), (cell) => {
        expect(restoreFormula(neutraliseFormula(cell, 2), 2)).toBe(cell);
      }),
      { numRuns: 20_000 },
    );
  });

  it("leaves no cell an import splitting on commas, semicolons, tabs or spaces would run", () => {
    // An import's cell: the text from a cell's start, or from after a separator, to the next separator of that import.
    const TRIGGER = /^[ \u00a0]*[=+\-@＝＋－＠]/;
    const PLAIN = /^[+-]?\d+(\.\d+)?$/;
    fc.assert(
      fc.property(tricky, (cell) => {
        const out = neutraliseFormula(cell, 2);
        for (const split of [/[\r\n]/, /[;\r\n]/, /[\t\r\n]/, /[ \r\n]/]) {
          const parts = out.split(split);
          parts.forEach((part, k) => {
            const whole = parts.length === 1;
            const loneHyphen = split.source.includes(" ") && part === "-" && k > 0 && k < parts.length - 1;
            if (!(whole && PLAIN.test(part)) && !loneHyphen)
              expect(TRIGGER.test(part), `${JSON.stringify(part)} of ${JSON.stringify(out)}`).toBe(false);
          });
        }
      }),
      { numRuns: 20_000 },
    );
  });
});

describe("neutraliseFormula, guard 3 (nest-draw/4)", () => {
  it.each([
    // A cell's start, as guard 2
    ["=1+2", "'=1+2"],
    ["'=x", "''=x"],
    ["\t=1", "'\t'''=1"],
    // Inside a cell: three
    ["Hi;=2+2;x", "Hi;'''=2+2;x"],
    ["call me @ 5pm", "call me '''@ 5pm"],
    ["x;=1+1';y", "x;'''=1+1';y"],
    ["a '=x", "a ''''=x"],
    ["line\n@SUM(1)", "line\n'''@SUM(1)"],
    // Left alone, as guard 2
    ["-5", "-5"],
    ["Smith - Jones", "Smith - Jones"],
    ["a'=b", "a'=b"],
    // Characters that compatibility normalisation makes a trigger
    ["﹦1+1", "'﹦1+1"],
    ["a ⁺1", "a '''⁺1"],
  ])("%j -> %j", (cell, expected) => {
    expect(neutraliseFormula(cell, 3)).toBe(expected);
    expect(restoreFormula(expected, 3)).toBe(cell);
  });

  const tricky = fc.string({
    unit: fc.constantFrom("'", "=", "+", "-", "@", " ", ";", "\t", "\r", "\n", "\u00a0", "＝", "﹦", "⁺", "1", ",", "a"),
  });

  it("reads back exactly, whatever the cell", () => {
    fc.assert(
      fc.property(fc.oneof(tricky, fc.string()), (cell) => {
        expect(restoreFormula(neutraliseFormula(cell, 3), 3)).toBe(cell);
      }),
      { numRuns: 20_000 },
    );
  });

  /**
   * A line of nest's, split as an import does that ignores double quotes and takes "'" as its text delimiter: a
   * cell that starts with "'" is quoted, and what it holds starts after that "'". A parser that honours doubled
   * quotes reads "''" there as a "'"; one that does not (or ends the quotes at the next "'") reads on after it.
   * Whichever, what the cell holds must not start with a trigger, after any spaces, no-break spaces or tabs.
   */
  function quotedCellsRun(line: string): string | null {
    const TRIGGER = /^[ \u00a0\t]*[=+\-@＝＋－＠⁺⁼₊₌﬩﹢﹣﹦﹫]/;
    for (const split of [/[,\r\n]/, /[;\r\n]/, /[\t\r\n]/, /[ \r\n]/]) {
      for (const part of line.split(split)) {
        if (!part.startsWith("'")) continue;
        if (part.startsWith("'''")) continue; // an escaped "'" first: text, however the quotes end
        const held = part.startsWith("''") ? part.slice(2) : part.slice(1);
        if (TRIGGER.test(held)) return part;
      }
    }
    return null;
  }

  it("leaves no cell an import taking ' as its text delimiter would run, on any separator", () => {
    fc.assert(
      fc.property(fc.array(tricky, { minLength: 1, maxLength: 4 }), (cells) => {
        const line = formatCsv([cells], { bom: false, guard: 3 });
        expect(quotedCellsRun(line), JSON.stringify(line)).toBe(null);
      }),
      { numRuns: 20_000 },
    );
    // Guard 2 fails it (the review's finding): the check has teeth.
    expect(quotedCellsRun(formatCsv([["x;=1+1';y"]], { bom: false, guard: 2 }))).toBe("'=1+1'");
  });

  it("leaves no cell an import splitting on commas, semicolons, tabs or spaces would run", () => {
    const TRIGGER = /^[ \u00a0]*[=+\-@＝＋－＠⁺⁼₊₌﬩﹢﹣﹦﹫]/;
    const PLAIN = /^[+-]?\d+(\.\d+)?$/;
    fc.assert(
      fc.property(tricky, (cell) => {
        const out = neutraliseFormula(cell, 3);
        for (const split of [/[\r\n]/, /[;\r\n]/, /[\t\r\n]/, /[ \r\n]/]) {
          const parts = out.split(split);
          parts.forEach((part, k) => {
            const loneHyphen = split.source.includes(" ") && part === "-" && k > 0 && k < parts.length - 1;
            if (!(parts.length === 1 && PLAIN.test(part)) && !loneHyphen) expect(TRIGGER.test(part), JSON.stringify(out)).toBe(false);
          });
        }
      }),
      { numRuns: 20_000 },
    );
  });
});

describe("formatCsv", () => {
  it("writes CRLF, a BOM, quotes neutralised cells, and round-trips", () => {
    const table = [
      ["Name", "Note"],
      ["Nguyễn", "=1+2"],
      ["José", "line\nbreak, comma"],
    ];
    const text = formatCsv(table, { bom: true, guard: 2 });
    expect(text).toBe('\uFEFFName,Note\r\nNguyễn,"\'=1+2"\r\nJosé,"line\nbreak, comma"\r\n');
    expect(parse(text, { bom: true })).toEqual([
      ["Name", "Note"],
      ["Nguyễn", "'=1+2"],
      ["José", "line\nbreak, comma"],
    ]);
  });

  it("quotes cells holding a semicolon or tab, so a semicolon-locale spreadsheet keeps them whole", () => {
    expect(formatCsv([["a;=1+2", "b\tc", "ok"]], { bom: false, guard: 1 })).toBe('"a;=1+2","b\tc",ok\r\n');
    expect(formatCsv([["a;=1+2", "b\tc", "ok"]], { bom: false, guard: 2 })).toBe('"a;\'=1+2","b\tc",ok\r\n');
  });

  it("quotes a lone line feed or carriage return, which csv-stringify leaves bare with CRLF records", () => {
    expect(formatCsv([["a\nb", "c\rd"]], { bom: false, guard: 0 })).toBe('"a\nb","c\rd"\r\n');
    expect(parse(formatCsv([["a\nb", "x"]], { bom: false, guard: 0 }))).toEqual([["a\nb", "x"]]);
  });

  it("can leave formulas and the BOM out, for tools that are not spreadsheets", () => {
    expect(formatCsv([["=1+2"]], { bom: false, guard: 0 })).toBe("=1+2\r\n");
  });
});

describe("nest's CSV writer is byte for byte csv-stringify (told to quote every line break)", () => {
  // csv-stringify with CRLF record delimiters quotes a cell holding "\r\n" but not a lone "\n" or "\r",
  // which strict readers then split: nest quotes both, so the oracle is told to as well.
  const cell = fc.oneof(
    fc.string({ maxLength: 12 }),
    fc.constantFrom(
      "",
      " ",
      "a,b",
      'say "hi"',
      "a\nb",
      "a\r\nb",
      "\r",
      ";",
      "\t",
      "=1+2",
      "-5",
      "+1 (555)",
      "@x",
      " =1",
      "'=1",
      "Nguyễn",
      "x;y",
      "Hi =1",
      "a -b",
      "Smith - Jones",
      "a '=1",
      "a\n+1",
      "a \u00a0@x",
    ),
  );
  const table = fc.array(fc.array(cell, { minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 8 });

  it.each([0, 1, 2, 3] as const)("formula guard %s", (guard) => {
    fc.assert(
      fc.property(table, (rows) => {
        const oracle = stringify(
          rows.map((r) => r.map((c) => neutraliseFormula(c, guard))),
          {
            record_delimiter: "windows",
            quoted_match: guard !== 0 ? /^'|[;\t\r\n]/ : /[\r\n]/,
          },
        );
        expect(formatCsv(rows, { bom: false, guard })).toBe(oracle);
      }),
      { numRuns: 500 },
    );
  });
});

describe("rows copied from the export are byte for byte what the writer writes", () => {
  // The writer's bytes for one record, without the line break.
  const written = (cells: readonly string[], guard: FormulaGuard) => formatCsv([cells], { bom: false, guard }).slice(0, -2);
  const cell = fc.oneof(
    fc.string({ maxLength: 8 }),
    fc.constantFrom(
      "",
      "a,b",
      'say "hi"',
      "a\nb",
      "a\r\nb",
      ";",
      "x;y",
      "\tx",
      "a\tb",
      "=1+2",
      "-5",
      "@x",
      " =1",
      "'=1",
      "'a,b",
      "Nguyễn",
      "\u00a0=1",
      "＝1",
      "Hi =1",
      "a -b",
      "Smith - Jones",
      "a '=1",
      "a;+1",
      "a\n@x",
      "x y",
      "a,=1",
      "x, -5",
      "﹦1",
      "a ⁺1",
    ),
  );
  // A record as an export might hold it: each cell quoted where it must be, and sometimes where it need not.
  const quotedCell = fc
    .tuple(
      fc.oneof(cell, fc.constantFrom("Ann", "a@b.org", "95814", "a, b", "(916) 555-0100", "Ann Lee", "5/1/2018 0:00:06")),
      fc.boolean(),
    )
    .map(([text, quote]) => ({ text, raw: quote || /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text }));
  const record = fc.array(quotedCell, { minLength: 1, maxLength: 6 });

  it.each([0, 1, 2, 3] as const)("isFormattedCsv never says yes wrongly (formula guard %s)", (guard) => {
    let yes = 0;
    fc.assert(
      fc.property(record, (cells) => {
        const raw = cells.map((c) => c.raw).join(",");
        const bytes = Buffer.from(raw, "utf8");
        if (!isFormattedCsv(bytes, 0, bytes.length, guard)) return;
        yes++;
        expect(
          written(
            cells.map((c) => c.text),
            guard,
          ),
        ).toBe(raw);
      }),
      { numRuns: 3000 },
    );
    expect(yes).toBeGreaterThan(100);
  });

  it.each([0, 1, 2, 3] as const)("and says yes to ordinary rows as the writer writes them (formula guard %s)", (guard) => {
    const ordinary = fc.array(
      fc.constantFrom(
        "Ann",
        "a@b.org",
        "95814",
        "5/1/2018 0:00:06",
        "a, b",
        'say "hi"',
        "a\nb",
        "(916) 555-0100",
        "",
        "Ann Lee",
        "12 Main St.",
      ),
      {
        minLength: 1,
        maxLength: 8,
      },
    );
    fc.assert(
      fc.property(ordinary, (cells) => {
        const bytes = Buffer.from(written(cells, guard), "utf8");
        expect(isFormattedCsv(bytes, 0, bytes.length, guard)).toBe(true);
      }),
    );
  });

  it.each([0, 1, 2] as const)("a draw's outputs are the same whether rows are copied or formatted (formula guard %s)", (guard) => {
    let copied = 0;
    const table = fc
      .integer({ min: 1, max: 5 })
      .chain((width) => fc.array(fc.array(quotedCell, { minLength: width, maxLength: width }), { minLength: 1, maxLength: 8 }));
    fc.assert(
      fc.property(table, (records) => {
        const width = records[0]!.length;
        const header = Array.from({ length: width }, (_, i) => `h${i}`).join(",");
        const text = `${header}\r\n${records.map((r) => r.map((c) => c.raw).join(",")).join("\r\n")}\r\n`;
        let parsed;
        try {
          parsed = parseExport(text, "f.csv");
        } catch {
          return; // blank records only, or unnamed columns: nothing to compare
        }
        const options = { bom: false, guard };
        const lines = parsed.rows.map((row) => ({ lead: ["1", "=x"], row }));
        const formatted = parsed.rows.map((row) => ["1", "=x", ...row.cells]);
        expect(formatCsv(lines, options)).toBe(formatCsv(formatted, options));
        copied += parsed.rows.filter((row) => row instanceof SourceRow && row.formatted(guard)).length;
        // The second thread works the same out for shared rows (io/engine/waitlist-job.ts formatRows).
        const shared = shareRows(sharedCopy(parsed.rows), 0, parsed.rows.length, true);
        if (shared !== null) {
          formatRows(shared, guard);
          const bit = asWrittenBits(guard).yes;
          parsed.rows.forEach((row, k) => {
            if (row instanceof SourceRow) expect((shared.flags[k]! & bit) !== 0).toBe(row.formatted(guard));
          });
        }
      }),
      { numRuns: 1000 },
    );
    expect(copied).toBeGreaterThan(200); // the copying path ran
  });
});

/** The rows again, read from a copy of their export in shared memory (as io/read-input.ts reads a file), nothing known of them. */
function sharedCopy(rows: readonly Row[]): Row[] {
  const first = rows.find((row): row is SourceRow => row instanceof SourceRow);
  if (first === undefined) return [...rows];
  const bytes = Buffer.from(new SharedArrayBuffer(first.source.bytes.length));
  first.source.bytes.copy(bytes);
  const source = { bytes, delimiter: first.source.delimiter };
  return rows.map((row) =>
    row instanceof SourceRow ? new SourceRow(row.line, row.sheetRow, source, row.start, row.end, row.quoted) : row,
  );
}

describe("streamCsv's chunks", () => {
  // 40,000 lines of about 100 bytes: four chunks of a megabyte.
  const lines = Array.from({ length: 40_000 }, (_, i) => [`R${i}`, "x".repeat(90), `é${i}`]);
  const expected = lines.map((l) => l.join(",")).join("\r\n") + "\r\n";

  it("are fresh for a sink that keeps them", () => {
    const kept: Buffer[] = [];
    streamCsv(lines, { bom: false, guard: 2 }, (chunk) => kept.push(chunk), true);
    expect(kept.length).toBeGreaterThan(3);
    expect(Buffer.concat(kept).toString("utf8")).toBe(expected);
  });

  it("are one buffer filled again for a sink that does not, with the same bytes and hash", () => {
    const copied: Buffer[] = [];
    const seen = new Set<ArrayBufferLike>();
    const hash = streamCsv(lines, { bom: false, guard: 2 }, (chunk) => {
      seen.add(chunk.buffer);
      copied.push(Buffer.from(chunk));
    });
    expect(seen.size).toBe(1);
    expect(Buffer.concat(copied).toString("utf8")).toBe(expected);
    expect(hash).toBe(createHash("sha256").update(expected).digest("hex"));
  });
});
