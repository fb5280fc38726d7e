// Crash safety: Chromium runs as a real process on a profile on disk while the page
// streams dispatches of many kinds; the whole browser process group is SIGKILLed at a
// random moment, restarted on the same profile, and the workspace must hold every
// dispatch whose promise had resolved (as far as Node heard before the kill), no
// half-applied command, and a trail that verifies. When Chromium discarded the database
// after a kill, the workspace must come back whole from its safety copy (OPFS).
// RELIABILITY_KILLS (default 5) kills; RELIABILITY_SEED repeats a run. Every
// RELIABILITY_KILLS_PER_WORKSPACE (default 50) kills the stream moves to a new workspace
// in the same profile, so that a restart late in a long run costs what an early one does
// (the open and the check grow with the trail) while each workspace still grows to
// thousands of entries.
import { test } from "node:test";
import assert from "node:assert/strict";
import { cp, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { serve } from "./harness.mjs";
import { bounded, checkWorkspace, count, ensurePages, reliabilityPage, rng, seed, sleep, startChromium } from "./reliability-lib.mjs";

const KILLS = count("RELIABILITY_KILLS", 5);
const PER_WORKSPACE = count("RELIABILITY_KILLS_PER_WORKSPACE", 50);
const WORKSPACE = "reliability-crash";
// The kill comes this long after the stream started (ms), uniformly at random.
const KILL_AFTER = [20, 1500];

test(`the workspace survives ${KILLS} browser kills during dispatches`, { timeout: 120_000 + KILLS * 30_000 }, async () => {
  ensurePages();
  const runSeed = seed("crash");
  const random = rng(runSeed);
  const server = await serve();
  const profile = await mkdtemp(join(tmpdir(), "isms-reliability-crash-"));
  const atKill = `${profile}-indexeddb-at-last-kill`;
  let workspaces = 1;
  let workspace = `${WORKSPACE}-${workspaces}`;
  let confirmed = []; // every resolution Node received in this workspace: {id, seq, created, command}
  let confirmedBefore = 0; // in the workspaces finished earlier
  const started = Date.now();
  let chrome;
  let keepProfile = false;
  let survived = 0;
  let unconfirmedCommitted = 0;
  let killsInFlight = 0; // kills while a dispatch was sent and its resolution not yet heard
  let rebuilds = 0; // opens that found IndexedDB emptied or cut short and rebuilt it from the copy
  let tornTails = 0; // rebuilds that dropped an incomplete last change of the copy
  const context = (k) => `kill ${k} of ${KILLS}, seed ${runSeed}`;
  try {
    for (let k = 0; k <= KILLS; k++) {
      chrome = await startChromium(profile);
      const page = await reliabilityPage(chrome.context, server.url);
      const opened = await bounded(page.evaluate((name) => window.rel.open(name), workspace), 60_000, `opening the workspace (${context(k)})`);
      assert.equal(opened.copy.available, true, "the page has no safety copy (OPFS)");
      assert.equal(opened.copy.notUsed, undefined, `the safety copy was not used after ${context(k)}: ${opened.copy.notUsed}`);
      if (opened.copy.rebuilt) {
        rebuilds++;
        if (opened.copy.rebuilt.notes.length) tornTails++;
        console.log(`reliability: after ${context(k)} IndexedDB held ${opened.copy.rebuilt.storedBefore} of ${opened.copy.rebuilt.entries} entries; rebuilt from the safety copy` +
          `${opened.copy.rebuilt.notes.length ? ` (${opened.copy.rebuilt.notes.join(" ")})` : ""}`);
      }
      // What the previous run committed: all of it, and nothing half.
      const check = await checkWorkspace(page, confirmed);
      if (check.lost) {
        // Keep the evidence of lost data: the profile stays on disk, and what Chromium said.
        keepProfile = true;
        const said = chrome.stderr().split("\n").filter((l) => l.trim() && !/dbus|DevTools listening|unexpected operator/.test(l));
        console.log(`reliability: after ${context(k)} the journal has ${check.journal.length} entries (${confirmed.length} dispatches confirmed in it so far);` +
          ` profile kept at ${profile}, its IndexedDB files as the kill left them at ${atKill}; Chromium said:\n${said.slice(-20).join("\n") || "(nothing)"}`);
      }
      assert.deepEqual(check.problems, [], `after ${context(k)} (journal: ${check.journal.length} entries):\n${check.problems.slice(0, 20).join("\n")}`);
      assert.equal(check.lost, 0);
      const lastConfirmed = confirmed.reduce((m, c) => Math.max(m, c.seq), 0);
      unconfirmedCommitted += check.journal.length - lastConfirmed; // committed, resolution not heard before the kill
      if (k > 0) survived++;
      if (k === KILLS) {
        console.log(`reliability: the last workspace (${workspaces} used, a new one every ${PER_WORKSPACE} kills): ${check.journal.length} journal entries, ${JSON.stringify(check.counts)}`);
        break;
      }
      if (k > 0 && k % PER_WORKSPACE === 0) {
        workspaces++;
        workspace = `${WORKSPACE}-${workspaces}`;
        confirmedBefore += confirmed.length;
        confirmed = [];
        await bounded(page.evaluate((name) => window.rel.open(name), workspace), 60_000, `opening workspace ${workspace} (${context(k)})`);
      }
      page.reports.length = 0;
      const streamSeed = random.u32();
      const killAfter = random.int(...KILL_AFTER);
      const onThisRun = [];
      await page.evaluate(([s, tag]) => { void window.rel.stream(s, 1_000_000, tag); }, [streamSeed, `k${k}`]);
      await sleep(killAfter);
      await chrome.kill();
      chrome = undefined;
      // A copy of IndexedDB's files as the kill left them, in case the restart finds them
      // damaged (Chromium then deletes them).
      await rm(atKill, { recursive: true, force: true });
      await cp(join(profile, "Default", "IndexedDB"), atKill, { recursive: true }).catch(() => {});
      const pending = new Set();
      for (const r of page.reports) {
        if (r.kind === "sent") pending.add(r.id);
        if (r.kind === "resolved") pending.delete(r.id);
        if (r.kind === "resolved") onThisRun.push({ id: r.id, seq: r.seq, created: r.created, command: r.command });
        // A stream that stopped by itself (e.g. a refused command) is a failure of the test's
        // generator or of the engine: say which.
        if (r.kind === "rejected" || r.kind === "stream-failed") {
          assert.fail(`the stream reported ${r.kind} before the kill (${context(k + 1)}, stream seed ${streamSeed}): ${JSON.stringify(r).slice(0, 500)}`);
        }
      }
      confirmed.push(...onThisRun);
      if (pending.size) killsInFlight++;
      if (process.env.RELIABILITY_VERBOSE) {
        console.log(`reliability: kill ${k + 1} after ${killAfter} ms, ${onThisRun.length} dispatches confirmed, ${pending.size} in flight, stream seed ${streamSeed}`);
      }
    }
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    console.log(`reliability: kills survived ${survived}/${KILLS}, dispatches confirmed ${confirmedBefore + confirmed.length}, lost 0` +
      ` (kills with a dispatch in flight: ${killsInFlight}; in flight and found committed after the restart: ${unconfirmedCommitted};` +
      ` IndexedDB discarded or cut short and rebuilt from the safety copy: ${rebuilds}, of them with a torn copy tail dropped: ${tornTails};` +
      ` ${seconds} s, seed ${runSeed})`);
  } finally {
    await chrome?.kill().catch(() => {});
    await server.close();
    if (!keepProfile) {
      await rm(profile, { recursive: true, force: true });
      await rm(atKill, { recursive: true, force: true });
    }
  }
});
