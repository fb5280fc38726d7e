// Schema migrations under kills: a workspace database as an older schema version left
// it (written raw by the test page, thousands of records in that version's shapes, with
// a hash-chained journal) is opened by this engine, which upgrades it; Chromium is
// SIGKILLed at a random moment of that open and restarted. The database must then be
// either untouched at the old version (every record as written) or fully upgraded; the
// next open completes the upgrade, every record is there and the trail verifies.
// The engine's schema version is read from the meta store after an open, so the upgrade
// from schema 2 runs by itself once the engine's SCHEMA_VERSION is above 2.
// RELIABILITY_MIGRATION_KILLS (default 3) kills per upgrade path; RELIABILITY_SEED repeats.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { serve } from "./harness.mjs";
import { bounded, count, ensurePages, reliabilityPage, rng, seed, sleep, startChromium } from "./reliability-lib.mjs";

const KILLS = count("RELIABILITY_MIGRATION_KILLS", 3);
// Programmes in the fixture; each has 3 audits of about 110 checklist items and 25 findings.
const SIZE = count("RELIABILITY_MIGRATION_SIZE", 12);
const OPEN_DELAY = 100;

/** Everything the fixture's facts say is there, read through the engine; the trail
 * verifies and takes a new entry. Returns the problems. */
async function checkFacts(page, facts, label) {
  const problems = [];
  const views = await bounded(page.evaluate(() => window.rel.viewFacts()), 60_000, `reading the views (${label})`);
  const byId = (list) => new Map(list.map((x) => [x.id, x]));
  const canonical = (o) => JSON.stringify(Object.entries(o).sort());
  const programmes = byId(views.programmes);
  if (programmes.size !== facts.programmes.length) problems.push(`${programmes.size} programmes, the fixture has ${facts.programmes.length}`);
  for (const p of facts.programmes) {
    if (programmes.get(p.id)?.name !== p.name) problems.push(`programme ${p.id} "${p.name}" is ${JSON.stringify(programmes.get(p.id)?.name)}`);
  }
  const audits = byId(views.audits);
  if (audits.size !== facts.audits.length) problems.push(`${audits.size} audits, the fixture has ${facts.audits.length}`);
  for (const want of facts.audits) {
    const got = audits.get(want.id);
    if (!got) {
      problems.push(`audit ${want.id} is missing`);
      continue;
    }
    for (const key of ["title", "status", "nextFindingNumber", "programmeId", "checklist"]) {
      if (got[key] !== want[key]) problems.push(`audit ${want.id}: ${key} ${JSON.stringify(got[key])}, the fixture has ${JSON.stringify(want[key])}`);
    }
    if (canonical(got.results) !== canonical(want.results)) problems.push(`audit ${want.id}: checklist results differ from the fixture's`);
    if (canonical(got.findings) !== canonical(want.findings)) problems.push(`audit ${want.id}: findings ${JSON.stringify(got.findings).slice(0, 200)} differ from the fixture's`);
  }
  const soas = byId(views.soas);
  if (soas.size !== facts.soas.length) problems.push(`${soas.size} SoAs, the fixture has ${facts.soas.length}`);
  for (const s of facts.soas) if (soas.get(s.id)?.entries !== s.entries) problems.push(`SoA ${s.id} has ${soas.get(s.id)?.entries} entries, the fixture ${s.entries}`);
  const sets = byId(views.criteriaSets);
  if (sets.size !== facts.criteriaSets.length) problems.push(`${sets.size} criteria sets, the fixture has ${facts.criteriaSets.length}`);
  for (const s of facts.criteriaSets) if (sets.get(s.id)?.criteria !== s.criteria) problems.push(`criteria set ${s.code} has ${sets.get(s.id)?.criteria} criteria, the fixture ${s.criteria}`);

  const before = await bounded(page.evaluate(() => window.rel.trail()), 60_000, "verifying the trail");
  if (before.error) problems.push(`the trail does not verify: ${before.error.message}`);
  else if (before.length !== facts.journalLength) problems.push(`the trail has ${before.length} entries, the fixture ${facts.journalLength}`);
  const added = await page.evaluate(() => window.rel.dispatch({
    type: "createProgramme",
    programme: { name: "After the upgrade", purpose: "", objectives: "", periodStart: "2027-01-01", periodEnd: "2027-12-31", owner: "O" },
  }));
  if (!added.ok) problems.push(`a change after the upgrade was refused: ${JSON.stringify(added.error)}`);
  else if (added.result.seq !== facts.journalLength + 1) problems.push(`the change after the upgrade got seq ${added.result.seq}, not ${facts.journalLength + 1}`);
  const after = await bounded(page.evaluate(() => window.rel.trail()), 60_000, "verifying the trail");
  if (after.error && !before.error) problems.push(`the trail does not verify after a new change: ${after.error.message}`);
  return problems.map((p) => `${label}: ${p}`);
}

