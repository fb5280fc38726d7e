// The first journey with the keyboard only: Tab to each control, type, Enter, arrows
// and Space; no click, no fill. Along the way: focus lands in each form that opens and
// on the heading of each new screen, a result select stepped through with the arrows
// saves only on Enter or when left (so every result kind is reachable), and the focus
// stays where the user is.
import { test } from "node:test";
import assert from "node:assert/strict";
import { newPage, shot, suite } from "./harness.mjs";

const env = suite();

/** The focused element, looked up through shadow roots, as the test compares it. */
function focused(page) {
  return page.evaluate(() => {
    let a = document.activeElement;
    while (a?.shadowRoot?.activeElement) a = a.shadowRoot.activeElement;
    return {
      tag: a?.tagName ?? "",
      id: a?.id ?? "",
      label: a?.getAttribute("aria-label") ?? "",
      text: (a?.textContent ?? "").trim().replace(/\s+/g, " ").slice(0, 80),
      value: a?.value ?? "",
    };
  });
}

/** Presses Tab until the focus is on what `want` names (an id, or a button's text or
 * label); fails after `limit` presses. */
async function tabTo(page, want, limit = 250) {
  for (let i = 0; i < limit; i++) {
    const f = await focused(page);
    if (f.id === want || (f.tag === "BUTTON" && (f.text === want || f.label === want))) return;
    await page.keyboard.press("Tab");
  }
  assert.fail(`Tab never reached ${want}`);
}

async function type(page, id, text) {
  await tabTo(page, id);
  await page.keyboard.type(text);
}

const row = (page, id) => page.locator(`tr[data-criterion="${id}"]`);

test("the first journey with the keyboard only, every checklist result kind included", async () => {
  const context = await env.browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "en-US" });
  const page = await newPage(context);
  try {
    await page.goto(env.server.url);
    await page.getByText("No audit programme yet").waitFor();
    await type(page, "actor", "Kim Keyboard");
    await page.keyboard.press("Tab");

    // A programme: the form opens with the focus in its first field.
    await tabTo(page, "New audit programme");
    await page.keyboard.press("Enter");
    assert.equal((await focused(page)).id, "name");
    await page.keyboard.type("Keyboard programme 2027");
    await type(page, "periodStart", "01012027");
    await type(page, "periodEnd", "12312027");
    await type(page, "owner", "Kim Keyboard");
    await tabTo(page, "Create programme");
    await page.keyboard.press("Enter");
    await page.getByRole("heading", { name: "Keyboard programme 2027" }).waitFor();
    await page.waitForFunction(() => true);
    assert.deepEqual((await focused(page)).tag, "H2", "the new screen's heading has the focus");

    // An audit of one theme.
    await tabTo(page, "Plan an audit");
    await page.keyboard.press("Enter");
    await page.locator("#title").waitFor();
    assert.equal((await focused(page)).id, "title");
    await page.keyboard.type("Keyboard audit");
    await type(page, "plannedStart", "04012027");
    await type(page, "plannedEnd", "04022027");
    await tabTo(page, "group-people");
    await page.keyboard.press("Space");
    await tabTo(page, "Create audit");
    await page.keyboard.press("Enter");
    await page.getByRole("heading", { name: "Keyboard audit" }).waitFor();
    // Feasibility first (Conduct, Initiation): "feasible" is the form's first choice.
    await tabTo(page, "conduct-link");
    await page.keyboard.press("Enter");
    await page.getByRole("heading", { name: "Conducting the audit: Keyboard audit" }).waitFor();
    await tabTo(page, "Record feasibility");
    await page.keyboard.press("Enter");
    await page.locator("#feasibility-recorded").getByText("Feasible").waitFor();
    await tabTo(page, "back-to-audit");
    await page.keyboard.press("Enter");
    await page.getByRole("heading", { name: "Keyboard audit" }).waitFor();
    await tabTo(page, "status-action");
    await page.keyboard.press("Enter");
    await page.locator("#status").getByText("In progress").waitFor();
    assert.equal((await focused(page)).id, "status-action", "the button keeps the focus");

    // Nonconforming: two steps down, nothing saved until Enter; the focus stays.
    await tabTo(page, "result-A.6.1");
    await page.keyboard.press("ArrowDown");
    await page.getByText("Not saved yet").waitFor();
    await page.keyboard.press("ArrowDown");
    assert.equal(await row(page, "A.6.1").getAttribute("class"), "result-not_audited");
    assert.equal((await focused(page)).id, "result-A.6.1");
    await page.keyboard.press("Enter");
    await page.locator('tr[data-criterion="A.6.1"].result-nonconforming').waitFor();
    assert.equal((await focused(page)).id, "result-A.6.1", "the select keeps the focus after saving");

    // Conforming: one step down, saved on leaving the field.
    await tabTo(page, "result-A.6.2");
    await page.keyboard.press("ArrowDown");
    await page.keyboard.press("Tab");
    await page.locator('tr[data-criterion="A.6.2"].result-conforming').waitFor();
    // … and back to not yet audited.
    await page.keyboard.press("Shift+Tab");
    await tabTo(page, "result-A.6.2");
    await page.keyboard.press("Home");
    await page.keyboard.press("Enter");
    await page.locator('tr[data-criterion="A.6.2"].result-not_audited').waitFor();

    // Not applicable: the reason in the notes first (saved when the focus leaves them).
    await type(page, "notes-A.6.3", "Contractors only; no employees in scope.");
    await page.keyboard.press("Shift+Tab");
    await tabTo(page, "result-A.6.3");
    await page.waitForTimeout(300);
    await page.keyboard.press("End");
    await page.keyboard.press("Enter");
    await page.locator('tr[data-criterion="A.6.3"].result-not_applicable').waitFor();
    // Conforming again on A.6.4, to have every kind on record.
    await tabTo(page, "result-A.6.4");
    await page.keyboard.press("ArrowDown");
    await page.keyboard.press("Enter");
    await page.locator('tr[data-criterion="A.6.4"].result-conforming').waitFor();
    await shot(page, "keyboard-checklist", { fullPage: false });

    // A finding against A.6.1: the form opens with the focus in it.
    await tabTo(page, "Add finding against A.6.1");
    await page.keyboard.press("Enter");
    await page.locator("#finding-form").waitFor();
    assert.equal((await focused(page)).id, "grade");
    await page.keyboard.press("ArrowDown");
    await page.keyboard.press("ArrowDown");
    assert.equal((await focused(page)).value, "minor_nonconformity");
    await type(page, "statement", "Screening is not done for contractors.");
    await type(page, "evidence", "HR files of 3 contractors sampled.");
    await tabTo(page, "Add finding");
    await page.keyboard.press("Enter");
    await page.locator("#findings").getByText("Screening is not done for contractors.").waitFor();
    assert.equal((await focused(page)).tag, "TR", "the new finding's row has the focus");

    // Everything is still there after a reload.
    await page.reload();
    await page.getByRole("heading", { name: "Keyboard audit" }).waitFor();
    for (const [id, result] of [["A.6.1", "nonconforming"], ["A.6.2", "not_audited"], ["A.6.3", "not_applicable"], ["A.6.4", "conforming"]]) {
      assert.equal(await row(page, id).getAttribute("class"), `result-${result}`, id);
    }
    await page.locator("#findings").getByText("Minor nonconformity").waitFor();
    assert.deepEqual(page.problems, []);
  } finally {
    await context.close();
  }
});
