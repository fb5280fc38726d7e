// Shared by the reliability tests (tests/e2e/reliability-*.test.mjs): Chromium as a real
// OS process that can be SIGKILLed and restarted on the same profile, the test page
// (tests/e2e/reliability-page.ts), seeded randomness, and the check that what is stored
// is exactly what the journal says was done (nothing lost, nothing half-applied).
import { spawn, execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { chromium } from "playwright-core";
import { ROOT } from "./harness.mjs";

export const CHROMIUM = process.env.CHROMIUM ?? "/usr/bin/chromium";
const FLAGS = [
  "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync",
  "--no-default-browser-check", "--disable-breakpad",
];

/** A count from the environment (scripts/reliability sets the full ones). */
export function count(name, fallback) {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be a whole number, not ${process.env[name]}`);
  return value;
}

/** The run's seed: RELIABILITY_SEED to repeat a run, else a fresh one (printed). */
export function seed(testName) {
  const given = process.env.RELIABILITY_SEED;
  const value = given ? Number(given) >>> 0 : (Math.random() * 2 ** 32) >>> 0;
  console.log(`reliability: ${testName} seed ${value} (repeat with RELIABILITY_SEED=${value})`);
  return value;
}

/** mulberry32: the same seed gives the same numbers (as in the page). */
export function rng(seedValue) {
  let a = seedValue >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  next.int = (lo, hi) => lo + Math.floor(next() * (hi - lo + 1));
  next.pick = (list) => list[Math.floor(next() * list.length)];
  next.u32 = () => (next() * 2 ** 32) >>> 0;
  return next;
}

export const sleep = (ms) => new Promise((ok) => setTimeout(ok, ms));

/** `promise`, or a rejection naming `what` after `ms`. */
export async function bounded(promise, ms, what) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms: ${what}`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Builds the test pages (tests/e2e/build-pages.sh) if one is missing or out of date. */
export function ensurePages() {
  const out = join(ROOT, "target/e2e-seed/reliability.js");
  const sources = [
    join(ROOT, "tests/e2e/reliability-page.ts"), join(ROOT, "pkg/isms_audit_bg.wasm"), join(ROOT, "pkg/isms_audit.js"),
    join(ROOT, "www/src/engine.ts"),
  ];
  const built = existsSync(out) ? statSync(out).mtimeMs : 0;
  if (sources.some((s) => !existsSync(s) || statSync(s).mtimeMs > built)) {
    execFileSync(join(ROOT, "tests/e2e/build-pages.sh"), { stdio: "inherit", timeout: 120_000 });
  }
}

/** Processes of process group `pgid` that are still running (zombies do not count). */
function liveInGroup(pgid) {
  const live = [];
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      // fields[0] is the state, fields[2] the process group.
      if (Number(fields[2]) === pgid && fields[0] !== "Z" && fields[0] !== "X") live.push(Number(name));
    } catch {
      // The process ended while we looked.
    }
  }
  return live;
}

/**
 * Starts Chromium as its own process group on profile `userDataDir` and connects
 * Playwright to it over CDP. The default context is the profile's (persistent) one.
 * `kill()` SIGKILLs the whole group, as a crash or power cut of the browser would.
 */
export async function startChromium(userDataDir, { args = [] } = {}) {
  const proc = spawn(CHROMIUM, [...FLAGS, "--remote-debugging-port=0", `--user-data-dir=${userDataDir}`, ...args, "about:blank"], {
    detached: true, // a process group of its own, to kill with every child
    stdio: ["ignore", "ignore", "pipe"],
  });
  const exited = new Promise((ok) => proc.once("exit", (code, signal) => ok({ code, signal })));
  let stderr = "";
  const endpoint = await bounded(new Promise((resolve, reject) => {
    proc.stderr.on("data", (chunk) => {
      stderr += chunk;
      const m = /DevTools listening on (ws:\/\/\S+)/.exec(stderr);
      if (m) resolve(m[1]);
    });
    proc.once("exit", (code, signal) => reject(new Error(`chromium exited (${code ?? signal}) before listening:\n${stderr.slice(-2000)}`)));
    proc.once("error", reject);
  }), 30_000, "chromium to start").catch((e) => {
    try { process.kill(-proc.pid, "SIGKILL"); } catch { /* gone */ }
    throw e;
  });
  proc.stderr.resume();
  const browser = await bounded(chromium.connectOverCDP(endpoint), 30_000, "connecting over CDP");
  const context = browser.contexts()[0];
  let killed = false;
  const kill = async () => {
    if (killed) return;
    killed = true;
    try {
      process.kill(-proc.pid, "SIGKILL");
    } catch {
      // already gone
    }
    await bounded(exited, 10_000, "chromium to die");
    const deadline = Date.now() + 10_000;
    while (liveInGroup(proc.pid).length) {
      if (Date.now() > deadline) throw new Error(`processes of chromium's group still alive: ${liveInGroup(proc.pid)}`);
      await sleep(20);
    }
    await browser.close().catch(() => {});
  };
  return { proc, browser, context, kill, stderr: () => stderr };
}

