#!/usr/bin/env node
"use strict";
// CommonJS on purpose (bin/package.json says so): Node starts a CommonJS entry point ~30 ms sooner than an ES
// module one, which is what a lone `nest --version` costs (README "Performance"). The file keeps its name, so
// that npx's cached links to bin/nest.js keep working. Everything else is the ES module CLI.
const args = process.argv.slice(2);
if (args.length === 1 && args[0] === "--version") {
  process.stdout.on("error", (error) => {
    if (error.code === "EPIPE") return;
    process.stderr.write(`nest: could not write to standard output: ${error.message}\n`);
    process.exitCode = 2;
  });
  process.stdout.write(`${require("../package.json").version}\n`);
} else {
  import("../dist/cli.js").then((cli) => cli.runFromProcess());
}
