// Test-only page for the reliability tests (served at /seed/reliability.html by the e2e
// harness, same origin as the app; built by tests/e2e/build-pages.sh). It drives the
// engine's public JS API (`AuditApp.open`, `app.dispatch`), reads IndexedDB raw to check
// what is really stored, and writes fixture databases of older schema versions.
//
// Everything the Node side must learn while the browser may be killed at any moment is
// reported with console.log("REL {json}") lines: Node counts only what it has received.
import {
  AuditApp, asAuditError, openWorkspace, unlockWorkspace, type Command, type DispatchResult,
} from "../../www/src/engine.js";

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Row = { [key: string]: Json };
type Rng = () => number;

function report(kind: string, data: Record<string, unknown> = {}) {
  console.log(`REL ${JSON.stringify({ kind, ...data })}`);
}

/** A small seeded PRNG (mulberry32); the same seed gives the same stream. */
function rng(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const pick = <T>(r: Rng, list: readonly T[]): T => list[Math.floor(r() * list.length)];
const int = (r: Rng, lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));

function errorOf(e: unknown): { code: string; name: string; message: string } {
  const err = e as { code?: unknown; name?: unknown; message?: unknown };
  return { code: String(err?.code ?? ""), name: String(err?.name ?? ""), message: String(err?.message ?? e) };
}

// ---------------------------------------------------------------------------------------
// Raw IndexedDB

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

function done(tx: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error ?? new DOMException("aborted", "AbortError"));
  });
}

/** Opens `name` at its current version without upgrading it (or creating stores). */
function openRaw(name: string): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const req = indexedDB.open(name);
    req.onupgradeneeded = () => {
      // The database did not exist: leave it empty (version 1, no stores) and say so.
      report("raw-open-created", { name });
    };
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
    req.onblocked = () => report("raw-open-blocked", { name });
  });
}

export interface Dump {
  version: number;
  stores: Record<string, Row[]>;
}

/** Every store of database `name` as stored, and the database version. */
async function dump(name: string): Promise<Dump> {
  const db = await openRaw(name);
  try {
    const names = [...db.objectStoreNames];
    const stores: Record<string, Row[]> = {};
    if (names.length) {
      const tx = db.transaction(names, "readonly");
      const all = names.map((n) => request(tx.objectStore(n).getAll()));
      (await Promise.all(all)).forEach((rows, i) => (stores[names[i]] = rows as Row[]));
    }
    return { version: db.version, stores };
  } finally {
    db.close();
  }
}

async function databases(): Promise<string[]> {
  return (await indexedDB.databases()).map((d) => d.name ?? "");
}

function deleteDatabase(name: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = indexedDB.deleteDatabase(name);
    req.onsuccess = () => resolve();
    req.onerror = () => reject(req.error);
    req.onblocked = () => report("delete-blocked", { name });
  });
}

// ---------------------------------------------------------------------------------------
// The engine

let app: AuditApp | undefined;
let workspace = "";

async function open(name: string, actor = "Reliability Tester") {
  app?.close();
  workspace = name;
  app = await openWorkspace(name);
  app.actor = actor;
  return { name: app.name, head: app.programmes().length, copy: app.safetyCopy() };
}

function theApp(): AuditApp {
  if (!app) throw new Error("no workspace is open");
  return app;
}

/** Opens `name`, reporting the start and the end (or failure) to the Node side, which
 * may kill the browser in between (the migration test). */
async function openReported(name: string) {
  const t0 = performance.now();
  report("open-start", { name });
  try {
    await open(name);
    report("open-done", { name, ms: performance.now() - t0 });
  } catch (e) {
    report("open-failed", { name, ms: performance.now() - t0, error: errorOf(e) });
    throw e;
  }
}

/** What is committed, as the engine and IndexedDB see it: the verified trail (or why it
 * does not verify), every stored record, and the schema version in the meta store. */
async function snapshot() {
  const a = theApp();
  let journal: unknown = null;
  let journalError: unknown = null;
  try {
    journal = await a.journal();
  } catch (e) {
    journalError = errorOf(e);
  }
  const raw = await dump(workspace);
  const schema = (raw.stores.meta ?? []).find((m) => m.key === "schema") as { version?: number } | undefined;
  return { journal, journalError, raw, schemaVersion: schema?.version ?? null };
}

/** Every stored schema fact worth knowing without opening through the engine. */
async function inspect(name: string) {
  const d = await dump(name);
  const schema = (d.stores.meta ?? []).find((m) => m.key === "schema") as { version?: number } | undefined;
  return { ...d, schemaVersion: schema?.version ?? null };
}

// ---------------------------------------------------------------------------------------
// Crash test: a stream of dispatches of many kinds, generated from the engine's views

const WEIGHTS = [10, 10.0, 2.5, 0.5, 0.25, 7, 1.125, 0, 3] as const;