/** A page of `context` on the reliability page, collecting its REL reports in
 * `page.reports` (each {kind, ...}) as they reach Node. */
export async function reliabilityPage(context, baseUrl, { onReport } = {}) {
  const page = await context.newPage();
  page.setDefaultTimeout(30_000);
  page.reports = [];
  page.problems = [];
  page.on("console", (m) => {
    const text = m.text();
    if (text.startsWith("REL ")) {
      const r = JSON.parse(text.slice(4));
      page.reports.push(r);
      onReport?.(r);
    } else if (m.type() === "error") {
      page.problems.push(`console error: ${text}`);
    }
  });
  page.on("pageerror", (e) => page.problems.push(`page error: ${e.message}`));
  await page.goto(`${baseUrl}seed/reliability.html`);
  await page.waitForFunction(() => "rel" in window, null, { timeout: 30_000 });
  return page;
}

// ---------------------------------------------------------------------------------------
// Checking what is stored against the journal

/** Whether `stored` (a journal entry's command, with the engine's defaults filled in)
 * holds everything `sent` said. */
export function sameCommand(sent, stored) {
  if (sent === undefined) return true;
  if (sent === null || typeof sent !== "object") return sent === stored || (sent === null && stored === undefined);
  if (stored === null || typeof stored !== "object") return false;
  if (Array.isArray(sent)) return Array.isArray(stored) && sent.length === stored.length && sent.every((v, i) => sameCommand(v, stored[i]));
  return Object.keys(sent).every((k) => sameCommand(sent[k], stored[k]));
}

const DEFAULT_SCORING = {
  weights: { majorNonconformity: 10, minorNonconformity: 2, observation: 0.5, opportunityForImprovement: 0, goodPractice: 0, conformity: 0 },
  minorLimit: null,
};
const reference = (n) => `F-${String(n).padStart(3, "0")}`;
const nul = (v) => (v === undefined ? null : v);
/** JSON with sorted keys, for comparing values whatever their key order. */
const canonical = (v) => JSON.stringify(v, (_, x) => (x && typeof x === "object" && !Array.isArray(x) ? Object.fromEntries(Object.entries(x).sort(([a], [b]) => (a < b ? -1 : 1))) : x));
const same = (a, b) => canonical(a) === canonical(b);

/**
 * Replays the journal (the command kinds the reliability tests dispatch) and compares
 * the result with every stored programme, audit, checklist item and finding. Returns the
 * problems found: a record without its journal entry, an entry whose records are
 * missing or only partly written, a gap in the sequence.
 */
