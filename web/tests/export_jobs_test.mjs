// Browser test of export jobs in the playback page's export panel (src/export_panel.ts,
// src/export_job_view.ts) and of the live tile's "masked" badge (src/pages/live.ts):
// headless Debian Chromium driven by playwright-core against a real `custos serve`
// recording a real RTSP camera. tests/integration/export_jobs_ui_test.cc starts them, makes
// the users with `custos user add` and gives the investigator an export grant approved by
// two approvers. Exits non-zero on the first failed check; leaves a screenshot in
// CUSTOS_OUT_DIR on failure, and the downloaded files there (package.tar,
// package-watermarked.tar, masked.mp4) for the C++ test to judge again.
//
//   CUSTOS_URL=http://127.0.0.1:PORT CUSTOS_INVESTIGATOR=inv:PASSWORD CUSTOS_OPERATOR=op:PASSWORD \
//   CUSTOS_ADMIN=admin:PASSWORD CUSTOS_CAMERA=gate CUSTOS_BINARY=build/apps/custos/custos \
//   CUSTOS_PUBLIC_KEY=HEX CUSTOS_GRANT_FROM=ISO8601 CUSTOS_GRANT_TO=ISO8601 CUSTOS_OUT_DIR=/tmp/x \
//   node tests/export_jobs_test.mjs

import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import path from "node:path";
import { account, env, inPage, launch, log, logIn, run, selectOnTimeline, step } from "./lib.mjs";

const base = env("CUSTOS_URL");
const investigator = account("CUSTOS_INVESTIGATOR");
const operator = account("CUSTOS_OPERATOR");
const admin = account("CUSTOS_ADMIN");
const camera = env("CUSTOS_CAMERA", "gate");
const custosBinary = env("CUSTOS_BINARY");
const publicKey = env("CUSTOS_PUBLIC_KEY");
const outDir = env("CUSTOS_OUT_DIR", "/tmp");
// The investigator's export grant (footage routes outside it are 403).
const grantFrom = Date.parse(env("CUSTOS_GRANT_FROM"));
const grantTo = Date.parse(env("CUSTOS_GRANT_TO"));
const kLeftQuarter = [{ name: "left quarter", points: [[0, 0], [0.25, 0], [0.25, 1], [0, 1]] }];

// PUT the camera's privacy zones from inside `page` (its session and CSRF token).
const putZones = async (page, zones) => (await inPage(page, "PUT", `/cameras/${camera}/privacy-zones`, { zones })).status;

// Shift-drags [from, to) on the timeline: the export panel's range.
async function selectRange(page, from, to) {
  await selectOnTimeline(page, from, to);
  assert.equal(await page.isDisabled("#export-download"), false, "the grant covers the range, yet the button is disabled");
}

// Starts a job of `kind` for the selected range; its id (the panel follows it).
async function startJob(page, kind, watermark = false) {
  await page.selectOption("#export-kind", kind);
  assert.equal(await page.textContent("#export-download"), "Start export job");
  await page.setChecked("#export-watermark", watermark);
  const [res] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith("/api/v1/exports") && r.request().method() === "POST"),
    page.click("#export-download"),
  ]);
  const body = await res.json();
  assert.equal(res.status(), 202, `POST /exports: ${JSON.stringify(body)}`);
  await page.locator(`#export-jobs tr[data-id="${body.id}"]`).waitFor({ timeout: 10000 });
  return body.id;
}

// Waits for the panel's job to end; the progress values it showed on the way.
async function waitForPanelJob(page, timeoutMs = 120000) {
  const seen = [];
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const state = await page.getAttribute("#export-job", "data-state");
    seen.push(await page.evaluate(() => document.querySelector("#export-job-progress").value));
    if (state !== "queued" && state !== "running") return { state, seen };
    assert.ok(Date.now() < deadline, `the export job is still ${state}`);
    await page.waitForTimeout(100);
  }
}

async function downloadFromPanel(page, name) {
  const [download] = await Promise.all([page.waitForEvent("download", { timeout: 30000 }), page.click("#export-job-download")]);
  const file = path.join(outDir, name);
  await download.saveAs(file);
  log(`downloaded ${download.suggestedFilename()} as ${name}`);
  return file;
}

function runCommand(cmd, args) {
  const r = spawnSync(cmd, args, { encoding: "utf8" });
  return { status: r.status, out: (r.stdout ?? "") + (r.stderr ?? "") };
}

const session = await launch({ args: ["--autoplay-policy=no-user-gesture-required"], context: { acceptDownloads: true } });
const { browser, page } = session;
const newPage = async () => (await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true })).newPage();

