// Offline when served: the service worker caches the page's files on the first visit,
// so a reload with the network gone still opens the page with its data; a new build
// (a changed worker) is picked up and the user is told to reload.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createProgramme, newPage, shot, signIn, suite } from "./harness.mjs";

const env = suite();

/** Waits until a service worker controls the page. */
const controlled = (page) => page.waitForFunction(() => Boolean(navigator.serviceWorker.controller), null, { timeout: 15_000 });

test("the served page reloads offline, and a new version is announced", async () => {
  const context = await env.browser.newContext({ viewport: { width: 1100, height: 800 } });
  const page = await newPage(context);
  try {
    await page.goto(env.server.url);
    await page.getByText("No audit programme yet").waitFor();
    await controlled(page);
    await signIn(page, "Olly Offline");
    await createProgramme(page, { name: "Kept offline", start: "2027-01-01", end: "2027-12-31", owner: "Olly Offline" });
    await page.getByRole("heading", { name: "Kept offline" }).waitFor();

    // The network is gone: the server refuses everything and the browser is offline.
    env.server.control.down = true;
    await context.setOffline(true);
    const before = env.server.requests.length;
    await page.reload();
    await page.getByRole("heading", { name: "Kept offline" }).waitFor();
    assert.equal(env.server.requests.length, before, "nothing reached the server");
    await shot(page, "offline-reload", { fullPage: false });

    // Back online with a new build: the changed worker takes over, the page says so.
    env.server.control.down = false;
    await context.setOffline(false);
    env.server.control.rewrite = (path, body) =>
      path === "/sw.js" ? Buffer.from(body.toString().replace(/const VERSION = "[^"]*"/, 'const VERSION = "next"')) : body;
    await page.reload();
    await page.getByText("A new version of isms-audit was installed").waitFor({ timeout: 15_000 });
    await shot(page, "offline-new-version", { fullPage: false });
    assert.deepEqual(page.problems, []);
  } finally {
    env.server.control.down = false;
    env.server.control.rewrite = (_path, body) => body;
    await context.close();
  }
});
