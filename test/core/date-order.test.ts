import { describe, expect, it } from "vitest";
import { birthOrderProblem, gatherOrder, orderOf, orderProblem, timestampFormatOf, timestampOrder } from "../../src/core/date-order.js";

const column = (...texts: string[]) => texts.map((text, i) => ({ row: i + 2, text }));

describe("orderOf: how one cell's date can be read", () => {
  it.each([
    ["6/7/2000", "either"],
    ["17/6/2000", "dmy"],
    ["6/17/2000", "mdy"],
    ["13/13/2000", "either"], // no date either way: the cell's own rule says so
    ["17.06.2000", "dmy"],
    ["5/13/2018 3:40:26", "mdy"],
    ["13/5/2018 15:40", "dmy"],
    ["2000-06-17", null],
    ["6/17/00", "mdy"], // a two-digit year says the order too (Excel writes timestamps so; a date of birth so is refused cell by cell)
    ["", null],
    ["about 17/6/2000", null],
  ] as const)("%j: %s", (text, order) => expect(orderOf(text)).toBe(order));
});

describe("orderProblem: a column is read one way, or not at all", () => {
  it("passes a column whose dates fit the format, or could be either", () => {
    expect(orderProblem("DOB", gatherOrder(column("6/17/2000", "6/7/2000", "")), "mdy")).toBe(null);
    expect(orderProblem("DOB", gatherOrder(column("6/7/2000", "1/2/2001")), "dmy")).toBe(null);
    expect(orderProblem("DOB", gatherOrder(column("2000-06-17")), "mdy")).toBe(null);
  });

  it("stops a day/month column read month/day (6/7/2000 was read as 7 June), naming the flag and a row", () => {
    const problem = orderProblem("Your date of birth", gatherOrder(column("6/7/2000", "17/6/2000", "30/1/1999")), "mdy");
    expect(problem).toBe(
      'column "Your date of birth" writes dates day/month/year (row 3: "17/6/2000", and 1 more), and none only fits ' +
        'month/day/year, which nest was told to read: run nest again with --date-format dmy (or put "dateFormat": "dmy" in the config)',
    );
  });

  it("and a month/day column read day/month", () => {
    expect(orderProblem("DOB", gatherOrder(column("6/17/2000")), "dmy")).toContain("run nest again with --date-format mdy");
  });

  it("stops a column that writes dates both ways, whatever the format", () => {
    for (const format of ["mdy", "dmy"] as const) {
      const problem = orderProblem("DOB", gatherOrder(column("6/17/2000", "6/7/2000", "17/6/2000", "18/6/2000")), format);
      expect(problem).toContain(
        '1 only fit month/day/year (row 2: "6/17/2000") and 2 only fit day/month/year (row 4: "17/6/2000", and 1 more)',
      );
      expect(problem).toContain("cannot tell how to read the others");
    }
  });
});

describe("timestamps: read in the order their column shows, from nest-draw/4 on", () => {
  it("follows the column, else the config", () => {
    expect(timestampOrder(gatherOrder(column("13/5/2018 15:40", "1/2/2018 9:00")), "mdy")).toBe("dmy");
    expect(timestampOrder(gatherOrder(column("5/13/2018 15:40")), "dmy")).toBe("mdy");
    expect(timestampOrder(gatherOrder(column("5/1/2018 15:40")), "dmy")).toBe("dmy");
    expect(timestampOrder(gatherOrder(column("5/13/2018 1:00", "13/5/2018 1:00")), "dmy")).toBe("dmy");
  });

  it("only for editions that decide by column", () => {
    const cells = () => gatherOrder(column("13/5/2018 15:40"));
    expect(timestampFormatOf("column", cells, "mdy")).toBe("dmy");
    expect(timestampFormatOf("cell", cells, "mdy")).toBe("mdy");
    expect(timestampFormatOf("column", null, "mdy")).toBe("mdy");
  });
});

describe("birthOrderProblem: a date-of-birth column that says nothing takes the timestamps' word (newcomer trial)", () => {
  const birth = (...texts: string[]) => ({ column: "DOB", evidence: gatherOrder(column(...texts)) });
  const stamps = (...texts: string[]) => ({ column: "Timestamp", evidence: gatherOrder(column(...texts)) });
  it("stops ambiguous dates of birth read month first in a file whose timestamps are day/month", () => {
    const problem = birthOrderProblem(birth("6/7/2000", "3/4/1999"), stamps("13/05/2018 14:22:01"), "mdy");
    expect(problem).toContain('column "Timestamp" writes dates day/month/year (row 2: "13/05/2018 14:22:01")');
    expect(problem).toContain("run nest again with --date-format dmy");
  });

  it("and lets them be when the timestamps agree, say nothing, or the dates of birth speak for themselves", () => {
    expect(birthOrderProblem(birth("6/7/2000"), stamps("13/05/2018 14:22:01"), "dmy")).toBe(null);
    expect(birthOrderProblem(birth("6/7/2000"), stamps("5/1/2018 9:00"), "mdy")).toBe(null);
    expect(birthOrderProblem(birth("6/7/2000"), null, "mdy")).toBe(null);
    expect(birthOrderProblem(birth("2000-07-06"), stamps("13/05/2018 14:22:01"), "mdy")).toBe(null);
    expect(birthOrderProblem(birth("6/17/2000"), stamps("13/05/2018 14:22:01"), "mdy")).toBe(null);
  });
});
