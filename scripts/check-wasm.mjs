// Instantiates the optimised module with its generated glue, as the page does, so that
// a broken wasm-opt output fails the build instead of the page.
import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";

const outDir = resolve(process.argv[2] ?? "pkg");
const glue = await import(pathToFileURL(`${outDir}/isms_audit.js`).href);
glue.initSync({ module: await readFile(`${outDir}/isms_audit_bg.wasm`) });
console.log("[build] optimised module loads");