await run(session, outDir, async () => {
  await step("live: the tile has no masked badge without zones, and gets it when zones are set", async () => {
    const adminPage = await newPage();
    await logIn(adminPage, base, admin);
    assert.equal(await putZones(adminPage, []), 200);
    await logIn(page, base, operator);
    await page.waitForURL(/\/live/);
    const tile = page.locator(`.tile[data-camera="${camera}"]`);
    await page.locator(`.tile[data-camera="${camera}"][data-masked="false"]`).waitFor({ timeout: 20000 });
    assert.equal(await tile.locator(".badge.masked").isVisible(), false, "a masked badge on an unmasked picture");
    // Zones appear: the unmasked view ends, the tile reconnects and is routed to the masked stream.
    assert.equal(await putZones(adminPage, kLeftQuarter), 200);
    await page.locator(`.tile[data-camera="${camera}"][data-masked="true"]`).waitFor({ timeout: 30000 });
    await tile.locator(".badge.masked").getByText("masked").waitFor({ state: "visible", timeout: 5000 });
    await adminPage.context().close();
  });

  let run0 = null;
  await step("playback: the investigator opens the granted range and selects a part of it", async () => {
    await logIn(page, base, investigator);
    await page.goto(base + `/playback?camera=${camera}`);
    await page.waitForFunction(() => Number(document.querySelector("#timeline")?.dataset.runs) > 0, null, { timeout: 15000 });
    await page.locator("#export-jobs").getByText("No export jobs").waitFor({ timeout: 10000 });
    for (let i = 0; i < 12; i++) await page.click("#zoom-in");
    const view = await page.evaluate(() => {
      const c = document.querySelector("#timeline");
      return { start: Number(c.dataset.viewStartMs), end: Number(c.dataset.viewEndMs) };
    });
    const runs = await page.evaluate(async ([id, f, t]) => {
      const q = `from=${encodeURIComponent(new Date(f).toISOString())}&to=${encodeURIComponent(new Date(t).toISOString())}`;
      return (await (await fetch(`/api/v1/cameras/${id}/timeline?${q}`)).json()).runs;
    }, [camera, Math.max(view.start, grantFrom), Math.min(view.end, grantTo)]);
    assert.ok(runs?.length >= 1, "no run in the timeline's view");
    run0 = { start: Math.max(Date.parse(runs[0].start), view.start), end: Math.min(Date.parse(runs[0].end), view.end) };
    assert.ok(run0.end - run0.start >= 8000, `the run in view is too short: ${run0.end - run0.start} ms`);
    await selectRange(page, run0.start + 1000, run0.start + 4000);
  });

  await step("evidence package: progress to done, download a .tar that custos verify accepts", async () => {
    const id = await startJob(page, "evidence_package");
    const { state, seen } = await waitForPanelJob(page);
    assert.equal(state, "done", `the job ended ${state}: ${await page.textContent("#export-job")}`);
    assert.equal(seen[seen.length - 1], 1, "the progress bar does not reach the end");
    assert.match(await page.textContent("#export-job-state"), /evidence package\): done/);
    const file = await downloadFromPanel(page, "package.tar");
    assert.ok(file.endsWith(".tar"));
    const v = runCommand(custosBinary, ["verify", file, "--public-key", publicKey]);
    assert.equal(v.status, 0, `custos verify refused the package:\n${v.out}`);
    await page.locator(`#export-jobs tr[data-id="${id}"][data-state="done"] a.export-job-download`).waitFor({ timeout: 10000 });
  });

  await step("evidence package with a watermark: verifies, and says its export id", async () => {
    await startJob(page, "evidence_package", true);
    const { state } = await waitForPanelJob(page);
    assert.equal(state, "done", `the job ended ${state}: ${await page.textContent("#export-job")}`);
    assert.match(await page.textContent("#export-job-state"), /watermarked/);
    const exportId = /export id ([0-9a-f]{16})/.exec(await page.textContent("#export-job"))?.[1];
    assert.ok(exportId, "the panel does not show the export id");
    const file = await downloadFromPanel(page, "package-watermarked.tar");
    const v = runCommand(custosBinary, ["verify", file, "--public-key", publicKey]);
    assert.equal(v.status, 0, `custos verify refused the watermarked package:\n${v.out}`);
    assert.ok(v.out.includes(`export id ${exportId}`), `verify does not name the export id:\n${v.out}`);
  });

  await step("masked for publication: done, and the MP4 is clean in ffmpeg", async () => {
    await startJob(page, "masked");
    const { state } = await waitForPanelJob(page);
    assert.equal(state, "done", `the job ended ${state}: ${await page.textContent("#export-job")}`);
    const file = await downloadFromPanel(page, "masked.mp4");
    const ff = runCommand("ffmpeg", ["-nostdin", "-v", "error", "-i", file, "-f", "null", "-"]);
    assert.equal(ff.status, 0, `ffmpeg failed: ${ff.out}`);
    assert.equal(ff.out, "", "ffmpeg reported errors in the masked export");
  });

  await step("limits and cancel: a third job is refused in the server's words; a queued one is cancelled", async () => {
    // The whole run in view: a long masked job keeps the one export thread busy.
    await selectRange(page, run0.start + 200, run0.end - 200);
    const first = await startJob(page, "masked");
    const second = await startJob(page, "masked");
    await page.click("#export-download"); // a third: over the per-user limit (429)
    const error = page.locator("#export-job-error");
    await error.waitFor({ timeout: 10000 });
    const text = await error.textContent();
    assert.match(text, /^Cannot start the export job: you have 2 export job\(s\) queued or running/, text);
    // The panel follows the second job, queued behind the first: cancel it.
    assert.equal(await page.getAttribute("#export-job", "data-state"), "queued");
    await page.click("#export-job-cancel");
    await page.locator('#export-job[data-state="cancelled"]').waitFor({ timeout: 10000 });
    await page.locator("#export-job").getByText("Export job cancelled.").waitFor();
    assert.equal(await page.isVisible("#export-job-download"), false);
    await page.locator(`#export-jobs tr[data-id="${second}"][data-state="cancelled"]`).waitFor({ timeout: 10000 });
    // The first, from the list: Cancel while it runs, or Delete once done; either way gone.
    await page.locator(`#export-jobs tr[data-id="${first}"] button.export-job-delete`).click();
    await page.locator(`#export-jobs tr[data-id="${first}"][data-state="cancelled"]`).waitFor({ timeout: 30000 });
    const after = await page.evaluate(async (id) => (await fetch(`/api/v1/exports/${id}/download`)).status, first);
    assert.ok(after === 409 || after === 404, `a cancelled job's file is still served (${after})`);
  });

}, "export jobs: all checks passed");
