// The scale fixture of issue 15 for the e2e test and the bench: made by
// examples/scale_fixture.rs from a seed (SCALE_SEED, default 15; printed), kept under
// target/scale/ so a second run reuses it, and restored through the page's own
// "Restore" button.
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { ROOT } from "./harness.mjs";

export const SCALE_SEED = Number(process.env.SCALE_SEED ?? 15);
export const LARGE_AUDIT = "Group-wide audit (10,000 findings)";

/** The fixture's backup text, generated first if this seed has none yet. */
export async function scaleFixture(seed = SCALE_SEED) {
  const path = join(ROOT, `target/scale/scale-${seed}.json`);
  if (!existsSync(path)) {
    execFileSync("cargo", ["run", "--quiet", "--release", "--example", "scale_fixture", "--", path, String(seed)], { cwd: ROOT, stdio: "inherit" });
  } else {
    console.log(`scale fixture: seed ${seed} (${path})`);
  }
  return readFile(path);
}

/** Restores the fixture into the empty workspace of `page` (at the programme list). */
export async function restoreScale(page, backup) {
  await page.getByText("No audit programme yet").waitFor();
  await page.locator("#backup-file").setInputFiles({ name: "scale.json", mimeType: "application/json", buffer: backup });
  await page.getByRole("button", { name: "Restore", exact: true }).click();
  await page.getByRole("button", { name: "ISMS programme Group" }).waitFor({ timeout: 180_000 });
}

/** Records every main-thread task over 50 ms from now on, in the page's window. */
export async function watchLongTasks(page) {
  await page.evaluate(() => {
    window.longTasks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.longTasks.push({ at: e.startTime, ms: e.duration, step: window.step ?? "" });
    }).observe({ type: "longtask" });
  });
}

/** Names what the page does next, so a long task says during which step it came. */
export const step = (page, name) => page.evaluate((n) => (window.step = n), name);

/** The long tasks recorded so far (each with its step), after the last has ended. */
export async function longTasks(page) {
  await page.waitForTimeout(100);
  return page.evaluate(() => window.longTasks);
}
