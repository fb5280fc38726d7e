// Runs in headless Chromium (see run.mjs): times the engine against plain IndexedDB
// doing the same storage work, so each number comes with a same-run baseline.
import { AuditApp, openWorkspace, unlockWorkspace, type Command } from "../../www/src/engine.js";
import { auditExportJson } from "../../www/src/export-model.js";
import { officeExport } from "../../www/src/office.js";

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function finding(auditId: string, n: number): Command {
  return {
    type: "addFinding",
    auditId,
    finding: {
      grade: n % 3 === 0 ? "minor_nonconformity" : "observation",
      criterionIds: ["A.8.13"],
      statement: `Finding ${n}: restore tests are not performed for system ${n}`,
      evidence: `Backup runbook rev ${n}; interview with the backup administrator`,
      date: "2026-03-03",
    },
  };
}

async function seed(name: string, findings: number) {
  const app = await openWorkspace(name);
  app.actor = "Bench";
  const programme = await app.dispatch({
    type: "createProgramme",
    programme: { name: "Bench", periodStart: "2026-01-01", periodEnd: "2026-12-31", owner: "O" },
  });
  const audit = await app.dispatch({
    type: "createAudit",
    programmeId: programme.created!,
    audit: {
      title: "Bench audit", kind: "internal", catalogId: "iso27001-2022",
      criteria: ["4", "5", "6", "7", "8", "9", "10", ...app.catalog("iso27001-2022").criteria
        .filter((c) => c.kind === "control").map((c) => c.id)],
      plannedStart: "2026-03-01", plannedEnd: "2026-03-05", leadAuditor: "Lead",
    },
  });
  const auditId = audit.created!;
  // Starting an audit needs its feasibility recorded.
  await app.dispatch({ type: "setFeasibility", auditId, feasibility: { verdict: "feasible", reasons: "", alternative: "" } });
  await app.dispatch({ type: "setAuditStatus", auditId, status: "in_progress" });
  const times: number[] = [];
  for (let n = 1; n <= findings; n++) {
    const t = performance.now();
    await app.dispatch(finding(auditId, n));
    times.push(performance.now() - t);
  }
  return { app, auditId, times };
}

function request<T>(r: IDBRequest<T>): Promise<T> {
  return new Promise((ok, fail) => {
    r.onsuccess = () => ok(r.result);
    r.onerror = () => fail(r.error);
  });
}

function rawOpen(name: string): Promise<IDBDatabase> {
  return request(indexedDB.open(name));
}

/** Baseline for open: plain IndexedDB reading the same stores the engine reads. */
async function rawLoad(name: string) {
  const db = await rawOpen(name);
  const stores = ["programmes", "audits", "checklist", "findings", "journal"];
  const tx = db.transaction(stores, "readonly");
  const all = await Promise.all(stores.slice(0, 4).map((s) => request(tx.objectStore(s).getAll())));
  const cursor = await request(tx.objectStore("journal").openCursor(null, "prev"));
  db.close();
  return all.reduce((n, xs) => n + xs.length, 0) + (cursor ? 1 : 0);
}

/** Baseline for dispatch: one strict transaction putting a finding and a journal entry. */
async function rawWrites(name: string, count: number) {
  const db = await rawOpen(name);
  const times: number[] = [];
  for (let n = 0; n < count; n++) {
    const t = performance.now();
    const tx = db.transaction(["audits", "findings", "journal"], "readwrite", { durability: "strict" });
    tx.objectStore("findings").put({ id: `raw-${n}`, auditId: "raw", reference: `R-${n}`, statement: "x".repeat(60), evidence: "y".repeat(60) });
    tx.objectStore("audits").put({ id: "raw-audit", nextFindingNumber: n });
    tx.objectStore("journal").add({ seq: 1_000_000 + n, at: new Date().toISOString(), hash: "0".repeat(64) });
    await new Promise((ok, fail) => { tx.oncomplete = ok; tx.onerror = () => fail(tx.error); });
    times.push(performance.now() - t);
  }
  db.close();
  return times;
}

async function timed<T>(f: () => Promise<T>): Promise<number> {
  const t = performance.now();
  await f();
  return performance.now() - t;
}

async function medianOf(repeats: number, f: () => unknown): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < repeats; i++) times.push(await timed(async () => f()));
  return median(times);
}

/** Scoring an audit with `scoringFindings` findings and the HTML report of one with
 * `findings`, each against JSON.stringify of the same audit's view. */
