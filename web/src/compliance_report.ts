// compliance_report.ts: the compliance report (GET /api/v1/compliance) as a summary of the
// number of requirements in each state, which doubles as the filter, and a table of every
// R-id with its state and evidence (for "not met", why).
import { h } from "./dom";
import { kComplianceStates, type ComplianceReport, type ComplianceState } from "./govern_api";

export const kStateText: Record<ComplianceState, string> = {
  met: "met",
  not_met: "not met",
  not_applicable: "not applicable",
  not_implemented: "not implemented",
};
const kBadge: Record<ComplianceState, string> = { met: "ok", not_met: "offline", not_applicable: "", not_implemented: "pending" };

export function isComplianceState(s: string | null): s is ComplianceState {
  return s !== null && (kComplianceStates as string[]).includes(s);
}

// One button per state with its count (as the server counted), and "all".
export function stateSummary(report: ComplianceReport, shown: ComplianceState | null, choose: (s: ComplianceState | null) => void): HTMLElement {
  const button = (state: ComplianceState | null, label: string, count: number) =>
    h("button", { type: "button", "data-state": state ?? "all", "aria-pressed": String(state === shown), class: state === shown ? "active" : "",
      onclick: () => choose(state) }, `${label} `, h("span", { class: "count" }, String(count)));
  return h("div", { class: "toolbar", id: "compliance-summary", role: "group", "aria-label": "Filter by state" },
    button(null, "All", report.requirements.length),
    ...kComplianceStates.map((s) => button(s, kStateText[s], report.counts[s] ?? 0)));
}

export function complianceTable(report: ComplianceReport, shown: ComplianceState | null): HTMLElement {
  const rows = report.requirements.filter((r) => shown === null || r.state === shown).map((r) =>
    h("tr", { "data-id": r.id, "data-state": r.state },
      h("td", {}, h("strong", {}, r.id)),
      h("td", {}, r.requirement),
      h("td", { class: "state" }, h("span", { class: `badge ${kBadge[r.state]}` }, kStateText[r.state] ?? r.state)),
      h("td", { class: "evidence" }, r.evidence)));
  return h("table", { class: "requests compliance", id: "compliance" },
    h("thead", {}, h("tr", {}, ...["R-id", "Requirement", "State", "Evidence"].map((t) => h("th", {}, t)))),
    h("tbody", {}, ...rows));
}
