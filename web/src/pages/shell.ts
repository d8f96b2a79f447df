// shell.ts: the frame around every page: the navigation the user's roles call for, the
// user, log out. The server decides every access anyway; a link hidden here is only a
// page that would answer "not allowed".
import type { Me } from "../api";
import { h } from "../dom";
import { kHolders } from "../permissions";
import { navigate } from "../router";

interface NavItem {
  path: string;
  label: string;
  roles: readonly string[];
}

const kNav: NavItem[] = [
  { path: "/live", label: "Live", roles: ["duty_operator"] },
  { path: "/playback", label: "Playback", roles: ["investigator"] },
  { path: "/requests", label: "Requests", roles: ["investigator"] },
  { path: "/approvals", label: "Approvals", roles: ["approver"] },
  { path: "/users", label: "Users", roles: ["administrator"] },
  { path: "/privacy", label: "Privacy zones", roles: ["administrator"] },
  // The roles whose permissions open the page's GET route (src/api/authorize.cc).
  { path: "/registry", label: "Registry", roles: kHolders.view_registry },
  { path: "/filings", label: "Filings", roles: kHolders.manage_filings },
  { path: "/compliance", label: "Compliance", roles: kHolders.view_compliance },
  { path: "/audit", label: "Audit", roles: kHolders.view_audit },
];

function itemsFor(me: Me): NavItem[] {
  return kNav.filter((i) => i.roles.some((r) => me.roles.includes(r)));
}

// The first page the user's roles open (an auditor's is Compliance, a maintainer's the
// Registry; a user with no role lands on Live, which says what the role does not include).
export function landingFor(me: Me): string {
  return itemsFor(me)[0]?.path ?? "/live";
}

export function shell(path: string, me: Me, main: HTMLElement, onLogout: () => void): HTMLElement {
  const link = (to: string, label: string) =>
    h(
      "a",
      {
        href: to,
        class: path === to ? "active" : "",
        onclick: (e: Event) => {
          e.preventDefault();
          navigate(to);
        },
      },
      label,
    );
  const bar = h(
    "header",
    { class: "topbar" },
    h("span", { class: "brand" }, "Custos"),
    h("nav", {}, ...itemsFor(me).map((i) => link(i.path, i.label))),
    h("span", { class: "user", id: "user-name", title: me.roles.join(", ") }, `${me.user} (${me.roles.join(", ") || "no role"})`),
    h("button", { type: "button", id: "logout", onclick: () => onLogout() }, "Log out"),
  );
  return h("div", { class: "shell" }, bar, main);
}