export async function runScoring(findings: number, scoringFindings: number, repeats: number) {
  const small = await seed(`bench-report-${Date.now()}`, findings);
  const detail = small.app.audit(small.auditId);
  const report = await medianOf(repeats, () => small.app.report(small.auditId, "html"));
  const reportBytes = small.app.report(small.auditId, "html").length;
  const reportBaseline = await medianOf(repeats, () => JSON.stringify(detail));
  small.app.close();
  await AuditApp.deleteWorkspace(small.app.name);

  const large = await seed(`bench-score-${Date.now()}`, scoringFindings);
  const largeDetail = large.app.audit(large.auditId);
  const scoring = await medianOf(repeats, () => large.app.score(large.auditId));
  const scoringBaseline = await medianOf(repeats, () => JSON.stringify(largeDetail));
  const dashboard = await medianOf(repeats, () => large.app.audit(large.auditId));
  large.app.close();
  await AuditApp.deleteWorkspace(large.app.name);
  return { findings, scoringFindings, report, reportBytes, reportBaseline, scoring, scoringBaseline, dashboard };
}

/** Opening an encrypted workspace of one audit with `findings` findings against the same
 * workspace in clear, in this run: the clear one is a restore of the other's backup
 * taken just before it was protected. Unlocking is timed without its key derivation,
 * which is reported on its own. */
export async function runEncrypted(findings: number, repeats: number) {
  const passphrase = "bench passphrase for the encrypted workspace";
  const name = `bench-encrypted-${Date.now()}`;
  const clearName = `${name}-clear`;
  const seeded = await seed(name, findings);
  const backup = await seeded.app.exportWorkspace(undefined);
  const clear = await AuditApp.open(clearName);
  await clear.restoreWorkspace(backup, undefined);
  clear.close();
  const protect = await timed(() => seeded.app.protect(passphrase));
  const open: number[] = [];
  const unlock: number[] = [];
  const derive: number[] = [];
  for (let i = 0; i < repeats; i++) {
    let app: AuditApp | undefined;
    open.push(await timed(async () => { app = await AuditApp.open(clearName); }));
    if (app!.audit(seeded.auditId).findings.length !== findings) throw new Error("the clear workspace lost findings");
    app!.close();
    let locked: AuditApp | undefined;
    const total = await timed(async () => { locked = await unlockWorkspace(name, passphrase); });
    if (!locked!.encrypted || locked!.audit(seeded.auditId).findings.length !== findings) throw new Error("the encrypted workspace lost findings");
    derive.push(locked!.keyDerivationMs);
    unlock.push(total - locked!.keyDerivationMs);
    locked!.close();
  }
  await AuditApp.deleteWorkspace(name);
  await AuditApp.deleteWorkspace(clearName);
  return { findings, protect, open: median(open), unlock: median(unlock), derive: median(derive) };
}

export async function run(findings: number, repeats: number) {
  const name = `bench-${Date.now()}`;
  const seeded = await seed(name, findings);
  const dispatchMs = median(seeded.times);
  const lastHundredMs = median(seeded.times.slice(-100));
  const detailMs = await timed(async () => seeded.app.audit(seeded.auditId));
  seeded.app.close();

  const openTimes: number[] = [];
  const rawOpenTimes: number[] = [];
  for (let i = 0; i < repeats; i++) {
    let app: AuditApp | undefined;
    openTimes.push(await timed(async () => { app = await AuditApp.open(name); }));
    const count = app!.audit(seeded.auditId).findings.length;
    if (count !== findings) throw new Error(`opened ${count} findings, expected ${findings}`);
    app!.close();
    rawOpenTimes.push(await timed(() => rawLoad(name)));
  }
  const rawWrite = median(await rawWrites(name, 200));
  await AuditApp.deleteWorkspace(name);
  return {
    findings,
    dispatchMedianMs: dispatchMs,
    dispatchMedianLast100Ms: lastHundredMs,
    rawWriteMedianMs: rawWrite,
    openMedianMs: median(openTimes),
    rawLoadMedianMs: median(rawOpenTimes),
    auditViewMs: detailMs,
  };
}

/** The programme dashboard (clause 5.6 monitoring) of `audits` audits with
 * `perAudit` findings each, against JSON.parse of the same audits' data. */
