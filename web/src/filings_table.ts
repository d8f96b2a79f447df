// filings_table.ts: the filings owed to the public security organ (R201 system filing,
// R202 change report, R203 dismantling filing) with the deadline the active profile
// computes and the article it comes from; overdue ones highlighted.
import { h } from "./dom";
import type { Filing } from "./govern_api";

const kKinds: Record<Filing["kind"], string> = {
  system: "System filing (R201)",
  change: "Change report (R202)",
  dismantling: "Dismantling filing (R203)",
};

function stateCell(f: Filing): HTMLElement {
  const [cls, text] = !f.open ? ["ok", `filed ${f.filed_on}${f.receipt_ref ? ` (receipt ${f.receipt_ref})` : ""}`]
    : f.overdue ? ["offline", "overdue"] : !f.required ? ["", "not required"] : ["pending", "open"];
  return h("td", { class: "filing-state" }, h("span", { class: `badge ${cls}` }, text));
}

export function filingRow(f: Filing): HTMLElement {
  const due = f.due_on ? `due ${f.due_on}` : f.due;
  return h("tr", { class: f.overdue ? "filing overdue" : "filing", "data-id": f.id, "data-kind": f.kind, "data-overdue": String(f.overdue) },
    h("td", {}, `#${f.id}`),
    h("td", {}, kKinds[f.kind] ?? f.kind),
    h("td", {}, f.camera_id || "the whole system"),
    h("td", {}, f.event_on),
    h("td", {}, f.detail, f.pre_existing ? h("div", { class: "hint" }, "a system in use before the rules (the longer deadline)") : null),
    h("td", { class: "filing-due" }, h("div", {}, due), h("div", { class: "hint source" }, f.source)),
    stateCell(f));
}

export function filingsTable(filings: Filing[]): HTMLElement {
  const head = ["Id", "Kind", "Camera", "Event on", "What", "Deadline (source)", "State"];
  return h("table", { class: "requests filings", id: "filings" },
    h("thead", {}, h("tr", {}, ...head.map((t) => h("th", {}, t)))), h("tbody", {}, ...filings.map(filingRow)));
}
