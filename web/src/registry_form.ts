// registry_form.ts: the fields of a camera's registry entry (R101 basic information, site
// category R102/R103, signage R105, government investment R107, military consent R108,
// lifecycle and acceptance R206), for registering a camera and for changing an entry.
// values() gives every field (registration); changes() only those the user changed, so a
// change request names what changed (the server changes only the fields given). The rules
// are the server's: a private category is offered, marked, and refused by the server
// (R103), whose words the page shows.
import { h } from "./dom";
import { kLifecycles, kPositions, type Lifecycle, type RegistryEntry, type RegistryFields, type SiteCategory } from "./govern_api";

type TextField = "owning_unit" | "address" | "equipment_type" | "equipment_model" | "acceptance_ref" | "signage_evidence" | "military_consent_ref";
type DateField = "commissioned_on" | "accepted_on";
type FlagField = "signage" | "government_invested" | "near_military_zone";

const kEmpty: RegistryEntry = {
  owning_unit: "", address: "", latitude: null, longitude: null, site_category: "", position: "other",
  equipment_type: "", equipment_model: "", commissioned_on: "", lifecycle: "planned", lifecycle_since: "",
  accepted_on: "", acceptance_ref: "", signage: false, signage_evidence: "", government_invested: false,
  near_military_zone: false, military_consent_ref: "",
};

export const kLifecycleHint = "planned → accepted → in use ⇄ changed; any state → dismantled (final). Accepted and in use need the acceptance date (R206); only in use and changed cameras are recorded.";

// The category select: public places by tier, then the private places, which the server refuses (R103).
function categorySelect(categories: SiteCategory[]): HTMLSelectElement {
  const group = (label: string, list: SiteCategory[]) =>
    h("optgroup", { label }, ...list.map((c) => h("option", { value: c.id, title: c.source }, `${c.name} (${c.id})`)));
  return h("select", {},
    h("option", { value: "" }, "(not stated)"),
    group("Public places where a system is required", categories.filter((c) => c.tier === "required")),
    group("Other public places", categories.filter((c) => c.tier === "optional")),
    group("Private places: refused (R103)", categories.filter((c) => c.private)),
  );
}

export class RegistryForm {
  readonly el: HTMLElement;
  private readonly initial: RegistryEntry;
  private readonly text = new Map<TextField, HTMLInputElement>();
  private readonly dates = new Map<DateField, HTMLInputElement>();
  private readonly flags = new Map<FlagField, HTMLInputElement>();
  private readonly lat: HTMLInputElement;
  private readonly lon: HTMLInputElement;
  private readonly category: HTMLSelectElement;
  private readonly position: HTMLSelectElement;
  private readonly lifecycle: HTMLSelectElement;

  // `idPrefix` names the inputs (`${idPrefix}-site_category`) for labels and tests.
  constructor(categories: SiteCategory[], entry: RegistryEntry | null, idPrefix: string, lifecycles: Lifecycle[] = kLifecycles) {
    this.initial = entry ?? kEmpty;
    const field = <T extends HTMLInputElement | HTMLSelectElement>(name: string, el: T): T => {
      el.id = `${idPrefix}-${name}`;
      el.classList.add(`f-${name}`);
      return el;
    };
    const input = (name: string, type = "text") => field(name, h("input", { type }));
    for (const n of ["owning_unit", "address", "equipment_type", "equipment_model", "acceptance_ref", "signage_evidence", "military_consent_ref"] as TextField[]) {
      this.text.set(n, input(n));
    }
    for (const n of ["commissioned_on", "accepted_on"] as DateField[]) this.dates.set(n, input(n, "date"));
    for (const n of ["signage", "government_invested", "near_military_zone"] as FlagField[]) this.flags.set(n, input(n, "checkbox"));
    this.lat = input("latitude", "number");
    this.lon = input("longitude", "number");
    this.lat.step = this.lon.step = "any";
    this.category = field("site_category", categorySelect(categories));
    this.position = field("position", h("select", {}, ...kPositions.map((p) => h("option", { value: p }, p.replace("_", " ")))));
    const states = lifecycles.includes(this.initial.lifecycle) ? lifecycles : [this.initial.lifecycle, ...lifecycles];
    this.lifecycle = field("lifecycle", h("select", {}, ...states.map((s) => h("option", { value: s }, s.replace("_", " ")))));
    this.fill(this.initial);
    this.el = this.layout();
  }