function auditableIds(a: AuditApp): string[] {
  return a.catalog("iso27001-2022").criteria.filter((c) => c.auditable).map((c) => c.id);
}

let criteriaCache: string[] | undefined;

/** What the stream generator knows of the workspace: read from the engine's views once
 * when a stream starts, then kept up to date from each resolved dispatch, so that
 * generating a command costs nothing next to saving it. */
interface Model {
  programmes: string[];
  audits: Map<string, { status: string; feasible: boolean; criteria: string[]; findings: { id: string; criterionId: string; statement: string; evidence: string }[] }>;
}

function readModel(a: AuditApp): Model {
  const model: Model = { programmes: [], audits: new Map() };
  for (const p of a.programmes()) {
    model.programmes.push(p.programme.id);
    for (const { audit } of a.audits(p.programme.id)) {
      const findings = audit.status === "in_progress" ? a.audit(audit.id).findings : [];
      model.audits.set(audit.id, { status: audit.status, feasible: !!audit.conduct?.feasibility && audit.conduct.feasibility.verdict !== "not_feasible", criteria: audit.criteria, findings: findings.map((f) => ({ id: f.id, criterionId: f.criterionIds[0], statement: f.statement, evidence: f.evidence })) });
    }
  }
  return model;
}

/** Takes a saved command into the model. */
function learn(model: Model, c: Command, created: string | undefined) {
  switch (c.type) {
    case "createProgramme":
      model.programmes.push(created!);
      break;
    case "createAudit":
      model.audits.set(created!, { status: "planned", feasible: false, criteria: c.audit.criteria, findings: [] });
      break;
    case "setAuditStatus":
      model.audits.get(c.auditId)!.status = c.status;
      break;
    case "setFeasibility":
      model.audits.get(c.auditId)!.feasible = c.feasibility.verdict !== "not_feasible";
      break;
    case "addFinding":
      model.audits.get(c.auditId)!.findings.push({ id: created!, criterionId: c.finding.criterionIds[0], statement: c.finding.statement, evidence: c.finding.evidence });
      break;
    case "updateFinding":
    case "deleteFinding":
      for (const audit of model.audits.values()) {
        const i = audit.findings.findIndex((f) => f.id === c.findingId);
        if (i < 0) continue;
        if (c.type === "deleteFinding") audit.findings.splice(i, 1);
        else audit.findings[i] = { ...audit.findings[i], statement: c.finding.statement };
      }
      break;
    default:
  }
}

/** Starts a planned audit, or first records it feasible (an audit starts only then). */
function start(audit: { id: string; feasible: boolean }): Command {
  if (!audit.feasible) return { type: "setFeasibility", auditId: audit.id, feasibility: { verdict: "feasible", reasons: "", alternative: "" } };
  return { type: "setAuditStatus", auditId: audit.id, status: "in_progress" };
}

/** The next command, valid against the model. `burstSafe`: only commands that stay
 * valid whatever else of that kind is applied first (results, findings). */
