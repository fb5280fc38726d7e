// Addresses and unsaved typing: every screen has its own URL (reload stays, Back and
// Forward move between screens, a link to a finding opens it in another tab), and
// typing that is not saved survives in-app navigation (the page asks) and reload (the
// browser asks).
import { test } from "node:test";
import assert from "node:assert/strict";
import { createProgramme, newPage, recordFeasible, shot, signIn, suite } from "./harness.mjs";

const env = suite();

/** Plans and starts an audit of one theme in a new programme; returns nothing. */
async function startedAudit(page, title) {
  await createProgramme(page, { name: `Programme of ${title}`, start: "2027-01-01", end: "2027-12-31", owner: "Rita Router" });
  await page.getByRole("button", { name: "Plan an audit" }).click();
  await page.locator("#title").fill(title);
  await page.locator("#plannedStart").fill("2027-04-01");
  await page.locator("#plannedEnd").fill("2027-04-02");
  await page.locator("#group-people").check();
  await page.getByRole("button", { name: "Create audit" }).click();
  await page.getByRole("heading", { name: title }).waitFor();
  await recordFeasible(page);
  await page.locator("#status-action").click();
  await page.locator("#status").getByText("In progress").waitFor();
}

const hash = (page) => new URL(page.url()).hash;

test("each screen has an address: reload stays, Back and Forward move, a finding link opens the finding", async () => {
  const context = await env.browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await newPage(context);
  try {
    await page.goto(env.server.url);
    await signIn(page, "Rita Router");
    await startedAudit(page, "Routing audit");
    const auditHash = hash(page);
    assert.match(auditHash, /^#\/audit\/[0-9a-f-]+$/);

    // Reload stays on the audit.
    await page.reload();
    await page.getByRole("heading", { name: "Routing audit" }).waitFor();
    assert.equal(hash(page), auditHash);

    // Back to the programme, Back to the list, Forward twice to the audit.
    await page.goBack();
    await page.getByRole("heading", { name: "Programme of Routing audit" }).waitFor();
    assert.match(hash(page), /^#\/programme\//);
    await page.goBack();
    await page.getByRole("heading", { name: "Audit programmes" }).waitFor();
    await page.goForward();
    await page.getByRole("heading", { name: "Programme of Routing audit" }).waitFor();
    await page.goForward();
    await page.getByRole("heading", { name: "Routing audit" }).waitFor();

    // A programme's section has its own address too.
    await page.getByRole("button", { name: "Programme of Routing audit" }).click();
    await page.getByRole("button", { name: "Coverage plan" }).click();
    assert.match(hash(page), /^#\/programme\/[0-9a-f-]+\/coverage$/);
    await page.reload();
    await page.getByRole("button", { name: "Coverage plan" }).and(page.locator('[aria-current="page"]')).waitFor();
    await page.goBack();
    await page.getByRole("heading", { name: "Programme of Routing audit" }).waitFor();
    await page.goBack();

    // Record a finding; its reference links to it.
    await page.getByRole("heading", { name: "Routing audit" }).waitFor();
    await page.getByRole("button", { name: "Add finding", exact: true }).click();
    await page.locator("#grade").selectOption("observation");
    await page.locator("#criterionId").selectOption("A.6.3");
    // A date outside the audit's planned dates is warned about, not refused.
    await page.locator("#date").fill("2027-05-01");
    await page.locator("#date-warning").getByText("Outside the audit's planned dates (2027-04-01 – 2027-04-02)").waitFor();
    await page.locator("#date").fill("2027-04-01");
    assert.equal(await page.locator("#date-warning").textContent(), "");
    await page.locator("#statement").fill("Awareness records were incomplete.");
    await page.locator("#evidence").fill("Training roster of March.");
    await page.getByRole("button", { name: "Add finding", exact: true }).click();
    const link = page.locator("#findings").getByRole("link", { name: "F-001" });
    await link.waitFor();
    const href = await link.getAttribute("href");
    assert.match(href, /^#\/audit\/[0-9a-f-]+\/finding\/[0-9a-f-]+$/);

    // Shared within the same browser: another tab opens the audit at that finding.
    const other = await newPage(context);
    await other.goto(env.server.url + href);
    const row = other.locator("#findings tr.linked");
    await row.getByText("Awareness records were incomplete.").waitFor();
    assert.equal(await other.evaluate(() => {
      let a = document.activeElement;
      while (a?.shadowRoot?.activeElement) a = a.shadowRoot.activeElement;
      return a?.getAttribute("data-finding") !== null && a?.tagName;
    }), "TR", "the linked finding has the focus");
    await shot(other, "routing-finding-link", { fullPage: false });

    // An address that names nothing shows the start screen.
    await other.goto(`${env.server.url}#/no/such/screen`);
    await other.getByRole("heading", { name: "Audit programmes" }).waitFor();
    assert.deepEqual([...page.problems, ...other.problems], []);
  } finally {
    await context.close();
  }
});

test("unsaved typing: the page asks before leaving it, and a reload is warned", async () => {
  const context = await env.browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await newPage(context);
  const dialogs = [];
  // Answers each dialog as the test says next ("dismiss" keeps the typing).
  let answer = "dismiss";
  page.on("dialog", async (d) => {
    dialogs.push({ type: d.type(), message: d.message() });
    await (answer === "accept" ? d.accept() : d.dismiss());
  });
  try {
    await page.goto(env.server.url);
    await signIn(page, "Una Unsaved");
    await createProgramme(page, { name: "Unsaved edits", start: "2027-01-01", end: "2027-12-31", owner: "Una Unsaved" });
    await page.getByRole("button", { name: "Edit programme" }).click();
    await page.locator("#purpose").fill("Typed, not saved");

    // In-app navigation asks; "stay" keeps the form and the text.
    await page.getByRole("button", { name: "Audit trail", exact: true }).click();
    assert.equal(dialogs.length, 1);
    assert.match(dialogs[0].message, /You have not saved the form “Edit programme”/);
    assert.equal(await page.locator("#purpose").inputValue(), "Typed, not saved");

    // Back asks too; staying keeps the address of the current screen.
    const here = hash(page);
    await page.goBack();
    await page.waitForFunction(() => true);
    assert.equal(dialogs.length, 2);
    assert.equal(hash(page), here);
    assert.equal(await page.locator("#purpose").inputValue(), "Typed, not saved");

    // Reload: the browser asks (beforeunload); dismissing keeps the page as it is.
    await page.reload({ timeout: 2000 }).catch(() => undefined);
    assert.equal(dialogs.at(-1).type, "beforeunload");
    assert.equal(await page.locator("#purpose").inputValue(), "Typed, not saved");
    await shot(page, "unsaved-kept", { fullPage: false });

    // Saving clears it: navigation no longer asks.
    await page.getByRole("button", { name: "Save programme" }).click();
    await page.getByText("Typed, not saved").waitFor();
    const asked = dialogs.length;
    await page.getByRole("button", { name: "Audit trail", exact: true }).click();
    await page.getByRole("heading", { name: "Audit trail" }).waitFor();
    assert.equal(dialogs.length, asked);

    // Leaving on purpose drops the typing.
    await page.getByRole("button", { name: "Audit programmes" }).click();
    await page.getByRole("button", { name: "New audit programme" }).click();
    await page.locator("#name").fill("Never saved");
    answer = "accept";
    await page.getByRole("button", { name: "Criteria catalog" }).click();
    await page.getByRole("heading", { name: /catalog/i }).first().waitFor();
    assert.equal(dialogs.length, asked + 1);
    await page.reload();
    await page.getByRole("heading", { name: /catalog/i }).first().waitFor();
    assert.deepEqual(page.problems, []);
  } finally {
    await context.close();
  }
});
