// Browser test of the privacy zones page (src/pages/privacy.ts): headless Debian Chromium
// driven by playwright-core against a real `custos serve` recording a real RTSP camera.
// tests/integration/privacy_zones_ui_test.cc starts them and makes the users: a duty
// operator (no page, 403 from the API), the administrator (no live video: the zones are
// drawn on a grid of the frame's shape) and an administrator who is also the camera's duty
// operator (the camera's picture is the background). Exits non-zero on the first failed
// check; leaves a screenshot in CUSTOS_OUT_DIR on failure. It replaces the camera's zones.
//
//   CUSTOS_URL=http://127.0.0.1:PORT CUSTOS_ADMIN=admin:PASSWORD CUSTOS_OPERATOR=op:PASSWORD \
//   [CUSTOS_VIEWER_ADMIN=user:PASSWORD] CUSTOS_CAMERA=gate CUSTOS_FRAME=640x360 \
//   CUSTOS_OUT_DIR=/tmp/x node tests/privacy_zones_test.mjs
import assert from "node:assert/strict";
import path from "node:path";
import { account, env, inPage, launch, log, logIn as logInAt, optionalAccount, run, step } from "./lib.mjs";

const base = env("CUSTOS_URL");
const admin = account("CUSTOS_ADMIN");
const operator = account("CUSTOS_OPERATOR");
const viewer = optionalAccount("CUSTOS_VIEWER_ADMIN");
const camera = env("CUSTOS_CAMERA", "gate");
const [frameW, frameH] = env("CUSTOS_FRAME", "640x360").split("x").map(Number);
const outDir = env("CUSTOS_OUT_DIR", "/tmp");
const kName = "Neighbour's window";

const logIn = (page, who) => logInAt(page, base, who);

// GET or PUT the zones from inside the page (its session cookie and CSRF token).
const zonesApi = (page, method, body) => inPage(page, method, `/cameras/${camera}/privacy-zones`, body);

// Page coordinates of a picture fraction (x, y in 0..1) on the editor.
async function at(page, x, y) {
  const box = await page.locator("#zone-canvas").boundingBox();
  return { x: box.x + x * box.width, y: box.y + y * box.height };
}
async function clickAt(page, x, y) {
  const p = await at(page, x, y);
  await page.mouse.click(p.x, p.y);
}
const zoneCount = async (page) => Number(await page.locator("#zone-canvas").getAttribute("data-zones"));
const near = (a, b, tol = 0.01) => a.length === b.length && a.every((p, i) => Math.abs(p[0] - b[i][0]) <= tol && Math.abs(p[1] - b[i][1]) <= tol);

const session = await launch();
const { page } = session;

// The corners drawn with the mouse, the third one then dragged to `moved`.
const drawn = [[0.1, 0.1], [0.4, 0.12], [0.38, 0.45], [0.12, 0.4]];
const moved = [0.45, 0.55];
const expected = [drawn[0], drawn[1], moved, drawn[3]];

