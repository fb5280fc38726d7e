// Writes www/dist/isms-audit.html: the whole app in one file (script, styles and wasm
// inline) for opening from disk or mailing to an auditor. Chromium refuses module
// scripts from file://, but accepts an inline one; the CSP allows exactly that script
// by its SHA-256, so the single file is as locked down as the served page.
import { createHash } from "node:crypto";
import { readFile, writeFile } from "node:fs/promises";

const dist = process.argv[2] ?? "www/dist";
// "</script" inside the bundle would end the element early; "<\/" means the same in JS.
const script = (await readFile(`${dist}/app.js`, "utf8"))
  .replace(/\/\/# sourceMappingURL=.*$/m, "")
  .replaceAll("</script", "<\\/script");
const css = await readFile(`${dist}/page.css`, "utf8");
// The office module's Worker, as a data block the page starts from a blob on first use
// (www/src/office.ts): a data block never runs, so the CSP needs no hash for it, only
// `worker-src blob:` to start it.
const officeWorker = (await readFile(`${dist}/office-worker.js`, "utf8")).replaceAll("</script", "<\\/script");
const hash = createHash("sha256").update(script).digest("base64");
const csp = [
  "default-src 'none'",
  "connect-src 'none'",
  `script-src 'sha256-${hash}' 'wasm-unsafe-eval'`,
  "worker-src blob:",
  `style-src 'sha256-${createHash("sha256").update(css).digest("base64")}'`,
  "img-src data:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join("; ");
const html = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<title>isms-audit</title>
<link rel="icon" href="data:,">
<style>${css}</style>
<script type="module">${script}</script>
<script type="text/plain" id="isms-office-worker">${officeWorker}</script>
</head>
<body>
<isms-audit-app></isms-audit-app>
</body>
</html>
`;
await writeFile(`${dist}/isms-audit.html`, html);
console.log(`[build] single file: ${dist}/isms-audit.html (${Math.round(html.length / 1024)} KB)`);
