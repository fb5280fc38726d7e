// Crash safety of "Protect with a passphrase": a clear workspace (a stream of commands of
// many kinds) is converted to an encrypted one while Chromium runs as a real process on a
// profile on disk, and the whole browser is SIGKILLed at a random moment of the
// conversion. After the restart the workspace must be exactly one of: the clear
// workspace, whole; or the encrypted one, whole (same trail head, every record verified
// against the trail), with nothing left in clear (the clear database emptied, no safety
// copy). An encrypted result is reset to clear from a backup for the next kill.
// RELIABILITY_ENCRYPT_KILLS (default 3; scripts/reliability runs 50) kills;
// RELIABILITY_SEED repeats a run.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { serve } from "./harness.mjs";
import { bounded, count, ensurePages, reliabilityPage, rng, seed, sleep, startChromium } from "./reliability-lib.mjs";

const KILLS = count("RELIABILITY_ENCRYPT_KILLS", 3);
const WORKSPACE = "reliability-encrypt";
const PASSPHRASE = "reliability passphrase 42";

test(`protecting a workspace survives ${KILLS} browser kills during the conversion`, { timeout: 180_000 + KILLS * 60_000 }, async () => {
  ensurePages();
  const runSeed = seed("encrypt");
  const random = rng(runSeed);
  const server = await serve();
  const profile = await mkdtemp(join(tmpdir(), "isms-reliability-encrypt-"));
  let chrome;
  const outcomes = { clear: 0, encrypted: 0 };
  const context = (k) => `kill ${k} of ${KILLS}, seed ${runSeed}`;
  try {
    // The workspace: a stream of commands, then its backup (to reset to clear) and how
    // long an uninterrupted conversion takes (the window the kills fall in).
    chrome = await startChromium(profile);
    let page = await reliabilityPage(chrome.context, server.url);
    await page.evaluate((name) => window.rel.open(name), WORKSPACE);
    await bounded(page.evaluate((s) => window.rel.stream(s, 60, "seed"), random.u32()), 120_000, "seeding the workspace");
    const expected = await page.evaluate(([n, p]) => window.rel.openOrUnlock(n, p), [WORKSPACE, PASSPHRASE]);
    assert.equal(expected.verified, true);
    assert.ok(expected.length >= 60, `seeded ${expected.length} entries`);
    const backup = await page.evaluate(() => window.rel.backup());
    await bounded(page.evaluate((p) => window.rel.protect(p), PASSPHRASE), 120_000, "the calibration conversion");
    const took = page.reports.find((r) => r.kind === "protect-done")?.ms;
    assert.ok(took > 0, `the calibration conversion did not finish: ${JSON.stringify(page.reports.filter((r) => r.kind.startsWith("protect")))}`);
    console.log(`reliability: a whole conversion of ${expected.length} entries takes ${took.toFixed(0)} ms`);

    for (let k = 1; k <= KILLS; k++) {
      // Back to the clear workspace, unless the last kill left it so.
      const state = await bounded(page.evaluate(([n, p]) => window.rel.openOrUnlock(n, p), [WORKSPACE, PASSPHRASE]), 60_000, "opening");
      if (state.encrypted) {
        await bounded(page.evaluate(([n, b]) => window.rel.resetTo(n, b), [WORKSPACE, backup]), 60_000, "resetting to clear");
        await page.evaluate(([n, p]) => window.rel.openOrUnlock(n, p), [WORKSPACE, PASSPHRASE]);
      }
      page.reports.length = 0;
      await page.evaluate((p) => { void window.rel.protect(p); }, PASSPHRASE);
      // Most of a conversion is the two key derivations; the writes and the switch come last.
      await sleep(random.int(Math.floor(took * 0.4), Math.ceil(took * 1.3)));
      const finished = page.reports.some((r) => r.kind === "protect-done");
      await chrome.kill();

      chrome = await startChromium(profile);
      page = await reliabilityPage(chrome.context, server.url);
      const after = await bounded(page.evaluate(([n, p]) => window.rel.openOrUnlock(n, p), [WORKSPACE, PASSPHRASE]), 60_000, `opening after ${context(k)}`);
      assert.deepEqual(after.problems, [], `after ${context(k)}`);
      assert.equal(after.verified, true, `after ${context(k)}`);
      assert.equal(after.length, expected.length, `after ${context(k)} the trail has ${after.length} of ${expected.length} entries`);
      assert.equal(after.head, expected.head, `after ${context(k)}`);
      assert.equal(after.programmes, expected.programmes, `after ${context(k)}`);
      if (finished) assert.equal(after.encrypted, true, `after ${context(k)}: the conversion had finished`);
      if (after.encrypted) {
        // Nothing left in clear: the clear database holds only its schema and the pointer,
        // and no safety copy of the workspace is left.
        const raw = await page.evaluate((n) => window.rel.rawDump(n), WORKSPACE);
        for (const [store, rows] of Object.entries(raw.stores)) {
          if (store !== "meta") assert.equal(rows.length, 0, `after ${context(k)} the clear store ${store} holds ${rows.length} rows`);
        }
        const copies = await page.evaluate(() => window.rel.copyFiles());
        assert.deepEqual(copies.filter((f) => f.includes(WORKSPACE)), [], `after ${context(k)}`);
        outcomes.encrypted++;
      } else {
        outcomes.clear++;
      }
    }
    console.log(`reliability: conversion kills survived ${KILLS}/${KILLS}: clear workspace whole ${outcomes.clear}, encrypted workspace whole ${outcomes.encrypted} (seed ${runSeed})`);
  } finally {
    await chrome?.kill().catch(() => {});
    await server.close();
    await rm(profile, { recursive: true, force: true });
  }
});
