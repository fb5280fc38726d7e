// Benchmarks in headless Chromium; prints each number with its same-run baseline and
// the ratio. Never a test gate: absolute times depend on the machine.
import { createServer } from "node:http";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { launch } from "../e2e/harness.mjs";

const dir = process.argv[2];
const findings = Number(process.env.BENCH_FINDINGS ?? 1000);
const server = createServer(async (req, res) => {
  const file = join(dir, req.url === "/" ? "index.html" : req.url);
  try {
    const body = await readFile(file);
    res.writeHead(200, { "content-type": file.endsWith(".js") ? "text/javascript" : "text/html" });
    res.end(body);
  } catch {
    res.writeHead(404).end();
  }
});
await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
const browser = await launch();
try {
  const page = await (await browser.newContext()).newPage();
  page.on("pageerror", (e) => console.error("page error:", e.message));
  await page.goto(`http://127.0.0.1:${server.address().port}/`);
  await page.waitForFunction(() => "bench" in window);
  page.setDefaultTimeout(0);
  const ms = (x) => `${x.toFixed(2)} ms`;
  // BENCH_ONLY=evidence,tabs (say): only the named scenarios (copy, evidence, engine, tabs,
  // encryption).
  const wanted = (scenario) => !process.env.BENCH_ONLY || process.env.BENCH_ONLY.split(",").includes(scenario);
  // The safety copy's cost per dispatch.
  if (wanted("copy")) {
    const c = await page.evaluate((n) => window.benchCopy(n), Number(process.env.BENCH_COPY_DISPATCHES ?? 300));
    console.log(`safety copy: dispatch addFinding ${ms(c.withCopy)} with the OPFS copy, ${ms(c.without)} without (median of ${c.count} each, alternating); the copy adds ${ms(c.withCopy - c.without)}`);
  }
  if (wanted("encryption")) {
    const n = Number(process.env.BENCH_ENCRYPT_FINDINGS ?? 10000);
    const x = await page.evaluate((f) => window.benchEncrypted(f, 5), n);
    console.log(`open an encrypted workspace (${x.findings} findings), key derivation excluded: ${ms(x.unlock)} median of 5; the same workspace in clear ${ms(x.open)}; ratio ${(x.unlock / x.open).toFixed(2)} (target at most 2)`);
    console.log(`key derivation when unlocking (PBKDF2-SHA-256, 600,000 rounds): ${ms(x.derive)} median of 5; protecting the workspace (two derivations, encrypting everything, the switch): ${ms(x.protect)}`);
  }
  if (wanted("evidence")) {
    const mb = Number(process.env.BENCH_EVIDENCE_MB ?? 20);
    const v = await page.evaluate((m) => window.benchEvidence(m, 5), mb);
    console.log(`attach evidence file (${v.megabytes} MB, SHA-256 + record + Blob in one strict transaction): ${ms(v.attach)} median of 5; plain strict IndexedDB put of the same Blob ${ms(v.rawPut)}; ratio ${(v.attach / v.rawPut).toFixed(2)} (WebCrypto SHA-256 alone ${ms(v.hash)})`);
    console.log(`read evidence file back verified (${v.megabytes} MB, get + SHA-256 check): ${ms(v.read)} median of 5; plain IndexedDB get of the same Blob with its bytes read ${ms(v.rawGet)}; ratio ${(v.read / v.rawGet).toFixed(2)}`);
  }
  if (wanted("engine")) {
    const r = await page.evaluate((n) => window.bench(n, 7), findings);
    console.log(`workspace: one audit (123 criteria) with ${r.findings} findings`);
    console.log(`open workspace:       ${ms(r.openMedianMs)} median of 7; plain IndexedDB read of the same stores ${ms(r.rawLoadMedianMs)}; ratio ${(r.openMedianMs / r.rawLoadMedianMs).toFixed(2)}`);
    console.log(`dispatch addFinding:  ${ms(r.dispatchMedianMs)} median of ${r.findings} (last 100: ${ms(r.dispatchMedianLast100Ms)}); plain strict IndexedDB write ${ms(r.rawWriteMedianMs)}; ratio ${(r.dispatchMedianMs / r.rawWriteMedianMs).toFixed(2)}`);
    console.log(`audit view (1 call):  ${ms(r.auditViewMs)}`);
    const scoringFindings = Number(process.env.BENCH_SCORING_FINDINGS ?? 10000);
    const s = await page.evaluate(([n, m]) => window.benchScoring(n, m, 7), [findings, scoringFindings]);
    console.log(`score audit (${s.scoringFindings} findings): ${ms(s.scoring)} median of 7; JSON.stringify of the same audit ${ms(s.scoringBaseline)}; ratio ${(s.scoring / s.scoringBaseline).toFixed(2)} (target < 10 ms)`);
    console.log(`HTML report (${s.findings} findings): ${ms(s.report)} median of 7 (${(s.reportBytes / 1024).toFixed(0)} KB); JSON.stringify of the same audit ${ms(s.reportBaseline)}; ratio ${(s.report / s.reportBaseline).toFixed(2)} (target < 100 ms)`);
    console.log(`audit view with ${s.scoringFindings} findings (what the page renders from): ${ms(s.dashboard)}`);
    const audits = Number(process.env.BENCH_PROGRAMME_AUDITS ?? 30);
    const perAudit = Number(process.env.BENCH_PROGRAMME_FINDINGS ?? 300);
    const p = await page.evaluate(([a, f]) => window.benchProgramme(a, f, 7), [audits, perAudit]);
    console.log(`programme dashboard (${p.audits} audits x ${p.perAudit} findings): ${ms(p.open)} median of 7; JSON.parse of the same audits (${(p.bytes / 1048576).toFixed(1)} MB) ${ms(p.baseline)}; ratio ${(p.open / p.baseline).toFixed(2)}`);
    const e = await page.evaluate((n) => window.benchExport(n, 5), findings);
    console.log(`office module, first export (starts the worker, loads the module): ${ms(e.firstLoad)}; on the page's thread: gathering ${ms(e.firstSync.gather)}, starting the worker ${ms(e.firstSync.start)}`);
    console.log(`.docx (${e.findings} findings): ${ms(e.docx)} median of 5 (${(e.docxBytes / 1024).toFixed(0)} KB); JSON.stringify of the same audit ${ms(e.baseline)}; ratio ${(e.docx / e.baseline).toFixed(1)}`);
    console.log(`.xlsx (${e.findings} findings): ${ms(e.xlsx)} median of 5 (${(e.xlsxBytes / 1024).toFixed(0)} KB); JSON.stringify of the same audit ${ms(e.baseline)}; ratio ${(e.xlsx / e.baseline).toFixed(1)}`);
    console.log(`export model gathered on the page's thread: ${ms(e.model)} median of 5 (report JSON from the engine ${ms(e.reportJson)}, action register ${ms(e.actions)}); page tasks over 50 ms during the exports: ${e.longTasks.length ? e.longTasks.join(", ") : "none"}`);
  }
  if (wanted("tabs")) {
    // Two tabs on one workspace: the same dispatches with a second tab open (taking in
    // each change) and with it closed.
    const tabFindings = Number(process.env.BENCH_TAB_FINDINGS ?? 2000);
    const { name, auditId } = await page.evaluate((n) => window.tabsSeed(n), tabFindings);
    const alone = await page.evaluate(([w, a]) => window.tabsDispatch(w, a, 30, 100000), [name, auditId]);
    const second = await page.context().newPage();
    await second.goto(page.url());
    await second.waitForFunction(() => "tabsFollow" in window);
    await second.evaluate((w) => window.tabsFollow(w), name);
    const withSecond = await page.evaluate(([w, a]) => window.tabsDispatch(w, a, 30, 200000), [name, auditId]);
    await new Promise((ok) => setTimeout(ok, 500));
    const { heard } = await second.evaluate(() => window.tabsHeard());
    console.log(`dispatch with a second tab open (${tabFindings} findings): ${ms(withSecond)} median of 30 (the second tab took in ${heard} changes); the same with one tab ${ms(alone)}; ratio ${(withSecond / alone).toFixed(2)} (target at most 1.5)`);
  }
} finally {
  await browser.close();
  server.close();
}
