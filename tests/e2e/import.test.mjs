// Spreadsheet import through the preview (issue 16): an SoA workbook (.xlsx made with
// openpyxl: a cover sheet, a merged title row, "#" holding the numbers and "Control" the
// titles) and a CSV whose justification column has a header nobody knows. The user
// picks the sheet, checks the columns, maps the unknown one, confirms; every
// justification is kept, after a reload too, and the mapping is remembered.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { ROOT, SHOTS, createProgramme, newPage, shot, signIn, startAudit, suite } from "./harness.mjs";

const env = suite();

const MAKE_XLSX = `
import sys
from openpyxl import Workbook
book = Workbook()
cover = book.active
cover.title = "Cover"
cover["A1"] = "Statement of Applicability of Example GmbH; the table is on the next sheet"
soa = book.create_sheet("SoA")
soa.merge_cells("A1:D1")
soa["A1"] = "Statement of Applicability, version 3"
soa.append([])
soa.append(["#", "Control", "Appl", "Justification/Implementation"])
soa.append(["5.1", "Policies for information security", "Yes", "Board approved the policy set (POL-01)"])
soa.append(["5.23", "Information security for use of cloud services", "No", "No cloud services; everything runs on premises"])
soa.append([])
soa.append(["7.4", "Physical security monitoring", "No", "Shared office building; the landlord runs the CCTV"])
book.save(sys.argv[1])
`;

const CSV = [
  "Control;Applicable;Begründung",
  "A.5.1;yes;Policy POL-01",
  "A.8.13;yes;Risk R-12",
  "A.7.4;no;No premises",
].join("\r\n");

test("an SoA from .xlsx and from a CSV with an unknown header, through the preview", async () => {
  mkdirSync(SHOTS, { recursive: true });
  const xlsx = join(SHOTS, "import-soa.xlsx");
  execFileSync(join(ROOT, "target/venv/bin/python"), ["-c", MAKE_XLSX, xlsx]);

  const context = await env.browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await newPage(context);
  try {
    await page.goto(env.server.url);
    await signIn(page, "Sam Auditor");
    await page.getByRole("button", { name: "Statements of Applicability" }).click();
    await page.locator("#name").fill("SoA from Excel");
    await page.getByRole("button", { name: "Create SoA" }).click();
    await page.getByRole("heading", { name: "SoA from Excel" }).waitFor();

    // The workbook: the office module reads it; the cover sheet comes first.
    await page.locator("#import-file-soa").setInputFiles({
      name: "SoA v3.xlsx",
      mimeType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      buffer: readFileSync(xlsx),
    });
    const preview = page.getByRole("region", { name: "Import preview" });
    await preview.getByRole("heading", { name: "Preview of SoA v3.xlsx" }).waitFor();
    await page.locator("#import-sheet").selectOption({ label: "SoA (5 rows)" });
    await preview.getByText("Header: row 3; 3 rows under it.").waitFor();
    // "#" holds the numbers, "Control" the titles: the proposal says so and ignores it.
    await preview.getByText('Column "Control" is named like the control but holds control titles').waitFor();
    assert.equal(await page.locator("#map-0").inputValue(), "control");
    assert.equal(await page.locator("#map-1").inputValue(), "");
    assert.equal(await page.locator("#map-2").inputValue(), "applicable");
    assert.equal(await page.locator("#map-3").inputValue(), "justification");
    assert.match(await page.locator("#import-ignored").textContent(), /Ignored \(not saved\): Control\./);
    const rows = page.getByRole("table", { name: "Rows as they will be saved" });
    await rows.getByText("No cloud services; everything runs on premises").waitFor();
    await preview.scrollIntoViewIfNeeded();
    await shot(page, "40-import-xlsx-preview", { fullPage: false });
    await preview.getByRole("button", { name: "Import 3 rows" }).click();
    await page.getByText("Imported 3 rows from SoA v3.xlsx.").waitFor();
    assert.equal(await page.locator("#soa-applicable").textContent(), "1");
    assert.equal(await page.locator('[id="justification-A.7.4"]').inputValue(), "Shared office building; the landlord runs the CCTV");

    // The CSV: "Begründung" is unknown and its values short, so it starts ignored;
    // the user maps it, and the preview shows the justifications that will be kept.
    await page.locator("#import-file-soa").setInputFiles({ name: "soa.csv", mimeType: "text/csv", buffer: Buffer.from(CSV) });
    await preview.getByRole("heading", { name: "Preview of soa.csv" }).waitFor();
    assert.equal(await page.locator("#map-2").inputValue(), "");
    assert.match(await page.locator("#import-ignored").textContent(), /Ignored \(not saved\): Begründung\./);
    await preview.scrollIntoViewIfNeeded();
    await shot(page, "41-import-csv-unknown-header", { fullPage: false });
    await page.locator("#map-2").selectOption("justification");
    await page.locator("#import-ignored").getByText("Every column is saved.").waitFor();
    await rows.getByText("Risk R-12").waitFor();
    await preview.scrollIntoViewIfNeeded();
    await shot(page, "42-import-csv-mapped", { fullPage: false });
    await preview.getByRole("button", { name: "Import 3 rows" }).click();
    await page.getByText("Imported 3 rows from soa.csv.").waitFor();

    // Every justification kept, after a reload too.
    await page.reload();
    await page.getByRole("heading", { name: "SoA from Excel" }).waitFor();
    for (const [control, text] of [["A.5.1", "Policy POL-01"], ["A.8.13", "Risk R-12"], ["A.7.4", "No premises"]]) {
      assert.equal(await page.locator(`[id="justification-${control}"]`).inputValue(), text);
    }
    assert.equal(await page.locator("#soa-applicable").textContent(), "2");

    // The same header again: the mapping the user confirmed is remembered.
    await page.locator("#import-file-soa").setInputFiles({ name: "soa again.csv", mimeType: "text/csv", buffer: Buffer.from(CSV) });
    await preview.getByRole("heading", { name: "Preview of soa again.csv" }).waitFor();
    assert.equal(await page.locator("#map-2").inputValue(), "justification");

    // A value not understood: the rows and what is accepted, and nothing to confirm.
    const bad = "Control,Applicable\nA.5.1,TBD\nA.5.2,yes\nA.5.3,TBD\n";
    await page.locator("#import-file-soa").setInputFiles({ name: "bad.csv", mimeType: "text/csv", buffer: Buffer.from(bad) });
    await preview.getByRole("heading", { name: "Preview of bad.csv" }).waitFor();
    await preview.getByText('column "Applicable" holds values that are not understood: "TBD" (rows 2 and 4); write yes or no').waitFor();
    assert.equal(await preview.getByRole("button", { name: "Import 1 rows" }).isDisabled(), true);
    await preview.scrollIntoViewIfNeeded();
    await shot(page, "43-import-refused-values", { fullPage: false });
    await preview.getByRole("button", { name: "Cancel import" }).click();
    assert.equal(await page.locator("#soa-applicable").textContent(), "2");
  } finally {
    await context.close();
  }
});

