// Bundles report.html's checking script for an edition ONCE, into src/render/report/nest-draw-<n>.script.ts, which is
// then committed and never made again (README "What stays verifiable"): every report.html of that edition carries its
// bytes, whatever core becomes. Refuses to write over a frozen one. Usage: node scripts/freeze-report-script.mjs 6
import { existsSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const n = process.argv[2];
if (!/^\d+$/.test(n ?? "")) throw new Error("usage: node scripts/freeze-report-script.mjs <edition number>");
const target = join(root, "src", "render", "report", `nest-draw-${n}.script.ts`);
if (existsSync(target) && process.argv[3] !== "--print")
  throw new Error(`${target} is frozen: a draw's page must stay the same bytes. A change is a new edition's script.`);

const result = await build({
  absWorkingDir: root,
  entryPoints: [`src/render/report/page-${n}.ts`],
  bundle: true,
  write: false,
  format: "iife",
  platform: "browser",
  target: "es2020",
  charset: "ascii",
  legalComments: "none",
  minify: false,
  sourcemap: false,
  logLevel: "error",
});
const code = result.outputFiles[0].text;
// Inlined in a <script> element: nothing in it may end the element or open a comment there.
if (/<\/script|<!--/i.test(code)) throw new Error("the bundle holds </script or <!--, which cannot be inlined");
if (code.includes(root)) throw new Error("the bundle names this machine's folders");
const text =
  `// report.html's checking script for nest-draw/${n} draws: src/render/report/page-${n}.ts and the core it imports, bundled\n` +
  `// once by scripts/freeze-report-script.mjs (esbuild) and frozen. Never regenerate or edit it: every report.html of\n` +
  `// nest-draw/${n} carries these bytes, and nest verify writes them again (README "What stays verifiable").\n` +
  `export const REPORT_SCRIPT_${n} = ${JSON.stringify(code)};\n`;
if (process.argv[3] === "--print") process.stdout.write(code);
else writeFileSync(target, text);
