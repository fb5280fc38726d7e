// Scores and reports in the page: the dashboard's numbers and their explanations, the
// conclusion override, the report downloaded in three formats and printed to PDF by
// Chromium; and the XSS corpus in every text field, in the page and in the report.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFile, writeFile, mkdir } from "node:fs/promises";
import { join } from "node:path";
import { ROOT, SHOTS, createProgramme, newPage, saved, startAudit, shot, signIn, suite } from "./harness.mjs";

const env = suite();

async function downloaded(page, button) {
  const waiting = page.waitForEvent("download");
  await page.locator(button).click();
  const file = await waiting;
  const chunks = await (await file.createReadStream()).toArray();
  return { name: file.suggestedFilename(), text: Buffer.concat(chunks).toString("utf8") };
}

test("scores, explanation, conclusion override, and the report in three formats and as PDF", async () => {
  const context = await env.browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
  const page = await newPage(context);
  try {
    await page.goto(env.server.url);
    await signIn(page, "Lee Lead");
    await createProgramme(page, { name: "Report programme", start: "2027-01-01", end: "2027-12-31", owner: "Lee Lead" });
    await startAudit(page, { title: "Backup and internal audit review", auditee: "Example GmbH", start: "2027-05-03", end: "2027-05-04", controls: ["A.8.13", "A.8.16"] });
    assert.equal(await page.locator("#conformity strong").textContent(), "n/a");

    await saved(page, async () => {
      await page.locator('[id="notes-A.8.16"]').fill("No monitoring tools in the audited site; covered by the group SOC audit.");
      await page.locator('[id="notes-A.8.16"]').blur();
    });
    for (const [id, result] of [["9.1", "conforming"], ["9.2.1", "conforming"], ["A.8.16", "not_applicable"], ["A.8.13", "nonconforming"]]) {
      await page.locator(`[id="result-${id}"]`).selectOption(result);
      await page.locator(`tr[data-criterion="${id}"].result-${result}`).waitFor();
    }
    await page.locator('tr[data-criterion="A.8.13"]').getByRole("button", { name: "Add finding against A.8.13" }).click();
    await page.locator("#grade").selectOption("major_nonconformity");
    await page.locator("#likelihood").selectOption("4");
    await page.locator("#statement").fill("No restore test has ever been performed for the ERP database.");
    await page.locator("#evidence").fill("Backup runbook rev 4; interview with the backup administrator on 2027-05-03.");
    await page.locator("#finding-form").getByRole("button", { name: "Add finding" }).click();
    await page.locator("#impact-error").waitFor();
    await page.locator("#impact").selectOption("5");
    await page.locator("#finding-form").getByRole("button", { name: "Add finding" }).click();
    await page.locator("#findings").getByText("critical").waitFor();
    await page.getByRole("button", { name: "Add finding", exact: true }).click();
    await page.locator("#grade").selectOption("minor_nonconformity");
    await page.locator("#criterionId").selectOption("9.2.2");
    await page.locator("#statement").fill("The audit programme omits the data centre.");
    await page.locator("#evidence").fill("Audit programme v3.");
    await page.locator("#finding-form").getByRole("button", { name: "Add finding" }).click();
    await page.locator("#findings").getByText("F-002").waitFor();

    // 9.1, 9.2.1 conforming; 9.2.2 minor; A.8.13 major: conformity 2 of 4, coverage 4 of 7.
    assert.equal(await page.locator("#conformity strong").textContent(), "50.0 %");
    assert.equal(await page.locator("#coverage strong").textContent(), "57.1 %");
    assert.equal(await page.locator("#nc-index strong").textContent(), "3.00");
    await page.locator("#conformity").getByRole("button", { name: /Why/ }).click();
    const explanation = page.locator("#explanation");
    await explanation.getByText("50.0 % = 2 / 4").waitFor();
    assert.equal(await explanation.locator("tbody tr").count(), 4);
    await explanation.getByText("nonconforming: major nonconformity").waitFor();
    assert.equal(await page.locator("#conclusion-verdict").textContent(), "The audit criteria are not fulfilled.");
    // Every other number explains itself too: a roll-up row and a grade count.
    await page.getByText("Figures by clause, theme and criteria set").click();
    await page.locator("#rollups tr", { hasText: "9 Performance evaluation" }).getByRole("button", { name: /Why/ }).click();
    await explanation.getByText("conformity 66.7 % = 2 / 3; coverage 50.0 % = 3 / 6").waitFor();
    await page.locator('#grade-counts [data-grade="major_nonconformity"]').click();
    await explanation.getByText("F-001").waitFor();
    assert.equal(await explanation.locator("tbody tr").count(), 1);

    // Overriding the rule needs a reason.
    await page.getByRole("button", { name: "Confirm or override the conclusion" }).click();
    await page.locator("#verdict").selectOption("fulfilled_with_nonconformities");
    await page.locator("#effectiveness").selectOption("partly_effective");
    await page.locator("#objectivesAchieved").selectOption("yes");
    await page.getByRole("button", { name: "Record conclusion" }).click();
    await page.locator("#reason-error").waitFor();
    await page.locator("#reason").fill("The ERP restore was tested on 2027-05-04 during the audit; the finding stays for the record.");
    await page.getByRole("button", { name: "Record conclusion" }).click();
    await page.getByText("overridden by Lee Lead").waitFor();
    assert.equal(await page.locator("#conclusion-verdict").textContent(), "The audit criteria are fulfilled, with nonconformities to correct.");

    await page.locator("#summary").fill("Backups run, but restores were never tested before this audit.");
    await page.locator("#sampling").fill("5 of 40 backup jobs from May 2027, chosen at random.");
    await page.locator("#distribution").fill("CISO\nIT operations manager");
    await page.locator("#confidentiality").fill("Internal use only; not for the supplier.");
    await page.getByRole("button", { name: "Save report details" }).click();
    await page.getByText("Saved.").waitFor();
    await page.evaluate(() => window.scrollTo(0, 0));
    await shot(page, "20-audit-scores", { fullPage: false });

    const htmlReport = await downloaded(page, "#export-html");
    assert.equal(htmlReport.name, "Backup-and-internal-audit-review_report_draft.html");
    const json = JSON.parse((await downloaded(page, "#export-json")).text);
    assert.equal(json.schema, "isms-audit/audit-report");
    assert.equal(json.schemaVersion, 4);
    assert.equal(json.classification, "Confidential", "until one is chosen");
    assert.deepEqual(json.findings.map((f) => [f.reference, f.grade, f.risk]), [["F-001", "major_nonconformity", "critical"], ["F-002", "minor_nonconformity", null]]);
    assert.equal(json.summary.verdict, "fulfilled_with_nonconformities");
    const markdown = (await downloaded(page, "#export-md")).text;
    assert.match(markdown, /^# Audit report: Backup and internal audit review/);

    // The HTML report stands alone: opened with no network and printed to PDF on A4.
    const viewer = await newPage(context);
    await viewer.setContent(htmlReport.text);
    await viewer.getByRole("heading", { name: "Backup and internal audit review" }).waitFor();
    await shot(viewer, "21-report-html", { fullPage: false });
    await mkdir(SHOTS, { recursive: true });
    const pdfPath = join(SHOTS, "report.pdf");
    await writeFile(pdfPath, await viewer.pdf({ format: "A4", printBackground: true, preferCSSPageSize: true }));
    const text = execFileSync("pdftotext", ["-layout", pdfPath, "-"], { encoding: "utf8" });
    for (const expected of [
      "Backup and internal audit review",
      "The audit criteria are fulfilled, with nonconformities to correct.",
      "F-001",
      "Major nonconformity",
      "No restore test has ever been performed for the ERP database.",
      "The ERP restore was tested on 2027-05-04",
      "5 of 40 backup jobs from May 2027",
      "Appendix A. Checklist",
      "Page 1 of",
    ]) {
      assert.ok(text.includes(expected), `the PDF says "${expected}"`);
    }
    const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync("pdfinfo", [pdfPath], { encoding: "utf8" }))[1]);
    assert.ok(pages >= 2, `the report has ${pages} pages`);
    execFileSync("pdftoppm", ["-png", "-r", "60", "-f", "1", "-l", "1", pdfPath, join(SHOTS, "22-report-pdf-page")]);
    assert.deepEqual([...page.problems, ...viewer.problems], []);
  } finally {
    await context.close();
  }
});

