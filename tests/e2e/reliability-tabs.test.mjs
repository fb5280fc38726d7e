// Several tabs on one workspace: two or three pages of one browser context (same
// origin, same workspace) dispatch at the same moments, many times over. A tab that
// saved from a stale view must get `conflict` with nothing written, and the same command
// retried after the engine's own refresh must go through. In the end nothing is lost:
// every resolved dispatch is in the journal once, at the seq it was told, and the records
// are exactly what the journal says.
// RELIABILITY_INTERLEAVINGS (default 20) rounds; RELIABILITY_SEED repeats a run.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { serve } from "./harness.mjs";
import { bounded, checkWorkspace, count, ensurePages, reliabilityPage, rng, seed, sleep, startChromium } from "./reliability-lib.mjs";

const ROUNDS = count("RELIABILITY_INTERLEAVINGS", 20);
const TABS = 3;
const WORKSPACE = "reliability-tabs";
const CRITERIA = Array.from({ length: 37 }, (_, i) => `A.5.${i + 1}`);

test(`${TABS} tabs dispatching in ${ROUNDS} interleavings lose no update`, { timeout: 60_000 + ROUNDS * 3_000 }, async () => {
  ensurePages();
  const runSeed = seed("tabs");
  const random = rng(runSeed);
  const server = await serve();
  // A profile on disk, so the tabs share IndexedDB as a user's browser does (not an
  // in-memory incognito context).
  const profile = await mkdtemp(join(tmpdir(), "isms-reliability-tabs-"));
  const started = Date.now();
  let chrome;
  try {
    chrome = await startChromium(profile);
    const context = chrome.context;
    const tabs = [];
    for (let t = 0; t < TABS; t++) tabs.push(await reliabilityPage(context, server.url));
    const call = (tab, fn, arg) => bounded(tab.evaluate(fn, arg), 30_000, "a tab's call");

    // One programme and one started audit, from the first tab.
    await call(tabs[0], (name) => window.rel.open(name, "Tab 0"), WORKSPACE);
    const ok = async (command) => {
      const r = await call(tabs[0], (c) => window.rel.dispatch(c), command);
      assert.ok(r.ok, JSON.stringify(r.error));
      return r.result;
    };
    const programme = (await ok({ type: "createProgramme", programme: { name: "Shared programme", purpose: "", objectives: "", periodStart: "2027-01-01", periodEnd: "2027-12-31", owner: "Owner" } })).created;
    const audit = (await ok({
      type: "createAudit", programmeId: programme,
      audit: { title: "Shared audit", kind: "internal", auditee: "Org", objectives: "", scope: { units: [], processes: [], locations: [] }, catalogId: "iso27001-2022", criteria: CRITERIA, plannedStart: "2027-03-01", plannedEnd: "2027-03-02", leadAuditor: "Lead" },
    })).created;
    await ok({ type: "setFeasibility", auditId: audit, feasibility: { verdict: "feasible", reasons: "", alternative: "" } });
    await ok({ type: "setAuditStatus", auditId: audit, status: "in_progress" });
    const setup = 4;
    for (let t = 1; t < TABS; t++) await call(tabs[t], ([name, actor]) => window.rel.open(name, actor), [WORKSPACE, `Tab ${t}`]);
    for (const tab of tabs) await call(tab, () => window.rel.watchChanges());

    const own = tabs.map(() => []); // the findings each tab created (only it edits them)
    const resolved = [];
    let conflicts = 0;
    let mostForOne = 0;
    const command = (t, round) => {
      const roll = random();
      if (roll < 0.05) {
        return { type: "createProgramme", programme: { name: `Programme of tab ${t}, round ${round}`, purpose: "", objectives: "", periodStart: "2028-01-01", periodEnd: "2028-12-31", owner: `Tab ${t}` } };
      }
      if (roll < 0.15 && own[t].length) return { type: "updateFinding", findingId: random.pick(own[t]), finding: finding(t, round, "minor_nonconformity") };
      if (roll < 0.2 && own[t].length) return { type: "deleteFinding", findingId: own[t].pop() };
      if (roll < 0.55) {
        return { type: "recordResult", auditId: audit, criterionId: random.pick(CRITERIA), result: random.pick(["conforming", "nonconforming", "not_applicable"]), notes: `tab ${t}, round ${round}` };
      }
      return { type: "addFinding", auditId: audit, finding: finding(t, round, random.pick(["observation", "major_nonconformity", "good_practice"])) };
    };
    const finding = (t, round, grade) => ({
      grade, criterionIds: [random.pick(CRITERIA)], statement: `Seen by tab ${t} in round ${round}`, evidence: "Interview", date: "2027-03-01",
      ...(random() < 0.5 ? { likelihood: random.int(1, 5), impact: random.int(1, 5) } : {}),
    });

    for (let round = 0; round < ROUNDS; round++) {
      const order = [...tabs.keys()].sort(() => random() - 0.5).slice(0, random.int(2, TABS));
      const sent = order.map((t) => ({ t, command: command(t, round), delay: random.int(0, 4) }));
      const results = await Promise.all(sent.map(({ t, command: c, delay }) => call(tabs[t], ([c2, d]) => window.rel.dispatchRetrying(c2, d), [c, delay])));
      results.forEach((r, i) => {
        const { t, command: c } = sent[i];
        const where = `round ${round}, tab ${t}, seed ${runSeed}`;
        assert.ok(r.ok, `${c.type} was refused (${where}): ${JSON.stringify(r.error)}; conflicts before: ${r.conflicts.length}`);
        // Each retry follows a refresh; only the other tabs of this round can have written
        // in between, so a command conflicts at most once per other tab.
        assert.ok(r.conflicts.length <= sent.length - 1, `${c.type} conflicted ${r.conflicts.length} times with ${sent.length - 1} other tabs (${where})`);
        conflicts += r.conflicts.length;
        mostForOne = Math.max(mostForOne, r.conflicts.length);
        if (r.conflicts.length) assert.match(r.conflicts[0], /changed in another tab/);
        resolved.push({ id: `${round}/${t}`, seq: r.seq, created: r.created, command: c });
        if (c.type === "addFinding") own[t].push(r.created);
      });
    }

    // Every tab converges on what is stored (each refreshes on the others' broadcasts).
    const check = await checkWorkspace(tabs[0], resolved);
    assert.deepEqual(check.problems, [], `seed ${runSeed}:\n${check.problems.slice(0, 20).join("\n")}`);
    assert.equal(check.journal.length, setup + resolved.length, `every resolved dispatch is in the journal once (seed ${runSeed})`);
    assert.equal(new Set(resolved.map((r) => r.seq)).size, resolved.length, "no two dispatches were told the same seq");
    const adds = resolved.filter((r) => r.command.type === "addFinding").length;
    const deletes = resolved.filter((r) => r.command.type === "deleteFinding").length;
    const stored = check.raw.stores.audits.find((a) => a.id === audit);
    assert.equal(stored.nextFindingNumber, adds + 1, "every finding got its own number");
    assert.equal(check.raw.stores.findings.length, adds - deletes);
    const references = check.raw.stores.findings.map((f) => f.reference);
    assert.equal(new Set(references).size, references.length, "no finding reference was given twice");
    const want = { next: adds + 1, findings: adds - deletes };
    for (const [t, tab] of tabs.entries()) {
      let facts;
      const deadline = Date.now() + 10_000;
      do {
        facts = await call(tab, (id) => window.rel.auditFacts(id), audit);
        if (facts.next === want.next && facts.findings === want.findings) break;
        await sleep(50);
      } while (Date.now() < deadline);
      assert.deepEqual({ next: facts.next, findings: facts.findings }, want, `tab ${t} shows what is stored`);
      assert.deepEqual(tab.problems, [], `tab ${t}`);
    }
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    console.log(`reliability: interleavings ${ROUNDS}, tabs ${TABS}, dispatches ${resolved.length}, conflicts retried ${conflicts}` +
      ` (at most ${mostForOne} for one dispatch), lost 0 (${seconds} s, seed ${runSeed})`);
  } finally {
    await chrome?.kill().catch(() => {});
    await server.close();
    await rm(profile, { recursive: true, force: true });
  }
});
