// Closing an audit in the page (ISO 19011 6.5-6.7): the report is reviewed, approved,
// issued and distributed; a later edit leaves the issued copy as it was (downloaded and
// compared, with its SHA-256); the audit completes; a nonconformity's corrective action
// goes from proposed to verified effective and closed; an overdue action shows in the
// action register.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { createProgramme, newPage, recordFeasible, shot, signIn, suite } from "./harness.mjs";

const env = suite();

async function downloaded(page, locator) {
  const waiting = page.waitForEvent("download");
  await locator.click();
  const file = await waiting;
  const chunks = await (await file.createReadStream()).toArray();
  return { name: file.suggestedFilename(), text: Buffer.concat(chunks).toString("utf8") };
}

const sha256 = (text) => createHash("sha256").update(text, "utf8").digest("hex");

test("issue control, distribution, frozen issued copy, completion, follow-up and the action register", async () => {
  const context = await env.browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
  const page = await newPage(context);
  try {
    await page.goto(env.server.url);
    await signIn(page, "Lee Lead");
    await createProgramme(page, { name: "Closure programme", start: "2027-01-01", end: "2027-12-31", owner: "Lee Lead" });
    await page.getByRole("button", { name: "Plan an audit" }).click();
    await page.locator("#title").fill("Backup audit");
    await page.locator("#auditee").fill("Example GmbH");
    await page.locator("#plannedStart").fill("2027-05-03");
    await page.locator("#plannedEnd").fill("2027-05-04");
    await page.getByText("Pick single criteria").click();
    await page.locator('[id="criterion-A.8.13"]').check();
    await page.getByRole("button", { name: "Create audit" }).click();
    await recordFeasible(page);
    await page.locator("#status-action").click();
    await page.locator("#status").getByText("In progress").waitFor();

    await page.locator('[id="result-A.8.13"]').selectOption("nonconforming");
    await page.locator('tr[data-criterion="A.8.13"].result-nonconforming').waitFor();
    await page.locator('tr[data-criterion="A.8.13"]').getByRole("button", { name: "Add finding against A.8.13" }).click();
    await page.locator("#grade").selectOption("major_nonconformity");
    await page.locator("#statement").fill("No restore test has ever been performed.");
    await page.locator("#evidence").fill("Backup runbook rev 4.");
    await page.locator("#finding-form").getByRole("button", { name: "Add finding" }).click();
    await page.locator("#findings").getByText("F-001").waitFor();
    await page.getByRole("button", { name: "Confirm or override the conclusion" }).click();
    await page.locator("#effectiveness").selectOption("effective");
    await page.locator("#objectivesAchieved").selectOption("yes");
    await page.getByRole("button", { name: "Record conclusion" }).click();
    await page.locator("#decided-by").getByText("confirmed by Lee Lead").waitFor();

    // The draft says DRAFT in every format.
    assert.match((await downloaded(page, page.locator("#export-html"))).text, /id="draft-mark">DRAFT/);
    assert.match((await downloaded(page, page.locator("#export-md"))).text, /\*\*DRAFT\*\*/);
    assert.equal(JSON.parse((await downloaded(page, page.locator("#export-json"))).text).issue.state, "draft");

    // Completing now lists what is missing.
    await page.locator("#status-action").click();
    const completing = page.locator('form[aria-label="Complete the audit"]');
    await completing.getByText("No version of the report has been issued").waitFor();
    await completing.scrollIntoViewIfNeeded();
    await shot(page, "39-completion-conditions", { fullPage: false });
    await completing.getByRole("button", { name: "Cancel" }).click();

    // Review, approval, issue: each signed by the user.
    assert.ok(await page.locator("#issue-report").isDisabled());
    await page.locator("#review-report").click();
    await page.locator("#report-stage").getByText("Reviewed by Lee Lead").waitFor();
    await page.locator("#approve-report").click();
    await page.locator("#report-stage").getByText("approved by Lee Lead").waitFor();
    await page.locator("#issue-report").click();
    const v1 = page.locator('#versions [data-version="1"]');
    await v1.getByText("issued by Lee Lead").waitFor();
    await page.locator("#report-stage").getByText("The next version (2) is a draft").waitFor();

    // Distributed: who, how, when.
    const receipt = page.locator('form[aria-label="Record a recipient"]');
    await receipt.locator("#recipient").fill("CISO");
    await receipt.locator("#method").fill("e-mail");
    await receipt.locator("#date").fill("2027-05-06");
    await receipt.getByRole("button", { name: "Record recipient" }).click();
    await v1.locator("tbody tr", { hasText: "CISO" }).getByText("2027-05-06").waitFor();

    // The issued version's files come from the download bar, version chosen there.
    await page.locator("#export-version").selectOption({ label: "issued version 1" });
    const issued = await downloaded(page, page.locator("#export-html"));
    assert.equal(issued.name, "Backup-audit_report_v1.html");
    assert.doesNotMatch(issued.text, /DRAFT/);
    assert.match(issued.text, /Version 1, issued by Lee Lead/);
    assert.match(await v1.locator(".hash").textContent(), new RegExp(`HTML ${sha256(issued.text)}`));
    const issuedJson = await downloaded(page, page.locator("#export-json"));
    assert.equal(JSON.parse(issuedJson.text).issue.version, 1);
    await page.locator('section[aria-label="Audit report"]').scrollIntoViewIfNeeded();
    await shot(page, "40-report-issued");

    // A later edit changes the draft, never the issued copy.
    await page.locator("#summary").fill("Rewritten after the report was issued.");
    await page.getByRole("button", { name: "Save report details" }).click();
    await page.getByText("Saved.").waitFor();
    await page.locator("#export-version").selectOption({ label: "current draft" });
    assert.match((await downloaded(page, page.locator("#export-html"))).text, /Rewritten after the report was issued/);
    await page.locator("#export-version").selectOption({ label: "issued version 1" });
    const again = await downloaded(page, page.locator("#export-html"));
    assert.equal(again.text, issued.text);
    assert.equal((await downloaded(page, page.locator("#export-json"))).text, issuedJson.text);

    // Everything is met now: completing needs no acknowledgement.
    await page.locator("#status-action").click();
    await page.locator("#status").getByText("Completed").waitFor();

    // Follow-up after completion: correction, root cause, two actions.
    const nc = page.locator('audit-follow-up [data-finding="F-001"]');
    await nc.locator('[id="correction-F-001"]').fill("Restored the ERP database once by hand.");
    await nc.locator('[id="method-F-001"]').fill("5 whys");
    await nc.locator('[id="cause-F-001"]').fill("No one owns restore testing.");
    await nc.getByRole("button", { name: "Save correction and root cause" }).click();
    const propose = async (what, owner, due) => {
      await nc.locator('[id="action-F-001"]').fill(what);
      await nc.locator('[id="owner-F-001"]').fill(owner);
      await nc.locator('[id="due-F-001"]').fill(due);
      await nc.getByRole("button", { name: "Propose action" }).click();
    };
    await propose("Schedule quarterly restore tests", "Sam Admin", "2099-06-30");
    await nc.locator('[data-action="F-001-1"]').waitFor();
    // Due a month ago (the page's "today" is the machine's date).
    const past = new Date(Date.now() - 30 * 864e5).toISOString().slice(0, 10);
    await propose("Name an owner for restore testing", "Pat Owner", past);
    await nc.locator('[data-action="F-001-2"]').getByText("overdue").waitFor();
    const a1 = nc.locator('[data-action="F-001-1"]');
    const status1 = nc.locator('[id="action-status-F-001-1"]');
    await a1.getByRole("button", { name: "Accept" }).click();
    await status1.getByText("Accepted").waitFor();
    await a1.locator('[id="evidence-F-001-1"]').fill("Restore test plan v1, signed");
    await a1.locator('[id="date-F-001-1"]').fill("2027-07-01");
    await a1.getByRole("button", { name: "Record implementation" }).click();
    await status1.getByText("Implemented").waitFor();
    await a1.locator('[id="evidence-F-001-1"]').fill("Three restores in a row succeeded (tickets 11, 12, 13)");
    await a1.locator('[id="date-F-001-1"]').fill("2027-10-01");
    await a1.getByRole("button", { name: "Verified effective" }).click();
    await status1.getByText("Verified effective").waitFor();
    await a1.getByRole("button", { name: "Close" }).click();
    await status1.getByText("Closed").waitFor();
    await a1.getByText("effective 2027-10-01: Three restores").waitFor();
    await nc.scrollIntoViewIfNeeded();
    await shot(page, "41-follow-up");

    // The register: the overdue action is flagged; the closed one is not open.
    await page.getByRole("button", { name: "Action register" }).click();
    await page.locator("#overdue-count").getByText("1").waitFor();
    assert.equal(await page.locator("#open-count").textContent(), "1");
    const rows = page.locator("#actions tbody tr");
    assert.equal(await rows.count(), 1);
    assert.equal(await rows.first().getAttribute("data-overdue"), "true");
    await rows.first().getByText("Name an owner for restore testing").waitFor();
    await page.locator("#filter-status").selectOption("closed");
    await page.locator("#actions").getByText("Schedule quarterly restore tests").waitFor();
    await page.locator("#filter-status").selectOption("");
    assert.equal(await rows.count(), 2);
    await page.locator("#filter-owner").fill("pat");
    assert.equal(await rows.count(), 1);
    await page.locator("#filter-owner").fill("");
    await page.locator("#filter-status").selectOption("open");
    await shot(page, "42-action-register", { fullPage: false });

    // Every step is in the trail.
    await page.getByRole("button", { name: "Audit trail", exact: true }).click();
    await page.locator("#trail-status").getByText("hash chain is intact").waitFor();
    for (const label of ["Reviewed report", "Approved report", "Issued report version", "Recorded report recipient", "Proposed corrective action", "Moved corrective action on"]) {
      await page.locator("#trail").getByText(label).first().waitFor();
    }
    assert.deepEqual(page.problems, []);
  } finally {
    await context.close();
  }
});