/** As the engine trims: Unicode White_Space only (JS's trim() also drops U+FEFF). */
const trimmed = (text) => text.replace(/^\p{White_Space}+|\p{White_Space}+$/gu, "");

test("every XSS payload stays inert text in the page and in the report", async () => {
  const corpus = (await readFile(join(ROOT, "tests/fixtures/xss_payloads.txt"), "utf8"))
    .split("\n")
    .filter((l) => l && !l.startsWith("#"));
  assert.ok(corpus.length >= 200);
  const context = await env.browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
  const page = await newPage(context);
  const dialogs = [];
  page.on("dialog", (d) => { dialogs.push(d.message()); d.dismiss(); });
  try {
    await page.goto(`${env.server.url}seed/`);
    await page.waitForFunction(() => "seedPayloads" in window);
    await page.evaluate((payloads) => window.seedPayloads(payloads), corpus);
    await page.goto(env.server.url);
    await page.locator("programme-list table button.link").first().click();
    await page.locator("programme-page table button.link").first().click();
    // The findings list draws 100 a page: read every page.
    const shown = [];
    for (let start = 0; start < corpus.length; start += 100) {
      if (start > 0) await page.locator("#findings-next").click();
      await page.locator("#findings-shown").getByText(`Findings ${start + 1}–${Math.min(start + 100, corpus.length)} of ${corpus.length}`).waitFor();
      shown.push(...await page.locator("#findings tbody tr td:nth-child(4) > div:first-child").allTextContents());
    }
    assert.deepEqual(shown, corpus.map(trimmed));
    await page.locator("#group-filter").selectOption({ index: 3 });
    await page.locator('tr[data-criterion="XSS:C-0"] summary').click();
    assert.equal(await page.evaluate(() => window.__xss), undefined);
    assert.equal(await page.title(), "isms-audit");
    await shot(page, "23-xss-page", { fullPage: false });

    // The report, with its own CSP removed, so escaping alone must keep it inert.
    const report = (await downloaded(page, "#export-html")).text;
    const unguarded = report.replace(/<meta http-equiv="Content-Security-Policy"[^>]*>/, "");
    assert.notEqual(unguarded, report);
    const viewer = await newPage(context);
    viewer.on("dialog", (d) => { dialogs.push(d.message()); d.dismiss(); });
    await viewer.setContent(unguarded, { waitUntil: "load" });
    await viewer.waitForTimeout(300);
    assert.equal(await viewer.evaluate(() => window.__xss), undefined);
    assert.equal(await viewer.title(), `Audit report: ${trimmed(corpus[5]).length <= 200 ? trimmed(corpus[5]) : "long payload"}`);
    const statements = await viewer.locator(".finding > p.pre").allTextContents();
    assert.deepEqual(statements, corpus.map(trimmed));
    assert.deepEqual(dialogs, []);
    assert.deepEqual(page.problems, []);
  } finally {
    await context.close();
  }
});
