// profile_panel.ts: a jurisdiction profile (GET /api/v1/profile?name=) as a table of its
// numbers, each with the article it comes from, the way `custos profile show` prints it.
import { h } from "./dom";
import type { FilingRule, Profile } from "./govern_api";

const days = (d: number | null, none: string) => (d === null ? none : `${d} days`);

function rule(r: FilingRule): string {
  if (!r.required) return "not required";
  if (r.days === null) return "no number of days (promptly / not stated)";
  return `${r.days} ${r.working_days ? "working days" : "days"}`;
}

// [label, value, source] for each number of the profile.
function numbers(p: Profile): [string, string, string][] {
  return [
    ["Minimum retention (R501)", `${p.min_retention_days.value} days`, p.min_retention_days.source],
    ["After the minimum (R503)", p.after_minimum.value.replaceAll("_", " "), p.after_minimum.source],
    ["Important information", days(p.important_retention_days.value, "not set"), p.important_retention_days.source],
    [`System filing (R201, from ${(p.system_filing.from ?? "").replace("_", " ")})`, rule(p.system_filing), p.system_filing.source],
    ["Systems built before the rules", days(p.pre_existing_filing_days.value, "no rule"), p.pre_existing_filing_days.source],
    ["Change report (R202)", rule(p.change_report), p.change_report.source],
    ["Dismantling filing (R203)", rule(p.dismantling_filing), p.dismantling_filing.source],
    ["Persons at a retrieval (R405)", p.retrieval_min_persons.value === null ? "not stated" : `at least ${p.retrieval_min_persons.value}`, p.retrieval_min_persons.source],
    ["Subject access (R412)", p.subject_access.value ? "yes" : "no", p.subject_access.source],
    ["Lighter duties, tier 2 (R109)", p.tier2_lighter_duties.value ? "yes" : "no", p.tier2_lighter_duties.source],
  ];
}

export function profilePanel(p: Profile): HTMLElement {
  return h("section", { class: "govern-section", id: "profile", "data-profile": p.name },
    h("h2", {}, `Profile ${p.name}${p.active ? " (the installation's)" : ""}`),
    h("p", {}, p.title, h("br", {}), h("span", { class: "hint" }, `${p.regulation}; in force ${p.effective_on ?? "(date not known)"}.`)),
    h("table", { class: "requests profile-numbers" },
      h("thead", {}, h("tr", {}, h("th", {}, "What"), h("th", {}, "Value"), h("th", {}, "Source"))),
      h("tbody", {}, ...numbers(p).map(([label, value, source]) =>
        h("tr", {}, h("td", {}, label), h("td", { class: "value" }, value), h("td", { class: "source" }, source))))));
}