function nextCommand(model: Model, a: AuditApp, r: Rng, n: number, burstSafe: boolean): Command {
  const criteria = (criteriaCache ??= auditableIds(a));
  const programmes = model.programmes;
  if (!programmes.length || (!burstSafe && r() < 0.03)) {
    return {
      type: "createProgramme",
      programme: {
        name: `Programme ${n} – Zürich & Genève`, purpose: "Certification readiness", objectives: "Cover every clause each year",
        periodStart: "2027-01-01", periodEnd: "2027-12-31", owner: "Programme Manager",
      },
    };
  }
  const audits = [...model.audits.entries()].map(([id, x]) => ({ id, ...x }));
  const running = audits.filter((x) => x.status === "in_progress");
  const planned = audits.filter((x) => x.status === "planned");
  const completed = audits.filter((x) => x.status === "completed");
  const roll = r();
  if (!burstSafe) {
    if (roll < 0.08 || !audits.length) {
      const count = int(r, 3, 40);
      const chosen = new Set<string>();
      while (chosen.size < count) chosen.add(pick(r, criteria));
      return {
        type: "createAudit",
        programmeId: pick(r, programmes),
        audit: {
          title: `Audit ${n}`, kind: pick(r, ["internal", "supplier", "external"] as const), auditee: "Auditee GmbH", objectives: "Conformity",
          scope: { units: ["IT"], processes: ["Change management"], locations: ["Berlin"] },
          catalogId: "iso27001-2022", criteria: [...chosen], plannedStart: "2027-03-01", plannedEnd: "2027-03-05", leadAuditor: "Lead Auditor",
        },
      };
    }
    if (roll < 0.16 && planned.length) return start(pick(r, planned));
    if (roll < 0.19 && running.length > 1) {
      // Completing acknowledges each condition the engine says is unmet now.
      const id = pick(r, running).id;
      const acknowledgements = a.audit(id).completionExceptions.map((e) => ({ condition: e.condition, reason: "Completed by the stream" }));
      return { type: "setAuditStatus", auditId: id, status: "completed", acknowledgements };
    }
    if (roll < 0.21 && completed.length) return { type: "setAuditStatus", auditId: pick(r, completed).id, status: "in_progress", reason: "Reopened by the stream" };
    if (roll < 0.28) {
      return {
        type: "setScoringSettings",
        programmeId: pick(r, programmes),
        settings: {
          weights: {
            majorNonconformity: pick(r, WEIGHTS), minorNonconformity: pick(r, WEIGHTS), observation: pick(r, WEIGHTS),
            opportunityForImprovement: pick(r, WEIGHTS), goodPractice: 0, conformity: 0,
          },
        },
      };
    }
    if (roll < 0.34 && running.length) {
      const audit = pick(r, running);
      if (audit.findings.length) {
        const f = pick(r, audit.findings);
        if (r() < 0.5) return { type: "deleteFinding", findingId: f.id };
        return {
          type: "updateFinding", findingId: f.id,
          finding: { grade: "major_nonconformity", criterionIds: [f.criterionId], statement: `Updated in step ${n}`, evidence: f.evidence, date: "2027-03-02", likelihood: 4, impact: 5 },
        };
      }
    }
  }
  if (!running.length) {
    // Nothing to record in: start one (or plan one) instead.
    if (planned.length && !burstSafe) return start(pick(r, planned));
    return nextCommand(model, a, r, n, false);
  }
  const audit = pick(r, running);
  const criterion = pick(r, audit.criteria);
  if (r() < 0.5) {
    return {
      type: "recordResult", auditId: audit.id, criterionId: criterion,
      result: pick(r, /^[0-9]/.test(criterion) ? (["conforming", "nonconforming", "not_audited"] as const) : (["conforming", "nonconforming", "not_applicable", "not_audited"] as const)), notes: `Checked in step ${n}`,
    };
  }
  const risk = r() < 0.5 ? { likelihood: int(r, 1, 5), impact: int(r, 1, 5) } : {};
  return {
    type: "addFinding", auditId: audit.id,
    finding: {
      grade: pick(r, ["major_nonconformity", "minor_nonconformity", "observation", "opportunity_for_improvement", "good_practice", "conformity"] as const),
      criterionIds: [criterion], statement: `Finding of step ${n}: «quoted» \\ "escaped" ✓`, evidence: `Record ${n}`, date: "2027-03-01", ...risk,
    },
  };
}

let streaming = false;

/** Dispatches `count` commands (or until the browser dies), one at a time and now and
 * then a burst of 2-3 queued together, reporting each one sent and each one resolved. */
async function stream(seed: number, count: number, tag: string) {
  const a = theApp();
  const r = rng(seed);
  const model = readModel(a);
  streaming = true;
  let n = 0;
  try {
    while (streaming && n < count) {
      // A burst is only of commands that stay valid in any order (results and findings
      // in a running audit); without a running audit, the next command starts one.
      const running = [...model.audits.values()].some((x) => x.status === "in_progress");
      const burst = r() < 0.15 && running ? int(r, 2, 3) : 1;
      const commands: Command[] = [];
      for (let i = 0; i < burst; i++) commands.push(nextCommand(model, a, r, n + i, burst > 1));
      const pending = commands.map((command, i) => {
        const id = `${tag}:${n + i}`;
        report("sent", { id, command });
        return a.dispatch(command).then(
          (result: DispatchResult) => {
            report("resolved", { id, seq: result.seq, created: result.created ?? null, command });
            return result;
          },
          (e: unknown) => {
            report("rejected", { id, error: errorOf(e), command });
            throw e;
          },
        );
      });
      n += burst;
      const results = await Promise.all(pending);
      results.forEach((result, i) => learn(model, commands[i], result.created));
    }
    report("stream-done", { tag, n });
  } catch (e) {
    report("stream-failed", { tag, n, error: errorOf(e) });
  } finally {
    streaming = false;
  }
}

// ---------------------------------------------------------------------------------------
// Tabs test: one dispatch, retried while it conflicts

async function dispatchRetrying(command: Command, delayMs: number, maxAttempts = 20) {
  const a = theApp();
  if (delayMs > 0) await new Promise((ok) => setTimeout(ok, delayMs));
  const conflicts: string[] = [];
  for (let attempt = 1; attempt <= maxAttempts; attempt++) {
    try {
      const result = await a.dispatch(command);
      return { ok: true, seq: result.seq, created: result.created ?? null, conflicts };
    } catch (e) {
      const err = errorOf(e);
      if (err.code !== "conflict") return { ok: false, error: err, conflicts };
      conflicts.push(err.message);
    }
  }
  return { ok: false, error: { code: "too_many_conflicts", name: "", message: `still conflicting after ${maxAttempts} attempts` }, conflicts };
}

