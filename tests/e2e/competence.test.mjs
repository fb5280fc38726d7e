// Auditor competence (issue 11): a manager records three auditors (and their own
// profile), evaluates one, sets the programme's criteria, builds the team of an audit
// whose scope includes one auditor's own unit (flagged, then justified, then replaced
// by a technical expert who fills the coverage gap under the lead auditor); the
// reminders show on the programme page; after a reload everything is still there.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createProgramme, newPage, shot, signIn, suite } from "./harness.mjs";

const env = suite();

async function recordAuditor(page, { name, roles, areas, outside = "", ties = "" }) {
  await page.locator("#new-auditor").click();
  await page.locator("#name").fill(name);
  for (const r of roles) await page.locator(`input[name="role-${r}"]`).check();
  for (const a of areas) await page.locator(`input[name="area-${a}"]`).check();
  if (outside) await page.locator("#outsideAudits").fill(outside);
  if (ties) await page.locator("#affiliations").fill(ties);
  await page.getByRole("button", { name: "Record auditor" }).click();
  await page.locator("#auditor-name").getByText(name).waitFor();
  await page.getByRole("button", { name: "All auditors" }).click();
  await page.getByRole("table", { name: "Auditor register" }).getByText(name).waitFor();
}

test("record auditors, evaluate, set criteria, build a checked team; reload keeps it", { timeout: 300_000 }, async () => {
  const context = await env.browser.newContext({ viewport: { width: 1366, height: 900 } });
  const page = await newPage(context);
  try {
    await page.goto(env.server.url);
    await signIn(page, "Mia Manager");
    await createProgramme(page, { name: "Competence programme 2027", start: "2027-01-01", end: "2027-12-31", owner: "Mia Manager" });

    // The register, reached from the header, says who can see it.
    await page.getByRole("button", { name: "Auditors", exact: true }).click();
    await page.locator("#privacy-note").getByText("Personal data.").waitFor();
    await recordAuditor(page, {
      name: "Lena Lead", roles: ["lead_auditor"], areas: ["isms", "risk", "controls", "audit_methods"],
      outside: "Supplier audit Acme; 2026-05-20; 2; lead auditor; ISO/IEC 27001:2022",
    });
    await recordAuditor(page, {
      name: "Ivo IT", roles: ["auditor"], areas: ["isms", "technology"], ties: "IT operations; works in",
    });
    await recordAuditor(page, { name: "Tara Tech", roles: ["technical_expert"], areas: ["technology"] });
    // The manager's own competence is recorded the same way.
    await recordAuditor(page, { name: "Mia Manager", roles: ["programme_manager"], areas: ["isms", "audit_methods"] });
    assert.equal(await page.getByRole("table", { name: "Auditor register" }).locator("tbody tr").count(), 4);

    // A bad certification line is refused with what to fix; nothing is saved.
    await page.getByRole("button", { name: "Lena Lead" }).click();
    await page.locator("#edit-profile").click();
    await page.locator("#certifications").fill("Lead auditor; TÜV; 2024-13-01");
    await page.getByRole("button", { name: "Save profile" }).click();
    await page.getByText("is not a date; write it as YYYY-MM-DD").first().waitFor();
    await page.locator("#certifications").fill("ISMS lead auditor course; TÜV; 2024-03-01; 2027-03-01");
    await page.getByRole("button", { name: "Save profile" }).click();
    await page.locator("#edit-profile").waitFor();

    // An evaluation: the person cannot evaluate themselves; then recorded.
    await page.locator("#new-evaluation").click();
    await page.locator("#evaluator").fill("Lena Lead");
    await page.locator('input[name="method-observation"]').check();
    await page.getByRole("combobox", { name: "Outcome: Behaviour: Ethical" }).selectOption("met");
    await page.getByRole("button", { name: "Record evaluation" }).click();
    await page.getByText("Nobody evaluates their own competence").waitFor();
    await page.locator("#evaluator").fill("Mia Manager");
    await page.getByRole("button", { name: "Record evaluation" }).click();
    await page.getByRole("table", { name: "Evaluations" }).getByText("Mia Manager").waitFor();
    await page.locator("#new-cpd").click();
    await page.locator("#hours").fill("6");
    await page.locator("#topic").fill("Cloud security workshop");
    await page.getByRole("button", { name: "Add CPD" }).click();
    await page.getByRole("table", { name: "CPD log" }).getByText("Cloud security workshop").waitFor();
    await shot(page, "competence-01-profile");

    // The programme's criteria: defaults until saved.
    await page.getByRole("button", { name: "Audit programmes" }).click();
    await page.getByRole("button", { name: "Competence programme 2027" }).click();
    await page.locator("#competence-reminders").getByText("Ivo IT").first().waitFor();
    await page.getByRole("button", { name: "Auditor competence" }).click();
    await page.getByText("These are the defaults").waitFor();
    await page.locator("#lead_auditor-minAudits").fill("1");
    await page.locator("#lead_auditor-minAuditDays").fill("2");
    await page.locator("#impartialityMonths").fill("24");
    await page.getByRole("button", { name: "Save criteria" }).click();
    await page.getByText("Set for this programme.").waitFor();
    await shot(page, "competence-02-criteria");

    // An audit whose scope includes Ivo's own unit and a technological control.
    await page.getByRole("button", { name: "Overview" }).click();
    await page.getByRole("button", { name: "Plan an audit" }).click();
    await page.locator("#title").fill("IT operations audit");
    await page.locator("#auditee").fill("Own organisation");
    await page.locator('[id="scope.units"]').fill("IT operations");
    await page.locator("#plannedStart").fill("2027-04-01");
    await page.locator("#plannedEnd").fill("2027-04-02");
    await page.getByText("Pick single criteria").click();
    await page.locator('[id="criterion-A.8.13"]').check();
    await page.getByRole("button", { name: "Create audit" }).click();
    await page.getByRole("heading", { name: "IT operations audit" }).waitFor();
    await page.locator("#conduct-link").click();
    await page.locator("#tab-team").click();
    const coverage = page.getByRole("table", { name: "Team coverage" });
    await page.getByRole("table", { name: "Candidates" }).getByText("Ivo IT works in IT operations, which is in scope").waitFor();

    // The lead auditor alone: technology is a gap.
    await page.locator("#member-0-profile").selectOption({ label: "Lena Lead" });
    await page.locator("#member-0-role").selectOption("lead_auditor");
    await page.getByRole("button", { name: "Save team" }).click();
    await page.getByRole("table", { name: "Candidates" }).getByRole("row", { name: /Lena Lead/ }).getByText("Lead auditor", { exact: true }).waitFor();
    await coverage.getByRole("row", { name: /Information and communication technology/ }).getByText("Gap").waitFor();

    // Ivo is flagged: refused without a justification, saved with one.
    await page.locator("#member-1-profile").selectOption({ label: "Ivo IT" });
    await page.locator("#member-1-role").selectOption("auditor");
    await page.getByRole("button", { name: "Save team" }).click();
    await page.getByText("Impartiality: Ivo IT works in IT operations").waitFor();
    await shot(page, "competence-03-flagged");
    await page.locator("#member-1-justification").fill("Only auditor who knows the backup tooling; the lead auditor reviews his findings.");
    await page.getByRole("button", { name: "Save team" }).click();
    await page.getByRole("table", { name: "Candidates" }).getByText("Auditor (justified)", { exact: true }).waitFor();
    await coverage.getByRole("row", { name: /Information and communication technology/ }).getByText("Ivo IT").waitFor();

    // Replaced by the technical expert, who fills the gap under the lead auditor.
    await page.locator("#member-1-profile").selectOption({ label: "Tara Tech" });
    await page.locator("#member-1-role").selectOption("technical_expert");
    await page.locator("#member-1-justification").fill("");
    await page.getByRole("button", { name: "Save team" }).click();
    await coverage.getByText("Tara Tech (technical expert, under the lead auditor)").waitFor();
    await shot(page, "competence-04-team");

    // Reload: everything is still there.
    await page.reload();
    await page.getByRole("table", { name: "Team coverage" }).getByText("Tara Tech (technical expert, under the lead auditor)").waitFor();
    assert.equal(await page.locator("#member-0-name").inputValue(), "Lena Lead");
    await page.getByRole("button", { name: "Auditors", exact: true }).click();
    assert.equal(await page.getByRole("table", { name: "Auditor register" }).locator("tbody tr").count(), 4);
    await page.getByRole("button", { name: "Lena Lead" }).click();
    await page.getByRole("table", { name: "Evaluations" }).getByText("Mia Manager").waitFor();
    await page.getByRole("table", { name: "Audit experience log" }).getByText("IT operations audit").waitFor();
    await page.getByRole("table", { name: "Audit experience log" }).getByText("Supplier audit Acme").waitFor();

    // Export and erase Ivo: the profile keeps a pseudonym only.
    await page.getByRole("button", { name: "All auditors" }).click();
    await page.getByRole("button", { name: "Ivo IT" }).click();
    const download = page.waitForEvent("download");
    await page.locator("#export-profile").click();
    const file = await download;
    assert.match(file.suggestedFilename(), /^auditor-Ivo-IT_\d{4}-\d{2}-\d{2}\.json$/);
    page.once("dialog", (d) => d.accept());
    await page.locator("#erase-profile").click();
    await page.locator("#auditor-name").getByText("Former auditor 1").waitFor();
    await shot(page, "competence-05-erased");
    assert.deepEqual(page.problems, []);
  } finally {
    await context.close();
  }
});
