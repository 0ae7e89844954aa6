// The second thread's module when nest runs from source (the tests, under vitest): worker.ts, compiled on the
// fly by tsx (a dev dependency; the published package runs the built worker.js and never loads this file).
import { register } from "tsx/esm/api";

register();
await import(new URL("./worker.ts", import.meta.url).href);
