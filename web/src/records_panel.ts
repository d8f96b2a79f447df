// records_panel.ts: the operations records (R301-R304: training, maintenance, inspection,
// duty) with a form to add one (POST /api/v1/records; the server records who entered it),
// and the archived documents with their SHA-256 (R205), which `custos document add`
// archives. The server's refusals (a bad date, no description) are shown as they are.
import { h, notice } from "./dom";
import { addRecord, kRecordKinds, records, type ArchivedDocument, type OpsRecord, type RecordKind } from "./govern_api";
import { dayKey, formatBytes } from "./time";

function table(id: string, head: string[], rows: HTMLElement[]): HTMLElement {
  return h("table", { class: "requests", id }, h("thead", {}, h("tr", {}, ...head.map((t) => h("th", {}, t)))), h("tbody", {}, ...rows));
}

const recordRow = (r: OpsRecord) => h("tr", { "data-id": r.id, "data-kind": r.kind },
  h("td", {}, r.on), h("td", {}, r.kind), h("td", {}, r.description), h("td", {}, r.persons), h("td", {}, r.entered_by));

const documentRow = (d: ArchivedDocument) => h("tr", { "data-id": d.id },
  h("td", {}, d.kind), h("td", {}, d.title), h("td", {}, d.file), h("td", { class: "sha", title: d.sha256 }, d.sha256.slice(0, 16) + "…"),
  h("td", {}, formatBytes(d.bytes)), h("td", {}, d.parties));

export function recordsPanel(): { el: HTMLElement; refresh: () => Promise<void> } {
  const list = h("div", { id: "records-box" });
  const docs = h("div", { id: "documents-box" });
  const kind = h("select", { id: "record-kind" }, ...kRecordKinds.map((k) => h("option", { value: k }, k)));
  const on = h("input", { id: "record-on", type: "date", required: true, value: dayKey(Date.now()) });
  const persons = h("input", { id: "record-persons", placeholder: "who took part" });
  const description = h("input", { id: "record-description", required: true, placeholder: "what was done" });
  const status = h("div", { class: "form-status", id: "record-status" });
  const submit = h("button", { type: "submit", id: "record-submit" }, "Add the record");
  const l = (label: string, el: HTMLElement) => h("label", {}, label, el);
  const form = h("form", { class: "request-form", id: "record-form" }, h("h3", {}, "Add a record"),
    h("div", { class: "row" }, l("Kind", kind), l("On", on), l("Persons", persons)), l("Description", description), submit, status);

  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    status.replaceChildren();
    submit.disabled = true;
    try {
      const r = await addRecord({ kind: kind.value as RecordKind, on: on.value, persons: persons.value.trim(), description: description.value.trim() });
      status.appendChild(notice("info", `Added the ${r.kind} record of ${r.on}.`));
      description.value = persons.value = "";
      await refresh();
    } catch (err) {
      status.appendChild(notice("error", (err as Error).message));
    } finally {
      submit.disabled = false;
    }
  });

  async function refresh(): Promise<void> {
    try {
      const r = await records();
      list.replaceChildren(r.records.length === 0 ? notice("info", "No operations records yet.")
        : table("records", ["On", "Kind", "Description", "Persons", "Entered by"], r.records.map(recordRow)));
      docs.replaceChildren(r.documents.length === 0 ? notice("info", "No archived documents (custos document add archives one).")
        : table("documents", ["Kind", "Title", "File", "SHA-256", "Size", "Parties"], r.documents.map(documentRow)));
    } catch (err) {
      const text = `Cannot list the records: ${(err as Error).message}`;
      list.replaceChildren(notice("error", text));
      docs.replaceChildren();
    }
  }

  const el = h("section", { class: "govern-section" },
    h("h2", {}, "Operations records (R301-R304)"), list, form,
    h("h2", {}, "Archived documents (R205)"), docs);
  return { el, refresh };
}
