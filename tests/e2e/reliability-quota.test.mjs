// A full disk: Chromium's profile lives on a small tmpfs, which a big file then fills
// while the app is open. A save must be refused with a clear message (code
// `quota_exceeded` from the API, the message on the page), what was saved before must be
// intact, and once the file is deleted the workspace must take changes again, with a
// trail that verifies, also after the browser restarts.
// Needs root (mount -t tmpfs); skipped with a note where mounting is not allowed.
// RELIABILITY_QUOTA_RUNS (default 1) runs; RELIABILITY_SEED repeats the random texts.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { closeSync, mkdtempSync, openSync, rmSync, unlinkSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createProgramme, newPage, serve, shot, signIn } from "./harness.mjs";
import { bounded, checkWorkspace, count, ensurePages, reliabilityPage, rng, seed, startChromium } from "./reliability-lib.mjs";

const RUNS = count("RELIABILITY_QUOTA_RUNS", 1);
const DISK_MB = 320;
const WORKSPACE = "isms-audit"; // the page's default workspace, so the UI sees it too

/** Fills the file system of `dir` with `file` until it has no room left. */
function fillDisk(file) {
  const fd = openSync(file, "w");
  try {
    for (const size of [1 << 20, 1 << 12, 1 << 9]) {
      const chunk = Buffer.alloc(size, 0x5a);
      try {
        for (;;) writeSync(fd, chunk);
      } catch (e) {
        if (e.code !== "ENOSPC") throw e;
      }
    }
  } finally {
    closeSync(fd);
  }
}

function mountTmpfs() {
  const dir = mkdtempSync(join(tmpdir(), "isms-reliability-disk-"));
  try {
    execFileSync("mount", ["-t", "tmpfs", "-o", `size=${DISK_MB}m,mode=0700`, "tmpfs", dir], { stdio: "pipe" });
    return { dir };
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    return { why: String(e.stderr || e.message).trim() };
  }
}