let changes = 0;
function watchChanges() {
  theApp().onChange(() => changes++);
}

// ---------------------------------------------------------------------------------------
// Fixtures: databases as older schema versions left them, written raw

/** SHA-256 hex of text. */
async function sha256(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

/** JSON with object keys sorted at every level: how the engine's journal has hashed an
 * entry's content since schema 1 (serde_json's sorted maps). With `rustFloats`, numbers
 * under a "weights" key print as serde_json prints an f64 (10.0 as "10.0"): the scoring
 * weights are f64 in the engine, and an entry is hashed before it is stored. */
function sortedJson(value: Json, rustFloats = false, floats = false): string {
  if (typeof value === "number" && floats && Number.isInteger(value)) return `${value}.0`;
  if (value === null || typeof value !== "object") return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map((v) => sortedJson(v, rustFloats, floats)).join(",")}]`;
  const keys = Object.keys(value).filter((k) => value[k] !== undefined).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${sortedJson(value[k], rustFloats, floats || (rustFloats && k === "weights"))}`).join(",")}}`;
}

const GENESIS = "0".repeat(64);

interface Entry { seq: number; at: string; actor: string; command: Json; created: string | null; prevHash: string; hash: string }

/** What a fixture holds and what a reader must find in it after any upgrade. */
export interface FixtureFacts {
  version: number;
  counts: Record<string, number>;
  journalLength: number;
  programmes: { id: string; name: string }[];
  audits: { id: string; programmeId: string; title: string; status: string; nextFindingNumber: number; checklist: number; results: Record<string, string>; findings: Record<string, string> }[];
  soas: { id: string; name: string; entries: number }[];
  criteriaSets: { id: string; code: string; criteria: number }[];
}

const V1_STORES: [string, string, string | null][] = [
  ["meta", "key", null], ["programmes", "id", null], ["audits", "id", "programmeId"],
  ["checklist", "id", "auditId"], ["findings", "id", "auditId"], ["journal", "seq", null],
];
const V2_STORES: [string, string, string | null][] = [...V1_STORES, ["soas", "id", null], ["criteria_sets", "id", null]];

let catalogCache: ReturnType<AuditApp["catalog"]> | undefined;

/** The 2022 catalog (titles and groups for checklist items), from the open workspace
 * or, if none is open, from a scratch one. */
async function catalog2022() {
  if (!catalogCache && app) catalogCache = app.catalog("iso27001-2022");
  if (!catalogCache) {
    const scratch = await openWorkspace("reliability-catalog-scratch");
    catalogCache = scratch.catalog("iso27001-2022");
    scratch.close();
    await deleteDatabase("reliability-catalog-scratch");
  }
  return catalogCache;
}

/**
 * A workspace as schema `version` (1 or 2) stored it: every record in the shape that
 * version wrote (v1: no scoring settings, SoA reference, conclusion, report details or
 * finding risk; v2: all of them, plus SoAs and custom criteria sets), and a hash-chained
 * journal with one entry per command that made the records. `size` scales it: about
 * 120 checklist items and 25 findings per audit, 3 audits per programme.
 */
async function buildFixture(version: 1 | 2, seed: number, size: number) {
  const r = rng(seed);
  const catalog = await catalog2022();
  const leaves = catalog.criteria.filter((c) => c.auditable);
  const stores: Record<string, Row[]> = Object.fromEntries((version === 1 ? V1_STORES : V2_STORES).map(([n]) => [n, []]));
  const journal: Entry[] = [];
  let clock = Date.UTC(2026, 0, 5, 8, 0, 0);
  let counter = 0;
  const newId = () => {
    counter++;
    const hex = Array.from({ length: 32 }, () => Math.floor(r() * 16).toString(16)).join("");
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
  };
  const record = async (command: Json, created: string | null = null) => {
    clock += int(r, 1000, 600000);
    const prev = journal[journal.length - 1];
    const entry: Entry = {
      seq: journal.length + 1, at: new Date(clock).toISOString(), actor: pick(r, ["Ana Auditor", "Björn Lead", "Chloé Manager"]),
      command, created, prevHash: prev ? prev.hash : GENESIS, hash: "",
    };
    entry.hash = await sha256(sortedJson({ seq: entry.seq, at: entry.at, actor: entry.actor, command, created, prevHash: entry.prevHash }, true));
    journal.push(entry);
  };
  const facts: FixtureFacts = { version, counts: {}, journalLength: 0, programmes: [], audits: [], soas: [], criteriaSets: [] };

  // v2: custom criteria sets and SoAs exist before the audits that use them.
  const soaIds: string[] = [];
  const setCodes: string[] = [];
  if (version >= 2) {
    for (let s = 0; s < Math.max(1, Math.round(size / 2)); s++) {
      const id = newId();
      const soa: Row = { id, name: `SoA ${2025 + s}`, catalogId: "iso27001-2022", entries: [] };
      stores.soas.push(soa);
      await record({ type: "createSoa", soa: { name: soa.name as string, catalogId: "iso27001-2022" } }, id);
      const entries: Json[] = [];
      for (const c of leaves.filter((c) => c.id.startsWith("A."))) {
        const applicable = r() < 0.85;
        const entry = {
          controlId: c.id, applicable, justification: applicable ? "Risk treatment plan RTP-7" : "No development in house",
          implementation: applicable ? pick(r, ["implemented", "partially_implemented", "planned", "not_implemented"]) : null, documents: applicable ? "ISMS-POL-01" : "",
        };
        entries.push(entry);
        if (entries.length <= 3) await record({ type: "setSoaEntry", soaId: id, entry });
      }
      // The rest came in by one CSV import.
      await record({ type: "importSoa", soaId: id, csv: "control;applicable;justification\nA.5.1;yes;policy\n" });
      soa.entries = entries;
      soaIds.push(id);
      facts.soas.push({ id, name: soa.name as string, entries: entries.length });
    }
    for (let s = 0; s < Math.max(1, Math.round(size / 3)); s++) {
      const id = newId();
      const code = `POL${s}`;
      const set: Row = { id, code, name: `Policies ${s}`, kind: pick(r, ["policy", "legal", "regulatory", "contractual", "other"]), criteria: [] };
      stores.criteria_sets.push(set);
      await record({ type: "createCriteriaSet", set: { code, name: set.name, kind: set.kind } }, id);
      const criteria: Json[] = [];
      for (let c = 1; c <= 12; c++) {
        const criterion = { id: `P-${c}`, title: `Policy requirement ${c}`, guidance: "Ask for the approved version", source: "ISMS policy §" + c };
        criteria.push(criterion);
        await record({ type: "setCustomCriterion", setId: id, criterion });
      }
      set.criteria = criteria;
      setCodes.push(code);
      facts.criteriaSets.push({ id, code, criteria: criteria.length });
    }
  }

  const programmeCount = Math.max(1, size);
  for (let p = 0; p < programmeCount; p++) {
    const pid = newId();
    const fields = {
      name: `Programme ${2020 + p} – ISMS`, purpose: "Certification readiness", objectives: "Every clause once a year",
      periodStart: `${2020 + p}-01-01`, periodEnd: `${2020 + p}-12-31`, owner: "Chloé Manager",
    };
    const programme: Row = { id: pid, ...fields };
    await record({ type: "createProgramme", programme: fields }, pid);
    if (version >= 2) {
      programme.scoring = { weights: { majorNonconformity: 10, minorNonconformity: 2, observation: 0.5, opportunityForImprovement: 0, goodPractice: 0, conformity: 0 }, minorLimit: null };
      if (p === 0 || r() < 0.5) {
        const settings = { weights: { majorNonconformity: 12.5, minorNonconformity: 2.5, observation: 0.25, opportunityForImprovement: 0, goodPractice: 0, conformity: 0 }, minorLimit: 5 };
        programme.scoring = settings;
        await record({ type: "setScoringSettings", programmeId: pid, settings });
      }
    }
    stores.programmes.push(programme);
    facts.programmes.push({ id: pid, name: fields.name });

    for (let k = 0; k < 3; k++) {
      const aid = newId();
      const useSoa = version >= 2 && soaIds.length && r() < 0.3 ? pick(r, soaIds) : null;
      const chosen = leaves.filter(() => r() < 0.92);
      const custom = version >= 2 && setCodes.length ? [1, 2, 3].map((c) => `${pick(r, setCodes)}:P-${c}`) : [];
      const criteriaIds = [...new Set([...chosen.map((c) => c.id), ...custom])];
      const fieldsA: Row = {
        title: `Audit ${p}-${k}: Access control & suppliers`, kind: pick(r, ["internal", "supplier", "external"]), auditee: "Muster AG",
        objectives: "Determine conformity", scope: { units: ["IT", "HR"], processes: ["Onboarding"], locations: ["Wien"] },
        catalogId: "iso27001-2022", criteria: criteriaIds, plannedStart: `${2020 + p}-03-0${k + 1}`, plannedEnd: `${2020 + p}-03-0${k + 2}`, leadAuditor: "Björn Lead",
      };
      if (version >= 2) fieldsA.soaId = useSoa;
      await record({ type: "createAudit", programmeId: pid, audit: fieldsA }, aid);
      const audit: Row = {
        id: aid, programmeId: pid, title: fieldsA.title, kind: fieldsA.kind, auditee: fieldsA.auditee, objectives: fieldsA.objectives, scope: fieldsA.scope,
        catalogId: "iso27001-2022", catalogVersion: catalog.version, criteria: criteriaIds, plannedStart: fieldsA.plannedStart, plannedEnd: fieldsA.plannedEnd,
        leadAuditor: "Björn Lead", status: "planned", nextFindingNumber: 1,
      };
      const items: Row[] = criteriaIds.map((cid, position) => {
        const leaf = leaves.find((c) => c.id === cid);
        const [code, num] = cid.split(":");
        return {
          id: `${aid}/${cid}`, auditId: aid, criterionId: cid, title: leaf ? leaf.title : `Policy requirement ${num?.slice(2)}`,
          group: leaf ? leaf.group : `custom:${code}`, position, result: "not_audited", notes: "",
        };
      });
      const results: Record<string, string> = {};
      const findings: Record<string, string> = {};
      const status = pick(r, ["planned", "in_progress", "in_progress", "completed"]);
      if (status !== "planned") {
        await record({ type: "setAuditStatus", auditId: aid, status: "in_progress" });
        for (const item of items) {
          if (r() < 0.4) {
            item.result = pick(r, ["conforming", "conforming", "nonconforming", "not_applicable"]);
            item.notes = r() < 0.5 ? `Sampled 5 of 40 records; ${item.criterionId} ok` : "";
            results[item.criterionId as string] = item.result as string;
            await record({ type: "recordResult", auditId: aid, criterionId: item.criterionId, result: item.result, notes: item.notes });
          }
        }
        const nFindings = int(r, 15, 35);
        for (let f = 0; f < nFindings; f++) {
          const fid = newId();
          const reference = `F-${String(audit.nextFindingNumber).padStart(3, "0")}`;
          audit.nextFindingNumber = (audit.nextFindingNumber as number) + 1;
          const ff: Row = {
            grade: pick(r, ["major_nonconformity", "minor_nonconformity", "observation", "opportunity_for_improvement", "good_practice", "conformity"]),
            criterionId: pick(r, criteriaIds), statement: `Statement ${f}: access reviews are not documented for “legacy” systems`,
            evidence: `Interview with the IT lead; ticket INC-${1000 + f}`, date: fieldsA.plannedStart,
          };
          if (version >= 2) {
            const rated = r() < 0.5;
            ff.likelihood = rated ? int(r, 1, 5) : null;
            ff.impact = rated ? int(r, 1, 5) : null;
          }
          await record({ type: "addFinding", auditId: aid, finding: ff }, fid);
          if (r() < 0.08) {
            await record({ type: "deleteFinding", findingId: fid });
            continue;
          }
          stores.findings.push({ id: fid, auditId: aid, reference, ...ff });
          findings[fid] = reference;
        }
        if (version >= 2) {
          const report = {
            team: ["Ana Auditor", "Björn Lead"], auditLocations: "Wien, remote", sampling: "5 of 40 records per control", divergingOpinions: "",
            confidentiality: "Internal", distribution: ["CISO"], summary: "The ISMS is largely effective.",
          };
          audit.report = report;
          await record({ type: "setReportDetails", auditId: aid, details: report });
        }
        if (status === "completed") {
          if (version >= 2) {
            audit.conclusion = { verdict: "fulfilled_with_nonconformities", reason: "Minor gaps only", computed: "not_fulfilled", by: "Björn Lead", at: new Date(clock).toISOString() };
            await record({ type: "confirmConclusion", auditId: aid, verdict: "fulfilled_with_nonconformities", reason: "Minor gaps only" });
          }
          await record({ type: "setAuditStatus", auditId: aid, status: "completed" });
        }
      }
      audit.status = status;
      if (version >= 2) {
        audit.soaId = useSoa;
        audit.conclusion ??= null;
        audit.report ??= { team: [], auditLocations: "", sampling: "", divergingOpinions: "", confidentiality: "", distribution: [], summary: "" };
      }
      stores.audits.push(audit);
      stores.checklist.push(...items);
      facts.audits.push({
        id: aid, programmeId: pid, title: audit.title as string, status, nextFindingNumber: audit.nextFindingNumber as number,
        checklist: items.length, results, findings,
      });
    }
  }
  stores.meta.push({ key: "schema", version });
  stores.journal = journal as unknown as Row[];
  for (const [n, rows] of Object.entries(stores)) facts.counts[n] = rows.length;
  facts.journalLength = journal.length;
  return { stores, facts, ids: counter };
}

/** Writes a fixture database `name` at schema `version`, replacing any database of that
 * name, in one strict transaction; returns its facts. */
async function deleteSafetyCopy(name: string) {
  try {
    const top = await (await navigator.storage.getDirectory()).getDirectoryHandle("isms-audit-safety-copy");
    await top.removeEntry(`w-${encodeURIComponent(name)}`, { recursive: true });
  } catch (e) {
    if ((e as DOMException).name !== "NotFoundError") throw e;
  }
}

async function writeFixture(name: string, version: 1 | 2, seed: number, size: number) {
  const { stores, facts } = await buildFixture(version, seed, size);
  app?.close();
  app = undefined;
  await deleteDatabase(name);
  // The workspace's safety copy goes with it (as `deleteWorkspace` does): a copy left
  // from an earlier run would hold more than the fresh fixture and be used to rebuild it.
  await deleteSafetyCopy(name);
  const layout = version === 1 ? V1_STORES : V2_STORES;
  const db = await new Promise<IDBDatabase>((resolve, reject) => {
    const req = indexedDB.open(name, version);
    req.onupgradeneeded = () => {
      for (const [store, key, parent] of layout) {
        const s = req.result.createObjectStore(store, { keyPath: key });
        if (parent) s.createIndex(parent, parent);
      }
    };
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
  try {
    const tx = db.transaction(layout.map(([n]) => n), "readwrite", { durability: "strict" });
    for (const [store] of layout) for (const row of stores[store]) tx.objectStore(store).add(row);
    await done(tx);
  } finally {
    db.close();
  }
  return facts;
}

/** The v2 fixture's record shapes next to those this engine writes (the key sets of one
 * record per store), so the fixture cannot drift from schema 2 unnoticed. */
async function shapesOf(name: string) {
  const d = await dump(name);
  const shapes: Record<string, string[]> = {};
  for (const [store, rows] of Object.entries(d.stores)) {
    const keys = new Set<string>();
    for (const row of rows) for (const k of Object.keys(row)) keys.add(k);
    shapes[store] = [...keys].sort();
  }
  return shapes;
}

/** Database `name` as it is stored: its version, the schema version in its meta store,
 * the record count of each store, and one SHA-256 over every record of every store, so
 * "intact" can be checked value for value without shipping the records to Node. */
async function digest(name: string) {
  const d = await dump(name);
  const schema = (d.stores.meta ?? []).find((m) => m.key === "schema") as { version?: number } | undefined;
  const names = Object.keys(d.stores).sort();
  const counts = Object.fromEntries(names.map((n) => [n, d.stores[n].length]));
  const text = sortedJson(Object.fromEntries(names.map((n) => [n, d.stores[n]])) as Json);
  return { version: d.version, schemaVersion: schema?.version ?? null, counts, digest: await sha256(text) };
}

/** Fills workspace `name` through the engine with at least one record of every kind. */
async function everyKind(name: string) {
  await open(name);
  const a = theApp();
  const ok = async (c: Command) => (await a.dispatch(c)).created!;
  const soa = await ok({ type: "createSoa", soa: { name: "SoA", catalogId: "iso27001-2022" } });
  await ok({ type: "setSoaEntry", soaId: soa, entry: { controlId: "A.5.1", applicable: true, justification: "x", implementation: "implemented", documents: "d" } });
  const set = await ok({ type: "createCriteriaSet", set: { code: "POL", name: "Policies", kind: "policy" } });
  await ok({ type: "setCustomCriterion", setId: set, criterion: { id: "P-1", title: "t", guidance: "g", source: "s" } });
  const p = await ok({ type: "createProgramme", programme: { name: "P", purpose: "", objectives: "", periodStart: "2027-01-01", periodEnd: "2027-12-31", owner: "O" } });
  const au = await ok({
    type: "createAudit", programmeId: p,
    audit: { title: "A", kind: "internal", auditee: "x", objectives: "", scope: { units: [], processes: [], locations: [] }, catalogId: "iso27001-2022", criteria: ["A.5.1", "POL:P-1"], soaId: soa, plannedStart: "2027-03-01", plannedEnd: "2027-03-02", leadAuditor: "L" },
  });
  await ok({ type: "setFeasibility", auditId: au, feasibility: { verdict: "feasible", reasons: "", alternative: "" } });
  await ok({ type: "setAuditStatus", auditId: au, status: "in_progress" });
  await ok({ type: "addFinding", auditId: au, finding: { grade: "observation", criterionIds: ["A.5.1"], statement: "s", evidence: "e", date: "2027-03-01", likelihood: 2, impact: 3 } });
  a.close();
  app = undefined;
}

// ---------------------------------------------------------------------------------------

const rel = {
  open, openReported, snapshot,
  /** Starts `openReported(name)` after `delayMs`, so Node can time a kill around it. */
  openLater: (name: string, delayMs: number) => {
    setTimeout(() => void openReported(name).catch(() => {}), delayMs);
  }, inspect, dump, databases, deleteDatabase, stream, stop: () => (streaming = false),
  dispatchRetrying, watchChanges, changes: () => changes, writeFixture, shapesOf, everyKind, digest,
  close: () => {
    app?.close();
    app = undefined;
  },
  /** Views through the engine, for comparing with what a fixture holds. */
  views: () => {
    const a = theApp();
    return {
      programmes: a.programmes().map((p) => p.programme),
      audits: a.programmes().flatMap((p) => a.audits(p.programme.id).map((s) => {
        const d = a.audit(s.audit.id);
        return { audit: d.audit, checklist: d.checklist, findings: d.findings };
      })),
      soas: a.soas().map((s) => s.soa),
      criteriaSets: a.criteriaSets(),
    };
  },
  /** The same, condensed to what a fixture's facts name (less to send to Node). */
  viewFacts: () => {
    const a = theApp();
    return {
      programmes: a.programmes().map((p) => ({ id: p.programme.id, name: p.programme.name })),
      audits: a.programmes().flatMap((p) => a.audits(p.programme.id).map((s) => {
        const d = a.audit(s.audit.id);
        return {
          id: d.audit.id, programmeId: d.audit.programmeId, title: d.audit.title, status: d.audit.status, nextFindingNumber: d.audit.nextFindingNumber,
          checklist: d.checklist.length,
          results: Object.fromEntries(d.checklist.filter((i) => i.result !== "not_audited").map((i) => [i.criterionId, i.result])),
          findings: Object.fromEntries(d.findings.map((f) => [f.id, f.reference])),
        };
      })),
      soas: a.soas().map((s) => ({ id: s.soa.id, entries: s.soa.entries.length })),
      criteriaSets: a.criteriaSets().map((s) => ({ id: s.id, code: s.code, criteria: s.criteria.length })),
    };
  },
  /** The trail's length once the engine verified it, or why it does not verify. */
  trail: async () => {
    try {
      return { length: (await theApp().journal()).length, error: null };
    } catch (e) {
      return { length: null, error: errorOf(e) };
    }
  },
  dispatch: async (command: Command) => {
    try {
      return { ok: true, result: await theApp().dispatch(command) };
    } catch (e) {
      return { ok: false, error: errorOf(e) };
    }
  },
  storageStatus: () => theApp().storageStatus(),
  /** Opens workspace `name`, with `passphrase` if it is encrypted; what it holds. */
  openOrUnlock: async (name: string, passphrase: string) => {
    app?.close();
    app = undefined;
    workspace = name;
    try {
      app = await openWorkspace(name);
    } catch (e) {
      if (asAuditError(e).code !== "locked") throw e;
      app = await unlockWorkspace(name, passphrase);
    }
    const journal = await app.journal();
    const verification = await app.verify();
    return {
      encrypted: app.encrypted,
      length: journal.length,
      head: journal.at(-1)?.hash ?? null,
      verified: verification.verified,
      problems: [...(verification.chainBreak ? [verification.chainBreak] : []), ...verification.recordProblems],
      programmes: app.programmes().length,
      keyMs: app.keyDerivationMs,
    };
  },
  /** Protects the open workspace, reporting the start and the end (the Node side kills
   * the browser in between). */
  protect: async (passphrase: string) => {
    const t0 = performance.now();
    report("protect-start");
    try {
      await theApp().protect(passphrase);
      report("protect-done", { ms: performance.now() - t0 });
    } catch (e) {
      report("protect-failed", { error: errorOf(e) });
    }
  },
  backup: () => theApp().exportWorkspace(undefined),
  /** Deletes workspace `name` and restores `backup` into it, in clear. */
  resetTo: async (name: string, backup: string) => {
    app?.close();
    app = undefined;
    await AuditApp.deleteWorkspace(name);
    app = await openWorkspace(name);
    await app.restoreWorkspace(backup, undefined);
  },
  /** The raw contents of database `name` (e.g. the clear one after encryption). */
  rawDump: (name: string) => dump(name),
  /** The safety copy's files of every workspace in OPFS, as paths. */
  copyFiles: async () => {
    const out: string[] = [];
    const walk = async (dir: FileSystemDirectoryHandle, path: string) => {
      for await (const [name, handle] of (dir as unknown as { entries(): AsyncIterable<[string, FileSystemHandle]> }).entries()) {
        if (handle.kind === "directory") await walk(handle as FileSystemDirectoryHandle, `${path}/${name}`);
        else out.push(`${path}/${name}`);
      }
    };
    await walk(await navigator.storage.getDirectory(), "");
    return out;
  },
  /** What this tab's engine holds of one audit now (without re-reading the database). */
  auditFacts: (id: string) => {
    const d = theApp().audit(id);
    return { next: d.audit.nextFindingNumber, findings: d.findings.length, results: d.checklist.filter((i) => i.result !== "not_audited").length };
  },
};

(window as unknown as { rel: typeof rel }).rel = rel;
report("page-ready");
