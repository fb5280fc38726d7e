// Evidence and sampling in the page (issue 9, items 7 and 8): an auditor samples 10 of
// 250 user accounts with a seed, records evidence with two files, opens a file (checked
// by its hash), raises a finding from the evidence, and after a reload everything is
// still there.
import { test } from "node:test";
import assert from "node:assert/strict";
import { writeFile, mkdir } from "node:fs/promises";
import { join } from "node:path";
import { SHOTS, createProgramme, newPage, startAudit, shot, signIn, suite } from "./harness.mjs";

const env = suite();

test("sample with a seed, attach two evidence files, raise a finding, reload keeps it", async () => {
  const context = await env.browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
  const page = await newPage(context);
  try {
    await page.goto(env.server.url);
    await signIn(page, "Sam Sampler");
    await createProgramme(page, { name: "Evidence programme", start: "2027-01-01", end: "2027-12-31", owner: "Sam Sampler" });
    await startAudit(page, { title: "Access control audit", auditee: "Example GmbH", start: "2027-06-01", end: "2027-06-02", controls: ["A.5.15", "A.5.18"] });

    // Sampling 10 of 250 accounts: statistical attribute sampling at 90 % confidence and
    // a 21 % tolerable deviation rate gives n = ceil(ln 0.1 / ln 0.79) = 10.
    const row = page.locator('tr[data-criterion="A.5.18"]');
    await row.getByRole("button", { name: "Plan sampling for A.5.18" }).click();
    const form = page.locator("#sampling-form");
    await form.locator("#population").fill("user accounts with access rights changed in Q1");
    await form.locator("#populationSize").fill("250");
    await form.locator("#method").selectOption("statistical");
    await form.locator("#confidence").fill("90");
    await form.locator("#tolerableRate").fill("21");
    await form.locator("#seed").fill("20270601");
    await form.getByRole("button", { name: "Save sampling plan" }).click();
    await form.locator("#sample-result").getByText("Sample size 10").waitFor();
    const derivation = await form.locator("#sample-result").textContent();
    assert.match(derivation, /ln\(1 - 0\.9\) \/ ln\(1 - 0\.21\)/);
    const selected = (await form.locator("#selected-items").textContent()).split(", ").map(Number);
    assert.equal(selected.length, 10);
    assert.ok(selected.every((n) => n >= 1 && n <= 250));
    // The same seed selects the same items when saved again; examined and deviations.
    await form.locator("#examined").fill("10");
    await form.locator("#deviations").fill("1");
    await form.locator("#notes").fill("Account u-0187 kept admin rights after a role change.");
    await form.getByRole("button", { name: "Save sampling plan" }).click();
    await row.getByText("10 examined, 1 deviation(s)").waitFor();
    assert.equal(await form.locator("#selected-items").textContent(), selected.join(", "));
    // Bad input is refused at its field.
    await form.locator("#deviations").fill("11");
    await form.getByRole("button", { name: "Save sampling plan" }).click();
    await form.locator("#deviations-error").waitFor();
    await form.locator("#deviations").fill("1");
    await form.getByRole("button", { name: "Save sampling plan" }).click();
    await form.locator("#deviations-error").waitFor({ state: "detached" });
    await shot(page, "evidence-sampling");
    await form.screenshot({ path: join(SHOTS, "evidence-sampling-detail.png") });
    await form.getByRole("button", { name: "Close" }).click();

    // Evidence with two files.
    const register = page.locator("audit-evidence");
    await register.getByRole("button", { name: "Add evidence", exact: true }).click();
    const ef = register.locator("#evidence-form");
    await ef.locator("#kind").selectOption("record");
    await ef.locator("#title").fill("Access review export Q1 2027");
    await ef.locator("#date").fill("2027-06-01");
    await ef.locator("#source").fill("IAM system, exported by the IT lead");
    await ef.locator("#criterionIds").selectOption(["A.5.18"]);
    await ef.locator("#description").fill("The 10 sampled accounts and their rights before and after the change.");
    await ef.getByRole("button", { name: "Add this evidence" }).click();
    await register.locator("#evidence").getByText("E-001", { exact: true }).waitFor();
    await row.getByText("Evidence: E-001 Access review export Q1 2027").waitFor();

    await mkdir(SHOTS, { recursive: true });
    const csv = join(SHOTS, "accounts-sample.csv");
    const pdf = join(SHOTS, "access-policy.pdf");
    await writeFile(csv, "account,role_before,role_after\nu-0187,admin,user\nu-0203,user,user\n");
    await writeFile(pdf, Buffer.from("%PDF-1.4\n% access policy v3 (test file)\n%%EOF\n"));
    await register.getByLabel("Attach files to E-001").setInputFiles([csv, pdf]);
    await register.getByRole("button", { name: "Open access-policy.pdf of E-001" }).waitFor();
    await register.getByRole("button", { name: "Open accounts-sample.csv of E-001" }).waitFor();

    // Opening a file checks its hash and offers it as it was attached.
    const waiting = page.waitForEvent("download");
    await register.getByRole("button", { name: "Open accounts-sample.csv of E-001" }).click();
    const download = await waiting;
    const text = Buffer.concat(await (await download.createReadStream()).toArray()).toString("utf8");
    assert.match(text, /u-0187,admin,user/);

    // Raise a finding from the evidence: the form comes prefilled and the finding is linked.
    await register.getByRole("button", { name: "Raise finding from E-001" }).click();
    const ff = page.locator("#finding-form");
    assert.equal(await ff.locator("#criterionId").inputValue(), "A.5.18");
    assert.match(await ff.locator("#evidence").inputValue(), /^E-001 record: Access review export Q1 2027/);
    await ff.locator("#grade").selectOption("minor_nonconformity");
    await ff.locator("#statement").fill("One sampled account kept administrator rights after its owner changed role.");
    await ff.getByRole("button", { name: "Add finding" }).click();
    await page.locator("#findings").getByText("F-001").waitFor();
    await register.locator("#evidence").getByText("Findings: F-001").waitFor();
    await shot(page, "evidence-register");
    await register.screenshot({ path: join(SHOTS, "evidence-register-detail.png") });

    // Reload: sampling, evidence, files and the link are all still there.
    await page.reload();
    await page.locator("#status").getByText("In progress").waitFor();
    await page.locator('tr[data-criterion="A.5.18"]').getByText("Sample 10 of 250").waitFor();
    const again = page.locator("audit-evidence");
    await again.locator("#evidence").getByText("Findings: F-001").waitFor();
    await again.getByRole("button", { name: "Open access-policy.pdf of E-001" }).waitFor();
    await page.locator('tr[data-criterion="A.5.18"]').getByRole("button", { name: "Plan sampling for A.5.18" }).click();
    assert.equal(await page.locator("#selected-items").textContent(), selected.join(", "));
    await shot(page, "evidence-after-reload");

    // A stored file whose bytes changed (one flipped bit, behind the app's back) is
    // reported when opened, with its own code, and not offered.
    await page.evaluate(async () => {
      const done = (r) => new Promise((ok, fail) => { r.onsuccess = () => ok(r.result); r.onerror = () => fail(r.error); });
      const db = await done(indexedDB.open("isms-audit"));
      const stored = await done(db.transaction(["evidence_files"]).objectStore("evidence_files").getAll());
      const flipped = [];
      for (const { id, blob } of stored) {
        const bytes = new Uint8Array(await blob.arrayBuffer());
        bytes[3] ^= 1;
        flipped.push({ id, blob: new Blob([bytes]) });
      }
      const tx = db.transaction(["evidence_files"], "readwrite");
      for (const value of flipped) tx.objectStore("evidence_files").put(value);
      await new Promise((ok, fail) => { tx.oncomplete = ok; tx.onerror = () => fail(tx.error); });
      db.close();
    });
    await again.getByRole("button", { name: "Open accounts-sample.csv of E-001" }).click();
    const alert = again.locator('[role="alert"][data-code="file_damaged"]');
    await alert.waitFor();
    assert.match(await alert.textContent(), /accounts-sample\.csv.*cannot be trusted.*SHA-256/s);
    await again.screenshot({ path: join(SHOTS, "evidence-damaged-file.png") });

    assert.deepEqual(page.problems, []);
  } finally {
    await context.close();
  }
});
