// shell.ts: the frame around every page: the navigation the user's roles call for, the
// user, log out. The server decides every access anyway; a link hidden here is only a
// page that would answer "not allowed".
import type { Me } from "../api";
import { h } from "../dom";
import { holds, type Permission } from "../permissions";
import { navigate } from "../router";

// A page is offered to the roles named, or to those holding `permission` (GET /me's table).
interface NavItem {
  path: string;
  label: string;
  roles?: readonly string[];
  permission?: Permission;
}

const kNav: NavItem[] = [
  { path: "/live", label: "Live", roles: ["duty_operator"] },
  { path: "/playback", label: "Playback", roles: ["investigator"] },
  { path: "/requests", label: "Requests", roles: ["investigator"] },
  { path: "/approvals", label: "Approvals", roles: ["approver"] },
  { path: "/users", label: "Users", roles: ["administrator"] },
  { path: "/privacy", label: "Privacy zones", roles: ["administrator"] },
  // Pages whose GET route needs a permission: offered to the roles that hold it.
  { path: "/registry", label: "Registry", permission: "view_registry" },
  { path: "/filings", label: "Filings", permission: "manage_filings" },
  { path: "/compliance", label: "Compliance", permission: "view_compliance" },
  { path: "/audit", label: "Audit", permission: "view_audit" },
];

function itemsFor(me: Me): NavItem[] {
  return kNav.filter((i) => (i.permission ? holds(me.roles, i.permission) : (i.roles ?? []).some((r) => me.roles.includes(r))));
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
