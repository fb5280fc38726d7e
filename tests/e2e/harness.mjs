// Shared by the e2e tests: a static server for www/dist that logs every request, and
// Debian's Chromium driven by playwright-core (never a downloaded browser).
import { createServer } from "node:http";
import { readFile, mkdir } from "node:fs/promises";
import { extname, join, normalize, resolve } from "node:path";
import { before, after } from "node:test";
import { chromium } from "playwright-core";

export const ROOT = resolve(import.meta.dirname, "../..");
export const SHOTS = join(ROOT, "target/e2e");
const DIST = join(ROOT, "www/dist");
// A test-only page that seeds a workspace through the engine's API (tests/e2e/seed-page.ts).
const SEED = join(ROOT, "target/e2e-seed");
const TYPES = { ".html": "text/html", ".css": "text/css", ".js": "text/javascript", ".wasm": "application/wasm", ".map": "application/json" };

/** Serves www/dist (or `dist`) on a free loopback port; `requests` lists every path
 * asked for. `control.down` makes it answer 503 to everything (the network is gone);
 * `control.rewrite(path, body)` may change a file as served (a new version). */
export async function serve(dist = DIST) {
  const requests = [];
  const control = { down: false, rewrite: (_path, body) => body };
  const server = createServer(async (req, res) => {
    requests.push(req.url);
    if (control.down) {
      res.writeHead(503).end();
      return;
    }
    const path = normalize(decodeURIComponent(new URL(req.url, "http://x").pathname));
    const [root, rest] = path.startsWith("/seed/") ? [SEED, path.slice("/seed".length)] : [dist, path];
    const file = join(root, rest.endsWith("/") ? `${rest}index.html` : rest);
    try {
      const body = control.rewrite(path, await readFile(file));
      res.writeHead(200, { "content-type": TYPES[extname(file)] ?? "application/octet-stream" });
      res.end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
  const url = `http://127.0.0.1:${server.address().port}/`;
  return { url, requests, control, close: () => new Promise((ok) => { server.closeAllConnections(); server.close(ok); }) };
}

export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    args: [
      "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync",
    ],
  });
}

/** A page that fails the test on any uncaught error or console error. */
export async function newPage(context) {
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  page.problems = [];
  page.on("pageerror", (e) => page.problems.push(`page error: ${e.message}`));
  page.on("console", (m) => {
    if (m.type() === "error") page.problems.push(`console error: ${m.text()}`);
  });
  return page;
}

export async function shot(page, name, { fullPage = true } = {}) {
  await mkdir(SHOTS, { recursive: true });
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage });
}

/** Starts a server and a browser for the test file; read them after `before` ran. */
export function suite() {
  const env = {};
  before(async () => {
    env.server = await serve();
    env.browser = await launch();
  });
  after(async () => {
    await env.browser?.close();
    await env.server?.close();
  });
  return env;
}

/** Enters the user's name in the header (recorded as the actor of every change). */
export async function signIn(page, name) {
  await page.locator("#actor").fill(name);
  await page.locator("#actor").press("Tab");
}

/** Fills and submits the new-programme form (opening it first), and waits for the new
 * programme's page unless `saves` is false (a save the test expects may be refused). */
export async function createProgramme(page, { name, start, end, owner, purpose = "" }, { saves = true } = {}) {
  await page.getByRole("button", { name: "New audit programme" }).click();
  await page.locator("#name").fill(name);
  await page.locator("#purpose").fill(purpose);
  await page.locator("#periodStart").fill(start);
  await page.locator("#periodEnd").fill(end);
  await page.locator("#owner").fill(owner);
  await page.getByRole("button", { name: "Create programme" }).click();
  // Done when the page shows the new programme (the click does not wait for the save);
  // `page` may also be a locator of one element among several (the portal).
  if (saves) await page.getByRole("heading", { level: 2, name, exact: true }).waitFor();
}

/** Plans an audit of clause 9 and the given Annex A controls in the open programme, and
 * starts it. */
/** On an audit's page: records the audit as feasible (Conduct, Initiation), which
 * starting it needs, and goes Back to the audit's page (so the history is as before). */
export async function recordFeasible(page) {
  await page.locator("#conduct-link").click();
  await page.locator("#verdict").selectOption("feasible");
  await page.getByRole("button", { name: "Record feasibility" }).click();
  await page.locator("#feasibility-recorded").getByText("Feasible").waitFor();
  await page.goBack();
  await page.locator("#status-action").waitFor();
}