export async function runProgramme(audits: number, perAudit: number, repeats: number) {
  const app = await openWorkspace(`bench-programme-${Date.now()}`);
  app.actor = "Bench";
  const programme = await app.dispatch({
    type: "createProgramme",
    programme: { name: "Bench", periodStart: "2026-01-01", periodEnd: "2028-12-31", owner: "O" },
  });
  const controls = app.catalog("iso27001-2022").criteria.filter((c) => c.kind === "control").map((c) => c.id);
  const auditIds: string[] = [];
  for (let a = 0; a < audits; a++) {
    const month = String((a % 12) + 1).padStart(2, "0");
    const year = 2026 + Math.floor(a / 12);
    const audit = await app.dispatch({
      type: "createAudit",
      programmeId: programme.created!,
      audit: {
        title: `Audit ${a + 1}`, kind: "internal", catalogId: "iso27001-2022",
        criteria: ["4", "5", "6", "7", "8", "9", "10", ...controls],
        plannedStart: `${year}-${month}-01`, plannedEnd: `${year}-${month}-05`, leadAuditor: "Lead",
      },
    });
    const auditId = audit.created!;
    auditIds.push(auditId);
    await app.dispatch({ type: "setAuditStatus", auditId, status: "in_progress" });
    for (let n = 1; n <= perAudit; n++) {
      const command = finding(auditId, n);
      if (command.type === "addFinding") command.finding.criterionIds = [controls[(n * 7 + a) % controls.length]];
      await app.dispatch(command);
    }
  }
  const today = "2027-06-30";
  const dashboard = app.programmeDashboard(programme.created!, today);
  const findings = dashboard.byGrade.reduce((n, g) => n + g.count, 0);
  if (findings !== audits * perAudit) throw new Error(`the dashboard counts ${findings} findings, expected ${audits * perAudit}`);
  const open = await medianOf(repeats, () => app.programmeDashboard(programme.created!, today));
  const data = JSON.stringify(auditIds.map((id) => app.audit(id)));
  const baseline = await medianOf(repeats, () => JSON.parse(data));
  app.close();
  await AuditApp.deleteWorkspace(app.name);
  return { audits, perAudit, open, baseline, bytes: data.length };
}

/** The .docx and .xlsx of an audit with `findings` findings, made by the office module in
 * its Worker, against JSON.stringify of the same audit's view; and the page's longest
 * task meanwhile (the Long Tasks API reports every task over 50 ms). */
export async function runExport(findings: number, repeats: number) {
  const seeded = await seed(`bench-export-${Date.now()}`, findings);
  const { app, auditId } = seeded;
  const detail = app.audit(auditId);
  const longTasks: string[] = [];
  const marks: [string, number][] = [];
  const observer = new PerformanceObserver((list) => list.getEntries().forEach((e) => {
    const phase = [...marks].reverse().find(([, at]) => at <= e.startTime)?.[0] ?? "before";
    longTasks.push(`${e.duration.toFixed(0)} ms (${phase})`);
  }));
  observer.observe({ type: "longtask" });
  // The first call starts the worker and loads the module: timed on its own, with the
  // page's synchronous share (gathering the model, starting the worker) apart.
  const t0 = performance.now();
  marks.push(["first export", t0]);
  const firstJson = auditExportJson(app, detail, { classification: "Internal" });
  const t1 = performance.now();
  const first = officeExport("auditXlsx", firstJson);
  const firstSync = { gather: t1 - t0, start: performance.now() - t1 };
  await first;
  const firstLoad = performance.now() - t0;
  marks.push(["gathering", performance.now()]);
  const model = await medianOf(repeats, () => auditExportJson(app, detail, { classification: "Internal" }));
  marks.push([".docx", performance.now()]);
  const docx = await medianOf(repeats, () => officeExport("auditDocx", auditExportJson(app, detail, { classification: "Internal" })));
  marks.push([".xlsx", performance.now()]);
  const xlsx = await medianOf(repeats, () => officeExport("auditXlsx", auditExportJson(app, detail, { classification: "Internal" })));
  const docxBytes = (await officeExport("auditDocx", auditExportJson(app, detail, { classification: "Internal" }))).length;
  const xlsxBytes = (await officeExport("auditXlsx", auditExportJson(app, detail, { classification: "Internal" }))).length;
  await new Promise((ok) => setTimeout(ok, 100));
  observer.disconnect();
  const baseline = await medianOf(repeats, () => JSON.stringify(detail));
  // Where the page's share goes: the engine's report JSON, the action register, the
  // model's JSON for the worker.
  const reportJson = await medianOf(repeats, () => app.report(auditId, "json"));
  const actions = await medianOf(repeats, () => app.actions(detail.audit.programmeId, "2026-12-31"));
  app.close();
  await AuditApp.deleteWorkspace(app.name);
  return { findings, firstLoad, firstSync, model, docx, xlsx, docxBytes, xlsxBytes, baseline, longTasks, reportJson, actions };
}

/** Second tab: a workspace of `findings` findings for the two-tab measure; its name. */
export async function tabsSeed(findings: number) {
  const name = `bench-tabs-${Date.now()}`;
  const { app, auditId } = await seed(name, findings);
  app.close();
  return { name, auditId };
}

/** Second tab: dispatches `count` findings into the audit; each one's time. */
export async function tabsDispatch(name: string, auditId: string, count: number, from: number) {
  const app = await openWorkspace(name);
  app.actor = "Bench";
  const times: number[] = [];
  for (let n = 0; n < count; n++) {
    const t = performance.now();
    await app.dispatch(finding(auditId, from + n));
    times.push(performance.now() - t);
    // The other tab hears of each change and takes it in before the next one, as when
    // a user saves one thing at a time.
    await new Promise((ok) => setTimeout(ok, 20));
  }
  app.close();
  return median(times);
}

