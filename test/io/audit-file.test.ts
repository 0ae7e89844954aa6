import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatAuditHead, formatAuditTail } from "../../src/io/audit-file.js";

describe("audit.json written in two parts", () => {
  it("is exactly the audit as JSON with two-space indents and a line break", () => {
    const rest = fc.dictionary(
      fc.string().filter((k) => k !== "outputs"),
      fc.jsonValue(),
      { minKeys: 1 },
    );
    const outputs = fc.dictionary(fc.string(), fc.string());
    fc.assert(
      fc.property(rest, outputs, (r, o) => {
        const expected = `${JSON.stringify({ ...r, outputs: o }, null, 2)}\n`;
        expect(formatAuditHead(r) + formatAuditTail(o)).toBe(expected);
      }),
    );
  });
});
