// Preloaded (node --require) into each measured process: records its peak resident memory when it exits.
const { writeFileSync } = require("node:fs");
process.on("exit", () => {
  if (process.env.NEST_BENCH_RSS_FILE) writeFileSync(process.env.NEST_BENCH_RSS_FILE, String(process.resourceUsage().maxRSS * 1024));
});