test(`schema upgrades survive ${KILLS} browser kills each`, { timeout: 120_000 + KILLS * 60_000 }, async (t) => {
  ensurePages();
  const runSeed = seed("migration");
  const random = rng(runSeed);
  const server = await serve();
  const profile = await mkdtemp(join(tmpdir(), "isms-reliability-migration-"));
  const env = {};
  const restart = async () => {
    await env.chrome?.kill();
    env.chrome = await startChromium(profile);
    env.page = await reliabilityPage(env.chrome.context, server.url);
  };
  const rel = (fn, arg, what = "a page call", ms = 120_000) => bounded(env.page.evaluate(fn, arg), ms, what);
  try {
    await restart();
    // The schema version this engine writes, as its meta store records it.
    await rel((n) => window.rel.open(n), "reliability-schema-probe");
    const schema = (await rel((n) => window.rel.inspect(n), "reliability-schema-probe")).schemaVersion;
    await rel((n) => { window.rel.close(); return window.rel.deleteDatabase(n); }, "reliability-schema-probe");
    assert.ok(Number.isInteger(schema) && schema >= 2, `schema version ${schema}`);
    console.log(`reliability: the engine writes schema ${schema}`);

    await t.test("the schema 2 fixture is what schema 2 writes, and opens with its data", { skip: schema !== 2 && `the engine writes schema ${schema}; the schema 2 fixture stays as schema 2 wrote it` }, async () => {
      await rel((n) => window.rel.everyKind(n), "reliability-shapes-engine");
      const engine = await rel((n) => window.rel.shapesOf(n), "reliability-shapes-engine");
      const facts = await rel(([n, s]) => window.rel.writeFixture(n, 2, s, 2), ["reliability-shapes-fixture", random.u32()]);
      const fixture = await rel((n) => window.rel.shapesOf(n), "reliability-shapes-fixture");
      assert.deepEqual(fixture, engine, "the fields of every record kind");
      await rel((n) => window.rel.open(n), "reliability-shapes-fixture");
      assert.deepEqual(await checkFacts(env.page, facts, "schema 2 fixture opened by a schema 2 engine"), []);
      for (const n of ["reliability-shapes-engine", "reliability-shapes-fixture"]) await rel((x) => { window.rel.close(); return window.rel.deleteDatabase(x); }, n);
    });

    for (const from of [1, 2]) {
      const skip = from >= schema && `no upgrade from schema ${from} yet: the engine writes schema ${schema}`;
      await t.test(`from schema ${from} to the engine's, killed during the upgrade`, { skip }, async () => {
        const name = `reliability-migrate-v${from}`;
        const fixtureSeed = random.u32();
        const write = async () => {
          const facts = await rel(([n, v, s, z]) => window.rel.writeFixture(n, v, s, z), [name, from, fixtureSeed, SIZE], "writing the fixture");
          const stored = await rel((n) => window.rel.digest(n), name);
          assert.equal(stored.version, from);
          assert.equal(stored.schemaVersion, from);
          return { facts, stored };
        };
        const drop = () => rel((n) => { window.rel.close(); return window.rel.deleteDatabase(n); }, name);
        // An open that nothing interrupts: how long the upgrade and load take.
        const { facts, stored } = await write();
        const records = Object.entries(stored.counts).filter(([s]) => s !== "meta").reduce((n, [, c]) => n + c, 0);
        await rel((n) => window.rel.openReported(n), name, "the first upgrade");
        const openMs = env.page.reports.find((r) => r.kind === "open-done").ms;
        assert.deepEqual(await checkFacts(env.page, facts, `schema ${from} upgraded without a kill`), []);
        await drop();

        let untouched = 0;
        let upgraded = 0;
        for (let k = 1; k <= KILLS; k++) {
          const label = `schema ${from}, kill ${k} of ${KILLS}, seed ${runSeed}`;
          const { stored: intact } = await write();
          env.page.reports.length = 0;
          // The page opens the workspace OPEN_DELAY ms from now; the kill comes at a random
          // moment around the upgrade (its start) half of the time, else anywhere in the open.
          const offset = random() < 0.5 ? random.int(-20, 20) : random.int(0, Math.round(openMs * 1.2));
          const killAfter = OPEN_DELAY + offset;
          await rel(([n, d]) => window.rel.openLater(n, d), [name, OPEN_DELAY]);
          await sleep(killAfter);
          const heard = env.page.reports.map((r) => r.kind);
          const failed = env.page.reports.find((r) => r.kind === "open-failed");
          assert.ok(!failed, `the open failed before the kill (${label}): ${JSON.stringify(failed)}`);
          await restart();
          const found = await rel((n) => window.rel.digest(n), name);
          if (found.version === from && found.schemaVersion === from) {
            assert.equal(found.digest, intact.digest, `the old database is not as it was (${label}): ${JSON.stringify(found.counts)}`);
            untouched++;
          } else {
            assert.deepEqual([found.version, found.schemaVersion], [schema, schema], `the database is half upgraded (${label}): ${JSON.stringify(found)}`);
            upgraded++;
          }
          await rel((n) => window.rel.openReported(n), name, "reopening after the kill");
          assert.deepEqual(await checkFacts(env.page, facts, label), []);
          assert.equal((await rel((n) => window.rel.inspect(n), name)).schemaVersion, schema);
          if (process.env.RELIABILITY_VERBOSE) console.log(`reliability: ${label}: killed ${offset} ms after the open was due (heard: ${heard.join(", ") || "nothing"}), found ${found.version === from ? "untouched" : "upgraded"}`);
          await drop();
        }
        console.log(`reliability: migration ${from} -> ${schema}: kills survived ${KILLS}/${KILLS} (found untouched at ${from}: ${untouched},` +
          ` found upgraded: ${upgraded}), each reopened with all ${records} records and a verified trail` +
          ` (fixture: ${records} records, ${facts.journalLength} journal entries; an uninterrupted upgrade and open takes ${Math.round(openMs)} ms)`);
      });
    }
  } finally {
    await env.chrome?.kill().catch(() => {});
    await server.close();
    await rm(profile, { recursive: true, force: true });
  }
});
