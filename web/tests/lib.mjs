// lib.mjs: what the browser tests share: settings from the environment, the timed log and
// its steps, Debian's headless Chromium through playwright-core with page and console
// errors collected, logging in through the login form, the API called from inside the page
// (its session cookie and CSRF token), and the run that screenshots a failure and sets the
// exit code.
import assert from "node:assert/strict";
import path from "node:path";
import { chromium } from "playwright-core";

export function env(name, fallback) {
  const v = process.env[name] ?? fallback;
  if (v === undefined) throw new Error(`set ${name}`);
  return v;
}

// "user:password" from the environment variable `name`.
export function account(name) {
  const v = env(name);
  const at = v.indexOf(":");
  return { user: v.slice(0, at), password: v.slice(at + 1) };
}
export const optionalAccount = (name) => (process.env[name] ? account(name) : null);

const t0 = Date.now();
export function log(msg) {
  console.log(`[${((Date.now() - t0) / 1000).toFixed(1)} s] ${msg}`);
}

export async function step(name, fn) {
  log(`${name} ...`);
  await fn();
  log(`${name}: ok`);
}

// Chromium with a 1280×900 page; `problems` collects page errors and console errors.
export async function launch({ args = [], context = {} } = {}) {
  const browser = await chromium.launch({
    executablePath: env("CHROMIUM", "/usr/bin/chromium"),
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update",
      "--disable-sync", ...args],
  });
  const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 }, ...context })).newPage();
  const problems = [];
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  page.on("console", (m) => {
    // The browser logs every 4xx answer (401 before login, a wrong password, the 403s and
    // 400s a test provokes): expected.
    if (m.type() === "error" && !m.text().startsWith("Failed to load resource")) problems.push(`console error: ${m.text()}`);
  });
  return { browser, page, problems };
}

// Logs `who` in through the form: opens the login page on a fresh page, or logs the
// current user out first.
export async function logIn(page, base, who) {
  if (page.url() === "about:blank") {
    await page.goto(base + "/login");
  } else if (!/\/login$/.test(page.url())) {
    await page.click("#logout");
    await page.waitForURL(/\/login$/);
  }
  await page.fill("#user", who.user);
  await page.fill("#password", who.password);
  await page.click("#login");
  await page.locator("#user-name").getByText(who.user).waitFor({ timeout: 10000 });
}

// METHOD /api/v1PATH from inside the page, as the logged-in user: {status, body}.
export function inPage(page, method, apiPath, body) {
  return page.evaluate(async ([m, p, b]) => {
    const me = await (await fetch("/api/v1/me")).json();
    const init = { method: m, headers: { "X-Custos-CSRF": me.csrf_token, "Content-Type": "application/json" } };
    if (b !== null) init.body = JSON.stringify(b);
    const r = await fetch("/api/v1" + p, init);
    return { status: r.status, body: await r.json().catch(() => null) };
  }, [method, apiPath, body ?? null]);
}

// Runs the checks in `fn`, then asserts that the page reported no errors. On a failure:
// a full-page screenshot in `outDir`, the errors, exit code 1. Closes the browser.
export async function run({ browser, page, problems }, outDir, fn, passed) {
  try {
    await fn();
    assert.deepEqual(problems, [], "the page reported errors");
    log(passed);
  } catch (e) {
    await page.screenshot({ path: path.join(outDir, "failure.png"), fullPage: true }).catch(() => {});
    console.error(`FAILED: ${e.stack ?? e}`);
    if (problems.length) console.error(problems.join("\n"));
    console.error(`(screenshot: ${path.join(outDir, "failure.png")})`);
    process.exitCode = 1;
  } finally {
    await browser.close();
  }
}

// The page position of wall time t on the timeline canvas, from its visible window; `box`
// is the canvas's bounding box.
export async function timelineX(page, t_ms) {
  const canvas = page.locator("#timeline");
  const box = await canvas.boundingBox();
  const start = Number(await canvas.getAttribute("data-view-start-ms"));
  const end = Number(await canvas.getAttribute("data-view-end-ms"));
  assert.ok(t_ms >= start && t_ms <= end, `time ${t_ms} is outside the timeline's view [${start}, ${end}]`);
  return { x: box.x + ((t_ms - start) / (end - start)) * box.width, y: box.y + box.height / 2, box };
}

// Shift-drags [from, to) on the timeline (the export panel's range) and waits for the
// panel to show the range's size.
export async function selectOnTimeline(page, from, to) {
  const a = await timelineX(page, from);
  const b = await timelineX(page, to);
  await page.keyboard.down("Shift");
  await page.mouse.move(a.x, a.y);
  await page.mouse.down();
  await page.mouse.move(b.x, b.y, { steps: 5 });
  await page.mouse.up();
  await page.keyboard.up("Shift");
  await page.waitForFunction(() => Number(document.querySelector("#export-size")?.dataset.bytes) > 0, null, { timeout: 10000 });
}
