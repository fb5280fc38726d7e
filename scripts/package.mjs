// Writes www/dist/package/: the npm package a portal team installs (`npm install
// <path>`): the custom element with the engine inside (app.js, no dependencies), its
// TypeScript types (www/package/isms-audit.d.ts and the engine's generated .d.ts), and
// the README for embedders. Publishable, not published.
import { copyFile, mkdir, readFile, rm, writeFile } from "node:fs/promises";

const dist = process.argv[2] ?? "www/dist";
const pkg = process.argv[3] ?? "pkg";
const out = `${dist}/package`;
const cargo = await readFile("Cargo.toml", "utf8");
const field = (name) => cargo.match(new RegExp(`^${name} = "(.*)"`, "m"))[1];

await rm(out, { recursive: true, force: true });
await mkdir(out, { recursive: true });
const script = (await readFile(`${dist}/app.js`, "utf8")).replace(/\/\/# sourceMappingURL=.*$/m, "");
await writeFile(`${out}/isms-audit.js`, script);
// The exports' module runs in a Worker loaded from beside the element's script.
await copyFile(`${dist}/office-worker.js`, `${out}/office-worker.js`);
await copyFile(`${pkg}/isms_audit.d.ts`, `${out}/engine.d.ts`);
await copyFile("www/package/isms-audit.d.ts", `${out}/isms-audit.d.ts`);
await copyFile("www/package/README.md", `${out}/README.md`);
const manifest = {
  name: "isms-audit",
  version: field("version"),
  description: "The isms-audit workbench as one custom element, <isms-audit-app>, for intranet portals: ISMS audits in the browser, no server.",
  license: field("license"),
  type: "module",
  main: "./isms-audit.js",
  module: "./isms-audit.js",
  types: "./isms-audit.d.ts",
  exports: { ".": { types: "./isms-audit.d.ts", default: "./isms-audit.js" } },
  files: ["isms-audit.js", "office-worker.js", "isms-audit.d.ts", "engine.d.ts", "README.md"],
  sideEffects: true,
};
await writeFile(`${out}/package.json`, `${JSON.stringify(manifest, null, 2)}\n`);
console.log(`[build] npm package: ${out}/ (isms-audit ${manifest.version})`);
