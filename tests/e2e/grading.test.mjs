// Grading and conclusions in the page: no default grade, the grade definitions beside
// the choice, a finding against two criteria, "not applicable" refused on a management-system clause with the message at
// the result, a systemic major grouping two minors, and the conclusion confirmed with the
// effectiveness and objectives statements, worded for a supplier audit.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createProgramme, startAudit, newPage, shot, signIn, suite } from "./harness.mjs";

const env = suite();

async function addFinding(page, { grade, criterion, also = [], statement, evidence, groups = [] }) {
  await page.getByRole("button", { name: "Add finding", exact: true }).click();
  if (grade) await page.locator("#grade").selectOption(grade);
  await page.locator("#criterionId").selectOption(criterion);
  if (also.length) await page.locator("#alsoAgainst").selectOption(also);
  if (groups.length) await page.locator("#groups").selectOption(groups.map((label) => ({ label })));
  await page.locator("#statement").fill(statement);
  await page.locator("#evidence").fill(evidence);
  await page.locator("#finding-form").getByRole("button", { name: "Add finding" }).click();
}

test("an audit is graded explicitly, a clause cannot be excluded, a major groups two minors, the conclusion is confirmed", async () => {
  const context = await env.browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await newPage(context);
  try {
    await page.goto(env.server.url);
    await signIn(page, "Gale Grader");
    await createProgramme(page, { name: "Supplier audits 2027", start: "2027-01-01", end: "2027-12-31", owner: "Procurement security" });
    await startAudit(page, { title: "Northwind Hosting supplier audit", kind: "supplier", auditee: "Northwind Hosting Ltd", start: "2027-06-07", end: "2027-06-08", controls: ["A.8.13"] });

    // A management-system clause is never "not applicable": refused beside the result.
    await page.locator('[id="notes-9.3.1"]').fill("Management review not in the contract.");
    await page.locator('[id="notes-9.3.1"]').blur();
    await page.locator('[id="result-9.3.1"]').selectOption("not_applicable");
    const refusal = page.locator('tr[data-criterion="9.3.1"] .field-error');
    await refusal.getByText("cannot be excluded").waitFor();
    assert.equal(await page.locator('[id="result-9.3.1"]').inputValue(), "not_audited");
    await page.locator('tr[data-criterion="9.3.1"]').scrollIntoViewIfNeeded();
    await shot(page, "30-grading-clause-not-applicable-refused", { fullPage: false });

    // No default grade: a finding without one is refused at the grade, whose meanings
    // are shown with the form.
    await addFinding(page, {
      criterion: "9.2.2",
      statement: "The 2026 audit programme did not include the Leeds data centre.",
      evidence: "Audit programme 2026 rev 2; interview with the ISMS manager.",
    });
    await page.locator("#grade-error").getByText("Choose a grade").waitFor();
    await page.locator(".grade-definitions").getByText("isolated lapse").waitFor();
    await page.locator("#finding-form").scrollIntoViewIfNeeded();
    await shot(page, "31-grading-grade-required", { fullPage: false });
    await page.locator("#grade").selectOption("minor_nonconformity");
    await page.locator("#finding-form").getByRole("button", { name: "Add finding" }).click();
    await page.locator("#findings").getByText("F-001").waitFor();

    await addFinding(page, {
      grade: "minor_nonconformity",
      criterion: "9.2.2",
      also: ["A.8.13"],
      statement: "Audit results of 2026 were not reported to management within the month the procedure asks for.",
      evidence: "Audit reports IA-2026-03 and IA-2026-05; management meeting minutes.",
    });
    await page.locator("#findings").getByText("F-002").waitFor();
    // One finding against two criteria: listed with both, and both count it.
    await page.locator("#findings tr", { hasText: "F-002" }).getByText("A.8.13").waitFor();
    assert.match(await page.locator("#coverage").textContent(), /2 of 7 in scope audited/);
    // Two nonconformities on one requirement: the page asks whether they are systemic.
    await page.locator("#warnings").getByText("share criterion 9.2.2").waitFor();

    await addFinding(page, {
      grade: "major_nonconformity",
      criterion: "9.2.2",
      statement: "The internal audit process is not working: coverage and reporting both fail.",
      evidence: "F-001 and F-002.",
      groups: ["F-001 Minor nonconformity · 9.2.2", "F-002 Minor nonconformity · 9.2.2, A.8.13"],
    });
    await page.locator("#findings tr", { hasText: "F-003" }).getByText("Systemic: groups F-001, F-002").waitFor();
    assert.equal(await page.locator("#warnings").count(), 0);

    // The conclusion needs the effectiveness and objectives statements.
    await page.getByRole("button", { name: "Confirm or override the conclusion" }).click();
    await page.getByRole("button", { name: "Record conclusion" }).click();
    await page.locator("#effectiveness-error").waitFor();
    await page.locator("#effectiveness").selectOption("partly_effective");
    await page.locator("#objectivesAchieved").selectOption("yes");
    await page.getByRole("button", { name: "Record conclusion" }).click();
    await page.locator("#decided-by").getByText("confirmed by Gale Grader").waitFor();
    // A supplier audit states its verdict as an approval decision.
    assert.equal(await page.locator("#conclusion-verdict").textContent(), "Not approved.");
    await page.locator("#statements").getByText("Audit objectives achieved").waitFor();
    await page.evaluate(() => window.scrollTo(0, 0));
    await shot(page, "32-grading-conclusion", { fullPage: false });
    assert.deepEqual(page.problems, []);
  } finally {
    await context.close();
  }
});
