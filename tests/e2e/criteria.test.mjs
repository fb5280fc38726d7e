// Audit criteria in the page: the SoA (import, flags, editing, export), custom criteria
// (form, import), planning an audit from the SoA and by attribute with custom criteria,
// the catalog browser, and all of it after a reload.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createProgramme, newPage, shot, signIn, suite } from "./harness.mjs";

const env = suite();

const SOA_CSV = [
  "\uFEFFControl;Title;Applicable;Justification;Implementation status;Documented information",
  "A.5.1;Policies;Yes;Baseline;Implemented;POL-001",
  "A.5.23;Cloud;No;\"No cloud services; all on premises\";;",
  "A.7.4;CCTV;No;;;",
  "A.8.13;Backup;Yes;Risk R-12;Partially implemented;BCK-01",
  "A.8.16;Monitoring;Yes;Risk R-14;Implemented;MON-02",
].join("\r\n");

test("SoA, custom criteria and criteria selection, persisted", async () => {
  const context = await env.browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
  const page = await newPage(context);
  try {
    await page.goto(env.server.url);
    await signIn(page, "Sam Auditor");

    // --- SoA: create, import a spreadsheet export, see the flag.
    await page.getByRole("button", { name: "Statements of Applicability" }).click();
    await page.locator("#name").fill("Example GmbH SoA v3");
    await page.getByRole("button", { name: "Create SoA" }).click();
    await page.getByRole("heading", { name: "Example GmbH SoA v3" }).waitFor();
    await page.locator("#soa-file").setInputFiles({ name: "soa.csv", mimeType: "text/csv", buffer: Buffer.from(SOA_CSV) });
    await page.getByRole("button", { name: "Import", exact: true }).click();
    await page.locator("#soa-flags").getByText("A.7.4").waitFor();
    assert.equal(await page.locator("#soa-applicable").textContent(), "3");

    // A bad file is refused with line and column, and nothing changes.
    const bad = "control,applicable\nA.5.1,no\nA.99.1,yes\nA.5.2,perhaps\n";
    await page.locator("#soa-file").setInputFiles({ name: "bad.csv", mimeType: "text/csv", buffer: Buffer.from(bad) });
    await page.getByRole("button", { name: "Import", exact: true }).click();
    await page.getByText("line 3, column 1: \"A.99.1\" is not an Annex A control").waitFor();
    await page.getByText("line 4, column 2: applicable is \"perhaps\"").waitFor();
    assert.equal(await page.locator("#soa-applicable").textContent(), "3");
    await shot(page, "10-soa-import-error", { fullPage: false });

    // Justify the exclusion in the table: the flag goes away.
    await page.locator('[id="justification-A.7.4"]').fill("Single office, no CCTV need; risk R-30 accepted");
    await page.locator('[id="justification-A.7.4"]').blur();
    await page.locator("#soa-flags").waitFor({ state: "detached" });
    await page.locator('[id="applicable-A.8.1"]').selectOption("yes");
    await page.locator("#soa-applicable").getByText("4").waitFor();
    const downloading = page.waitForEvent("download");
    await page.getByRole("button", { name: "Export CSV" }).click();
    const file = await downloading;
    const exported = await (await file.createReadStream()).toArray().then((chunks) => Buffer.concat(chunks).toString());
    assert.match(exported, /^control,title,applicable,justification,implementation,documents\r\n/);
    assert.match(exported, /A\.7\.4,Physical security monitoring,no,"Single office, no CCTV need; risk R-30 accepted",,\r\n/);
    assert.equal(exported.trim().split("\r\n").length, 94);
    await shot(page, "11-soa");

    // --- Custom criteria: a set, a refused and an accepted criterion, a JSON import.
    await page.getByRole("button", { name: "Custom criteria" }).click();
    await page.locator("#code").fill("POL");
    await page.locator("#name").fill("Information security policies");
    await page.getByRole("button", { name: "Create set" }).click();
    await page.getByRole("heading", { name: "POL Information security policies" }).waitFor();
    await page.getByRole("button", { name: "Add criterion" }).click();
    await page.locator("#id").fill("AC-1");
    await page.getByRole("button", { name: "Save criterion" }).click();
    await page.locator("#title-error").waitFor();
    await page.locator("#title").fill("Access is approved by the asset owner");
    await page.locator("#guidance").fill("Sample 5 access grants from the ticket system and check each owner approval.");
    await page.locator("#source").fill("POL-07 section 3.1");
    await page.getByRole("button", { name: "Save criterion" }).click();
    await page.locator("#custom-criteria").getByText("AC-1").waitFor();
    const json = JSON.stringify([{ id: "AC-2", title: "Quarterly access reviews", source: "POL-07 3.4" }]);
    await page.locator("#criteria-file").setInputFiles({ name: "policy.json", mimeType: "application/json", buffer: Buffer.from(json) });
    await page.getByRole("button", { name: "Import", exact: true }).click();
    await page.locator("#custom-criteria").getByText("Quarterly access reviews").waitFor();
    await page.locator("#criteria-file").setInputFiles({ name: "broken.json", mimeType: "application/json", buffer: Buffer.from('[{"id": "AC-3"}]') });
    await page.getByRole("button", { name: "Import", exact: true }).click();
    await page.getByText("entry 1 (id \"AC-3\", line 1): \"title\" is missing.").first().waitFor();
    await shot(page, "12-custom-criteria");

    // --- Plan an audit from the SoA, add detective controls and a custom criterion.
    await page.getByRole("button", { name: "Audit programmes" }).click();
    await createProgramme(page, { name: "ISMS 2027", start: "2027-01-01", end: "2027-12-31", owner: "Sam Auditor" });
    await page.getByRole("button", { name: "Plan an audit" }).click();
    await page.locator("#title").fill("Audit from the SoA");
    await page.locator("#plannedStart").fill("2027-04-01");
    await page.locator("#plannedEnd").fill("2027-04-02");
    await page.locator("#soaId").selectOption({ label: "Example GmbH SoA v3 (4 applicable)" });
    assert.equal(await page.locator(".count").textContent(), String(30 + 4));
    await page.locator("#attribute-filter").selectOption("controlType=Detective");
    await page.locator("#select-attribute").click();
    const afterAttribute = Number(await page.locator(".count").textContent());
    assert.ok(afterAttribute > 34, `detective controls were added (${afterAttribute})`);
    await page.getByText("Pick single criteria").click();
    await page.locator("#criteria-search").fill("access reviews");
    await page.locator('[id="criterion-POL:AC-2"]').check();
    assert.equal(Number(await page.locator(".count").textContent()), afterAttribute + 1);
    await shot(page, "13-plan-from-soa");
    await page.getByRole("button", { name: "Create audit" }).click();
    await page.getByRole("heading", { name: "Audit from the SoA" }).waitFor();
    await page.getByText("SoA: Example GmbH SoA v3").waitFor();
    assert.equal(await page.locator("tr[data-criterion]").count(), afterAttribute + 1);
    await page.locator("#group-filter").selectOption("custom:POL");
    assert.equal(await page.locator("tr[data-criterion]").count(), 1);
    await page.locator('tr[data-criterion="POL:AC-2"]').getByText("Quarterly access reviews").waitFor();

    // After a reload the SoA, the set and the audit are all there.
    await page.reload();
    await page.getByRole("button", { name: "Statements of Applicability" }).click();
    await page.getByText("none", { exact: true }).waitFor();
    await page.getByRole("button", { name: "Example GmbH SoA v3" }).click();
    assert.equal(await page.locator('[id="justification-A.7.4"]').inputValue(), "Single office, no CCTV need; risk R-30 accepted");
    await page.getByRole("button", { name: "Custom criteria" }).click();
    await page.getByRole("button", { name: "Information security policies" }).click();
    await page.locator("#custom-criteria").getByText("Access is approved by the asset owner").waitFor();
    await page.getByRole("button", { name: "Audit programmes" }).click();
    await page.getByRole("button", { name: "ISMS 2027" }).click();
    await page.getByRole("button", { name: "Audit from the SoA" }).click();
    assert.equal(await page.locator("tr[data-criterion]").count(), afterAttribute + 1);
    await page.locator('tr[data-criterion="A.8.16"] summary').click();
    await page.locator('tr[data-criterion="A.8.16"]').getByText("Typical nonconformities").waitFor();
    assert.deepEqual(page.problems, []);
  } finally {
    await context.close();
  }
});

