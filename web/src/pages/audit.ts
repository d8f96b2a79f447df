// audit.ts: the auditor's page (R401, R403, R702, R703): the audit log's verification,
// its entries filtered by time, user, camera and action, page by page, and the retrieval
// register and inspection report of a period as CSV or PDF downloads. Every read here is
// itself an entry of the log (the server records it).
import * as audit from "../audit_api";
import { h, notice } from "../dom";
import type { Cleanup } from "../router";
import { dayBounds, dayKey, formatWall, kDayMs, parseIso } from "../time";

export async function auditPage(main: HTMLElement): Promise<Cleanup> {
  main.append(h("h2", {}, "Audit log"), verifySection(), entriesSection(), reportsSection());
  return () => {};
}

function verifySection(): HTMLElement {
  const result = h("div", { id: "audit-verify-result" });
  const button = h("button", { type: "button", id: "audit-verify" }, "Verify the log");
  button.addEventListener("click", async () => {
    result.replaceChildren(notice("info", "Verifying the hash chain and the signed checkpoints ..."));
    try {
      result.replaceChildren(verificationView(await audit.verifyAudit()));
    } catch (e) {
      result.replaceChildren(notice("error", `Cannot verify: ${(e as Error).message}`));
    }
  });
  return h("section", { class: "audit-verify" }, h("h3", {}, "Integrity"), button, result);
}

function verificationView(v: audit.AuditVerification): HTMLElement {
  const summary = `${v.entries} entries (last seq ${v.last_seq}), ${v.checkpoints} signed checkpoints, signed up to seq ${v.last_signed_seq}`;
  const notes = v.notes.map((n) => h("li", { class: "hint" }, n));
  if (v.intact) {
    return h("div", {}, notice("info", `Intact: ${summary}.`), notes.length ? h("ul", {}, ...notes) : null);
  }
  const problems = v.problems.map((p) => h("li", { class: "audit-problem" }, `seq ${p.seq}: ${p.problem}: ${p.message}`));
  return h(
    "div",
    {},
    notice("error", `The audit log was altered: ${v.problems.length} problems. ${summary}.`),
    h("ul", { id: "audit-problems" }, ...problems),
    notes.length ? h("ul", {}, ...notes) : null,
  );
}

function input(id: string, label: string, props: Record<string, string> = {}): [HTMLElement, HTMLInputElement] {
  const el = h("input", { id, name: id, ...props });
  return [h("label", {}, label, " ", el), el];
}

// "2026-12-06T09:30" (a datetime-local value) for t, in the browser's time zone.
function localInputValue(t_ms: number): string {
  const d = new Date(t_ms - new Date(t_ms).getTimezoneOffset() * 60_000);
  return d.toISOString().slice(0, 16);
}

function entriesSection(): HTMLElement {
  const now = Date.now();
  const [fromL, from] = input("audit-from", "From", { type: "datetime-local", value: localInputValue(now - kDayMs) });
  const [toL, to] = input("audit-to", "To", { type: "datetime-local" });
  const [actorL, actor] = input("audit-actor", "User", { placeholder: "any" });
  const [cameraL, camera] = input("audit-camera", "Camera", { placeholder: "any" });
  const [actionL, action] = input("audit-action", "Actions", { placeholder: "e.g. playback,export,refused" });
  const show = h("button", { type: "submit", id: "audit-show" }, "Show");
  const status = h("div", { id: "audit-status" });
  const body = h("tbody", {});
  const table = h("table", { class: "requests", id: "audit-entries" }, entriesHeader(), body);
  const more = h("button", { type: "button", id: "audit-more", hidden: true }, "More");
  let filter: audit.AuditFilter = {};
  let next: number | null = null;

  async function load(afterSeq: number): Promise<void> {
    status.replaceChildren();
    try {
      const page = await audit.auditEntries(filter, afterSeq);
      if (afterSeq === 0) body.replaceChildren();
      body.append(...page.entries.map(entryRow));
      next = page.next_after_seq;
      more.hidden = next === null;
      if (body.children.length === 0) status.append(notice("info", "No entry matches."));
      else status.append(h("span", { class: "hint" }, `${body.children.length} entries shown`));
    } catch (e) {
      status.append(notice("error", `Cannot read the audit log: ${(e as Error).message}`));
    }
  }

  function showFiltered(): void {
    filter = {
      from: from.value ? new Date(from.value) : undefined,
      to: to.value ? new Date(to.value) : undefined,
      actor: actor.value,
      camera: camera.value,
      action: action.value.replace(/\s+/g, ""),
    };
    void load(0);
  }

  const form = h("form", { class: "audit-filter" }, fromL, toL, actorL, cameraL, actionL, show);
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    showFiltered();
  });
  more.addEventListener("click", () => next !== null && void load(next));
  showFiltered(); // the last 24 hours at once
  return h("section", {}, h("h3", {}, "Entries"), form, status, table, more);
}

function entriesHeader(): HTMLElement {
  const cols = ["Seq", "When", "User", "Action", "Outcome", "Cameras", "Footage", "Purpose", "Destination", "Request", "Client", "Detail"];
  return h("thead", {}, h("tr", {}, ...cols.map((c) => h("th", {}, c))));
}

function entryRow(e: audit.AuditEntry): HTMLElement {
  const footage = e.from && e.to ? `${formatWall(parseIso(e.from))} – ${formatWall(parseIso(e.to))}` : "";
  const cells = [String(e.seq), formatWall(parseIso(e.time)), e.actor || "(unknown)", e.action, e.outcome,
    e.cameras.join(" "), footage, e.purpose, e.destination, e.request, e.client, e.detail];
  return h("tr", { class: `audit-entry outcome-${e.outcome}`, "data-seq": e.seq }, ...cells.map((c) => h("td", {}, c)));
}

function reportsSection(): HTMLElement {
  const today = dayKey(Date.now());
  const [fromL, from] = input("report-from", "First day", { type: "date", value: dayKey(Date.now() - 30 * kDayMs) });
  const [toL, to] = input("report-to", "Last day", { type: "date", value: today });
  const links = h("div", { class: "report-links" });

  function update(): void {
    links.replaceChildren();
    if (!from.value || !to.value || to.value < from.value) {
      links.append(notice("warn", "Choose a first day on or before the last day."));
      return;
    }
    const start = new Date(dayBounds(from.value)[0]);
    const end = new Date(dayBounds(to.value)[1]);
    for (const [kind, title] of [["register", "Retrieval register (R401)"], ["inspection", "Inspection report (R702)"]] as const) {
      const link = (format: "csv" | "pdf") =>
        h("a", { id: `report-${kind}-${format}`, href: audit.auditReportUrl(kind, start, end, format), download: "" }, format.toUpperCase());
      links.append(h("div", {}, `${title}: `, link("csv"), " ", link("pdf")));
    }
  }
  from.addEventListener("change", update);
  to.addEventListener("change", update);
  update();
  return h("section", {}, h("h3", {}, "Reports"), h("div", { class: "audit-filter" }, fromL, toL), links);
}
