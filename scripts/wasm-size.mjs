// What the engine's wasm is made of (issue 15 item 7): its sections (code against
// compiled-in data), and the largest functions and the crates they come from, read from
// the name section of the release build before wasm-opt (the shipped module has none;
// wasm-opt -Oz shrinks each part by a similar share). Usage:
//   node scripts/wasm-size.mjs [module.wasm] [top]
import { readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";

const path = process.argv[2] ?? "target/wasm32-unknown-unknown/release/isms_audit.wasm";
const top = Number(process.argv[3] ?? 25);
const bytes = readFileSync(path);
let at = 8;
const leb = () => {
  let value = 0, shift = 0, byte;
  do { byte = bytes[at++]; value += (byte & 0x7f) * 2 ** shift; shift += 7; } while (byte & 0x80);
  return value;
};
const name = () => { const n = leb(); const s = bytes.toString("utf8", at, at + n); at += n; return s; };
const SECTIONS = ["custom", "type", "import", "function", "table", "memory", "global", "export", "start", "element", "code", "data", "datacount"];
const sections = [];
let imports = 0;
let bodies = [];
const names = new Map();
let dataBytes = 0;
while (at < bytes.length) {
  const id = bytes[at++];
  const size = leb();
  const end = at + size;
  let label = SECTIONS[id] ?? `section ${id}`;
  if (id === 0) {
    const start = at;
    label = `custom "${name()}"`;
    if (label === 'custom "name"') {
      while (at < end) {
        const sub = bytes[at++];
        const subEnd = leb() + at;
        if (sub === 1) for (let n = leb(); n > 0; n--) { const index = leb(); names.set(index, name()); }
        at = subEnd;
      }
    }
    at = start;
  } else if (id === 2) {
    // Count function imports: they come first in the function index space.
    for (let n = leb(); n > 0; n--) {
      name(); name();
      const kind = bytes[at++];
      if (kind === 0) { leb(); imports++; } else if (kind === 1) { at++; const f = leb(); leb(); if (f & 1) leb(); }
      else if (kind === 2) { const f = leb(); leb(); if (f & 1) leb(); } else { at += 2; }
    }
  } else if (id === 10) {
    for (let n = leb(), i = 0; i < n; i++) { const s = leb(); bodies.push({ index: imports + i, size: s }); at += s; }
  } else if (id === 11) {
    dataBytes = size;
  }
  sections.push({ label, size });
  at = end;
}
const kb = (n) => `${(n / 1024).toFixed(0)} KB`;
const total = bytes.length;
console.log(`${path}: ${kb(total)} raw, ${kb(gzipSync(bytes, { level: 9 }).length)} gzip`);
for (const s of sections.sort((a, b) => b.size - a.size).slice(0, 6)) {
  console.log(`  ${s.label.padEnd(28)} ${kb(s.size).padStart(8)}  ${((100 * s.size) / total).toFixed(1)} %`);
}
// The path segments of a mangled name (legacy `_ZN` or v0 `_R`), enough to tell the
// crate and the engine module; an impl's segment names its type (`<T as Trait>`).
const segments = (n = "") => {
  if (n.startsWith("_ZN")) {
    const out = [];
    for (let i = 3; /\d/.test(n[i] ?? "");) {
      const len = /^\d+/.exec(n.slice(i))[0];
      i += len.length;
      out.push(n.slice(i, i + Number(len)));
      i += Number(len);
    }
    return out.map((s) => s.replace(/^_?\$LT\$(impl\$u20\$)?(\$RF\$)?(mut\$u20\$)?/, "").replace(/\.\..*$/, ""));
  }
  const v0 = /C(?:s[0-9A-Za-z]*_)?(\d+)([a-z_][a-z0-9_]*)/.exec(n);
  return v0 ? [v0[2].slice(0, Number(v0[1]))] : [];
};
const crateOf = (n) => segments(n)[0] || "(unnamed)";
const byCrate = new Map();
for (const b of bodies) {
  const c = crateOf(names.get(b.index));
  byCrate.set(c, (byCrate.get(c) ?? 0) + b.size);
}
const code = bodies.reduce((n, b) => n + b.size, 0);
console.log(`code by crate (of ${kb(code)} of function bodies; data ${kb(dataBytes)}):`);
for (const [c, s] of [...byCrate].sort((a, b) => b[1] - a[1]).slice(0, 12)) {
  console.log(`  ${c.padEnd(28)} ${kb(s).padStart(8)}  ${((100 * s) / code).toFixed(1)} %`);
}
// Engine modules: the second path segment of isms_audit's functions (serde's generic
// code instantiated for an engine type counts under serde).
const byModule = new Map();
for (const b of bodies) {
  const [crate, module] = segments(names.get(b.index));
  if (crate === "isms_audit" && module) byModule.set(module, (byModule.get(module) ?? 0) + b.size);
}
console.log("functions naming an engine module, by module:");
for (const [m, s] of [...byModule].sort((a, b) => b[1] - a[1]).slice(0, 12)) console.log(`  ${m.padEnd(28)} ${kb(s).padStart(8)}`);
console.log(`largest ${top} functions:`);
for (const b of bodies.sort((a, b) => b.size - a.size).slice(0, top)) {
  console.log(`  ${kb(b.size).padStart(6)}  ${(names.get(b.index) ?? `#${b.index}`).slice(0, 110)}`);
}
