import { describe, expect, it } from "vitest";
import { NestError } from "../../src/errors.js";
import { decodeExport } from "../../src/io/decode.js";

const bytes = (...parts: (number[] | string)[]) =>
  Buffer.concat(parts.map((p) => (typeof p === "string" ? Buffer.from(p, "utf8") : Buffer.from(p))));

describe("decodeExport", () => {
  it.each([
    ["UTF-8", bytes("José,Nguyễn\n"), "utf-8"],
    ["UTF-8 with BOM", bytes([0xef, 0xbb, 0xbf], "José,Nguyễn\n"), "utf-8 with BOM"],
    ["UTF-16 LE with BOM", Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from("José,Nguyễn\n", "utf16le")]), "utf-16le with BOM"],
    [
      "UTF-16 BE with BOM",
      Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from("José,Nguyễn\n", "utf16le").swap16()]),
      "utf-16be with BOM",
    ],
  ])("%s", (_, data, encoding) => {
    const decoded = decodeExport(data, "f.csv");
    expect(decoded.utf8.toString("utf8")).toBe("José,Nguyễn\n");
    expect(decoded.encoding).toBe(encoding);
  });

  it("reads Windows-1252 when told to", () => {
    expect(decodeExport(Buffer.from([0x4a, 0x6f, 0x73, 0xe9, 0x0a]), "f.csv", "windows-1252").utf8.toString("utf8")).toBe("José\n");
  });

  it("names the first line that is not UTF-8 and suggests the flag", () => {
    const data = Buffer.concat([Buffer.from("a,b\nok,1\n"), Buffer.from([0x4a, 0x6f, 0x73, 0xe9, 0x0a])]);
    expect(() => decodeExport(data, "f.csv")).toThrowError(/^f\.csv, line 3: is not valid UTF-8.*--encoding windows-1252/);
  });

  it.each([
    [Buffer.alloc(0), "f.csv: the file is empty"],
    [Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00]), "f.csv, line 1: holds a NUL byte"],
  ])("refuses %j", (data, message) => {
    expect(() => decodeExport(data, "f.csv")).toThrowError(NestError);
    expect(() => decodeExport(data, "f.csv")).toThrowError(message);
  });
});
