// Browser test of the audit page (src/pages/audit.ts): headless Debian Chromium driven by
// playwright-core against a real `custos serve`. tests/integration/audit_ui_test.cc starts
// it and makes an auditor. The administrator has no Audit link and is refused the log; a
// failed login shows up in the auditor's table and in the action filter; the log verifies
// intact; the register and the inspection report download as CSV and PDF; then an entry
// is edited with the sqlite3 shell and the page names it. Exits non-zero on the first
// failed check; leaves a screenshot in CUSTOS_OUT_DIR on failure.
//
//   CUSTOS_URL=http://127.0.0.1:PORT CUSTOS_ADMIN=admin:PASSWORD CUSTOS_AUDITOR=aud:PASSWORD \
//   CUSTOS_AUDIT_DB=DATA/audit.db CUSTOS_OUT_DIR=/tmp/x node tests/audit_page_test.mjs
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { account, env, launch, logIn, run, step } from "./lib.mjs";

const base = env("CUSTOS_URL");
const admin = account("CUSTOS_ADMIN");
const auditor = account("CUSTOS_AUDITOR");
const auditDb = env("CUSTOS_AUDIT_DB");
const outDir = env("CUSTOS_OUT_DIR", "/tmp");

const session = await launch({ context: { acceptDownloads: true } });
const { page } = session;

// The login form with a wrong password: the form stays, with the server's message.
async function failLogIn(who) {
  await page.fill("#user", who.user);
  await page.fill("#password", "wrong password, surely");
  await page.click("#login");
  await page.locator(".notice.error").first().waitFor({ timeout: 10000 });
}

async function download(selector) {
  const [d] = await Promise.all([page.waitForEvent("download"), page.click(selector)]);
  const file = path.join(outDir, d.suggestedFilename());
  await d.saveAs(file);
  return { name: d.suggestedFilename(), bytes: readFileSync(file) };
}

await run(session, outDir, async () => {
  await step("the administrator has no Audit link and is refused the log", async () => {
    await logIn(page, base, admin);
    assert.equal(await page.locator('nav a[href="/audit"]').count(), 0);
    await page.goto(base + "/audit");
    await page.locator("#audit-status .notice.error").waitFor({ timeout: 10000 });
    const text = await page.locator("#audit-status").innerText();
    assert.match(text, /Cannot read the audit log/, text);
  });

  await step("a failed login, then the auditor logs in and sees the Audit link", async () => {
    await page.click("#logout");
    await page.waitForURL(/\/login$/);
    await failLogIn(auditor);
    await logIn(page, base, auditor);
    assert.equal(await page.locator('nav a[href="/audit"]').count(), 1);
    await page.click('nav a[href="/audit"]');
    await page.waitForURL(/\/audit$/);
  });

  await step("the table shows the last day's entries, the failed login among them", async () => {
    await page.locator("#audit-entries tr.audit-entry").first().waitFor({ timeout: 10000 });
    const actions = await page.locator("#audit-entries tr.audit-entry td:nth-child(4)").allInnerTexts();
    for (const a of ["login", "login_failed", "refused"]) assert.ok(actions.includes(a), `${a} in ${actions}`);
  });

  await step("the action filter keeps only failed logins", async () => {
    await page.fill("#audit-action", "login_failed");
    await page.click("#audit-show");
    await page.waitForFunction(() => {
      const cells = [...document.querySelectorAll("#audit-entries tr.audit-entry td:nth-child(4)")];
      return cells.length > 0 && cells.every((c) => c.textContent === "login_failed");
    }, null, { timeout: 10000 });
    const details = await page.locator("#audit-entries tr.audit-entry td:nth-child(12)").allInnerTexts();
    assert.ok(details.includes(`user name tried: ${auditor.user}`), `the failed login names the user it tried: ${details}`);
  });

  await step("the log verifies intact", async () => {
    await page.click("#audit-verify");
    await page.locator("#audit-verify-result").getByText("Intact").waitFor({ timeout: 15000 });
  });

  await step("the register and the inspection report download as CSV and PDF", async () => {
    const csv = await download("#report-register-csv");
    assert.match(csv.name, /^custos-audit-register-.*\.csv$/);
    assert.match(csv.bytes.toString("utf8"), /seq,when,retrieved by/);
    const pdf = await download("#report-inspection-pdf");
    assert.match(pdf.name, /^custos-audit-inspection-.*\.pdf$/);
    assert.equal(pdf.bytes.subarray(0, 5).toString("latin1"), "%PDF-");
  });

  await step("an entry edited with the sqlite3 shell is named by the page", async () => {
    const sql = "DROP TRIGGER IF EXISTS audit_entry_no_update; UPDATE audit_entry SET actor = 'nobody' WHERE seq = 2";
    const r = spawnSync("sqlite3", [auditDb, sql], { encoding: "utf8" });
    assert.equal(r.status, 0, r.stderr);
    await page.click("#audit-verify");
    await page.locator("#audit-problems").waitFor({ timeout: 15000 });
    const text = await page.locator("#audit-problems").innerText();
    assert.match(text, /seq 2: edited/, text);
  });

}, "audit page: all checks passed");