test("catalog browser: search, attribute filter, counterparts across editions", async () => {
  const context = await env.browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await newPage(context);
  try {
    await page.goto(env.server.url);
    await page.getByRole("button", { name: "Criteria catalog" }).click();
    await page.locator("#search").fill("backup");
    await page.getByRole("button", { name: "A.8.13 Information backup" }).click();
    const detail = page.locator("#criterion-detail");
    await detail.getByText("unverified against the standard").waitFor();
    await detail.getByText("Typical nonconformities").waitFor();
    await shot(page, "14-catalog-2022", { fullPage: false });
    await detail.getByRole("button", { name: /A\.12\.3\.1/ }).click();
    await page.locator("#criterion-detail").getByRole("heading", { name: "A.12.3.1 Information backup" }).waitFor();
    await page.locator("#criterion-detail").getByText("Written for A.8.13 Information backup (2022).").waitFor();
    await page.locator("#criterion-detail").getByText("A.12.3 Backup").waitFor();

    await page.locator("#edition").selectOption("iso27001-2022");
    await page.locator("#search").fill("");
    await page.locator("#attribute").selectOption("operationalCapabilities=Identity and access management");
    const count = await page.locator("#result-count").textContent();
    assert.match(count, /^\d+ of 134 criteria/);
    await page.getByRole("button", { name: "A.5.15 Access control" }).waitFor();
    assert.equal(await page.getByRole("button", { name: "A.8.13 Information backup" }).count(), 0);
    await shot(page, "15-catalog-attribute", { fullPage: false });
    assert.deepEqual(page.problems, []);
  } finally {
    await context.close();
  }
});

