// Browser test of the web UI under the access model (docs/design/access.md): headless
// Debian Chromium driven by playwright-core against a real `custos serve` recording a real
// RTSP camera. tests/integration/web_ui_test.cc starts them and makes the users with
// `custos user add`: a duty operator assigned to the cameras (the live wall), an
// investigator (who also holds the approver role, to show that self-approval is refused)
// and two approvers. The investigator files an export request in the UI, approver A
// approves, the UI says a second approver is needed, approver B approves, and the
// investigator plays the granted range and downloads the export. Exits non-zero on the
// first failed check; leaves a screenshot of the page in CUSTOS_OUT_DIR on failure.
//
//   CUSTOS_URL=http://127.0.0.1:PORT CUSTOS_OPERATOR=op:PASSWORD CUSTOS_INVESTIGATOR=inv:PASSWORD \
//   CUSTOS_APPROVER_A=a:PASSWORD CUSTOS_APPROVER_B=b:PASSWORD CUSTOS_CAMERA=gate \
//   CUSTOS_RECORDED_FROM=2026-11-23T20:00:00Z CUSTOS_OUT_DIR=/tmp/x node tests/browser_test.mjs
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { statSync } from "node:fs";
import path from "node:path";
import { account, env, launch, log, logIn as logInAt, optionalAccount, run, selectOnTimeline, step, timelineX } from "./lib.mjs";

const base = env("CUSTOS_URL");
const operator = account("CUSTOS_OPERATOR");
const investigator = account("CUSTOS_INVESTIGATOR");
const approverA = account("CUSTOS_APPROVER_A");
const approverB = account("CUSTOS_APPROVER_B");
// The start of the camera's first recording: the investigator asks from there to now.
const recordedFrom = Date.parse(env("CUSTOS_RECORDED_FROM"));
const camera = env("CUSTOS_CAMERA", "gate");
const outDir = env("CUSTOS_OUT_DIR", "/tmp");
const gopMs = Number(env("CUSTOS_GOP_MS", "2000"));
// Optional: a camera that cannot be reached, and an H.265 camera (Debian's Chromium has
// no HEVC decoder): their tiles must say so.
const offlineCamera = process.env.CUSTOS_OFFLINE_CAMERA ?? "";
const hevcCamera = process.env.CUSTOS_HEVC_CAMERA ?? "";
// Optional: the administrator ("admin:PASSWORD"): the Users page, and no live video.
const admin = optionalAccount("CUSTOS_ADMIN");

// Pixel variance of a PNG, decoded by the browser itself (no image library in node).
async function pngVariance(page, png) {
  return page.evaluate(async (b64) => {
    const img = new Image();
    img.src = "data:image/png;base64," + b64;
    await img.decode();
    const c = document.createElement("canvas");
    c.width = img.width;
    c.height = img.height;
    const g = c.getContext("2d");
    g.drawImage(img, 0, 0);
    const d = g.getImageData(0, 0, c.width, c.height).data;
    let sum = 0, sum2 = 0, n = 0;
    for (let i = 0; i < d.length; i += 4) {
      const y = 0.299 * d[i] + 0.587 * d[i + 1] + 0.114 * d[i + 2];
      sum += y;
      sum2 += y * y;
      n++;
    }
    const mean = sum / n;
    return { variance: sum2 / n - mean * mean, mean, width: c.width, height: c.height };
  }, png.toString("base64"));
}

async function wallMs(page) {
  const v = await page.locator("#wall-time").getAttribute("data-wall-ms");
  return v === null ? null : Number(v);
}

// The part of `run` the timeline shows now (the view follows the playhead).
async function visiblePart(page, run) {
  const canvas = page.locator("#timeline");
  const start = Number(await canvas.getAttribute("data-view-start-ms"));
  const end = Number(await canvas.getAttribute("data-view-end-ms"));
  const lo = Math.max(run.start, start), hi = Math.min(run.end, end);
  assert.ok(hi - lo >= 6000, `less than 6 s of the run is in the timeline's view`);
  return { lo, hi };
}

