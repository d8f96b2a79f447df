// requests.ts: an investigator files a retrieval request (docs/design/access.md): cameras,
// time range (prefilled from the playback page's selection: ?camera=&from=&to= in ms),
// playback or export, purpose, case and approval document references, the persons present
// (as many rows as the server's jurisdiction profile demands: its error says how many),
// the destination of a copy; and lists their own requests with what each waits for.
import * as api from "../api";
import { h, notice } from "../dom";
import { navigate, type Cleanup } from "../router";

// <input type=datetime-local> speaks local time without a zone, to the second.
function localInput(ms: number): string {
  const d = new Date(ms);
  const p = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}

class PersonRows {
  readonly el = h("tbody", { id: "req-persons" });

  add(): void {
    const input = (cls: string, label: string) => h("input", { class: cls, "aria-label": label, required: true });
    const row = h("tr", { class: "person" });
    const remove = h("button", { type: "button", title: "Remove this person", onclick: () => row.remove() }, "×");
    row.append(h("td", {}, input("person-name", "Name")), h("td", {}, input("person-id", "Identity number")),
      h("td", {}, input("person-permit", "Work permit number")), h("td", {}, remove));
    this.el.appendChild(row);
  }

  ensure(n: number): void {
    while (this.el.rows.length < n) this.add();
  }

  values(): api.Person[] {
    return Array.from(this.el.rows).map((row) => ({
      name: (row.querySelector(".person-name") as HTMLInputElement).value.trim(),
      id_number: (row.querySelector(".person-id") as HTMLInputElement).value.trim(),
      work_permit: (row.querySelector(".person-permit") as HTMLInputElement).value.trim(),
    }));
  }
}

export function requestRow(r: api.RetrievalRequest, actions?: HTMLElement): HTMLElement {
  const pending = r.state === "pending";
  return h(
    "tr",
    { class: `request ${r.state}`, "data-id": r.id, "data-state": r.state, "data-approvals": api.approversOf(r).length },
    h("td", {}, `#${r.id}`, r.emergency ? h("span", { class: "badge pending emergency" }, "emergency") : null),
    h("td", {}, r.requester),
    h("td", {}, r.kind),
    h("td", {}, r.cameras.join(", ")),
    h("td", {}, `${new Date(r.from).toLocaleString()} → ${new Date(r.to).toLocaleString()}`),
    h("td", {}, `${r.purpose} (case ${r.case_ref}${r.approval_doc_ref ? ", document " + r.approval_doc_ref : ""})`),
    h("td", { class: "request-state" }, h("span", { class: `badge ${pending ? "pending" : r.state === "approved" ? "ok" : "offline"}` }, r.state), " ",
      api.requestStateText(r)),
    actions ? h("td", {}, actions) : null,
  );
}

export function requestTable(id: string, rows: HTMLElement[], withActions = false): HTMLElement {
  const head = ["Id", "Requester", "Kind", "Cameras", "Range", "Purpose", "State", ...(withActions ? ["Decision"] : [])];
  return h("table", { class: "requests", id }, h("thead", {}, h("tr", {}, ...head.map((t) => h("th", {}, t)))), h("tbody", {}, ...rows));
}

