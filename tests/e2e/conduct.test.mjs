// Conducting an audit (issue 9): an auditor initiates an audit and records its
// feasibility (the audit cannot start before), builds a team of three with assignments,
// reviews a document, plans three sessions (a double booking is shown, then fixed),
// records the auditee's acceptance, prints the plan, starts the audit, holds the opening
// meeting, raises a finding from the document review's gap, holds the closing meeting
// with the auditee's acknowledgement, logs an escalation, filters the checklist to "my
// items"; after a reload everything is still there.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createProgramme, newPage, shot, signIn, suite } from "./harness.mjs";

const env = suite();

test("initiate, staff, plan, print, meet and log an audit; reload keeps it all", { timeout: 240_000 }, async () => {
  const context = await env.browser.newContext({ viewport: { width: 1366, height: 900 } });
  const page = await newPage(context);
  try {
    await page.goto(env.server.url);
    await signIn(page, "Ana Lead");
    await createProgramme(page, { name: "Conduct programme 2027", start: "2027-01-01", end: "2027-12-31", owner: "Ana Lead" });
    await page.getByRole("button", { name: "Plan an audit" }).click();
    await page.locator("#title").fill("Supplier ISMS audit");
    await page.locator("#auditee").fill("Muster Hosting GmbH");
    await page.locator("#plannedStart").fill("2027-04-01");
    await page.locator("#plannedEnd").fill("2027-04-02");
    await page.getByText("Pick single criteria").click();
    for (const id of ["A.5.15", "A.8.8", "A.8.13"]) await page.locator(`[id="criterion-${id}"]`).check();
    await page.getByRole("button", { name: "Create audit" }).click();
    await page.getByRole("heading", { name: "Supplier ISMS audit" }).waitFor();

    // The audit cannot start while its feasibility is undetermined.
    await page.locator("#status-action").click();
    await page.getByText("The feasibility of this audit is undetermined").waitFor();
    assert.equal(await page.locator("#status").textContent(), "Planned");

    // Initiation: contacts, arrangements, feasibility with conditions.
    await page.locator("#conduct-link").click();
    await page.getByRole("heading", { name: "Conducting the audit: Supplier ISMS audit" }).waitFor();
    await page.getByRole("textbox", { name: "Auditee contact 1: name" }).fill("Dana Auditee");
    await page.getByRole("textbox", { name: "Auditee contact 1: role" }).fill("ISMS manager");
    await page.getByRole("textbox", { name: "Auditee contact 1: contact details" }).fill("dana@example.test");
    await page.locator("#access").fill("Badges at reception; read-only access to the ticket system.");
    await page.locator("#language").fill("English");
    await page.getByRole("button", { name: "Save initiation" }).click();
    await page.locator("#verdict").selectOption("feasible_with_conditions");
    await page.getByRole("button", { name: "Record feasibility" }).click();
    await page.getByText("Write the conditions under which the audit is feasible.").waitFor();
    await page.locator("#reasons").fill("The data centre is visited remotely only.");
    await page.getByRole("button", { name: "Record feasibility" }).click();
    await page.locator("#feasibility-recorded").getByText("Feasible with conditions").waitFor();
    await shot(page, "conduct-01-initiation");

    // A team of three, and who audits what.
    await page.locator("#tab-team").click();
    await page.locator("#member-0-name").fill("Ana Lead");
    await page.locator("#member-0-role").selectOption("lead_auditor");
    await page.locator("#member-1-name").fill("Bo Auditor");
    await page.getByRole("button", { name: "Save team" }).click();
    await page.locator("#member-2-name").waitFor();
    await page.locator("#member-2-name").fill("Cy Expert");
    await page.locator("#member-2-role").selectOption("technical_expert");
    await page.getByRole("button", { name: "Save team" }).click();
    await page.locator("#member-4-name").waitFor();
    await page.locator('[id="assign-A.5.15"]').selectOption("Ana Lead");
    await page.locator('[id="assign-A.8.8"]').selectOption("Bo Auditor");
    await page.locator('[id="assign-A.8.13"]').selectOption("Bo Auditor");
    await page.getByRole("button", { name: "Save assignments" }).click();
    await page.getByText("2 checklist item(s)").waitFor();
    await shot(page, "conduct-02-team");

    // Document review with a gap.
    await page.locator("#tab-documents").click();
    await page.getByRole("button", { name: "Add document review" }).click();
    await page.locator("#title").fill("Access control policy");
    await page.locator("#version").fill("2.1");
    await page.locator("#owner").fill("CISO");
    await page.locator("#adequacy").selectOption("partly_adequate");
    await page.locator("#gaps").fill("The policy sets no interval for reviewing access rights.");
    await page.getByRole("button", { name: "Save document review" }).click();
    await page.locator("#documents").getByText("Access control policy").waitFor();

    // The plan: two sessions where Bo is booked twice, and A.8.8 in none.
    await page.locator("#tab-plan").click();
    const session = async ({ activity, date, start, end, criteria, team, method }) => {
      await page.locator("#activity").fill(activity);
      await page.locator("#date").fill(date);
      await page.locator("#start").fill(start);
      await page.locator("#end").fill(end);
      if (method) await page.locator("#method").selectOption(method);
      await page.locator("#criteria").selectOption(criteria);
      for (let n = 0; n < 3; n++) await page.locator(`#auditor-${n}`).setChecked(team.includes(n));
      await page.getByRole("button", { name: "Save session" }).click();
      await page.getByRole("button", { name: "Add session" }).waitFor();
    };
    await page.getByRole("button", { name: "Add session" }).click();
    await session({ activity: "Access control interviews", date: "2027-04-01", start: "09:00", end: "10:30", criteria: ["A.5.15"], team: [0, 1] });
    await page.getByRole("button", { name: "Add session" }).click();
    await session({ activity: "Backup restore tests", date: "2027-04-01", start: "10:00", end: "11:00", criteria: ["A.8.13"], team: [1] });
    const conflicts = page.locator("#plan-conflicts");
    await conflicts.getByText("Bo Auditor is in session 1").waitFor();
    await conflicts.getByText("Criterion A.8.8 is in scope but in no session.").waitFor();
    await shot(page, "conduct-03-plan-conflict");
    // Accepting a plan with conflicts is refused.
    await page.locator("#acceptedBy").fill("Dana Auditee");
    await page.getByRole("button", { name: "Record acceptance" }).click();
    await page.getByText("resolve them before it is accepted").waitFor();
    // Fixed: session 2 moves after session 1, a third covers A.8.8 remotely.
    await page.getByRole("button", { name: "Edit session 2" }).click();
    await session({ activity: "Backup restore tests", date: "2027-04-01", start: "10:30", end: "11:30", criteria: ["A.8.13"], team: [1] });
    await page.getByRole("button", { name: "Add session" }).click();
    await session({ activity: "Vulnerability management walkthrough", date: "2027-04-02", start: "09:00", end: "10:00", criteria: ["A.8.8"], team: [1, 2], method: "remote_with_interaction" });
    await conflicts.getByText("No conflicts").waitFor();
    await page.locator("#acceptedBy").fill("Dana Auditee");
    await page.locator("#acceptedOn").fill("2027-03-20");
    await page.getByRole("button", { name: "Record acceptance" }).click();
    await page.locator("#plan-accepted").getByText("Dana Auditee").waitFor();
    assert.equal(await page.locator("#sessions tbody tr").count(), 3);
    await shot(page, "conduct-04-plan");

    // The printable plan, as the auditee gets it.
    await page.locator("#print-plan").click();
    await page.getByRole("heading", { name: "Audit plan: Supplier ISMS audit" }).waitFor();
    assert.equal(await page.locator("#plan-sessions tbody tr").count(), 3);
    await page.locator("#plan-acceptance").getByText("Accepted for the auditee by Dana Auditee on 2027-03-20.").waitFor();
    await page.emulateMedia({ media: "print" });
    await shot(page, "conduct-05-plan-print");
    const pdf = await page.pdf({ format: "A4", landscape: true });
    assert.ok(pdf.length > 5_000, "the plan prints to a PDF");
    await page.emulateMedia({ media: "screen" });

    // Start the audit: the actual start is recorded.
    await page.getByRole("button", { name: "Back to the plan" }).click();
    await page.locator("#back-to-audit").click();
    await page.locator("#status-action").click();
    await page.locator("#status").getByText("In progress").waitFor();
    await page.locator("#actual-dates").getByText(/Actual: \d{4}-\d{2}-\d{2} – ongoing/).waitFor();

    // Opening meeting.
    await page.locator("#conduct-link").click();
    await page.locator("#tab-meetings").click();
    const opening = page.locator("#meeting-opening");
    await opening.locator("#opening-date").fill("2027-04-01");
    await opening.getByRole("textbox", { name: "Opening meeting attendee 1: name" }).fill("Dana Auditee");
    await opening.getByRole("textbox", { name: "Opening meeting attendee 1: organisation" }).fill("Muster Hosting GmbH");
    await opening.getByRole("textbox", { name: "Opening meeting attendee 2: name" }).fill("Ana Lead");
    await opening.getByText("Audit plan agreed").click();
    await opening.getByText("How findings will be graded").click();
    await opening.getByRole("button", { name: "Save opening meeting" }).click();
    await opening.getByText("Recorded for 2027-04-01.").waitFor();

    // The document review's gap becomes a finding, prefilled.
    await page.locator("#tab-documents").click();
    await page.getByRole("button", { name: "Raise a finding from document review 1" }).click();
    await page.locator("#finding-form").waitFor();
    assert.equal(await page.locator("#statement").inputValue(), "The policy sets no interval for reviewing access rights.");
    assert.match(await page.locator("#evidence").inputValue(), /Access control policy \(version 2\.1\)/);
    await page.locator("#grade").selectOption("minor_nonconformity");
    await page.locator("#criterionId").selectOption("A.5.15");
    await page.locator("#date").fill("2027-04-01");
    await page.getByRole("button", { name: "Add finding", exact: true }).click();
    await page.locator("#findings").getByText("F-001").waitFor();

    // Closing meeting with the auditee's acknowledgement.
    await page.locator("#conduct-link").click();
    await page.locator("#tab-meetings").click();
    const closing = page.locator("#meeting-closing");
    await closing.locator("#closing-date").fill("2027-04-02");
    await closing.getByRole("textbox", { name: "Closing meeting attendee 1: name" }).fill("Dana Auditee");
    await closing.locator("#presented-F-001").check();
    await closing.locator("#ack-F-001").check();
    await closing.getByText("Findings presented so the auditee understands them").click();
    await closing.getByRole("button", { name: "Save closing meeting" }).click();
    await closing.getByText("Recorded for 2027-04-02.").waitFor();
    await shot(page, "conduct-06-meetings");

    // An escalation in the communication log.
    await page.locator("#tab-communications").click();
    await page.locator("#date").fill("2027-04-01");
    await page.locator("#from").fill("Bo Auditor");
    await page.locator("#to").fill("Dana Auditee");
    await page.locator("#subject").fill("Backups of the customer database have not completed for 9 days.");
    await page.locator("#escalation").check();
    await page.getByRole("button", { name: "Log communication" }).click();
    await page.locator("#communications").getByText("Escalated").waitFor();
    await page.locator("#information").fill("Firewall rule base");
    await page.locator("#kind").selectOption("confidential");
    await page.locator("#effect").fill("A.8.20 verified by interview only.");
    await page.getByRole("button", { name: "Save information limit" }).click();
    await page.locator("#limits").getByText("Firewall rule base").waitFor();
    await shot(page, "conduct-07-communications");

    // The checklist shows who audits what, and "my items".
    await page.locator("#back-to-audit").click();
    await page.locator('tr[data-criterion="A.8.13"] .assignee').getByText("Bo Auditor").waitFor();
    await page.locator("#my-items").check();
    assert.equal(await page.locator("tr[data-criterion]").count(), 1);
    await page.locator('tr[data-criterion="A.5.15"]').waitFor();
    await shot(page, "conduct-08-my-items");

    // Reload: everything is still there.
    await page.reload();
    await page.getByRole("heading", { name: "Supplier ISMS audit" }).waitFor();
    await page.locator('tr[data-criterion="A.8.8"] .assignee').getByText("Bo Auditor").waitFor();
    await page.locator("#conduct-link").click();
    await page.locator("#feasibility-recorded").getByText("Feasible with conditions").waitFor();
    assert.equal(await page.getByRole("textbox", { name: "Auditee contact 1: name" }).inputValue(), "Dana Auditee");
    await page.locator("#tab-team").click();
    assert.equal(await page.locator("#member-2-name").inputValue(), "Cy Expert");
    await page.locator("#tab-plan").click();
    assert.equal(await page.locator("#sessions tbody tr").count(), 3);
    await page.locator("#plan-accepted").getByText("Dana Auditee").waitFor();
    await page.locator("#tab-meetings").click();
    assert.ok(await page.locator("#meeting-closing #ack-F-001").isChecked());
    assert.ok(await page.locator("#meeting-opening").getByRole("checkbox", { name: "Audit plan agreed" }).isChecked());
    await page.locator("#tab-communications").click();
    await page.locator("#communications").getByText("Backups of the customer database").waitFor();
    await shot(page, "conduct-09-after-reload");
    assert.deepEqual(page.problems, []);
  } finally {
    await context.close();
  }
});
