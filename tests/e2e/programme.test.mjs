// The audit programme (ISO 19011 clause 5): a manager builds a three-year programme over
// an SoA, asks for a proposed schedule, rates an item and edits the plan, records a
// programme risk, plans an audit and sees its time estimate with the derivation; after a
// reload everything is still there.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { ROOT, newPage, shot, signIn, suite } from "./harness.mjs";

const env = suite();

/** The events of an .ics file as Python's icalendar reads them: [uid, start, end, summary]. */
function parseIcs(text) {
  const script = `
import icalendar, json, sys
cal = icalendar.Calendar.from_ical(sys.stdin.read())
print(json.dumps([[str(e["UID"]), e.decoded("DTSTART").isoformat(), e.decoded("DTEND").isoformat(), str(e["SUMMARY"])]
  for e in cal.walk("VEVENT")]))`;
  const out = execFileSync(join(ROOT, "target/venv/bin/python"), ["-c", script], { input: text });
  return JSON.parse(out.toString());
}

/** Clicks the calendar download in the programme's download bar and returns the file's text. */
async function downloadIcs(page) {
  const waiting = page.waitForEvent("download");
  await page.locator("#export-programme-ics").click();
  const file = await waiting;
  assert.match(file.suggestedFilename(), /_calendar_\d{4}-\d{2}-\d{2}\.ics$/);
  return readFile(await file.path(), "utf8");
}

const SOA_CSV = [
  "Control;Title;Applicable;Justification;Implementation status;Documented information",
  "A.5.1;Policies;Yes;Baseline;Implemented;POL-001",
  "A.7.4;CCTV;No;No premises of our own;;",
  "A.8.13;Backup;Yes;Risk R-12;Partially implemented;BCK-01",
  "A.8.16;Monitoring;Yes;Risk R-14;Implemented;MON-02",
].join("\r\n");