await run(session, outDir, async () => {
  await step("a duty operator has no Privacy zones page, and the API refuses them", async () => {
    await logIn(page, operator);
    assert.equal(await page.locator('a[href="/privacy"]').count(), 0, "a duty operator is offered the privacy zones page");
    await page.goto(base + "/privacy");
    await page.getByText("Privacy zones are edited by administrators").waitFor({ timeout: 10000 });
    assert.equal((await zonesApi(page, "GET")).status, 403, "GET privacy-zones is not refused to a duty operator");
    const put = await zonesApi(page, "PUT", { zones: [] });
    assert.equal(put.status, 403, "PUT privacy-zones is not refused to a duty operator");
  });

  await step("the administrator opens the page: no live video, a grid of the frame's shape", async () => {
    await logIn(page, admin);
    // The frame size comes from the camera's status, known once it delivers video.
    await page.waitForFunction(async (cam) => (await (await fetch(`/api/v1/cameras/${cam}`)).json()).status?.width > 0, camera,
      { timeout: 20000, polling: 250 });
    // A clean start (the script replaces the camera's zones when run against any custos).
    assert.equal((await zonesApi(page, "PUT", { zones: [] })).status, 200);
    await page.click('a[href="/privacy"]');
    await page.waitForURL(/\/privacy/);
    await page.locator("#zones-no-picture").getByText("may not see this camera's live video").waitFor({ timeout: 10000 });
    await page.locator('#zone-stage[data-loaded="true"][data-picture="grid"]').waitFor({ timeout: 10000 });
    const box = await page.locator("#zone-canvas").boundingBox();
    log(`grid ${box.width.toFixed(0)}×${box.height.toFixed(0)} for a ${frameW}×${frameH} frame`);
    assert.ok(Math.abs(box.width / box.height - frameW / frameH) < 0.02, "the grid does not have the frame's aspect ratio");
    assert.equal(await zoneCount(page), 0);
  });

  await step("draw a zone with clicks, close it on its first corner, name it", async () => {
    for (const [x, y] of drawn) await clickAt(page, x, y);
    assert.equal(await page.locator("#zone-canvas").getAttribute("data-drawing"), "true");
    await clickAt(page, drawn[0][0], drawn[0][1]);
    assert.equal(await zoneCount(page), 1, "clicking the first corner did not close the zone");
    await page.fill("#zone-list li[data-zone='0'] .zone-name", kName);
    assert.equal(await page.locator("#zone-canvas polygon.zone title").textContent(), kName);
  });

  await step("move a corner by dragging it", async () => {
    await clickAt(page, 0.25, 0.25); // selects the zone: its corners get handles
    await page.locator("#zone-canvas circle.zone-corner[data-point='2']").waitFor();
    const from = await at(page, drawn[2][0], drawn[2][1]);
    const to = await at(page, moved[0], moved[1]);
    await page.mouse.move(from.x, from.y);
    await page.mouse.down();
    await page.mouse.move(to.x, to.y, { steps: 4 });
    await page.mouse.up();
    assert.equal(await zoneCount(page), 1);
  });

  await step("a second zone by keyboard, deleted, undone, deleted again", async () => {
    await page.keyboard.press("Escape"); // deselect
    await page.locator("#zone-canvas").focus();
    await page.keyboard.press("Space"); // at the cross-hair: where the last corner was clicked
    for (let i = 0; i < 20; i++) await page.keyboard.press("ArrowRight");
    await page.keyboard.press("Space");
    for (let i = 0; i < 20; i++) await page.keyboard.press("ArrowDown");
    await page.keyboard.press("Space");
    await page.keyboard.press("Enter");
    assert.equal(await zoneCount(page), 2, "Space and Enter did not make a zone");
    await page.click("#zone-list li[data-zone='1'] .zone-delete");
    assert.equal(await zoneCount(page), 1);
    await page.click("#zone-undo");
    assert.equal(await zoneCount(page), 2, "undo did not bring the deleted zone back");
    await page.click("#zone-list li[data-zone='1'] .zone-delete");
    assert.equal(await zoneCount(page), 1);
  });

  await step("a crossing polygon: the server's refusal is shown", async () => {
    for (const [x, y] of [[0.6, 0.6], [0.9, 0.9], [0.9, 0.6], [0.6, 0.9]]) await clickAt(page, x, y);
    await page.keyboard.press("Enter");
    assert.equal(await zoneCount(page), 2);
    await page.click("#zone-save");
    await page.locator("#zones-status").getByText(/The server refused the zones: privacy zone "zone 2" crosses itself/)
      .waitFor({ timeout: 10000 });
    await page.screenshot({ path: path.join(outDir, "privacy-zones-refused.png") });
    await page.click("#zone-list li[data-zone='1'] .zone-delete");
  });

  await step("corners: dragging an edge's dot adds one, Delete removes it, undo and redo, arrows", async () => {
    const corners = () => page.locator("#zone-list li[data-zone='0'] .hint").textContent();
    await clickAt(page, 0.25, 0.25); // selects the zone
    const mid = await at(page, (drawn[0][0] + drawn[1][0]) / 2, (drawn[0][1] + drawn[1][1]) / 2);
    const to = await at(page, 0.25, 0.03);
    await page.mouse.move(mid.x, mid.y);
    await page.mouse.down();
    await page.mouse.move(to.x, to.y, { steps: 3 });
    await page.mouse.up();
    assert.match(await corners(), /^5 corners/);
    await page.keyboard.press("Delete"); // the new corner is the selected one
    assert.match(await corners(), /^4 corners/);
    await page.keyboard.press("Control+z");
    assert.match(await corners(), /^5 corners/, "Ctrl+Z did not bring the corner back");
    await page.keyboard.press("Control+Shift+z");
    assert.match(await corners(), /^4 corners/, "Ctrl+Shift+Z did not delete it again");
    // Arrows move the selected corner; a run of presses is one undo step.
    const shape = () => page.locator("#zone-canvas polygon.zone").getAttribute("points");
    const before = await shape();
    await page.keyboard.press("]");
    for (let i = 0; i < 3; i++) await page.keyboard.press("ArrowLeft");
    assert.notEqual(await shape(), before, "the arrows did not move the selected corner");
    await page.keyboard.press("Control+z");
    assert.equal(await shape(), before, "one Ctrl+Z did not undo the arrow moves");
  });

  await step("save, reload: the zone is shown again, and the API has the polygon drawn", async () => {
    await page.click("#zone-save");
    await page.locator("#zones-status").getByText("Saved 1 zone(s) of gate").waitFor({ timeout: 10000 });
    await page.reload();
    await page.locator('#zone-stage[data-loaded="true"]').waitFor({ timeout: 10000 });
    assert.equal(await zoneCount(page), 1, "the saved zone is not shown after a reload");
    assert.equal(await page.inputValue("#zone-list li[data-zone='0'] .zone-name"), kName);
    const got = await zonesApi(page, "GET");
    assert.equal(got.status, 200);
    log(`stored: ${JSON.stringify(got.body.zones)}`);
    assert.equal(got.body.zones.length, 1);
    assert.equal(got.body.zones[0].name, kName);
    assert.ok(near(got.body.zones[0].points, expected), `the stored polygon is not the one drawn: ${JSON.stringify(expected)}`);
    // And the shape on screen is where the API says.
    const pts = (await page.locator("#zone-canvas polygon.zone").getAttribute("points")).split(" ").map((p) => p.split(",").map(Number));
    assert.ok(near(pts.map(([x, y]) => [x / frameW, y / frameH]), got.body.zones[0].points, 0.001), "the polygon is drawn elsewhere");
    assert.equal(await page.isDisabled("#zone-save"), true, "a freshly loaded page has unsaved changes");
  });

  if (viewer) {
    await step("an administrator who may see the camera's live video sees the zone on its picture", async () => {
      await logIn(page, viewer);
      // The recorder's newest frame exists once the first recording has frames.
      await page.waitForFunction(async (cam) => (await fetch(`/api/v1/cameras/${cam}/live.jpg`)).ok, camera, { timeout: 20000, polling: 500 });
      await page.goto(`${base}/privacy?camera=${camera}`);
      await page.locator('#zone-stage[data-loaded="true"][data-picture="camera"]').waitFor({ timeout: 10000 });
      assert.equal(await zoneCount(page), 1);
      const image = await page.locator("#zone-canvas image").evaluate(async (i) => {
        const img = new Image();
        img.src = i.getAttribute("href");
        await img.decode();
        return { href: i.getAttribute("href"), width: img.naturalWidth, height: img.naturalHeight };
      });
      log(`background: ${image.href}, ${image.width}×${image.height}`);
      assert.ok(image.width === frameW && image.height === frameH, `the picture is ${image.width}×${image.height}`);
      await page.screenshot({ path: path.join(outDir, "privacy-zones.png") });
    });
  }

}, "all privacy zone checks passed");
