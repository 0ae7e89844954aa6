#!/usr/bin/env node
// Writes fixtures/applicants.csv to standard output (npm run fixture); test/fixture.test.ts checks that the
// committed fixture is exactly this. `node scripts/generate-fixture.mjs 100000 myseed` writes a bigger one.
import { generateExport } from "./generate-export.mjs";

const [count, seed] = process.argv.slice(2);
generateExport({
  count: count === undefined ? undefined : Number(count),
  seed,
  write: (text) => process.stdout.write(text),
});
