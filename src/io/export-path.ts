import { existsSync } from "node:fs";
import { isAbsolute, join, relative, resolve, sep } from "node:path";
import { ExitCode, NestError } from "../errors.js";

/**
 * How a draw records the path of a file it read (audit.json input.path, and config.source), and where verify
 * looks for the export again. An edition says which (core/edition.ts inputPath): the path as typed (nest-draw/1
 * and /2), which differs between "./x.csv" and the same file's full path and may hold a user's name; or the
 * file's path from the draw's folder, written with "/" whatever the system ("../applicants.csv" for a draw into a
 * folder beside the export). Standard input is "-".
 */
export function recordedPath(how: "typed" | "fromFolder", folder: string, file: string | null): string {
  if (file === null) return "-";
  if (how === "typed") return file;
  const path = relative(resolve(folder), resolve(file));
  // On Windows an export on another drive has no relative path: relative() gives it whole.
  return isAbsolute(path) ? path : path.split(sep).join("/");
}

/**
 * The export a draw read, for verify: the one given (--input), or the recorded path, or a file of the recorded
 * name in the draw's folder (`dir`) or beside it. Exit 2 when none is there.
 */
export function locateExport(
  given: string | undefined,
  how: "typed" | "fromFolder",
  recordedPath: string,
  recordedName: string,
  dir: string,
  auditPath: string,
): string {
  if (given !== undefined) return given;
  if (recordedPath === "-") {
    throw new NestError(`${auditPath}: the draw read its export from standard input; name it with --input FILE`, ExitCode.input);
  }
  // A typed path was typed where the draw ran, most likely the folder that holds the draw's folder: that first,
  // since a file of that path in the folder verify runs in may be another one.
  const relativeTo = how === "fromFolder" ? dir : join(dir, "..");
  const candidates = [
    isAbsolute(recordedPath) ? recordedPath : join(relativeTo, recordedPath),
    join(dir, recordedName),
    join(dir, "..", recordedName),
    ...(how === "typed" ? [recordedPath] : []),
  ];
  const found = candidates.find((c) => existsSync(c));
  if (found === undefined) {
    throw new NestError(
      `cannot find the export ${recordedName} (looked at ${[...new Set(candidates)].join(", ")}); name it with --input FILE`,
      ExitCode.input,
    );
  }
  return found;
}
