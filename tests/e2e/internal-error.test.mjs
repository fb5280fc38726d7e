// A fault in the engine (a panic) must not leave a hung or blank page. The engine's
// panic hook rejects the call in progress and dispatches "isms-audit:panic" (tested in
// tests/browser.rs); then the wasm instance traps, which reaches JavaScript as a
// `WebAssembly.RuntimeError`. The engine has no way to panic on purpose, so these tests
// inject exactly those two signals into the page and check that it shows the `internal`
// error with a reload, stops calling the engine, and that what was saved survives.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createProgramme, newPage, shot, signIn, suite } from "./harness.mjs";

const env = suite();

/** Makes one engine method of the page's open workspace trap as a panicked engine does. */
function trapOn(method) {
  const app = document.querySelector("isms-audit-app").app;
  app[method] = () => {
    throw new WebAssembly.RuntimeError("unreachable");
  };
}

test("an engine trap while saving shows the internal error with a reload; saved work survives", async () => {
  const context = await env.browser.newContext({ viewport: { width: 1100, height: 700 } });
  const page = await newPage(context);
  try {
    await page.goto(env.server.url);
    await signIn(page, "Fault Finder");
    await createProgramme(page, { name: "Saved before the fault", start: "2027-01-01", end: "2027-12-31", owner: "Fault Finder" });
    await page.getByRole("heading", { name: "Saved before the fault" }).waitFor();
    await page.getByRole("button", { name: "All programmes" }).click();

    await page.evaluate(trapOn, "dispatch");
    await createProgramme(page, { name: "Never saved", start: "2027-01-01", end: "2027-12-31", owner: "Fault Finder" }, { saves: false });
    const banner = page.getByRole("alert").filter({ hasText: "The engine stopped on an internal error (unreachable)" });
    await banner.waitFor();
    await banner.getByText("What was saved before is intact").waitFor();
    // The views, which would call into the stopped engine, are gone; the page answers.
    assert.equal(await page.getByRole("navigation", { name: "Sections" }).count(), 0);
    assert.equal(await page.locator("programme-list").count(), 0);
    await shot(page, "19-internal-error", { fullPage: false });

    await banner.getByRole("button", { name: "Reload the page" }).click();
    await page.getByRole("button", { name: "Saved before the fault" }).waitFor();
    assert.equal(await page.getByRole("button", { name: "Never saved" }).count(), 0);
    assert.deepEqual(page.problems, []);
  } finally {
    await context.close();
  }
});

test("a trap during a read, and the panic event's message, both stop the page", async () => {
  const context = await env.browser.newContext({ viewport: { width: 1100, height: 700 } });
  const page = await newPage(context);
  try {
    await page.goto(env.server.url);
    await page.getByText("No audit programme yet").waitFor();
    // The trail check at opening runs in steps after the first frame; its result redraws
    // the screen, which would meet the trap before the clicks below do.
    await page.waitForFunction(() => document.querySelector("isms-audit-app").verification !== undefined);
    // A read while rendering traps: the error escapes Lit's update as an unhandled rejection.
    await page.evaluate(trapOn, "programmes");
    await page.getByRole("button", { name: "Custom criteria" }).click();
    await page.getByRole("button", { name: "Audit programmes" }).click();
    await page.getByRole("alert").getByText("The engine stopped on an internal error (unreachable)").waitFor();
    await page.getByRole("button", { name: "Reload the page" }).waitFor();
    assert.ok(page.problems.every((p) => /unreachable/.test(p)), page.problems.join("\n"));

    // The hook's event comes first and carries the panic's own message, which is shown.
    await page.reload();
    await page.getByText("No audit programme yet").waitFor();
    page.problems.length = 0;
    await page.evaluate(() => {
      const error = Object.assign(new Error("The engine stopped on an internal error, so nothing more can be saved in this page: panicked at src/x.rs:1:1: boom. What was saved before is intact; reload the page to continue."), { code: "internal", details: [] });
      globalThis.dispatchEvent(new CustomEvent("isms-audit:panic", { detail: error }));
    });
    await page.getByRole("alert").getByText("panicked at src/x.rs:1:1: boom").waitFor();
    await page.getByRole("button", { name: "Reload the page" }).waitFor();
    assert.deepEqual(page.problems, []);
  } finally {
    await context.close();
  }
});
