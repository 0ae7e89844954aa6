// The floor nest is measured against: the same file read with csv-parse and written back with
// csv-stringify, streaming, and nothing else. Usage: node bench/floor.mjs in.csv out.csv
import { createReadStream, createWriteStream } from "node:fs";
import { pipeline } from "node:stream/promises";
import { parse } from "csv-parse";
import { stringify } from "csv-stringify";

const [input, output] = process.argv.slice(2);
await pipeline(createReadStream(input), parse({ bom: true, relax_column_count: true }), stringify(), createWriteStream(output));