export function checkStore(journal, stores) {
  const problems = [];
  journal.forEach((e, i) => {
    if (e.seq !== i + 1) problems.push(`journal entry ${i + 1} has seq ${e.seq}`);
  });
  const programmes = new Map();
  const audits = new Map();
  const items = new Map();
  const findings = new Map();
  const unknown = new Set();
  for (const { command: c, created, seq } of journal) {
    switch (c.type) {
      case "createProgramme":
        programmes.set(created, { scoring: DEFAULT_SCORING, seq });
        break;
      case "setScoringSettings":
        programmes.get(c.programmeId).scoring = { weights: c.settings.weights, minorLimit: nul(c.settings.minorLimit) };
        break;
      case "createAudit":
        audits.set(created, { programmeId: c.programmeId, status: "planned", next: 1, criteria: new Set(c.audit.criteria), seq });
        for (const criterion of c.audit.criteria) items.set(`${created}/${criterion}`, { result: "not_audited", notes: "" });
        break;
      case "setAuditStatus":
        audits.get(c.auditId).status = c.status;
        break;
      case "recordResult":
        items.set(`${c.auditId}/${c.criterionId}`, { result: c.result, notes: c.notes ?? "" });
        break;
      case "addFinding": {
        const audit = audits.get(c.auditId);
        findings.set(created, { auditId: c.auditId, reference: reference(audit.next), ...finding(c.finding) });
        audit.next++;
        break;
      }
      case "updateFinding":
        Object.assign(findings.get(c.findingId), finding(c.finding));
        break;
      case "deleteFinding":
        findings.delete(c.findingId);
        break;
      case "setFeasibility":
        // Only the audit's conduct records change, which this check does not compare.
        break;
      default:
        unknown.add(c.type);
    }
  }
  if (unknown.size) problems.push(`journal holds commands this check does not replay: ${[...unknown]}`);

  const compare = (store, expected, check) => {
    const rows = new Map((stores[store] ?? []).map((r) => [r.id, r]));
    for (const [id, want] of expected) {
      const row = rows.get(id);
      if (!row) problems.push(`${store}: "${id}" is in the journal but not stored`);
      else check(id, row, want);
    }
    for (const id of rows.keys()) {
      if (!expected.has(id)) problems.push(`${store}: "${id}" is stored but no journal entry wrote it`);
    }
  };
  compare("programmes", programmes, (id, row, want) => {
    const got = { weights: row.scoring?.weights, minorLimit: nul(row.scoring?.minorLimit) };
    if (!same(got, want.scoring)) problems.push(`programme ${id}: scoring ${JSON.stringify(got)}, journal says ${JSON.stringify(want.scoring)}`);
  });
  compare("audits", audits, (id, row, want) => {
    if (row.status !== want.status) problems.push(`audit ${id}: status ${row.status}, journal says ${want.status}`);
    if (row.nextFindingNumber !== want.next) problems.push(`audit ${id}: nextFindingNumber ${row.nextFindingNumber}, journal says ${want.next}`);
    if (row.programmeId !== want.programmeId) problems.push(`audit ${id}: programme ${row.programmeId}, journal says ${want.programmeId}`);
    if (!same([...row.criteria].sort(), [...want.criteria].sort())) problems.push(`audit ${id}: criteria differ from the journal`);
  });
  compare("checklist", items, (id, row, want) => {
    if (row.result !== want.result || row.notes !== want.notes) {
      problems.push(`checklist ${id}: ${row.result} "${row.notes}", journal says ${want.result} "${want.notes}"`);
    }
  });
  compare("findings", findings, (id, row, want) => {
    const got = { auditId: row.auditId, reference: row.reference, ...finding(row) };
    if (!same(got, want)) problems.push(`finding ${id}: ${JSON.stringify(got)}, journal says ${JSON.stringify(want)}`);
  });
  return { problems, counts: { programmes: programmes.size, audits: audits.size, checklist: items.size, findings: findings.size } };
}

function finding(f) {
  return {
    grade: f.grade, criterionId: f.criterionId, statement: f.statement, evidence: f.evidence, date: f.date,
    likelihood: nul(f.likelihood), impact: nul(f.impact),
  };
}

/**
 * Everything committed in the page's open workspace, checked: the trail verifies (the
 * engine's `journal()`), the records are what the journal says, and each dispatch in
 * `confirmed` (the resolutions Node received) is in the journal at its seq. Returns the
 * problems and the figures.
 */
export async function checkWorkspace(page, confirmed = []) {
  const snap = await bounded(page.evaluate(() => window.rel.snapshot()), 180_000, "reading the workspace");
  const problems = [];
  if (snap.journalError) problems.push(`the trail does not verify: ${snap.journalError.code}: ${snap.journalError.message}`);
  const journal = snap.journal ?? [...(snap.raw.stores.journal ?? [])].sort((a, b) => a.seq - b.seq);
  const { problems: storeProblems, counts } = checkStore(journal, snap.raw.stores);
  problems.push(...storeProblems);
  let lost = 0;
  for (const c of confirmed) {
    const entry = journal[c.seq - 1];
    if (!entry || !sameCommand(c.command, entry.command) || (c.created ?? null) !== (entry.created ?? null)) {
      lost++;
      problems.push(`dispatch ${c.id} resolved as seq ${c.seq} (${c.command.type}) but the journal has ${entry ? JSON.stringify(entry.command).slice(0, 200) : "no such entry"}`);
    }
  }
  return { problems, lost, journal, counts, raw: snap.raw, schemaVersion: snap.schemaVersion };
}