// <input type=datetime-local step=1> wants local time to the second.
function localInput(ms) {
  const d = new Date(ms);
  const p = (n) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}

const logIn = (page, who) => logInAt(page, base, who);

// The row of request `id` in the table `table` (#my-requests or #pending-requests).
const requestRow = (page, table, id) => page.locator(`#${table} tr[data-id="${id}"]`);

async function approveAs(page, who, id, expectText) {
  await logIn(page, who);
  await page.click('a[href="/approvals"]');
  await page.waitForURL(/\/approvals/);
  await requestRow(page, "pending-requests", id).locator("button.approve").click();
  await page.locator("#approval-status").getByText(expectText).waitFor({ timeout: 10000 });
}

const session = await launch({
  args: ["--disable-quic", "--autoplay-policy=no-user-gesture-required"],
  context: { acceptDownloads: true },
});
const { page } = session;

await run(session, outDir, async () => {
  await step("login: a wrong password shows the server's message", async () => {
    await page.goto(base + "/live");
    await page.waitForURL(/\/login$/);
    await page.fill("#user", operator.user);
    await page.fill("#password", "not-the-password");
    await page.click("#login");
    await page.getByText("wrong user name or password").waitFor({ timeout: 10000 });
  });

  await step("login: the duty operator's password opens the live wall of the assigned cameras", async () => {
    await page.fill("#password", operator.password);
    await page.click("#login");
    await page.waitForURL(/\/live/);
    await page.locator(`.tile[data-camera="${camera}"]`).waitFor();
    assert.equal(await page.locator('a[href="/playback"]').count(), 0, "a duty operator is offered playback");
  });

  await step("live: the tile plays (currentTime advances, the picture is not blank)", async () => {
    const tile = page.locator(`.tile[data-camera="${camera}"]`);
    await page.waitForFunction((id) => document.querySelector(`.tile[data-camera="${id}"]`)?.dataset.state === "playing",
      camera, { timeout: 20000 });
    const video = tile.locator("video");
    const first = await video.evaluate((v) => v.currentTime);
    await page.waitForFunction(([id, t]) => document.querySelector(`.tile[data-camera="${id}"] video`).currentTime > t + 1.5,
      [camera, first], { timeout: 10000 });
    // Only the video: hide the tile's name bar, which would make any screenshot "not blank".
    await page.evaluate(() => document.querySelectorAll(".tile-bar").forEach((b) => (b.style.visibility = "hidden")));
    // The wall clock of the frame on screen: from the fragments' prft, so close to now.
    const clock = Number(await tile.locator(".tile-clock").getAttribute("data-wall-ms"));
    log(`live tile clock: ${new Date(clock).toISOString()}, ${Date.now() - clock} ms behind this machine's clock`);
    assert.ok(Math.abs(Date.now() - clock) < 5000, "the live tile's clock is not the frame's wall time");
    const png = await video.screenshot({ path: path.join(outDir, "live-tile.png") });
    const stats = await pngVariance(page, png);
    log(`live tile screenshot ${stats.width}x${stats.height}: mean ${stats.mean.toFixed(1)}, variance ${stats.variance.toFixed(1)}`);
    assert.ok(stats.variance > 20, `the live tile looks blank (luma variance ${stats.variance.toFixed(2)})`);
    await page.evaluate(() => document.querySelectorAll(".tile-bar").forEach((b) => (b.style.visibility = "")));
  });

  if (offlineCamera || hevcCamera) {
    await step("live: an unreachable camera and an H.265 camera say what is wrong", async () => {
      const tileSays = async (id, state, text) => {
        await page.waitForFunction(([i, s]) => document.querySelector(`.tile[data-camera="${i}"]`)?.dataset.state === s,
          [id, state], { timeout: 20000 });
        await page.locator(`.tile[data-camera="${id}"] .tile-overlay`).getByText(text).waitFor({ timeout: 5000 });
      };
      if (offlineCamera) await tileSays(offlineCamera, "offline", "Camera offline");
      if (hevcCamera) await tileSays(hevcCamera, "unsupported", "cannot play hvc1");
    });
  }

  let requestId;
  let granted; // [from, to) of the request, in ms
  await step("playback without a grant: the page says to file a retrieval request, with a link", async () => {
    await logIn(page, investigator);
    await page.waitForURL(/\/playback/);
    await page.selectOption("#camera", camera);
    const noGrant = page.locator("#no-grant");
    await noGrant.getByText("No approved retrieval request").waitFor({ timeout: 10000 });
    await noGrant.getByRole("link", { name: "File a retrieval request" }).click();
    await page.waitForURL(/\/requests\?/);
    assert.ok(await page.isChecked(`.req-camera[value="${camera}"]`), "the request form is not prefilled with the camera");
  });

  await step("requests: the investigator files an export request in the form", async () => {
    granted = { from: Math.floor(recordedFrom / 1000) * 1000 - 1000, to: Math.floor(Date.now() / 1000) * 1000 };
    await page.fill("#req-from", localInput(granted.from));
    await page.fill("#req-to", localInput(granted.to));
    await page.selectOption("#req-kind", "export");
    await page.fill("#req-purpose", "browser test of the approval flow");
    await page.fill("#req-case", "CASE-7");
    await page.fill("#req-doc", "DOC-7");
    await page.fill("#req-destination", "the test runner");
    // With no person at all the server says how many the profile demands, and the form
    // grows that many rows.
    await page.locator("#req-persons tr.person button").click();
    assert.equal(await page.locator("#req-persons tr.person").count(), 0);
    await page.click("#req-submit");
    await page.locator("#req-status").getByText(/demands at least 1 person/).waitFor({ timeout: 10000 });
    assert.equal(await page.locator("#req-persons tr.person").count(), 1, "the form did not add the rows the server asks for");
    const person = page.locator("#req-persons tr.person").first();
    await person.locator(".person-name").fill("Li Ming");
    await person.locator(".person-id").fill("110101199001011234");
    await person.locator(".person-permit").fill("WP-0042");
    await page.click("#req-submit");
    const filed = await page.locator("#req-status").getByText(/Request #\d+ filed/).textContent({ timeout: 10000 });
    requestId = Number(/#(\d+)/.exec(filed)[1]);
    const row = requestRow(page, "my-requests", requestId);
    await row.getByText("needs two approvers").waitFor({ timeout: 10000 });
    await page.screenshot({ path: path.join(outDir, "requests.png"), fullPage: true });
    assert.equal(await row.getAttribute("data-state"), "pending");
    log(`filed request #${requestId}: ${new Date(granted.from).toISOString()} → ${new Date(granted.to).toISOString()}`);
  });

  await step("approvals: self-approval is refused with the server's message", async () => {
    await page.click('a[href="/approvals"]');
    await page.waitForURL(/\/approvals/);
    await requestRow(page, "pending-requests", requestId).locator("button.approve").click();
    await page.locator("#approval-status").getByText("an approver who is not the requester must decide it").waitFor({ timeout: 10000 });
  });

  await step("approvals: approver A approves; the page says a second approver is needed", async () => {
    await approveAs(page, approverA, requestId, "A second approver is needed");
    await page.screenshot({ path: path.join(outDir, "approvals.png") });
    await requestRow(page, "pending-requests", requestId).getByText(`approved by ${approverA.user}; needs a second approver`)
      .waitFor({ timeout: 10000 });
  });

  await step("after one approval: playback and export are still refused, and the page says why", async () => {
    await logIn(page, investigator);
    await page.waitForURL(/\/playback/);
    await page.selectOption("#camera", camera);
    await page.locator("#no-grant").waitFor({ timeout: 10000 });
    await page.getByText(`Request #${requestId} (export)`).getByText("needs a second approver").waitFor({ timeout: 5000 });
    const status = await page.evaluate(async ([id, f, t]) => {
      const q = `from=${encodeURIComponent(new Date(f).toISOString())}&to=${encodeURIComponent(new Date(t).toISOString())}&download=1`;
      return (await fetch(`/api/v1/cameras/${id}/export.mp4?${q}`, { method: "HEAD" })).status;
    }, [camera, granted.from, granted.to]);
    assert.equal(status, 403, "the server let an export through with one approval");
  });

  await step("approvals: approver B approves; the request is approved", async () => {
    await approveAs(page, approverB, requestId, "approved, granted until");
  });

  let run;
  await step("timeline: the granted run is drawn", async () => {
    await logIn(page, investigator);
    await page.click('a[href="/requests"]');
    await requestRow(page, "my-requests", requestId).getByText("approved, granted until").waitFor({ timeout: 10000 });
    await page.click('a[href="/playback"]');
    await page.waitForURL(/\/playback/);
    await page.locator("#camera").waitFor();
    if (offlineCamera) {
      // No grant covers it: the page says so instead of a blank player.
      await page.selectOption("#camera", offlineCamera);
      await page.locator("#no-grant").waitFor({ timeout: 10000 });
    }
    await page.selectOption("#camera", camera);
    await page.waitForFunction(() => Number(document.querySelector("#timeline")?.dataset.runs) > 0, null, { timeout: 10000 });
    const tl = await page.evaluate(async ([id, f, t]) => {
      const from = new Date(f).toISOString(), to = new Date(t).toISOString();
      const r = await fetch(`/api/v1/cameras/${id}/timeline?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`);
      return r.json();
    }, [camera, granted.from, granted.to]);
    assert.ok(tl.runs?.length >= 1, `the API lists no run: ${JSON.stringify(tl)}`);
    run = { start: Math.max(Date.parse(tl.runs[0].start), granted.from), end: Math.min(Date.parse(tl.runs[0].end), granted.to) };
    log(`run: ${tl.runs[0].start} → ${tl.runs[0].end} (${((run.end - run.start) / 1000).toFixed(1)} s)`);
    assert.ok(run.end - run.start >= 6000, "the run is too short for the seek test");
    // Zoom in (on the playhead, at the run's start) until minutes fill the canvas.
    for (let i = 0; i < 12; i++) await page.click("#zoom-in");
    const { lo, hi } = await visiblePart(page, run);
    const { x, box } = await timelineX(page, (lo + hi) / 2);
    const colour = await page.evaluate(([cx, cy]) => {
      const c = document.querySelector("#timeline");
      const r = c.getBoundingClientRect();
      const k = c.width / r.width;
      return Array.from(c.getContext("2d").getImageData(Math.round((cx - r.left) * k), Math.round((cy - r.top) * k), 1, 1).data);
    }, [x, box.y + 30]);
    assert.deepEqual(colour.slice(0, 3), [0x3f, 0x9b, 0x5a], `the run is not drawn at its place (pixel ${colour})`);
  });

  await step("playback: plays, and a click on the timeline seeks to that wall time", async () => {
    await page.waitForFunction(() => document.querySelector("#wall-time")?.dataset.wallMs, null, { timeout: 15000 });
    const w0 = await wallMs(page);
    await page.waitForFunction((w) => Number(document.querySelector("#wall-time").dataset.wallMs) > w + 500, w0, { timeout: 10000 });
    await page.click("#play"); // pause
    // A time far from the frame on screen (more than a GOP away), inside the run.
    const { lo, hi } = await visiblePart(page, run);
    const now = await wallMs(page);
    // (3 s short of the end: the page loaded the open run's end a moment before this test.)
    const target = Math.abs(now - (lo + 1000)) > Math.abs(now - (hi - 3000)) ? lo + 1000 : hi - 3000;
    assert.ok(Math.abs(now - target) > gopMs, "the run is too short to seek more than a GOP away");
    const { x, y } = await timelineX(page, target);
    await page.mouse.click(x, y);
    await page.waitForFunction((t) => Math.abs(Number(document.querySelector("#wall-time").dataset.wallMs) - t) < 1000,
      target, { timeout: 10000 }).catch(() => {});
    const shown = await wallMs(page);
    const text = await page.textContent("#wall-time");
    log(`asked ${new Date(target).toISOString()}, frame on screen ${new Date(shown).toISOString()} ("${text}")`);
    // The issue asks for a GOP; the player is frame-accurate, so hold it to a few frames
    // (this also catches a wrong origin of the video's time, e.g. an edit list unaccounted for).
    assert.ok(Math.abs(shown - target) <= Math.min(gopMs, 250), `the seek landed ${shown - target} ms from the asked time`);
    const hhmmss = await page.evaluate((t) => {
      const d = new Date(t);
      return [d.getHours(), d.getMinutes(), d.getSeconds()].map((n) => String(n).padStart(2, "0")).join(":");
    }, shown);
    assert.ok(text.includes(hhmmss), `the displayed time "${text}" does not show ${hhmmss}`);
  });

  await step("playback: step moves one frame forward", async () => {
    const before = await wallMs(page);
    await page.click("#step");
    await page.waitForFunction((w) => Number(document.querySelector("#wall-time").dataset.wallMs) !== w, before, { timeout: 5000 });
    const after = await wallMs(page);
    assert.ok(after > before && after - before <= 120, `a step moved ${after - before} ms`);
  });

  await step("playback: speed", async () => {
    await page.selectOption("#speed", "4");
    assert.equal(await page.evaluate(() => document.querySelector("#playback-video").playbackRate), 4);
    await page.selectOption("#speed", "1");
  });

  await step("export: select a range, see its size, download it with progress", async () => {
    const { lo, hi } = await visiblePart(page, run);
    await selectOnTimeline(page, lo + 1000, Math.min(hi - 500, lo + 5000));
    const expected = Number(await page.getAttribute("#export-size", "data-bytes"));
    const [download] = await Promise.all([page.waitForEvent("download", { timeout: 30000 }), page.click("#export-download")]);
    const file = path.join(outDir, "export.mp4");
    await download.saveAs(file);
    assert.equal(statSync(file).size, expected, "the download's size differs from the HEAD Content-Length");
    assert.equal(await page.evaluate(() => document.querySelector("#export-progress").value), 1);
    const ff = spawnSync("ffmpeg", ["-nostdin", "-v", "error", "-i", file, "-f", "null", "-"], { encoding: "utf8" });
    assert.equal(ff.status, 0, `ffmpeg failed: ${ff.stderr}`);
    assert.equal(ff.stderr + ff.stdout, "", "ffmpeg reported errors in the export");
    log(`export: ${expected} bytes, ${download.suggestedFilename()}, clean in ffmpeg`);
  });

  await step("export: footage after the grant's end is refused", async () => {
    const status = await page.evaluate(async ([id, t]) => {
      const q = `from=${encodeURIComponent(new Date(t).toISOString())}&to=${encodeURIComponent(new Date(t + 60000).toISOString())}`;
      const r = await fetch(`/api/v1/cameras/${id}/export.mp4?${q}`, { method: "HEAD" });
      return r.status;
    }, [camera, granted.to + 1000]);
    assert.equal(status, 403, "footage after the grant's end was served");
  });

  if (admin) {
    await step("users: the administrator adds a user, disables it, and gets no live video", async () => {
      await logIn(page, admin);
      await page.waitForURL(/\/users/);
      await page.locator(`#users tr[data-user="${investigator.user}"] td.roles`).getByText("investigator").waitFor({ timeout: 10000 });
      await page.fill("#new-user-name", "auditor1");
      await page.fill("#new-user-display", "Wang Fang");
      await page.fill("#new-user-password", "a long enough password");
      await page.check('.new-role[value="auditor"]');
      await page.click("#add-user-submit");
      const row = page.locator('#users tr[data-user="auditor1"]');
      await row.locator("td.roles").getByText("auditor").waitFor({ timeout: 10000 });
      await row.locator("button.toggle-disabled").click();
      await page.locator('#users tr[data-user="auditor1"][data-disabled="true"]').waitFor({ timeout: 10000 });
      await page.goto(base + "/live");
      await page.getByText("Live video is for duty operators").waitFor({ timeout: 10000 });
    });
  }

  await step("log out", async () => {
    await page.click("#logout");
    await page.waitForURL(/\/login$/);
  });
}, "all browser checks passed");