export async function startAudit(page, { title, auditee, start, end, controls, kind }) {
  await page.getByRole("button", { name: "Plan an audit" }).click();
  await page.locator("#title").fill(title);
  if (kind) await page.locator("#kind").selectOption(kind);
  await page.locator("#auditee").fill(auditee);
  await page.locator("#plannedStart").fill(start);
  await page.locator("#plannedEnd").fill(end);
  await page.locator("#group-9").check();
  await page.getByText("Pick single criteria").click();
  for (const id of controls) await page.locator(`[id="criterion-${id}"]`).check();
  await page.getByRole("button", { name: "Create audit" }).click();
  await recordFeasible(page);
  await page.locator("#status-action").click();
  await page.locator("#status").getByText("In progress").waitFor();
}

/** Runs `act` (a change that saves, e.g. filling and leaving a field) and waits until
 * the page announces the save: a fixed wait is too short on a loaded machine. */
export async function saved(page, act) {
  const before = await page.evaluate(() => document.querySelector("isms-audit-app").shadowRoot.querySelector('.sr-only[role="status"]').textContent);
  await act();
  await page.waitForFunction((b) => document.querySelector("isms-audit-app").shadowRoot.querySelector('.sr-only[role="status"]').textContent !== b, before);
}

/** A workspace with something on every screen: a programme, a started audit with a
 * finding and results, an SoA and a criteria set. Returns the addresses to visit. */
export async function seedEveryScreen(page) {
  await signIn(page, "Sam Screens");
  await createProgramme(page, { name: "Screens programme 2027", start: "2027-01-01", end: "2027-12-31", owner: "Sam Screens", purpose: "Every screen at every width" });
  const programme = new URL(page.url()).hash;
  await page.getByRole("button", { name: "Plan an audit" }).click();
  await page.locator("#title").fill("Screens audit");
  await page.locator("#plannedStart").fill("2027-04-01");
  await page.locator("#plannedEnd").fill("2027-04-02");
  await page.locator("#group-people").check();
  await page.getByRole("button", { name: "Create audit" }).click();
  await page.getByRole("heading", { name: "Screens audit" }).waitFor();
  const audit = new URL(page.url()).hash;
  await recordFeasible(page);
  await page.locator("#status-action").click();
  await page.locator("#status").getByText("In progress").waitFor();
  await page.locator('[id="result-A.6.1"]').selectOption("nonconforming");
  await page.locator('tr[data-criterion="A.6.1"].result-nonconforming').waitFor();
  await page.locator('[id="result-A.6.2"]').selectOption("conforming");
  await page.locator('tr[data-criterion="A.6.2"].result-conforming').waitFor();
  await page.getByRole("button", { name: "Add finding against A.6.1" }).click();
  await page.locator("#grade").selectOption("minor_nonconformity");
  await page.locator("#date").fill("2027-04-01");
  await page.locator("#statement").fill("Screening of contractors is not done before access is granted to production systems.");
  await page.locator("#evidence").fill("HR files of 3 contractors sampled; none screened.");
  await page.getByRole("button", { name: "Add finding", exact: true }).click();
  await page.locator("#findings").getByText("F-001").waitFor();
  await page.getByRole("button", { name: "Statements of Applicability" }).click();
  await page.locator("#name").fill("SoA 2027");
  await page.getByRole("button", { name: "Create SoA" }).click();
  await page.locator('[id="applicable-A.5.1"]').waitFor();
  const soa = new URL(page.url()).hash;
  await page.getByRole("button", { name: "Custom criteria" }).click();
  await page.locator("#code").fill("POL");
  await page.locator("#name").fill("Group information security policies and procurement rules");
  await page.getByRole("button", { name: "Create set" }).click();
  await page.getByRole("button", { name: "Add criterion" }).waitFor();
  const set = new URL(page.url()).hash;
  return {
    programmes: "#/programmes",
    programme,
    ...Object.fromEntries(["monitoring", "calendar", "coverage", "risks", "time", "review", "competence"].map((s) => [`programme-${s}`, `${programme}/${s}`])),
    audit,
    ...Object.fromEntries(["initiation", "team", "documents", "plan", "meetings", "communications"].map((s) => [`conduct-${s}`, `${audit.replace("#/audit/", "#/conduct/")}/${s}`])),
    "audit-plan": audit.replace("#/audit/", "#/audit-plan/"),
    catalog: "#/catalog",
    soas: "#/soas",
    soa,
    "criteria-sets": "#/criteria-sets",
    "criteria-set": set,
    actions: "#/actions",
    trail: "#/trail",
    auditors: "#/auditors",
  };
}

/** Waits for a freshly loaded screen's heading (generously: many loads in a row on a busy
 * machine), then opens every expandable part so that what it hides is checked too. */
export async function showScreen(page) {
  await page.getByRole("heading", { level: 2 }).first().waitFor({ timeout: 30_000 });
  await page.evaluate(() => {
    const walk = (root) => root.querySelectorAll("*").forEach((el) => {
      if (el.tagName === "DETAILS") el.open = true;
      if (el.shadowRoot) walk(el.shadowRoot);
    });
    walk(document);
  });
  await page.waitForTimeout(100);
}
