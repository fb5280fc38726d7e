// Instantiates the optimised module with its generated glue, as the page does, so that
// a broken wasm-opt output fails the build instead of the page.
import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";

const outDir = resolve(process.argv[2] ?? "pkg");
const name = process.argv[3] ?? "isms_audit";
const glue = await import(pathToFileURL(`${outDir}/${name}.js`).href);
glue.initSync({ module: await readFile(`${outDir}/${name}_bg.wasm`) });
console.log(`[build] optimised module ${name} loads`);