/** Second tab: keeps the workspace open and counts the changes it took in. */
let follower: AuditApp | undefined;
let heard = 0;
export async function tabsFollow(name: string) {
  follower = await openWorkspace(name);
  follower.onChange(() => heard++);
  return true;
}
export function tabsHeard() {
  follower?.close();
  return { heard };
}

/** Attaching a `megabytes` MB evidence file (hashed with WebCrypto, stored as a Blob
 * with its record and journal entry in one strict transaction) and reading it back
 * verified, against a plain strict IndexedDB put and a get of the same Blob. */
export async function runEvidence(megabytes: number, repeats: number) {
  const { app, auditId } = await seed(`bench-evidence-${Date.now()}`, 0);
  const bytes = new Uint8Array(megabytes * 1_000_000);
  // getRandomValues fills at most 64 KiB a call; random bytes keep any layer from
  // compressing them away.
  for (let at = 0; at < bytes.length; at += 65_536) crypto.getRandomValues(bytes.subarray(at, at + 65_536));
  const file = new File([bytes], "evidence.bin", { type: "application/octet-stream" });
  const attach: number[] = [];
  const read: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const entry = await app.dispatch({
      type: "addEvidence", auditId,
      evidence: { kind: "record", title: `Bench ${i}`, date: "2026-03-03" },
    });
    let fileId = "";
    attach.push(await timed(async () => { fileId = (await app.attachEvidenceFile(entry.created!, file)).created!; }));
    read.push(await timed(async () => {
      const blob = await app.readEvidenceFile(entry.created!, fileId);
      if (blob.size !== file.size) throw new Error(`read ${blob.size} bytes, expected ${file.size}`);
    }));
  }
  const hash = await medianOf(repeats, async () => crypto.subtle.digest("SHA-256", await file.arrayBuffer()));
  app.close();
  const db = await rawOpen(app.name);
  const rawPut: number[] = [];
  const rawGet: number[] = [];
  for (let i = 0; i < repeats; i++) {
    rawPut.push(await timed(async () => {
      const tx = db.transaction(["evidence_files"], "readwrite", { durability: "strict" });
      tx.objectStore("evidence_files").put({ id: `raw-${i}`, blob: file });
      await new Promise((ok, fail) => { tx.oncomplete = ok; tx.onerror = () => fail(tx.error); });
    }));
    rawGet.push(await timed(async () => {
      const tx = db.transaction(["evidence_files"], "readonly");
      const value = await request(tx.objectStore("evidence_files").get(`raw-${i}`)) as { blob: Blob };
      await value.blob.arrayBuffer();
    }));
  }
  db.close();
  await AuditApp.deleteWorkspace(app.name);
  return { megabytes, attach: median(attach), read: median(read), hash, rawPut: median(rawPut), rawGet: median(rawGet) };
}

/** The safety copy's cost per dispatch: two workspaces open side by side, one with its
 * copy in OPFS and one where the browser offers no OPFS (so it has none), taking
 * alternate addFinding dispatches, so both see the same machine load. */
export async function runCopy(count: number) {
  const stamp = Date.now();
  const withCopy = await seed(`bench-copy-${stamp}`, 0);
  const storage = navigator.storage as unknown as Record<string, unknown>;
  Object.defineProperty(storage, "getDirectory", { value: undefined, configurable: true });
  let without: Awaited<ReturnType<typeof seed>>;
  try {
    without = await seed(`bench-nocopy-${stamp}`, 0);
  } finally {
    delete storage.getDirectory;
  }
  if (!withCopy.app.safetyCopy().available || without.app.safetyCopy().available) {
    throw new Error("the copy bench needs one workspace with a safety copy and one without");
  }
  const times = { with: [] as number[], without: [] as number[] };
  for (let n = 1; n <= count; n++) {
    for (const [app, auditId, list] of [[withCopy.app, withCopy.auditId, times.with], [without.app, without.auditId, times.without]] as const) {
      const t = performance.now();
      await app.dispatch(finding(auditId, n));
      list.push(performance.now() - t);
    }
  }
  for (const s of [withCopy, without]) {
    s.app.close();
    await AuditApp.deleteWorkspace(s.app.name);
  }
  return { count, withCopy: median(times.with), without: median(times.without) };
}

Object.assign(window, {
  bench: run, benchScoring: runScoring, benchProgramme: runProgramme, benchExport: runExport, benchEvidence: runEvidence,
  benchCopy: runCopy, benchEncrypted: runEncrypted, tabsSeed, tabsDispatch, tabsFollow, tabsHeard,
});
