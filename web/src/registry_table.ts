// registry_table.ts: the registry as a table, one row per camera: its R101 basic
// information, site category with tier (R102, R109), lifecycle and acceptance (R206),
// signage (R105), government investment (R107), military zone consent (R108), and
// whether it is recorded. An optional cell per row holds the editors' actions.
import { h } from "./dom";
import type { RegisteredCamera, RegistryEntry, SiteCategory } from "./govern_api";

const kHead = ["Camera", "Site", "Owning unit", "Equipment", "Lifecycle", "Signage (R105)", "Government-invested (R107)", "Military zone (R108)"];

function lines(...parts: (string | false | null | undefined)[]): HTMLElement[] {
  return parts.filter((p): p is string => !!p).map((p) => h("div", {}, p));
}

function siteCell(r: RegistryEntry, categories: Map<string, SiteCategory>): HTMLElement {
  const c = categories.get(r.site_category);
  const category = !r.site_category ? "category not stated" : c ? `${c.name} (${c.tier})` : `${r.site_category} (unknown category)`;
  const where = r.latitude !== null && r.longitude !== null ? `${r.latitude}, ${r.longitude}` : "no coordinates";
  return h("td", { class: "site" }, h("div", { class: "category" }, category), ...lines(`position: ${r.position.replace("_", " ")}`, r.address, where));
}

function lifecycleCell(r: RegistryEntry): HTMLElement {
  const cls = r.lifecycle === "in_use" || r.lifecycle === "changed" ? "ok" : r.lifecycle === "dismantled" ? "offline" : "pending";
  return h("td", { class: "lifecycle" }, h("span", { class: `badge ${cls}` }, r.lifecycle.replace("_", " ")),
    ...lines(r.lifecycle_since && `since ${r.lifecycle_since}`,
      r.accepted_on ? `accepted ${r.accepted_on}${r.acceptance_ref ? ` (${r.acceptance_ref})` : ""}` : "not accepted"));
}

const yesNo = (v: boolean, detail = "") => (v ? `yes${detail ? ": " + detail : ""}` : "no");

export function registryRow(cam: RegisteredCamera, categories: Map<string, SiteCategory>, actions?: HTMLElement): HTMLElement {
  const r = cam.registry;
  const camera = h("td", { class: "camera" }, h("strong", {}, cam.id), cam.name !== cam.id ? h("div", {}, cam.name) : null,
    h("span", { class: `badge ${cam.recorded ? "ok" : "pending"}` }, cam.recorded ? "recorded" : "not recorded"));
  const cells = r
    ? [siteCell(r, categories), h("td", {}, r.owning_unit || "—"),
      h("td", {}, ...lines([r.equipment_type, r.equipment_model].filter(Boolean).join(", ") || "—", r.commissioned_on && `commissioned ${r.commissioned_on}`)),
      lifecycleCell(r), h("td", { class: "signage" }, yesNo(r.signage, r.signage_evidence)),
      h("td", { class: "government" }, yesNo(r.government_invested)),
      h("td", {}, r.near_military_zone ? `near one; consent ${r.military_consent_ref || "missing"}` : "no")]
    : [h("td", { colspan: kHead.length - 1, class: "unregistered" }, "Not registered: no registry entry yet (not recorded).")];
  return h("tr", { "data-camera": cam.id, "data-lifecycle": r?.lifecycle ?? "", "data-category": r?.site_category ?? "" },
    camera, ...cells, actions ? h("td", {}, actions) : null);
}

export function registryTable(rows: HTMLElement[], withActions: boolean): HTMLElement {
  const head = withActions ? [...kHead, ""] : kHead;
  return h("table", { class: "requests registry", id: "registry" },
    h("thead", {}, h("tr", {}, ...head.map((t) => h("th", {}, t)))), h("tbody", {}, ...rows));
}
