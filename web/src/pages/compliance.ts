// compliance.ts: for the roles holding view_compliance (administrators, auditors): every
// requirement of REQUIREMENTS.md with its state on this installation and the evidence,
// the count per state (a filter, ?state=), and the jurisdiction profile with the source of
// each number. A selector (?profile=) shows the report under another shipped profile.
import "../govern.css";
import type * as api from "../api";
import { complianceTable, isComplianceState, kStateText, stateSummary } from "../compliance_report";
import { h, notice } from "../dom";
import { compliance, profile, profiles, type ComplianceReport, type ComplianceState } from "../govern_api";
import { holds, holdersText } from "../permissions";
import { profilePanel } from "../profile_panel";
import { setQuery, type Cleanup } from "../router";

export async function compliancePage(main: HTMLElement, params: URLSearchParams, me: api.Me): Promise<Cleanup> {
  main.append(h("h2", {}, "Compliance"));
  if (!holds(me.roles, "view_compliance")) {
    main.append(notice("warn", `The compliance report is for the ${holdersText("view_compliance")} role; ${me.user} holds ${me.roles.join(", ") || "no role"}.`));
    return () => {};
  }
  const shipped = await profiles();
  const active = shipped.find((p) => p.active)?.name ?? "";
  const select = h("select", { id: "compliance-profile" },
    ...shipped.map((p) => h("option", { value: p.name, title: p.title }, `${p.name}${p.active ? " (the installation's)" : ""}`)));
  const wanted = params.get("profile");
  const known = wanted !== null && shipped.some((p) => p.name === wanted);
  select.value = known ? wanted : active;
  if (wanted !== null && !known) {
    main.append(notice("warn", `No shipped profile is named "${wanted}"; shown under the installation's, ${active}. The profiles: ${shipped.map((p) => p.name).join(", ")}.`));
  }
  let shown: ComplianceState | null = isComplianceState(params.get("state")) ? (params.get("state") as ComplianceState) : null;
  let report: ComplianceReport | null = null;
  const head = h("div", { id: "compliance-head" });
  const summary = h("div", {});
  const list = h("div", { id: "compliance-box" });
  const profileBox = h("div", { id: "profile-box" });

  function keepQuery(): void {
    const q = new URLSearchParams();
    if (select.value !== active) q.set("profile", select.value);
    if (shown) q.set("state", shown);
    setQuery(q);
  }

  function draw(): void {
    if (!report) return;
    summary.replaceChildren(stateSummary(report, shown, (s) => {
      shown = s;
      keepQuery();
      draw();
    }));
    const empty = shown && !report.requirements.some((r) => r.state === shown);
    list.replaceChildren(empty ? notice("info", `No requirement is ${kStateText[shown!]} under ${report.profile}.`) : complianceTable(report, shown));
  }

  async function load(): Promise<void> {
    const name = select.value;
    report = null;
    list.replaceChildren(notice("info", `Checking every requirement under ${name} …`));
    const other = name !== active ? notice("warn", `Shown under ${name}; the installation's profile is ${active} (custos profile set, with the daemon stopped, changes it).`) : null;
    try {
      const [r, p] = await Promise.all([compliance(name), profile(name)]);
      if (select.value !== name) return; // another profile was chosen meanwhile
      report = r;
      head.replaceChildren(h("p", {}, `Report of ${r.date} under ${r.profile}: ${r.requirements.length} requirements.`), other ?? "");
      profileBox.replaceChildren(profilePanel(p));
      draw();
    } catch (e) {
      head.replaceChildren();
      summary.replaceChildren();
      list.replaceChildren(notice("error", `Cannot compute the report under ${name}: ${(e as Error).message}`));
    }
  }
  select.addEventListener("change", () => {
    keepQuery();
    void load();
  });

  main.append(h("div", { class: "toolbar" }, h("label", {}, "Profile ", select)), head, summary, list, profileBox);
  await load();
  return () => {};
}