// When Chromium discards a database whose LevelDB write failed for lack of space, the
// workspace comes back from its safety copy (OPFS) on the next open.
test(`a full disk refuses saves clearly and keeps what was saved (${RUNS} run${RUNS === 1 ? "" : "s"})`, { timeout: 120_000 + RUNS * 120_000, skip: RUNS === 0 && "RELIABILITY_QUOTA_RUNS=0" }, async (t) => {
  ensurePages();
  const runSeed = seed("quota");
  const random = rng(runSeed);
  const server = await serve();
  try {
    for (let run = 1; run <= RUNS; run++) {
      const disk = mountTmpfs();
      if (!disk.dir) {
        t.skip(`cannot mount a tmpfs here (${disk.why}); run as root`);
        return;
      }
      const filler = join(disk.dir, "filler");
      const profile = join(disk.dir, "profile");
      const label = `run ${run}, seed ${runSeed}`;
      const problems = [];
      const expect = (ok, message) => ok || problems.push(`${message} (${label})`);
      let chrome;
      try {
        chrome = await startChromium(profile);
        const ui = await newPage(chrome.context);
        await ui.setViewportSize({ width: 1100, height: 800 });
        await ui.goto(server.url);
        await signIn(ui, "Disk Tester");
        await createProgramme(ui, { name: "Saved before the disk filled", start: "2027-01-01", end: "2027-12-31", owner: "Disk Tester" });
        await ui.getByRole("heading", { name: "Saved before the disk filled" }).waitFor();
        let api = await reliabilityPage(chrome.context, server.url);
        await bounded(api.evaluate((n) => window.rel.open(n, "Disk Tester"), WORKSPACE), 30_000, "opening the workspace");
        const confirmed = [];
        const send = async (command) => {
          const r = await bounded(api.evaluate((c) => window.rel.dispatch(c), command), 30_000, `dispatching ${command.type}`);
          if (r.ok) confirmed.push({ id: `${confirmed.length}`, seq: r.result.seq, created: r.result.created ?? null, command });
          return r;
        };
        const text = (n) => Array.from({ length: n }, () => String.fromCharCode(0x21 + random.int(0, 90))).join("");
        const programmeId = (await send({ type: "createProgramme", programme: { name: "Through the API", purpose: "", objectives: "", periodStart: "2027-01-01", periodEnd: "2027-12-31", owner: "API" } })).result.created;
        const auditId = (await send({ type: "createAudit", programmeId, audit: { title: "Audit on a small disk", kind: "internal", auditee: "Org", objectives: "", scope: { units: [], processes: [], locations: [] }, catalogId: "iso27001-2022", criteria: ["A.5.1", "A.8.13"], plannedStart: "2027-03-01", plannedEnd: "2027-03-02", leadAuditor: "Lead" } })).result.created;
        await send({ type: "setFeasibility", auditId, feasibility: { verdict: "feasible", reasons: "", alternative: "" } });
        await send({ type: "setAuditStatus", auditId, status: "in_progress" });

        // 1. The API: findings with long evidence until the full disk refuses one.
        fillDisk(filler);
        let refused;
        for (let i = 0; i < 40 && !refused; i++) {
          const r = await send({ type: "addFinding", auditId, finding: { grade: "observation", criterionId: "A.8.13", statement: `Backups of system ${i} are not tested`, evidence: text(random.int(100, 20_000)), date: "2027-03-01" } });
          if (!r.ok) refused = r.error;
        }
        expect(refused, "the full disk refused no dispatch");
        expect(refused?.code === "quota_exceeded", `a save on the full disk was refused with code "${refused?.code}", not "quota_exceeded": ${refused?.message}`);
        const apiRefusal = refused;

        // Space is freed: after a reload (the browser closed the connection) the workspace
        // holds every confirmed change, nothing half-applied, and takes changes again.
        unlinkSync(filler);
        await api.reload();
        await api.waitForFunction(() => "rel" in window);
        await bounded(api.evaluate((n) => window.rel.open(n, "Disk Tester"), WORKSPACE), 30_000, "reopening the workspace");
        let check = await checkWorkspace(api, confirmed);
        problems.push(...check.problems.map((p) => `after space was freed: ${p} (${label})`));
        const after = await send({ type: "recordResult", auditId, criterionId: "A.5.1", result: "conforming", notes: "after the disk was freed" });
        expect(after.ok, `no change was taken after space was freed: ${JSON.stringify(after.error)}`);

        // 2. The page: saving a programme on the full disk shows the message.
        // A fresh load of the programme list (a reload would stay on the programme shown).
        await ui.goto(server.url);
        await ui.getByRole("button", { name: "Saved before the disk filled" }).waitFor();
        fillDisk(filler);
        let message;
        const savedByUi = ["Saved before the disk filled"];
        for (let i = 0; i < 20 && !message; i++) {
          const name = `Saved while the disk was full ${i}`;
          if (i > 0 && !(await ui.getByRole("button", { name: "New audit programme" }).isVisible())) {
            await ui.getByRole("button", { name: "All programmes" }).click();
          }
          await createProgramme(ui, { name, start: "2027-01-01", end: "2027-12-31", owner: "Disk Tester" }, { saves: false });
          const saved = ui.getByRole("heading", { name });
          const alert = ui.locator("form [role=alert], .banner.error");
          await bounded(Promise.race([saved.waitFor(), alert.first().waitFor()]), 15_000, "the page to save or refuse");
          if (await alert.count()) message = await alert.first().innerText();
          else savedByUi.push(name);
        }
        expect(message, "the page saved everything on the full disk");
        expect(/no more storage|disk/i.test(message ?? ""), `the page's message on a full disk does not say the storage is full: "${message}"`);
        // (A background tab paints nothing: bring the page to the front for its picture.)
        await ui.bringToFront();
        await shot(ui, "reliability-disk-full", { fullPage: false });
        unlinkSync(filler);
        // A fresh load of the programme list (a reload would stay on the programme shown).
        await ui.goto(server.url);
        await ui.getByRole("button", { name: "Saved before the disk filled" }).waitFor();
        await createProgramme(ui, { name: "Saved after space was freed", start: "2027-01-01", end: "2027-12-31", owner: "Disk Tester" });
        await ui.getByRole("heading", { name: "Saved after space was freed" }).waitFor();
        savedByUi.push("Saved after space was freed");

        // 3. A browser restart keeps all of it.
        await chrome.kill();
        chrome = await startChromium(profile);
        api = await reliabilityPage(chrome.context, server.url);
        const reopened = await bounded(api.evaluate((n) => window.rel.open(n, "Disk Tester"), WORKSPACE), 30_000, "opening after the restart");
        const rebuilt = reopened.copy.rebuilt ? `IndexedDB held ${reopened.copy.rebuilt.storedBefore} and was rebuilt from the safety copy` : "IndexedDB intact";
        check = await checkWorkspace(api, confirmed);
        problems.push(...check.problems.map((p) => `after a browser restart: ${p} (${label})`));
        const names = (await api.evaluate(() => window.rel.viewFacts())).programmes.map((p) => p.name);
        const missing = savedByUi.filter((n) => !names.includes(n));
        expect(!missing.length, `after a browser restart the programmes saved on the page are missing: ${missing.join(", ")}` +
          (/corrupted \(and deleted\)/.test(chrome.stderr()) ? " (Chromium: \"IndexedDB recovering from a corrupted (and deleted) database\")" : ""));
        expect(check.journal.length > 0, "after a browser restart the workspace is empty");
        console.log(`reliability: full disk run ${run}: the API was refused with "${apiRefusal?.code}" after ${confirmed.length - 4} findings,` +
          ` the page showed "${message?.trim().slice(0, 80)}", writable after space was freed;` +
          ` after a restart ${check.journal.length} journal entries (${rebuilt}), trail ${check.problems.some((p) => p.startsWith("the trail")) ? "NOT verified" : "verified"},` +
          ` confirmed changes lost ${check.lost}, page saves lost ${missing.length} (seed ${runSeed})`);
        assert.deepEqual(problems, []);
      } catch (e) {
        // Why the page or the browser went away is in Chromium's own log.
        const log = chrome?.stderr().split("\n").filter((l) => !l.includes("dbus")).slice(-30).join("\n");
        console.log(`reliability: full disk run ${run} failed (${label}); the end of Chromium's log:\n${log}`);
        throw e;
      } finally {
        await chrome?.kill().catch(() => {});
        try {
          execFileSync("umount", [disk.dir], { stdio: "pipe" });
          rmSync(disk.dir, { recursive: true, force: true });
        } catch (e) {
          console.log(`reliability: could not unmount ${disk.dir}: ${e.message}`);
        }
      }
    }
  } finally {
    await server.close();
  }
});