export async function requestsPage(main: HTMLElement, params: URLSearchParams, me: api.Me): Promise<Cleanup> {
  const cameras = await api.cameras();
  const wanted = params.get("camera");
  const checks = cameras.map((c) =>
    h("label", { class: "check" }, h("input", { type: "checkbox", class: "req-camera", value: c.id, checked: c.id === wanted }), ` ${c.name}`),
  );
  const from = h("input", { type: "datetime-local", id: "req-from", step: 1, required: true });
  const to = h("input", { type: "datetime-local", id: "req-to", step: 1, required: true });
  const f = Number(params.get("from")), t = Number(params.get("to"));
  from.value = localInput(f > 0 ? f : Date.now() - 3600_000);
  to.value = localInput(t > f && t > 0 ? t : Date.now());
  const kind = h("select", { id: "req-kind" }, h("option", { value: "playback" }, "Playback in Custos (one approver)"),
    h("option", { value: "export" }, "Export a copy (two approvers)"));
  kind.value = params.get("kind") === "export" ? "export" : "playback";
  const text = (id: string, required = true) => h("input", { id, required });
  const purpose = text("req-purpose"), caseRef = text("req-case"), doc = text("req-doc", false), dest = text("req-destination", false);
  const emergency = h("input", { type: "checkbox", id: "req-emergency" });
  const persons = new PersonRows();
  persons.add();
  const status = h("div", { class: "form-status", id: "req-status" });
  const submit = h("button", { type: "submit", id: "req-submit" }, "File the request");
  const list = h("div", { id: "my-requests-box" });
  const form = h(
    "form",
    { class: "request-form", id: "request-form" },
    h("h2", {}, "New retrieval request"),
    h("fieldset", {}, h("legend", {}, "Cameras"), ...checks),
    h("div", { class: "row" }, h("label", {}, "From ", from), h("label", {}, "To ", to), h("label", {}, "Kind ", kind)),
    h("label", {}, "Purpose", purpose),
    h("div", { class: "row" }, h("label", {}, "Case reference", caseRef), h("label", {}, "Approval document reference", doc)),
    h("label", { class: "check" }, emergency, " Emergency (disaster, accident, public-health event): granted at once, approved afterwards"),
    h("fieldset", {}, h("legend", {}, "Persons present at the retrieval"),
      h("table", { class: "persons" }, h("thead", {}, h("tr", {}, h("th", {}, "Name"), h("th", {}, "Identity number"), h("th", {}, "Work permit number"), h("th", {}, ""))), persons.el),
      h("button", { type: "button", id: "req-add-person", onclick: () => persons.add() }, "Add a person")),
    h("label", {}, "Destination of the copy (for an export)", dest),
    submit,
    status,
  );
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    void file();
  });

  async function file(): Promise<void> {
    const chosen = Array.from(form.querySelectorAll<HTMLInputElement>(".req-camera:checked")).map((c) => c.value);
    status.replaceChildren();
    if (chosen.length === 0) return void status.appendChild(notice("error", "Choose at least one camera."));
    const start = new Date(from.value), end = new Date(to.value);
    if (!(end > start)) return void status.appendChild(notice("error", "The end of the range must be after its start."));
    submit.disabled = true;
    try {
      const r = await api.fileRequest({
        kind: kind.value as "playback" | "export", cameras: chosen, from: start.toISOString(), to: end.toISOString(),
        purpose: purpose.value.trim(), case_ref: caseRef.value.trim(), approval_doc_ref: doc.value.trim(),
        persons: persons.values(), destination: dest.value.trim(), emergency: emergency.checked,
      });
      status.appendChild(notice("info", `Request #${r.id} filed: ${api.requestStateText(r)}.`));
      await refresh();
    } catch (err) {
      const message = (err as Error).message;
      // The profile's minimum number of persons: add the rows the server asks for.
      const m = /at least (\d+) person/i.exec(message);
      if (m) persons.ensure(Number(m[1]));
      status.appendChild(notice("error", message));
    } finally {
      submit.disabled = false;
    }
  }

  async function refresh(): Promise<void> {
    try {
      const mine = (await api.requests()).filter((r) => r.requester === me.user);
      const granted = (r: api.RetrievalRequest) =>
        r.granted_now ? h("button", { type: "button", class: "play-grant", onclick: () => navigate("/playback", new URLSearchParams({ camera: r.cameras[0], day: localInput(Date.parse(r.from)).slice(0, 10) }).toString()) }, "Play") : undefined;
      list.replaceChildren(
        h("h2", {}, "My requests"),
        mine.length === 0 ? notice("info", "No requests yet.") : requestTable("my-requests", mine.map((r) => requestRow(r, granted(r))), true),
      );
    } catch (err) {
      list.replaceChildren(notice("error", `Cannot list the requests: ${(err as Error).message}`));
    }
  }

  main.append(form, list);
  await refresh();
  const timer = window.setInterval(() => void refresh(), 5000);
  return () => window.clearInterval(timer);
}
