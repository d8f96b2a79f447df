// approvals.ts: an approver sees the pending retrieval requests (emergencies granted before
// approval flagged), approves or rejects each with a reason. The server enforces the rules
// (no self-approval, an export needs two different approvers) and its refusals are shown
// as they are; the page says when a request waits for a second approver.
import * as api from "../api";
import { h, notice } from "../dom";
import type { Cleanup } from "../router";
import { requestRow, requestTable } from "./requests";

export async function approvalsPage(main: HTMLElement, _params: URLSearchParams, me: api.Me): Promise<Cleanup> {
  const status = h("div", { class: "form-status", id: "approval-status" });
  const list = h("div", { id: "pending-box" });
  main.append(h("h2", {}, "Pending retrieval requests"), status, list);

  function actions(r: api.RetrievalRequest): HTMLElement {
    const reason = h("input", { class: "reject-reason", placeholder: "reason for a rejection", "aria-label": "Reason" });
    const approve = h("button", { type: "button", class: "approve" }, "Approve");
    const reject = h("button", { type: "button", class: "reject" }, "Reject");
    approve.addEventListener("click", () => void decide(r, () => api.approveRequest(r.id)));
    reject.addEventListener("click", () => {
      if (!reason.value.trim()) return void status.replaceChildren(notice("error", "A rejection needs a reason."));
      void decide(r, () => api.rejectRequest(r.id, reason.value.trim()));
    });
    const mine = r.requester === me.user ? h("span", { class: "hint" }, "your own request: another approver decides")
      : api.approversOf(r).includes(me.user) ? h("span", { class: "hint" }, "you approved it: a second, different approver decides") : null;
    return h("div", { class: "decision" }, approve, reason, reject, mine);
  }

  async function decide(r: api.RetrievalRequest, act: () => Promise<api.RetrievalRequest>): Promise<void> {
    status.replaceChildren();
    try {
      const after = await act();
      const more = after.state === "pending" && !after.pending_after_the_fact
        ? " A second approver is needed before the grant starts (an export needs two different approvers)."
        : after.state === "pending" ? " Still pending." : "";
      status.appendChild(notice("info", `Request #${r.id}: ${api.requestStateText(after)}.${more}`));
    } catch (e) {
      status.appendChild(notice("error", `Request #${r.id}: ${(e as Error).message}`));
    }
    await refresh();
  }

  async function refresh(): Promise<void> {
    try {
      const pending = await api.requests("pending");
      list.replaceChildren(
        pending.length === 0
          ? notice("info", "No request waits for a decision.")
          : requestTable("pending-requests", pending.map((r) => requestRow(r, actions(r))), true),
      );
    } catch (e) {
      list.replaceChildren(notice("error", `Cannot list the requests: ${(e as Error).message}`));
    }
  }

  await refresh();
  return () => {};
}
