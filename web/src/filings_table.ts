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

// A form under an open filing's state: the organ's receipt and the date it was filed.
// `onFiled` runs with the server's answer, or the error is shown as the server words it.
export type MarkFiled = (f: Filing, ref: string, on: string) => Promise<void>;

function markForm(f: Filing, mark: MarkFiled): HTMLElement {
  const ref = h("input", { class: "filed-ref", placeholder: "receipt reference", "aria-label": "Receipt reference", required: true });
  const on = h("input", { class: "filed-on", type: "date", "aria-label": "Filed on" });
  const error = h("div", { class: "form-status filed-status" });
  const form = h("form", { class: "mark-filed" }, ref, on, h("button", { type: "submit", class: "mark-filed-submit" }, "Mark filed"), error);
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    error.replaceChildren();
    mark(f, ref.value.trim(), on.value).catch((err) => error.replaceChildren(h("span", { class: "error" }, (err as Error).message)));
  });
  return form;
}

export function filingRow(f: Filing, mark?: MarkFiled): HTMLElement {
  const due = f.due_on ? `due ${f.due_on}` : f.due;
  return h("tr", { class: f.overdue ? "filing overdue" : "filing", "data-id": f.id, "data-kind": f.kind, "data-overdue": String(f.overdue) },
    h("td", {}, `#${f.id}`),
    h("td", {}, kKinds[f.kind] ?? f.kind),
    h("td", {}, f.camera_id || "the whole system"),
    h("td", {}, f.event_on),
    h("td", {}, f.detail, f.pre_existing ? h("div", { class: "hint" }, "a system in use before the rules (the longer deadline)") : null),
    h("td", { class: "filing-due" }, h("div", {}, due), h("div", { class: "hint source" }, f.source)),
    stateCell(f),
    h("td", { class: "filing-action" }, f.open && mark ? markForm(f, mark) : null));
}

export function filingsTable(filings: Filing[], mark?: MarkFiled): HTMLElement {
  const head = ["Id", "Kind", "Camera", "Event on", "What", "Deadline (source)", "State", ""];
  return h("table", { class: "requests filings", id: "filings" },
    h("thead", {}, h("tr", {}, ...head.map((t) => h("th", {}, t)))), h("tbody", {}, ...filings.map((f) => filingRow(f, mark))));
}
