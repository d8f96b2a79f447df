// filings.ts: for administrators (manage_filings): the filings owed under the active
// jurisdiction profile with their deadlines and sources, overdue ones highlighted and
// filterable (?overdue=1, as GET /api/v1/filings has it); then the operations records and
// archived documents (records_panel.ts).
import "../govern.css";
import type * as api from "../api";
import { h, notice } from "../dom";
import { filingsTable } from "../filings_table";
import { filings, markFiled, type Filing } from "../govern_api";
import { holds, holdersText } from "../permissions";
import { recordsPanel } from "../records_panel";
import { setQuery, type Cleanup } from "../router";

export async function filingsPage(main: HTMLElement, params: URLSearchParams, me: api.Me): Promise<Cleanup> {
  main.append(h("h2", {}, "Filings"));
  if (!holds(me.roles, "manage_filings")) {
    main.append(notice("warn", `Filings and operations records are kept by the ${holdersText("manage_filings")} role; ${me.user} holds ${me.roles.join(", ") || "no role"}.`));
    return () => {};
  }
  const onlyOverdue = h("input", { type: "checkbox", id: "only-overdue", checked: params.get("overdue") === "1" });
  const summary = h("div", { id: "filings-summary" });
  const status = h("div", { class: "form-status", id: "filing-status" });
  const list = h("div", { id: "filings-box" });

  async function refresh(): Promise<void> {
    try {
      const r = await filings(onlyOverdue.checked);
      const overdue = r.filings.filter((f) => f.overdue).length;
      summary.replaceChildren(h("p", {}, `Deadlines under the profile ${r.profile}. `,
        overdue > 0 ? h("strong", { class: "overdue-count" }, `${overdue} overdue.`) : "None overdue."));
      list.replaceChildren(r.filings.length > 0 ? filingsTable(r.filings, mark)
        : notice("info", onlyOverdue.checked ? "No filing is overdue." : "No filings yet: the first camera put into use opens the system filing (R201)."));
    } catch (e) {
      summary.replaceChildren();
      list.replaceChildren(notice("error", `Cannot list the filings: ${(e as Error).message}`));
    }
  }
  // Marks a filing filed (audited by the server), says so, and lists the filings again.
  async function mark(f: Filing, ref: string, on: string): Promise<void> {
    const after = await markFiled(f.id, ref, on);
    status.replaceChildren(notice("info", `Filing #${after.id} marked filed on ${after.filed_on}, receipt ${after.receipt_ref}.`));
    await refresh();
  }
  onlyOverdue.addEventListener("change", () => {
    const q = new URLSearchParams(location.search);
    if (onlyOverdue.checked) q.set("overdue", "1");
    else q.delete("overdue");
    setQuery(q);
    void refresh();
  });

  const records = recordsPanel();
  main.append(
    h("div", { class: "toolbar" }, h("label", { class: "check" }, onlyOverdue, " Only overdue filings")),
    summary, status, list,
    h("p", { class: "hint" }, "Mark filed records the organ's receipt (as ", h("code", {}, "custos filing done ID --ref RECEIPT"), " does); ",
      h("code", {}, "custos filing package"), " writes what to file."),
    records.el);
  await Promise.all([refresh(), records.refresh()]);
  return () => {};
}
