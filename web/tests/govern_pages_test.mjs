// Browser test of the Govern pages (src/pages/registry.ts, filings.ts, compliance.ts):
// headless Debian Chromium driven by playwright-core against a real `custos serve`.
// tests/integration/govern_ui_test.cc starts it under a profile whose system filing counts
// from acceptance (so a camera accepted two months ago has an overdue filing) and makes the
// users with `custos user add`: the administrator registers cameras in the form (a private
// place is refused with the server's R103 message and is not registered), changes a
// lifecycle (the server's R206 refusal first), sees the system filing this opened with its
// deadline, overdue, and adds an operations record; an auditor sees the compliance report,
// whose counts per state match GET /api/v1/compliance, under the installation's profile and
// another, and no registry; a maintainer sees the registry without its forms. Exits
// non-zero on the first failed check; leaves a screenshot in CUSTOS_OUT_DIR on failure.
// Camera ids carry a tag (CUSTOS_TAG, else a new one per run), so it runs again against
// the same custos.
//
//   CUSTOS_URL=http://127.0.0.1:PORT CUSTOS_ADMIN=admin:PW CUSTOS_AUDITOR=aud:PW \
//   CUSTOS_MAINTAINER=maint:PW [CUSTOS_OTHER_PROFILE=xinjiang-2014] [CUSTOS_TAG=x] \
//   [CUSTOS_CAMERA_URL=rtsp://…] CUSTOS_OUT_DIR=/tmp/x node tests/govern_pages_test.mjs
import assert from "node:assert/strict";
import path from "node:path";
import { account, env, inPage, launch, log, logIn as logInAt, run, step } from "./lib.mjs";

const base = env("CUSTOS_URL");
const admin = account("CUSTOS_ADMIN");
const auditor = account("CUSTOS_AUDITOR");
const maintainer = account("CUSTOS_MAINTAINER");
const otherProfile = env("CUSTOS_OTHER_PROFILE", "xinjiang-2014");
const outDir = env("CUSTOS_OUT_DIR", "/tmp");
const tag = env("CUSTOS_TAG", Date.now().toString(36));
const cameraUrl = env("CUSTOS_CAMERA_URL", "rtsp://192.0.2.10/stream1");
const lawful = `square-${tag}`;
const refused = `toilet-${tag}`;
const kDayMs = 86400000;
const utcDay = (ms) => new Date(ms).toISOString().slice(0, 10);
// Accepted two months ago: under a profile counting the system filing from acceptance, its
// deadline (30 days) has passed.
const acceptedOn = utcDay(Date.now() - 60 * kDayMs);

const logIn = (page, who) => logInAt(page, base, who);
const get = async (page, apiPath) => {
  const r = await inPage(page, "GET", apiPath);
  assert.equal(r.status, 200, `GET ${apiPath}: ${JSON.stringify(r.body)}`);
  return r.body;
};
const row = (page, camera) => page.locator(`#registry tr[data-camera="${camera}"]:not(.registry-editor)`);
const statusText = async (page, id) => (await page.locator(`#${id} .notice`).textContent({ timeout: 10000 })).trim();

const session = await launch();
const { page } = session;