test("a findings register in another tool's vocabulary, into an audit in progress", async () => {
  const context = await env.browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await newPage(context);
  const register = [
    "Ref;Clause;Type;Finding;Evidence;Date",
    "1;9.2;Major;No internal audit was held in 2026;Audit programme 2026 lists none;31.03.2027",
    "2;A.8.13;NC;One restore test is missing;Backup test log Q3;01.04.2027",
    "3;A.8.13;OFI;Restore tests could be automated;Interview with IT operations;01.04.2027",
  ].join("\n");
  try {
    await page.goto(env.server.url);
    await signIn(page, "Sam Auditor");
    await createProgramme(page, { name: "Internal audits 2027", start: "2027-01-01", end: "2027-12-31", owner: "ISMS manager" });
    await startAudit(page, { title: "Backup audit", auditee: "IT operations", start: "2027-03-30", end: "2027-04-02", controls: ["A.8.13"] });
    await page.locator("#import-file-findings").setInputFiles({ name: "findings.csv", mimeType: "text/csv", buffer: Buffer.from(register) });
    const preview = page.getByRole("region", { name: "Import preview" });
    await preview.getByRole("heading", { name: "Preview of findings.csv" }).waitFor();
    const rows = page.getByRole("table", { name: "Rows as they will be saved" });
    await rows.getByText('Minor nonconformity (from "NC")').waitFor();
    await rows.getByText('Opportunity for improvement (from "OFI")').waitFor();
    await rows.getByText("9.2.1").waitFor();
    assert.match(await page.locator("#import-ignored").textContent(), /Ignored \(not saved\): Ref\./);
    await preview.scrollIntoViewIfNeeded();
    await shot(page, "44-import-findings-preview", { fullPage: false });
    await preview.getByRole("button", { name: "Import 3 rows" }).click();
    await page.getByText("Imported 3 rows from findings.csv.").waitFor();
    await page.reload();
    const findings = page.locator("#findings");
    await findings.getByText("F-003").waitFor();
    assert.equal(await findings.getByText("No internal audit was held in 2026").count(), 1);
    await shot(page, "45-import-findings-saved");
  } finally {
    await context.close();
  }
});