  private fill(e: RegistryEntry): void {
    for (const [n, el] of this.text) el.value = e[n];
    for (const [n, el] of this.dates) el.value = e[n];
    for (const [n, el] of this.flags) el.checked = e[n];
    this.lat.value = e.latitude === null ? "" : String(e.latitude);
    this.lon.value = e.longitude === null ? "" : String(e.longitude);
    this.category.value = e.site_category;
    this.position.value = e.position;
    this.lifecycle.value = e.lifecycle;
  }

  private layout(): HTMLElement {
    const l = (label: string, el: HTMLElement) => h("label", {}, label, el);
    const check = (label: string, el: HTMLElement) => h("label", { class: "check" }, el, ` ${label}`);
    const t = (n: TextField) => this.text.get(n)!;
    return h("div", { class: "registry-fields" },
      h("fieldset", {}, h("legend", {}, "Site (R101, R102)"),
        h("div", { class: "row" }, l("Site category", this.category), l("Position", this.position)),
        h("div", { class: "row" }, l("Address", t("address")), l("Latitude (WGS 84)", this.lat), l("Longitude", this.lon)),
        h("div", { class: "row" }, l("Owning unit", t("owning_unit")))),
      h("fieldset", {}, h("legend", {}, "Equipment"),
        h("div", { class: "row" }, l("Type", t("equipment_type")), l("Model", t("equipment_model")),
          l("Commissioned on", this.dates.get("commissioned_on")!))),
      h("fieldset", {}, h("legend", {}, "Lifecycle and acceptance (R206)"),
        h("div", { class: "row" }, l("Lifecycle", this.lifecycle), l("Accepted on", this.dates.get("accepted_on")!),
          l("Acceptance report", t("acceptance_ref"))),
        h("div", { class: "hint" }, kLifecycleHint)),
      h("fieldset", {}, h("legend", {}, "Signage, investment, military zone"),
        h("div", { class: "row" }, check("Signage posted (R105)", this.flags.get("signage")!), l("Signage evidence", t("signage_evidence"))),
        h("div", { class: "row" }, check("Government-invested (R107)", this.flags.get("government_invested")!)),
        h("div", { class: "row" }, check("Near a military zone or classified unit (R108)", this.flags.get("near_military_zone")!),
          l("That unit's consent reference", t("military_consent_ref")))),
    );
  }

  private coordinate(el: HTMLInputElement, what: string): number | null {
    if (el.validity.badInput) throw new Error(`${what} is not a number: give degrees such as 43.8, or leave it empty.`);
    return el.value === "" ? null : el.valueAsNumber;
  }

  // Every field as the form holds it. Throws an Error saying what to fix for a bad number.
  values(): RegistryFields {
    const out: RegistryFields = {};
    for (const [n, el] of this.text) out[n] = el.value.trim();
    for (const [n, el] of this.dates) out[n] = el.value;
    for (const [n, el] of this.flags) out[n] = el.checked;
    out.latitude = this.coordinate(this.lat, "The latitude");
    out.longitude = this.coordinate(this.lon, "The longitude");
    out.site_category = this.category.value;
    out.position = this.position.value;
    out.lifecycle = this.lifecycle.value as Lifecycle;
    return out;
  }

  // Only the fields that differ from the entry the form started from.
  changes(): RegistryFields {
    const all = this.values();
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(all)) {
      if (v !== this.initial[k as keyof RegistryEntry]) out[k] = v;
    }
    return out as RegistryFields;
  }
}
