// login.ts: the login form. The server's message is shown as it is ("wrong user name or
// password"); the password is never kept.
import * as api from "../api";
import { h, notice } from "../dom";

export function loginPage(onLoggedIn: (me: api.Me) => void): HTMLElement {
  const user = h("input", { id: "user", name: "user", autocomplete: "username", required: true, value: "admin" });
  const password = h("input", {
    id: "password",
    name: "password",
    type: "password",
    autocomplete: "current-password",
    required: true,
  });
  const status = h("div", { class: "form-status" });
  const button = h("button", { type: "submit", id: "login" }, "Log in");
  const form = h(
    "form",
    { class: "login" },
    h("h1", {}, "Custos"),
    h("label", {}, "User", user),
    h("label", {}, "Password", password),
    button,
    status,
  );
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    button.disabled = true;
    status.replaceChildren();
    try {
      onLoggedIn(await api.login(user.value, password.value));
    } catch (err) {
      status.appendChild(notice("error", (err as Error).message));
      password.select();
    } finally {
      button.disabled = false;
    }
  });
  queueMicrotask(() => password.focus());
  return h("div", { class: "centre" }, form);
}
