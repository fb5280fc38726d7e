// The embedding kit: the npm package that scripts/build writes (www/dist/package)
// installs into an empty folder with `npm install <path>`, its types check, and the
// example portal (www/examples/portal.html: its own header, hostile global CSS, a
// strict CSP, two elements with different workspaces) runs from that folder: the app
// works, the portal's CSS does not leak in, the events reach the portal, the two
// elements do not share data, and nothing is requested beyond the portal's own files.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { ROOT, launch, newPage, serve, shot, signIn, createProgramme } from "./harness.mjs";

const run = promisify(execFile);
const env = {};

before(async () => {
  env.folder = await mkdtemp(join(tmpdir(), "isms-audit-portal-"));
  for (const file of ["portal.html", "portal.css", "portal.js"]) await cp(join(ROOT, "www/examples", file), join(env.folder, file));
  await run("npm", ["install", "--no-audit", "--no-fund", "--offline", join(ROOT, "www/dist/package")], { cwd: env.folder });
  env.portal = await serve(env.folder);
  env.app = await serve();
  env.browser = await launch();
});

after(async () => {
  await env.browser?.close();
  await env.portal?.close();
  await env.app?.close();
  if (env.folder) await rm(env.folder, { recursive: true, force: true });
});

test("the installed package has the element, the engine and types a portal's TypeScript accepts", async () => {
  const manifest = JSON.parse(await readFile(join(env.folder, "node_modules/isms-audit/package.json"), "utf8"));
  assert.equal(manifest.name, "isms-audit");
  assert.deepEqual(Object.keys(manifest.dependencies ?? {}), [], "no dependencies to fetch");
  await writeFile(join(env.folder, "consumer.ts"), `
    import type { IsmsAuditAppElement, IsmsAuditChangeDetail, Finding } from "isms-audit";
    const app: IsmsAuditAppElement | null = document.querySelector("isms-audit-app");
    app?.openAudit("an-audit-id");
    app?.addEventListener("isms-audit:change", (e) => { const d: IsmsAuditChangeDetail = e.detail; console.log(d.type, d.created); });
    app?.addEventListener("isms-audit:navigate", (e) => console.log(e.detail.hash, e.detail.route.view));
    export const backup: Promise<string> | undefined = app?.exportBackup();
    export type F = Finding["reference"];
  `);
  const tsc = join(ROOT, "node_modules/.bin/tsc");
  await run(tsc, ["--noEmit", "--strict", "--skipLibCheck", "false", "--target", "es2022", "--module", "esnext", "--moduleResolution", "bundler", "--lib", "es2022,dom,esnext.disposable", "consumer.ts"], { cwd: env.folder })
    .catch((e) => assert.fail(`tsc: ${e.stdout}${e.stderr}`));
});

/** Styles that a leaking portal rule would change, for a few parts of the app. */
function looks(host) {
  const root = document.querySelector(host).shadowRoot;
  const deep = (r, selector) => {
    const hit = r.querySelector(selector);
    if (hit) return hit;
    for (const el of r.querySelectorAll("*")) if (el.shadowRoot) { const found = deep(el.shadowRoot, selector); if (found) return found; }
    return null;
  };
  const props = ["display", "font-family", "font-size", "font-style", "color", "background-color", "letter-spacing", "text-transform", "line-height", "text-align", "word-spacing", "border-top-style"];
  const out = {};
  for (const selector of ["header", "h2", "button", "p", "td", "footer"]) {
    const el = deep(root, selector);
    const style = el ? getComputedStyle(el) : undefined;
    out[selector] = style ? Object.fromEntries(props.map((p) => [p, style.getPropertyValue(p)])) : "missing";
  }
  return out;
}

test("the example portal: the app works, CSS stays out, events arrive, workspaces are apart", async () => {
  const context = await env.browser.newContext({ viewport: { width: 1366, height: 1000 } });
  const page = await newPage(context);
  const foreign = [];
  page.on("request", (r) => { if (!r.url().startsWith(env.portal.url) && !r.url().startsWith("data:")) foreign.push(r.url()); });
  try {
    // How the app looks on its own page, to compare with inside the portal.
    const plain = await newPage(context);
    await plain.goto(`${env.app.url}`);
    await plain.getByText("No audit programme yet").waitFor();
    await signIn(plain, "Pat Portal");
    await plain.getByRole("heading", { name: "Audit programmes" }).waitFor();
    await createProgramme(plain, { name: "Look", start: "2027-01-01", end: "2027-12-31", owner: "Pat Portal" });
    await plain.getByRole("button", { name: "All programmes" }).click();
    await plain.locator("td").first().waitFor();
    const expected = await plain.evaluate(looks, "isms-audit-app");

    env.portal.requests.length = 0;
    await page.goto(`${env.portal.url}portal.html`);
    const a = page.locator("#team-a");
    const b = page.locator("#team-b");
    await a.getByText("No audit programme yet").waitFor();
    await b.getByText("No audit programme yet").waitFor();

    // Team A works in its own workspace; the portal hears of it.
    await a.locator("#actor").fill("Pat Portal");
    await a.locator("#actor").press("Tab");
    await createProgramme(a, { name: "Look", start: "2027-01-01", end: "2027-12-31", owner: "Pat Portal" });
    await a.getByRole("heading", { name: "Look" }).waitFor();
    const events = page.locator("#portal-events");
    await events.getByText("team-a isms-audit:change createProgramme").waitFor();
    await events.getByText(/team-a isms-audit:navigate #\/programme\//).waitFor();
    assert.match(new URL(page.url()).hash, /^#\/programme\//, "team A keeps its screen in the address");
    await a.getByRole("button", { name: "All programmes" }).click();
    await a.locator("td").first().waitFor();

    // Team B does not see it, and its own navigation leaves the address alone.
    await b.getByText("No audit programme yet").waitFor();
    await b.locator("#actor").fill("Bo Other");
    await b.locator("#actor").press("Tab");
    await createProgramme(b, { name: "Team B only", start: "2027-01-01", end: "2027-12-31", owner: "Bo Other" });
    await b.getByRole("heading", { name: "Team B only" }).waitFor();
    await events.getByText("team-b isms-audit:change createProgramme").waitFor();
    assert.equal(new URL(page.url()).hash, "#/programmes");
    assert.equal(await a.getByText("Team B only").count(), 0);
    await page.reload();
    await a.getByRole("button", { name: "Look" }).waitFor();
    await b.getByRole("button", { name: "Team B only" }).waitFor();
    assert.equal(await b.getByRole("button", { name: "Look" }).count(), 0);

    // The hostile CSS changed nothing inside.
    assert.deepEqual(await page.evaluate(looks, "#team-a"), expected);

    // The methods: open an audit's address and export a backup of the element's own workspace.
    const backup = JSON.parse(await page.evaluate(() => document.querySelector("#team-b").exportBackup()));
    assert.equal(backup.format, "isms-audit/workspace-backup");
    assert.ok(JSON.stringify(backup).includes("Team B only") && !JSON.stringify(backup).includes("\"Look\""));
    await shot(page, "portal");

    // Only the portal's own files, its own server, no CSP complaint.
    assert.deepEqual([...new Set(env.portal.requests)].sort(), ["/node_modules/isms-audit/isms-audit.js", "/portal.css", "/portal.html", "/portal.js"]);
    assert.deepEqual(foreign, []);
    assert.deepEqual([...page.problems, ...plain.problems], []);
  } finally {
    await context.close();
  }
});