test("a three-year programme: extent, coverage plan, risks, audit time", async () => {
  const context = await env.browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
  const page = await newPage(context);
  try {
    await page.goto(env.server.url);
    await signIn(page, "Pat Manager");

    // An SoA with three applicable controls.
    await page.getByRole("button", { name: "Statements of Applicability" }).click();
    await page.locator("#name").fill("SoA 2026");
    await page.getByRole("button", { name: "Create SoA" }).click();
    await page.getByRole("heading", { name: "SoA 2026" }).waitFor();
    await page.locator("#soa-file").setInputFiles({ name: "soa.csv", mimeType: "text/csv", buffer: Buffer.from(SOA_CSV) });
    await page.getByRole("button", { name: "Import", exact: true }).click();
    await page.locator("#soa-applicable").getByText("3").waitFor();

    // The programme: objectives linked to what they serve, and the extent.
    await page.getByRole("button", { name: "Audit programmes" }).click();
    await page.getByRole("button", { name: "New audit programme" }).click();
    await page.locator("#name").fill("ISMS audit programme 2026-2028");
    await page.locator("#purpose").fill("Keep the certification and improve the ISMS");
    await page.locator("#periodStart").fill("2026-01-01");
    await page.locator("#periodEnd").fill("2028-12-31");
    await page.locator("#owner").fill("Pat Manager");
    await page.getByLabel("Objective 1", { exact: true }).fill("Show that backups can be restored");
    await page.getByLabel("ISMS objectives served by objective 1").fill("OBJ-2");
    await page.getByLabel("Interested-party requirements served by objective 1").fill("Customer contract 7.3");
    await page.getByLabel("Risks served by objective 1").fill("R-12, R-14");
    await page.locator("#cycleYears").fill("0");
    await page.getByRole("button", { name: "Create programme" }).click();
    await page.locator("#cycleYears-error").waitFor();
    await page.locator("#cycleYears").fill("3");
    await page.locator("#soaId").selectOption({ label: "SoA 2026" });
    await page.locator("#auditorDaysPerYear").fill("12");
    await page.locator("#sites").fill("Berlin\nLyon");
    await page.locator("#units").fill("IT operations");
    await page.locator("#processes").fill("Backup");
    await page.locator("#annualAudits").fill("Spring internal audit\nAutumn internal audit");
    await page.getByRole("button", { name: "Create programme" }).click();
    await page.getByRole("heading", { name: "ISMS audit programme 2026-2028" }).waitFor();
    await page.getByRole("cell", { name: "R-12, R-14" }).waitFor();
    await shot(page, "60-programme-overview");

    // Coverage: nothing planned yet, then the planner's proposal covers everything.
    await page.getByRole("button", { name: "Coverage plan" }).click();
    await page.getByText("No plan yet").waitFor();
    const status = page.locator("programme-coverage p").first();
    assert.match(await status.textContent(), /(\d+) items in scope · (\d+) not covered/);
    // A rating without a reason is refused at the reason field.
    await page.locator("#item").selectOption("A.8.13");
    await page.locator("#level").selectOption("high");
    await page.getByRole("button", { name: "Save rating" }).click();
    await page.locator("#reason-error").waitFor();
    await page.locator("#reason").fill("Ransomware risk R-12");
    await page.getByRole("button", { name: "Save rating" }).click();
    await page.locator("#reason-error").waitFor({ state: "detached" });
    await page.getByRole("button", { name: "Propose a schedule" }).click();
    await page.getByText("No plan yet").waitFor({ state: "detached" });
    assert.match(await status.textContent(), / 0 not covered/);
    // High risk: planned in each of the three years.
    const backup = page.getByRole("row").filter({ hasText: "A.8.13" });
    assert.equal(await backup.locator("input:checked").count(), 3);
    // The manager moves A.5.1 out of the plan: it is flagged.
    const policies = page.getByRole("row").filter({ hasText: "A.5.1 " });
    await policies.locator("input:checked").first().uncheck();
    await policies.getByText("not covered").waitFor();
    assert.match(await status.textContent(), / 1 not covered/);
    await shot(page, "61-programme-coverage");
    await policies.getByLabel("A.5.1 in year 2, Autumn internal audit").check();
    await policies.getByText("not covered").waitFor({ state: "detached" });

    // A programme risk.
    await page.getByRole("button", { name: "Risks and opportunities" }).click();
    await page.getByRole("button", { name: "Add a risk or opportunity" }).click();
    await page.locator("#description").fill("Too few trained auditors for the autumn audits");
    await page.locator("#area").selectOption("resources");
    await page.locator("#likelihood").selectOption("4");
    await page.locator("#impact").selectOption("3");
    await page.locator("#treatment").fill("Train two more internal auditors by June");
    await page.locator("#owner").fill("Pat Manager");
    await page.getByRole("button", { name: "Save", exact: true }).click();
    await page.getByText("4 × 3 = 12").waitFor();
    await shot(page, "62-programme-risks");

    // An internal audit and its time: the chart is shown as context, the own estimate used.
    await page.getByRole("button", { name: "Overview" }).click();
    await page.getByRole("button", { name: "Plan an audit" }).click();
    await page.locator("#title").fill("Spring internal audit 2026");
    await page.locator("#auditee").fill("Example GmbH");
    await page.locator("#plannedStart").fill("2026-04-13");
    await page.locator("#plannedEnd").fill("2026-04-15");
    await page.locator("#pick-clauses").check();
    await page.getByRole("button", { name: "Create audit" }).click();
    await page.getByRole("heading", { name: "Spring internal audit 2026" }).waitFor();
    await page.getByRole("button", { name: "Audit programmes" }).click();
    await page.getByRole("button", { name: "ISMS audit programme 2026-2028" }).click();
    await page.getByRole("button", { name: "Audit time" }).click();
    await page.getByRole("button", { name: "Estimate" }).click();
    await page.locator("#headCount").fill("120");
    await page.locator("#identical").fill("100");
    await page.locator("#stage").selectOption("surveillance");
    await page.getByRole("button", { name: "Save estimate" }).click();
    await page.locator("#ownDays-error").waitFor();
    await page.locator("#ownDays").fill("4");
    await page.getByRole("button", { name: "Save estimate" }).click();
    await page.getByText("4 auditor-days").waitFor();
    const derivation = await page.locator(".derivation").textContent();
    assert.match(derivation, /Effective head count 30/);
    assert.match(derivation, /Chart band 26-45 persons: 3 days/);
    assert.match(derivation, /your own estimate of 4 days is used/);
    await page.getByRole("cell", { name: "2026", exact: true }).waitFor();
    await shot(page, "63-programme-time");

    // The calendar: the audit in its month; the .ics parses, and a later export keeps the UIDs.
    await page.getByRole("button", { name: "Calendar" }).click();
    await page.locator("programme-calendar section").filter({ hasText: "2026-04" }).getByText("Spring internal audit 2026").waitFor();
    await shot(page, "64-programme-calendar", { fullPage: false });
    const first = await downloadIcs(page);
    assert.ok(first.split("\n").every((l, i, all) => i === all.length - 1 || l.endsWith("\r")), "CRLF line ends");
    const events = parseIcs(first);
    assert.equal(events.length, 1);
    assert.deepEqual(events[0].slice(1), ["2026-04-13", "2026-04-16", "Spring internal audit 2026"]);
    await page.getByRole("button", { name: "Overview" }).click();
    await page.getByRole("button", { name: "Plan an audit" }).click();
    await page.locator("#title").fill("Autumn internal audit 2026; backup, restore");
    await page.locator("#auditee").fill("Example GmbH");
    await page.locator("#plannedStart").fill("2026-10-05");
    await page.locator("#plannedEnd").fill("2026-10-06");
    await page.locator("#pick-clauses").check();
    await page.getByRole("button", { name: "Create audit" }).click();
    await page.getByRole("heading", { name: "Autumn internal audit 2026; backup, restore" }).waitFor();
    await page.getByRole("button", { name: "Audit programmes" }).click();
    await page.getByRole("button", { name: "ISMS audit programme 2026-2028" }).click();
    await page.getByRole("button", { name: "Calendar" }).click();
    const again = parseIcs(await downloadIcs(page));
    assert.equal(again.length, 2);
    assert.equal(again[0][0], events[0][0], "the same audit keeps its UID");
    assert.equal(again[1][3], "Autumn internal audit 2026; backup, restore");

    // Monitoring: the two audits, the coverage so far, and the corrective actions (none yet).
    await page.getByRole("button", { name: "Monitoring" }).click();
    await page.getByText("0 open").waitFor();
    assert.equal(await page.getByRole("table", { name: "Audits against their dates" }).getByRole("row").count(), 3);
    await page.locator("#rating").selectOption("4");
    await page.locator("#comment").fill("Well prepared; the closing meeting ran late");
    await page.getByRole("button", { name: "Save feedback" }).click();
    await page.getByText("4/5").waitFor();
    await shot(page, "65-programme-monitoring");

    // A review: the figures of its date are captured; once signed off it is fixed.
    await page.getByRole("button", { name: "Review", exact: true }).click();
    await page.getByRole("button", { name: "Record a review" }).click();
    await page.getByRole("button", { name: "Save review" }).click();
    await page.locator("#participants-error").waitFor();
    await page.locator("#participants").fill("Pat Manager\nSam Auditor");
    await page.locator("#conclusions").fill("Autumn audits lack trained auditors.");
    await page.getByLabel("Improvement action 1").fill("Train two more internal auditors");
    await page.getByLabel("Owner of action 1").fill("Pat Manager");
    await page.getByLabel("Due date of action 1").fill("2026-06-30");
    await page.locator("#reportedTo").fill("CEO");
    await page.locator("#reportedOn").fill("2026-12-15");
    await page.getByRole("button", { name: "Save review" }).click();
    await page.getByRole("heading", { name: /Review 1/ }).waitFor();
    assert.match(await page.locator("programme-review .card").first().textContent(), /2 audits/);
    page.once("dialog", (d) => d.accept());
    await page.getByRole("button", { name: "Sign off review 1" }).click();
    await page.getByText("signed off by Pat Manager").waitFor();
    await shot(page, "66-programme-review");

    // Everything persists (the reload stays on the programme).
    await page.reload();
    await page.getByRole("heading", { name: "ISMS audit programme 2026-2028" }).waitFor();
    await page.getByRole("button", { name: "Risks and opportunities" }).click();
    await page.getByText("Too few trained auditors").waitFor();
    await page.getByRole("button", { name: "Coverage plan" }).click();
    assert.match(await page.locator("programme-coverage p").first().textContent(), / 0 not covered/);
  } catch (error) {
    await shot(page, "69-programme-failure");
    throw error;
  } finally {
    await context.close();
  }
});