test("unused programmes, planned audits, SoAs and criteria sets can be deleted", async () => {
  const context = await env.browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await newPage(context);
  page.on("dialog", (d) => d.accept());
  try {
    await page.goto(env.server.url);
    await signIn(page, "Tidy Auditor");
    await createProgramme(page, { name: "Made by mistake", start: "2027-01-01", end: "2027-12-31", owner: "Tidy Auditor" });
    await page.getByRole("button", { name: "Plan an audit" }).click();
    await page.locator("#title").fill("Wrong audit");
    await page.locator("#plannedStart").fill("2027-02-01");
    await page.locator("#plannedEnd").fill("2027-02-01");
    await page.locator("#group-5").check();
    await page.getByRole("button", { name: "Create audit" }).click();
    await page.getByRole("button", { name: "Delete audit" }).click();
    await page.getByText("No audit planned in this programme yet.").waitFor();
    await page.getByRole("button", { name: "Delete programme" }).click();
    await page.getByText("No audit programme yet").waitFor();

    await page.getByRole("button", { name: "Statements of Applicability" }).click();
    await page.locator("#name").fill("Draft SoA");
    await page.getByRole("button", { name: "Create SoA" }).click();
    await page.getByRole("button", { name: "Delete SoA" }).click();
    await page.getByText("No SoA yet.").waitFor();
    await page.getByRole("button", { name: "Custom criteria" }).click();
    await page.locator("#code").fill("TMP");
    await page.locator("#name").fill("Temporary");
    await page.getByRole("button", { name: "Create set" }).click();
    await page.getByRole("button", { name: "Delete set" }).click();
    await page.getByText("No custom criteria yet.").waitFor();

    await page.getByRole("button", { name: "Audit trail", exact: true }).click();
    await page.locator("#trail").getByText("Deleted planned audit").waitFor();
    assert.deepEqual(page.problems, []);
  } finally {
    await context.close();
  }
});

test("an audit against the 2013 edition, with guidance from the 2022 counterparts", async () => {
  const context = await env.browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await newPage(context);
  try {
    await page.goto(env.server.url);
    await signIn(page, "Legacy Auditor");
    await createProgramme(page, { name: "Transition audits", start: "2027-01-01", end: "2027-12-31", owner: "Legacy Auditor" });
    await page.getByRole("button", { name: "Plan an audit" }).click();
    await page.locator("#title").fill("Supplier still on 2013");
    await page.locator("#kind").selectOption("supplier");
    await page.locator("#plannedStart").fill("2027-06-01");
    await page.locator("#plannedEnd").fill("2027-06-02");
    await page.locator("#catalogId").selectOption("iso27001-2013");
    await page.locator('[id="group-A.12"]').check();
    assert.equal(await page.locator(".count").textContent(), "14");
    await page.getByRole("button", { name: "Create audit" }).click();
    await page.getByText("ISO/IEC 27001:2013: 14 criteria").waitFor();
    await page.locator('tr[data-criterion="A.12.3.1"] summary').click();
    await page.locator('tr[data-criterion="A.12.3.1"]').getByText("Written for A.8.13 Information backup (2022).").waitFor();
    await shot(page, "19-audit-2013", { fullPage: false });
    assert.deepEqual(page.problems, []);
  } finally {
    await context.close();
  }
});
