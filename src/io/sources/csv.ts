import { decodeExport, textProblem, utf8Start } from "../decode.js";
import { parseExport } from "../parse-export.js";
import { inputError, NestError } from "../../errors.js";
import type { Source, SourceOptions, SourceResult } from "./source.js";

/**
 * CSV as Google Forms/Sheets, Microsoft Forms/Excel and LibreOffice write it (README "How applicants are read"):
 * decoded (decode.ts), read (parse-export.ts, csv-records.ts), its text checked for what nest never reads (invalid
 * UTF-8, NUL, U+FFFD). The checks of UTF-8 text run with the hash, perhaps in another thread while this one
 * parses; a problem with the text is reported before anything found while reading it, as one thread would.
 */
export const csvSource: Source = {
  id: "csv",
  recognises: () => true,
  async read(bytes, options) {
    try {
      return await readCsv(bytes, options);
    } catch (error) {
      // A file named as a workbook that is none (a CSV renamed, a PDF): say so beside what reading it as CSV found.
      if (!(error instanceof NestError) || !/\.xls[xmb]?$/i.test(options.label)) throw error;
      const named = "its name says Excel workbook, but it is not one (an .xlsx file is a ZIP archive): nest read it as CSV";
      throw new NestError(error.message, error.exitCode, { details: [...error.details, named], cause: error });
    }
  },
};

async function readCsv(bytes: Uint8Array, { label, encoding, sheet, onProgress, digest }: SourceOptions): Promise<SourceResult> {
  if (sheet !== undefined) throw inputError({ file: label }, "is read as CSV: --sheet is for Excel workbooks (.xlsx)");
  const utf8From = utf8Start(bytes, encoding);
  const digested = digest(bytes, utf8From);
  const checked = async () => {
    const { text } = await digested();
    const problem = text === null ? null : textProblem(bytes.subarray(utf8From!), text, label);
    if (problem !== null) throw problem;
  };
  let read;
  try {
    const decoded = decodeExport(bytes, label, encoding, false);
    read = { decoded, parsed: parseExport(decoded.utf8, label, onProgress) };
  } catch (error) {
    if (utf8From !== null) await checked();
    throw error;
  }
  await checked();
  const { decoded, parsed } = read;
  return {
    table: { headers: parsed.headers, rows: parsed.rows },
    sha256: (await digested()).sha256,
    record: { encoding: decoded.encoding, delimiter: parsed.delimiter },
  };
}