await run(session, outDir, async () => {
  await step("the administrator's top bar offers Registry, Filings and Compliance; the registry's empty state", async () => {
    await logIn(page, admin);
    for (const p of ["/registry", "/filings", "/compliance"]) assert.equal(await page.locator(`nav a[href="${p}"]`).count(), 1, `no ${p} link`);
    const before = await get(page, "/registry");
    await page.click('nav a[href="/registry"]');
    await page.waitForURL(/\/registry$/);
    await page.locator("#register-form").waitFor({ timeout: 10000 });
    if (before.cameras.length === 0) await page.locator("#registry-box").getByText("No cameras yet").waitFor({ timeout: 5000 });
  });

  await step("register a camera in the form: it is in the table, as typed", async () => {
    await page.fill("#reg-id", lawful);
    await page.fill("#reg-name", "North square");
    await page.fill("#reg-url", cameraUrl);
    await page.selectOption("#reg-site_category", "square");
    await page.selectOption("#reg-position", "entrance");
    await page.fill("#reg-address", "1 Gate Rd");
    await page.fill("#reg-latitude", "43.8");
    await page.fill("#reg-longitude", "87.6");
    await page.fill("#reg-owning_unit", "Street Office 3");
    await page.fill("#reg-equipment_type", "bullet");
    await page.fill("#reg-equipment_model", "XC-200");
    await page.check("#reg-signage");
    await page.fill("#reg-signage_evidence", "sign photo 17");
    await page.check("#reg-government_invested");
    await page.click("#reg-submit");
    assert.equal(await statusText(page, "register-status"), `Registered ${lawful} (planned, not recorded).`);
    const r = row(page, lawful);
    await r.waitFor({ timeout: 10000 });
    assert.equal(await r.getAttribute("data-lifecycle"), "planned");
    assert.match(await r.locator("td.site").textContent(), /Square or plaza \(required\).*1 Gate Rd.*43\.8, 87\.6/);
    assert.equal(await r.locator("td.signage").textContent(), "yes: sign photo 17");
    assert.equal(await r.locator("td.government").textContent(), "yes");
    const stored = (await get(page, "/registry")).cameras.find((c) => c.id === lawful);
    assert.ok(stored, "the API does not list the camera registered in the form");
    const e = stored.registry;
    assert.deepEqual([e.site_category, e.position, e.address, e.latitude, e.longitude, e.owning_unit, e.equipment_model, e.signage, e.government_invested],
      ["square", "entrance", "1 Gate Rd", 43.8, 87.6, "Street Office 3", "XC-200", true, true]);
  });

  await step("a camera in a private place is refused with the server's R103 message and not registered", async () => {
    await page.fill("#reg-id", refused);
    await page.fill("#reg-url", "rtsp://192.0.2.11/stream1");
    await page.selectOption("#reg-site_category", "toilet");
    await page.click("#reg-submit");
    const shown = await statusText(page, "register-status");
    // The same request through the API: the page shows the server's words, unchanged.
    const api = await inPage(page, "POST", "/cameras", { id: refused, url: "rtsp://192.0.2.11/stream1", registry: { site_category: "toilet" } });
    assert.equal(api.status, 403);
    assert.match(api.body.error.message, /R103: /);
    assert.equal(shown, api.body.error.message);
    log(`refused: ${shown}`);
    assert.equal(await page.inputValue("#reg-id"), refused, "the form lost what was typed");
    assert.equal(await row(page, refused).count(), 0);
    assert.ok(!(await get(page, "/registry")).cameras.some((c) => c.id === refused), "the private-place camera was registered");
    await page.screenshot({ path: path.join(outDir, "registry-r103.png"), fullPage: true });
  });

  await step("lifecycle: in use before acceptance is refused (R206); accepted, then in use, is recorded", async () => {
    const change = async (fields) => {
      const editor = page.locator(`#registry tr.registry-editor[data-camera="${lawful}"]`);
      if ((await editor.count()) === 0) await row(page, lawful).locator("button.edit-registry").click();
      for (const [name, value] of Object.entries(fields)) {
        const el = editor.locator(`.f-${name}`);
        if (name === "lifecycle") await el.selectOption(value);
        else await el.fill(value);
      }
      await editor.locator("button.save-registry").click();
    };
    await change({ lifecycle: "in_use" });
    const refusal = await statusText(page, "registry-status");
    const api = await inPage(page, "POST", `/cameras/${lawful}/registry`, { lifecycle: "in_use" });
    assert.equal(api.status, 409);
    assert.match(api.body.error.message, /R206: /);
    assert.equal(refusal, api.body.error.message);
    log(`refused: ${refusal}`);
    assert.equal(await row(page, lawful).getAttribute("data-lifecycle"), "planned");
    await change({ lifecycle: "accepted", accepted_on: acceptedOn, acceptance_ref: "ACC-7" });
    assert.equal(await statusText(page, "registry-status"), `Saved ${lawful}: acceptance_ref, accepted_on, lifecycle (now accepted, not recorded).`);
    await row(page, lawful).and(page.locator('[data-lifecycle="accepted"]')).waitFor({ timeout: 5000 });
    assert.match(await row(page, lawful).locator("td.lifecycle").textContent(), new RegExp(`accepted ${acceptedOn} \\(ACC-7\\)`));
    await change({ lifecycle: "in_use" });
    assert.equal(await statusText(page, "registry-status"), `Saved ${lawful}: lifecycle (now in use, recorded).`);
    await row(page, lawful).and(page.locator('[data-lifecycle="in_use"]')).getByText("recorded", { exact: true }).waitFor({ timeout: 5000 });
    const stored = (await get(page, "/registry")).cameras.find((c) => c.id === lawful);
    assert.equal(stored.registry.lifecycle, "in_use");
    assert.equal(stored.recorded, true);
  });

  await step("filings: the system filing the camera opened, with its deadline under the profile, overdue", async () => {
    await page.click('nav a[href="/filings"]');
    await page.waitForURL(/\/filings/);
    const json = await get(page, "/filings");
    const profile = await get(page, `/profile?name=${json.profile}`);
    const mine = json.filings.filter((f) => f.camera_id === lawful);
    assert.equal(mine.length, 1, `one filing for ${lawful}: ${JSON.stringify(json.filings)}`);
    const f = mine[0];
    log(`filing #${f.id}: ${f.kind}, event ${f.event_on}, ${f.due} [${f.source}] under ${json.profile}`);
    const r = page.locator(`#filings tr[data-id="${f.id}"]`);
    await r.waitFor({ timeout: 10000 });
    assert.equal(await r.getAttribute("data-kind"), f.kind);
    assert.equal(await r.locator("td.filing-due .source").textContent(), f.source);
    if (f.kind === "system" && profile.system_filing.from === "acceptance" && profile.system_filing.days !== null) {
      // The deadline counted here from the acceptance date typed in the form.
      const due = utcDay(Date.parse(acceptedOn) + profile.system_filing.days * kDayMs);
      assert.equal(f.due_on, due);
      assert.equal(f.overdue, true);
    }
    assert.equal(await r.locator("td.filing-due div").first().textContent(), f.due_on ? `due ${f.due_on}` : f.due);
    assert.equal(await r.getAttribute("data-overdue"), String(f.overdue));
    if (f.overdue) {
      assert.equal(await r.evaluate((el) => el.classList.contains("overdue")), true, "the overdue filing is not highlighted");
      assert.equal(await r.locator("td.filing-state").textContent(), "overdue");
      await page.check("#only-overdue");
      await page.waitForURL(/\?overdue=1$/);
      await page.locator(`#filings tr[data-id="${f.id}"]`).waitFor({ timeout: 10000 });
      const overdue = (await get(page, "/filings?overdue=1")).filings;
      await page.waitForFunction((n) => document.querySelectorAll("#filings tbody tr").length === n, overdue.length, { timeout: 5000 });
      await page.screenshot({ path: path.join(outDir, "filings.png"), fullPage: true });
    }
  });

  await step("filings: Mark filed records the receipt; filing twice is refused in the server's words", async () => {
    await page.goto(base + "/filings");
    const f = (await get(page, "/filings")).filings.find((x) => x.camera_id === lawful);
    const r = page.locator(`#filings tr[data-id="${f.id}"]`);
    await r.waitFor({ timeout: 10000 });
    const receipt = `RCPT-${tag}`;
    // No receipt (the browser's own check taken away): the server's message under the row.
    await r.locator(".filed-ref").evaluate((el) => el.removeAttribute("required"));
    await r.locator(".mark-filed-submit").click();
    await r.locator(".filed-status .error").getByText("receipt reference").waitFor({ timeout: 5000 });
    await r.locator(".filed-ref").fill(receipt);
    await r.locator(".filed-on").fill("2026-12-01");
    await r.locator(".mark-filed-submit").click();
    assert.equal(await statusText(page, "filing-status"), `Filing #${f.id} marked filed on 2026-12-01, receipt ${receipt}.`);
    await page.locator(`#filings tr[data-id="${f.id}"] td.filing-state`).getByText(`filed 2026-12-01 (receipt ${receipt})`).waitFor({ timeout: 5000 });
    assert.equal(await page.locator(`#filings tr[data-id="${f.id}"] .mark-filed`).count(), 0, "a filed filing still offers Mark filed");
    const after = (await get(page, "/filings")).filings.find((x) => x.id === f.id);
    assert.equal(after.open, false);
    assert.equal(after.receipt_ref, receipt);
    const again = await inPage(page, "POST", `/filings/${f.id}/filed`, { ref: "another" });
    assert.equal(again.status, 409, JSON.stringify(again.body));
    assert.match(again.body.error.message, /already filed on 2026-12-01/);
  });

  await step("records: adding one in the form shows it", async () => {
    const before = (await get(page, "/records")).records.length;
    if (before === 0) await page.locator("#records-box").getByText("No operations records yet.").waitFor({ timeout: 5000 });
    const text = `camera ${lawful} inspected (${tag})`;
    await page.selectOption("#record-kind", "inspection");
    await page.fill("#record-on", "2026-11-20");
    await page.fill("#record-persons", "Li Ming, Wang Fang");
    await page.fill("#record-description", text);
    await page.click("#record-submit");
    assert.equal(await statusText(page, "record-status"), "Added the inspection record of 2026-11-20.");
    const added = (await get(page, "/records")).records.find((r) => r.description === text);
    assert.ok(added, "the API does not list the record");
    assert.equal(added.entered_by, admin.user);
    const r = page.locator(`#records tr[data-id="${added.id}"]`);
    await r.waitFor({ timeout: 5000 });
    assert.equal((await r.locator("td").allTextContents()).join(" | "), `2026-11-20 | inspection | ${text} | Li Ming, Wang Fang | ${admin.user}`);
    // No date (the browser's own check taken away): the server's message.
    await page.fill("#record-on", "");
    await page.fill("#record-description", "no date");
    await page.locator("#record-on").evaluate((el) => el.removeAttribute("required"));
    await page.click("#record-submit");
    assert.match(await statusText(page, "record-status"), /record's date/);
  });

  await step("the auditor: the compliance page, its counts per state match the API, the filter", async () => {
    await logIn(page, auditor);
    await page.waitForURL(/\/compliance/);
    for (const p of ["/registry", "/filings"]) assert.equal(await page.locator(`nav a[href="${p}"]`).count(), 0, `an auditor is offered ${p}`);
    const json = await get(page, "/compliance");
    await page.locator("#compliance tbody tr").first().waitFor({ timeout: 10000 });
    const counts = {};
    for (const s of ["met", "not_met", "not_applicable", "not_implemented"]) {
      counts[s] = Number(await page.locator(`#compliance-summary button[data-state="${s}"] .count`).textContent());
      assert.equal(counts[s], json.counts[s] ?? 0, `the page counts ${counts[s]} ${s}, the API ${json.counts[s] ?? 0}`);
    }
    log(`compliance under ${json.profile}: ${JSON.stringify(counts)}`);
    assert.equal(Number(await page.locator('#compliance-summary button[data-state="all"] .count').textContent()), json.requirements.length);
    const shown = await page.locator("#compliance tbody tr").evaluateAll((rs) => rs.map((r) => `${r.dataset.id} ${r.dataset.state}`));
    assert.deepEqual(shown, json.requirements.map((r) => `${r.id} ${r.state}`));
    const r103 = json.requirements.find((r) => r.id === "R103");
    assert.equal(await page.locator('#compliance tr[data-id="R103"] td.evidence').textContent(), r103.evidence);
    await page.click('#compliance-summary button[data-state="not_met"]');
    await page.waitForURL(/state=not_met/);
    const notMet = json.requirements.filter((r) => r.state === "not_met");
    if (notMet.length === 0) await page.locator("#compliance-box").getByText("No requirement is not met").waitFor({ timeout: 5000 });
    else assert.deepEqual(await page.locator("#compliance tbody tr").evaluateAll((rs) => rs.map((r) => r.dataset.id)), notMet.map((r) => r.id));
    // The active profile with the source of each number.
    const profile = await get(page, "/profile");
    assert.equal(await page.locator("#profile").getAttribute("data-profile"), profile.name);
    await page.locator("#profile td.source").getByText(profile.min_retention_days.source, { exact: true }).waitFor({ timeout: 5000 });
    await page.screenshot({ path: path.join(outDir, "compliance.png"), fullPage: true });
  });

  await step("the auditor chooses another profile: the report and the numbers under it", async () => {
    await page.click('#compliance-summary button[data-state="all"]');
    await page.selectOption("#compliance-profile", otherProfile);
    await page.waitForURL(new RegExp(`profile=${otherProfile}`));
    await page.locator(`#profile[data-profile="${otherProfile}"]`).waitFor({ timeout: 10000 });
    const json = await get(page, `/compliance?profile=${otherProfile}`);
    assert.equal(json.profile, otherProfile);
    for (const s of ["met", "not_met", "not_applicable", "not_implemented"]) {
      assert.equal(Number(await page.locator(`#compliance-summary button[data-state="${s}"] .count`).textContent()), json.counts[s] ?? 0, s);
    }
    const other = await get(page, `/profile?name=${otherProfile}`);
    await page.locator("#profile td.source").getByText(other.system_filing.source, { exact: true }).waitFor({ timeout: 5000 });
    await page.locator("#compliance-head").getByText(`Shown under ${otherProfile}`).waitFor({ timeout: 5000 });
  });

  await step("the auditor gets no registry: no link, no form, a sentence, and the API refuses", async () => {
    await page.goto(base + "/registry");
    await page.getByText("The registry is kept for the administrator or maintainer role").waitFor({ timeout: 10000 });
    assert.equal(await page.locator("#register-form").count(), 0, "an auditor is shown the registry form");
    assert.equal((await inPage(page, "GET", "/registry")).status, 403);
  });

  await step("the maintainer sees the registry without its forms", async () => {
    await logIn(page, maintainer);
    await page.waitForURL(/\/registry/);
    await row(page, lawful).waitFor({ timeout: 10000 });
    assert.equal(await page.locator("#register-form").count(), 0, "a maintainer is shown the registration form");
    assert.equal(await page.locator("button.edit-registry").count(), 0, "a maintainer is offered changes");
    for (const p of ["/filings", "/compliance"]) assert.equal(await page.locator(`nav a[href="${p}"]`).count(), 0, `a maintainer is offered ${p}`);
  });
}, "all govern page checks passed");
