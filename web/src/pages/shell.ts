// shell.ts: the frame around every page: navigation, the user, log out.
import { h } from "../dom";
import { navigate } from "../router";

export function shell(path: string, user: string, main: HTMLElement, onLogout: () => void): HTMLElement {
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
    h("nav", {}, link("/live", "Live"), link("/playback", "Playback")),
    h("span", { class: "user" }, user),
    h("button", { type: "button", id: "logout", onclick: () => onLogout() }, "Log out"),
  );
  return h("div", { class: "shell" }, bar, main);
}
